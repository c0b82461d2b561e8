//! Benchmarks of the quota's calls and of the fee extension's two paths, each in its worst
//! case.

use super::*;
use crate::pallet::{BalanceOf, Params, QuotaAccounts};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin,
	},
	weights::Weight,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, Saturating};

fn min_freeze<T: Config>() -> BalanceOf<T> {
	Params::<T>::get().quota_min_freeze
}

/// An account with ten times the quota's minimum, and some to pay with.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let amount = min_freeze::<T>()
		.saturating_mul(10u32.into())
		.saturating_add(T::Currency::minimum_balance())
		.max(BalanceOf::<T>::max_value() / 1_000_000_000u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A first freeze: the record is created, the balances' freeze list written.
	#[benchmark]
	fn freeze_for_quota() {
		let who = funded::<T>("freezer");
		let amount = min_freeze::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);
		assert_eq!(QuotaAccounts::<T>::get(&who).map(|a| a.frozen), Some(amount));
	}

	#[benchmark]
	fn unfreeze_quota() {
		let who = funded::<T>("unfreezer");
		let amount = min_freeze::<T>();
		Pallet::<T>::do_freeze(&who, amount).expect("funded");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);
		assert_eq!(QuotaAccounts::<T>::get(&who).map(|a| a.unfreezing), Some(amount));
	}

	/// All of it released: the freeze is thawed and the record removed.
	#[benchmark]
	fn withdraw_unfrozen() {
		let who = funded::<T>("withdrawer");
		let amount = min_freeze::<T>();
		Pallet::<T>::do_freeze(&who, amount).expect("funded");
		Pallet::<T>::do_unfreeze(&who, amount).expect("frozen");
		let release = frame_system::Pallet::<T>::block_number()
			.saturating_add(Params::<T>::get().unfreeze_delay);
		frame_system::Pallet::<T>::set_block_number(release);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(QuotaAccounts::<T>::get(&who).is_none());
	}

	/// What the paid path adds to the payment, in its worst case: an account that keeps a
	/// freeze but has used its day's quota. The sender's account is what `CheckNonce` read and
	/// the parameters what the payment's fee split reads, so only the record is new; an account
	/// without a record stops there too.
	#[benchmark]
	fn charge_paid() {
		let who = funded::<T>("payer");
		Pallet::<T>::do_freeze(&who, min_freeze::<T>()).expect("funded");
		let now = frame_system::Pallet::<T>::block_number();
		let quota = Pallet::<T>::daily_quota(min_freeze::<T>());
		QuotaAccounts::<T>::mutate(&who, |account| {
			if let Some(account) = account {
				account.day = Pallet::<T>::day_of(&Params::<T>::get(), now);
				account.used = quota;
			}
		});
		whitelist_account!(who);
		frame_benchmarking::benchmarking::add_to_whitelist(
			Params::<T>::hashed_key().to_vec().into(),
		);
		#[block]
		{
			let account = QuotaAccounts::<T>::get(&who).expect("frozen");
			let _ = frame_system::Account::<T>::get(&who).nonce;
			assert!(Pallet::<T>::free_slot_in(account, 0, now).is_none());
		}
	}

	/// Sets every parameter.
	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin =
			T::UpdateOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let parameters = Params::<T>::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);
		assert_eq!(Params::<T>::get(), parameters);
		Ok(())
	}

	/// The free path: the nonce, the record, the block's free share, and both written back.
	#[benchmark]
	fn charge_free() {
		let who = funded::<T>("free");
		Pallet::<T>::do_freeze(&who, min_freeze::<T>()).expect("funded");
		let now = frame_system::Pallet::<T>::block_number();
		// What `CheckNonce` read.
		whitelist_account!(who);
		#[block]
		{
			let account = QuotaAccounts::<T>::get(&who).expect("frozen");
			let _ = frame_system::Account::<T>::get(&who).nonce;
			let quota = Pallet::<T>::free_slot_in(account, 0, now).expect("a free place");
			assert!(Pallet::<T>::free_weight_fits(Weight::from_parts(1, 0)));
			Pallet::<T>::use_free_slot(&who, quota, Weight::from_parts(1, 0));
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
