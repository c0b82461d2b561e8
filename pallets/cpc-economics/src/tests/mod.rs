//! Tests by topic.

mod quota;
mod supply;
