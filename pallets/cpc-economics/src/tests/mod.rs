//! Tests by topic.

mod parameters;
mod quota;
mod supply;
