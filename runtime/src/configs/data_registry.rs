//! `pallet_data_registry`: devices, Umbral keys and records of encrypted data on IPFS.

use frame_support::parameter_types;

use crate::{deposit, Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason, Timestamp};

/// One day, in milliseconds.
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

parameter_types! {
	/// One item of 33 bytes plus the deposit's own entry.
	pub const UmbralKeyDeposit: Balance = deposit(1, 33 + 16);
	/// A device with its full metadata, and its two index entries.
	pub const DeviceDeposit: Balance = deposit(3, 400);
	/// A record at its largest, and its owner index entry.
	pub const RecordDeposit: Balance = deposit(2, 300);
	/// One block: shorter intervals would close before they could be registered.
	pub const MinIntervalLength: u64 = crate::MILLI_SECS_PER_BLOCK;
	pub const MaxIntervalLength: u64 = DAY_MS;
	/// One minute of blocks before the gateway sends an unincluded record again.
	pub const GatewayResubmitAfter: BlockNumber = 10;
}

impl pallet_data_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type GatewayId = pallet_data_registry::gateway_crypto::GatewayId;
	type UmbralKeyDeposit = UmbralKeyDeposit;
	type DeviceDeposit = DeviceDeposit;
	type RecordDeposit = RecordDeposit;
	type MinIntervalLength = MinIntervalLength;
	type MaxIntervalLength = MaxIntervalLength;
	type GatewayResubmitAfter = GatewayResubmitAfter;
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
