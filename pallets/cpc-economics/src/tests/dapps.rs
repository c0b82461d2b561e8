//! DApps: registration and stake, leases and their fees, admissions, and the fee extension's
//! sponsored path.

use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchInfo, GetDispatchInfo, Pays, PostDispatchInfo},
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::{
	traits::DispatchTransaction,
	transaction_validity::{TransactionSource, TransactionValidityError},
};

use crate::{
	extension::Val, mock::*, ChargeCpcFee, Dapps, Error, Event, HoldReason, Leases, QuotaAccounts,
};

/// The DApp of the tests: the foundation's account.
const DAPP: AccountId = FOUNDATION;
/// A user with no CPC of its own but the existential deposit and a little.
const USER: AccountId = 50;
/// Lenders.
const LENDER: AccountId = INVESTORS;
const OTHER_LENDER: AccountId = COMMUNITY;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn held(who: AccountId, reason: HoldReason) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(&reason.into(), &who)
}

/// Gives `who` CPC of the community's, so the supply stays what it is.
fn give(who: AccountId, amount: Balance) {
	assert_ok!(Balances::transfer_allow_death(signed(COMMUNITY), who, amount));
}

fn check() {
	assert_ok!(Economics::do_try_state());
}

/// A DApp with the minimum stake, paying 3 transactions a day per user and 10 a block to its
/// lenders, with 1,000 put aside.
fn register() {
	assert_ok!(Economics::register_dapp(signed(DAPP), DAPP_MIN_STAKE, 3, 10));
	assert_ok!(Economics::fund_lease_fees(signed(DAPP), 1_000));
}

#[test]
fn a_dapp_registers_with_at_least_the_minimum_stake_on_hold() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Economics::register_dapp(signed(DAPP), DAPP_MIN_STAKE - 1, 3, 0),
			Error::<Test>::BelowDappMinimum
		);
		assert_noop!(
			Economics::register_dapp(signed(USER), DAPP_MIN_STAKE, 3, 0),
			Error::<Test>::InsufficientBalance
		);
		let balance = <Balances as Inspect<AccountId>>::total_balance(&DAPP);
		assert_ok!(Economics::register_dapp(signed(DAPP), DAPP_MIN_STAKE, 3, 0));
		System::assert_last_event(
			Event::DappRegistered { dapp: DAPP, stake: DAPP_MIN_STAKE }.into(),
		);
		assert_eq!(held(DAPP, HoldReason::DappStake), DAPP_MIN_STAKE);
		assert_eq!(
			<Balances as Inspect<AccountId>>::total_balance(&DAPP),
			balance,
			"the stake stays in the account"
		);
		assert_noop!(
			Economics::register_dapp(signed(DAPP), DAPP_MIN_STAKE, 3, 0),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(Economics::set_dapp_terms(signed(USER), 1, 1), Error::<Test>::NotRegistered);
		assert_noop!(Economics::stake_dapp(signed(USER), 10), Error::<Test>::NotRegistered);
		assert_noop!(Economics::stake_dapp(signed(DAPP), 0), Error::<Test>::ZeroAmount);
		check();
	});
}

#[test]
fn capacity_follows_own_and_leased_stake_and_unstaking_stops_it_at_once() {
	new_test_ext().execute_with(|| {
		register();
		let params = Defaults::get();
		let capacity =
			|owner| Economics::dapp_capacity(&params, &Dapps::<Test>::get(owner).unwrap());
		let per_ms = 1_000_000_000u64;
		assert_eq!(capacity(DAPP), (DAPP_MIN_STAKE / DAPP_STAKE_PER_MS) as u64 * per_ms);
		assert_ok!(Economics::lease(signed(LENDER), DAPP, 500));
		assert_eq!(capacity(DAPP), ((DAPP_MIN_STAKE + 500) / DAPP_STAKE_PER_MS) as u64 * per_ms);
		assert_ok!(Economics::stake_dapp(signed(DAPP), 500));
		assert_ok!(Economics::unstake_dapp(signed(DAPP), 500));
		assert_noop!(Economics::unstake_dapp(signed(DAPP), 1), Error::<Test>::BelowDappMinimum);
		assert_noop!(
			Economics::unstake_dapp(signed(DAPP), DAPP_MIN_STAKE + 1),
			Error::<Test>::NotThatMuchStaked
		);
		// All of its own stake asked back: leased stake alone pays for nothing.
		assert_ok!(Economics::unstake_dapp(signed(DAPP), DAPP_MIN_STAKE));
		assert_eq!(capacity(DAPP), 0);
		check();
	});
}

#[test]
fn unstaked_cpc_moves_only_after_the_delay() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::register_dapp(signed(DAPP), DAPP_MIN_STAKE, 3, 0));
		assert_noop!(
			Economics::withdraw_dapp_unstaked(signed(DAPP)),
			Error::<Test>::NothingUnstaking
		);
		assert_ok!(Economics::unstake_dapp(signed(DAPP), DAPP_MIN_STAKE));
		System::set_block_number(1 + UNSTAKE_DELAY - 1);
		assert_noop!(
			Economics::withdraw_dapp_unstaked(signed(DAPP)),
			Error::<Test>::StillUnstaking
		);
		System::set_block_number(1 + UNSTAKE_DELAY);
		assert_ok!(Economics::withdraw_dapp_unstaked(signed(DAPP)));
		assert_eq!(held(DAPP, HoldReason::DappStake), 0);
		assert!(Dapps::<Test>::get(DAPP).is_none(), "a DApp with nothing left is removed");
		check();
	});
}

#[test]
fn leased_cpc_stays_in_the_lenders_account_and_comes_back_after_the_recall_delay() {
	new_test_ext().execute_with(|| {
		register();
		assert_noop!(Economics::lease(signed(LENDER), USER, 500), Error::<Test>::NotRegistered);
		assert_noop!(
			Economics::lease(signed(LENDER), DAPP, MIN_LEASE - 1),
			Error::<Test>::BelowMinLease
		);
		assert_noop!(
			Economics::lease(signed(USER), DAPP, MIN_LEASE),
			Error::<Test>::InsufficientBalance
		);
		let balance = <Balances as Inspect<AccountId>>::total_balance(&LENDER);
		assert_ok!(Economics::lease(signed(LENDER), DAPP, 500));
		assert_eq!(<Balances as Inspect<AccountId>>::total_balance(&LENDER), balance);
		assert_eq!(held(LENDER, HoldReason::Lease), 500);
		assert_noop!(
			Economics::recall_lease(signed(LENDER), DAPP, 501),
			Error::<Test>::NotThatMuchLeased
		);
		assert_noop!(
			Economics::recall_lease(signed(LENDER), DAPP, 450),
			Error::<Test>::BelowMinLease
		);
		assert_noop!(Economics::recall_lease(signed(USER), DAPP, 1), Error::<Test>::NoLease);
		assert_noop!(
			Economics::withdraw_recalled(signed(LENDER), DAPP),
			Error::<Test>::NothingRecalling
		);
		assert_ok!(Economics::recall_lease(signed(LENDER), DAPP, 500));
		assert_eq!(Dapps::<Test>::get(DAPP).unwrap().leased, 0, "it stops counting at once");
		System::set_block_number(1 + RECALL_DELAY - 1);
		assert_noop!(
			Economics::withdraw_recalled(signed(LENDER), DAPP),
			Error::<Test>::StillRecalling
		);
		System::set_block_number(1 + RECALL_DELAY);
		assert_ok!(Economics::withdraw_recalled(signed(LENDER), DAPP));
		assert_eq!(held(LENDER, HoldReason::Lease), 0);
		check();
	});
}

#[test]
fn lenders_earn_the_fee_a_block_in_proportion_to_what_they_lease_and_only_while_they_lease() {
	new_test_ext().execute_with(|| {
		register();
		assert_ok!(Economics::lease(signed(LENDER), DAPP, 400));
		System::set_block_number(11);
		// 10 blocks at 10 a block, all to the one lender; the other joins now and has earned
		// nothing of them.
		assert_ok!(Economics::lease(signed(OTHER_LENDER), DAPP, 100));
		assert_noop!(
			Economics::claim_lease_fees(signed(OTHER_LENDER), DAPP),
			Error::<Test>::NothingEarned
		);
		System::set_block_number(21);
		// 10 more blocks: 4/5 and 1/5 of 100.
		let before = Balances::free_balance(LENDER);
		assert_ok!(Economics::claim_lease_fees(signed(LENDER), DAPP));
		assert_eq!(Balances::free_balance(LENDER) - before, 100 + 80);
		System::assert_last_event(
			Event::LeaseFeesClaimed { lender: LENDER, dapp: DAPP, amount: 180 }.into(),
		);
		let before = Balances::free_balance(OTHER_LENDER);
		assert_ok!(Economics::claim_lease_fees(signed(OTHER_LENDER), DAPP));
		assert_eq!(Balances::free_balance(OTHER_LENDER) - before, 20);
		// Recalled, it earns no more, but what it earned before stays to be claimed.
		assert_ok!(Economics::recall_lease(signed(OTHER_LENDER), DAPP, 100));
		System::set_block_number(31);
		assert_ok!(Economics::claim_lease_fees(signed(LENDER), DAPP));
		assert_noop!(
			Economics::claim_lease_fees(signed(OTHER_LENDER), DAPP),
			Error::<Test>::NothingEarned
		);
		assert_eq!(held(DAPP, HoldReason::LeaseFees), 1_000 - 180 - 20 - 100);
		assert_eq!(Balances::total_issuance(), SUPPLY);
		check();
	});
}

#[test]
fn a_lock_on_the_dapps_owner_does_not_stop_its_lenders_pay() {
	new_test_ext().execute_with(|| {
		register();
		assert_ok!(Economics::lease(signed(LENDER), DAPP, 100));
		System::set_block_number(11);
		// The owner's whole balance locked, as a vote or a vested transfer would lock it.
		let all = <Balances as Inspect<AccountId>>::total_balance(&DAPP);
		<Balances as frame_support::traits::LockableCurrency<AccountId>>::set_lock(
			*b"attacker",
			&DAPP,
			all,
			frame_support::traits::WithdrawReasons::all(),
		);
		let before = Balances::free_balance(LENDER);
		assert_ok!(Economics::claim_lease_fees(signed(LENDER), DAPP));
		assert_eq!(Balances::free_balance(LENDER) - before, 100);
		check();
	});
}

#[test]
fn fees_stop_when_what_was_put_aside_runs_out_and_only_the_unearned_part_comes_back() {
	new_test_ext().execute_with(|| {
		register();
		assert_ok!(Economics::lease(signed(LENDER), DAPP, 100));
		System::set_block_number(51);
		// 50 blocks at 10 would be 500; 400 are put aside still.
		assert_noop!(
			Economics::reclaim_lease_fees(signed(DAPP), 501),
			Error::<Test>::NotThatMuchLeft
		);
		assert_ok!(Economics::reclaim_lease_fees(signed(DAPP), 500));
		System::set_block_number(1_000);
		let before = Balances::free_balance(LENDER);
		assert_ok!(Economics::claim_lease_fees(signed(LENDER), DAPP));
		assert_eq!(Balances::free_balance(LENDER) - before, 500, "what was put aside, no more");
		assert_noop!(
			Economics::claim_lease_fees(signed(LENDER), DAPP),
			Error::<Test>::NothingEarned
		);
		assert_noop!(Economics::reclaim_lease_fees(signed(DAPP), 0), Error::<Test>::ZeroAmount);
		check();
	});
}

#[test]
fn accruing_every_block_rounds_nothing_away() {
	new_test_ext().execute_with(|| {
		register();
		give(USER, 1_000);
		// Amounts that divide nothing evenly, and one lender forcing an accrual every block.
		assert_ok!(Economics::lease(signed(LENDER), DAPP, 301));
		assert_ok!(Economics::lease(signed(OTHER_LENDER), DAPP, 203));
		assert_ok!(Economics::lease(signed(USER), DAPP, 107));
		for block in 2..=31 {
			System::set_block_number(block);
			assert_ok!(Economics::lease(signed(USER), DAPP, 1));
			check();
		}
		let mut claimed = 0;
		for lender in [LENDER, OTHER_LENDER, USER] {
			let before = Balances::free_balance(lender);
			assert_ok!(Economics::claim_lease_fees(signed(lender), DAPP));
			claimed += Balances::free_balance(lender) - before;
		}
		// 30 blocks at 10: what is not claimed is at most a unit a step, and nothing is lost.
		assert!((300 - 30 - 3..=300).contains(&claimed), "claimed {claimed}");
		assert_eq!(claimed + held(DAPP, HoldReason::LeaseFees), 1_000);
		check();
	});
}

#[test]
fn a_claim_pays_the_same_whatever_the_number_of_other_lenders() {
	let earned = |others: u64| {
		new_test_ext().execute_with(|| {
			register();
			assert_ok!(Economics::set_dapp_terms(signed(DAPP), 3, 1_000));
			assert_ok!(Economics::fund_lease_fees(signed(DAPP), 10_000));
			assert_ok!(Economics::lease(signed(LENDER), DAPP, 1_000));
			for k in 0..others {
				let lender = 1_000 + k;
				give(lender, 200);
				assert_ok!(Economics::lease(signed(lender), DAPP, 100));
			}
			System::set_block_number(11);
			let before = Balances::free_balance(LENDER);
			assert_ok!(Economics::claim_lease_fees(signed(LENDER), DAPP));
			check();
			Balances::free_balance(LENDER) - before
		})
	};
	// 10,000 in 10 blocks: all of it alone; half with ten others of 100 each; with a
	// thousand, 1,000 of 101,000 leased: 99.0099, rounded down.
	assert_eq!(earned(0), 10_000);
	assert_eq!(earned(10), 5_000);
	assert_eq!(earned(1_000), 99);
}

#[test]
fn only_users_the_dapp_admits_can_opt_in_and_dismissing_one_returns_the_deposit() {
	new_test_ext().execute_with(|| {
		register();
		assert_noop!(
			Economics::choose_sponsor(signed(USER), Some(DAPP)),
			Error::<Test>::NotAdmitted
		);
		assert_noop!(Economics::choose_sponsor(signed(USER), None), Error::<Test>::NoSponsor);
		assert_noop!(Economics::admit_user(signed(USER), DAPP), Error::<Test>::NotRegistered);
		assert_ok!(Economics::admit_user(signed(DAPP), USER));
		assert_noop!(Economics::admit_user(signed(DAPP), USER), Error::<Test>::AlreadyAdmitted);
		assert_eq!(held(DAPP, HoldReason::DappUser), USER_DEPOSIT);
		assert_ok!(Economics::choose_sponsor(signed(USER), Some(DAPP)));
		assert_eq!(QuotaAccounts::<Test>::get(USER).and_then(|a| a.sponsor), Some(DAPP));
		check();
		assert_ok!(Economics::dismiss_user(signed(DAPP), USER));
		assert_eq!(held(DAPP, HoldReason::DappUser), 0);
		assert!(QuotaAccounts::<Test>::get(USER).is_none(), "the user's choice is cleared");
		assert_noop!(Economics::dismiss_user(signed(DAPP), USER), Error::<Test>::NotAdmitted);
		check();
	});
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 10] })
}

fn info() -> DispatchInfo {
	remark().get_dispatch_info()
}

/// Applies a `remark` from `who` with its next nonce: what `who` and the DApp paid.
fn send(who: AccountId) -> Result<(Balance, Balance), TransactionValidityError> {
	send_with(who, &info())
}

/// [`send`], declaring `info`.
fn send_with(
	who: AccountId,
	info: &DispatchInfo,
) -> Result<(Balance, Balance), TransactionValidityError> {
	let nonce = frame_system::Account::<Test>::get(who).nonce;
	let (user, dapp) = (Balances::free_balance(who), Balances::free_balance(DAPP));
	ChargeCpcFee::<Test>::new(nonce, 0)
		.test_run(signed(who), &remark(), info, 20, 0, |_| {
			Ok(PostDispatchInfo { actual_weight: None, pays_fee: Pays::Yes })
		})?
		.unwrap();
	Ok((user - Balances::free_balance(who), dapp - Balances::free_balance(DAPP)))
}

/// A DApp paying for `USER`, which has `balance`.
fn sponsored_user(balance: Balance) {
	register();
	if balance > 0 {
		give(USER, balance);
	}
	assert_ok!(Economics::admit_user(signed(DAPP), USER));
	assert_ok!(Economics::choose_sponsor(signed(USER), Some(DAPP)));
}

#[test]
fn a_dapp_pays_its_users_transactions_up_to_its_allowance_then_they_pay() {
	new_test_ext().execute_with(|| {
		sponsored_user(1_000);
		set_author(Some(TEAM));
		let treasury = Balances::free_balance(TREASURY);
		let fee = pallet_transaction_payment::Pallet::<Test>::compute_fee(20, &info(), 0);
		for _ in 0..3 {
			assert_eq!(send(USER), Ok((0, fee)));
			System::assert_last_event(
				Event::TransactionSponsored { who: USER, dapp: DAPP, fee }.into(),
			);
		}
		let (paid, by_dapp) = send(USER).unwrap();
		assert_eq!((paid, by_dapp), (fee, 0), "past the allowance the user pays");
		assert_eq!(
			Balances::free_balance(TREASURY) - treasury,
			4 * Economics::treasury_part(fee),
			"fee {fee}"
		);
		// The next day the allowance is back.
		System::set_block_number(DAY * 2);
		assert_eq!(send(USER), Ok((0, fee)));
		assert_eq!(Balances::total_issuance(), SUPPLY);
		check();
	});
}

#[test]
fn the_users_own_quota_goes_first() {
	new_test_ext().execute_with(|| {
		sponsored_user(10_000);
		assert_ok!(Economics::freeze_for_quota(signed(USER), QUOTA_MIN));
		let fee = pallet_transaction_payment::Pallet::<Test>::compute_fee(20, &info(), 0);
		assert_eq!(send(USER), Ok((0, 0)), "free under its quota");
		// Sooner than the spacing: the DApp pays.
		assert_eq!(send(USER), Ok((0, fee)));
		check();
	});
}

#[test]
fn past_the_dapps_capacity_or_its_owners_balance_users_pay() {
	new_test_ext().execute_with(|| {
		sponsored_user(1_000);
		assert_ok!(Economics::set_dapp_terms(signed(DAPP), 1_000, 10));
		// The minimum stake pays for one millisecond a day, and each transaction declares
		// 0.4 ms: two fit.
		let params = crate::Parameters { dapp_stake_per_ms: DAPP_MIN_STAKE, ..Defaults::get() };
		assert_ok!(crate::tests::parameters::set(params));
		let mut heavy = info();
		heavy.call_weight = frame_support::weights::Weight::from_parts(400_000_000, 0);
		assert!(heavy.total_weight().all_lte(Economics::free_transaction_limit(&params)));
		assert_eq!(send_with(USER, &heavy).unwrap().0, 0);
		assert_eq!(send_with(USER, &heavy).unwrap().0, 0);
		assert!(
			send_with(USER, &heavy).unwrap().0 > 0,
			"the DApp's capacity of the day is used up"
		);
		// A new day, but the owner's free CPC is gone: the user pays.
		System::set_block_number(DAY * 2);
		let free = Balances::free_balance(DAPP);
		assert_ok!(Balances::transfer_allow_death(signed(DAPP), TREASURY, free - ED));
		assert!(send(USER).unwrap().0 > 0);
		check();
	});
}

#[test]
fn a_dapp_pays_nothing_for_users_it_dismissed_or_that_opted_out() {
	new_test_ext().execute_with(|| {
		sponsored_user(1_000);
		assert_ok!(Economics::choose_sponsor(signed(USER), None));
		assert_eq!(send(USER).unwrap().1, 0);
		assert_ok!(Economics::choose_sponsor(signed(USER), Some(DAPP)));
		assert_eq!(send(USER).unwrap().0, 0);
		assert_ok!(Economics::dismiss_user(signed(DAPP), USER));
		assert_eq!(send(USER).unwrap().1, 0);
		// Opting back in needs a new admission.
		assert_noop!(
			Economics::choose_sponsor(signed(USER), Some(DAPP)),
			Error::<Test>::NotAdmitted
		);
		check();
	});
}

#[test]
fn pending_transactions_cannot_all_claim_the_last_sponsored_place() {
	new_test_ext().execute_with(|| {
		sponsored_user(1_000);
		assert_ok!(Economics::set_dapp_terms(signed(DAPP), 1, 10));
		let nonce = frame_system::Account::<Test>::get(USER).nonce;
		let sponsored = |nonce| {
			let (_, val, _) = ChargeCpcFee::<Test>::new(nonce, 0)
				.validate_only(signed(USER), &remark(), &info(), 20, TransactionSource::External, 0)
				.unwrap();
			matches!(val, Val::Sponsored { .. })
		};
		assert!(sponsored(nonce));
		assert!(!sponsored(nonce + 1), "the next nonce has no place left");
		check();
	});
}

#[test]
fn a_sponsored_transaction_is_refused_nothing_it_pays_when_the_owner_cannot() {
	new_test_ext().execute_with(|| {
		sponsored_user(0);
		// The user has nothing and the owner pays: the transaction goes in.
		give(USER, ED);
		assert_eq!(
			send(USER).unwrap(),
			(0, pallet_transaction_payment::Pallet::<Test>::compute_fee(20, &info(), 0))
		);
		// The owner cannot pay and neither can the user: refused as any unpaid transaction.
		let free = Balances::free_balance(DAPP);
		assert_ok!(Balances::transfer_allow_death(signed(DAPP), TREASURY, free - ED));
		assert_eq!(
			send(USER),
			Err(TransactionValidityError::Invalid(
				sp_runtime::transaction_validity::InvalidTransaction::Payment
			))
		);
		assert!(Leases::<Test>::iter().next().is_none());
		check();
	});
}

/// What the extension hands back after dispatch of a `remark` from `who`, validated and
/// prepared as a block does, and whether it was paid by its sender.
fn refund_of(who: AccountId) -> (frame_support::weights::Weight, bool) {
	use sp_runtime::traits::TransactionExtension;
	let nonce = frame_system::Account::<Test>::get(who).nonce;
	let ext = ChargeCpcFee::<Test>::new(nonce, 0);
	let (_, val, origin) = ext
		.validate_only(signed(who), &remark(), &info(), 20, TransactionSource::InBlock, 0)
		.unwrap();
	let paid = matches!(val, Val::Paid { .. });
	let pre = ext.prepare(val, &origin, &remark(), &info(), 20).unwrap();
	let post = PostDispatchInfo { actual_weight: None, pays_fee: Pays::Yes };
	let refund =
		ChargeCpcFee::<Test>::post_dispatch_details(pre, &info(), &post, 20, &Ok(())).unwrap();
	(refund, paid)
}

#[test]
fn a_sender_whose_dapp_was_asked_but_did_not_pay_keeps_the_weight_of_asking() {
	use crate::weights::WeightInfo;
	new_test_ext().execute_with(|| {
		// The sponsored path reads more than the paid one: what the test is about.
		let (paid, sponsored) =
			(<() as WeightInfo>::charge_paid(), <() as WeightInfo>::charge_sponsored());
		assert!(sponsored.any_gt(paid), "paid {paid:?}, sponsored {sponsored:?}");
		give(USER, 1_000);
		// No record, no DApp asked: the paid path's weight alone is kept.
		let (unasked, was_paid) = refund_of(USER);
		assert!(was_paid);
		sponsored_user(0);
		assert_ok!(Economics::set_dapp_terms(signed(DAPP), 0, 10));
		// The DApp was asked but gives nothing today: the sender pays, and keeps the weight
		// of the DApp's reads as used, not handed back.
		let (asked, was_paid) = refund_of(USER);
		assert!(was_paid, "an allowance of 0 pays for nothing");
		assert_eq!(unasked.saturating_sub(asked), sponsored.max(paid).saturating_sub(paid));
		check();
	});
}
