//! Proxies' deliveries: which fragment a proxy may deliver and which it still owes, and the
//! pruning of delivered fragments after their retention.

use alloc::vec::Vec;
use cpchain_primitives::record::RecordId;
use frame_support::pallet_prelude::*;
use frame_support::storage::StorageValue as StoredValue;
use frame_system::pallet_prelude::*;
use sp_runtime::traits::Saturating;

use crate::*;

/// The longest range of intervals [`Pallet::due_parts`] walks one by one.
const RANGE_WALK: u32 = 4096;

/// Whether a deadline has passed.
pub(crate) fn expired<BlockNumber: PartialOrd>(
	expires_at: Option<BlockNumber>,
	now: BlockNumber,
) -> bool {
	expires_at.is_some_and(|expires_at| now > expires_at)
}

/// A delivery that passed every check but the fragment's own.
pub(crate) struct Admitted<T: Config> {
	pub(crate) entry: GrantOf<T>,
	pub(crate) proxy: u8,
	pub(crate) key: (T::AccountId, RecordId),
	pub(crate) part: Part<BlockNumberFor<T>>,
	pub(crate) info: RecordInfo<T::AccountId, BlockNumberFor<T>>,
	pub(crate) price: BalanceOf<T>,
}

impl<T: Config> Pallet<T> {
	/// Whether `who` may deliver a fragment of `record` for `grant` now: a proxy of the
	/// live grant, the record covered and the owner's, its part open and not yet served by
	/// `who`, and escrow to pay for it.
	pub(crate) fn admit(
		who: &T::AccountId,
		grant: GrantId,
		record: RecordId,
	) -> Result<Admitted<T>, DispatchError> {
		let entry = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
		let proxy = entry.proxy_index(who).ok_or(Error::<T>::NotGrantProxy)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(!expired(entry.expires_at, now), Error::<T>::GrantExpired);
		ensure!(entry.coverage.covers(&record), Error::<T>::NotCovered);
		let info = T::Data::record(&record).ok_or(Error::<T>::NotCovered)?;
		ensure!(info.owner == entry.owner, Error::<T>::NotCovered);
		ensure!(
			info.owner_key == entry.delegating.fingerprint(),
			Error::<T>::EncryptedToAnotherKey
		);
		let key = (entry.buyer.clone(), record);
		let part = match Parts::<T>::get(&key, grant) {
			Some(part) => part,
			None => Part {
				delegating: entry.delegating,
				threshold: entry.threshold,
				delivered: 0,
				deadline: info
					.registered_at
					.max(entry.approved_at)
					.saturating_add(T::Parameters::get().delivery_window),
			},
		};
		ensure!(now <= part.deadline, Error::<T>::DeliveryWindowClosed);
		ensure!(!part.is_settled(), Error::<T>::PartSettled);
		ensure!(!part.has(proxy), Error::<T>::AlreadyDelivered);
		let price = Self::part_price(&entry).ok_or(Error::<T>::EscrowExhausted)?;
		Ok(Admitted { entry, proxy, key, part, info, price })
	}

	/// Queues a new part for pruning after its retention.
	pub(crate) fn queue_prune(
		key: &(T::AccountId, RecordId),
		grant: GrantId,
		deadline: BlockNumberFor<T>,
	) -> DispatchResult {
		let (head, tail) = PruneCursor::<T>::get();
		let next = tail.checked_add(1).ok_or(Error::<T>::IdOverflow)?;
		PruneQueue::<T>::insert(
			tail,
			PruneEntry {
				due: deadline
					.saturating_add(T::Parameters::get().cfrag_retention)
					.saturating_add(1u32.into()),
				buyer: key.0.clone(),
				record: key.1,
				grant,
			},
		);
		PruneCursor::<T>::put((head, next));
		Ok(())
	}

	/// Prunes parts that are due, as far as `remaining` weight allows.
	pub(crate) fn prune(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
		// The cursor, and the queue entry that turns out not to be due yet.
		let check = T::DbWeight::get().reads(2);
		let per_part = T::WeightInfo::prune_part(MAX_GRANT_PROXIES);
		let mut used = check;
		if remaining.any_lt(check) {
			return Weight::zero();
		}
		let (mut head, tail) = PruneCursor::<T>::get();
		let start = head;
		while head < tail && !remaining.any_lt(used.saturating_add(per_part)) {
			match PruneQueue::<T>::get(head) {
				Some(entry) if entry.due > now => break,
				Some(entry) => {
					let _ = Cfrags::<T>::clear_prefix(
						(entry.buyer.clone(), entry.record, entry.grant),
						MAX_GRANT_PROXIES,
						None,
					);
					Parts::<T>::remove((entry.buyer, entry.record), entry.grant);
					PruneQueue::<T>::remove(head);
				}
				None => {}
			}
			head = head.saturating_add(1);
			used = used.saturating_add(per_part);
		}
		if head != start {
			PruneCursor::<T>::put((head, tail));
		}
		used
	}

	/// Up to `limit` of the records `grant` covers for which `proxy` still owes a
	/// fragment: registered, the owner's, in their delivery window, not settled and not
	/// delivered by it. For the proxy worker.
	pub fn due_parts(proxy: &T::AccountId, grant: GrantId, limit: u32) -> Vec<RecordId> {
		let Some(entry) = Grants::<T>::get(grant) else { return Vec::new() };
		let Some(index) = entry.proxy_index(proxy) else { return Vec::new() };
		let now = frame_system::Pallet::<T>::block_number();
		if expired(entry.expires_at, now) {
			return Vec::new();
		}
		let delegating = entry.delegating.fingerprint();
		let owes = |record: &RecordId| -> bool {
			let Some(info) = T::Data::record(record) else { return false };
			if info.owner != entry.owner
				|| info.owner_key != delegating
				|| !entry.coverage.covers(record)
			{
				return false;
			}
			match Parts::<T>::get((entry.buyer.clone(), *record), grant) {
				Some(part) => now <= part.deadline && !part.is_settled() && !part.has(index),
				None => {
					now <= info
						.registered_at
						.max(entry.approved_at)
						.saturating_add(T::Parameters::get().delivery_window)
				}
			}
		};
		let mut due = Vec::new();
		match &entry.coverage {
			Coverage::Records(records) => due
				.extend(records.iter().filter(|record| owes(record)).take(limit as usize).copied()),
			// A short range is walked interval by interval; a long or open-ended one by the
			// device's records, so neither reads more than it must.
			Coverage::Intervals { device, first, last: Some(last) }
				if last.saturating_sub(*first) < u64::from(RANGE_WALK) =>
			{
				due.extend(
					(*first..=*last)
						.map(|interval| RecordId { device: *device, interval })
						.filter(|record| owes(record))
						.take(limit as usize),
				)
			}
			Coverage::Intervals { device, .. } => {
				let mut after = None;
				while (due.len() as u32) < limit {
					let page = T::Data::records_of_device(*device, after, 256);
					let Some(last) = page.last().copied() else { break };
					due.extend(
						page.into_iter()
							.map(|interval| RecordId { device: *device, interval })
							.filter(|record| owes(record))
							.take((limit as usize).saturating_sub(due.len())),
					);
					after = Some(last);
				}
			}
		}
		due
	}
}
