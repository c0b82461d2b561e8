//! The gateway: a `cpchain-node` that takes a device's readings and turns each finished
//! interval into one encrypted record.
//!
//! 1. Readings arrive through the node's `gateway_submitReadings` RPC (an unsafe method: a
//!    node started with `--rpc-methods safe` refuses it), which calls [`accept_readings`]
//!    through the runtime API with the node's offchain database. Each reading is checked
//!    against chain state (the device is registered, the device signed it, it fits
//!    [`MAX_READING_LEN`](cpchain_primitives::record::MAX_READING_LEN), its interval has no record yet, is not being sealed and closed less
//!    than [`MAX_LATENESS_MS`] ago) and appended to its interval's [`Batch`] in the node's
//!    persistent offchain storage. A batch holds at most [`MAX_BATCH_BYTES`] and a device's
//!    batches together at most [`MAX_DEVICE_BYTES`], counted as stored (SCALE-encoded), so
//!    whoever holds a device key can make the gateway store a bounded amount only.
//! 2. On every block the offchain worker ([`run`]) visits the batches in turn, starting after
//!    the one the last pass ended on, so every batch gets its turn whatever sits before it in
//!    key order. Once a batch's interval has closed by the chain's clock, it SCALE-encodes the
//!    readings, encrypts them with Umbral to the owner's key, POSTs the ciphertext to the IPFS
//!    node's `/api/v0/add` (endpoint in offchain storage under [`IPFS_API_KEY`], default
//!    [`DEFAULT_IPFS_API`]) and records the upload in the batch. Only then does it sign the
//!    record with the device key and send `register_data` from the gateway account (a `cpgw`
//!    key whose account is the device's owner or gateway).
//! 3. The batch is deleted once the record is on chain. A failed upload leaves the batch as it
//!    was, to be tried again on its next turn; an unincluded transaction is sent again after
//!    [`crate::Config::GatewayResubmitAfter`] blocks. Readings are never dropped on failure.
//! 4. A batch that can never be registered as it stands (see [`DeadReason`]) becomes a
//!    *dead letter*: the worker stops visiting it, [`batches`] shows it with its reason, and the
//!    operator either mends the cause and calls [`retry`], or gives the readings up with
//!    [`drop_dead_letter`]. Its bytes count towards the device's bound until then.
//!
//! Batches and the index change only by compare-and-set, so a reading that races with sealing
//! either lands in the batch before it is encrypted or makes the worker start over on the
//! batch's next turn.

use alloc::{collections::btree_map::BTreeMap, vec::Vec};

use codec::{Decode, Encode};
use cpchain_primitives::{
	cid::Cid,
	record::{Reading, RecordId},
	umbral::{EncodedCapsule, UmbralPublicKey},
};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::offchain::storage::{MutateStorageError, StorageValueRef};

mod intake;
mod ipfs;
mod worker;

pub use intake::accept_readings;
pub use ipfs::Multipart;
pub use worker::run;

/// Offchain storage key of the [`Index`] of the batches the gateway holds.
pub const INDEX_KEY: &[u8] = b"cpchain::gateway::index";
/// Offchain storage key of the batch the worker's last pass ended on.
pub const CURSOR_KEY: &[u8] = b"cpchain::gateway::cursor";
/// Offchain storage key prefix of one batch (followed by the SCALE-encoded [`RecordId`]).
pub const BATCH_PREFIX: &[u8] = b"cpchain::gateway::batch::";
/// Offchain storage key of the lock one worker pass holds.
pub const LOCK_KEY: &[u8] = b"cpchain::gateway::lock";
/// Offchain storage key of the IPFS RPC API's base URL.
pub const IPFS_API_KEY: &[u8] = b"cpchain::gateway::ipfs-api";
/// Where the IPFS RPC API is unless configured.
pub const DEFAULT_IPFS_API: &str = "http://127.0.0.1:5001";
/// How far ahead of the chain's clock a reading may be dated beyond its interval's length: the
/// chain's clock is the last block's slot, so it trails the wall clock by up to a block, and
/// devices' clocks drift.
pub const MAX_CLOCK_SKEW_MS: u64 = 60_000;
/// How long after its interval closed a reading is still taken: a device that was offline
/// for up to a day loses nothing, and the gateway does not keep batches open for ever.
pub const MAX_LATENESS_MS: u64 = 24 * 60 * 60 * 1000;
/// The most readings one call may carry.
pub const MAX_READINGS_PER_CALL: u32 = 1024;
/// The most bytes one interval's batch may hold, counted as its readings are stored and
/// uploaded (SCALE-encoded: payload, timestamp and signature), so a flood of tiny readings is
/// bounded as tightly as a few large ones.
pub const MAX_BATCH_BYTES: u32 = 1 << 20;
/// The most bytes one device's batches may hold together, dead letters included: sixteen full
/// intervals waiting (IPFS down for a while, say) before the device is refused.
pub const MAX_DEVICE_BYTES: u32 = 16 * MAX_BATCH_BYTES;

/// Why readings were refused. `index` is the position of the first offending reading.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum GatewayError {
	/// No device with this id is registered.
	UnknownDevice,
	/// More than [`MAX_READINGS_PER_CALL`] readings in one call.
	TooManyReadings,
	/// A payload is longer than [`MAX_READING_LEN`](cpchain_primitives::record::MAX_READING_LEN).
	ReadingTooLarge {
		/// The reading.
		index: u32,
	},
	/// A signature does not verify against the device's key.
	BadSignature {
		/// The reading.
		index: u32,
	},
	/// A reading's interval is sealed, registered, a dead letter, or was collected for the
	/// device's previous owner: it is too late to add to it.
	IntervalClosed {
		/// The reading.
		index: u32,
	},
	/// A reading's interval closed more than [`MAX_LATENESS_MS`] ago.
	TooLate {
		/// The reading.
		index: u32,
	},
	/// A reading is dated more than one interval and [`MAX_CLOCK_SKEW_MS`] ahead of the
	/// chain's clock.
	TimestampInFuture {
		/// The reading.
		index: u32,
	},
	/// The interval's batch would exceed [`MAX_BATCH_BYTES`].
	BatchFull {
		/// The reading.
		index: u32,
	},
	/// The device's batches would exceed [`MAX_DEVICE_BYTES`] together.
	DeviceFull {
		/// The reading.
		index: u32,
	},
	/// The batch changed while this call wrote it; submit again.
	StorageBusy,
}

/// An interval's encrypted blob, once it is on IPFS.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Upload {
	/// Where it is.
	pub cid: Cid,
	/// blake2-256 of the ciphertext.
	pub ciphertext_hash: H256,
	/// The capsule it was encrypted under.
	pub capsule: EncodedCapsule,
	/// Bytes of ciphertext.
	pub size: u64,
	/// The owner's Umbral key it was encrypted to.
	pub owner_key: UmbralPublicKey,
}

/// Where a batch is on its way to the chain.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Default)]
pub enum BatchState {
	/// Collecting readings, or waiting for a successful upload.
	#[default]
	Open,
	/// On IPFS; `register_data` not yet sent.
	Uploaded(Upload),
	/// On IPFS and `register_data` sent at block `at`.
	Submitted {
		/// The upload.
		upload: Upload,
		/// The block number the transaction was sent at.
		at: u64,
	},
}

impl BatchState {
	/// The upload, once there is one.
	pub fn upload(&self) -> Option<&Upload> {
		match self {
			BatchState::Open => None,
			BatchState::Uploaded(upload) | BatchState::Submitted { upload, .. } => Some(upload),
		}
	}
}

/// One device's readings for one interval, in the gateway's offchain storage.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct Batch<AccountId> {
	/// The device's owner when the first reading arrived: the readings are theirs, and a
	/// transfer of the device does not hand them to the next owner.
	pub owner: AccountId,
	/// The readings, in arrival order.
	pub readings: Vec<Reading>,
	/// The sum of their encoded sizes.
	pub bytes: u32,
	/// How far the batch has got.
	pub state: BatchState,
}

/// Why a batch became a dead letter: each is a state of the chain or of this node's keystore
/// that no number of retries changes by itself.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum DeadReason {
	/// The stored batch does not decode.
	Undecodable,
	/// The device was deregistered.
	DeviceDeregistered,
	/// The device has another owner than the one the readings were collected for.
	DeviceTransferred,
	/// The owner has no Umbral key to encrypt to.
	OwnerHasNoKey,
	/// The device's signing key is not in this node's keystore.
	NoDeviceKey,
	/// No gateway key in this node's keystore belongs to the device's owner or gateway (for
	/// example, the gateway was cleared).
	NoGatewayKey,
	/// The interval's record was registered and removed: an interval is registered once.
	RecordRemoved,
	/// Another blob was registered for the interval.
	RegisteredElsewhere,
}

/// A batch the worker gave up on, and when.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DeadLetter {
	/// Why.
	pub reason: DeadReason,
	/// The block of the pass that found it.
	pub at: u64,
}

/// What the index keeps of one batch: enough to bound a device's bytes and to schedule the
/// worker without loading any batch.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Default)]
pub struct IndexEntry {
	/// Bytes the batch holds, or has reserved for readings being written.
	pub bytes: u32,
	/// Set once the batch is a dead letter.
	pub dead: Option<DeadLetter>,
}

/// Every batch the gateway holds, by record.
pub type Index = BTreeMap<RecordId, IndexEntry>;

/// What the runtime API reports about one batch.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct BatchSummary {
	/// The record the batch will become.
	pub record: RecordId,
	/// How many readings it holds.
	pub readings: u32,
	/// How many bytes they take.
	pub bytes: u32,
	/// How far it has got.
	pub state: BatchState,
	/// Set if the worker gave up on it.
	pub dead: Option<DeadLetter>,
}

/// The offchain storage key of a record's batch.
pub fn batch_key(record: &RecordId) -> Vec<u8> {
	let mut key = BATCH_PREFIX.to_vec();
	record.encode_to(&mut key);
	key
}

/// A record's batch: `Err` if what is stored does not decode.
fn load_batch<AccountId: Decode>(record: &RecordId) -> Result<Option<Batch<AccountId>>, ()> {
	StorageValueRef::persistent(&batch_key(record)).get::<Batch<AccountId>>().map_err(|_| ())
}

/// The index; an undecodable one reads as empty (its batches stay in storage).
fn load_index() -> Index {
	StorageValueRef::persistent(INDEX_KEY).get::<Index>().ok().flatten().unwrap_or_default()
}

/// Changes the index by compare-and-set; `change` may refuse with `E`.
fn mutate_index<R, E>(change: impl FnOnce(&mut Index) -> Result<R, E>, busy: E) -> Result<R, E> {
	let mut result = None;
	let outcome = StorageValueRef::persistent(INDEX_KEY).mutate::<Index, E, _>(|old| {
		let mut index = old.ok().flatten().unwrap_or_default();
		result = Some(change(&mut index)?);
		Ok(index)
	});
	match outcome {
		Ok(_) => result.ok_or(busy),
		Err(MutateStorageError::ValueFunctionFailed(error)) => Err(error),
		Err(MutateStorageError::ConcurrentModification(_)) => Err(busy),
	}
}

/// Bytes a device's batches hold, leaving `except` out.
fn device_bytes(index: &Index, device: u64, except: &RecordId) -> u32 {
	index
		.range(RecordId { device, interval: 0 }..=RecordId { device, interval: u64::MAX })
		.filter(|(record, _)| *record != except)
		.fold(0u32, |sum, (_, entry)| sum.saturating_add(entry.bytes))
}

/// Removes a batch and its index entry.
fn forget(record: &RecordId) -> Result<(), &'static str> {
	mutate_index(
		|index| {
			index.remove(record);
			Ok(())
		},
		"offchain storage busy",
	)?;
	StorageValueRef::persistent(&batch_key(record)).clear();
	Ok(())
}

/// The batches the gateway holds, dead letters included, for operators and tests.
pub fn batches<AccountId: Decode>() -> Vec<BatchSummary> {
	load_index()
		.into_iter()
		.map(|(record, entry)| {
			let batch = load_batch::<AccountId>(&record).ok().flatten();
			BatchSummary {
				record,
				readings: batch.as_ref().map_or(0, |batch| batch.readings.len() as u32),
				bytes: entry.bytes,
				state: batch.map(|batch| batch.state).unwrap_or_default(),
				dead: entry.dead,
			}
		})
		.collect()
}

/// Puts a dead letter back in the worker's rounds, once its cause is mended (a key inserted,
/// a gateway set again). Returns whether `record` was a dead letter.
pub fn retry(record: RecordId) -> bool {
	mutate_index(
		|index| Ok::<_, ()>(index.get_mut(&record).and_then(|entry| entry.dead.take()).is_some()),
		(),
	)
	.unwrap_or(false)
}

/// Deletes a dead letter and its readings, freeing the device's bytes. Returns whether
/// `record` was a dead letter; live batches are never dropped.
pub fn drop_dead_letter(record: RecordId) -> bool {
	let dropped = mutate_index(
		|index| {
			let dead = index.get(&record).is_some_and(|entry| entry.dead.is_some());
			if dead {
				index.remove(&record);
			}
			Ok::<_, ()>(dead)
		},
		(),
	)
	.unwrap_or(false);
	if dropped {
		StorageValueRef::persistent(&batch_key(&record)).clear();
	}
	dropped
}
