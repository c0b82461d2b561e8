//! The free daily quota: what a freeze earns, the calls that freeze and release it, and the
//! fee extension's free and paid paths.

use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchInfo, GetDispatchInfo, Pays, PostDispatchInfo},
	traits::fungible::InspectHold,
	weights::Weight,
};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension},
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
};

use crate::{mock::*, ChargeCpcFee, Error, HoldReason, Pallet, QuotaAccounts};

type Quota = Pallet<Test>;

/// What a freeze earns under the test runtime's default parameters.
fn quota(earning: Balance) -> u32 {
	Quota::daily_quota_with(&Defaults::get(), earning)
}

#[test]
fn a_freeze_earns_one_free_transaction_per_part_from_the_minimum_up_to_the_cap() {
	assert_eq!(quota(0), 0);
	assert_eq!(quota(QUOTA_MIN - 1), 0);
	assert_eq!(quota(QUOTA_MIN), (QUOTA_MIN / PER_FREE) as u32);
	assert_eq!(quota(QUOTA_MIN + PER_FREE - 1), (QUOTA_MIN / PER_FREE) as u32);
	assert_eq!(quota(QUOTA_MIN + PER_FREE), (QUOTA_MIN / PER_FREE) as u32 + 1);
	assert_eq!(quota(PER_FREE * 1_000), MAX_FREE);
	assert_eq!(quota(Balance::MAX), MAX_FREE);
}

/// A small deterministic generator, so the property test needs no crate and replays.
struct Lcg(u64);
impl Lcg {
	fn next(&mut self, below: u64) -> u64 {
		self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
		(self.0 >> 33) % below.max(1)
	}
}

#[test]
fn splitting_a_stake_between_accounts_never_earns_more_than_the_stake_at_the_rate() {
	let mut rng = Lcg(7);
	for _ in 0..2_000 {
		let stake = rng.next(20 * PER_FREE as u64 * MAX_FREE as u64) as Balance;
		let accounts = 1 + rng.next(40) as usize;
		// A random split: cut points over the stake.
		let mut cuts: Vec<Balance> =
			(0..accounts - 1).map(|_| rng.next(stake as u64 + 1) as Balance).collect();
		cuts.push(0);
		cuts.push(stake);
		cuts.sort();
		let parts: Vec<Balance> = cuts.windows(2).map(|w| w[1] - w[0]).collect();
		let together: u32 = parts.iter().map(|part| quota(*part)).sum();
		// Never more than the stake earns at the rate, whatever the split...
		assert!(together as Balance <= stake / PER_FREE, "{parts:?}: {together}");
		// ...and where one account would not reach the cap, no more than that account earns.
		if stake / PER_FREE <= MAX_FREE as Balance {
			assert!(together <= quota(stake), "{parts:?}: {together}");
		}
	}
}

#[test]
fn freezing_needs_the_minimum_and_the_balance() {
	new_test_ext().execute_with(|| {
		let who = RuntimeOrigin::signed(COMMUNITY);
		assert_noop!(Economics::freeze_for_quota(who.clone(), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Economics::freeze_for_quota(who.clone(), QUOTA_MIN - 1),
			Error::<Test>::BelowQuotaMinimum
		);
		assert_noop!(
			Economics::freeze_for_quota(RuntimeOrigin::signed(TREASURY), 1_000 + QUOTA_MIN),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Economics::freeze_for_quota(who.clone(), QUOTA_MIN));
		assert_ok!(Economics::freeze_for_quota(who, 1));
		assert_eq!(
			<Balances as InspectHold<AccountId>>::balance_on_hold(
				&HoldReason::Quota.into(),
				&COMMUNITY
			),
			QUOTA_MIN + 1
		);
		// Kept CPC stays in the account, on hold, but cannot move.
		assert_eq!(
			<Balances as frame_support::traits::fungible::Inspect<AccountId>>::total_balance(
				&COMMUNITY
			),
			300_000
		);
		assert_eq!(Balances::free_balance(COMMUNITY), 300_000 - QUOTA_MIN - 1);
		assert_noop!(
			Balances::transfer_allow_death(RuntimeOrigin::signed(COMMUNITY), INVESTORS, 300_000),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn unfrozen_cpc_stops_earning_at_once_and_moves_only_after_the_delay() {
	new_test_ext().execute_with(|| {
		let who = RuntimeOrigin::signed(COMMUNITY);
		assert_ok!(Economics::freeze_for_quota(who.clone(), 3 * QUOTA_MIN));
		assert_noop!(
			Economics::unfreeze_quota(who.clone(), 3 * QUOTA_MIN + 1),
			Error::<Test>::NotThatMuchFrozen
		);
		// What stays must be nothing or the minimum.
		assert_noop!(
			Economics::unfreeze_quota(who.clone(), 2 * QUOTA_MIN + 1),
			Error::<Test>::BelowQuotaMinimum
		);
		assert_noop!(Economics::withdraw_unfrozen(who.clone()), Error::<Test>::NothingUnfreezing);
		assert_ok!(Economics::unfreeze_quota(who.clone(), 2 * QUOTA_MIN));
		// The part asked back earns nothing from now on.
		assert_eq!(Quota::free_slot(&COMMUNITY, 0, 1).map(|q| q.used), Some(1));
		assert_eq!(Quota::free_slot(&COMMUNITY, (QUOTA_MIN / PER_FREE) as u32, 1), None);
		System::set_block_number(1 + UNFREEZE_DELAY - 1);
		assert_noop!(Economics::withdraw_unfrozen(who.clone()), Error::<Test>::StillUnfreezing);
		System::set_block_number(1 + UNFREEZE_DELAY);
		assert_ok!(Economics::withdraw_unfrozen(who.clone()));
		assert_eq!(
			<Balances as InspectHold<AccountId>>::balance_on_hold(
				&HoldReason::Quota.into(),
				&COMMUNITY
			),
			QUOTA_MIN
		);
		// All of it back: the record and the freeze are gone.
		assert_ok!(Economics::unfreeze_quota(who.clone(), QUOTA_MIN));
		System::set_block_number(2 + 2 * UNFREEZE_DELAY);
		assert_ok!(Economics::withdraw_unfrozen(who.clone()));
		assert!(QuotaAccounts::<Test>::get(COMMUNITY).is_none());
		assert_eq!(
			<Balances as InspectHold<AccountId>>::balance_on_hold(
				&HoldReason::Quota.into(),
				&COMMUNITY
			),
			0
		);
		assert_noop!(Economics::withdraw_unfrozen(who), Error::<Test>::NothingFrozen);
	});
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 10] })
}

fn info() -> DispatchInfo {
	remark().get_dispatch_info()
}

/// Validates and applies a `remark` from `who` with `nonce` and `tip`; the fee `who` paid.
fn send(who: AccountId, nonce: u32, tip: Balance) -> Result<Balance, TransactionValidityError> {
	let before = Balances::free_balance(who);
	let ext = ChargeCpcFee::<Test>::new(nonce, tip);
	ext.test_run(RuntimeOrigin::signed(who), &remark(), &info(), 20, 0, |_| {
		Ok(PostDispatchInfo { actual_weight: None, pays_fee: Pays::Yes })
	})?
	.unwrap();
	Ok(before - Balances::free_balance(who))
}

/// Only validates, as the pool does, at block `now`: the priority, or the error.
fn pool_priority(
	who: AccountId,
	nonce: u32,
	tip: Balance,
) -> Result<u64, TransactionValidityError> {
	let ext = ChargeCpcFee::<Test>::new(nonce, tip);
	ext.validate_only(
		RuntimeOrigin::signed(who),
		&remark(),
		&info(),
		20,
		TransactionSource::External,
		0,
	)
	.map(|(valid, _, _)| valid.priority)
}

#[test]
fn inside_the_quota_a_transaction_is_free_and_the_next_one_pays() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		let quota = (QUOTA_MIN / PER_FREE) as u64;
		let mut nonce = frame_system::Account::<Test>::get(COMMUNITY).nonce;
		for k in 0..quota {
			System::set_block_number(1 + k * SPACING);
			assert_eq!(send(COMMUNITY, nonce, 0), Ok(0), "free transaction {k}");
			System::assert_last_event(
				crate::Event::FreeTransaction {
					who: COMMUNITY,
					used: k as u32 + 1,
					quota: quota as u32,
				}
				.into(),
			);
			nonce += 1;
		}
		System::set_block_number(1 + quota * SPACING);
		let paid = send(COMMUNITY, nonce, 0).unwrap();
		assert!(paid > 0, "past the quota it pays");
		// The next day the quota is back.
		System::set_block_number(DAY * 2);
		assert_eq!(send(COMMUNITY, nonce + 1, 0), Ok(0));
		assert_eq!(Balances::total_issuance(), SUPPLY);
	});
}

#[test]
fn too_fast_a_tip_or_no_freeze_pays_and_is_never_refused_for_it() {
	new_test_ext().execute_with(|| {
		// No freeze: paid, as always.
		assert!(send(INVESTORS, 0, 0).unwrap() > 0);
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		let nonce = frame_system::Account::<Test>::get(COMMUNITY).nonce;
		assert_eq!(send(COMMUNITY, nonce, 0), Ok(0));
		// Within the spacing: paid.
		assert!(send(COMMUNITY, nonce + 1, 0).unwrap() > 0);
		System::set_block_number(1 + SPACING);
		// A tip asks for priority: paid, tip included.
		let paid = send(COMMUNITY, nonce + 2, 7).unwrap();
		assert!(paid > 7);
		// Without one, free again.
		assert_eq!(send(COMMUNITY, nonce + 3, 0), Ok(0));
	});
}

#[test]
fn pending_transactions_cannot_all_claim_the_last_free_place() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		let nonce = frame_system::Account::<Test>::get(COMMUNITY).nonce;
		// In the pool, all against the same state: the next nonce is free (priority 0), the
		// ones after it are not, and they stay valid as paid transactions.
		assert_eq!(pool_priority(COMMUNITY, nonce, 0), Ok(0));
		for ahead in 1..4 {
			let priority = pool_priority(COMMUNITY, nonce + ahead, 0).unwrap();
			assert!(priority > 0, "pending transaction {ahead} is paid");
		}
		// A stale nonce is refused as before.
		System::inc_account_nonce(COMMUNITY);
		assert_eq!(pool_priority(COMMUNITY, nonce, 0), Err(InvalidTransaction::Stale.into()));
	});
}

#[test]
fn free_transactions_fill_at_most_their_share_of_a_block() {
	new_test_ext().execute_with(|| {
		let limit = Quota::free_weight_limit();
		assert!(limit.all_gt(Weight::zero()));
		// Transactions of a quarter of the share each: four fit.
		let heavy = DispatchInfo {
			call_weight: Weight::from_parts(limit.ref_time() / 4, 0),
			..Default::default()
		};
		let fits = 4;
		// Accounts with a freeze each, one free transaction apiece, all in block 1.
		let senders: Vec<AccountId> = (1_000..1_000 + fits as u64 + 3).collect();
		for who in &senders {
			assert_ok!(<Balances as frame_support::traits::fungible::Mutate<AccountId>>::transfer(
				&COMMUNITY,
				who,
				2 * QUOTA_MIN,
				frame_support::traits::tokens::Preservation::Preserve
			));
			assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(*who), QUOTA_MIN));
		}
		let mut free = 0;
		for who in &senders {
			let ext = ChargeCpcFee::<Test>::new(0, 0);
			match ext.validate_and_prepare(RuntimeOrigin::signed(*who), &remark(), &heavy, 20, 0) {
				Ok(_) => free += 1,
				Err(e) => assert_eq!(e, InvalidTransaction::ExhaustsResources.into()),
			}
		}
		assert_eq!(free, fits, "the share holds {fits}");
		// The next block has room again.
		System::set_block_number(2);
		let ext = ChargeCpcFee::<Test>::new(0, 0);
		assert!(ext
			.validate_and_prepare(
				RuntimeOrigin::signed(*senders.last().unwrap()),
				&remark(),
				&heavy,
				20,
				0
			)
			.is_ok());
	});
}

#[test]
fn it_lists_itself_as_the_two_extensions_wallets_know() {
	let ids: Vec<&str> = <ChargeCpcFee<Test> as TransactionExtension<RuntimeCall>>::metadata()
		.iter()
		.map(|entry| entry.identifier)
		.collect();
	assert_eq!(ids, vec!["CheckNonce", "ChargeTransactionPayment"]);
	// And encodes as they do, one after the other.
	use codec::Encode;
	let ours = ChargeCpcFee::<Test>::new(5, 9).encode();
	let theirs = (
		frame_system::CheckNonce::<Test>::from(5),
		pallet_transaction_payment::ChargeTransactionPayment::<Test>::from(9),
	)
		.encode();
	assert_eq!(ours, theirs);
}

/// Validates and applies `call` with `info` and `len` from `who`; the fee it paid, and what
/// `actual` weight dispatch reports.
fn send_call(
	who: AccountId,
	call: &RuntimeCall,
	info: &DispatchInfo,
	len: usize,
	actual: Option<Weight>,
) -> Result<Balance, TransactionValidityError> {
	let before = Balances::free_balance(who);
	let nonce = frame_system::Account::<Test>::get(who).nonce;
	let ext = ChargeCpcFee::<Test>::new(nonce, 0);
	ext.test_run(RuntimeOrigin::signed(who), call, info, len, 0, |_| {
		Ok(PostDispatchInfo { actual_weight: actual, pays_fee: Pays::Yes })
	})?
	.unwrap();
	Ok(before - Balances::free_balance(who))
}

#[test]
fn a_transaction_heavier_than_a_free_one_may_be_pays_and_is_never_stuck() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		let params = <Test as crate::Config>::Parameters::get();
		let limit = Quota::free_transaction_limit(&params);
		let over = DispatchInfo {
			call_weight: Weight::from_parts(limit.ref_time() + 1, 0),
			..Default::default()
		};
		// Paid, and the quota is untouched.
		assert!(send_call(COMMUNITY, &remark(), &over, 20, None).unwrap() > 0);
		assert_eq!(QuotaAccounts::<Test>::get(COMMUNITY).map(|a| a.used), Some(0));
		// With no free share at all, nothing is free, and nothing waits for a share.
		assert_ok!(crate::tests::parameters::set(crate::Parameters {
			free_block_share: sp_runtime::Perbill::zero(),
			free_transaction_share: sp_runtime::Perbill::zero(),
			..params
		}));
		assert!(send_call(COMMUNITY, &remark(), &info(), 20, None).unwrap() > 0);
	});
}

#[test]
fn a_long_transaction_pays_its_length() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		let long = MAX_FREE_LENGTH as usize + 1;
		assert!(send_call(COMMUNITY, &remark(), &info(), long, None).unwrap() > 0);
		System::set_block_number(1 + SPACING);
		assert_eq!(send_call(COMMUNITY, &remark(), &info(), long - 1, None), Ok(0));
	});
}

#[test]
fn calls_that_may_not_go_free_pay() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		let set_code = RuntimeCall::System(frame_system::Call::set_code { code: vec![] });
		let small = DispatchInfo::default();
		assert!(send_call(COMMUNITY, &set_code, &small, 20, None).unwrap() > 0);
		assert_eq!(send_call(COMMUNITY, &remark(), &small, 20, None), Ok(0));
	});
}

#[test]
fn the_free_share_counts_what_a_transaction_used_not_what_it_declared() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::freeze_for_quota(RuntimeOrigin::signed(COMMUNITY), QUOTA_MIN));
		let declared = DispatchInfo {
			call_weight: Weight::from_parts(1_000_000, 1_000),
			..Default::default()
		};
		let used = Weight::from_parts(100_000, 100);
		assert_eq!(send_call(COMMUNITY, &remark(), &declared, 20, Some(used)), Ok(0));
		let (block, weight) = crate::FreeWeight::<Test>::get().unwrap();
		assert_eq!(block, System::block_number());
		assert_eq!(weight, declared.total_weight() - (declared.call_weight - used));
	});
}
