//! Candidacy: adding a candidate and holding its bond, slashing it, and the candidate list as
//! the proxy set.

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{self, MutateHold},
		tokens::imbalance::Imbalance,
		OnUnbalanced, ValidatorRegistration,
	},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Holds the bond and adds an active candidate.
	pub(crate) fn add_candidate(who: &T::AccountId, bond: BalanceOf<T>) -> DispatchResult {
		ensure!(!Candidates::<T>::contains_key(who), Error::<T>::AlreadyCandidate);
		let mut list = CandidateList::<T>::get();
		let at = list.binary_search(who).err().ok_or(Error::<T>::AlreadyCandidate)?;
		list.try_insert(at, who.clone()).map_err(|_| Error::<T>::TooManyCandidates)?;
		Self::hold(who, bond)?;
		let session = CurrentSession::<T>::get();
		Candidates::<T>::insert(
			who,
			Candidate {
				bond,
				status: Status::Active,
				joined: session,
				current: Tally::default(),
				window: Tally::default(),
				window_start: session,
				records_low: 0,
				recent_availability: Perbill::one(),
				equivocation: None,
				credit: Credit::default(),
			},
		);
		CandidateList::<T>::put(list);
		Ok(())
	}

	pub(crate) fn hold(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::hold(&HoldReason::CandidacyBond.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientBalance.into())
	}

	/// Slashes `fraction` of the bond; returns what was taken.
	pub(crate) fn slash(
		who: &T::AccountId,
		candidate: &mut CandidateOf<T>,
		fraction: Perbill,
	) -> BalanceOf<T> {
		let amount = fraction.mul_floor(candidate.bond);
		if amount.is_zero() {
			return amount;
		}
		let (credit, _) = <T::Currency as fungible::hold::Balanced<T::AccountId>>::slash(
			&HoldReason::CandidacyBond.into(),
			who,
			amount,
		);
		let slashed = credit.peek();
		T::Slashed::on_unbalanced(credit);
		candidate.bond.saturating_reduce(slashed);
		slashed
	}

	/// Removes the closed sessions' tallies a candidate still has; returns how many
	/// sessions were looked at.
	pub(crate) fn clear_past(who: &T::AccountId, candidate: &CandidateOf<T>) -> u32 {
		// Tallies are kept from `window_start` on, for less than a window, and no later
		// than the session it left in.
		let start = candidate.window_start;
		let sessions = CurrentSession::<T>::get().saturating_sub(start).min(T::MaxWindow::get());
		for session in start..start.saturating_add(sessions) {
			Past::<T>::remove(session, who);
		}
		sessions
	}

	/// Runs `f` on an active or leaving candidate's record, if `who` is one.
	pub(crate) fn with_candidate(who: &T::AccountId, f: impl FnOnce(&mut CandidateOf<T>)) {
		Candidates::<T>::mutate(who, |candidate| {
			if let Some(candidate) = candidate {
				f(candidate)
			}
		});
	}

	/// Whether `who` may sit now: active, bonded enough, with keys and enough credit.
	pub(crate) fn eligible(
		candidate: &CandidateOf<T>,
		who: &T::AccountId,
		parameters: &ParametersOf<T>,
	) -> bool {
		candidate.status == Status::Active
			&& candidate.bond >= parameters.min_bond
			&& candidate.credit.total >= parameters.min_credit
			&& T::ValidatorRegistration::is_registered(who)
	}
}

impl<T: Config> frame_support::traits::SortedMembers<T::AccountId> for Pallet<T> {
	fn sorted_members() -> Vec<T::AccountId> {
		CandidateList::<T>::get().into_inner()
	}

	fn contains(who: &T::AccountId) -> bool {
		Candidates::<T>::get(who).is_some_and(|candidate| candidate.status == Status::Active)
	}

	fn count() -> usize {
		CandidateList::<T>::decode_len().unwrap_or(0)
	}

	/// A candidate with the least bond, minted for it, so that benchmarks of other pallets
	/// include the slash a penalty costs.
	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &T::AccountId) {
		use frame_support::{
			storage::StorageValue as _,
			traits::fungible::{Inspect, Mutate},
		};
		let bond = T::Parameters::get().min_bond;
		let _ = T::Currency::mint_into(who, bond.saturating_add(T::Currency::minimum_balance()));
		let _ = Self::add_candidate(who, bond);
	}
}
