//! Benchmarks of the quota's calls and of the fee extension's two paths, each in its worst
//! case.

use super::*;
use crate::pallet::{BalanceOf, QuotaAccounts};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	weights::Weight,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, Saturating};

/// An account with ten times the quota's minimum, and some to pay with.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let amount = T::QuotaMinFreeze::get()
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
		let amount = T::QuotaMinFreeze::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);
		assert_eq!(QuotaAccounts::<T>::get(&who).map(|a| a.frozen), Some(amount));
	}

	#[benchmark]
	fn unfreeze_quota() {
		let who = funded::<T>("unfreezer");
		let amount = T::QuotaMinFreeze::get();
		Pallet::<T>::do_freeze(&who, amount).expect("funded");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);
		assert_eq!(QuotaAccounts::<T>::get(&who).map(|a| a.unfreezing), Some(amount));
	}

	/// All of it released: the freeze is thawed and the record removed.
	#[benchmark]
	fn withdraw_unfrozen() {
		let who = funded::<T>("withdrawer");
		let amount = T::QuotaMinFreeze::get();
		Pallet::<T>::do_freeze(&who, amount).expect("funded");
		Pallet::<T>::do_unfreeze(&who, amount).expect("frozen");
		let release = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::UnfreezeDelay::get());
		frame_system::Pallet::<T>::set_block_number(release);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(QuotaAccounts::<T>::get(&who).is_none());
	}

	/// What the paid path adds to the payment: the sender's nonce and a quota record that is
	/// not there.
	#[benchmark]
	fn charge_paid() {
		let who = funded::<T>("payer");
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			let _ = frame_system::Account::<T>::get(&who).nonce;
			assert!(Pallet::<T>::free_slot(&who, 0, now).is_none());
		}
	}

	/// The free path: the nonce, the record, the block's free share, and both written back.
	#[benchmark]
	fn charge_free() {
		let who = funded::<T>("free");
		Pallet::<T>::do_freeze(&who, T::QuotaMinFreeze::get()).expect("funded");
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			let _ = frame_system::Account::<T>::get(&who).nonce;
			let quota = Pallet::<T>::free_slot(&who, 0, now).expect("a free place");
			assert!(Pallet::<T>::free_weight_fits(Weight::from_parts(1, 0)));
			Pallet::<T>::use_free_slot(&who, quota, Weight::from_parts(1, 0));
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
