//! Runtime configuration, one module per pallet.

pub mod access_grants;
pub mod aura;
pub mod authorship;
pub mod balances;
pub mod committee;
pub mod cpc_economics;
pub mod data_registry;
pub mod message_queue;
pub mod offchain;
pub mod parachain_info;
pub mod parachain_system;
pub mod session;
pub mod sudo;
pub mod system;
pub mod timestamp;
pub mod transaction_payment;
pub mod vesting;
pub mod weight_reclaim;
pub mod xcm;
pub mod xcmp_queue;
