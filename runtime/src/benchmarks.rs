//! The pallets benchmarked in this runtime, for `frame-omni-bencher v1 benchmark pallet`.

use alloc::vec::Vec;

use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkError, BenchmarkList};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};

use crate::*;

use cumulus_pallet_session_benchmarking::Pallet as SessionBench;
use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};
use pallet_xcm::benchmarking::Pallet as PalletXcmBench;

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[cumulus_pallet_weight_reclaim, WeightReclaim]
	[pallet_transaction_payment, TransactionPayment]
	[cumulus_pallet_parachain_system, ParachainSystem]
	[pallet_timestamp, Timestamp]
	[pallet_balances, Balances]
	[pallet_vesting, Vesting]
	[pallet_cpc_parameters, CpcParameters]
	[pallet_cpc_economics, CpcEconomics]
	[pallet_sudo, Sudo]
	[pallet_committee, Committee]
	[pallet_session, SessionBench::<Runtime>]
	[cumulus_pallet_xcmp_queue, XcmpQueue]
	[pallet_xcm, PalletXcmBench::<Runtime>]
	[pallet_message_queue, MessageQueue]
	[pallet_data_registry, DataRegistry]
	[pallet_access_grants, AccessGrants]
	[pallet_cpc_governance, Origins]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_referenda, Referenda]
	[pallet_conviction_voting, ConvictionVoting]
	[pallet_whitelist, Whitelist]
	[pallet_collective, Council]
	[pallet_treasury, Treasury]
);

impl frame_system_benchmarking::Config for Runtime {
	fn setup_set_code_requirements(code: &Vec<u8>) -> Result<(), BenchmarkError> {
		ParachainSystem::initialize_for_set_code_benchmark(code.len() as u32);
		Ok(())
	}

	fn verify_set_code() {
		System::assert_last_event(
			cumulus_pallet_parachain_system::Event::<Runtime>::ValidationFunctionStored.into(),
		);
	}
}

mod xcm_benchmarks {
	use cumulus_primitives_core::ParaId;
	use frame_support::parameter_types;
	use polkadot_runtime_common::xcm_sender::{
		NoPriceForMessageDelivery, ToParachainDeliveryHelper,
	};
	use xcm::latest::prelude::*;

	use crate::{configs::xcm::XcmConfig, ParachainSystem, Runtime, EXISTENTIAL_DEPOSIT};

	parameter_types! {
		/// Nothing is minted to the origin first: delivery is free, and a root origin (`Here`)
		/// has no account to mint to.
		pub const NoExistentialDeposit: Option<Asset> = None;
		/// A sibling the benchmarks open an HRMP channel to.
		pub const SiblingParaId: ParaId = ParaId::new(2001);
	}

	impl pallet_xcm::benchmarking::Config for Runtime {
		// Neither the relay chain nor siblings charge this chain for delivery.
		type DeliveryHelper = (
			cumulus_primitives_utility::ToParentDeliveryHelper<XcmConfig, NoExistentialDeposit, ()>,
			ToParachainDeliveryHelper<
				XcmConfig,
				NoExistentialDeposit,
				NoPriceForMessageDelivery<ParaId>,
				SiblingParaId,
				ParachainSystem,
			>,
		);

		fn reachable_dest() -> Option<Location> {
			Some(Parent.into())
		}

		// Teleports are off (`XcmTeleportFilter = Nothing`): their benchmarks are skipped.
		fn teleportable_asset_and_dest() -> Option<(Asset, Location)> {
			None
		}

		// CPC is reserve-transferred to siblings, this chain being its reserve.
		fn reserve_transferable_asset_and_dest() -> Option<(Asset, Location)> {
			Some((
				(Here, EXISTENTIAL_DEPOSIT).into(),
				ParentThen(Parachain(SiblingParaId::get().into()).into()).into(),
			))
		}

		// CPC is the one asset that moves, so the "complex" transfer is its reserve transfer
		// to a sibling, fees paid in it.
		fn set_up_complex_asset_transfer(
		) -> Option<(Assets, u32, Location, alloc::boxed::Box<dyn FnOnce()>)> {
			use frame_support::traits::fungible::Mutate;
			let caller: crate::AccountId = frame_benchmarking::whitelisted_caller();
			let amount = 1_000 * EXISTENTIAL_DEPOSIT;
			crate::Balances::mint_into(&caller, 2 * amount).ok()?;
			let dest = ParentThen(Parachain(SiblingParaId::get().into()).into()).into();
			let assets: Assets = Asset::from((Here, amount)).into();
			Some((assets, 0, dest, alloc::boxed::Box::new(|| {})))
		}

		fn get_asset() -> Asset {
			(Here, EXISTENTIAL_DEPOSIT).into()
		}
	}
}

// Fees go to the block's author and the treasury. The costlier path is the one with an
// author (a second account credited), so the benchmark's block names one: slot 0's Aura
// author, the first session validator of the genesis preset. As in a real block, the author
// is found once, before any transaction (authorship's `on_initialize` does it), and a
// transaction reads only the noted author.
impl pallet_transaction_payment::BenchmarkConfig for Runtime {
	fn setup_benchmark_environment() {
		use codec::Encode;
		frame_system::Pallet::<Runtime>::deposit_log(sp_runtime::DigestItem::PreRuntime(
			sp_consensus_aura::AURA_ENGINE_ID,
			sp_consensus_aura::Slot::from(0u64).encode(),
		));
		assert!(Authorship::author().is_some(), "the digest names an author");
	}
}

impl cumulus_pallet_session_benchmarking::Config for Runtime {
	fn generate_session_keys_and_proof(owner: AccountId) -> (SessionKeys, Vec<u8>) {
		use codec::Encode;
		let generated = SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

/// The benchmarks this runtime offers, and its storage items for proof-size estimates.
pub fn benchmark_metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch_benchmark(
	config: BenchmarkConfig,
) -> Result<Vec<BenchmarkBatch>, alloc::string::String> {
	let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
