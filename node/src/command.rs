//! Parses the command line and runs the node or a subcommand.

use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

use crate::{
	chain_spec,
	cli::{Cli, Sealing, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"CPChain Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/cpchain/cpchain-parachain/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load(id)
	}
}

/// Runs a subcommand that works on the database: builds the node's parts, then `f`. With the
/// `collator` feature, a parachain's database (a chain spec that is not a development one) gets
/// the parachain node's parts, whose import queue checks Aura seals.
macro_rules! with_partial {
	($cli:expr, $cmd:expr, |$parts:ident, $config:ident| $body:expr) => {{
		let runner = $cli.create_runner($cmd)?;
		runner.async_run(|$config| {
			#[cfg(feature = "collator")]
			if crate::collator::follows_relay_chain(&*$config.chain_spec) {
				let $parts = crate::collator::service::new_partial(&$config, None)?;
				return $body;
			}
			let $parts = service::new_partial(&$config, None)?;
			$body
		})
	}};
}

/// A built-in spec (`chain` is `dev` or `local`) gets its genesis storage built natively, not
/// by compiling the wasm to run its genesis builder; a spec from a file is left as it is.
pub(crate) fn native_genesis(
	chain: &str,
	spec: &mut dyn sc_service::ChainSpec,
) -> sc_cli::Result<()> {
	if let Some(preset) = chain_spec::builtin_preset(chain) {
		chain_spec::build_genesis_natively(spec, preset)?;
	}
	Ok(())
}

/// Runs the node, or the subcommand on the command line.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();

	// With the `collator` feature, a chain that is not a development one runs as a parachain
	// node following its relay chain; `--dev` and development chain specs keep the dev node.
	#[cfg(feature = "collator")]
	if cli.subcommand.is_none() && !crate::collator::runs_dev_service(&cli)? {
		return crate::collator::command::run_node(cli);
	}

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		#[allow(deprecated)]
		Some(Subcommand::BuildSpec(cmd)) => {
			let mut runner = cli.create_runner(cmd)?;
			if cmd.raw {
				let chain = cmd.shared_params.chain_id(cmd.shared_params.dev);
				native_genesis(&chain, &mut *runner.config_mut().chain_spec)?;
			}
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		}
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let mut spec = cli.load_spec(&cmd.chain)?;
			if cmd.raw {
				native_genesis(&cmd.chain, &mut *spec)?;
			}
			cmd.run(spec)
		}
		Some(Subcommand::LiveSpec(cmd)) => cmd.run(),
		Some(Subcommand::CheckBlock(cmd)) => with_partial!(cli, cmd, |parts, config| {
			let PartialComponents { client, task_manager, import_queue, .. } = parts;
			Ok((cmd.run(client, import_queue), task_manager))
		}),
		Some(Subcommand::ExportBlocks(cmd)) => with_partial!(cli, cmd, |parts, config| {
			let PartialComponents { client, task_manager, .. } = parts;
			Ok((cmd.run(client, config.database), task_manager))
		}),
		Some(Subcommand::ExportState(cmd)) => with_partial!(cli, cmd, |parts, config| {
			let PartialComponents { client, task_manager, .. } = parts;
			Ok((cmd.run(client, config.chain_spec), task_manager))
		}),
		Some(Subcommand::ImportBlocks(cmd)) => with_partial!(cli, cmd, |parts, config| {
			let PartialComponents { client, task_manager, import_queue, .. } = parts;
			Ok((cmd.run(client, import_queue), task_manager))
		}),
		#[cfg(not(feature = "collator"))]
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		}
		#[cfg(feature = "collator")]
		Some(Subcommand::PurgeChain(cmd)) => crate::collator::command::purge_chain(&cli, cmd),
		#[cfg(feature = "collator")]
		Some(Subcommand::ExportGenesisHead(cmd)) => {
			let mut runner = cli.create_runner(cmd)?;
			let chain = cmd.shared_params.chain_id(cmd.shared_params.dev);
			native_genesis(&chain, &mut *runner.config_mut().chain_spec)?;
			runner.sync_run(|config| {
				// Any client will do: the genesis header is the chain spec's. The command's
				// database is a temporary directory.
				let parts = service::new_partial(&config, None)?;
				cmd.run::<cpchain_runtime::opaque::Block, _>(parts.client)
			})
		}
		#[cfg(feature = "collator")]
		Some(Subcommand::ExportGenesisWasm(cmd)) => {
			let chain = cmd.shared_params.chain_id(cmd.shared_params.dev);
			let mut spec = cli.load_spec(&chain)?;
			native_genesis(&chain, &mut *spec)?;
			cmd.run(&*spec)
		}
		Some(Subcommand::Revert(cmd)) => with_partial!(cli, cmd, |parts, config| {
			let PartialComponents { client, task_manager, backend, .. } = parts;
			Ok((cmd.run(client, backend, None), task_manager))
		}),
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<cpchain_runtime::opaque::Block>(&config))
		}
		None => {
			if cli.dev.sealing == Sealing::Interval && cli.dev.dev_block_time == 0 {
				return Err("--sealing interval needs a --dev-block-time above 0".into());
			}
			#[cfg(not(feature = "collator"))]
			let mut runner = cli.create_runner(&cli.run)?;
			#[cfg(feature = "collator")]
			let mut runner = cli.create_runner(&cli.run.normalize())?;
			let shared = &cli.substrate_run().shared_params;
			let chain = shared.chain_id(shared.dev);
			native_genesis(&chain, &mut *runner.config_mut().chain_spec)?;
			runner.run_node_until_exit(|config| async move {
				service::new_full::<sc_network::Litep2pNetworkBackend>(config, cli.dev)
					.map_err(sc_cli::Error::Service)
			})
		}
	}
}
