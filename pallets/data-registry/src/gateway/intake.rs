//! Readings in: checking a device's readings against the chain and storing them in their
//! intervals' batches, within the bounds of [`super`].

use alloc::{
	collections::{btree_map::BTreeMap, btree_set::BTreeSet},
	vec::Vec,
};

use codec::Encode;
use cpchain_primitives::{
	interval::{self, IntervalIndex},
	record::{DeviceId, Reading, RecordId, MAX_READING_LEN},
};
use sp_runtime::offchain::storage::{MutateStorageError, StorageValueRef};

use super::{
	batch_key, device_bytes, load_batch, load_index, mutate_index, Batch, BatchState, GatewayError,
	IndexEntry, MAX_BATCH_BYTES, MAX_CLOCK_SKEW_MS, MAX_DEVICE_BYTES, MAX_LATENESS_MS,
	MAX_READINGS_PER_CALL,
};
use crate::{Config, Devices, Pallet};

/// One interval's readings in a call.
struct Arrivals {
	/// Position in the call of the interval's first reading, named in refusals.
	first: u32,
	/// The readings, each timestamp once.
	readings: Vec<Reading>,
}

impl<AccountId: PartialEq> Batch<AccountId> {
	/// The `arrivals` this batch does not hold yet (one reading per timestamp), and their
	/// bytes. One pass over the batch per call, not one per reading.
	fn fresh<'a>(&self, arrivals: &'a [Reading]) -> (Vec<&'a Reading>, u32) {
		let taken: BTreeSet<u64> = self.readings.iter().map(|kept| kept.timestamp_ms).collect();
		let fresh: Vec<&Reading> =
			arrivals.iter().filter(|reading| !taken.contains(&reading.timestamp_ms)).collect();
		let bytes = fresh.iter().fold(0u32, |sum, reading| {
			sum.saturating_add(reading.encoded_size().try_into().unwrap_or(u32::MAX))
		});
		(fresh, bytes)
	}

	/// Whether `bytes` more of `owner`'s readings may join, refused in the name of reading
	/// `first`.
	fn admits(&self, owner: &AccountId, bytes: u32, first: u32) -> Result<(), GatewayError> {
		if self.state != BatchState::Open || self.owner != *owner {
			return Err(GatewayError::IntervalClosed { index: first });
		}
		if self.bytes.saturating_add(bytes) > MAX_BATCH_BYTES {
			return Err(GatewayError::BatchFull { index: first });
		}
		Ok(())
	}
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

	let mut by_interval: BTreeMap<IntervalIndex, Arrivals> = BTreeMap::new();
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
		let (_, end) =
			interval::bounds(interval, length).ok_or(GatewayError::IntervalClosed { index })?;
		// A device that was offline may send an old interval's readings late, as long as the
		// interval has no record yet (nor had one) and closed less than a day ago.
		if now.saturating_sub(end) > MAX_LATENESS_MS {
			return Err(GatewayError::TooLate { index });
		}
		if !Pallet::<T>::interval_free(device, interval) {
			return Err(GatewayError::IntervalClosed { index });
		}
		let arrivals =
			by_interval.entry(interval).or_insert(Arrivals { first: index, readings: Vec::new() });
		// One reading per device and timestamp: a repeat (a device resending, or a replay)
		// is dropped.
		if in_call.insert(reading.timestamp_ms) {
			arrivals.readings.push(reading);
		}
	}

	// Check every batch before writing any, so a refusal stores nothing.
	let index = load_index();
	let mut planned = 0u32;
	let mut plans = Vec::with_capacity(by_interval.len());
	for (interval, arrivals) in by_interval {
		let record = RecordId { device, interval };
		let (held, bytes) = admit::<T>(&index, &record, &entry.owner, &arrivals)?;
		planned = planned.saturating_add(bytes);
		let total =
			device_bytes(&index, device, &record).saturating_add(planned).saturating_add(held);
		if total > MAX_DEVICE_BYTES {
			return Err(GatewayError::DeviceFull { index: arrivals.first });
		}
		plans.push((record, arrivals, held.saturating_add(bytes)));
	}

	let mut stored = 0u32;
	for (record, arrivals, reserved) in plans {
		stored = stored.saturating_add(write::<T>(&record, &entry.owner, &arrivals, reserved)?);
	}
	Ok(stored)
}

/// Whether `arrivals` may join `record`'s batch: the bytes the batch holds and those the fresh
/// readings add.
fn admit<T: Config>(
	index: &super::Index,
	record: &RecordId,
	owner: &T::AccountId,
	arrivals: &Arrivals,
) -> Result<(u32, u32), GatewayError> {
	let closed = GatewayError::IntervalClosed { index: arrivals.first };
	if index.get(record).is_some_and(|entry| entry.dead.is_some()) {
		return Err(closed);
	}
	let batch = load_batch::<T::AccountId>(record).map_err(|_| closed)?;
	let batch = batch.unwrap_or_else(|| empty_batch::<T>(owner));
	let (_, bytes) = batch.fresh(&arrivals.readings);
	batch.admits(owner, bytes, arrivals.first)?;
	Ok((batch.bytes, bytes))
}

fn empty_batch<T: Config>(owner: &T::AccountId) -> Batch<T::AccountId> {
	Batch { owner: owner.clone(), readings: Vec::new(), bytes: 0, state: BatchState::Open }
}

/// Appends the fresh `arrivals` to `record`'s batch, which with them should hold `reserved`
/// bytes; returns how many were stored.
///
/// The bytes are reserved in the index first, by compare-and-set on the one value every
/// writer of the device's batches goes through, so two calls racing cannot both fill the
/// device's last bytes. The entry is then set to what the batch really holds.
fn write<T: Config>(
	record: &RecordId,
	owner: &T::AccountId,
	arrivals: &Arrivals,
	reserved: u32,
) -> Result<u32, GatewayError> {
	let first = arrivals.first;
	let closed = GatewayError::IntervalClosed { index: first };
	mutate_index(
		|index| {
			let others = device_bytes(index, record.device, record);
			if others.saturating_add(reserved) > MAX_DEVICE_BYTES {
				return Err(GatewayError::DeviceFull { index: first });
			}
			let entry = index.entry(*record).or_insert_with(IndexEntry::default);
			if entry.dead.is_some() {
				return Err(closed.clone());
			}
			entry.bytes = entry.bytes.max(reserved);
			Ok(())
		},
		GatewayError::StorageBusy,
	)?;

	let mut written = (0u32, 0u32);
	let outcome = StorageValueRef::persistent(&batch_key(record))
		.mutate::<Batch<T::AccountId>, GatewayError, _>(|old| {
			// Checked again: the batch may have changed since it was first read.
			let mut batch = match old {
				Ok(batch) => batch.unwrap_or_else(|| empty_batch::<T>(owner)),
				Err(_) => return Err(closed.clone()),
			};
			let (fresh, bytes) = batch.fresh(&arrivals.readings);
			batch.admits(owner, bytes, first)?;
			batch.bytes = batch.bytes.saturating_add(bytes);
			written = (fresh.len() as u32, batch.bytes);
			batch.readings.extend(fresh.into_iter().cloned());
			Ok(batch)
		})
		.map_err(|error| match error {
			MutateStorageError::ValueFunctionFailed(error) => error,
			MutateStorageError::ConcurrentModification(_) => GatewayError::StorageBusy,
		});
	match outcome {
		Ok(_) => {
			settle(record, Some(written.1));
			Ok(written.0)
		}
		Err(error) => {
			// Rare (a refusal after the check, or a race): read what is really there.
			if let Ok(batch) = load_batch::<T::AccountId>(record) {
				settle(record, batch.map(|batch| batch.bytes));
			}
			Err(error)
		}
	}
}

/// Sets `record`'s index entry to `held`, the bytes its batch holds, dropping a live entry
/// whose batch is gone. Best effort: a busy index keeps the reservation, which only errs on the
/// safe side until the next write or the batch's end.
fn settle(record: &RecordId, held: Option<u32>) {
	let _ = mutate_index(
		|index| {
			match (held, index.get_mut(record)) {
				(Some(bytes), Some(entry)) => entry.bytes = bytes,
				(None, Some(entry)) if entry.dead.is_none() => {
					index.remove(record);
				}
				_ => {}
			}
			Ok::<_, ()>(())
		},
		(),
	);
}
