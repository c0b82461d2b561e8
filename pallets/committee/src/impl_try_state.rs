//! The pallet's invariants, checked by `try_state` and the tests.

use alloc::{collections::btree_set::BTreeSet, vec::Vec};
use frame_support::storage::StorageValue as StoredValue;
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let parameters = T::Parameters::get();
		ensure!(parameters.check(&Self::limits()).is_ok(), "parameters out of bounds");
		let list = CandidateList::<T>::get();
		ensure!(list.windows(2).all(|pair| pair[0] < pair[1]), "candidate list not sorted");
		let invulnerables = Invulnerables::<T>::get();
		ensure!(invulnerables.windows(2).all(|pair| pair[0] < pair[1]), "invulnerables not sorted");
		let current = CurrentSession::<T>::get();
		let mut active = 0usize;
		for (who, candidate) in Candidates::<T>::iter() {
			ensure!(!invulnerables.contains(&who), "an invulnerable is a candidate");
			let listed = list.binary_search(&who).is_ok();
			ensure!(listed == (candidate.status == Status::Active), "list and status disagree");
			active += usize::from(listed);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CandidacyBond.into(), &who)
					== candidate.bond,
				"held bond differs from the record"
			);
			ensure!(candidate.credit.total <= MAX_SCORE, "credit above the top");
			let mut window = Tally::default();
			for session in candidate.window_start..current {
				if let Some(tally) = Past::<T>::get(session, &who) {
					window.add(&tally);
				}
			}
			ensure!(window == candidate.window, "window differs from the sessions kept");
		}
		ensure!(active == list.len(), "listed candidates without records");
		for (session, who, _) in Past::<T>::iter() {
			let candidate = Candidates::<T>::get(&who).ok_or("tally of a non-candidate")?;
			ensure!(
				session >= candidate.window_start && session < current,
				"tally outside its window"
			);
		}
		// A former invulnerable may sit until the next sets take over, so members are not
		// always candidates; but no one sits twice.
		for members in [Members::<T>::get(), Queued::<T>::get()] {
			let unique: BTreeSet<_> = members.iter().collect();
			ensure!(unique.len() == members.len(), "a member sits twice");
		}
		if let Some(snapshot) = ElectionSnapshot::<T>::get() {
			ensure!(
				snapshot.credits.iter().all(|(_, credit)| *credit <= MAX_SCORE),
				"snapshot credit above the top"
			);
		}
		Ok(())
	}

	/// What storage says each account has held: a candidate's bond, until withdrawn.
	/// `try_state` checks the holds against it; a whole-runtime check can also find holds
	/// that nothing explains.
	pub fn held_by_storage() -> Vec<(T::AccountId, HoldReason, BalanceOf<T>)> {
		Candidates::<T>::iter()
			.map(|(who, candidate)| (who, HoldReason::CandidacyBond, candidate.bond))
			.collect()
	}
}
