//! Tests by topic.

mod dapps;
mod parameters;
mod quota;
mod supply;
