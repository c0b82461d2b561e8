//! The free daily quota: what an account's frozen CPC earns, and whether a transaction is free.

use frame_support::storage::StorageValue as StoredValue;
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};

use crate::{
	pallet::{
		BalanceOf, Config, Error, Event, FreeWeight, HoldReason, Pallet, ParametersOf,
		QuotaAccounts,
	},
	types::QuotaAccount,
};

/// An account's quota record.
pub type QuotaOf<T> =
	QuotaAccount<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// Free transactions a day for `earning` CPC frozen: none below the minimum, then one per
	/// [`crate::Parameters::freeze_per_free_transaction`], at most
	/// [`crate::Parameters::max_free_per_day`]. The floor and
	/// the cap only ever lower it, so accounts splitting a stake between them earn together at
	/// most what the stake earns at the rate, uncapped.
	pub fn daily_quota(earning: BalanceOf<T>) -> u32 {
		Self::daily_quota_with(&T::Parameters::get(), earning)
	}

	/// [`Self::daily_quota`] under `params`.
	pub fn daily_quota_with(params: &ParametersOf<T>, earning: BalanceOf<T>) -> u32 {
		if earning < params.quota_min_freeze || earning.is_zero() {
			return 0;
		}
		let per = params.freeze_per_free_transaction;
		if per.is_zero() {
			return 0;
		}
		let count: u128 = (earning / per).saturated_into();
		count.min(u128::from(params.max_free_per_day)) as u32
	}

	/// The quota day `now` falls in, under `params`.
	pub fn day_of(params: &ParametersOf<T>, now: BlockNumberFor<T>) -> BlockNumberFor<T> {
		if params.day_length.is_zero() {
			return Zero::zero();
		}
		now / params.day_length
	}

	/// The record `who` would have after one more free transaction, if a transaction that is
	/// `ahead` places after the account's next nonce may be free at `now`; `None` if it pays.
	/// Each pending transaction claims its own place (`used + ahead`), so transactions in the
	/// pool cannot all count on the same remaining quota; and with a spacing, only the next
	/// one may be free: the others would land in the same block or right after it.
	pub fn free_slot(who: &T::AccountId, ahead: u32, now: BlockNumberFor<T>) -> Option<QuotaOf<T>> {
		Self::free_slot_in(QuotaAccounts::<T>::get(who)?, ahead, now)
	}

	/// [`Self::free_slot`] for an account whose record is `account`: the fee extension reads
	/// the record before anything else, so an account without one costs a single read.
	pub fn free_slot_in(
		mut account: QuotaOf<T>,
		ahead: u32,
		now: BlockNumberFor<T>,
	) -> Option<QuotaOf<T>> {
		let params = T::Parameters::get();
		let day = Self::day_of(&params, now);
		if account.day != day {
			account.day = day;
			account.used = 0;
		}
		let quota =
			Self::daily_quota_with(&params, account.frozen.saturating_sub(account.unfreezing));
		if account.used.saturating_add(ahead) >= quota {
			return None;
		}
		let spacing = params.min_free_spacing;
		if !spacing.is_zero() {
			if ahead > 0 {
				return None;
			}
			if account.last_free.is_some_and(|last| now < last.saturating_add(spacing)) {
				return None;
			}
		}
		account.used = account.used.saturating_add(1);
		account.last_free = Some(now);
		Some(account)
	}

	/// The most weight free transactions may take in one block.
	pub fn free_weight_limit() -> Weight {
		Self::share_of_block(T::Parameters::get().free_block_share)
	}

	/// The most one free transaction may declare.
	pub fn free_transaction_limit(params: &ParametersOf<T>) -> Weight {
		Self::share_of_block(params.free_transaction_share)
	}

	fn share_of_block(share: sp_runtime::Perbill) -> Weight {
		share * <T as frame_system::Config>::BlockWeights::get().max_block
	}

	/// The weight free transactions have taken in this block so far.
	fn free_weight_used(now: BlockNumberFor<T>) -> Weight {
		FreeWeight::<T>::get()
			.filter(|(block, _)| *block == now)
			.map_or(Weight::zero(), |(_, used)| used)
	}

	/// Hands back to this block's free share what a free transaction declared but did not use.
	pub(crate) fn unuse_free_weight(unspent: Weight) {
		if unspent.is_zero() {
			return;
		}
		let now = frame_system::Pallet::<T>::block_number();
		FreeWeight::<T>::mutate(|entry| {
			if let Some((block, used)) = entry {
				if *block == now {
					*used = used.saturating_sub(unspent);
				}
			}
		});
	}

	/// Whether a free transaction of `weight` still fits in this block's free share.
	pub fn free_weight_fits(weight: Weight) -> bool {
		let used = Self::free_weight_used(frame_system::Pallet::<T>::block_number());
		used.saturating_add(weight).all_lte(Self::free_weight_limit())
	}

	/// Notes a free transaction: its place in the quota and its weight in the block's share.
	pub(crate) fn use_free_slot(who: &T::AccountId, account: QuotaOf<T>, weight: Weight) {
		let quota = Self::daily_quota(account.frozen.saturating_sub(account.unfreezing));
		let used = account.used;
		QuotaAccounts::<T>::insert(who, account);
		// Wallets show a transaction's fee from the payment's event; a free one has this.
		Self::deposit_event(Event::FreeTransaction { who: who.clone(), used, quota });
		let now = frame_system::Pallet::<T>::block_number();
		FreeWeight::<T>::put((now, Self::free_weight_used(now).saturating_add(weight)));
	}

	/// Freezes `amount` more of `who`'s CPC for the quota.
	pub(crate) fn do_freeze(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut account = QuotaAccounts::<T>::get(who).unwrap_or_default();
		let frozen = account.frozen.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		ensure!(
			frozen.saturating_sub(account.unfreezing) >= T::Parameters::get().quota_min_freeze,
			Error::<T>::BelowQuotaMinimum
		);
		Self::hold_movable(who, HoldReason::Quota, amount)?;
		account.frozen = frozen;
		QuotaAccounts::<T>::insert(who, account);
		Self::deposit_event(Event::QuotaFrozen { who: who.clone(), amount, frozen });
		Ok(())
	}

	/// Asks `amount` of the quota's freeze back: it stops earning quota now, and is released
	/// after [`crate::Parameters::unfreeze_delay`], so the same CPC cannot earn quota in two accounts on
	/// one day.
	pub(crate) fn do_unfreeze(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut account = QuotaAccounts::<T>::get(who)
			.filter(|account| !account.frozen.is_zero())
			.ok_or(Error::<T>::NothingFrozen)?;
		let unfreezing = account.unfreezing.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		ensure!(unfreezing <= account.frozen, Error::<T>::NotThatMuchFrozen);
		let params = T::Parameters::get();
		let earning = account.frozen.saturating_sub(unfreezing);
		ensure!(
			earning.is_zero() || earning >= params.quota_min_freeze,
			Error::<T>::BelowQuotaMinimum
		);
		let release_at =
			frame_system::Pallet::<T>::block_number().saturating_add(params.unfreeze_delay);
		account.unfreezing = unfreezing;
		account.release_at = release_at;
		QuotaAccounts::<T>::insert(who, account);
		Self::deposit_event(Event::QuotaUnfreezing { who: who.clone(), amount, release_at });
		Ok(())
	}

	/// Releases what was asked back, once its delay has passed.
	pub(crate) fn do_withdraw_unfrozen(who: &T::AccountId) -> DispatchResult {
		let mut account = QuotaAccounts::<T>::get(who).ok_or(Error::<T>::NothingFrozen)?;
		ensure!(!account.unfreezing.is_zero(), Error::<T>::NothingUnfreezing);
		ensure!(
			frame_system::Pallet::<T>::block_number() >= account.release_at,
			Error::<T>::StillUnfreezing
		);
		let released = account.unfreezing;
		account.frozen = account.frozen.saturating_sub(released);
		account.unfreezing = Zero::zero();
		Self::release(who, HoldReason::Quota, released)?;
		if account.is_empty() {
			QuotaAccounts::<T>::remove(who);
		} else {
			QuotaAccounts::<T>::insert(who, account);
		}
		Self::deposit_event(Event::QuotaReleased { who: who.clone(), amount: released });
		Ok(())
	}
}
