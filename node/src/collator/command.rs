//! Running the parachain node, and the subcommand that needs the relay chain's options too.

use sc_cli::SubstrateCli;
use sc_network::config::NetworkBackendType;

use super::{service, RelayChainCli};
use crate::{cli::Cli, command::native_genesis};

/// Runs the parachain node: a collator with `--collator`, else a full node, following the relay
/// chain that the options after `--` (or the chain spec's `relay_chain`) name.
pub fn run_node(cli: Cli) -> sc_cli::Result<()> {
	// `--collator` is `--validator`: the role that authors blocks.
	let mut runner = cli.create_runner(&cli.run.normalize())?;
	let shared = &cli.substrate_run().shared_params;
	native_genesis(&shared.chain_id(shared.dev), &mut *runner.config_mut().chain_spec)?;

	let collator_options = cli.run.collator_options();
	let relay_cli = RelayChainCli::new(runner.config(), cli.relay_chain_args.iter());
	let dev = cli.dev;

	runner.run_node_until_exit(|config| async move {
		let relay_config =
			SubstrateCli::create_configuration(&relay_cli, &relay_cli, config.tokio_handle.clone())
				.map_err(|e| format!("relay chain options: {e}"))?;
		log::info!(
			"Relay chain: {} ({})",
			relay_config.chain_spec.name(),
			if collator_options_use_rpc(&collator_options) {
				"through its RPC"
			} else {
				"in process"
			}
		);
		let node = match config.network.network_backend {
			NetworkBackendType::Libp2p => {
				service::start_node::<
					sc_network::NetworkWorker<
						cpchain_runtime::opaque::Block,
						cpchain_runtime::opaque::Hash,
					>,
				>(config, relay_config, collator_options, dev)
				.await
			}
			NetworkBackendType::Litep2p => {
				service::start_node::<sc_network::Litep2pNetworkBackend>(
					config,
					relay_config,
					collator_options,
					dev,
				)
				.await
			}
		};
		node.map_err(sc_cli::Error::Service)
	})
}

/// Whether the relay chain is read through a relay node's RPC (`--relay-chain-rpc-urls`).
fn collator_options_use_rpc(options: &cumulus_client_cli::CollatorOptions) -> bool {
	matches!(options.relay_chain_mode, cumulus_client_cli::RelayChainMode::ExternalRpc(_))
}

/// `purge-chain`: the parachain's database and the in-process relay chain node's. A development
/// chain, or `--parachain`, has only the former, and needs no relay chain options.
pub fn purge_chain(cli: &Cli, cmd: &cumulus_client_cli::PurgeChainCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	let parachain_only = (cmd.parachain && !cmd.relaychain)
		|| !super::follows_relay_chain(&*runner.config().chain_spec);
	if parachain_only {
		return runner.sync_run(|config| cmd.base.run(config.database));
	}
	let relay_cli = RelayChainCli::new(runner.config(), cli.relay_chain_args.iter());
	runner.sync_run(|config| {
		let relay_config =
			SubstrateCli::create_configuration(&relay_cli, &relay_cli, config.tokio_handle.clone())
				.map_err(|e| format!("relay chain options: {e}"))?;
		cmd.run(config, relay_config)
	})
}
