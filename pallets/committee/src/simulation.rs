//! Many terms of honest, lazy and malicious candidates.
