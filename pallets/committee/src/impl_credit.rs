//! What earns credit: the service each candidate's session tally counts (blocks authored, fees,
//! fragments delivered to others, data held and sold), penalties, and the credits computed as a
//! session closes.

use alloc::vec::Vec;
use credit::CreditInput;
use frame_support::pallet_prelude::*;
use frame_support::storage::StorageValue as StoredValue;
use sp_runtime::traits::{Saturating, Zero};

use crate::*;

/// Whether a proxy's work on `owner`'s data for `buyer` serves someone else: a proxy that
/// is the owner or the buyer serves itself, and earns no credit for it.
fn serves_others<AccountId: PartialEq>(
	proxy: &AccountId,
	owner: &AccountId,
	buyer: &AccountId,
) -> bool {
	proxy != owner && proxy != buyer
}

impl<T: Config> Pallet<T> {
	/// A block authored by `author`.
	pub fn note_author(author: &T::AccountId) {
		Self::with_candidate(author, |c| c.current.authored.saturating_inc());
	}

	/// `amount` of transaction fees paid by `who` that no one gets back. Called for every
	/// transaction, after its weight was accounted: the block is charged for it here.
	pub fn note_fees(who: &T::AccountId, amount: BalanceOf<T>) {
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			T::WeightInfo::note_fees(),
			DispatchClass::Mandatory,
		);
		Self::with_candidate(who, |c| c.current.fees = c.current.fees.saturating_add(amount));
	}

	/// A valid capsule fragment delivered by `proxy` for `owner`'s data to `buyer`; it
	/// counts only as service to others.
	pub fn note_cfrag_accepted(proxy: &T::AccountId, owner: &T::AccountId, buyer: &T::AccountId) {
		if serves_others(proxy, owner, buyer) {
			Self::with_candidate(proxy, |c| c.current.cfrags.saturating_inc());
		}
	}

	/// One of `owner`'s records was removed: the records it held through the session are
	/// at most what it holds now.
	pub fn note_record_removed(owner: &T::AccountId) {
		let held = T::Records::records_held(owner);
		Self::with_candidate(owner, |c| c.records_low = c.records_low.min(held));
	}

	/// A part of `owner`'s data bought by `buyer` was paid for, `to_each_proxy` going to
	/// each of `proxies`: what went to proxies other than the owner and the buyer counts.
	pub fn note_sale(
		owner: &T::AccountId,
		buyer: &T::AccountId,
		proxies: &[T::AccountId],
		to_each_proxy: BalanceOf<T>,
	) {
		let others = proxies.iter().filter(|proxy| serves_others(*proxy, owner, buyer)).count();
		let paid = to_each_proxy.saturating_mul((others as u32).into());
		if !paid.is_zero() {
			Self::with_candidate(owner, |c| c.current.sold = c.current.sold.saturating_add(paid));
		}
	}

	/// An invalid capsule fragment from `proxy`: credit lost at once, part of the bond
	/// slashed.
	pub fn note_cfrag_rejected(proxy: &T::AccountId) {
		let Some(mut candidate) = Candidates::<T>::get(proxy) else { return };
		let parameters = T::Parameters::get();
		candidate.current.invalid_cfrags.saturating_inc();
		candidate.credit.penalty = candidate
			.credit
			.penalty
			.saturating_add(parameters.invalid_cfrag_penalty)
			.min(MAX_SCORE);
		candidate.credit.total =
			candidate.credit.total.saturating_sub(parameters.invalid_cfrag_penalty);
		let slashed = Self::slash(proxy, &mut candidate, parameters.invalid_cfrag_slash);
		let credit = candidate.credit.total;
		Candidates::<T>::insert(proxy, candidate);
		Self::deposit_event(Event::Penalised { who: proxy.clone(), credit, slashed });
	}

	/// Closes session `closed` for every active candidate and computes their credits;
	/// returns the candidates with their credits and eligibility, in list order.
	pub(crate) fn close_session(
		closed: SessionIndex,
		parameters: &ParametersOf<T>,
	) -> Vec<(T::AccountId, u32, bool)> {
		let list = CandidateList::<T>::get();
		let mut records = Vec::with_capacity(list.len());
		let mut inputs = Vec::with_capacity(list.len());
		for who in list {
			let Some(mut candidate) = Candidates::<T>::get(&who) else {
				log::error!(target: LOG_TARGET, "listed candidate {who:?} has no record");
				continue;
			};
			Self::close_tally(&who, &mut candidate, closed, parameters);
			let equivocated = candidate
				.equivocation
				.is_some_and(|(session, _)| session.saturating_add(parameters.window) > closed);
			inputs.push(CreditInput {
				bond: candidate.bond,
				window: candidate.window,
				recent_availability: candidate.recent_availability,
				equivocated,
			});
			records.push((who, candidate));
		}
		let credits =
			credit::credits(&inputs, &parameters.weights, parameters.invalid_cfrag_penalty);
		records
			.into_iter()
			.zip(credits)
			.map(|((who, mut candidate), credit)| {
				candidate.credit = credit;
				let eligible = Self::eligible(&candidate, &who, parameters);
				Candidates::<T>::insert(&who, candidate);
				(who, credit.total, eligible)
			})
			.collect()
	}

	/// Moves a candidate's current tally, capped, into its window and drops sessions that
	/// left it.
	pub(crate) fn close_tally(
		who: &T::AccountId,
		candidate: &mut CandidateOf<T>,
		closed: SessionIndex,
		parameters: &ParametersOf<T>,
	) {
		let window = parameters.window;
		// Records held through the session: the fewest at any time in it.
		let held = T::Records::records_held(who);
		candidate.current.records = candidate.records_low.min(held);
		candidate.records_low = held;
		candidate.recent_availability =
			credit::availability_ratio(candidate.current.authored, candidate.current.expected);
		let current = core::mem::take(&mut candidate.current).capped(&parameters.caps);
		candidate.window.add(&current);
		if !current.is_empty() {
			Past::<T>::insert(closed, who, current);
		}
		// At most MaxWindow sessions are dropped at once (after the window shrank).
		for _ in 0..T::MaxWindow::get() {
			if candidate.window_start.saturating_add(window) > closed {
				break;
			}
			if let Some(old) = Past::<T>::take(candidate.window_start, who) {
				candidate.window.subtract(&old);
			}
			candidate.window_start.saturating_inc();
		}
	}

	/// Credits the slots each candidate in the committee was expected to author this
	/// session.
	pub(crate) fn note_expected_slots() {
		let members = Members::<T>::get();
		// The genesis session's first slot is not known.
		let Some(start) = SessionStartSlot::<T>::get() else { return };
		if members.is_empty() {
			return;
		}
		let slots = T::CurrentSlot::get().saturating_sub(start);
		let expected: u32 = (slots / members.len() as u64).try_into().unwrap_or(u32::MAX);
		for who in members.iter() {
			Self::with_candidate(who, |c| c.current.expected.saturating_accrue(expected));
		}
	}
}
