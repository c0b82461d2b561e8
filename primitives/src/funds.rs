//! Which CPC may go on a hold that is later paid to another account.
//!
//! A hold overlaps the account's locks and freezes, and a hold that is owed to others (a
//! buyer's escrow, a DApp's leasing fees put aside) is paid out past them. Were such a hold
//! taken from CPC a lock covers, the CPC would leave an account whose lock still counted it:
//! CPC a referendum vote locked would vote again in the payee's account, and CPC a vesting
//! schedule locked would leave before it vested. So holds take only what no lock or freeze
//! covers. pallet-balances' own "polite" reducible balance is not enough: it lets the CPC an
//! account already holds cover its locks, so an account holding X could put X more of its
//! locked CPC on hold. (Conviction voting, for its part, does not count CPC owed on such
//! holds.)

use frame_support::sp_runtime::traits::Saturating;
use frame_support::traits::{
	fungible::Inspect,
	tokens::{Fortitude, Preservation},
};

/// What the locks and freezes of an account cover, whatever it holds: its balances pallet's
/// `frozen` ([`BalancesFrozen`]).
pub trait Frozen<A, B> {
	/// What `who`'s locks and freezes cover.
	fn frozen(who: &A) -> B;
}

/// [`Frozen`] read from pallet-balances' account data: the largest of the account's locks and
/// freezes.
pub struct BalancesFrozen<T, I = ()>(core::marker::PhantomData<(T, I)>);

impl<T: pallet_balances::Config<I>, I: 'static> Frozen<T::AccountId, T::Balance>
	for BalancesFrozen<T, I>
{
	fn frozen(who: &T::AccountId) -> T::Balance {
		use frame_support::traits::StoredMap;
		T::AccountStore::get(who).frozen
	}
}

/// What `who` could move to a hold that pays others: its free CPC above what its locks and
/// freezes cover and above the existential deposit, and never more than pallet-balances lets
/// it transfer.
pub fn movable<A, C: Inspect<A>, F: Frozen<A, C::Balance>>(who: &A) -> C::Balance {
	let transferable = C::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
	let unlocked = C::balance(who).saturating_sub(F::frozen(who).max(C::minimum_balance()));
	transferable.min(unlocked)
}
