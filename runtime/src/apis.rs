//! The runtime APIs the node, collators and clients (polkadot.js, subxt) call.

use alloc::vec::Vec;

use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_aura::Authorities;
use sp_api::impl_runtime_apis;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::Block as BlockT,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use crate::{
	genesis_config_presets, AccessGrants, AccountId, AuraId, Balance, Block, BlockNumber,
	Committee, ConsensusHook, DataRegistry, Executive, InherentDataExt, Nonce, ParachainInfo,
	ParachainSystem, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, System,
	TransactionPayment, SLOT_DURATION, VERSION,
};

impl_runtime_apis! {
	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(SLOT_DURATION)
		}

		fn authorities() -> Vec<AuraId> {
			Authorities::<Runtime>::get().into_inner()
		}
	}

	impl cumulus_primitives_aura::AuraUnincludedSegmentApi<Block> for Runtime {
		fn can_build_upon(
			included_hash: <Block as BlockT>::Hash,
			slot: cumulus_primitives_aura::Slot,
		) -> bool {
			ConsensusHook::can_build_upon(included_hash, slot)
		}
	}

	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block)
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			// What will really be charged: nothing inside the free daily quota.
			let free = crate::configs::cpc_economics::costs_sender_nothing(&uxt, len);
			let mut info = TransactionPayment::query_info(uxt, len);
			if free {
				info.partial_fee = 0;
			}
			info
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			if crate::configs::cpc_economics::costs_sender_nothing(&uxt, len) {
				return pallet_transaction_payment::FeeDetails { inclusion_fee: None, tip: 0 };
			}
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_data_registry::runtime_api::DataRegistryApi<
		Block,
		AccountId,
		pallet_data_registry::DeviceOf<Runtime>,
		pallet_data_registry::RecordOf<Runtime>,
	> for Runtime {
		fn umbral_key(who: AccountId) -> Option<cpchain_primitives::umbral::UmbralPublicKey> {
			DataRegistry::umbral_key_of(&who)
		}
		fn device(
			device: cpchain_primitives::record::DeviceId,
		) -> Option<pallet_data_registry::DeviceOf<Runtime>> {
			pallet_data_registry::Devices::<Runtime>::get(device)
		}
		fn devices_of(
			owner: AccountId,
			after: Option<cpchain_primitives::record::DeviceId>,
			limit: u32,
		) -> Vec<cpchain_primitives::record::DeviceId> {
			DataRegistry::devices_of(&owner, after, limit.min(pallet_data_registry::runtime_api::MAX_PAGE))
		}
		fn record(
			record: cpchain_primitives::record::RecordId,
		) -> Option<pallet_data_registry::RecordOf<Runtime>> {
			pallet_data_registry::Records::<Runtime>::get(record.device, record.interval)
		}
		fn records_of_owner(
			owner: AccountId,
			after: Option<cpchain_primitives::record::RecordId>,
			limit: u32,
		) -> Vec<cpchain_primitives::record::RecordId> {
			DataRegistry::records_of_owner(&owner, after, limit.min(pallet_data_registry::runtime_api::MAX_PAGE))
		}
		fn records_of_device(
			device: cpchain_primitives::record::DeviceId,
			after: Option<cpchain_primitives::interval::IntervalIndex>,
			limit: u32,
		) -> Vec<cpchain_primitives::interval::IntervalIndex> {
			DataRegistry::records_of_device(device, after, limit.min(pallet_data_registry::runtime_api::MAX_PAGE))
		}
		fn submit_readings(
			device: cpchain_primitives::record::DeviceId,
			readings: Vec<cpchain_primitives::record::Reading>,
		) -> Result<u32, pallet_data_registry::gateway::GatewayError> {
			pallet_data_registry::gateway::accept_readings::<Runtime>(device, readings)
		}
		fn gateway_batches() -> Vec<pallet_data_registry::gateway::BatchSummary> {
			pallet_data_registry::gateway::batches::<AccountId>()
		}
		fn gateway_retry(record: cpchain_primitives::record::RecordId) -> bool {
			pallet_data_registry::gateway::retry(record)
		}
		fn gateway_drop(record: cpchain_primitives::record::RecordId) -> bool {
			pallet_data_registry::gateway::drop_dead_letter(record)
		}
	}

	impl pallet_committee::runtime_api::CommitteeApi<
		Block,
		AccountId,
		crate::CandidateOf,
		crate::CommitteeParameters,
		BlockNumber,
	> for Runtime {
		fn credit(who: AccountId) -> Option<pallet_committee::Credit> {
			pallet_committee::Candidates::<Runtime>::get(who).map(|candidate| candidate.credit)
		}
		fn candidate(who: AccountId) -> Option<crate::CandidateOf> {
			pallet_committee::Candidates::<Runtime>::get(who)
		}
		fn candidates() -> Vec<AccountId> {
			pallet_committee::CandidateList::<Runtime>::get().into_inner()
		}
		fn committee() -> Vec<AccountId> {
			pallet_committee::Members::<Runtime>::get().into_inner()
		}
		fn queued() -> Vec<AccountId> {
			pallet_committee::Queued::<Runtime>::get().into_inner()
		}
		fn invulnerables() -> Vec<AccountId> {
			pallet_committee::Invulnerables::<Runtime>::get().into_inner()
		}
		fn next_election() -> pallet_committee::ElectionInfo<BlockNumber> {
			Committee::election_info()
		}
		fn parameters() -> crate::CommitteeParameters {
			pallet_cpc_parameters::Committee::<Runtime>::get()
		}
	}

	impl pallet_access_grants::runtime_api::AccessGrantsApi<
		Block,
		AccountId,
		crate::ListingOf,
		crate::RequestOf,
		crate::GrantOf,
	> for Runtime {
		fn proxies() -> Vec<(AccountId, cpchain_primitives::umbral::UmbralPublicKey)> {
			AccessGrants::proxies()
		}
		fn listing(listing: pallet_access_grants::ListingId) -> Option<crate::ListingOf> {
			pallet_access_grants::Listings::<Runtime>::get(listing)
		}
		fn listings(
			after: Option<pallet_access_grants::ListingId>,
			limit: u32,
		) -> Vec<pallet_access_grants::ListingId> {
			AccessGrants::listing_ids(after, limit.min(pallet_access_grants::runtime_api::MAX_PAGE))
		}
		fn listings_of(
			owner: AccountId,
			after: Option<pallet_access_grants::ListingId>,
			limit: u32,
		) -> Vec<pallet_access_grants::ListingId> {
			AccessGrants::listings_of(&owner, after, limit.min(pallet_access_grants::runtime_api::MAX_PAGE))
		}
		fn request(request: pallet_access_grants::GrantId) -> Option<crate::RequestOf> {
			pallet_access_grants::Requests::<Runtime>::get(request)
		}
		fn requests_for(
			owner: AccountId,
			after: Option<pallet_access_grants::GrantId>,
			limit: u32,
		) -> Vec<pallet_access_grants::GrantId> {
			AccessGrants::requests_for(&owner, after, limit.min(pallet_access_grants::runtime_api::MAX_PAGE))
		}
		fn grant(grant: pallet_access_grants::GrantId) -> Option<crate::GrantOf> {
			pallet_access_grants::Grants::<Runtime>::get(grant)
		}
		fn key_fragment(
			grant: pallet_access_grants::GrantId,
			proxy: AccountId,
		) -> Option<cpchain_primitives::umbral::EncryptedKeyFrag> {
			AccessGrants::key_fragment(grant, &proxy)
		}
		fn purchases(
			buyer: AccountId,
			after: Option<pallet_access_grants::GrantId>,
			limit: u32,
		) -> Vec<pallet_access_grants::GrantId> {
			AccessGrants::purchases_of(&buyer, after, limit.min(pallet_access_grants::runtime_api::MAX_PAGE))
		}
		fn grants_of_proxy(
			proxy: AccountId,
			after: Option<pallet_access_grants::GrantId>,
			limit: u32,
		) -> Vec<pallet_access_grants::GrantId> {
			AccessGrants::grants_of_proxy(&proxy, after, limit.min(pallet_access_grants::runtime_api::MAX_PAGE))
		}
		fn due_parts(
			proxy: AccountId,
			grant: pallet_access_grants::GrantId,
			limit: u32,
		) -> Vec<cpchain_primitives::record::RecordId> {
			AccessGrants::due_parts(&proxy, grant, limit.min(pallet_access_grants::runtime_api::MAX_PAGE))
		}
		fn deliveries(
			buyer: AccountId,
			record: cpchain_primitives::record::RecordId,
		) -> Vec<pallet_access_grants::Delivery> {
			AccessGrants::deliveries(&buyer, record)
		}
	}

	impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
		fn collect_collation_info(header: &<Block as BlockT>::Header) -> cumulus_primitives_core::CollationInfo {
			ParachainSystem::collect_collation_info(header)
		}
	}

	impl cumulus_primitives_core::GetParachainInfo<Block> for Runtime {
		fn parachain_id() -> cumulus_primitives_core::ParaId {
			ParachainInfo::parachain_id()
		}
	}

	// Collators ask which relay chain storage to prove beside the parachain inherent's own
	// keys: none. Cumulus's collators need the API (a stock omni-node falls back without it).
	impl cumulus_primitives_core::KeyToIncludeInRelayProof<Block> for Runtime {
		fn keys_to_prove() -> cumulus_primitives_core::RelayProofRequest {
			Default::default()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// try-runtime tooling wants a loud failure with a backtrace.
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::system::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select).unwrap()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::benchmark_metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch_benchmark(config)
		}
	}
}
