//! `pallet_access_grants`: the data market and proxy re-encryption grants, reading devices,
//! records and Umbral keys from the data registry and proxies from the committee's candidates.

use alloc::vec::Vec;
use codec::MaxEncodedLen;
use cpchain_primitives::{
	interval::IntervalIndex,
	record::{DeviceId, RecordId},
	umbral::UmbralPublicKey,
};
use frame_support::parameter_types;
use pallet_access_grants::{
	DataSource, GrantOf, ListingOf, Parameters, ParametersOf, RecordInfo, RequestOf,
};

use crate::{
	deposit, AccountId, Balance, Balances, BlockNumber, Committee, DataRegistry, Perbill, Runtime,
	RuntimeHoldReason, DAYS, HOURS,
};

/// Bytes of a `Blake2_128Concat` account key under a map's 32-byte prefix.
const ACCOUNT_KEY_BYTES: u32 = 32 + 16 + 32;
/// Bytes of a `Twox64Concat` u64 key under a map's 32-byte prefix.
const ID_KEY_BYTES: u32 = 32 + 8 + 8;

parameter_types! {
	/// A listing at its largest, and its owner index entry: the least listing deposit.
	pub ListingDeposit: Balance = deposit(
		2,
		ListingOf::<Runtime>::max_encoded_len() as u32 + ID_KEY_BYTES + ACCOUNT_KEY_BYTES + 8,
	);
	/// A request at its largest, and its owner and buyer index entries: the least request
	/// deposit.
	pub RequestDeposit: Balance = deposit(
		3,
		RequestOf::<Runtime>::max_encoded_len() as u32 + ID_KEY_BYTES + 2 * (ACCOUNT_KEY_BYTES + 8),
	);
	/// A grant at its largest (its sealed key fragments), its buyer index entry and one index
	/// entry per proxy: the least grant deposit.
	pub GrantDeposit: Balance = deposit(
		2 + pallet_access_grants::MAX_GRANT_PROXIES,
		GrantOf::<Runtime>::max_encoded_len() as u32 +
			ID_KEY_BYTES + (1 + pallet_access_grants::MAX_GRANT_PROXIES) * (ACCOUNT_KEY_BYTES + 8),
	);
	/// The market's parameters a chain starts with (`cpcParameters.market` holds them):
	/// deposits at their storage's cost; a tenth of each part's price to the proxies who
	/// delivered it; a day for an owner to answer a request; four hours after a record (or
	/// grant) for the proxies to deliver its fragments, and a day after that for the buyer
	/// to fetch them.
	pub DefaultParameters: ParametersOf<Runtime> = Parameters {
		listing_deposit: ListingDeposit::get(),
		request_deposit: RequestDeposit::get(),
		grant_deposit: GrantDeposit::get(),
		proxy_fee: Perbill::from_percent(10),
		request_timeout: DAYS,
		delivery_window: 4 * HOURS,
		cfrag_retention: DAYS,
	};
}

impl pallet_access_grants::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Data = Registry;
	type Frozen = super::balances::Frozen;
	// Every active candidate serves: each has a bond to slash for invalid fragments.
	type Proxies = Committee;
	type Observer = super::committee::CommitteeInputs;
	type Parameters = pallet_cpc_parameters::Market<Runtime>;
	type DefaultParameters = DefaultParameters;
	type MinListingDeposit = ListingDeposit;
	type MinRequestDeposit = RequestDeposit;
	type MinGrantDeposit = GrantDeposit;
	type WeightInfo = pallet_access_grants::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Registry;
}

/// The data registry as the market reads it.
pub struct Registry;

impl DataSource<AccountId, BlockNumber> for Registry {
	fn umbral_key(who: &AccountId) -> Option<UmbralPublicKey> {
		DataRegistry::umbral_key_of(who)
	}

	fn device_owner(device: DeviceId) -> Option<AccountId> {
		pallet_data_registry::Devices::<Runtime>::get(device).map(|device| device.owner)
	}

	fn record(record: &RecordId) -> Option<RecordInfo<AccountId, BlockNumber>> {
		pallet_data_registry::Records::<Runtime>::get(record.device, record.interval).map(
			|record| RecordInfo {
				owner: record.owner,
				capsule: record.capsule,
				owner_key: record.owner_key,
				registered_at: record.registered_at,
			},
		)
	}

	fn records_of_device(
		device: DeviceId,
		after: Option<IntervalIndex>,
		limit: u32,
	) -> Vec<IntervalIndex> {
		DataRegistry::records_of_device(device, after, limit)
	}
}

/// Benchmarks write keys, devices and records straight into the registry's storage.
#[cfg(feature = "runtime-benchmarks")]
impl pallet_access_grants::benchmarking::BenchmarkHelper<AccountId> for Registry {
	fn set_umbral_key(who: &AccountId, key: UmbralPublicKey) {
		pallet_data_registry::UmbralKeys::<Runtime>::insert(
			who,
			pallet_data_registry::RegisteredKey { key, deposit: 0 },
		);
	}

	fn add_device(owner: &AccountId) -> DeviceId {
		let device = pallet_data_registry::NextDeviceId::<Runtime>::get();
		pallet_data_registry::NextDeviceId::<Runtime>::put(device.saturating_add(1));
		let key = sp_core::sr25519::Public::from_raw([device as u8; 32]);
		pallet_data_registry::Devices::<Runtime>::insert(
			device,
			pallet_data_registry::Device {
				owner: owner.clone(),
				gateway: None,
				key,
				interval_length_ms: crate::MILLI_SECS_PER_BLOCK,
				kind: Default::default(),
				metadata: Default::default(),
				deposit: 0,
			},
		);
		device
	}

	fn add_record(
		owner: &AccountId,
		record: RecordId,
		capsule: cpchain_primitives::umbral::EncodedCapsule,
	) {
		pallet_data_registry::Records::<Runtime>::insert(
			record.device,
			record.interval,
			pallet_data_registry::Record {
				owner: owner.clone(),
				owner_key: DataRegistry::umbral_key_of(owner)
					.map(|key| key.fingerprint())
					.unwrap_or_default(),
				cid: pallet_data_registry::benchmarking::cid(),
				ciphertext_hash: Default::default(),
				capsule,
				size: 1,
				deposit: 0,
				registered_at: frame_system::Pallet::<Runtime>::block_number(),
			},
		);
	}
}
