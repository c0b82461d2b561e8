//! Base weights of blocks, extrinsics and database access.
//!
//! These are polkadot-sdk's reference-hardware figures for a parachain runtime on ParityDB.
//! Replace them with `frame-omni-bencher v1 benchmark overhead` / `benchmark storage` output
//! measured on collator hardware before production.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
