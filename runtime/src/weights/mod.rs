//! Weights of this runtime.
//!
//! - Base weights of blocks, extrinsics and database access: polkadot-sdk's reference-hardware
//!   figures for a parachain runtime on ParityDB. Replace them with `frame-omni-bencher v1
//!   benchmark overhead` / `benchmark storage` output measured on collator hardware before
//!   production.
//! - The upstream pallets' and transaction extensions' weights, generated in this runtime's
//!   wasm with `frame-omni-bencher v1 benchmark pallet` (docs/performance.md says how). The
//!   CPChain pallets keep theirs in their own crates.

pub mod block_weights;
pub mod cumulus_pallet_parachain_system;
pub mod cumulus_pallet_weight_reclaim;
pub mod cumulus_pallet_xcmp_queue;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_collective;
pub mod pallet_conviction_voting;
pub mod pallet_message_queue;
pub mod pallet_preimage;
pub mod pallet_referenda;
pub mod pallet_scheduler;
pub mod pallet_session;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_vesting;
pub mod pallet_whitelist;
pub mod pallet_xcm;
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
