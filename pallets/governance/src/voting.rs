//! The currency conviction voting counts votes in: CPC not owed to anyone else.
//!
//! `pallet-conviction-voting` accepts a vote (or a delegation) of up to the voter's *total*
//! balance, held CPC included, and locks it with a lock that overlaps holds. Held CPC is not
//! always the voter's to keep: CPChain's market pays a buyer's escrow to the data's owner and
//! proxies, and a DApp owner's put-aside leasing fees to its lenders, out of the hold and past
//! the payer's locks (the CPC is owed). Counted as it was, the same CPC voted twice: once in
//! the payer's account while held, again in the payee's once paid, and the payer's lock was
//! left covering CPC it no longer had.
//!
//! [`VotingCurrency`] is the voting pallet's view of the currency: the same currency, except
//! that an account's balance, for voting, is its free balance and the holds the runtime lists
//! as [`KeptOnHold`]: held CPC that only ever comes back to the account (a stake, a lease), so
//! votes as free CPC does. Every other hold, those paid to others among them, does not vote;
//! a hold added later is excluded until it is listed. The other half of the rule is where CPC
//! goes on a hold paid to others: such holds take only CPC no lock or freeze covers
//! (`cpchain_primitives::funds::movable`), so CPC a vote locked never lands in another account
//! either; and since pallet-balances lets held CPC cover a lock, the runtime keeps such holds
//! from covering the vote's lock with a lock of its own, which [`OnLockChange`] (`L`) settles
//! again each time the vote's lock changes.

use core::marker::PhantomData;

use frame_support::traits::{
	fungible,
	tokens::{DepositConsequence, Fortitude, Preservation, Provenance, WithdrawConsequence},
	BalanceStatus, Currency, ExistenceRequirement, LockIdentifier, LockableCurrency,
	ReservableCurrency, SignedImbalance, WithdrawReasons,
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult,
};

/// Held CPC of an account that votes: holds that never leave the account but to its free
/// balance.
pub trait KeptOnHold<A, B> {
	/// What `who` has on such holds.
	fn kept_on_hold(who: &A) -> B;
}

/// No held CPC votes.
impl<A, B: Zero> KeptOnHold<A, B> for () {
	fn kept_on_hold(_: &A) -> B {
		Zero::zero()
	}
}

/// Every hold of `C` is kept: [`LocksTold`].
pub struct AllHeld<C>(PhantomData<C>);

impl<A, B, C: fungible::InspectHold<A, Balance = B>> KeptOnHold<A, B> for AllHeld<C> {
	fn kept_on_hold(who: &A) -> B {
		C::total_balance_on_hold(who)
	}
}

/// `C` as it is, but that `L` is told of every change to its locks: for the other pallets that
/// lock CPC (vesting), whose locks CPC owed on hold must not cover either.
pub type LocksTold<C, L> = VotingCurrency<C, AllHeld<C>, L>;

/// `C` as conviction voting should see it: an account's balance is its free CPC and what it
/// keeps on the holds `K` lists.
///
/// Everything but the two `total_balance`s is `C`'s own.
pub struct VotingCurrency<C, K = (), L = ()>(PhantomData<(C, K, L)>);

impl<A, C: Currency<A>, K: KeptOnHold<A, C::Balance>, L> Currency<A> for VotingCurrency<C, K, L> {
	type Balance = C::Balance;
	type PositiveImbalance = C::PositiveImbalance;
	type NegativeImbalance = C::NegativeImbalance;

	/// What votes: free CPC and the kept holds, never more than the account has. Other held
	/// CPC may be paid to another account, which would vote it again.
	fn total_balance(who: &A) -> Self::Balance {
		C::free_balance(who).saturating_add(K::kept_on_hold(who)).min(C::total_balance(who))
	}
	fn can_slash(who: &A, value: Self::Balance) -> bool {
		C::can_slash(who, value)
	}
	fn total_issuance() -> Self::Balance {
		C::total_issuance()
	}
	fn active_issuance() -> Self::Balance {
		C::active_issuance()
	}
	fn deactivate(amount: Self::Balance) {
		C::deactivate(amount)
	}
	fn reactivate(amount: Self::Balance) {
		C::reactivate(amount)
	}
	fn minimum_balance() -> Self::Balance {
		C::minimum_balance()
	}
	fn burn(amount: Self::Balance) -> Self::PositiveImbalance {
		C::burn(amount)
	}
	fn issue(amount: Self::Balance) -> Self::NegativeImbalance {
		C::issue(amount)
	}
	fn free_balance(who: &A) -> Self::Balance {
		C::free_balance(who)
	}
	fn ensure_can_withdraw(
		who: &A,
		amount: Self::Balance,
		reasons: WithdrawReasons,
		new_balance: Self::Balance,
	) -> DispatchResult {
		C::ensure_can_withdraw(who, amount, reasons, new_balance)
	}
	fn transfer(
		source: &A,
		dest: &A,
		value: Self::Balance,
		existence_requirement: ExistenceRequirement,
	) -> DispatchResult {
		C::transfer(source, dest, value, existence_requirement)
	}
	fn slash(who: &A, value: Self::Balance) -> (Self::NegativeImbalance, Self::Balance) {
		C::slash(who, value)
	}
	fn deposit_into_existing(
		who: &A,
		value: Self::Balance,
	) -> Result<Self::PositiveImbalance, sp_runtime::DispatchError> {
		C::deposit_into_existing(who, value)
	}
	fn deposit_creating(who: &A, value: Self::Balance) -> Self::PositiveImbalance {
		C::deposit_creating(who, value)
	}
	fn withdraw(
		who: &A,
		value: Self::Balance,
		reasons: WithdrawReasons,
		liveness: ExistenceRequirement,
	) -> Result<Self::NegativeImbalance, sp_runtime::DispatchError> {
		C::withdraw(who, value, reasons, liveness)
	}
	fn make_free_balance_be(
		who: &A,
		balance: Self::Balance,
	) -> SignedImbalance<Self::Balance, Self::PositiveImbalance> {
		C::make_free_balance_be(who, balance)
	}
}

impl<A, C: ReservableCurrency<A>, K: KeptOnHold<A, C::Balance>, L> ReservableCurrency<A>
	for VotingCurrency<C, K, L>
{
	fn can_reserve(who: &A, value: Self::Balance) -> bool {
		C::can_reserve(who, value)
	}
	fn slash_reserved(who: &A, value: Self::Balance) -> (Self::NegativeImbalance, Self::Balance) {
		C::slash_reserved(who, value)
	}
	fn reserved_balance(who: &A) -> Self::Balance {
		C::reserved_balance(who)
	}
	fn reserve(who: &A, value: Self::Balance) -> DispatchResult {
		C::reserve(who, value)
	}
	fn unreserve(who: &A, value: Self::Balance) -> Self::Balance {
		C::unreserve(who, value)
	}
	fn repatriate_reserved(
		slashed: &A,
		beneficiary: &A,
		value: Self::Balance,
		status: BalanceStatus,
	) -> Result<Self::Balance, sp_runtime::DispatchError> {
		C::repatriate_reserved(slashed, beneficiary, value, status)
	}
}

/// Told when a vote's lock changed on an account: the runtime keeps the CPC the account owes
/// others on hold from covering it (`cpchain_primitives::funds::OWED_LOCK`).
pub trait OnLockChange<A> {
	/// `who`'s lock changed.
	fn lock_changed(who: &A);
}

/// Nobody is told.
impl<A> OnLockChange<A> for () {
	fn lock_changed(_: &A) {}
}

/// `C`'s locks; `L` is told of every change.
impl<A, C, K, L> LockableCurrency<A> for VotingCurrency<C, K, L>
where
	C: LockableCurrency<A>,
	K: KeptOnHold<A, C::Balance>,
	L: OnLockChange<A>,
{
	type Moment = C::Moment;
	type MaxLocks = C::MaxLocks;

	fn set_lock(id: LockIdentifier, who: &A, amount: Self::Balance, reasons: WithdrawReasons) {
		C::set_lock(id, who, amount, reasons);
		L::lock_changed(who);
	}
	fn extend_lock(id: LockIdentifier, who: &A, amount: Self::Balance, reasons: WithdrawReasons) {
		C::extend_lock(id, who, amount, reasons);
		L::lock_changed(who);
	}
	fn remove_lock(id: LockIdentifier, who: &A) {
		C::remove_lock(id, who);
		L::lock_changed(who);
	}
}

impl<A, C, K, L> fungible::Inspect<A> for VotingCurrency<C, K, L>
where
	C: fungible::Inspect<A>,
	K: KeptOnHold<A, <C as fungible::Inspect<A>>::Balance>,
{
	type Balance = <C as fungible::Inspect<A>>::Balance;

	fn total_issuance() -> Self::Balance {
		<C as fungible::Inspect<A>>::total_issuance()
	}
	fn active_issuance() -> Self::Balance {
		<C as fungible::Inspect<A>>::active_issuance()
	}
	fn minimum_balance() -> Self::Balance {
		<C as fungible::Inspect<A>>::minimum_balance()
	}
	/// As [`Currency::total_balance`]: free CPC and the kept holds.
	fn total_balance(who: &A) -> Self::Balance {
		<C as fungible::Inspect<A>>::balance(who)
			.saturating_add(K::kept_on_hold(who))
			.min(<C as fungible::Inspect<A>>::total_balance(who))
	}
	fn balance(who: &A) -> Self::Balance {
		<C as fungible::Inspect<A>>::balance(who)
	}
	fn reducible_balance(who: &A, preservation: Preservation, force: Fortitude) -> Self::Balance {
		<C as fungible::Inspect<A>>::reducible_balance(who, preservation, force)
	}
	fn can_deposit(who: &A, amount: Self::Balance, provenance: Provenance) -> DepositConsequence {
		<C as fungible::Inspect<A>>::can_deposit(who, amount, provenance)
	}
	fn can_withdraw(who: &A, amount: Self::Balance) -> WithdrawConsequence<Self::Balance> {
		<C as fungible::Inspect<A>>::can_withdraw(who, amount)
	}
}
