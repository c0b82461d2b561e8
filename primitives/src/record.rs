//! Devices, records and what a device signs.
//!
//! A device is registered on chain under an owner with its own sr25519 signing key. It vouches
//! for three things, each a SCALE-encoded statement with its own domain tag and the chain's
//! genesis hash, so a signature means one thing on one chain:
//!
//! - [`ownership_statement`]: the device key consents to its `n`-th registration, under one
//!   owner. Replay rule: the chain counts each key's registrations, so a consent is good for
//!   one registration (after a transfer and a deregistration, the previous owner cannot use
//!   its old consent again).
//! - [`reading_statement`]: one sensor reading, checked by the gateway that receives it.
//!   Replay rule: one reading per device and millisecond timestamp (a gateway drops a repeat),
//!   and none once its interval's record is registered.
//! - [`record_statement`]: one interval's encrypted blob, everything the record stores of it
//!   ([`RecordContent`]: owner, the owner's Umbral key it was encrypted to, CID, ciphertext
//!   hash, capsule, size), checked by the runtime before the record is stored. Replay rule: a
//!   device's interval is registered once, ever (a removed record leaves a tombstone).

use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::{
	cid::Cid,
	interval::IntervalIndex,
	umbral::{EncodedCapsule, UmbralPublicKey},
};

/// A device's on-chain identifier, assigned in registration order.
pub type DeviceId = u64;

/// Bytes of a device's description of its kind (`"thermometer"`, `"gps"`).
pub const MAX_DEVICE_KIND_LEN: u32 = 32;

/// Bytes of a device's free-form metadata (location, model).
pub const MAX_DEVICE_METADATA_LEN: u32 = 256;

/// The largest payload of one reading a gateway accepts, in bytes.
pub const MAX_READING_LEN: u32 = 4096;

/// A record is one device's data for one interval; the pair names it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct RecordId {
	/// The device that produced the data.
	pub device: DeviceId,
	/// The interval the data covers.
	pub interval: IntervalIndex,
}

impl core::fmt::Display for RecordId {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "{}:{}", self.device, self.interval)
	}
}

impl core::str::FromStr for RecordId {
	type Err = &'static str;

	/// Parses `DEVICE:INTERVAL`, the form [`RecordId`]'s `Display` writes.
	fn from_str(text: &str) -> Result<Self, Self::Err> {
		let (device, interval) = text.split_once(':').ok_or("expected DEVICE:INTERVAL")?;
		Ok(RecordId {
			device: device.parse().map_err(|_| "the device is not a number")?,
			interval: interval.parse().map_err(|_| "the interval is not a number")?,
		})
	}
}

/// One sensor reading as a device sends it to its gateway.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Reading {
	/// When the reading was taken, in milliseconds since the Unix epoch.
	pub timestamp_ms: u64,
	/// The measurement, in the device's own format (at most [`MAX_READING_LEN`] bytes).
	pub payload: Vec<u8>,
	/// The device's sr25519 signature over [`reading_statement`].
	pub signature: [u8; 64],
}

impl Reading {
	/// Whether `device`'s key (`key`) signed this reading on the chain with `genesis`.
	pub fn is_signed_by(
		&self,
		genesis: &[u8; 32],
		device: DeviceId,
		key: &sp_core::sr25519::Public,
	) -> bool {
		let statement = reading_statement(genesis, device, self.timestamp_ms, &self.payload);
		let signature = sp_core::sr25519::Signature::from_raw(self.signature);
		sp_io::crypto::sr25519_verify(&signature, &statement, key)
	}
}

/// What a device key signs to consent to its registration number `registration` (counted
/// from 0 by the chain), under `owner`.
pub fn ownership_statement(genesis: &[u8; 32], owner: &impl Encode, registration: u32) -> Vec<u8> {
	(b"cpchain:device-owner", genesis, owner, registration).encode()
}

/// What a device signs for one reading.
pub fn reading_statement(
	genesis: &[u8; 32],
	device: DeviceId,
	timestamp_ms: u64,
	payload: &[u8],
) -> Vec<u8> {
	(b"cpchain:reading", genesis, device, timestamp_ms, payload).encode()
}

/// Everything a device vouches for in one interval's record.
#[derive(Clone, Copy, Encode, Debug)]
pub struct RecordContent<'a, AccountId> {
	/// The device and interval.
	pub record: RecordId,
	/// Whose data it is.
	pub owner: &'a AccountId,
	/// The owner's Umbral key the blob was encrypted to.
	pub owner_key: &'a UmbralPublicKey,
	/// Where the ciphertext is.
	pub cid: &'a Cid,
	/// blake2-256 of the ciphertext.
	pub ciphertext_hash: &'a [u8; 32],
	/// The capsule the blob opens with.
	pub capsule: &'a EncodedCapsule,
	/// Bytes of ciphertext.
	pub size: u64,
}

/// What a device signs for one interval's encrypted blob.
pub fn record_statement<AccountId: Encode>(
	genesis: &[u8; 32],
	content: &RecordContent<'_, AccountId>,
) -> Vec<u8> {
	(b"cpchain:record", genesis, content).encode()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn record_ids_print_and_parse() {
		let id = RecordId { device: 7, interval: 29_000_123 };
		assert_eq!(id.to_string(), "7:29000123");
		assert_eq!("7:29000123".parse(), Ok(id));
		assert!("7".parse::<RecordId>().is_err());
		assert!("x:1".parse::<RecordId>().is_err());
		assert!("1:-1".parse::<RecordId>().is_err());
	}

	#[test]
	fn a_reading_is_genuine_only_for_its_device_chain_and_contents() {
		use sp_core::{sr25519, Pair};
		let pair = sr25519::Pair::from_seed(&[7; 32]);
		let genesis = [1u8; 32];
		let statement = reading_statement(&genesis, 3, 1_000, b"t=21.5C");
		let reading = Reading {
			timestamp_ms: 1_000,
			payload: b"t=21.5C".to_vec(),
			signature: pair.sign(&statement).0,
		};
		assert!(reading.is_signed_by(&genesis, 3, &pair.public()));
		assert!(!reading.is_signed_by(&genesis, 4, &pair.public()));
		assert!(!reading.is_signed_by(&[2u8; 32], 3, &pair.public()));
		assert!(!reading.is_signed_by(&genesis, 3, &sr25519::Pair::from_seed(&[8; 32]).public()));
		let forged = Reading { payload: b"t=99C".to_vec(), ..reading };
		assert!(!forged.is_signed_by(&genesis, 3, &pair.public()));
	}

	#[test]
	fn statements_differ_by_domain_chain_and_every_field() {
		let genesis = [1u8; 32];
		let cid = Cid::parse(b"QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG").unwrap();
		let other_cid = Cid::parse(b"QmNLei78zWmzUdbeRB3CiUfAizWUrbeeZh5K1rhAQKCh51").unwrap();
		let key = UmbralPublicKey([2u8; 33]);
		let other_key = UmbralPublicKey([3u8; 33]);
		let capsule = EncodedCapsule(vec![1u8; 8].try_into().unwrap());
		let other_capsule = EncodedCapsule(vec![2u8; 8].try_into().unwrap());
		let content = RecordContent {
			record: RecordId { device: 1, interval: 2 },
			owner: &7u64,
			owner_key: &key,
			cid: &cid,
			ciphertext_hash: &[3; 32],
			capsule: &capsule,
			size: 10,
		};
		let record = record_statement(&genesis, &content);
		let changed = [
			record_statement(&[2u8; 32], &content),
			record_statement(
				&genesis,
				&RecordContent { record: RecordId { device: 1, interval: 3 }, ..content },
			),
			record_statement(&genesis, &RecordContent { owner: &8u64, ..content }),
			record_statement(&genesis, &RecordContent { owner_key: &other_key, ..content }),
			record_statement(&genesis, &RecordContent { cid: &other_cid, ..content }),
			record_statement(&genesis, &RecordContent { ciphertext_hash: &[4; 32], ..content }),
			record_statement(&genesis, &RecordContent { capsule: &other_capsule, ..content }),
			record_statement(&genesis, &RecordContent { size: 11, ..content }),
		];
		for other in changed {
			assert_ne!(record, other);
		}
		assert_ne!(
			ownership_statement(&genesis, &7u64, 0),
			ownership_statement(&genesis, &7u64, 1)
		);
		assert_ne!(
			ownership_statement(&genesis, &7u64, 0),
			ownership_statement(&genesis, &8u64, 0)
		);
		assert_ne!(
			reading_statement(&genesis, 1, 2, b"x"),
			reading_statement(&genesis, 1, 2, b"y")
		);
		assert!(record.starts_with(&(b"cpchain:record").encode()));
	}
}
