//! The relay chain node's command line: what follows `--`, parsed as `polkadot` parses its own.
//!
//! The relay chain's spec is the one named by `--chain` there, else the parachain spec's
//! `relay_chain` field. This node embeds no relay chain runtime, so only the specs that
//! `polkadot-service` ships as JSON (`polkadot`, `kusama`, `westend`, `paseo`, `rococo`) load
//! by name; a local relay chain (`rococo-local`, `westend-local`) needs its spec file.

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches};
use sc_cli::{
	CliConfiguration, DefaultConfigurationValues, ImportParams, KeystoreParams, NetworkParams,
	RpcEndpoint, SharedParams, SubstrateCli,
};
use sc_service::{
	config::{PrometheusConfig, RpcMethods, TransactionPoolOptions},
	BasePath, ChainSpec, Role,
};

use crate::cli::Cli;

/// The relay chain node's options.
#[derive(Debug)]
pub struct RelayChainCli {
	/// The options, as `polkadot` takes them.
	pub base: polkadot_cli::RunCmd,
	/// The relay chain the parachain spec names, for when the options name none.
	pub chain_id: Option<String>,
	/// The relay chain's base path unless the options give one: `polkadot` under the
	/// parachain's.
	pub base_path: PathBuf,
}

impl RelayChainCli {
	/// Parses `args` (what follows `--`) for the node configured by `para_config`. Bad options
	/// end the process with clap's message, as for the parachain's own options.
	pub fn new<'a>(
		para_config: &sc_service::Configuration,
		args: impl Iterator<Item = &'a String>,
	) -> Self {
		let command = polkadot_cli::RunCmd::command()
			.no_binary_name(true)
			.about("The relay chain node's options, after `--`.");
		let matches = command.get_matches_from(args);
		let base =
			polkadot_cli::RunCmd::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
		let chain_id =
			super::extensions(&*para_config.chain_spec).map(|fields| fields.relay_chain.clone());
		let base_path = para_config.base_path.path().join("polkadot");
		Self { base, chain_id, base_path }
	}
}

impl SubstrateCli for RelayChainCli {
	fn impl_name() -> String {
		<Cli as SubstrateCli>::impl_name()
	}

	fn impl_version() -> String {
		<Cli as SubstrateCli>::impl_version()
	}

	fn description() -> String {
		<Cli as SubstrateCli>::description()
	}

	fn author() -> String {
		<Cli as SubstrateCli>::author()
	}

	fn support_url() -> String {
		<Cli as SubstrateCli>::support_url()
	}

	fn copyright_start_year() -> i32 {
		<Cli as SubstrateCli>::copyright_start_year()
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn ChainSpec>, String> {
		polkadot_cli::Cli::from_iter([Self::executable_name()]).load_spec(id).map_err(|error| {
			if id.ends_with(".json") {
				error
			} else {
				format!(
					"relay chain `{id}`: {error}. This node embeds no relay chain runtime: give \
					 the relay chain's spec file after `--` (`-- --chain rococo-local.json`, as \
					 `polkadot build-spec --chain rococo-local --raw` writes it)"
				)
			}
		})
	}
}

/// The relay chain node's ports, one above the parachain node's defaults.
impl DefaultConfigurationValues for RelayChainCli {
	fn p2p_listen_port() -> u16 {
		30334
	}

	fn rpc_listen_port() -> u16 {
		9945
	}

	fn prometheus_listen_port() -> u16 {
		9616
	}
}

// The `&Box<dyn ChainSpec>` parameters are the trait's.
#[allow(clippy::borrowed_box)]
impl CliConfiguration<Self> for RelayChainCli {
	fn shared_params(&self) -> &SharedParams {
		self.base.base.shared_params()
	}

	fn import_params(&self) -> Option<&ImportParams> {
		self.base.base.import_params()
	}

	fn network_params(&self) -> Option<&NetworkParams> {
		self.base.base.network_params()
	}

	fn keystore_params(&self) -> Option<&KeystoreParams> {
		self.base.base.keystore_params()
	}

	fn base_path(&self) -> sc_cli::Result<Option<BasePath>> {
		Ok(self.shared_params().base_path()?.or_else(|| Some(self.base_path.clone().into())))
	}

	fn rpc_addr(&self, default_listen_port: u16) -> sc_cli::Result<Option<Vec<RpcEndpoint>>> {
		self.base.base.rpc_addr(default_listen_port)
	}

	fn prometheus_config(
		&self,
		default_listen_port: u16,
		chain_spec: &Box<dyn ChainSpec>,
	) -> sc_cli::Result<Option<PrometheusConfig>> {
		self.base.base.prometheus_config(default_listen_port, chain_spec)
	}

	/// The parachain node's runner has set up logging and the panic handler for the process.
	fn init<F>(
		&self,
		_support_url: &String,
		_impl_version: &String,
		_logger_hook: F,
	) -> sc_cli::Result<()>
	where
		F: FnOnce(&mut sc_cli::LoggerBuilder),
	{
		Ok(())
	}

	fn chain_id(&self, is_dev: bool) -> sc_cli::Result<String> {
		let chain_id = self.base.base.chain_id(is_dev)?;
		Ok(if chain_id.is_empty() { self.chain_id.clone().unwrap_or_default() } else { chain_id })
	}

	fn role(&self, is_dev: bool) -> sc_cli::Result<Role> {
		self.base.base.role(is_dev)
	}

	fn transaction_pool(&self, is_dev: bool) -> sc_cli::Result<TransactionPoolOptions> {
		self.base.base.transaction_pool(is_dev)
	}

	fn trie_cache_maximum_size(&self) -> sc_cli::Result<Option<usize>> {
		self.base.base.trie_cache_maximum_size()
	}

	fn rpc_methods(&self) -> sc_cli::Result<RpcMethods> {
		self.base.base.rpc_methods()
	}

	fn rpc_max_connections(&self) -> sc_cli::Result<u32> {
		self.base.base.rpc_max_connections()
	}

	fn rpc_cors(&self, is_dev: bool) -> sc_cli::Result<Option<Vec<String>>> {
		self.base.base.rpc_cors(is_dev)
	}

	fn default_heap_pages(&self) -> sc_cli::Result<Option<u64>> {
		self.base.base.default_heap_pages()
	}

	fn force_authoring(&self) -> sc_cli::Result<bool> {
		self.base.base.force_authoring()
	}

	fn disable_grandpa(&self) -> sc_cli::Result<bool> {
		self.base.base.disable_grandpa()
	}

	fn max_runtime_instances(&self) -> sc_cli::Result<Option<usize>> {
		self.base.base.max_runtime_instances()
	}

	fn announce_block(&self) -> sc_cli::Result<bool> {
		self.base.base.announce_block()
	}

	fn telemetry_endpoints(
		&self,
		chain_spec: &Box<dyn ChainSpec>,
	) -> sc_cli::Result<Option<sc_telemetry::TelemetryEndpoints>> {
		self.base.base.telemetry_endpoints(chain_spec)
	}

	fn node_name(&self) -> sc_cli::Result<String> {
		self.base.base.node_name()
	}
}
