//! Assembles the development node: client, transaction pool, self-sealing block production,
//! offchain workers and RPC.

use std::{path::Path, sync::Arc};

use cpchain_runtime::{apis::RuntimeApi, opaque::Block};
use cumulus_primitives_core::GetParachainInfo;
use futures::{channel::mpsc, FutureExt};
use sc_client_api::Backend as _;
use sc_consensus_manual_seal::consensus::aura::AuraConsensusDataProvider;
use sc_network::NetworkBackend;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;

use crate::{cli::DevArgs, dev_inherents, gateway, rpc, sealing};
use sp_keystore::{Keystore, KeystorePtr};

/// Host functions the runtime may call: Substrate's, plus the proof-size function that the
/// runtime's storage-weight reclaim uses.
pub type HostFunctions = (
	sp_io::SubstrateHostFunctions,
	cumulus_primitives_proof_size_hostfunction::storage_proof_size::HostFunctions,
);

/// The wasm executor.
pub type Executor = sc_executor::WasmExecutor<HostFunctions>;
/// The client.
pub type FullClient = sc_service::TFullClient<Block, RuntimeApi, Executor>;
/// The database backend.
pub type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
/// The transaction pool.
pub type TransactionPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// The parts of the node that subcommands (check, export, import, revert) need too.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	TransactionPool,
	Option<Telemetry>,
>;

/// Builds the client, database, pool and import queue. With `wasm_cache`, compiled runtimes
/// are kept in that directory between runs (see `--wasm-cache-dir`).
pub fn new_partial(
	config: &Configuration,
	wasm_cache: Option<&Path>,
) -> Result<Service, ServiceError> {
	let telemetry = new_telemetry(config)?;
	let executor = new_executor(config, wasm_cache)?;
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts_record_import::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			true,
			Default::default(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let import_queue = sc_consensus_manual_seal::import_queue(
		Box::new(client.clone()),
		&task_manager.spawn_essential_handle(),
		config.prometheus_registry(),
	);

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: telemetry,
	})
}

/// The executor `sc_service::new_wasm_executor` builds, plus a disk cache of compiled runtimes.
/// Compiling this runtime's wasm takes seconds to tens of seconds (the debug build's compiler
/// is slower still), and a node would pay it at every start.
pub(crate) fn new_executor(
	config: &Configuration,
	wasm_cache: Option<&Path>,
) -> Result<Executor, ServiceError> {
	let Some(dir) = wasm_cache else {
		return Ok(sc_service::new_wasm_executor::<HostFunctions>(&config.executor));
	};
	create_private_dir(dir).map_err(|e| {
		ServiceError::Other(format!("the wasm cache directory {}: {e}", dir.display()))
	})?;
	let heap = config
		.executor
		.default_heap_pages
		.map_or(sc_executor::DEFAULT_HEAP_ALLOC_STRATEGY, |pages| {
			sc_executor::HeapAllocStrategy::Static { extra_pages: pages as _ }
		});
	Ok(Executor::builder()
		.with_execution_method(config.executor.wasm_method)
		.with_onchain_heap_alloc_strategy(heap)
		.with_offchain_heap_alloc_strategy(heap)
		.with_max_runtime_instances(config.executor.max_runtime_instances)
		.with_runtime_cache_size(config.executor.runtime_cache_size)
		.with_cache_path(dir)
		.build())
}

/// Creates `dir` readable and writable by its owner only, and refuses one that others may
/// write or that another user owns: what is cached there runs as code.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
	use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
	std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
	let metadata = std::fs::metadata(dir)?;
	let mode = metadata.permissions().mode();
	if mode & 0o022 != 0 {
		return Err(std::io::Error::other(format!(
			"writable by others (mode {:o}); make it private or pass --no-wasm-cache",
			mode & 0o777
		)));
	}
	// The process's own user: Linux's `/proc/self` belongs to it.
	if let Ok(me) = std::fs::metadata("/proc/self") {
		if metadata.uid() != me.uid() {
			return Err(std::io::Error::other(format!(
				"owned by user {}, not this node's user {}; pass a directory of your own or \
				 --no-wasm-cache",
				metadata.uid(),
				me.uid()
			)));
		}
	}
	Ok(())
}

/// Telemetry's worker and its handle, when the configuration names telemetry endpoints.
pub(crate) fn new_telemetry(
	config: &Configuration,
) -> Result<Option<(TelemetryWorker, Telemetry)>, ServiceError> {
	let Some(endpoints) = config.telemetry_endpoints.clone().filter(|x| !x.is_empty()) else {
		return Ok(None);
	};
	let worker = TelemetryWorker::new(16)?;
	let telemetry = worker.handle().new_telemetry(endpoints);
	Ok(Some((worker, telemetry)))
}

/// The offchain database of this node's backend.
pub(crate) type OffchainStorage = <FullBackend as sc_client_api::Backend<Block>>::OffchainStorage;

/// What a node's gateway is started with.
pub(crate) struct Gateway<'a> {
	/// The node's configuration: whether offchain workers run, and the node's role.
	pub config: &'a Configuration,
	/// The client the workers call the runtime through.
	pub client: &'a Arc<FullClient>,
	/// The backend holding the offchain database.
	pub backend: &'a FullBackend,
	/// The keystore holding the gateway key the worker signs `register_data` with.
	pub keystore: KeystorePtr,
	/// The pool the worker's transactions go to.
	pub transaction_pool: &'a Arc<TransactionPool>,
	/// The network, for the workers' `NetworkProvider`.
	pub network: &'a Arc<dyn sc_network::service::traits::NetworkService>,
	/// Where the workers' task is spawned.
	pub task_manager: &'a TaskManager,
	/// `--ipfs-api` and `--gateway-key`.
	pub dev: &'a DevArgs,
}

/// Starts a node's gateway, the same on the dev node and the parachain node: the offchain
/// worker's storage readied (where the IPFS RPC API is, no stale lock), `--gateway-key` put in
/// the keystore, then the offchain workers, which run on every imported best block (the data
/// registry's gateway worker uploads the intervals `gateway_submitReadings` queued and signs
/// `register_data` with the gateway key). The storage is readied first so that no worker pass
/// runs without it. Returns the offchain database, where the `gateway_*` methods queue readings.
pub(crate) fn start_gateway(gateway: Gateway<'_>) -> Result<Option<OffchainStorage>, ServiceError> {
	let Gateway { config, client, backend, keystore, transaction_pool, network, task_manager, dev } =
		gateway;
	let offchain_storage = backend.offchain_storage();
	if let Some(storage) = offchain_storage.clone() {
		gateway::prepare_worker(storage, &dev.ipfs_api);
	}
	if let Some(suri) = &dev.gateway_key {
		keystore
			.sr25519_generate_new(
				cpchain_runtime::pallet_data_registry::GATEWAY_KEY_TYPE,
				Some(suri),
			)
			.map_err(|e| ServiceError::Other(format!("--gateway-key: {e}")))?;
	}
	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				keystore: Some(keystore),
				offchain_db: offchain_storage.clone(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				is_validator: config.role.is_authority(),
				enable_http_requests: true,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}
	Ok(offchain_storage)
}

/// The node's RPC methods (`rpc::create_full`), built for each connection. `seal` is the dev
/// node's `engine_*` command stream; a node following a relay chain has none.
pub(crate) fn rpc_builder(
	client: Arc<FullClient>,
	pool: Arc<TransactionPool>,
	seal: Option<rpc::SealSender>,
	offchain_storage: Option<OffchainStorage>,
) -> Box<dyn Fn(sc_rpc::SubscriptionTaskExecutor) -> Result<jsonrpsee::RpcModule<()>, ServiceError>>
{
	Box::new(move |_| {
		rpc::create_full(rpc::FullDeps {
			client: client.clone(),
			pool: pool.clone(),
			seal: seal.clone(),
			offchain_storage: offchain_storage.clone(),
		})
		.map_err(Into::into)
	})
}

/// Starts the development node.
pub fn new_full<N: NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>>(
	mut config: Configuration,
	dev: DevArgs,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: mut telemetry,
	} = new_partial(&config, dev.wasm_cache().as_deref())?;

	// A self-sealing chain has nobody to sync from or with.
	config.network.default_peers_set.in_peers = 0;
	config.network.default_peers_set.out_peers = 0;

	let net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as sp_runtime::traits::Block>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: None,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	// `engine_createBlock` / `engine_finalizeBlock` feed the same command stream as the timer.
	let (rpc_seal_sink, rpc_seal_stream) = mpsc::channel(1024);
	let offchain_storage = start_gateway(Gateway {
		config: &config,
		client: &client,
		backend: &backend,
		keystore: keystore_container.keystore(),
		transaction_pool: &transaction_pool,
		network: &network,
		task_manager: &task_manager,
		dev: &dev,
	})?;
	let rpc_builder = rpc_builder(
		client.clone(),
		transaction_pool.clone(),
		Some(rpc_seal_sink),
		offchain_storage,
	);

	let role = config.role;
	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network,
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service,
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if !role.is_authority() {
		log::warn!("Not an authority: this node imports no blocks and seals none.");
		return Ok(task_manager);
	}

	let proposer = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		None,
		telemetry.as_ref().map(|x| x.handle()),
	);

	let slot_duration = sc_consensus_aura::slot_duration(&*client)?;
	let best = client.info().best_hash;
	let para_id = client
		.runtime_api()
		.parachain_id(best)
		.map_err(|e| ServiceError::Application(Box::new(e)))?;

	let create_inherent_data_providers = {
		let client = client.clone();
		move |parent, ()| {
			let providers = dev_inherents::providers(&client, para_id, parent);
			async move { providers }
		}
	};

	let chain_ahead = {
		let client = client.clone();
		Arc::new(move || dev_inherents::chain_ahead(&*client))
			as Arc<dyn Fn() -> bool + Send + Sync>
	};
	let commands = sealing::commands(
		dev.sealing,
		dev.dev_block_time,
		&*transaction_pool,
		rpc_seal_stream,
		chain_ahead,
	);

	let authorship =
		sc_consensus_manual_seal::run_manual_seal(sc_consensus_manual_seal::ManualSealParams {
			block_import: client.clone(),
			env: proposer,
			client: client.clone(),
			pool: transaction_pool,
			commands_stream: commands,
			select_chain,
			// Aura pre-digests matching the timestamp, so the runtime's slot checks pass.
			consensus_data_provider: Some(Box::new(
				AuraConsensusDataProvider::new_with_slot_duration(slot_duration),
			)),
			create_inherent_data_providers,
		});
	task_manager.spawn_essential_handle().spawn_blocking(
		"dev-sealing",
		Some("block-authoring"),
		authorship,
	);

	log::info!(
		"CPChain dev node: parachain {}, {:?} sealing, block time {} ms",
		u32::from(para_id),
		dev.sealing,
		dev.dev_block_time
	);
	Ok(task_manager)
}

#[cfg(test)]
mod tests {
	use super::create_private_dir;
	use std::os::unix::fs::PermissionsExt;

	fn scratch(name: &str) -> std::path::PathBuf {
		let dir =
			std::env::temp_dir().join(format!("cpchain-wasm-cache-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		dir
	}

	#[test]
	fn the_wasm_cache_is_made_private() {
		let dir = scratch("new");
		create_private_dir(&dir).unwrap();
		assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
		std::fs::remove_dir_all(&dir).unwrap();
	}

	#[test]
	fn a_wasm_cache_others_may_write_is_refused() {
		let dir = scratch("open");
		std::fs::create_dir_all(&dir).unwrap();
		std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
		let refused = create_private_dir(&dir).unwrap_err().to_string();
		std::fs::remove_dir_all(&dir).unwrap();
		assert!(refused.contains("writable by others"), "{refused}");
	}

	/// Another user's directory at mode 755: only its owner may write it, and that owner could
	/// plant machine code this node would run. Needs to be root to give the directory away, as
	/// CI is; elsewhere the `chown` fails and the test says so.
	#[test]
	fn a_wasm_cache_another_user_owns_is_refused() {
		let dir = scratch("theirs");
		std::fs::create_dir_all(&dir).unwrap();
		std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
		if let Err(e) = std::os::unix::fs::chown(&dir, Some(4242), Some(4242)) {
			std::fs::remove_dir_all(&dir).unwrap();
			eprintln!("not root ({e}): the ownership check is not exercised here");
			return;
		}
		let refused = create_private_dir(&dir).unwrap_err().to_string();
		std::fs::remove_dir_all(&dir).unwrap();
		assert!(refused.contains("owned by user 4242"), "{refused}");
	}
}
