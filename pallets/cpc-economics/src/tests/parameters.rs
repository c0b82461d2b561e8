//! The parameters: the economics' section of CPChain's parameters, set one at a time by the
//! admin origin, refused out of their bounds, read by the fee split and the quota at once.

use cpchain_primitives::parameters::Section;
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Perbill};

use crate::{
	mock::*, tests::supply::charge, Error, HoldReason, Pallet, ParameterChange as C,
	ParameterChangeOf, Parameters, QuotaAccounts,
};

type Economics = Pallet<Test>;
type Stored = pallet_cpc_parameters::Economics<Test>;

/// Sets a whole record, within its bounds, as a chain spec (or several referenda) would.
pub(crate) fn set(parameters: Parameters<Balance, BlockNumber>) -> DispatchResult {
	<Economics as Section>::check(&parameters)?;
	Stored::put(parameters);
	Ok(())
}

fn change(origin: RuntimeOrigin, change: ParameterChangeOf<Test>) -> DispatchResult {
	CpcParameters::set_parameter(origin, pallet_cpc_parameters::Change::Economics(change))
}

#[test]
fn only_the_admin_origin_sets_parameters() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			change(RuntimeOrigin::signed(COMMUNITY), C::MaxFreePerDay(1)),
			DispatchError::BadOrigin
		);
		assert_ok!(change(RuntimeOrigin::root(), C::MaxFreePerDay(1)));
		assert_eq!(Stored::get().max_free_per_day, 1);
	});
}

#[test]
fn parameters_out_of_their_bounds_are_refused_with_their_own_error() {
	new_test_ext().execute_with(|| {
		let good = Defaults::get();
		let cases = [
			(C::AuthorShare(Perbill::from_percent(49)), Error::<Test>::BadAuthorShare),
			(C::DayLength(0), Error::<Test>::BadDayLength),
			(C::DayLength(7 * 14_400 + 1), Error::<Test>::BadDayLength),
			(C::FreezePerFreeTransaction(0), Error::<Test>::BadFreezePerFreeTransaction),
			(C::QuotaMinFreeze(PER_FREE - 1), Error::<Test>::BadQuotaMinFreeze),
			(C::QuotaMinFreeze(Supply::get() + 1), Error::<Test>::AboveSupply),
			(C::MaxFreePerDay(14_401), Error::<Test>::BadMaxFreePerDay),
			(C::MinFreeSpacing(DAY + 1), Error::<Test>::BadMinFreeSpacing),
			(C::MaxFreeLength(0), Error::<Test>::BadMaxFreeLength),
			(C::UnfreezeDelay(DAY - 1), Error::<Test>::BadUnfreezeDelay),
			(C::UnfreezeDelay(30 * DAY + 1), Error::<Test>::BadUnfreezeDelay),
			(C::FreeBlockShare(Perbill::from_percent(51)), Error::<Test>::BadFreeBlockShare),
			(
				C::FreeTransactionShare(good.free_block_share + Perbill::from_parts(1)),
				Error::<Test>::BadFreeTransactionShare,
			),
			(C::DappStakePerMs(0), Error::<Test>::BadDappStakePerMs),
			(C::MinLease(0), Error::<Test>::BadMinLease),
			(C::LeaseRecallDelay(DAY - 1), Error::<Test>::BadDappDelay),
			(C::DappUnstakeDelay(30 * DAY + 1), Error::<Test>::BadDappDelay),
		];
		for (bad, error) in cases {
			assert_noop!(change(RuntimeOrigin::root(), bad), error);
		}
		// Every key's values beyond its bounds are refused, and one within is taken.
		for key in <Economics as Section>::keys() {
			let beyond = <Economics as Section>::beyond_bounds(key);
			assert!(!beyond.is_empty(), "{key:?} has bounds");
			for bad in beyond {
				assert_eq!(<Economics as Section>::key(&bad), key);
				assert!(change(RuntimeOrigin::root(), bad.clone()).is_err(), "{bad:?}");
			}
			let within = <Economics as Section>::within_bounds(key);
			assert_eq!(<Economics as Section>::key(&within), key);
			let mut record = Stored::get();
			<Economics as Section>::apply(&mut record, within.clone());
			assert_ne!(record, Stored::get(), "{within:?} changes something");
			assert_ok!(<Economics as Section>::check(&record));
		}
		// At the bounds, accepted.
		assert_ok!(set(Parameters {
			quota_min_freeze: PER_FREE,
			unfreeze_delay: DAY,
			free_block_share: Perbill::from_percent(50),
			free_transaction_share: Perbill::from_percent(50),
			author_share: Perbill::from_percent(50),
			..good
		}));
	});
}

#[test]
fn a_new_fee_split_applies_to_the_next_fee() {
	new_test_ext().execute_with(|| {
		set_author(Some(INVESTORS));
		assert_ok!(change(RuntimeOrigin::root(), C::AuthorShare(Perbill::from_percent(50))));
		let (author, treasury) =
			(Balances::free_balance(INVESTORS), Balances::free_balance(TREASURY));
		charge(1_000, 0);
		assert_eq!(Balances::free_balance(INVESTORS) - author, 500);
		assert_eq!(Balances::free_balance(TREASURY) - treasury, 500);
		assert_eq!(Economics::treasury_part(1_000), 500);
	});
}

#[test]
fn a_new_rate_changes_what_a_freeze_earns_at_once() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		assert_eq!(Economics::daily_quota(QUOTA_MIN), (QUOTA_MIN / PER_FREE) as u32);
		assert_ok!(set(Parameters {
			freeze_per_free_transaction: PER_FREE / 2,
			quota_min_freeze: QUOTA_MIN,
			..Defaults::get()
		}));
		assert_eq!(Economics::daily_quota(QUOTA_MIN), (2 * QUOTA_MIN / PER_FREE) as u32);
		// A higher minimum leaves a smaller freeze earning nothing, and does not unfreeze it.
		assert_ok!(set(Parameters { quota_min_freeze: 2 * QUOTA_MIN, ..Defaults::get() }));
		assert_eq!(Economics::daily_quota(QUOTA_MIN), 0);
		assert_eq!(QuotaAccounts::<Test>::get(COMMUNITY).map(|a| a.frozen), Some(QUOTA_MIN));
		assert_ok!(Economics::do_try_state());
	});
}

#[test]
fn genesis_may_name_its_own_parameters() {
	let parameters = Parameters { day_length: 3, unfreeze_delay: 3, ..Defaults::get() };
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_cpc_parameters::GenesisConfig::<Test> {
		economics: Some(parameters),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Stored::get(), parameters);
	});
	// Without, the runtime's defaults.
	new_test_ext().execute_with(|| assert_eq!(Stored::get(), Defaults::get()));
}

#[test]
#[should_panic(expected = "beyond its bounds")]
fn genesis_refuses_parameters_out_of_their_bounds() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let _ = pallet_cpc_parameters::GenesisConfig::<Test> {
		economics: Some(Parameters { day_length: 0, ..Defaults::get() }),
		..Default::default()
	}
	.assimilate_storage(&mut storage);
}

#[test]
fn try_state_sees_a_quota_record_that_is_not_its_hold() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		assert_ok!(Economics::do_try_state());
		assert_ok!(<Balances as MutateHold<AccountId>>::release(
			&HoldReason::Quota.into(),
			&COMMUNITY,
			1,
			Precision::Exact
		));
		assert!(Economics::do_try_state().is_err());
		// And parameters out of bounds, however they got there.
		assert_ok!(<Balances as MutateHold<AccountId>>::hold(
			&HoldReason::Quota.into(),
			&COMMUNITY,
			1
		));
		Stored::put(Parameters { day_length: 0, ..Defaults::get() });
		assert!(Economics::do_try_state().is_err());
	});
}
