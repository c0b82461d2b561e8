//! Devices, records and what a device signs.
//!
//! A device is registered on chain under an owner with its own sr25519 signing key. It vouches
//! for three things, each a SCALE-encoded statement with its own domain tag and the chain's
//! genesis hash, so a signature means one thing on one chain:
//!
//! - [`ownership_statement`]: the device key consents to being registered under an owner;
//! - [`reading_statement`]: one sensor reading, checked by the gateway that receives it;
//! - [`record_statement`]: one interval's encrypted blob (CID, ciphertext hash, interval),
//!   checked by the runtime before the record is stored.

use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::{cid::Cid, interval::IntervalIndex};

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

/// What a device key signs to consent to being registered under `owner`.
pub fn ownership_statement(genesis: &[u8; 32], owner: &impl Encode) -> Vec<u8> {
	(b"cpchain:device-owner", genesis, owner).encode()
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

/// What a device signs for one interval's encrypted blob.
pub fn record_statement(
	genesis: &[u8; 32],
	record: &RecordId,
	cid: &Cid,
	ciphertext_hash: &[u8; 32],
) -> Vec<u8> {
	(b"cpchain:record", genesis, record, cid, ciphertext_hash).encode()
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
	fn statements_differ_by_domain_and_chain() {
		let genesis = [1u8; 32];
		let cid = Cid::parse(b"QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG").unwrap();
		let record =
			record_statement(&genesis, &RecordId { device: 1, interval: 2 }, &cid, &[3; 32]);
		assert_ne!(
			record,
			record_statement(&[2u8; 32], &RecordId { device: 1, interval: 2 }, &cid, &[3; 32])
		);
		assert_ne!(
			record,
			record_statement(&genesis, &RecordId { device: 1, interval: 3 }, &cid, &[3; 32])
		);
		assert_ne!(
			reading_statement(&genesis, 1, 2, b"x"),
			reading_statement(&genesis, 1, 2, b"y")
		);
		assert!(record.starts_with(&(b"cpchain:record").encode()));
	}
}
