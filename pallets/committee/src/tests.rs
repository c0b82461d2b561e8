//! Tests of the committee.
