//! DApps: stake for the weight their users use, leases that earn a fee per block, and paying
//! for admitted users' transactions.
//!
//! A DApp is its owner's account. Its capacity, the reference time it may pay for a day, is
//! its earning stake (own and leased) at [`crate::Parameters::dapp_stake_per_ms`]; own stake
//! below [`crate::Parameters::dapp_min_stake`] pays for nothing. Lenders' CPC stays on hold in
//! their own accounts. Leasing fees are earned through one accumulator per DApp
//! ([`Dapp::fee_per_unit`]): paying the fee of a block, or a claim, touches the DApp and the
//! one lease, never the other lenders.

use cpchain_primitives::funds::Frozen as _;
use frame_support::storage::StorageValue as StoredValue;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, Zero},
	Rounding, SaturatedConversion,
};

use crate::{
	pallet::{
		Admissions, BalanceOf, Config, Dapps, Error, Event, HoldReason, Leases, Pallet,
		ParametersOf, QuotaAccounts,
	},
	types::{Admission, Dapp, Lease, REWARD_SCALE},
};

/// A DApp's record.
pub type DappOf<T> = Dapp<BalanceOf<T>, BlockNumberFor<T>>;
/// A lease's record.
pub type LeaseOf<T> = Lease<BalanceOf<T>, BlockNumberFor<T>>;
/// An admission's record.
pub type AdmissionOf<T> = Admission<BalanceOf<T>, BlockNumberFor<T>>;

/// Picoseconds of reference time in a millisecond.
const PS_PER_MS: u128 = 1_000_000_000;

impl<T: Config> Pallet<T> {
	/// Reference time a day `dapp` may pay for: nothing while its own earning stake is below
	/// the minimum, else its own and leased earning stake at the parameter's rate.
	pub fn dapp_capacity(params: &ParametersOf<T>, dapp: &DappOf<T>) -> u64 {
		let own = dapp.stake.saturating_sub(dapp.unstaking);
		if own < params.dapp_min_stake || params.dapp_stake_per_ms.is_zero() {
			return 0;
		}
		let total: u128 = own.saturating_add(dapp.leased).saturated_into();
		let per: u128 = params.dapp_stake_per_ms.saturated_into();
		multiply_by_rational_with_rounding(total, PS_PER_MS, per, Rounding::Down)
			.unwrap_or(u128::MAX)
			.min(u128::from(u64::MAX)) as u64
	}

	/// The DApp's and the admission's records after paying for one more transaction of
	/// `weight` from `who`, `ahead` places after its next nonce; `None` if `owner` does not
	/// pay for it: not a DApp, `who` not admitted, the user's allowance of the day used up
	/// (each pending transaction claims its own place), or the DApp's capacity of the day.
	pub fn sponsored_place(
		owner: &T::AccountId,
		who: &T::AccountId,
		ahead: u32,
		weight: Weight,
		now: BlockNumberFor<T>,
	) -> Option<(DappOf<T>, AdmissionOf<T>)> {
		let params = T::Parameters::get();
		let mut dapp = Dapps::<T>::get(owner)?;
		let mut admission = Admissions::<T>::get(owner, who)?;
		let day = Self::day_of(&params, now);
		if admission.day != day {
			admission.day = day;
			admission.used = 0;
		}
		if admission.used.saturating_add(ahead) >= dapp.allowance_per_user {
			return None;
		}
		if dapp.day != day {
			dapp.day = day;
			dapp.weight_used = 0;
		}
		let used = dapp.weight_used.checked_add(weight.ref_time())?;
		if used > Self::dapp_capacity(&params, &dapp) {
			return None;
		}
		dapp.weight_used = used;
		admission.used = admission.used.saturating_add(1);
		Some((dapp, admission))
	}

	/// Notes a transaction `owner` pays for: the records [`Self::sponsored_place`] gave.
	pub(crate) fn use_sponsored_place(
		owner: &T::AccountId,
		who: &T::AccountId,
		dapp: DappOf<T>,
		admission: AdmissionOf<T>,
	) {
		Dapps::<T>::insert(owner, dapp);
		Admissions::<T>::insert(owner, who, admission);
	}

	/// Earns the leasing fees of the blocks since the last accrual, as far as the fees put
	/// aside go: one step of the accumulator, whatever the number of lenders. What moves to
	/// `fees_owed` is what the step hands out, rounded up, so the lenders' claims (each rounded
	/// down) never exceed it and at most a unit per step stays unclaimed; what the division
	/// leaves stays put aside, so calling often rounds nothing away from the DApp.
	pub(crate) fn accrue(dapp: &mut DappOf<T>, now: BlockNumberFor<T>) {
		let elapsed: u128 = now.saturating_sub(dapp.accrued_at).saturated_into();
		if elapsed == 0 {
			return;
		}
		if dapp.leased.is_zero() {
			// Nobody leased in these blocks: nobody earned them.
			dapp.accrued_at = now;
			return;
		}
		let rate: u128 = dapp.lease_fee_per_block.saturated_into();
		let left: u128 = dapp.fees_left.saturated_into();
		let due = rate.saturating_mul(elapsed).min(left);
		let leased: u128 = dapp.leased.saturated_into();
		let per_unit =
			multiply_by_rational_with_rounding(due, REWARD_SCALE, leased, Rounding::Down)
				.unwrap_or(0);
		// Always up to now, so blocks never count twice nor for lenders who joined after them.
		dapp.accrued_at = now;
		if per_unit == 0 {
			// Too little to give any lender a unit: it stays put aside, the DApp's.
			return;
		}
		let handed_out =
			multiply_by_rational_with_rounding(per_unit, leased, REWARD_SCALE, Rounding::Up)
				.unwrap_or(due)
				.min(due);
		let handed_out: BalanceOf<T> = handed_out.saturated_into();
		dapp.fee_per_unit = dapp.fee_per_unit.saturating_add(per_unit);
		dapp.fees_left = dapp.fees_left.saturating_sub(handed_out);
		dapp.fees_owed = dapp.fees_owed.saturating_add(handed_out);
	}

	/// What `lease` earned since it last settled, at the DApp's accumulator.
	pub fn lease_pending(dapp: &DappOf<T>, lease: &LeaseOf<T>) -> BalanceOf<T> {
		let growth = dapp.fee_per_unit.saturating_sub(lease.settled_at_fee_per_unit);
		let amount: u128 = lease.amount.saturated_into();
		let earned =
			multiply_by_rational_with_rounding(amount, growth, REWARD_SCALE, Rounding::Down)
				.unwrap_or(0);
		lease.earned.saturating_add(earned.saturated_into())
	}

	/// Moves what `lease` earned into its `earned`, before its amount changes.
	fn settle(dapp: &DappOf<T>, lease: &mut LeaseOf<T>) {
		lease.earned = Self::lease_pending(dapp, lease);
		lease.settled_at_fee_per_unit = dapp.fee_per_unit;
	}

	/// Puts `amount` of `who`'s CPC on hold for `reason`, if it has that much to move.
	pub(crate) fn hold_movable(
		who: &T::AccountId,
		reason: HoldReason,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		// Leasing fees are paid to lenders past the owner's locks: held CPC never comes from
		// CPC a lock (a vote's, a vesting schedule's) covers, so it cannot vote in two
		// accounts nor leave before it vests.
		let movable = cpchain_primitives::funds::movable::<_, T::Currency, T::Frozen>(who);
		ensure!(amount <= movable, Error::<T>::InsufficientBalance);
		T::Currency::hold(&reason.into(), who, amount)
	}

	pub(crate) fn release(
		who: &T::AccountId,
		reason: HoldReason,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
	}

	fn dapp(owner: &T::AccountId) -> Result<DappOf<T>, DispatchError> {
		Dapps::<T>::get(owner).ok_or_else(|| Error::<T>::NotRegistered.into())
	}

	/// Registers `owner` as a DApp with `stake` of its own.
	pub(crate) fn do_register_dapp(
		owner: &T::AccountId,
		stake: BalanceOf<T>,
		allowance_per_user: u32,
		lease_fee_per_block: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!Dapps::<T>::contains_key(owner), Error::<T>::AlreadyRegistered);
		ensure!(stake >= T::Parameters::get().dapp_min_stake, Error::<T>::BelowDappMinimum);
		Self::hold_movable(owner, HoldReason::DappStake, stake)?;
		let now = frame_system::Pallet::<T>::block_number();
		let dapp = Dapp {
			stake,
			unstaking: Zero::zero(),
			unstake_at: Zero::zero(),
			leased: Zero::zero(),
			allowance_per_user,
			lease_fee_per_block,
			fees_left: Zero::zero(),
			fees_owed: Zero::zero(),
			fee_per_unit: 0,
			accrued_at: now,
			day: Zero::zero(),
			weight_used: 0,
		};
		Dapps::<T>::insert(owner, dapp);
		Self::deposit_event(Event::DappRegistered { dapp: owner.clone(), stake });
		Ok(())
	}

	/// Sets what the DApp pays for each user a day and its lenders a block; the fees of the
	/// blocks before are earned at the old rate.
	pub(crate) fn do_set_dapp_terms(
		owner: &T::AccountId,
		allowance_per_user: u32,
		lease_fee_per_block: BalanceOf<T>,
	) -> DispatchResult {
		let mut dapp = Self::dapp(owner)?;
		Self::accrue(&mut dapp, frame_system::Pallet::<T>::block_number());
		dapp.allowance_per_user = allowance_per_user;
		dapp.lease_fee_per_block = lease_fee_per_block;
		Dapps::<T>::insert(owner, dapp);
		Self::deposit_event(Event::DappTermsSet {
			dapp: owner.clone(),
			allowance_per_user,
			lease_fee_per_block,
		});
		Ok(())
	}

	/// Adds `amount` to the DApp's own stake.
	pub(crate) fn do_stake_dapp(owner: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut dapp = Self::dapp(owner)?;
		let stake = dapp.stake.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		ensure!(
			stake.saturating_sub(dapp.unstaking) >= T::Parameters::get().dapp_min_stake,
			Error::<T>::BelowDappMinimum
		);
		Self::hold_movable(owner, HoldReason::DappStake, amount)?;
		dapp.stake = stake;
		Dapps::<T>::insert(owner, dapp);
		Self::deposit_event(Event::DappStaked { dapp: owner.clone(), amount, stake });
		Ok(())
	}

	/// Asks `amount` of the DApp's own stake back: it counts for nothing from now on.
	pub(crate) fn do_unstake_dapp(owner: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut dapp = Self::dapp(owner)?;
		let unstaking = dapp.unstaking.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		ensure!(unstaking <= dapp.stake, Error::<T>::NotThatMuchStaked);
		let params = T::Parameters::get();
		let earning = dapp.stake.saturating_sub(unstaking);
		ensure!(
			earning.is_zero() || earning >= params.dapp_min_stake,
			Error::<T>::BelowDappMinimum
		);
		let release_at =
			frame_system::Pallet::<T>::block_number().saturating_add(params.dapp_unstake_delay);
		dapp.unstaking = unstaking;
		dapp.unstake_at = release_at;
		Dapps::<T>::insert(owner, dapp);
		Self::deposit_event(Event::DappUnstaking { dapp: owner.clone(), amount, release_at });
		Ok(())
	}

	/// Releases the stake asked back, once its delay has passed. A DApp left with nothing of
	/// its own, leased, put aside or owed is removed.
	pub(crate) fn do_withdraw_dapp_unstaked(owner: &T::AccountId) -> DispatchResult {
		let mut dapp = Self::dapp(owner)?;
		ensure!(!dapp.unstaking.is_zero(), Error::<T>::NothingUnstaking);
		ensure!(
			frame_system::Pallet::<T>::block_number() >= dapp.unstake_at,
			Error::<T>::StillUnstaking
		);
		let amount = dapp.unstaking;
		Self::release(owner, HoldReason::DappStake, amount)?;
		dapp.stake = dapp.stake.saturating_sub(amount);
		dapp.unstaking = Zero::zero();
		if dapp.stake.is_zero()
			&& dapp.leased.is_zero()
			&& dapp.fees_left.is_zero()
			&& dapp.fees_owed.is_zero()
		{
			Dapps::<T>::remove(owner);
		} else {
			Dapps::<T>::insert(owner, dapp);
		}
		Self::deposit_event(Event::DappUnstaked { dapp: owner.clone(), amount });
		Ok(())
	}

	/// Puts `amount` aside, on hold, for the leasing fees.
	pub(crate) fn do_fund_lease_fees(owner: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut dapp = Self::dapp(owner)?;
		Self::accrue(&mut dapp, frame_system::Pallet::<T>::block_number());
		let left = dapp.fees_left.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Self::hold_movable(owner, HoldReason::LeaseFees, amount)?;
		// Owed to lenders: the fees must not cover the owner's locks either.
		T::Frozen::settle_owed(owner);
		dapp.fees_left = left;
		Dapps::<T>::insert(owner, dapp);
		Self::deposit_event(Event::LeaseFeesFunded { dapp: owner.clone(), amount, left });
		Ok(())
	}

	/// Takes back `amount` of what was put aside and nobody has earned yet.
	pub(crate) fn do_reclaim_lease_fees(
		owner: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut dapp = Self::dapp(owner)?;
		Self::accrue(&mut dapp, frame_system::Pallet::<T>::block_number());
		ensure!(amount <= dapp.fees_left, Error::<T>::NotThatMuchLeft);
		Self::release(owner, HoldReason::LeaseFees, amount)?;
		T::Frozen::settle_owed(owner);
		dapp.fees_left = dapp.fees_left.saturating_sub(amount);
		Dapps::<T>::insert(owner, dapp);
		Self::deposit_event(Event::LeaseFeesReclaimed { dapp: owner.clone(), amount });
		Ok(())
	}

	/// Admits `user`: it may opt in to have its transactions paid. The owner keeps a deposit
	/// on hold for the entry, so a DApp pays for what it makes the chain store, and only users
	/// it chose can draw on its allowance (not any number of fresh accounts).
	pub(crate) fn do_admit_user(owner: &T::AccountId, user: &T::AccountId) -> DispatchResult {
		Self::dapp(owner)?;
		ensure!(!Admissions::<T>::contains_key(owner, user), Error::<T>::AlreadyAdmitted);
		let deposit = T::Parameters::get().dapp_user_deposit;
		Self::hold_movable(owner, HoldReason::DappUser, deposit)?;
		Admissions::<T>::insert(owner, user, Admission { deposit, day: Zero::zero(), used: 0 });
		Self::deposit_event(Event::UserAdmitted { dapp: owner.clone(), user: user.clone() });
		Ok(())
	}

	/// Ends `user`'s admission, returns its deposit, and clears the user's choice of this DApp.
	/// Works for a DApp that has since been removed, so no deposit is ever stranded.
	pub(crate) fn do_dismiss_user(owner: &T::AccountId, user: &T::AccountId) -> DispatchResult {
		let admission = Admissions::<T>::take(owner, user).ok_or(Error::<T>::NotAdmitted)?;
		Self::release(owner, HoldReason::DappUser, admission.deposit)?;
		QuotaAccounts::<T>::mutate_exists(user, |record| {
			if let Some(account) = record {
				if account.sponsor.as_ref() == Some(owner) {
					account.sponsor = None;
				}
				if account.is_empty() {
					*record = None;
				}
			}
		});
		Self::deposit_event(Event::UserDismissed { dapp: owner.clone(), user: user.clone() });
		Ok(())
	}

	/// Opts `who` in to be paid for by `sponsor`, which must admit it, or out (`None`).
	pub(crate) fn do_choose_sponsor(
		who: &T::AccountId,
		sponsor: Option<T::AccountId>,
	) -> DispatchResult {
		if let Some(owner) = &sponsor {
			ensure!(Admissions::<T>::contains_key(owner, who), Error::<T>::NotAdmitted);
		}
		QuotaAccounts::<T>::try_mutate_exists(who, |record| -> DispatchResult {
			let mut account = match (record.take(), &sponsor) {
				(Some(account), _) => account,
				(None, Some(_)) => Default::default(),
				(None, None) => return Err(Error::<T>::NoSponsor.into()),
			};
			ensure!(sponsor.is_some() || account.sponsor.is_some(), Error::<T>::NoSponsor);
			account.sponsor = sponsor.clone();
			*record = (!account.is_empty()).then_some(account);
			Ok(())
		})?;
		Self::deposit_event(Event::SponsorChosen { who: who.clone(), sponsor });
		Ok(())
	}

	/// Leases `amount` more of `lender`'s CPC to the DApp `owner`; it stays on hold in the
	/// lender's account.
	pub(crate) fn do_lease(
		lender: &T::AccountId,
		owner: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut dapp = Self::dapp(owner)?;
		let mut lease = Leases::<T>::get(owner, lender).unwrap_or_default();
		let leased = lease.amount.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		ensure!(leased >= T::Parameters::get().min_lease, Error::<T>::BelowMinLease);
		let total = dapp.leased.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Self::hold_movable(lender, HoldReason::Lease, amount)?;
		Self::accrue(&mut dapp, frame_system::Pallet::<T>::block_number());
		Self::settle(&dapp, &mut lease);
		lease.amount = leased;
		dapp.leased = total;
		Leases::<T>::insert(owner, lender, lease);
		Dapps::<T>::insert(owner, dapp);
		Self::deposit_event(Event::Leased {
			lender: lender.clone(),
			dapp: owner.clone(),
			amount,
			leased,
		});
		Ok(())
	}

	/// Recalls `amount` of a lease: it stops earning and counting now, and is released after
	/// the recall delay. What it earned stays to be claimed.
	pub(crate) fn do_recall_lease(
		lender: &T::AccountId,
		owner: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut lease = Leases::<T>::get(owner, lender).ok_or(Error::<T>::NoLease)?;
		ensure!(amount <= lease.amount, Error::<T>::NotThatMuchLeased);
		let params = T::Parameters::get();
		let staying = lease.amount.saturating_sub(amount);
		ensure!(staying.is_zero() || staying >= params.min_lease, Error::<T>::BelowMinLease);
		let recalling = lease.recalling.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		let now = frame_system::Pallet::<T>::block_number();
		// A lease always belongs to a DApp until its amount is zero: the DApp stays while
		// anything is leased to it.
		let mut dapp = Self::dapp(owner)?;
		Self::accrue(&mut dapp, now);
		Self::settle(&dapp, &mut lease);
		let release_at = now.saturating_add(params.lease_recall_delay);
		lease.amount = staying;
		lease.recalling = recalling;
		lease.recall_at = release_at;
		dapp.leased = dapp.leased.saturating_sub(amount);
		Leases::<T>::insert(owner, lender, lease);
		Dapps::<T>::insert(owner, dapp);
		Self::deposit_event(Event::LeaseRecalled {
			lender: lender.clone(),
			dapp: owner.clone(),
			amount,
			release_at,
		});
		Ok(())
	}

	/// Releases what was recalled, once the delay has passed.
	pub(crate) fn do_withdraw_recalled(
		lender: &T::AccountId,
		owner: &T::AccountId,
	) -> DispatchResult {
		let mut lease = Leases::<T>::get(owner, lender).ok_or(Error::<T>::NoLease)?;
		ensure!(!lease.recalling.is_zero(), Error::<T>::NothingRecalling);
		ensure!(
			frame_system::Pallet::<T>::block_number() >= lease.recall_at,
			Error::<T>::StillRecalling
		);
		let amount = lease.recalling;
		Self::release(lender, HoldReason::Lease, amount)?;
		lease.recalling = Zero::zero();
		Self::store_lease(owner, lender, lease);
		Self::deposit_event(Event::LeaseReleased {
			lender: lender.clone(),
			dapp: owner.clone(),
			amount,
		});
		Ok(())
	}

	/// Pays `lender` the leasing fees it has earned from `owner`, out of the fees the owner
	/// put aside: the same work for 1 lender as for 1,000.
	pub(crate) fn do_claim_lease_fees(
		lender: &T::AccountId,
		owner: &T::AccountId,
	) -> DispatchResult {
		let mut lease = Leases::<T>::get(owner, lender).ok_or(Error::<T>::NoLease)?;
		let mut dapp = Self::dapp(owner)?;
		Self::accrue(&mut dapp, frame_system::Pallet::<T>::block_number());
		Self::settle(&dapp, &mut lease);
		let amount = lease.earned.min(dapp.fees_owed);
		ensure!(!amount.is_zero(), Error::<T>::NothingEarned);
		// The fees are the owner's CPC on hold, owed to the lender: the owner's own locks do
		// not stop the payment, as they do not stop a market's escrow.
		T::Currency::transfer_on_hold(
			&HoldReason::LeaseFees.into(),
			owner,
			lender,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force,
		)?;
		T::Frozen::settle_owed(owner);
		lease.earned = lease.earned.saturating_sub(amount);
		dapp.fees_owed = dapp.fees_owed.saturating_sub(amount);
		Dapps::<T>::insert(owner, dapp);
		Self::store_lease(owner, lender, lease);
		Self::deposit_event(Event::LeaseFeesClaimed {
			lender: lender.clone(),
			dapp: owner.clone(),
			amount,
		});
		Ok(())
	}

	fn store_lease(owner: &T::AccountId, lender: &T::AccountId, lease: LeaseOf<T>) {
		if lease.amount.is_zero() && lease.recalling.is_zero() && lease.earned.is_zero() {
			Leases::<T>::remove(owner, lender);
		} else {
			Leases::<T>::insert(owner, lender, lease);
		}
	}

	/// The DApps' part of `try_state`: each DApp's counts, each lease within what is owed.
	pub(crate) fn try_state_dapps() -> Result<(), sp_runtime::TryRuntimeError> {
		for (owner, dapp) in Dapps::<T>::iter() {
			ensure!(dapp.unstaking <= dapp.stake, "a DApp unstaking more than its stake");
			let mut leased = BalanceOf::<T>::zero();
			let mut earned = BalanceOf::<T>::zero();
			for (_, lease) in Leases::<T>::iter_prefix(&owner) {
				leased = leased.saturating_add(lease.amount);
				earned = earned.saturating_add(Self::lease_pending(&dapp, &lease));
			}
			ensure!(leased == dapp.leased, "a DApp's leased total and its leases differ");
			ensure!(earned <= dapp.fees_owed, "lenders earned more than the DApp owes");
		}
		for (owner, _, lease) in Leases::<T>::iter() {
			ensure!(
				!lease.amount.is_zero() || !lease.recalling.is_zero() || !lease.earned.is_zero(),
				"an empty lease"
			);
			ensure!(
				lease.amount.is_zero() || Dapps::<T>::contains_key(&owner),
				"a lease earning from no DApp"
			);
		}
		Ok(())
	}

	/// What the DApps' records say is on hold, by account and reason.
	pub(crate) fn dapp_holds() -> alloc::vec::Vec<(T::AccountId, HoldReason, BalanceOf<T>)> {
		let mut holds = alloc::vec::Vec::new();
		for (owner, dapp) in Dapps::<T>::iter() {
			holds.push((owner.clone(), HoldReason::DappStake, dapp.stake));
			holds.push((
				owner,
				HoldReason::LeaseFees,
				dapp.fees_left.saturating_add(dapp.fees_owed),
			));
		}
		for (owner, _, admission) in Admissions::<T>::iter() {
			holds.push((owner, HoldReason::DappUser, admission.deposit));
		}
		for (_, lender, lease) in Leases::<T>::iter() {
			holds.push((lender, HoldReason::Lease, lease.amount.saturating_add(lease.recalling)));
		}
		holds
	}

	/// `who`'s hold for `reason`, as the balances pallet has it.
	pub(crate) fn on_hold(who: &T::AccountId, reason: HoldReason) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&reason.into(), who)
	}
}
