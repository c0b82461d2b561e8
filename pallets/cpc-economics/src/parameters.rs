//! The economics' section of CPChain's parameters: each number's bounds.

use alloc::{vec, vec::Vec};
use cpchain_primitives::parameters::Section;
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, Perbill};

use crate::{
	pallet::{BalanceOf, Config, Error, Pallet, ParametersOf},
	types::{
		ParameterChange, ParameterKey, Parameters, MAX_DAY_LENGTH, MAX_DELAY_DAYS, MAX_FREE_LENGTH,
		MAX_FREE_PER_DAY, MIN_AUTHOR_SHARE,
	},
};

/// A change of this runtime's economics.
pub type ParameterChangeOf<T> = ParameterChange<BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Section for Pallet<T> {
	type Record = ParametersOf<T>;
	type Change = ParameterChangeOf<T>;
	type Key = ParameterKey;

	fn initial() -> Self::Record {
		T::DefaultParameters::get()
	}

	fn check(record: &Self::Record) -> DispatchResult {
		record.check(T::TotalSupply::get()).map_err(|e| Error::<T>::from(e).into())
	}

	fn beyond_bounds(key: ParameterKey) -> Vec<Self::Change> {
		use ParameterChange as C;
		use ParameterKey as K;
		let p = Self::initial();
		let too_much = T::TotalSupply::get().saturating_add(1u32.into());
		let zero = BalanceOf::<T>::from(0u32);
		let longest = p.day_length.saturating_mul(MAX_DELAY_DAYS.into());
		let too_long = longest.saturating_add(1u32.into());
		let too_short = p.day_length.saturating_sub(1u32.into());
		let above = |share: Perbill| Perbill::from_parts(share.deconstruct().saturating_add(1));
		match key {
			K::AuthorShare => vec![C::AuthorShare(Perbill::from_parts(
				MIN_AUTHOR_SHARE.deconstruct().saturating_sub(1),
			))],
			K::DayLength => vec![
				C::DayLength(0u32.into()),
				C::DayLength(BlockNumberFor::<T>::from(MAX_DAY_LENGTH).saturating_add(1u32.into())),
			],
			K::QuotaMinFreeze => vec![
				C::QuotaMinFreeze(p.freeze_per_free_transaction.saturating_sub(1u32.into())),
				C::QuotaMinFreeze(too_much),
			],
			K::FreezePerFreeTransaction => {
				vec![C::FreezePerFreeTransaction(zero), C::FreezePerFreeTransaction(too_much)]
			}
			K::MaxFreePerDay => vec![C::MaxFreePerDay(MAX_FREE_PER_DAY.saturating_add(1))],
			K::MinFreeSpacing => {
				vec![C::MinFreeSpacing(p.day_length.saturating_add(1u32.into()))]
			}
			K::FreeBlockShare => vec![C::FreeBlockShare(above(
				Parameters::<BalanceOf<T>, BlockNumberFor<T>>::MAX_FREE_BLOCK_SHARE,
			))],
			K::FreeTransactionShare => {
				vec![C::FreeTransactionShare(above(p.free_block_share))]
			}
			K::MaxFreeLength => {
				vec![C::MaxFreeLength(0), C::MaxFreeLength(MAX_FREE_LENGTH.saturating_add(1))]
			}
			K::UnfreezeDelay => vec![C::UnfreezeDelay(too_short), C::UnfreezeDelay(too_long)],
			K::DappMinStake => vec![
				C::DappMinStake(p.dapp_stake_per_ms.saturating_sub(1u32.into())),
				C::DappMinStake(too_much),
			],
			K::DappStakePerMs => vec![C::DappStakePerMs(zero), C::DappStakePerMs(too_much)],
			K::DappUserDeposit => vec![C::DappUserDeposit(zero), C::DappUserDeposit(too_much)],
			K::MinLease => vec![C::MinLease(zero), C::MinLease(too_much)],
			K::DappUnstakeDelay => {
				vec![C::DappUnstakeDelay(too_short), C::DappUnstakeDelay(too_long)]
			}
			K::LeaseRecallDelay => {
				vec![C::LeaseRecallDelay(too_short), C::LeaseRecallDelay(too_long)]
			}
		}
	}

	fn within_bounds(key: ParameterKey) -> Self::Change {
		use ParameterChange as C;
		use ParameterKey as K;
		let p = Self::initial();
		let one = BalanceOf::<T>::from(1u32);
		let block = BlockNumberFor::<T>::from(1u32);
		// A delay one block longer stays within its thirty days; a share one part lower
		// stays above its floor only if it was above it, so shares go up unless at the top.
		let share = cpchain_primitives::parameters::share_beside;
		match key {
			K::AuthorShare => C::AuthorShare(share(p.author_share, Perbill::one())),
			K::DayLength => C::DayLength(p.day_length.saturating_add(block)),
			K::QuotaMinFreeze => C::QuotaMinFreeze(p.quota_min_freeze.saturating_add(one)),
			K::FreezePerFreeTransaction => {
				C::FreezePerFreeTransaction(p.freeze_per_free_transaction.saturating_sub(one))
			}
			K::MaxFreePerDay => C::MaxFreePerDay(p.max_free_per_day.saturating_sub(1)),
			K::MinFreeSpacing => C::MinFreeSpacing(p.min_free_spacing.saturating_add(block)),
			K::FreeBlockShare => C::FreeBlockShare(share(
				p.free_block_share,
				Parameters::<BalanceOf<T>, BlockNumberFor<T>>::MAX_FREE_BLOCK_SHARE,
			)),
			K::FreeTransactionShare => {
				C::FreeTransactionShare(share(p.free_transaction_share, p.free_block_share))
			}
			K::MaxFreeLength => C::MaxFreeLength(p.max_free_length.saturating_sub(1)),
			K::UnfreezeDelay => C::UnfreezeDelay(p.unfreeze_delay.saturating_add(block)),
			K::DappMinStake => C::DappMinStake(p.dapp_min_stake.saturating_add(one)),
			K::DappStakePerMs => C::DappStakePerMs(p.dapp_stake_per_ms.saturating_sub(one)),
			K::DappUserDeposit => C::DappUserDeposit(p.dapp_user_deposit.saturating_add(one)),
			K::MinLease => C::MinLease(p.min_lease.saturating_add(one)),
			K::DappUnstakeDelay => C::DappUnstakeDelay(p.dapp_unstake_delay.saturating_add(block)),
			K::LeaseRecallDelay => C::LeaseRecallDelay(p.lease_recall_delay.saturating_add(block)),
		}
	}
}
