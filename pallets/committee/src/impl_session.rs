//! Sessions and elections: the committee planned for each session (an election at a term's
//! end, else the eligible members kept and empty seats refilled by a draw), the snapshot the
//! next draw uses, and the session pallet's traits.

use alloc::{
	collections::{btree_map::BTreeMap, btree_set::BTreeSet},
	vec::Vec,
};
use frame_support::storage::StorageValue as StoredValue;
use frame_support::{pallet_prelude::*, traits::EstimateNextSessionRotation};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{Saturating, Zero};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Decides the committee of session `serves_from`: an election if one is due, else the
	/// queued committee less the members no longer eligible, refilled by a draw.
	pub(crate) fn plan(serves_from: SessionIndex) -> Option<Vec<T::AccountId>> {
		let parameters = T::Parameters::get();
		let closed = serves_from.saturating_sub(2);
		let candidates = Self::close_session(closed, &parameters);
		let eligible: BTreeSet<T::AccountId> = candidates
			.iter()
			.filter(|(_, _, eligible)| *eligible)
			.map(|(who, _, _)| who.clone())
			.collect();
		let randomness = T::Randomness::random_value();
		// A draw needs a value no one knew when its snapshot was taken.
		let draw = match (randomness, ElectionSnapshot::<T>::get()) {
			(Some(value), Some(snapshot)) if snapshot.seen.as_ref() != Some(&value) => {
				Some((value, snapshot))
			}
			_ => None,
		};
		let invulnerables = Invulnerables::<T>::get().into_inner();
		let due = serves_from >= NextElection::<T>::get();

		let members = match draw {
			Some((value, snapshot)) if due => Self::elect_committee(
				serves_from,
				&parameters,
				invulnerables,
				&value,
				snapshot,
				&eligible,
			),
			draw => {
				if due {
					Self::deposit_event(Event::ElectionPostponed { serves_from });
				}
				let credits: BTreeMap<T::AccountId, u32> =
					candidates.iter().map(|(who, credit, _)| (who.clone(), *credit)).collect();
				let members = Self::keep_eligible(
					serves_from,
					&parameters,
					invulnerables,
					&credits,
					&eligible,
				);
				match draw {
					Some((value, snapshot)) => {
						Self::refill(serves_from, &parameters, members, &value, snapshot, &eligible)
					}
					None => members,
				}
			}
		};
		Self::take_snapshot(serves_from, candidates, randomness);
		Self::queue(members)
	}

	/// The term's election: invulnerables, then the snapshot's draw. A drawn candidate no
	/// longer eligible leaves its seat empty, so nothing done after the draw is known can
	/// pass a seat on.
	pub(crate) fn elect_committee(
		serves_from: SessionIndex,
		parameters: &ParametersOf<T>,
		invulnerables: Vec<T::AccountId>,
		randomness: &[u8; 32],
		snapshot: SnapshotOf<T>,
		eligible: &BTreeSet<T::AccountId>,
	) -> Vec<T::AccountId> {
		let seats = parameters.seats.saturating_sub(invulnerables.len() as u32);
		let drawn =
			election::elect(randomness, &snapshot.credits, seats, parameters.low_credit_seats);
		let mut members = invulnerables;
		members.extend(drawn.into_iter().filter(|who| eligible.contains(who)));
		NextElection::<T>::put(serves_from.saturating_add(parameters.term));
		Self::deposit_event(Event::CommitteeElected { serves_from, members: members.clone() });
		members
	}

	/// Between elections: invulnerables, then the queued members still eligible, highest
	/// credit first while seats last; the others are removed.
	pub(crate) fn keep_eligible(
		serves_from: SessionIndex,
		parameters: &ParametersOf<T>,
		invulnerables: Vec<T::AccountId>,
		credits: &BTreeMap<T::AccountId, u32>,
		eligible: &BTreeSet<T::AccountId>,
	) -> Vec<T::AccountId> {
		let mut kept: Vec<(T::AccountId, u32)> = Queued::<T>::get()
			.into_iter()
			.filter(|who| !invulnerables.contains(who))
			.map(|who| {
				let credit = credits.get(&who).copied().unwrap_or_default();
				(who, credit)
			})
			.collect();
		// Seats may have shrunk, or invulnerables grown: the lowest credits go.
		kept.sort_by_key(|(_, credit)| core::cmp::Reverse(*credit));
		let mut members = invulnerables;
		for (who, _) in kept {
			if eligible.contains(&who) && members.len() < parameters.seats as usize {
				members.push(who);
			} else {
				Self::deposit_event(Event::MemberRemoved { who, from: serves_from });
			}
		}
		members
	}

	/// Fills the seats `members` leaves empty by a draw from the snapshot, skipping those
	/// already seated and (leaving the seat empty) those no longer eligible.
	pub(crate) fn refill(
		serves_from: SessionIndex,
		parameters: &ParametersOf<T>,
		mut members: Vec<T::AccountId>,
		randomness: &[u8; 32],
		snapshot: SnapshotOf<T>,
		eligible: &BTreeSet<T::AccountId>,
	) -> Vec<T::AccountId> {
		let empty = (parameters.seats as usize).saturating_sub(members.len());
		if empty == 0 {
			return members;
		}
		let pool: Vec<_> =
			snapshot.credits.into_iter().filter(|(who, _)| !members.contains(who)).collect();
		let added: Vec<_> = election::draw_order(randomness, &pool)
			.into_iter()
			.take(empty)
			.filter(|who| eligible.contains(who))
			.collect();
		if !added.is_empty() {
			members.extend(added.iter().cloned());
			Self::deposit_event(Event::SeatsRefilled { serves_from, added });
		}
		members
	}

	/// Fixes the input of the next draw: the eligible candidates' credits and the random
	/// value current now.
	pub(crate) fn take_snapshot(
		session: SessionIndex,
		candidates: Vec<(T::AccountId, u32, bool)>,
		seen: Option<[u8; 32]>,
	) {
		let credits: Vec<_> = candidates
			.into_iter()
			.filter(|(_, _, eligible)| *eligible)
			.map(|(who, credit, _)| (who, credit))
			.collect();
		// The list is bounded by MaxCandidates, so the snapshot always fits.
		let credits = BoundedVec::truncate_from(credits);
		ElectionSnapshot::<T>::put(Snapshot { session, seen, credits });
	}

	/// Queues `members` for the next session; an empty committee would halt the chain, so
	/// the queued one stays instead.
	pub(crate) fn queue(members: Vec<T::AccountId>) -> Option<Vec<T::AccountId>> {
		if members.is_empty() {
			log::warn!(target: LOG_TARGET, "no one to seat: the committee stays");
			return None;
		}
		let bounded = MembersOf::<T>::truncate_from(members);
		Queued::<T>::put(&bounded);
		Some(bounded.into_inner())
	}

	/// The block the session under way ends at.
	pub(crate) fn next_session_change() -> BlockNumberFor<T> {
		SessionStartBlock::<T>::get().saturating_add(T::Parameters::get().session_length.into())
	}

	/// The committee a chain starts with: invulnerables, then genesis candidates.
	pub(crate) fn genesis_committee() -> Vec<T::AccountId> {
		let seats = T::Parameters::get().seats as usize;
		let mut members = Invulnerables::<T>::get().into_inner();
		members.extend(CandidateList::<T>::get());
		members.truncate(seats);
		members
	}

	/// The session change the draw for `serves_from` happens at, and its block estimate.
	pub fn election_info() -> ElectionInfo<BlockNumberFor<T>> {
		let serves_from = NextElection::<T>::get();
		let current = CurrentSession::<T>::get();
		let drawn_at = serves_from.saturating_sub(1).max(current.saturating_add(1));
		let now = frame_system::Pallet::<T>::block_number();
		let drawn_at_block =
			<Self as EstimateNextSessionRotation<_>>::estimate_next_session_rotation(now).0.map(
				|next| {
					let more = drawn_at.saturating_sub(current).saturating_sub(1);
					next.saturating_add(
						<Self as EstimateNextSessionRotation<_>>::average_session_length()
							.saturating_mul(more.into()),
					)
				},
			);
		ElectionInfo {
			serves_from,
			drawn_at,
			drawn_at_block,
			current_session: current,
			snapshot_candidates: ElectionSnapshot::<T>::get()
				.map_or(0, |snapshot| snapshot.credits.len() as u32),
		}
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		log::debug!(target: LOG_TARGET, "planning session {new_index}");
		Self::plan(new_index)
	}

	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let members = Self::genesis_committee();
		let bounded = MembersOf::<T>::truncate_from(members.clone());
		Members::<T>::put(&bounded);
		Queued::<T>::put(&bounded);
		Some(members)
	}

	fn end_session(_end_index: SessionIndex) {
		Self::note_expected_slots();
	}

	fn start_session(start_index: SessionIndex) {
		Members::<T>::put(Queued::<T>::get());
		CurrentSession::<T>::put(start_index);
		let now = frame_system::Pallet::<T>::block_number();
		SessionStartBlock::<T>::put(now);
		// At genesis there is no slot yet: the first session's is not known.
		if now.is_zero() {
			SessionStartSlot::<T>::kill();
		} else {
			SessionStartSlot::<T>::put(T::CurrentSlot::get());
		}
	}
}

impl<T: Config> pallet_session::ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		now >= Self::next_session_change()
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		T::Parameters::get().session_length.into()
	}

	fn estimate_current_session_progress(
		now: BlockNumberFor<T>,
	) -> (Option<sp_runtime::Permill>, Weight) {
		let length = Self::average_session_length();
		let elapsed = now.saturating_sub(SessionStartBlock::<T>::get()).min(length);
		(Some(sp_runtime::Permill::from_rational(elapsed, length)), T::DbWeight::get().reads(2))
	}

	fn estimate_next_session_rotation(
		_now: BlockNumberFor<T>,
	) -> (Option<BlockNumberFor<T>>, Weight) {
		(Some(Self::next_session_change()), T::DbWeight::get().reads(2))
	}
}
