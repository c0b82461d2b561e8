//! Governance in the composed runtime: every track has an origin, votes stay locked past the
//! longest enactment, the presets' root keys and pace, the CPC that can vote, and referenda
//! from submission to enactment (or rejection), their deposits and locks released.

use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{schedule::DispatchTime, Bounded, Get, Hooks, LockIdentifier},
};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_cpc_governance::{Origin, Pace};
use pallet_referenda::{ReferendumInfo, TracksInfo};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::traits::Hash;

use super::*;
use crate::configs::{
	conviction_voting::VoteLockingPeriod,
	governance::{non_voting_accounts, VotableIssuance, DEV_PACE},
	referenda::{track, Tracks},
};

const VOTE_LOCK: LockIdentifier = *b"pyconvot";

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

#[test]
fn every_track_has_one_origin_and_every_origin_a_track() {
	let origins = [
		OriginCaller::system(frame_system::RawOrigin::Root),
		Origin::WhitelistedCaller.into(),
		Origin::ParameterSetter.into(),
		Origin::ReferendumCanceller.into(),
		Origin::ReferendumKiller.into(),
		Origin::SmallSpender.into(),
		Origin::BigSpender.into(),
	];
	let mut ids: Vec<_> = origins.iter().map(|o| Tracks::track_for(o).unwrap()).collect();
	ids.sort();
	// One track per origin, and no track without one.
	let tracks = sp_io::TestExternalities::default()
		.execute_with(|| Tracks::track_ids().collect::<Vec<_>>());
	assert_eq!(ids, tracks);
	assert_eq!(ids.len(), origins.len());
	// Signed and unsigned origins have no track: nothing dispatches as them by referendum.
	let alice = frame_system::RawOrigin::Signed(Alice.to_account_id());
	assert!(Tracks::track_for(&OriginCaller::system(alice)).is_err());
	assert!(Tracks::track_for(&OriginCaller::system(frame_system::RawOrigin::None)).is_err());
	sp_io::TestExternalities::default()
		.execute_with(|| assert_eq!(Tracks::check_integrity(), Ok(())));
}

#[test]
fn votes_stay_locked_at_least_as_long_as_the_longest_enactment_at_any_pace() {
	for pace in [1, 60, DEV_PACE, 1_000_000] {
		sp_io::TestExternalities::default().execute_with(|| {
			Pace::<Runtime>::put(pace);
			let longest =
				Tracks::tracks().map(|t| t.info.min_enactment_period).max().expect("tracks");
			assert!(
				VoteLockingPeriod::get() >= longest,
				"pace {pace}: lock {} < enactment {longest}",
				VoteLockingPeriod::get()
			);
			// No period vanishes, however fast.
			for t in Tracks::tracks() {
				let i = &t.info;
				assert!([
					i.prepare_period,
					i.decision_period,
					i.confirm_period,
					i.min_enactment_period
				]
				.iter()
				.all(|p| *p >= 1));
			}
		});
	}
}

#[test]
fn only_the_development_preset_has_a_root_key_and_a_fast_pace() {
	let members = |keys: [Sr25519Keyring; 3]| {
		let mut accounts: Vec<AccountId> = keys.iter().map(|k| k.to_account_id()).collect();
		accounts.sort();
		accounts
	};
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
		assert_eq!(Pace::<Runtime>::get(), DEV_PACE);
		// A day of the tracks in ten blocks.
		assert_eq!(Origins::paced(DAYS), 10);
		let mut council =
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get();
		council.sort();
		assert_eq!(council, members([Alice, Bob, Charlie]));
		let mut executive =
			pallet_collective::Members::<Runtime, pallet_collective::Instance2>::get();
		executive.sort();
		assert_eq!(executive, members([Dave, Eve, Ferdie]));
	});
	preset_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_eq!(Pace::<Runtime>::get(), 1);
		assert_eq!(Origins::paced(DAYS), DAYS);
	});
}

#[test]
fn support_is_measured_against_the_cpc_that_can_vote() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		// The development accounts hold all of it: the rest is in keyless accounts.
		let endowed = Sr25519Keyring::well_known().count() as Balance;
		assert_eq!(VotableIssuance::get(), endowed * genesis_config_presets::DEV_ENDOWMENT);
		// CPC leaving a non-voting account becomes votable.
		let treasury = non_voting_accounts()[0].clone();
		assert_ok!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(treasury),
			Alice.to_account_id().into(),
			1_000 * CPC
		));
		assert_eq!(
			VotableIssuance::get(),
			endowed * genesis_config_presets::DEV_ENDOWMENT + 1_000 * CPC
		);
	});
}

/// Runs the scheduler, which serves referenda's alarms and enacts them, up to block `n`.
fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
	}
}

/// `who` notes `call`, submits it on `origin`'s track and places the decision deposit: the
/// referendum's index.
fn propose(who: Sr25519Keyring, origin: OriginCaller, call: RuntimeCall) -> u32 {
	let encoded = call.encode();
	let hash = <Runtime as frame_system::Config>::Hashing::hash(&encoded);
	assert_ok!(Preimage::note_preimage(signed(who), encoded.clone()));
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	assert_ok!(Referenda::submit(
		signed(who),
		Box::new(origin),
		Bounded::Lookup { hash, len: encoded.len() as u32 },
		DispatchTime::After(0),
	));
	assert_ok!(Referenda::place_decision_deposit(signed(who), index));
	index
}

fn vote(who: Sr25519Keyring, index: u32, aye: bool) {
	let vote = Vote { aye, conviction: Conviction::Locked1x };
	assert_ok!(ConvictionVoting::vote(
		signed(who),
		index,
		AccountVote::Standard { vote, balance: 800_000 * CPC }
	));
}

fn upgrade(byte: u8) -> RuntimeCall {
	frame_system::Call::authorize_upgrade { code_hash: H256::repeat_byte(byte) }.into()
}

fn authorized() -> Option<H256> {
	System::authorized_upgrade().map(|a| *a.code_hash())
}

/// The block a referendum was approved at, if it was.
fn approved_at(index: u32) -> Option<BlockNumber> {
	match pallet_referenda::ReferendumInfoFor::<Runtime>::get(index) {
		Some(ReferendumInfo::Approved(at, ..)) => Some(at),
		_ => None,
	}
}

fn has_vote_lock(who: Sr25519Keyring) -> bool {
	pallet_balances::Locks::<Runtime>::get(who.to_account_id())
		.iter()
		.any(|lock| lock.id == VOTE_LOCK)
}

#[test]
fn a_root_referendum_passes_by_conviction_votes_and_the_scheduler_enacts_it() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let reserved_before = Balances::reserved_balance(Alice.to_account_id());
		let root = OriginCaller::system(frame_system::RawOrigin::Root);
		let index = propose(Alice, root, upgrade(7));
		// 4 × 800,000 of the 12,000,000 CPC that can vote: 27 %, above the root track's 25 %.
		for who in [Alice, Bob, Charlie, Dave] {
			vote(who, index, true);
		}
		run_to(5);
		assert_eq!(authorized(), None, "confirming, not yet enacted");
		run_to(40);
		assert_eq!(authorized(), Some(H256::repeat_byte(7)), "enacted by the scheduler");
		assert!(approved_at(index).is_some());

		// Both deposits come back, and the preimage's once unnoted.
		assert_ok!(Referenda::refund_decision_deposit(signed(Alice), index));
		assert_ok!(Referenda::refund_submission_deposit(signed(Alice), index));
		let hash = <Runtime as frame_system::Config>::Hashing::hash(&upgrade(7).encode());
		assert_ok!(Preimage::unnote_preimage(signed(Alice), hash));
		assert_eq!(Balances::reserved_balance(Alice.to_account_id()), reserved_before);

		// The votes stay locked for the locking period after the end, then unlock.
		let ended = approved_at(index).unwrap();
		assert_ok!(ConvictionVoting::remove_vote(signed(Bob), Some(track::ROOT), index));
		assert_ok!(ConvictionVoting::unlock(signed(Bob), track::ROOT, Bob.to_account_id().into()));
		assert!(has_vote_lock(Bob), "locked until {}", ended + VoteLockingPeriod::get());
		run_to(ended + VoteLockingPeriod::get());
		assert_ok!(ConvictionVoting::unlock(signed(Bob), track::ROOT, Bob.to_account_id().into()));
		assert!(!has_vote_lock(Bob));
	});
}

#[test]
fn a_rejected_referendum_changes_nothing_and_its_votes_unlock_at_once() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let reserved_before = Balances::reserved_balance(Bob.to_account_id());
		let root = OriginCaller::system(frame_system::RawOrigin::Root);
		let index = propose(Bob, root, upgrade(9));
		vote(Alice, index, true);
		for who in [Charlie, Dave, Eve] {
			vote(who, index, false);
		}
		// Past the decision period (7 days at the pace: 70 blocks).
		run_to(100);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Rejected(..))
		));
		assert_eq!(authorized(), None);
		// The decision deposit and the preimage's come back. The submission deposit stays
		// held, as pallet-referenda keeps it for a rejected referendum (against spam).
		assert_ok!(Referenda::refund_decision_deposit(signed(Bob), index));
		let hash = <Runtime as frame_system::Config>::Hashing::hash(&upgrade(9).encode());
		assert_ok!(Preimage::unnote_preimage(signed(Bob), hash));
		let submission = <Runtime as pallet_referenda::Config>::SubmissionDeposit::get();
		assert_eq!(Balances::reserved_balance(Bob.to_account_id()), reserved_before + submission);
		// A losing vote was never at risk: it unlocks as soon as the referendum ends; the
		// winning side's stay locked for the locking period.
		assert_ok!(ConvictionVoting::remove_vote(signed(Alice), Some(track::ROOT), index));
		assert_ok!(ConvictionVoting::unlock(
			signed(Alice),
			track::ROOT,
			Alice.to_account_id().into()
		));
		assert!(!has_vote_lock(Alice));
		assert_ok!(ConvictionVoting::remove_vote(signed(Charlie), Some(track::ROOT), index));
		assert_ok!(ConvictionVoting::unlock(
			signed(Charlie),
			track::ROOT,
			Charlie.to_account_id().into()
		));
		assert!(has_vote_lock(Charlie));
	});
}

#[test]
fn a_call_the_council_whitelisted_passes_on_the_fast_track_sooner_than_on_root() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let inner = upgrade(5);
		let hash = <Runtime as frame_system::Config>::Hashing::hash(&inner.encode());
		// A signed account cannot dispatch it: only a deferred dispatch, which a passed
		// fast-track referendum leaves, lets anyone finish it.
		assert_noop!(
			Whitelist::dispatch_whitelisted_call_with_preimage(
				RuntimeOrigin::signed(Alice.to_account_id()),
				Box::new(inner.clone())
			),
			pallet_whitelist::Error::<Runtime>::DeferredDispatchNotFound
		);
		// Two of the three council members whitelist it.
		let whitelist: RuntimeCall =
			pallet_whitelist::Call::whitelist_call { call_hash: hash }.into();
		let len = whitelist.encoded_size() as u32;
		assert_ok!(Council::propose(signed(Alice), 2, Box::new(whitelist.clone()), len));
		let motion = <Runtime as frame_system::Config>::Hashing::hash_of(&whitelist);
		for member in [Alice, Bob] {
			assert_ok!(Council::vote(signed(member), motion, 0, true));
		}
		assert_ok!(Council::close(
			signed(Bob),
			motion,
			0,
			whitelist.get_dispatch_info().call_weight,
			len
		));
		assert!(pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(hash));

		// The same holders' votes on both tracks; the whitelisted one enacts first.
		let start = System::block_number();
		let fast = propose(
			Alice,
			Origin::WhitelistedCaller.into(),
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
				call: Box::new(inner),
			}
			.into(),
		);
		let slow = propose(Bob, OriginCaller::system(frame_system::RawOrigin::Root), upgrade(6));
		for who in [Alice, Bob, Charlie, Dave] {
			vote(who, fast, true);
			vote(who, slow, true);
		}
		// The whitelisted call itself is dispatched, as root, before the root referendum is
		// even approved.
		while approved_at(slow).is_none() {
			assert!(System::block_number() < start + 40, "the root referendum never passed");
			run_to(System::block_number() + 1);
		}
		assert_eq!(authorized(), Some(H256::repeat_byte(5)), "the whitelisted call enacted");
		run_to(start + 40);
		let (fast_at, slow_at) = (approved_at(fast).unwrap(), approved_at(slow).unwrap());
		assert!(fast_at < slow_at, "whitelisted at {fast_at}, root at {slow_at}");
		// Both enacted; the root one last.
		assert_eq!(authorized(), Some(H256::repeat_byte(6)));
		assert!(!pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(hash), "used up");
	});
}

#[test]
fn votes_and_delegations_fit_in_a_block() {
	use frame_support::dispatch::DispatchClass;
	let limit = crate::configs::system::RuntimeBlockWeights::get()
		.get(DispatchClass::Normal)
		.max_extrinsic
		.expect("a normal extrinsic's limit");
	let bob: AccountId = Bob.to_account_id();
	let calls: [RuntimeCall; 3] = [
		pallet_conviction_voting::Call::delegate {
			class: track::ROOT,
			to: bob.into(),
			conviction: Conviction::Locked1x,
			balance: CPC,
		}
		.into(),
		pallet_conviction_voting::Call::undelegate { class: track::ROOT }.into(),
		pallet_conviction_voting::Call::vote {
			poll_index: 0,
			vote: AccountVote::Standard {
				vote: Vote { aye: true, conviction: Conviction::Locked1x },
				balance: CPC,
			},
		}
		.into(),
	];
	for call in calls {
		let weight = call.get_dispatch_info().total_weight();
		assert!(weight.all_lte(limit), "{call:?} declares {weight:?}, over {limit:?}");
	}
}

#[test]
// `spend_local` is deprecated upstream; the test shows it stays refused here.
#[allow(deprecated)]
fn the_treasury_pays_through_spend_within_the_spenders_limits_and_mints_nothing() {
	use crate::configs::treasury::{BigSpend, SmallSpend};
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance =
			<Balances as frame_support::traits::fungible::Inspect<AccountId>>::total_issuance();
		let bob = Bob.to_account_id();
		let spend = |origin: RuntimeOrigin, amount: Balance| {
			Treasury::spend(origin, Box::new(()), amount, Box::new(bob.clone()), None)
		};
		// Each spender up to its own limit.
		assert_noop!(
			spend(Origin::SmallSpender.into(), SmallSpend::get() + 1),
			pallet_treasury::Error::<Runtime>::InsufficientPermission
		);
		assert_noop!(
			spend(Origin::BigSpender.into(), BigSpend::get() + 1),
			pallet_treasury::Error::<Runtime>::InsufficientPermission
		);
		assert_noop!(
			spend(RuntimeOrigin::signed(bob.clone()), CPC),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(spend(Origin::SmallSpender.into(), 1_000 * CPC));
		let before = Balances::free_balance(&bob);
		assert_ok!(Treasury::payout(RuntimeOrigin::signed(Charlie.to_account_id()), 0));
		assert_eq!(Balances::free_balance(&bob), before + 1_000 * CPC);
		// The old kind of spend, which credits before it debits, is refused whoever asks.
		assert_noop!(
			Treasury::spend_local(RuntimeOrigin::root(), CPC, bob.clone().into()),
			pallet_treasury::Error::<Runtime>::TooManyApprovals
		);
		assert_eq!(
			<Balances as frame_support::traits::fungible::Inspect<AccountId>>::total_issuance(),
			issuance
		);
		assert_eq!(issuance, TOTAL_SUPPLY);
	});
}

/// The same CPC votes once. CPC on a hold that is paid to another account (a DApp's leasing
/// fees put aside, a buyer's escrow) does not vote: the payee would vote it again, and the
/// payer's lock would cover CPC it no longer has. Held CPC that only ever comes back to its
/// account (a DApp's stake, a lease, the quota's) votes as free CPC does. And CPC a vote locks
/// is never put on a hold that pays others.
#[test]
fn cpc_owed_to_others_does_not_vote_and_voted_cpc_is_not_owed() {
	use frame_support::traits::fungible::Inspect;
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let root = OriginCaller::system(frame_system::RawOrigin::Root);
		let index = propose(Alice, root, upgrade(3));
		let ferdie = Ferdie.to_account_id();
		let stake = pallet_cpc_parameters::Economics::<Runtime>::get().dapp_min_stake;
		let fees = 1_000 * CPC;
		assert_ok!(CpcEconomics::register_dapp(signed(Ferdie), stake, 1, CPC));
		assert_ok!(CpcEconomics::fund_lease_fees(signed(Ferdie), fees));
		let total = <Balances as Inspect<AccountId>>::total_balance(&ferdie);
		let aye = |balance| AccountVote::Standard {
			vote: Vote { aye: true, conviction: Conviction::Locked1x },
			balance,
		};
		// The fees are owed to lenders: they neither vote nor back a delegation.
		assert_noop!(
			ConvictionVoting::vote(signed(Ferdie), index, aye(total)),
			pallet_conviction_voting::Error::<Runtime>::InsufficientFunds
		);
		assert_noop!(
			ConvictionVoting::delegate(
				signed(Ferdie),
				track::ROOT,
				Bob.to_account_id().into(),
				Conviction::Locked1x,
				total
			),
			pallet_conviction_voting::Error::<Runtime>::InsufficientFunds
		);
		// Everything else does, the DApp's stake on hold included.
		assert_ok!(ConvictionVoting::vote(signed(Ferdie), index, aye(total - fees)));
		// Now locked by the vote, it cannot be put aside for lenders: only as much as is held
		// for them already may be (a lock overlaps holds; see docs/security.md, G10).
		assert_noop!(
			CpcEconomics::fund_lease_fees(signed(Ferdie), fees + CPC),
			pallet_cpc_economics::Error::<Runtime>::InsufficientBalance
		);
	});
}
