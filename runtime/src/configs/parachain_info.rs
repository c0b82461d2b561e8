//! `parachain_info`: this chain's parachain id, set at genesis.

use crate::Runtime;

impl parachain_info::Config for Runtime {}
