//! `pallet_data_registry`: devices, Umbral keys and records of encrypted data on IPFS.

use codec::MaxEncodedLen;
use cpchain_primitives::umbral::UmbralPublicKey;
use frame_support::parameter_types;
use pallet_data_registry::{Parameters, ParametersOf, RegisteredKey};

use crate::{
	deposit, Balance, Balances, BlockNumber, DeviceOf, RecordOf, Runtime, RuntimeHoldReason,
	Timestamp,
};

/// One day, in milliseconds.
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Bytes of a `Blake2_128Concat` account key under a map's 32-byte prefix.
const ACCOUNT_KEY_BYTES: u32 = 32 + 16 + 32;
/// Bytes of a `Twox64Concat` u64 key.
const ID_KEY_BYTES: u32 = 8 + 8;

parameter_types! {
	/// The key and its deposit, under the account's key: the least Umbral key deposit.
	pub UmbralKeyDeposit: Balance = deposit(
		1,
		RegisteredKey::<UmbralPublicKey, Balance>::max_encoded_len() as u32 + ACCOUNT_KEY_BYTES,
	);
	/// A device at its largest, its key index and its owner index entry: the least device
	/// deposit.
	pub DeviceDeposit: Balance = deposit(
		3,
		DeviceOf::max_encoded_len() as u32 + 3 * ACCOUNT_KEY_BYTES + 3 * ID_KEY_BYTES,
	);
	/// A record at its largest with its keys, and its owner index entry: the least record
	/// deposit.
	pub RecordDeposit: Balance = deposit(
		2,
		RecordOf::max_encoded_len() as u32 + 32 + 2 * ID_KEY_BYTES + ACCOUNT_KEY_BYTES + 32,
	);
	/// One block: shorter intervals would close before they could be registered.
	pub const MinIntervalLength: u64 = crate::MILLI_SECS_PER_BLOCK;
	/// The registry's parameters a chain starts with (`cpcParameters.registry` holds them):
	/// deposits at their storage's cost, intervals of a block to a day.
	pub DefaultParameters: ParametersOf<Runtime> = Parameters {
		umbral_key_deposit: UmbralKeyDeposit::get(),
		device_deposit: DeviceDeposit::get(),
		record_deposit: RecordDeposit::get(),
		min_interval_length: MinIntervalLength::get(),
		max_interval_length: DAY_MS,
	};
	/// One minute of blocks before the gateway sends an unincluded record again.
	pub const GatewayResubmitAfter: BlockNumber = 10;
}

impl pallet_data_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type GatewayId = pallet_data_registry::gateway_crypto::GatewayId;
	type Parameters = pallet_cpc_parameters::Registry<Runtime>;
	type DefaultParameters = DefaultParameters;
	type MinUmbralKeyDeposit = UmbralKeyDeposit;
	type MinDeviceDeposit = DeviceDeposit;
	type MinRecordDeposit = RecordDeposit;
	type ShortestInterval = MinIntervalLength;
	type GatewayResubmitAfter = GatewayResubmitAfter;
	type Observer = super::committee::CommitteeInputs;
	type WeightInfo = pallet_data_registry::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetTimestamp;
}

/// Benchmarks move the clock through the timestamp pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct SetTimestamp;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_data_registry::benchmarking::BenchmarkHelper for SetTimestamp {
	fn set_now(ms: u64) {
		pallet_timestamp::Now::<Runtime>::put(ms);
	}
}
