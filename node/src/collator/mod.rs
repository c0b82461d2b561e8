//! The parachain node (cargo feature `collator`): `cpchain-node` as a collator or a full node of
//! the live parachain, following its relay chain, with the dev node's RPC methods (`gateway_*`,
//! account nonces, fees; no `engine_*`) and offchain workers, so a gateway can run on the real
//! network where the data is.
//!
//! The relay chain is followed by a relay chain node inside this process (`polkadot-service`,
//! with its own database under `<base path>/polkadot`), or, with `--relay-chain-rpc-urls`, by a
//! minimal relay chain node that reads the relay chain from a relay node's RPC. Both come with
//! `cumulus-client-service`, and both bring `polkadot-service` and RocksDB into the build: that
//! is why this module is behind a cargo feature, off by default.
//!
//! `--dev`, or a development chain spec (`--chain dev`), still runs the self-sealing dev node of
//! `crate::service`; every other chain spec runs this node.

pub mod command;
pub mod relay_cli;
pub mod service;

use sc_chain_spec::ChainType;
use sc_cli::SubstrateCli;

use crate::{chain_spec::Extensions, cli::Cli};

pub use relay_cli::RelayChainCli;

/// Whether a node of `spec` follows a relay chain: every chain but a development one.
pub fn follows_relay_chain(spec: &dyn sc_service::ChainSpec) -> bool {
	spec.chain_type() != ChainType::Development
}

/// Whether `cpchain-node` without a subcommand runs the self-sealing dev node: with `--dev`, or
/// on a development chain spec.
pub fn runs_dev_service(cli: &Cli) -> sc_cli::Result<bool> {
	let shared = &cli.substrate_run().shared_params;
	if shared.dev {
		return Ok(true);
	}
	let spec = cli.load_spec(&shared.chain_id(false))?;
	Ok(!follows_relay_chain(&*spec))
}

/// The parachain fields of `spec` (its relay chain and para id), if it has them.
pub fn extensions(spec: &dyn sc_service::ChainSpec) -> Option<&Extensions> {
	sc_chain_spec::get_extension(spec.extensions())
}
