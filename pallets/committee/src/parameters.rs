//! The committee's section of CPChain's parameters: the bounds of each, and what a new term
//! does to the next election.

use alloc::{vec, vec::Vec};
use cpchain_primitives::parameters::Section;
use frame_support::{pallet_prelude::*, traits::Get};
use sp_runtime::{traits::Saturating, Perbill};

use crate::{
	pallet::*, ParameterChange, ParameterKey, ParameterLimits, ParametersOf, SessionIndex,
	MAX_CREDIT_WEIGHT, MAX_EQUIVOCATION_SLASH, MAX_INVALID_CFRAG_SLASH, MAX_LOW_CREDIT_SEATS,
	MAX_SCORE, MAX_SESSION_LENGTH, MAX_TERM,
};

impl<T: Config> Pallet<T> {
	/// The pallet's limits the parameters are checked against.
	pub fn limits() -> ParameterLimits<BalanceOf<T>> {
		ParameterLimits {
			max_window: T::MaxWindow::get(),
			max_seats: T::MaxSeats::get(),
			max_min_bond: T::MaxMinBond::get(),
		}
	}
}

impl<T: Config> Section for Pallet<T> {
	type Record = ParametersOf<T>;
	type Change = ParameterChange<BalanceOf<T>>;
	type Key = ParameterKey;

	fn initial() -> Self::Record {
		T::DefaultParameters::get()
	}

	/// Each parameter's bounds, and seats for every invulnerable.
	fn check(record: &Self::Record) -> DispatchResult {
		record.check(&Self::limits()).map_err(Error::<T>::from)?;
		ensure!(
			Invulnerables::<T>::decode_len().unwrap_or(0) as u32 <= record.seats,
			Error::<T>::TooManyInvulnerables
		);
		Ok(())
	}

	fn beyond_bounds(key: ParameterKey) -> Vec<Self::Change> {
		use ParameterChange as C;
		use ParameterKey as K;
		let initial = Self::initial();
		let above = |p: Perbill| Perbill::from_parts(p.deconstruct().saturating_add(1));
		match key {
			K::MinBond => vec![
				C::MinBond(0u32.into()),
				C::MinBond(T::MaxMinBond::get().saturating_add(1u32.into())),
			],
			K::SessionLength => {
				vec![C::SessionLength(1), C::SessionLength(MAX_SESSION_LENGTH.saturating_add(1))]
			}
			K::Weights => {
				let mut heavy = initial.weights;
				heavy.proxy = MAX_CREDIT_WEIGHT.saturating_add(1);
				let none = crate::CreditWeights {
					stake: 0,
					activity: 0,
					data: 0,
					proxy: 0,
					availability: 0,
				};
				vec![C::Weights(none), C::Weights(heavy)]
			}
			K::Window => {
				vec![C::Window(0), C::Window(T::MaxWindow::get().saturating_add(1))]
			}
			K::Term => vec![C::Term(0), C::Term(MAX_TERM.saturating_add(1))],
			K::Seats => vec![C::Seats(0), C::Seats(T::MaxSeats::get().saturating_add(1))],
			K::LowCreditSeats => vec![C::LowCreditSeats(above(MAX_LOW_CREDIT_SEATS))],
			K::MinCredit => vec![C::MinCredit(MAX_SCORE.saturating_add(1))],
			K::InvalidCfragPenalty => vec![C::InvalidCfragPenalty(MAX_SCORE.saturating_add(1))],
			K::InvalidCfragSlash => vec![C::InvalidCfragSlash(above(MAX_INVALID_CFRAG_SLASH))],
			K::EquivocationSlash => vec![C::EquivocationSlash(above(MAX_EQUIVOCATION_SLASH))],
			K::Caps => {
				let mut none = initial.caps;
				none.cfrags = 0;
				vec![C::Caps(none)]
			}
		}
	}

	fn within_bounds(key: ParameterKey) -> Self::Change {
		use ParameterChange as C;
		use ParameterKey as K;
		let initial = Self::initial();
		// One step from the initial value, towards the middle of the bounds.
		let step =
			|v: u32, max: u32| if v < max { v.saturating_add(1) } else { v.saturating_sub(1) };
		let share = cpchain_primitives::parameters::share_beside;
		match key {
			K::MinBond => C::MinBond(if initial.min_bond < T::MaxMinBond::get() {
				initial.min_bond.saturating_add(1u32.into())
			} else {
				initial.min_bond.saturating_sub(1u32.into())
			}),
			K::SessionLength => C::SessionLength(step(initial.session_length, MAX_SESSION_LENGTH)),
			K::Weights => {
				let mut weights = initial.weights;
				weights.stake = step(weights.stake, MAX_CREDIT_WEIGHT);
				C::Weights(weights)
			}
			K::Window => C::Window(step(initial.window, T::MaxWindow::get())),
			K::Term => C::Term(step(initial.term, MAX_TERM)),
			K::Seats => C::Seats(step(initial.seats, T::MaxSeats::get())),
			K::LowCreditSeats => {
				C::LowCreditSeats(share(initial.low_credit_seats, MAX_LOW_CREDIT_SEATS))
			}
			K::MinCredit => C::MinCredit(step(initial.min_credit, MAX_SCORE)),
			K::InvalidCfragPenalty => {
				C::InvalidCfragPenalty(step(initial.invalid_cfrag_penalty, MAX_SCORE))
			}
			K::InvalidCfragSlash => {
				C::InvalidCfragSlash(share(initial.invalid_cfrag_slash, MAX_INVALID_CFRAG_SLASH))
			}
			K::EquivocationSlash => {
				C::EquivocationSlash(share(initial.equivocation_slash, MAX_EQUIVOCATION_SLASH))
			}
			K::Caps => {
				let mut caps = initial.caps;
				caps.cfrags = caps.cfrags.saturating_add(1);
				C::Caps(caps)
			}
		}
	}

	/// A new term moves the next election (see [`Section::changed`]).
	fn costliest() -> Option<ParameterKey> {
		Some(ParameterKey::Term)
	}

	/// A new term moves the next election with it, but never into the past: the sessions
	/// already served of the old term count towards the new one.
	fn changed(old: &Self::Record, new: &Self::Record) {
		if new.term != old.term {
			let next: SessionIndex = NextElection::<T>::get()
				.saturating_sub(old.term)
				.saturating_add(new.term)
				.max(CurrentSession::<T>::get().saturating_add(2));
			NextElection::<T>::put(next);
		}
	}
}
