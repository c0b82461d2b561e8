//! `cpchain-node`: runs the CPChain parachain runtime as a one-node development chain.
//!
//! The chain seals its own blocks (instant, manual or fixed-interval sealing) and feeds the
//! runtime a mocked relay-chain inherent, so no relay chain is needed. It serves the standard
//! Substrate RPC, so polkadot.js Apps, `@polkadot/api` and subxt work against it unchanged.
//!
//! Built with the cargo feature `collator`, it also runs as a collator or a full node of the
//! live parachain, following a relay chain (see the `collator` module); the default build leaves
//! that out, and with it `polkadot-service` and RocksDB.

#![warn(missing_docs)]

mod chain_spec;
mod cli;
#[cfg(feature = "collator")]
mod collator;
mod command;
mod dev_inherents;
mod gateway;
mod live_spec;
mod rpc;
mod sealing;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
