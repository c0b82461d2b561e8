//! Benchmarks of the quota's and the DApps' calls and of the fee extension's paths, each in
//! its worst case.

use super::*;
use crate::pallet::{Admissions, BalanceOf, Dapps, Leases, QuotaAccounts};
use frame_benchmarking::v2::*;
use frame_support::{
	storage::StorageValue as StoredValue,
	traits::fungible::{Inspect, Mutate},
	weights::Weight,
};
use frame_system::RawOrigin;
use sp_runtime::traits::StaticLookup;
use sp_runtime::traits::{Bounded, Saturating, Zero};

fn min_freeze<T: Config>() -> BalanceOf<T> {
	T::Parameters::get().quota_min_freeze
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

/// A DApp with the minimum stake, a fee a block for its lenders and fees put aside.
fn dapp<T: Config>() -> T::AccountId {
	dapp_paying::<T>(1_000u32.into(), 1_000_000u32.into())
}

/// A DApp with the minimum stake, paying `fee` a block to its lenders out of `aside`.
fn dapp_paying<T: Config>(fee: BalanceOf<T>, aside: BalanceOf<T>) -> T::AccountId {
	let owner = funded::<T>("dapp");
	let stake = T::Parameters::get().dapp_min_stake;
	Pallet::<T>::do_register_dapp(&owner, stake, 10, fee).expect("funded");
	Pallet::<T>::do_fund_lease_fees(&owner, aside).expect("funded");
	owner
}

/// `lender` leasing the least lease to `owner`.
fn leasing<T: Config>(owner: &T::AccountId, name: &'static str, index: u32) -> T::AccountId {
	let lender: T::AccountId = account(name, index, 0);
	let amount = T::Parameters::get()
		.min_lease
		.saturating_mul(10u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&lender, amount);
	Pallet::<T>::do_lease(&lender, owner, T::Parameters::get().min_lease).expect("funded");
	lender
}

fn lookup<T: Config>(who: &T::AccountId) -> AccountIdLookupOf<T> {
	T::Lookup::unlookup(who.clone())
}

fn advance<T: Config>(blocks: u32) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(blocks.into()));
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
			.saturating_add(T::Parameters::get().unfreeze_delay);
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
				account.day = Pallet::<T>::day_of(&T::Parameters::get(), now);
				account.used = quota;
			}
		});
		whitelist_account!(who);
		frame_benchmarking::benchmarking::add_to_whitelist(
			T::Parameters::hashed_key().to_vec().into(),
		);
		#[block]
		{
			let account = QuotaAccounts::<T>::get(&who).expect("frozen");
			let _ = frame_system::Account::<T>::get(&who).nonce;
			assert!(Pallet::<T>::free_slot_in(account, 0, now).is_none());
		}
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

	#[benchmark]
	fn register_dapp() {
		let owner = funded::<T>("dapp");
		let stake = T::Parameters::get().dapp_min_stake;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), stake, 10, 1_000u32.into());
		assert!(Dapps::<T>::contains_key(&owner));
	}

	/// With a lease, so the fees of the blocks since are earned first.
	#[benchmark]
	fn set_dapp_terms() {
		let owner = dapp::<T>();
		leasing::<T>(&owner, "lender", 0);
		advance::<T>(10);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), 20, 2_000u32.into());
		assert_eq!(Dapps::<T>::get(&owner).map(|d| d.allowance_per_user), Some(20));
	}

	#[benchmark]
	fn stake_dapp() {
		let owner = dapp::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), T::Parameters::get().dapp_min_stake);
	}

	#[benchmark]
	fn unstake_dapp() {
		let owner = dapp::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), T::Parameters::get().dapp_min_stake);
		assert!(Dapps::<T>::get(&owner).is_some_and(|d| !d.unstaking.is_zero()));
	}

	#[benchmark]
	fn withdraw_dapp_unstaked() {
		let owner = dapp::<T>();
		Pallet::<T>::do_unstake_dapp(&owner, T::Parameters::get().dapp_min_stake).expect("staked");
		let release = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::Parameters::get().dapp_unstake_delay);
		frame_system::Pallet::<T>::set_block_number(release);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()));
	}

	/// With a lease, so the fees of the blocks since are earned first.
	#[benchmark]
	fn fund_lease_fees() {
		let owner = dapp::<T>();
		leasing::<T>(&owner, "lender", 0);
		advance::<T>(10);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), 1_000u32.into());
	}

	#[benchmark]
	fn reclaim_lease_fees() {
		let owner = dapp::<T>();
		leasing::<T>(&owner, "lender", 0);
		advance::<T>(10);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), 1_000u32.into());
	}

	#[benchmark]
	fn admit_user() {
		let owner = dapp::<T>();
		let user: T::AccountId = account("user", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), lookup::<T>(&user));
		assert!(Admissions::<T>::contains_key(&owner, &user));
	}

	/// The user chose the DApp: its record is cleared too.
	#[benchmark]
	fn dismiss_user() {
		let owner = dapp::<T>();
		let user = funded::<T>("user");
		Pallet::<T>::do_admit_user(&owner, &user).expect("funded");
		Pallet::<T>::do_choose_sponsor(&user, Some(owner.clone())).expect("admitted");
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), lookup::<T>(&user));
		assert!(QuotaAccounts::<T>::get(&user).is_none());
	}

	#[benchmark]
	fn choose_sponsor() {
		let owner = dapp::<T>();
		let user = funded::<T>("user");
		Pallet::<T>::do_admit_user(&owner, &user).expect("funded");
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), Some(lookup::<T>(&owner)));
		assert_eq!(QuotaAccounts::<T>::get(&user).and_then(|a| a.sponsor), Some(owner));
	}

	/// More to a lease that has earned: the DApp accrues and the lease settles.
	#[benchmark]
	fn lease() {
		let owner = dapp::<T>();
		let lender = leasing::<T>(&owner, "lender", 0);
		advance::<T>(10);
		#[extrinsic_call]
		_(RawOrigin::Signed(lender.clone()), lookup::<T>(&owner), T::Parameters::get().min_lease);
	}

	#[benchmark]
	fn recall_lease() {
		let owner = dapp::<T>();
		let lender = leasing::<T>(&owner, "lender", 0);
		advance::<T>(10);
		#[extrinsic_call]
		_(RawOrigin::Signed(lender.clone()), lookup::<T>(&owner), T::Parameters::get().min_lease);
		assert!(Leases::<T>::get(&owner, &lender).is_some_and(|l| l.amount.is_zero()));
	}

	#[benchmark]
	fn withdraw_recalled() {
		let owner = dapp::<T>();
		let lender = leasing::<T>(&owner, "lender", 0);
		Pallet::<T>::do_recall_lease(&lender, &owner, T::Parameters::get().min_lease)
			.expect("leased");
		let release = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::Parameters::get().lease_recall_delay);
		frame_system::Pallet::<T>::set_block_number(release);
		#[extrinsic_call]
		_(RawOrigin::Signed(lender.clone()), lookup::<T>(&owner));
	}

	/// A claim among `l` lenders: its work does not depend on them.
	#[benchmark]
	fn claim_lease_fees(l: Linear<1, 1_000>) {
		// A fee a block as large as a least lease, so that each of a thousand lenders earns
		// something every block whatever the chain's amounts (a fee far below the leased sum
		// a block rounds to nothing a unit, and is kept aside).
		let fee = T::Parameters::get().min_lease;
		let owner = dapp_paying::<T>(fee, fee.saturating_mul(100u32.into()));
		let lender = leasing::<T>(&owner, "lender", 0);
		for k in 1..l {
			leasing::<T>(&owner, "other", k);
		}
		advance::<T>(10);
		#[extrinsic_call]
		_(RawOrigin::Signed(lender.clone()), lookup::<T>(&owner));
	}

	/// What the sponsored path adds to the payment (which withdraws and settles the DApp's
	/// fee as it does its own): the user's record, the DApp and the admission read and
	/// written back.
	#[benchmark]
	fn charge_sponsored() {
		let owner = dapp::<T>();
		let user = funded::<T>("user");
		Pallet::<T>::do_admit_user(&owner, &user).expect("funded");
		Pallet::<T>::do_choose_sponsor(&user, Some(owner.clone())).expect("admitted");
		let now = frame_system::Pallet::<T>::block_number();
		whitelist_account!(user);
		frame_benchmarking::benchmarking::add_to_whitelist(
			T::Parameters::hashed_key().to_vec().into(),
		);
		#[block]
		{
			let account = QuotaAccounts::<T>::get(&user).expect("opted in");
			let _ = frame_system::Account::<T>::get(&user).nonce;
			let sponsor = account.sponsor.clone().expect("opted in");
			assert!(Pallet::<T>::free_slot_in(account, 0, now).is_none());
			let (dapp, admission) =
				Pallet::<T>::sponsored_place(&sponsor, &user, 0, Weight::from_parts(1, 0), now)
					.expect("a sponsored place");
			Pallet::<T>::use_sponsored_place(&sponsor, &user, dapp, admission);
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
