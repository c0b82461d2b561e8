//! The runtime API through which nodes and clients read the registry and a gateway node hands
//! in readings.

use alloc::vec::Vec;

use codec::Codec;
use cpchain_primitives::{
	interval::IntervalIndex,
	record::{DeviceId, Reading, RecordId},
	umbral::UmbralPublicKey,
};

use crate::gateway::{BatchSummary, GatewayError};

/// The most ids one page returns.
pub const MAX_PAGE: u32 = 1000;

sp_api::decl_runtime_apis! {
	/// Reads the data registry; takes readings into a gateway's offchain storage.
	pub trait DataRegistryApi<AccountId, Device, Record>
	where
		AccountId: Codec,
		Device: Codec,
		Record: Codec,
	{
		/// An account's Umbral public key.
		fn umbral_key(who: AccountId) -> Option<UmbralPublicKey>;
		/// A device.
		fn device(device: DeviceId) -> Option<Device>;
		/// Up to `limit` (at most [`MAX_PAGE`]) of `owner`'s devices after `after`.
		fn devices_of(owner: AccountId, after: Option<DeviceId>, limit: u32) -> Vec<DeviceId>;
		/// A record.
		fn record(record: RecordId) -> Option<Record>;
		/// Up to `limit` (at most [`MAX_PAGE`]) of `owner`'s records after `after`.
		fn records_of_owner(owner: AccountId, after: Option<RecordId>, limit: u32) -> Vec<RecordId>;
		/// Up to `limit` (at most [`MAX_PAGE`]) of a device's intervals with records after `after`.
		fn records_of_device(
			device: DeviceId,
			after: Option<IntervalIndex>,
			limit: u32,
		) -> Vec<IntervalIndex>;
		/// Checks a device's readings and stores them in the node's offchain storage for the
		/// gateway worker. Call with the offchain database extension registered.
		fn submit_readings(device: DeviceId, readings: Vec<Reading>) -> Result<u32, GatewayError>;
		/// The batches this node's gateway holds that are not registered yet, dead letters
		/// included.
		fn gateway_batches() -> Vec<BatchSummary>;
		/// Puts a dead letter of this node's gateway back in the worker's rounds; `false` if
		/// `record` is not a dead letter. Call with the offchain database extension registered.
		fn gateway_retry(record: RecordId) -> bool;
		/// Deletes a dead letter of this node's gateway and its readings; `false` if `record`
		/// is not a dead letter. Call with the offchain database extension registered.
		fn gateway_drop(record: RecordId) -> bool;
	}
}
