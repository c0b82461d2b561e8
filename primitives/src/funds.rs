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
//!
//! The other half: CPC held for others must not cover a lock either. pallet-balances measures a
//! lock against the account's free *and* held CPC, so once X is on such a hold, X of the CPC a
//! lock covers may be spent from the free balance, and when the hold is paid out the lock
//! covers nothing: an account that voted, then put CPC aside for its lenders, could send its
//! voted CPC to another account to vote again; one with a vesting schedule could spend CPC
//! before it vests. So while an account owes CPC on hold and has a lock or freeze, it carries
//! one more lock, [`OWED_LOCK`], of what its other locks and freezes cover plus what it owes
//! ([`BalancesFrozen::settle_owed`]). Every change to what an account owes, or to its vote's
//! lock, settles it again; a vesting schedule that releases CPC meanwhile is counted the next
//! time.

use frame_support::sp_runtime::traits::{Saturating, Zero};
use frame_support::traits::{
	fungible::Inspect,
	tokens::{Fortitude, Preservation},
	LockIdentifier, LockableCurrency, WithdrawReasons,
};

/// The lock that keeps CPC held for others from covering an account's other locks.
pub const OWED_LOCK: LockIdentifier = *b"cpc/owed";

/// What the locks and freezes of an account cover, whatever it holds, and the lock that keeps
/// what it owes on hold from covering them ([`BalancesFrozen`]).
pub trait Frozen<A, B> {
	/// What `who`'s locks and freezes cover, [`OWED_LOCK`] aside.
	fn frozen(who: &A) -> B;
	/// Sets [`OWED_LOCK`] again after what `who` owes on hold, or one of its locks, changed.
	fn settle_owed(who: &A);
}

/// What an account has on holds that are paid to others past its locks.
pub trait OwedOnHold<A, B> {
	/// What `who` owes on such holds.
	fn owed_on_hold(who: &A) -> B;
}

/// Nothing is owed on hold.
impl<A, B: Zero> OwedOnHold<A, B> for () {
	fn owed_on_hold(_: &A) -> B {
		Zero::zero()
	}
}

/// [`Frozen`] read from pallet-balances' locks and freezes, with the holds `O` lists as owed.
pub struct BalancesFrozen<T, O = (), I = ()>(core::marker::PhantomData<(T, O, I)>);

impl<T, O, I> Frozen<T::AccountId, T::Balance> for BalancesFrozen<T, O, I>
where
	T: pallet_balances::Config<I>,
	O: OwedOnHold<T::AccountId, T::Balance>,
	I: 'static,
{
	/// The largest of the account's locks and freezes, as pallet-balances' `frozen` is, but
	/// for [`OWED_LOCK`], which stands on top of them.
	fn frozen(who: &T::AccountId) -> T::Balance {
		let lock = pallet_balances::Locks::<T, I>::get(who)
			.iter()
			.filter(|lock| lock.id != OWED_LOCK)
			.map(|lock| lock.amount)
			.max()
			.unwrap_or_default();
		let freeze = pallet_balances::Freezes::<T, I>::get(who)
			.iter()
			.map(|freeze| freeze.amount)
			.max()
			.unwrap_or_default();
		lock.max(freeze)
	}

	/// [`OWED_LOCK`] is what the other locks and freezes cover plus what is owed on hold, so
	/// that pallet-balances, which lets held CPC cover a lock, counts only the held CPC that
	/// stays the account's; none if nothing is owed or nothing else is locked.
	fn settle_owed(who: &T::AccountId) {
		let owed = O::owed_on_hold(who);
		let covered = Self::frozen(who);
		if owed.is_zero() || covered.is_zero() {
			let locked =
				pallet_balances::Locks::<T, I>::get(who).iter().any(|lock| lock.id == OWED_LOCK);
			if locked {
				pallet_balances::Pallet::<T, I>::remove_lock(OWED_LOCK, who);
			}
		} else {
			pallet_balances::Pallet::<T, I>::set_lock(
				OWED_LOCK,
				who,
				covered.saturating_add(owed),
				WithdrawReasons::all(),
			);
		}
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

/// What storage says accounts hold, summed per account and hold reason: what each pallet's
/// `held_by_storage` builds for its `try_state`, and what a whole-runtime check compares with
/// every hold on chain. Hold reasons are told apart by their encoding, since a runtime's hold
/// reasons need not be ordered.
pub struct HeldTally<A, R, B> {
	held: alloc::collections::btree_map::BTreeMap<(A, alloc::vec::Vec<u8>), (R, B)>,
}

impl<A, R, B> Default for HeldTally<A, R, B> {
	fn default() -> Self {
		Self { held: Default::default() }
	}
}

impl<A: Ord + Clone, R: codec::Encode, B: Saturating + Copy> HeldTally<A, R, B> {
	/// Counts `amount` more held from `who` for `reason`.
	pub fn add(&mut self, who: &A, reason: R, amount: B) {
		self.held
			.entry((who.clone(), reason.encode()))
			.and_modify(|(_, sum)| *sum = sum.saturating_add(amount))
			.or_insert((reason, amount));
	}

	/// Each account and reason with what it holds for it, by account.
	pub fn into_vec(self) -> alloc::vec::Vec<(A, R, B)> {
		self.held.into_iter().map(|((who, _), (reason, amount))| (who, reason, amount)).collect()
	}
}

#[cfg(test)]
mod tests {
	use super::HeldTally;

	#[test]
	fn held_tally_sums_per_account_and_reason() {
		let mut tally = HeldTally::<u8, (u8, u8), u64>::default();
		tally.add(&2, (1, 0), 5);
		tally.add(&1, (0, 7), 3);
		tally.add(&2, (1, 0), 4);
		tally.add(&2, (0, 1), 1);
		// Amounts saturate rather than wrap.
		tally.add(&1, (0, 7), u64::MAX);
		assert_eq!(tally.into_vec(), vec![(1, (0, 7), u64::MAX), (2, (0, 1), 1), (2, (1, 0), 9)]);
	}
}
