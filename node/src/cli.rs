//! Command-line interface.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// How the development node seals blocks.
#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub enum Sealing {
	/// A block as soon as a transaction enters the pool, plus a block every
	/// `--dev-block-time` milliseconds so time-driven logic moves on while idle.
	Instant,
	/// Only when asked through the `engine_createBlock` RPC method.
	Manual,
	/// A block every `--dev-block-time` milliseconds, with or without transactions.
	Interval,
}

/// Options of a running node, beside Substrate's own.
#[derive(Debug, clap::Args)]
pub struct DevArgs {
	/// How blocks are sealed.
	#[arg(long, value_enum, default_value_t = Sealing::Instant)]
	pub sealing: Sealing,

	/// Milliseconds between timed blocks: for `--sealing interval` (must be above 0), and
	/// for `--sealing instant` (0 turns timed blocks off).
	#[arg(long, default_value_t = 6000)]
	pub dev_block_time: u64,

	/// Gateway: the IPFS node's RPC API the offchain worker uploads encrypted intervals to.
	#[arg(long, value_name = "URL", default_value = "http://127.0.0.1:5001")]
	pub ipfs_api: String,

	/// Gateway: put this account key (a secret URI such as `//Alice`) into the keystore as the
	/// gateway key (`cpgw`) that signs `register_data`. Keys can also be inserted later with
	/// the `author_insertKey` RPC method.
	#[arg(long, value_name = "SURI")]
	pub gateway_key: Option<String>,

	/// Where the runtime's wasm, once compiled to machine code, is kept between runs, so the
	/// next start loads it instead of compiling it again. Defaults to `cpchain-node` under
	/// `$XDG_CACHE_HOME` (else `~/.cache`). The node runs what it finds there as native code:
	/// the directory must be writable by nobody the node does not trust.
	#[arg(long, value_name = "DIR")]
	pub wasm_cache_dir: Option<PathBuf>,

	/// Compile the runtime's wasm at every start and keep nothing on disk.
	#[arg(long, conflicts_with = "wasm_cache_dir")]
	pub no_wasm_cache: bool,
}

impl DevArgs {
	/// The directory of compiled runtimes, if the node keeps them.
	pub fn wasm_cache(&self) -> Option<PathBuf> {
		if self.no_wasm_cache {
			return None;
		}
		self.wasm_cache_dir.clone().or_else(|| {
			let cache = std::env::var_os("XDG_CACHE_HOME")
				.filter(|dir| !dir.is_empty())
				.map(PathBuf::from)
				.or_else(|| {
					std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache"))
				})?;
			Some(cache.join("cpchain-node"))
		})
	}
}

/// Substrate's options for running a node. With the `collator` feature they are Cumulus's,
/// which wrap Substrate's and add the relay-chain ones (`--collator`, `--relay-chain-rpc-urls`,
/// the DHT bootnode switches).
#[cfg(not(feature = "collator"))]
pub type RunArgs = sc_cli::RunCmd;
/// Substrate's options for running a node. With the `collator` feature they are Cumulus's,
/// which wrap Substrate's and add the relay-chain ones (`--collator`, `--relay-chain-rpc-urls`,
/// the DHT bootnode switches).
#[cfg(feature = "collator")]
pub type RunArgs = cumulus_client_cli::RunCmd;

/// `cpchain-node` and its subcommands.
#[derive(Debug, Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	/// A subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Substrate's options for running a node.
	#[command(flatten)]
	pub run: RunArgs,

	/// CPChain's development-chain options.
	#[command(flatten)]
	pub dev: DevArgs,

	/// The relay chain node's options, after `--`: `cpchain-node --collator --chain local --
	/// --chain rococo-local.json`.
	#[cfg(feature = "collator")]
	#[arg(raw = true)]
	pub relay_chain_args: Vec<String>,
}

impl Cli {
	/// Substrate's own options for running a node, whichever wrapper carries them.
	pub fn substrate_run(&self) -> &sc_cli::RunCmd {
		#[cfg(not(feature = "collator"))]
		{
			&self.run
		}
		#[cfg(feature = "collator")]
		{
			&self.run.base
		}
	}
}

/// The subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification of the given chain.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Write the chain specification of a live network from its founders' genesis file.
	LiveSpec(crate::live_spec::LiveSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a block as a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	#[cfg(not(feature = "collator"))]
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Remove the whole chain: the parachain's database and the in-process relay chain's
	/// (`--parachain` or `--relaychain` for one of them).
	#[cfg(feature = "collator")]
	PurgeChain(cumulus_client_cli::PurgeChainCmd),

	/// Export the genesis head data of the parachain, which registering it on a relay chain
	/// needs (zombienet runs this).
	#[cfg(feature = "collator")]
	#[command(alias = "export-genesis-state")]
	ExportGenesisHead(cumulus_client_cli::ExportGenesisHeadCommand),

	/// Export the genesis runtime code (wasm) of the parachain, which registering it on a relay
	/// chain needs (zombienet runs this).
	#[cfg(feature = "collator")]
	ExportGenesisWasm(cumulus_client_cli::ExportGenesisWasmCommand),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database metadata.
	ChainInfo(sc_cli::ChainInfoCmd),
}
