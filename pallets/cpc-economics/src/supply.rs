//! The fixed supply: minting the genesis table and locking the team's batches.

use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		ConstU32, Get, VestingSchedule,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{CheckedAdd, One, Saturating, Zero};

use crate::{
	pallet::{BalanceOf, Config, Pallet, Reserves, MAX_RESERVES},
	types::{Allocation, Release},
};

impl<T: Config> Pallet<T> {
	/// Mints the genesis table: checks it whole first, so a bad table mints nothing.
	pub(crate) fn allocate(
		allocations: &[Allocation<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>],
	) -> Result<(), &'static str> {
		let mut total = BalanceOf::<T>::zero();
		for line in allocations {
			total = total.checked_add(&line.amount).ok_or("the table overflows")?;
			if let Release::Batches { first, every, count } = line.release {
				if first.is_zero() || every.is_zero() || count == 0 {
					return Err("batches need a first block, a spacing and a count above 0");
				}
				if line.amount < BalanceOf::<T>::from(count) {
					return Err("a batch of nothing");
				}
			}
		}
		if total != T::TotalSupply::get() {
			return Err("the allocations do not add up to the total supply");
		}
		let treasury = T::TreasuryAccount::get();
		let endowed = allocations
			.iter()
			.filter(|line| line.account == treasury && line.release == Release::Liquid)
			.fold(BalanceOf::<T>::zero(), |sum, line| sum.saturating_add(line.amount));
		if endowed < T::Currency::minimum_balance() {
			return Err("the treasury must be endowed with at least the existential deposit");
		}
		let mut reserves = BoundedVec::<T::AccountId, ConstU32<MAX_RESERVES>>::default();
		for line in allocations.iter().filter(|line| line.reserve) {
			if !reserves.contains(&line.account) {
				reserves
					.try_push(line.account.clone())
					.map_err(|_| "more reserve accounts than MAX_RESERVES")?;
			}
		}
		for line in allocations {
			T::Currency::mint_into(&line.account, line.amount).map_err(|_| {
				"an allocation could not be minted (below the existential deposit?)"
			})?;
			if let Release::Batches { first, every, count } = line.release {
				Self::lock_in_batches(&line.account, line.amount, first, every, count)?;
			}
		}
		Reserves::<T>::put(reserves);
		Ok(())
	}

	/// One vesting schedule per batch, each releasing its whole amount in the one block
	/// after it starts: a schedule starting at `b` has vested nothing at `b` and all at
	/// `b + 1`, so batch `k` starts at `first + k * every - 1`.
	fn lock_in_batches(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		first: BlockNumberFor<T>,
		every: BlockNumberFor<T>,
		count: u32,
	) -> Result<(), &'static str> {
		let count_balance = BalanceOf::<T>::from(count);
		let batch = amount / count_balance;
		let last =
			amount.saturating_sub(batch.saturating_mul(count_balance.saturating_sub(One::one())));
		let mut release = first;
		for k in 0..count {
			let part = if k + 1 == count { last } else { batch };
			let start = release.saturating_sub(One::one());
			T::Vesting::add_vesting_schedule(who, part, part, start)
				.map_err(|_| "a batch's vesting schedule was refused (too many schedules?)")?;
			release = release.checked_add(&every).ok_or("the batches run past the last block")?;
		}
		Ok(())
	}
}
