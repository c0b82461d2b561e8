//! The values the data registry stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use cpchain_primitives::{
	cid::Cid,
	record::{MAX_DEVICE_KIND_LEN, MAX_DEVICE_METADATA_LEN},
	umbral::{EncodedCapsule, KeyFingerprint},
};
use frame_support::BoundedVec;
use scale_info::TypeInfo;
use sp_core::{sr25519, ConstU32, H256};

/// What kind of sensor a device is, in its owner's words (`"thermometer"`).
pub type DeviceKind = BoundedVec<u8, ConstU32<MAX_DEVICE_KIND_LEN>>;
/// A device's free-form description (location, model).
pub type DeviceMetadata = BoundedVec<u8, ConstU32<MAX_DEVICE_METADATA_LEN>>;

/// A registered device.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Device<AccountId, Balance> {
	/// Who owns the device and its data; records are encrypted to the owner's Umbral key.
	pub owner: AccountId,
	/// The account that may register records for the device besides the owner: the owner's
	/// always-on gateway.
	pub gateway: Option<AccountId>,
	/// The key the device signs readings and records with.
	pub key: sr25519::Public,
	/// How long each of the device's encryption intervals is, in milliseconds.
	pub interval_length_ms: u64,
	/// What kind of sensor it is.
	pub kind: DeviceKind,
	/// Free-form description (location, model), bounded.
	pub metadata: DeviceMetadata,
	/// The deposit held from the owner while the device is registered.
	pub deposit: Balance,
}

/// One device's encrypted data for one interval. The blob itself is on IPFS.
///
/// Its encoding is bounded below 300 bytes whatever the blob's size.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Record<AccountId, Balance, BlockNumber> {
	/// Whose data it is (the device's owner when it was registered), who paid the deposit.
	pub owner: AccountId,
	/// Which of the owner's Umbral keys the blob is encrypted to: grants made under another
	/// key cannot deliver it.
	pub owner_key: KeyFingerprint,
	/// Where the ciphertext is on IPFS.
	pub cid: Cid,
	/// blake2-256 of the ciphertext, so a reader can check what IPFS returned.
	pub ciphertext_hash: H256,
	/// The Umbral capsule that opens the ciphertext for the owner and, by re-encryption, buyers.
	pub capsule: EncodedCapsule,
	/// Bytes of ciphertext.
	pub size: u64,
	/// The deposit held from the owner while the record exists.
	pub deposit: Balance,
	/// The block the record was registered in.
	pub registered_at: BlockNumber,
}

/// An account's registered Umbral key and the deposit held for it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
pub struct RegisteredKey<Key, Balance> {
	/// The key.
	pub key: Key,
	/// The deposit held for it.
	pub deposit: Balance,
}

/// Told of records as they are removed.
pub trait RecordObserver<AccountId> {
	/// One of `owner`'s records was removed (its count is already lowered).
	fn record_removed(_owner: &AccountId) {}
}

impl<AccountId> RecordObserver<AccountId> for () {}

/// The data registry's governable parameters: one record, read in one storage read. Set one
/// at a time by CPChain's parameters pallet, within the bounds [`Parameters::check`] holds.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Parameters<Balance> {
	/// Held while an account has an Umbral key registered.
	pub umbral_key_deposit: Balance,
	/// Held per registered device.
	pub device_deposit: Balance,
	/// Held per record.
	pub record_deposit: Balance,
	/// The shortest interval a device may be registered with, in milliseconds.
	pub min_interval_length: u64,
	/// The longest interval a device may be registered with, in milliseconds.
	pub max_interval_length: u64,
}

/// What the registry's parameters are checked against: what each item's storage costs (the
/// least deposits) and the shortest interval the chain can register (a block).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ParameterFloors<Balance> {
	/// An Umbral key's storage.
	pub umbral_key: Balance,
	/// A device's storage.
	pub device: Balance,
	/// A record's storage.
	pub record: Balance,
	/// The shortest interval, in milliseconds: an interval that closes before a block could
	/// register it is useless.
	pub interval: u64,
}

/// The longest interval a device may be registered with, in milliseconds: a week. Longer,
/// a record would hold a week's readings behind one capsule, and a buyer of one interval
/// would buy them all.
pub const MAX_INTERVAL_LENGTH: u64 = 7 * 24 * 60 * 60 * 1000;

/// Which rule a registry parameter breaks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParameterError {
	/// A deposit below its storage's cost or above 100 times it.
	Deposit,
	/// Interval bounds out of order, the shortest below a block or the longest above
	/// [`MAX_INTERVAL_LENGTH`].
	IntervalLength,
}

impl<Balance> Parameters<Balance>
where
	Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy,
{
	/// Whether every parameter keeps its bounds, against `floors`.
	pub fn check(&self, floors: &ParameterFloors<Balance>) -> Result<(), ParameterError> {
		use cpchain_primitives::parameters::deposit_within as within;
		if !within(self.umbral_key_deposit, floors.umbral_key)
			|| !within(self.device_deposit, floors.device)
			|| !within(self.record_deposit, floors.record)
		{
			return Err(ParameterError::Deposit);
		}
		if self.min_interval_length < floors.interval
			|| self.min_interval_length > self.max_interval_length
			|| self.max_interval_length > MAX_INTERVAL_LENGTH
		{
			return Err(ParameterError::IntervalLength);
		}
		Ok(())
	}
}

cpchain_primitives::section_parameters! {
	/// The name of one of the data registry's parameters.
	pub enum ParameterKey;
	/// One of the data registry's parameters and its new value.
	pub enum ParameterChange<Balance> for Parameters {
		UmbralKeyDeposit(umbral_key_deposit): Balance,
		DeviceDeposit(device_deposit): Balance,
		RecordDeposit(record_deposit): Balance,
		MinIntervalLength(min_interval_length): u64,
		MaxIntervalLength(max_interval_length): u64,
	}
}
