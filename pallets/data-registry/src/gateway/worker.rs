//! The offchain worker's pass: each batch in turn, one step closer to the chain.

use alloc::vec;

use codec::Encode;
use cpchain_primitives::{
	interval,
	record::{self, RecordId},
};
use frame_support::traits::Get;
use frame_system::{
	offchain::{AppCrypto, SendSignedTransaction, Signer},
	pallet_prelude::BlockNumberFor,
};
use sp_core::sr25519;
use sp_runtime::{
	offchain::{
		storage::StorageValueRef,
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::{IdentifyAccount, UniqueSaturatedInto},
	RuntimeAppPublic,
};

use super::{
	forget, ipfs, load_batch, load_index, mutate_index, Batch, BatchState, DeadLetter, DeadReason,
	Upload, CURSOR_KEY, LOCK_KEY,
};
use crate::{
	Call, Config, Devices, Pallet, Records, RemovedRecords, UmbralKeys, DEVICE_KEY_TYPE, LOG_TARGET,
};

/// Batches a pass uploads or submits (or tries to), so one pass's time stays bounded by the
/// IPFS timeout.
const MAX_BATCHES_PER_RUN: usize = 8;
/// Batches a pass looks at. A look without work (an open interval, a transaction waiting for
/// inclusion) reads a few storage items and no batch.
const MAX_VISITS_PER_RUN: usize = 64;

/// What a visit did.
#[derive(Debug, PartialEq, Eq)]
enum Step {
	/// Nothing to do yet, or the batch was finished: cheap.
	Waiting,
	/// Uploaded or submitted.
	Worked,
}

/// Why a visit failed.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
	/// Worth trying again on the batch's next turn (IPFS down, storage busy, pool full).
	Transient(&'static str),
	/// Retrying will not help until someone mends the cause: the batch becomes a dead letter.
	Permanent(DeadReason),
}

impl From<&'static str> for Failure {
	fn from(reason: &'static str) -> Self {
		Failure::Transient(reason)
	}
}

/// The offchain worker's pass over the batches at block `now`.
pub fn run<T: Config>(now: BlockNumberFor<T>) {
	let now: u64 = now.unique_saturated_into();
	// Workers of consecutive blocks may overlap while one waits on IPFS; one pass at a time
	// keeps a batch from being uploaded and sent twice. The lock expires on its own if a worker
	// dies holding it.
	let mut lock = StorageLock::<Time>::with_deadline(
		LOCK_KEY,
		Duration::from_millis(
			ipfs::UPLOAD_TIMEOUT_MS.saturating_mul(MAX_BATCHES_PER_RUN as u64 + 1),
		),
	);
	let Ok(_guard) = lock.try_lock() else {
		return;
	};

	let live: alloc::vec::Vec<RecordId> = load_index()
		.into_iter()
		.filter(|(_, entry)| entry.dead.is_none())
		.map(|(record, _)| record)
		.collect();
	// Round robin: start after the batch the last pass ended on, so batches early in key
	// order that keep failing cannot take every pass's turns.
	let cursor = StorageValueRef::persistent(CURSOR_KEY);
	let after = cursor.get::<RecordId>().ok().flatten();
	let start = after.map_or(0, |after| live.partition_point(|record| *record <= after));
	let (before, rest) = live.split_at(start);

	let mut worked = 0;
	let mut last = None;
	for &record in rest.iter().chain(before).take(MAX_VISITS_PER_RUN) {
		if worked == MAX_BATCHES_PER_RUN {
			break;
		}
		last = Some(record);
		match advance::<T>(record, now) {
			Ok(Step::Waiting) => {}
			Ok(Step::Worked) => worked += 1,
			Err(Failure::Transient(reason)) => {
				worked += 1;
				log::warn!(target: LOG_TARGET, "gateway: record {record} not registered yet: {reason}");
			}
			Err(Failure::Permanent(reason)) => {
				log::warn!(target: LOG_TARGET, "gateway: record {record} is a dead letter: {reason:?}");
				let buried = mutate_index(
					|index| {
						if let Some(entry) = index.get_mut(&record) {
							entry.dead = Some(DeadLetter { reason, at: now });
						}
						Ok(())
					},
					(),
				);
				if buried.is_err() {
					log::warn!(target: LOG_TARGET, "gateway: offchain storage busy; record {record} is tried again");
				}
			}
		}
	}
	if let Some(last) = last {
		cursor.set(&last);
	}
}

/// Moves one batch a step closer to the chain.
fn advance<T: Config>(record: RecordId, now: u64) -> Result<Step, Failure> {
	let permanent =
		|reason: DeadReason| -> Result<Step, Failure> { Err(Failure::Permanent(reason)) };
	if RemovedRecords::<T>::contains_key(record.device, record.interval) {
		return permanent(DeadReason::RecordRemoved);
	}
	if let Some(existing) = Records::<T>::get(record.device, record.interval) {
		let batch = load_batch::<T::AccountId>(&record).ok().flatten();
		if batch.is_some_and(|batch| batch.state.upload().is_some_and(|u| u.cid == existing.cid)) {
			forget(&record)?;
			log::info!(target: LOG_TARGET, "gateway: record {record} registered");
			return Ok(Step::Waiting);
		}
		return permanent(DeadReason::RegisteredElsewhere);
	}
	let Some(device) = Devices::<T>::get(record.device) else {
		return permanent(DeadReason::DeviceDeregistered);
	};
	if !interval::is_closed(record.interval, device.interval_length_ms, Pallet::<T>::now_ms()) {
		return Ok(Step::Waiting);
	}

	let storage_key = super::batch_key(&record);
	let storage = StorageValueRef::persistent(&storage_key);
	let batch: Batch<T::AccountId> = match storage.get::<Batch<T::AccountId>>() {
		Ok(Some(batch)) => batch,
		Ok(None) => {
			forget(&record)?;
			return Ok(Step::Waiting);
		}
		Err(_) => return permanent(DeadReason::Undecodable),
	};
	if batch.owner != device.owner {
		return permanent(DeadReason::DeviceTransferred);
	}
	let Some(owner_key) = UmbralKeys::<T>::get(&device.owner).map(|key| key.key) else {
		return permanent(DeadReason::OwnerHasNoKey);
	};
	// Both keys are needed to register; without them an upload would be wasted.
	if !sp_io::crypto::sr25519_public_keys(DEVICE_KEY_TYPE).contains(&device.key) {
		return permanent(DeadReason::NoDeviceKey);
	}
	let signers = [Some(&device.owner), device.gateway.as_ref()];
	let Some(gateway) = gateway_key::<T>(&signers) else {
		return permanent(DeadReason::NoGatewayKey);
	};

	// An upload encrypted to a key the owner has since replaced would be refused: encrypt
	// again.
	let state = match batch.state.clone() {
		state if state.upload().is_some_and(|upload| upload.owner_key != owner_key) => {
			BatchState::Open
		}
		state => state,
	};
	let upload = match state {
		BatchState::Open => {
			let upload = ipfs::encrypt_and_upload(&batch.readings.encode(), &owner_key)?;
			// Fails if a reading slipped in since the batch was read; start over next turn.
			let batch_state = batch.state.clone();
			let count = batch.readings.len();
			let sealed = Batch { state: BatchState::Uploaded(upload.clone()), ..batch };
			storage
				.mutate::<Batch<T::AccountId>, (), _>(|old| match old {
					Ok(Some(current))
						if current.state == batch_state && current.readings.len() == count =>
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
				return Ok(Step::Waiting);
			}
			upload
		}
	};

	submit::<T>(record, &device.key, &device.owner, gateway, &upload)?;
	storage
		.mutate::<Batch<T::AccountId>, (), _>(|old| match old {
			Ok(Some(mut current)) => {
				current.state = BatchState::Submitted { upload, at: now };
				Ok(current)
			}
			_ => Err(()),
		})
		.map(|_| Step::Worked)
		.map_err(|_| Failure::Transient("offchain storage busy"))
}

type GatewayApp<T> = <<T as Config>::GatewayId as AppCrypto<
	<T as frame_system::offchain::SigningTypes>::Public,
	<T as frame_system::offchain::SigningTypes>::Signature,
>>::RuntimeAppPublic;
type GatewayGeneric<T> = <<T as Config>::GatewayId as AppCrypto<
	<T as frame_system::offchain::SigningTypes>::Public,
	<T as frame_system::offchain::SigningTypes>::Signature,
>>::GenericPublic;

/// A gateway key in this node's keystore whose account is one of `signers`.
fn gateway_key<T: Config>(signers: &[Option<&T::AccountId>]) -> Option<T::Public> {
	GatewayApp::<T>::all()
		.into_iter()
		.map(|key| -> T::Public { GatewayGeneric::<T>::from(key).into() })
		.find(|public| {
			let account = public.clone().into_account();
			signers.iter().flatten().any(|signer| **signer == account)
		})
}

/// Signs the record with the device key and sends `register_data` signed by `gateway`.
fn submit<T: Config>(
	record: RecordId,
	device_key: &sr25519::Public,
	owner: &T::AccountId,
	gateway: T::Public,
	upload: &Upload,
) -> Result<(), Failure> {
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
		.ok_or(Failure::Permanent(DeadReason::NoDeviceKey))?;

	let sent = Signer::<T, T::GatewayId>::all_accounts()
		.with_filter(vec![gateway])
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
		_ => Err(Failure::Transient("the register_data transaction could not be sent")),
	}
}
