//! # CPChain's blocks as the relay chain validates them
//!
//! A relay chain accepts a parachain block only if its validators, holding nothing of the
//! parachain's state, can re-execute it: the collator sends the block with a storage proof of
//! everything it reads (together, the *proof of validity*, PoV), and each validator runs the
//! runtime's exported `validate_block` on it in a sandboxed wasm executor (the *PVF*), within
//! the relay chain's limits on PoV size and execution time.
//!
//! This crate does both halves without a relay chain:
//!
//! - [`Collator`] builds real blocks of the CPChain runtime from a genesis state, as a collator
//!   does: the Aura pre-digest of its slot, the timestamp and parachain inherents from a relay
//!   state proof, extrinsics applied one by one under a proof recorder (with the proof-size
//!   host function live, so weight reclaim runs as on a collator), finalised and sealed with
//!   the slot author's Aura key. It imports each block as a node would, recording the storage
//!   proof of that import, and packages the result as a [`Candidate`]: the
//!   `ParachainBlockData` and the `ValidationParams` a validator receives.
//! - [`Validator`] prepares the runtime's wasm and runs `validate_block` on a candidate with
//!   the relay chain's own PVF executor code (`polkadot-node-core-pvf-common`: its host
//!   functions, heap and stack limits, and storage-less externalities), timing it.
//!
//! [`scenarios`] fills blocks the way the figures in `docs/performance.md` need them: full of
//! transfers, of `register_data`, of `submit_cfrag`, and a session change with an election
//! among many candidates. The `pov-figures` binary prints those figures; the tests check that
//! honest blocks validate and tampered ones do not.
//!
//! ## Terminology
//!
//! - *PoV*: the encoded `ParachainBlockData` (blocks and one compact storage proof).
//! - *Candidate*: a block with its PoV and the relay chain's view of its parent.
//! - *Import proof*: the storage a node reads importing the block: the seal check (the
//!   authorities) and the block's execution.

#![deny(missing_docs)]

pub mod collator;
pub mod pvf;
pub mod scenarios;

pub use collator::{Candidate, Collator};
pub use pvf::{Validated, Validator};
