//! The parachain node's service: the client with an import queue that checks Aura seals, the
//! relay chain interface, the network, the dev node's offchain workers and RPC methods, the
//! relay chain tasks (block recovery, finality from the relay chain) and, for a collator,
//! Aura's lookahead collator.

use std::{path::Path, sync::Arc, time::Duration};

use codec::Encode;
use cpchain_runtime::opaque::{Block, Hash};
use cumulus_client_cli::CollatorOptions;
use cumulus_client_collator::service::CollatorService;
use cumulus_client_consensus_aura::{
	collators::lookahead::{self as aura, Params as AuraParams},
	equivocation_import_queue,
};
use cumulus_client_service::{
	build_network, build_relay_chain_interface, prepare_node_config, start_relay_chain_tasks,
	BuildNetworkParams, DARecoveryProfile, ParachainTracingExecuteBlock,
	StartRelayChainTasksParams,
};
use cumulus_primitives_core::{
	relay_chain::{CollatorPair, ValidationCode},
	GetParachainInfo, ParaId,
};
use cumulus_relay_chain_interface::{OverseerHandle, RelayChainInterface};
use sc_network::{
	config::FullNetworkConfiguration, NetworkBackend, NetworkBlock, NetworkStateInfo, PeerId,
};
use sc_service::{
	error::Error as ServiceError, Configuration, ImportQueue as _, PartialComponents, TaskManager,
};
use sc_telemetry::{Telemetry, TelemetryWorkerHandle};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_keystore::KeystorePtr;

use crate::{
	cli::DevArgs,
	service::{
		new_executor, new_telemetry, rpc_builder, start_gateway, FullBackend, FullClient, Gateway,
		TransactionPool,
	},
};

/// Aura's key pair: the runtime's `AuraId` is sr25519.
type AuraPair = sp_consensus_aura::sr25519::AuthorityPair;

/// The block import of a parachain node: the client's, behind Cumulus's, which bounds the
/// number of leaves per height (pruning the oldest forks, as when the relay chain keeps
/// rejecting blocks) and marks state imported by warp sync as finalized.
pub type ParachainBlockImport =
	cumulus_client_consensus_common::ParachainBlockImport<Block, Arc<FullClient>, FullBackend>;

/// The relay chain's slot: the lookahead collator's pace and the unit of block recovery's delays.
const RELAY_CHAIN_SLOT_DURATION: Duration = Duration::from_secs(6);

/// How long the collator spends authoring a block: the runtime's budget of 2 s of compute.
const AUTHORING_DURATION: Duration = Duration::from_millis(2000);

/// The parts of the parachain node that subcommands (check, export, import, revert) need too.
pub type Service = PartialComponents<
	FullClient,
	FullBackend,
	(),
	sc_consensus::DefaultImportQueue<Block>,
	TransactionPool,
	(ParachainBlockImport, Option<Telemetry>, Option<TelemetryWorkerHandle>),
>;

/// Builds the client, database, pool and the import queue, which checks every block's Aura seal
/// and inherents. With `wasm_cache`, compiled runtimes are kept there between runs.
pub fn new_partial(
	config: &Configuration,
	wasm_cache: Option<&Path>,
) -> Result<Service, ServiceError> {
	let telemetry = new_telemetry(config)?;

	let executor = new_executor(config, wasm_cache)?;
	// Import records storage proofs: the runtime's storage-weight reclaim reads their size.
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts_record_import::<Block, cpchain_runtime::apis::RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			true,
			Default::default(),
		)?;
	let client = Arc::new(client);

	// The in-process relay chain node reports to the same telemetry worker.
	let telemetry_worker_handle = telemetry.as_ref().map(|(worker, _)| worker.handle());
	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

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

	let block_import = ParachainBlockImport::new(client.clone(), backend.clone());

	// Blocks from the network are checked: their author's Aura slot and seal, and their
	// inherents against this node's clock. An author that equivocates beyond a small bound in a
	// slot is refused.
	let import_queue =
		equivocation_import_queue::fully_verifying_import_queue::<AuraPair, _, _, _, _>(
			client.clone(),
			block_import.clone(),
			move |_, ()| async move {
				Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
					sp_timestamp::InherentDataProvider::from_system_time(),
				)
			},
			&task_manager.spawn_essential_handle(),
			config.prometheus_registry(),
			telemetry.as_ref().map(|telemetry| telemetry.handle()),
		);

	Ok(PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain: (),
		transaction_pool,
		other: (block_import, telemetry, telemetry_worker_handle),
	})
}

/// The para id: the runtime's (`GetParachainInfo`), which is what the relay chain knows this
/// parachain by. A chain spec that says otherwise is reported, not trusted.
fn para_id(client: &FullClient, config: &Configuration) -> Result<ParaId, ServiceError> {
	let best = client.info().best_hash;
	let para_id = client
		.runtime_api()
		.parachain_id(best)
		.map_err(|e| ServiceError::Application(Box::new(e)))?;
	if let Some(fields) = super::extensions(&*config.chain_spec) {
		if fields.para_id != u32::from(para_id) {
			log::warn!(
				"The chain spec says para id {}, the runtime {}: using the runtime's",
				fields.para_id,
				u32::from(para_id)
			);
		}
	}
	Ok(para_id)
}

/// Starts the parachain node: a collator if the configuration's role is authority
/// (`--collator` or `--validator`), else a full node. `relay_config` configures the relay chain
/// node (in this process, or the minimal node over `--relay-chain-rpc-urls`).
pub async fn start_node<N: NetworkBackend<Block, Hash>>(
	config: Configuration,
	relay_config: Configuration,
	collator_options: CollatorOptions,
	dev: DevArgs,
) -> Result<TaskManager, ServiceError> {
	// Substrate's own block announcements are off (Cumulus announces a block with the relay
	// chain's backing statement), and warp sync needs one peer: its target comes from the relay
	// chain.
	let config = prepare_node_config(config);

	let PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain: (),
		transaction_pool,
		other: (block_import, mut telemetry, telemetry_worker_handle),
	} = new_partial(&config, dev.wasm_cache().as_deref())?;

	let para_id = para_id(&client, &config)?;
	let parachain_fork_id = config.chain_spec.fork_id().map(ToString::to_string);
	let relay_chain_fork_id = relay_config.chain_spec.fork_id().map(ToString::to_string);
	let parachain_public_addresses = config.network.public_addresses.clone();
	let advertise_non_global_ips = config.network.allow_non_globals_in_dht;

	let (relay_chain_interface, collator_key, relay_chain_network, paranode_requests) =
		build_relay_chain_interface(
			relay_config,
			&config,
			telemetry_worker_handle,
			&mut task_manager,
			collator_options.clone(),
			None,
		)
		.await
		.map_err(|e| ServiceError::Application(Box::new(e)))?;

	let collating = config.role.is_authority();
	let prometheus_registry = config.prometheus_registry().cloned();
	let import_queue_service = import_queue.service();
	let net_config = FullNetworkConfiguration::<Block, Hash, N>::new(
		&config.network,
		prometheus_registry.clone(),
	);
	let metrics = N::register_notification_metrics(prometheus_registry.as_ref());

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		build_network(BuildNetworkParams {
			parachain_config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			para_id,
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			relay_chain_interface: relay_chain_interface.clone(),
			import_queue,
			metrics,
			gap_sync_body_policy: None,
		})
		.await?;

	// The gateway, as on the dev node: a gateway can run where the data is.
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
	let rpc_builder = rpc_builder(client.clone(), transaction_pool.clone(), None, offchain_storage);

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder,
		backend: backend.clone(),
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		// Tracing re-executes blocks with the proof-size extension the runtime's reclaim needs.
		tracing_execute_block: Some(Arc::new(ParachainTracingExecuteBlock::new(client.clone()))),
	})?;

	let announce_block = {
		let sync_service = sync_service.clone();
		Arc::new(move |hash, data| sync_service.announce_block(hash, data))
	};

	let overseer_handle = relay_chain_interface
		.overseer_handle()
		.map_err(|e| ServiceError::Application(Box::new(e)))?;

	// Follows the relay chain: new best and finalized blocks from what it included, and the
	// recovery of blocks whose authors withheld them, from the relay chain's availability store.
	start_relay_chain_tasks(StartRelayChainTasksParams {
		client: client.clone(),
		announce_block: announce_block.clone(),
		para_id,
		relay_chain_interface: relay_chain_interface.clone(),
		task_manager: &mut task_manager,
		da_recovery_profile: if collating {
			DARecoveryProfile::Collator
		} else {
			DARecoveryProfile::FullNode
		},
		import_queue: import_queue_service,
		relay_chain_slot_duration: RELAY_CHAIN_SLOT_DURATION,
		recovery_handle: Box::new(overseer_handle.clone()),
		sync_service: sync_service.clone(),
		prometheus_registry: prometheus_registry.as_ref(),
	})?;

	// Parachain bootnodes advertised on, and found through, the relay chain's DHT
	// (`--no-dht-bootnode`, `--no-dht-bootnode-discovery` turn them off).
	let collator_peer_id = relay_chain_network.local_peer_id();
	cumulus_client_bootnodes::start_bootnode_tasks(
		cumulus_client_bootnodes::StartBootnodeTasksParams {
			embedded_dht_bootnode: collator_options.embedded_dht_bootnode,
			dht_bootnode_discovery: collator_options.dht_bootnode_discovery,
			para_id,
			task_manager: &mut task_manager,
			relay_chain_interface: relay_chain_interface.clone(),
			relay_chain_fork_id,
			relay_chain_network,
			request_receiver: paranode_requests,
			parachain_network: network,
			advertise_non_global_ips,
			parachain_genesis_hash: client.info().genesis_hash.encode(),
			parachain_fork_id,
			parachain_public_addresses,
		},
	);

	if collating {
		let collator_key = collator_key.ok_or_else(|| {
			ServiceError::Other("a collator needs the relay chain interface's collator key".into())
		})?;
		let proposer = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool,
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|telemetry| telemetry.handle()),
		);
		start_collator(Collator {
			client: client.clone(),
			backend,
			block_import,
			proposer,
			task_manager: &task_manager,
			relay_chain_interface,
			keystore: keystore_container.keystore(),
			para_id,
			collator_key,
			collator_peer_id,
			overseer_handle,
			announce_block,
		});
	}

	log::info!(
		"CPChain parachain node: parachain {}, {}",
		u32::from(para_id),
		if collating { "collating" } else { "full node" }
	);
	Ok(task_manager)
}

/// What the collator is started with.
struct Collator<'a> {
	client: Arc<FullClient>,
	backend: Arc<FullBackend>,
	block_import: ParachainBlockImport,
	proposer: sc_basic_authorship::ProposerFactory<TransactionPool, FullClient>,
	task_manager: &'a TaskManager,
	relay_chain_interface: Arc<dyn RelayChainInterface>,
	keystore: KeystorePtr,
	para_id: ParaId,
	collator_key: CollatorPair,
	collator_peer_id: PeerId,
	overseer_handle: OverseerHandle,
	announce_block: Arc<dyn Fn(Hash, Option<Vec<u8>>) + Send + Sync>,
}

/// Starts Aura's lookahead collator: at each relay chain block it builds on the best parachain
/// block the runtime's unincluded segment allows (async backing), when this node's Aura key
/// (key type `aura`, sr25519, in the keystore) holds the slot, and hands the collation to the
/// relay chain node's collation subsystems.
fn start_collator(collator: Collator<'_>) {
	let Collator {
		client,
		backend,
		block_import,
		proposer,
		task_manager,
		relay_chain_interface,
		keystore,
		para_id,
		collator_key,
		collator_peer_id,
		overseer_handle,
		announce_block,
	} = collator;

	let collator_service = CollatorService::new(client.clone(), announce_block, client.clone());
	let code_hash_provider = {
		let client = client.clone();
		move |block_hash| {
			client.code_at(block_hash).ok().map(|code| ValidationCode::from(code).hash())
		}
	};

	let params = AuraParams {
		// The collator itself provides the timestamp, the slot and the parachain inherent.
		create_inherent_data_providers: move |_, ()| async move {
			Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
		},
		block_import,
		para_client: client,
		para_backend: backend,
		relay_client: relay_chain_interface,
		code_hash_provider,
		keystore,
		collator_key,
		collator_peer_id,
		para_id,
		overseer_handle,
		relay_chain_slot_duration: RELAY_CHAIN_SLOT_DURATION,
		proposer,
		collator_service,
		authoring_duration: AUTHORING_DURATION,
		reinitialize: false,
		max_pov_percentage: None,
	};
	let collation = aura::run::<Block, AuraPair, _, _, _, _, _, _, _, _>(params);
	task_manager.spawn_essential_handle().spawn("aura", Some("block-authoring"), collation);
}
