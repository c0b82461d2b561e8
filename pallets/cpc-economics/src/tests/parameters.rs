//! The parameters: one place, set by the update origin, refused out of their bounds, read by
//! the fee split and the quota at once.

use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::{BuildStorage, DispatchError, Perbill};

use crate::{
	mock::*, tests::supply::charge, Error, Event, HoldReason, Pallet, Parameters, Params,
	QuotaAccounts,
};

type Economics = Pallet<Test>;

fn set(parameters: Parameters<Balance, BlockNumber>) -> sp_runtime::DispatchResult {
	Economics::set_parameters(RuntimeOrigin::root(), parameters)
}

#[test]
fn only_the_update_origin_sets_parameters() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Economics::set_parameters(RuntimeOrigin::signed(COMMUNITY), Defaults::get()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn parameters_out_of_their_bounds_are_refused_with_their_own_error() {
	new_test_ext().execute_with(|| {
		let good = Defaults::get();
		let cases = [
			(Parameters { day_length: 0, ..good }, Error::<Test>::BadDayLength),
			(
				Parameters { freeze_per_free_transaction: 0, ..good },
				Error::<Test>::BadFreezePerFreeTransaction,
			),
			(
				Parameters { quota_min_freeze: PER_FREE - 1, ..good },
				Error::<Test>::BadQuotaMinFreeze,
			),
			(Parameters { unfreeze_delay: DAY - 1, ..good }, Error::<Test>::BadUnfreezeDelay),
			(
				Parameters { free_block_share: Perbill::from_percent(51), ..good },
				Error::<Test>::BadFreeBlockShare,
			),
			(
				Parameters {
					free_transaction_share: Perbill::from_percent(21),
					free_block_share: Perbill::from_percent(20),
					..good
				},
				Error::<Test>::BadFreeTransactionShare,
			),
		];
		for (bad, error) in cases {
			assert_noop!(set(bad), error);
		}
		// At the bounds, accepted.
		assert_ok!(set(Parameters {
			quota_min_freeze: PER_FREE,
			unfreeze_delay: DAY,
			free_block_share: Perbill::from_percent(50),
			free_transaction_share: Perbill::from_percent(50),
			..good
		}));
	});
}

#[test]
fn a_new_fee_split_applies_to_the_next_fee() {
	new_test_ext().execute_with(|| {
		set_author(Some(INVESTORS));
		let parameters = Parameters { author_share: Perbill::from_percent(50), ..Defaults::get() };
		assert_ok!(set(parameters));
		System::assert_last_event(Event::ParametersSet { parameters }.into());
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
	crate::GenesisConfig::<Test> { allocations: allocations(), parameters: Some(parameters) }
		.assimilate_storage(&mut storage)
		.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Params::<Test>::get(), parameters);
	});
	// Without, the runtime's defaults.
	new_test_ext().execute_with(|| assert_eq!(Params::<Test>::get(), Defaults::get()));
}

#[test]
#[should_panic(expected = "bad parameters")]
fn genesis_refuses_parameters_out_of_their_bounds() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let _ = crate::GenesisConfig::<Test> {
		allocations: allocations(),
		parameters: Some(Parameters { day_length: 0, ..Defaults::get() }),
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
		Params::<Test>::put(Parameters { day_length: 0, ..Defaults::get() });
		assert!(Economics::do_try_state().is_err());
	});
}
