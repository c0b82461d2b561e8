//! The gateway: a `cpchain-node` that takes a device's readings and turns each finished
//! interval into one encrypted record.
//!
//! 1. Readings arrive through the node's `gateway_submitReadings` RPC, which calls
//!    [`accept_readings`] through the runtime API with the node's offchain database. Each reading
//!    is checked against chain state (the device is registered, the device signed it, it fits
//!    [`MAX_READING_LEN`], its interval has no record yet and is not being sealed) and appended to its interval's [`Batch`]
//!    in the node's persistent offchain storage.
//! 2. On every block the offchain worker ([`run`]) looks at the open batches. Once a batch's
//!    interval has closed by the chain's clock, it SCALE-encodes the readings, encrypts them with
//!    Umbral to the owner's key, POSTs the ciphertext to the IPFS node's `/api/v0/add` (endpoint
//!    in offchain storage under [`IPFS_API_KEY`], default [`DEFAULT_IPFS_API`]) and records the
//!    upload in the batch. Only then does it sign the record with the device key and send
//!    `register_data` from the gateway account (a `cpgw` key whose account is the device's owner or
//!    gateway).
//! 3. The batch is deleted once the record is on chain. A failed upload leaves the batch as it
//!    was, to be tried again on the next block; an unincluded transaction is sent again after
//!    [`crate::Config::GatewayResubmitAfter`] blocks. Readings are never dropped on failure.
//!
//! Batches change only by compare-and-set, so a reading that races with sealing either lands in
//! the batch before it is encrypted or makes the worker start over on the next block.

use alloc::{
	collections::{btree_map::BTreeMap, btree_set::BTreeSet},
	format,
	string::String,
	vec,
	vec::Vec,
};

use codec::{Decode, Encode};
use cpchain_primitives::{
	cid::Cid,
	interval,
	record::{self, DeviceId, Reading, RecordId, MAX_READING_LEN},
	umbral::{self, EncodedCapsule, UmbralPublicKey},
};
use frame_support::traits::Get;
use frame_system::{
	offchain::{AppCrypto, SendSignedTransaction, Signer},
	pallet_prelude::BlockNumberFor,
};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use scale_info::TypeInfo;
use sp_core::{sr25519, H256};
use sp_runtime::{
	offchain::{
		http,
		storage::{MutateStorageError, StorageValueRef},
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::{IdentifyAccount, UniqueSaturatedInto},
	RuntimeAppPublic,
};

use crate::{
	Call, Config, Devices, Pallet, Records, RemovedRecords, UmbralKeys, DEVICE_KEY_TYPE, LOG_TARGET,
};

/// Offchain storage key of the set of batches not yet registered.
pub const PENDING_KEY: &[u8] = b"cpchain::gateway::pending";
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
/// The most readings one call may carry.
pub const MAX_READINGS_PER_CALL: u32 = 1024;
/// The most payload bytes one interval's batch may collect.
pub const MAX_BATCH_BYTES: u32 = 1 << 20;
/// Batches the worker handles per block, so one block's work stays bounded.
const MAX_BATCHES_PER_RUN: usize = 8;
/// How long an upload to IPFS may take.
const UPLOAD_TIMEOUT_MS: u64 = 20_000;

/// Why readings were refused. `index` is the position of the first offending reading.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum GatewayError {
	/// No device with this id is registered.
	UnknownDevice,
	/// More than [`MAX_READINGS_PER_CALL`] readings in one call.
	TooManyReadings,
	/// A payload is longer than [`MAX_READING_LEN`].
	ReadingTooLarge {
		/// The reading.
		index: u32,
	},
	/// A signature does not verify against the device's key.
	BadSignature {
		/// The reading.
		index: u32,
	},
	/// A reading's interval is sealed or registered: it is too late to add to it.
	IntervalClosed {
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

/// One device's readings for one interval, in the gateway's offchain storage.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug, Default)]
pub struct Batch {
	/// The readings, in arrival order.
	pub readings: Vec<Reading>,
	/// The sum of their payload sizes.
	pub payload_bytes: u32,
	/// How far the batch has got.
	pub state: BatchState,
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

impl Batch {
	/// Whether `bytes` more payload may join, refused in the name of reading `first`.
	fn admits(&self, bytes: u32, first: u32) -> Result<(), GatewayError> {
		if self.state != BatchState::Open {
			return Err(GatewayError::IntervalClosed { index: first });
		}
		if self.payload_bytes.saturating_add(bytes) > MAX_BATCH_BYTES {
			return Err(GatewayError::BatchFull { index: first });
		}
		Ok(())
	}
}

/// What the runtime API reports about one batch.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct BatchSummary {
	/// The record the batch will become.
	pub record: RecordId,
	/// How many readings it holds.
	pub readings: u32,
	/// How far it has got.
	pub state: BatchState,
}

/// The offchain storage key of a record's batch.
pub fn batch_key(record: &RecordId) -> Vec<u8> {
	let mut key = BATCH_PREFIX.to_vec();
	record.encode_to(&mut key);
	key
}

/// A record's batch, if the gateway holds one that decodes.
fn load_batch(record: &RecordId) -> Option<Batch> {
	StorageValueRef::persistent(&batch_key(record)).get::<Batch>().ok().flatten()
}

/// The records whose batches are not yet registered.
fn pending() -> Vec<RecordId> {
	StorageValueRef::persistent(PENDING_KEY)
		.get::<Vec<RecordId>>()
		.ok()
		.flatten()
		.unwrap_or_default()
}

/// Adds or removes `record` in the pending set.
fn update_pending(record: RecordId, add: bool) -> Result<(), GatewayError> {
	StorageValueRef::persistent(PENDING_KEY)
		.mutate::<Vec<RecordId>, (), _>(|old| {
			let mut set = old.ok().flatten().unwrap_or_default();
			match (set.binary_search(&record), add) {
				(Err(at), true) => set.insert(at, record),
				(Ok(at), false) => {
					set.remove(at);
				}
				_ => {}
			}
			Ok(set)
		})
		.map(|_| ())
		.map_err(|_| GatewayError::StorageBusy)
}

/// The batches the gateway holds, for operators and tests.
pub fn batches() -> Vec<BatchSummary> {
	pending()
		.into_iter()
		.filter_map(|record| {
			let batch = load_batch(&record)?;
			Some(BatchSummary { record, readings: batch.readings.len() as u32, state: batch.state })
		})
		.collect()
}

/// Checks readings against chain state and appends them to their intervals' batches, but for
/// repeats of a reading the batch has (one reading per device and timestamp). Returns how many
/// were stored; on an error none of the call's readings are stored unless
/// the error is [`GatewayError::StorageBusy`] (then the batches before the busy one were).
pub fn accept_readings<T: Config>(
	device: DeviceId,
	readings: Vec<Reading>,
) -> Result<u32, GatewayError> {
	let entry = Devices::<T>::get(device).ok_or(GatewayError::UnknownDevice)?;
	if readings.len() > MAX_READINGS_PER_CALL as usize {
		return Err(GatewayError::TooManyReadings);
	}
	let now = Pallet::<T>::now_ms();
	let genesis = Pallet::<T>::genesis_hash();
	let length = entry.interval_length_ms;

	// Interval -> (index of its first reading in the call, its readings, their bytes).
	let mut by_interval: BTreeMap<u64, (u32, Vec<Reading>, u32)> = BTreeMap::new();
	let mut in_call = BTreeSet::new();
	for (index, reading) in readings.into_iter().enumerate() {
		let index = index as u32;
		if reading.payload.len() > MAX_READING_LEN as usize {
			return Err(GatewayError::ReadingTooLarge { index });
		}
		if !reading.is_signed_by(&genesis, device, &entry.key) {
			return Err(GatewayError::BadSignature { index });
		}
		if reading.timestamp_ms > now.saturating_add(length).saturating_add(MAX_CLOCK_SKEW_MS) {
			return Err(GatewayError::TimestampInFuture { index });
		}
		let interval = interval::interval_of(reading.timestamp_ms, length)
			.ok_or(GatewayError::IntervalClosed { index })?;
		// A device that was offline may send an old interval's readings late, as long as the
		// interval has no record yet (nor had one).
		if !Pallet::<T>::interval_free(device, interval) {
			return Err(GatewayError::IntervalClosed { index });
		}
		let slot = by_interval.entry(interval).or_insert((index, Vec::new(), 0));
		// One reading per device and timestamp: a repeat (a device resending, or a replay)
		// is dropped.
		if !in_call.insert(reading.timestamp_ms) {
			continue;
		}
		slot.2 = slot.2.saturating_add(reading.payload.len() as u32);
		slot.1.push(reading);
	}

	// Check every batch before writing any, so a refusal stores nothing.
	for (interval, (first, _, bytes)) in &by_interval {
		let record = RecordId { device, interval: *interval };
		load_batch(&record).unwrap_or_default().admits(*bytes, *first)?;
	}

	let mut stored = 0u32;
	for (interval, (first, readings, bytes)) in by_interval {
		let record = RecordId { device, interval };
		let mut count = 0u32;
		StorageValueRef::persistent(&batch_key(&record))
			.mutate::<Batch, GatewayError, _>(|old| {
				// Checked again: the batch may have changed since the check above.
				let mut batch = old.ok().flatten().unwrap_or_default();
				batch.admits(bytes, first)?;
				// Once per call, so a large batch costs a pass, not a pass per reading.
				let mut taken: BTreeSet<u64> =
					batch.readings.iter().map(|kept| kept.timestamp_ms).collect();
				count = 0;
				for reading in readings.iter().filter(|reading| taken.insert(reading.timestamp_ms))
				{
					batch.payload_bytes =
						batch.payload_bytes.saturating_add(reading.payload.len() as u32);
					batch.readings.push(reading.clone());
					count = count.saturating_add(1);
				}
				Ok(batch)
			})
			.map_err(|error| match error {
				MutateStorageError::ValueFunctionFailed(error) => error,
				MutateStorageError::ConcurrentModification(_) => GatewayError::StorageBusy,
			})?;
		update_pending(record, true)?;
		stored = stored.saturating_add(count);
	}
	Ok(stored)
}

/// The offchain worker's pass over the pending batches at block `now`.
pub fn run<T: Config>(now: BlockNumberFor<T>) {
	let now: u64 = now.unique_saturated_into();
	// Workers of consecutive blocks may overlap while one waits on IPFS; one pass at a time
	// keeps a batch from being uploaded and sent twice. The lock expires on its own if a worker
	// dies holding it.
	let mut lock = StorageLock::<Time>::with_deadline(
		LOCK_KEY,
		Duration::from_millis(UPLOAD_TIMEOUT_MS.saturating_mul(MAX_BATCHES_PER_RUN as u64 + 1)),
	);
	let Ok(_guard) = lock.try_lock() else {
		return;
	};
	for record in pending().into_iter().take(MAX_BATCHES_PER_RUN) {
		if let Err(reason) = advance::<T>(record, now) {
			log::warn!(target: LOG_TARGET, "gateway: record {record} not registered yet: {reason}");
		}
	}
}

/// Moves one batch a step closer to the chain.
fn advance<T: Config>(record: RecordId, now: u64) -> Result<(), &'static str> {
	let storage_key = batch_key(&record);
	let mut storage = StorageValueRef::persistent(&storage_key);
	let Some(batch) = storage.get::<Batch>().map_err(|_| "the stored batch does not decode")?
	else {
		return update_pending(record, false).map_err(|_| "offchain storage busy");
	};

	if RemovedRecords::<T>::contains_key(record.device, record.interval) {
		return Err("the interval's record was removed; the batch is kept");
	}
	if let Some(existing) = Records::<T>::get(record.device, record.interval) {
		let ours = batch.state.upload().is_some_and(|upload| upload.cid == existing.cid);
		update_pending(record, false).map_err(|_| "offchain storage busy")?;
		if ours {
			storage.clear();
			log::info!(target: LOG_TARGET, "gateway: record {record} registered");
			return Ok(());
		}
		// Someone else registered this interval: keep the readings for the operator.
		return Err("another blob was registered for this interval; the batch is kept");
	}

	let device = Devices::<T>::get(record.device).ok_or("the device is not registered")?;
	if !interval::is_closed(record.interval, device.interval_length_ms, Pallet::<T>::now_ms()) {
		return Ok(());
	}

	let owner_key = UmbralKeys::<T>::get(&device.owner).ok_or("the owner has no key")?.key;
	// An upload encrypted to a key the owner has since replaced (or to a former owner's)
	// would be refused: encrypt again.
	let state = match batch.state.clone() {
		state if state.upload().is_some_and(|upload| upload.owner_key != owner_key) => {
			BatchState::Open
		}
		state => state,
	};
	let upload = match state {
		BatchState::Open => {
			let upload = encrypt_and_upload(&batch.readings.encode(), &owner_key)?;
			// Fails if a reading slipped in since the batch was read; start over next block.
			let batch_state = batch.state.clone();
			let sealed = Batch { state: BatchState::Uploaded(upload.clone()), ..batch };
			storage
				.mutate::<Batch, (), _>(|old| match old {
					Ok(Some(current))
						if current.state == batch_state
							&& current.readings.len() == sealed.readings.len() =>
					{
						Ok(sealed)
					}
					_ => Err(()),
				})
				.map_err(|_| "readings arrived during the upload; trying again")?;
			upload
		}
		BatchState::Uploaded(upload) => upload,
		BatchState::Submitted { upload, at } => {
			let wait: u64 = T::GatewayResubmitAfter::get().unique_saturated_into();
			if now < at.saturating_add(wait) {
				return Ok(());
			}
			upload
		}
	};

	submit::<T>(
		record,
		&device.key,
		&device.owner,
		&[Some(&device.owner), device.gateway.as_ref()],
		&upload,
	)?;
	storage
		.mutate::<Batch, (), _>(|old| match old {
			Ok(Some(mut current)) => {
				current.state = BatchState::Submitted { upload, at: now };
				Ok(current)
			}
			_ => Err(()),
		})
		.map(|_| ())
		.map_err(|_| "offchain storage busy")
}

/// Encrypts `plaintext` to `owner` and stores the ciphertext on IPFS.
fn encrypt_and_upload(
	plaintext: &[u8],
	owner: &cpchain_primitives::umbral::UmbralPublicKey,
) -> Result<Upload, &'static str> {
	// This seed draws the capsule's secret scalars: whoever learns it opens the blob with the
	// owner's public key alone. It seeds this one encryption and nothing else, and is dropped
	// with the generator before anything leaves the worker.
	let (capsule, ciphertext) = {
		let mut rng = ChaCha20Rng::from_seed(sp_io::offchain::random_seed());
		umbral::encrypt_with_rng(&mut rng, owner, plaintext).map_err(|_| "encryption failed")?
	};
	let ciphertext_hash = H256(sp_io::hashing::blake2_256(&ciphertext));
	let cid = ipfs_add(&ciphertext, &ciphertext_hash)?;
	Ok(Upload { cid, ciphertext_hash, capsule, size: ciphertext.len() as u64, owner_key: *owner })
}

/// A `multipart/form-data` upload of one blob, as `/api/v0/add` takes it.
pub struct Multipart {
	/// The `Content-Type` header, which names the boundary.
	pub content_type: String,
	/// The body, in chunks: the part's head, the blob, the closing boundary.
	pub body: Vec<Vec<u8>>,
}

impl Multipart {
	/// The upload of `blob`, whose blake2-256 is `hash`.
	///
	/// Everything in it but the blob is computed from the blob's hash, which the record
	/// publishes anyway: the request tells whoever sees it nothing the chain and IPFS do not.
	/// (The boundary must not occur in the blob; a hash-derived one does not, but the blob is
	/// checked all the same.)
	pub fn new(blob: &[u8], hash: &H256) -> Result<Self, &'static str> {
		let boundary = (0u8..4)
			.map(|salt| {
				let derived =
					sp_io::hashing::blake2_128(&(b"cpchain:multipart", hash, salt).encode());
				let hex: String = derived.iter().map(|byte| format!("{byte:02x}")).collect();
				format!("cpchain-{hex}")
			})
			.find(|boundary| !blob.windows(boundary.len()).any(|w| w == boundary.as_bytes()))
			.ok_or("no multipart boundary fits the blob")?;
		let head = format!(
			"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n\
			 Content-Type: application/octet-stream\r\n\r\n"
		);
		let tail = format!("\r\n--{boundary}--\r\n");
		Ok(Self {
			content_type: format!("multipart/form-data; boundary={boundary}"),
			body: vec![head.into_bytes(), blob.to_vec(), tail.into_bytes()],
		})
	}

	/// Bytes of the body.
	pub fn body_len(&self) -> usize {
		self.body.iter().map(Vec::len).sum()
	}
}

/// POSTs `blob` (whose blake2-256 is `hash`) to the IPFS RPC API's `/api/v0/add` and returns
/// its CID.
fn ipfs_add(blob: &[u8], hash: &H256) -> Result<Cid, &'static str> {
	#[derive(serde::Deserialize)]
	struct Added {
		#[serde(rename = "Hash")]
		hash: String,
	}

	let base = StorageValueRef::persistent(IPFS_API_KEY)
		.get::<Vec<u8>>()
		.ok()
		.flatten()
		.and_then(|url| String::from_utf8(url).ok())
		.unwrap_or_else(|| DEFAULT_IPFS_API.into());
	let url = format!("{}/api/v0/add?cid-version=1&pin=true", base.trim_end_matches('/'));
	let upload = Multipart::new(blob, hash)?;
	let length = upload.body_len();

	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(UPLOAD_TIMEOUT_MS));
	let request = http::Request::post(&url, upload.body)
		.add_header("Content-Type", &upload.content_type)
		.add_header("Content-Length", &format!("{length}"))
		.deadline(deadline)
		.send()
		.map_err(|_| "the IPFS API is unreachable")?;
	let response = request
		.try_wait(deadline)
		.map_err(|_| "the IPFS API timed out")?
		.map_err(|_| "the IPFS API request failed")?;
	if response.code != 200 {
		return Err("the IPFS API refused the upload");
	}
	let body: Vec<u8> = response.body().collect();
	let added: Added =
		serde_json::from_slice(&body).map_err(|_| "the IPFS API answered something else")?;
	Cid::parse(added.hash.as_bytes()).map_err(|_| "the IPFS API returned a malformed CID")
}

/// Signs the record with the device key and sends `register_data` from whichever of `signers`
/// the keystore holds a gateway key for.
fn submit<T: Config>(
	record: RecordId,
	device_key: &sr25519::Public,
	owner: &T::AccountId,
	signers: &[Option<&T::AccountId>],
	upload: &Upload,
) -> Result<(), &'static str> {
	let statement = record::record_statement(
		&Pallet::<T>::genesis_hash(),
		&record::RecordContent {
			record,
			owner,
			owner_key: &upload.owner_key,
			cid: &upload.cid,
			ciphertext_hash: upload.ciphertext_hash.as_fixed_bytes(),
			capsule: &upload.capsule,
			size: upload.size,
		},
	);
	let signature = sp_io::crypto::sr25519_sign(DEVICE_KEY_TYPE, device_key, &statement)
		.ok_or("the device key is not in this node's keystore")?;

	type GatewayApp<T> = <<T as Config>::GatewayId as AppCrypto<
		<T as frame_system::offchain::SigningTypes>::Public,
		<T as frame_system::offchain::SigningTypes>::Signature,
	>>::RuntimeAppPublic;
	type GatewayGeneric<T> = <<T as Config>::GatewayId as AppCrypto<
		<T as frame_system::offchain::SigningTypes>::Public,
		<T as frame_system::offchain::SigningTypes>::Signature,
	>>::GenericPublic;
	let public = GatewayApp::<T>::all()
		.into_iter()
		.map(|key| -> T::Public { GatewayGeneric::<T>::from(key).into() })
		.find(|public| {
			let account = public.clone().into_account();
			signers.iter().flatten().any(|signer| **signer == account)
		})
		.ok_or("no gateway key in this node's keystore belongs to the owner or gateway")?;

	let sent = Signer::<T, T::GatewayId>::all_accounts()
		.with_filter(vec![public])
		.send_signed_transaction(|_| Call::register_data {
			device: record.device,
			interval: record.interval,
			cid: upload.cid.clone(),
			ciphertext_hash: upload.ciphertext_hash,
			capsule: upload.capsule.clone(),
			size: upload.size,
			signature,
		});
	match sent.first() {
		Some((_, Ok(()))) => Ok(()),
		_ => Err("the register_data transaction could not be sent"),
	}
}
