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
use pallet_cpc_economics::Category;
use pallet_cpc_governance::{Origin, Pace};
use pallet_referenda::{ReferendumInfo, TracksInfo};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::traits::Hash;

use super::*;
use crate::configs::{
	conviction_voting::VoteLockingPeriod,
	cpc_economics::TreasuryAccount,
	governance::{non_voting_accounts, VotableIssuance, DEV_PACE},
	referenda::{track, Tracks, TRACKS},
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
		// The reserves are the genesis table's: the treasury and the allocation accounts.
		let mut reserves: Vec<AccountId> = non_voting_accounts().collect();
		reserves.sort();
		let mut expected: Vec<AccountId> =
			[Category::Community, Category::Investors, Category::Team, Category::Foundation]
				.into_iter()
				.map(genesis_config_presets::allocation_account)
				.chain([TreasuryAccount::get()])
				.collect();
		expected.sort();
		assert_eq!(reserves, expected);
		// CPC leaving a reserve becomes votable.
		let treasury = TreasuryAccount::get();
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

/// On the local and live chains, where few accounts hold CPC outside the reserves, support is
/// measured against at least the floor: a handful of holders are not the whole base.
#[test]
fn support_is_measured_against_no_less_than_the_floor() {
	use crate::configs::governance::SUPPORT_FLOOR;
	preset_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let endowed = Sr25519Keyring::well_known().count() as Balance;
		let circulating = endowed * genesis_config_presets::DEV_ENDOWMENT;
		let floor = SUPPORT_FLOOR * TOTAL_SUPPLY;
		assert!(circulating < floor);
		assert_eq!(pallet_cpc_governance::SupportFloor::<Runtime>::get(), SUPPORT_FLOOR);
		assert_eq!(VotableIssuance::get(), floor);
		// Once more than the floor can vote, the CPC that can vote is the base again.
		let community = genesis_config_presets::allocation_account(Category::Community);
		assert_ok!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(community),
			Alice.to_account_id().into(),
			floor
		));
		assert_eq!(VotableIssuance::get(), circulating + floor);
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

/// Junk holding the root track's two deciding slots: two referenda with their decision
/// deposits (100,000 CPC each) would hold them for the decision period (seven days on the live
/// chain), every other root referendum queued behind. The killer track (a hundred slots, an
/// hour to prepare and three to confirm on the live chain) ends each and slashes both its
/// deposits to the treasury; the queued referendum then takes the slot.
#[test]
fn junk_holding_the_root_tracks_slots_is_killed_and_its_deposits_slashed() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let root = || OriginCaller::system(frame_system::RawOrigin::Root);
		let deciding = |index| {
			matches!(
				pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
				Some(ReferendumInfo::Ongoing(status)) if status.deciding.is_some()
			)
		};
		let junk = [propose(Eve, root(), upgrade(1)), propose(Eve, root(), upgrade(2))];
		run_to(3);
		let queued = propose(Ferdie, root(), upgrade(3));
		run_to(5);
		assert!(deciding(junk[0]) && deciding(junk[1]), "the junk decides");
		assert!(!deciding(queued), "the third waits for a slot");

		let treasury = TreasuryAccount::get();
		let (treasury_before, eve_before) =
			(Balances::free_balance(&treasury), Balances::reserved_balance(Eve.to_account_id()));
		let kill = pallet_referenda::Call::kill { index: junk[0] }.into();
		let killing = propose(Dave, Origin::ReferendumKiller.into(), kill);
		for who in [Alice, Bob, Charlie, Dave] {
			vote(who, killing, true);
		}
		let start = System::block_number();
		while !matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(junk[0]),
			Some(ReferendumInfo::Killed(_))
		) {
			assert!(System::block_number() < start + 40, "the junk was never killed");
			run_to(System::block_number() + 1);
		}
		// Both of its deposits went to the treasury.
		let slashed = <Runtime as pallet_referenda::Config>::SubmissionDeposit::get()
			+ TRACKS[0].info.decision_deposit;
		assert_eq!(Balances::reserved_balance(Eve.to_account_id()), eve_before - slashed);
		assert_eq!(Balances::free_balance(&treasury), treasury_before + slashed);
		// The queued referendum decides in the freed slot.
		run_to(System::block_number() + 2);
		assert!(deciding(queued), "the queued referendum took the slot");
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
		// Every deposit comes back: the decision deposit and the preimage's as upstream, the
		// submission deposit (which pallet-referenda keeps for a rejected referendum) by
		// anyone's call, once.
		assert_ok!(Referenda::refund_decision_deposit(signed(Bob), index));
		let hash = <Runtime as frame_system::Config>::Hashing::hash(&upgrade(9).encode());
		assert_ok!(Preimage::unnote_preimage(signed(Bob), hash));
		let submission = <Runtime as pallet_referenda::Config>::SubmissionDeposit::get();
		assert_eq!(Balances::reserved_balance(Bob.to_account_id()), reserved_before + submission);
		assert_noop!(
			Referenda::refund_submission_deposit(signed(Bob), index),
			pallet_referenda::Error::<Runtime>::BadStatus
		);
		assert_ok!(Origins::refund_rejected_submission(signed(Ferdie), index));
		assert_eq!(Balances::reserved_balance(Bob.to_account_id()), reserved_before);
		assert_noop!(
			Origins::refund_rejected_submission(signed(Ferdie), index),
			pallet_cpc_governance::Error::<Runtime>::AlreadyRefunded
		);
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

/// Two of the three council members pass `call` by a motion.
fn council_passes(call: RuntimeCall) -> sp_runtime::DispatchResult {
	let len = call.encoded_size() as u32;
	let motion = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<
		Runtime,
		crate::configs::council::CouncilCollective,
	>::get();
	assert_ok!(Council::propose(signed(Alice), 2, Box::new(call.clone()), len));
	for member in [Alice, Bob] {
		assert_ok!(Council::vote(signed(member), motion, index, true));
	}
	assert_ok!(Council::close(
		signed(Bob),
		motion,
		index,
		call.get_dispatch_info().call_weight,
		len
	));
	// The motion's own result, as the council's event reports it.
	System::events()
		.iter()
		.rev()
		.find_map(|record| match &record.event {
			RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => {
				Some(*result)
			}
			_ => None,
		})
		.expect("the motion was executed")
}

/// The council withdraws a call it fast-tracked: it cancels the referendum on its track,
/// and the proposer's deposits come back. It cancels nothing on another track.
#[test]
fn the_council_cancels_referenda_on_its_track_and_no_other() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let reserved_before = Balances::reserved_balance(Charlie.to_account_id());
		let fast_call = || -> RuntimeCall {
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
				call: Box::new(upgrade(8)),
			}
			.into()
		};
		let fast = propose(Charlie, Origin::WhitelistedCaller.into(), fast_call());
		let root =
			propose(Charlie, OriginCaller::system(frame_system::RawOrigin::Root), upgrade(9));
		let cancel = |index| -> RuntimeCall {
			pallet_cpc_governance::Call::cancel_fast_tracked { index }.into()
		};
		// Nobody but the council.
		assert_noop!(
			Origins::cancel_fast_tracked(signed(Alice), fast),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_eq!(
			council_passes(cancel(root)),
			Err(pallet_cpc_governance::Error::<Runtime>::NotCouncilTrack.into())
		);
		assert_ok!(council_passes(cancel(fast)));
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(fast),
			Some(ReferendumInfo::Cancelled(..))
		));
		assert_eq!(
			council_passes(cancel(fast)),
			Err(pallet_cpc_governance::Error::<Runtime>::NotOngoing.into())
		);
		// A cancelled referendum's deposits come back; the root one is still ongoing.
		assert_ok!(Referenda::refund_decision_deposit(signed(Charlie), fast));
		assert_ok!(Referenda::refund_submission_deposit(signed(Charlie), fast));
		let root_track = TRACKS.iter().find(|t| t.id == track::ROOT).unwrap();
		let submission = <Runtime as pallet_referenda::Config>::SubmissionDeposit::get();
		for encoded in [upgrade(9).encode(), fast_call().encode()] {
			let hash = <Runtime as frame_system::Config>::Hashing::hash(&encoded);
			assert_ok!(Preimage::unnote_preimage(signed(Charlie), hash));
		}
		assert_eq!(
			Balances::reserved_balance(Charlie.to_account_id()),
			reserved_before + submission + root_track.info.decision_deposit
		);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(root),
			Some(ReferendumInfo::Ongoing(..))
		));
	});
}

/// Two of the three council members whitelist the call of `hash`, by a motion.
fn council_whitelists(hash: H256) {
	assert_ok!(council_passes(pallet_whitelist::Call::whitelist_call { call_hash: hash }.into()));
	assert!(pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(hash));
}

/// A fast-track referendum that passes before the council whitelisted its call does not
/// dispatch it: it leaves a deferred dispatch, which anyone may finish once the council
/// whitelists the call, until it expires. So a council whitelisting a hash must look for a
/// deferred dispatch of it first (`whitelist.deferredDispatch`): if there is one, its motion
/// dispatches the call at once, with no referendum after it.
#[test]
fn a_fast_track_referendum_that_passes_before_the_whitelist_waits_for_the_council() {
	use crate::configs::whitelist::DeferredDispatchExpiration;
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let dispatch = |inner: &RuntimeCall| -> RuntimeCall {
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
				call: Box::new(inner.clone()),
			}
			.into()
		};
		let hash_of =
			|call: &RuntimeCall| <Runtime as frame_system::Config>::Hashing::hash(&call.encode());
		let (inner, late) = (upgrade(3), upgrade(4));
		let start = System::block_number();
		let first = propose(Alice, Origin::WhitelistedCaller.into(), dispatch(&inner));
		let second = propose(Bob, Origin::WhitelistedCaller.into(), dispatch(&late));
		for who in [Alice, Bob, Charlie, Dave] {
			vote(who, first, true);
			vote(who, second, true);
		}
		while !pallet_whitelist::DeferredDispatch::<Runtime>::contains_key(hash_of(&late)) {
			assert!(System::block_number() < start + 40, "the referenda never passed");
			run_to(System::block_number() + 1);
		}
		assert!(pallet_whitelist::DeferredDispatch::<Runtime>::contains_key(hash_of(&inner)));
		assert!(approved_at(first).is_some() && approved_at(second).is_some());
		assert_eq!(authorized(), None, "passed, but not dispatched");

		// Nobody finishes it before the council whitelists it.
		let stranger = || RuntimeOrigin::signed(Ferdie.to_account_id());
		assert_noop!(
			Whitelist::dispatch_whitelisted_call_with_preimage(stranger(), Box::new(inner.clone())),
			pallet_whitelist::Error::<Runtime>::CallIsNotWhitelisted
		);
		// Once whitelisted, anyone does.
		council_whitelists(hash_of(&inner));
		assert_ok!(Whitelist::dispatch_whitelisted_call_with_preimage(
			stranger(),
			Box::new(inner.clone())
		));
		assert_eq!(authorized(), Some(H256::repeat_byte(3)));
		assert!(!pallet_whitelist::DeferredDispatch::<Runtime>::contains_key(hash_of(&inner)));

		// A deferred dispatch the council leaves alone expires, and anyone may clear it.
		let expires = pallet_whitelist::DeferredDispatch::<Runtime>::get(hash_of(&late)).unwrap();
		assert!(expires <= System::block_number() + DeferredDispatchExpiration::get());
		assert_noop!(
			Whitelist::remove_deferred_dispatch(stranger(), hash_of(&late)),
			pallet_whitelist::Error::<Runtime>::DeferredDispatchNotExpired
		);
		run_to(expires);
		council_whitelists(hash_of(&late));
		assert_noop!(
			Whitelist::dispatch_whitelisted_call_with_preimage(stranger(), Box::new(late.clone())),
			pallet_whitelist::Error::<Runtime>::DeferredDispatchExpired
		);
		assert_ok!(Whitelist::remove_deferred_dispatch(stranger(), hash_of(&late)));
		assert_eq!(authorized(), Some(H256::repeat_byte(3)), "the late call never ran");
	});
}

/// A referendum nobody seconded with a decision deposit times out and keeps its submission
/// deposit held: that is what spamming the referendum list costs.
#[test]
fn a_timed_out_referendum_keeps_its_submission_deposit() {
	use crate::configs::referenda::UndecidingTimeout;
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let reserved_before = Balances::reserved_balance(Eve.to_account_id());
		let call = upgrade(2).encode();
		let hash = <Runtime as frame_system::Config>::Hashing::hash(&call);
		let index = pallet_referenda::ReferendumCount::<Runtime>::get();
		assert_ok!(Referenda::submit(
			signed(Eve),
			Box::new(OriginCaller::system(frame_system::RawOrigin::Root)),
			Bounded::Lookup { hash, len: call.len() as u32 },
			DispatchTime::After(0),
		));
		assert_noop!(
			Origins::refund_rejected_submission(signed(Eve), index),
			pallet_cpc_governance::Error::<Runtime>::NotRejected
		);
		run_to(System::block_number() + UndecidingTimeout::get() + 2);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::TimedOut(..))
		));
		assert_noop!(
			Origins::refund_rejected_submission(signed(Eve), index),
			pallet_cpc_governance::Error::<Runtime>::NotRejected
		);
		let submission = <Runtime as pallet_referenda::Config>::SubmissionDeposit::get();
		assert_eq!(Balances::reserved_balance(Eve.to_account_id()), reserved_before + submission);
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
		council_whitelists(hash);

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

/// A spend never reaps the treasury: a payout that would leave it below the existential
/// deposit is refused and stays pending; the rest of its balance may be paid.
#[test]
fn a_treasury_payout_never_takes_the_treasury_below_the_existential_deposit() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let treasury = TreasuryAccount::get();
		let bob = Bob.to_account_id();
		let ed = <Runtime as pallet_balances::Config>::ExistentialDeposit::get();
		let all = Balances::free_balance(&treasury);
		let spend = |amount: Balance| {
			assert_ok!(Treasury::spend(
				RuntimeOrigin::root(),
				Box::new(()),
				amount,
				Box::new(bob.clone()),
				None
			));
			pallet_treasury::SpendCount::<Runtime>::get() - 1
		};
		let everything = spend(all);
		assert_noop!(
			Treasury::payout(signed(Charlie), everything),
			pallet_treasury::Error::<Runtime>::PayoutError
		);
		assert_eq!(Balances::free_balance(&treasury), all);
		assert!(pallet_treasury::Spends::<Runtime>::contains_key(everything), "still pending");
		let before = Balances::free_balance(&bob);
		let all_but_ed = spend(all - ed);
		assert_ok!(Treasury::payout(signed(Charlie), all_but_ed));
		assert_eq!(Balances::free_balance(&treasury), ed);
		assert_eq!(Balances::free_balance(&bob), before + all - ed);
		assert!(frame_system::Account::<Runtime>::contains_key(&treasury), "still alive");
	});
}

/// CPC owed to others on hold never covers a vote's lock. pallet-balances lets held CPC cover
/// a lock, so a voter that put CPC aside for its lenders could send its voted CPC to another
/// account to vote again, the lock now covering the fees the lenders then claim. Whichever
/// comes first, the vote or the fees, what the voter may send away leaves the vote covered by
/// CPC it keeps (its free CPC and the stake, which only ever comes back to it), and taking the
/// fees back frees nothing more.
#[test]
fn cpc_owed_to_others_never_covers_a_vote() {
	use frame_support::traits::fungible::Inspect;
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let root = OriginCaller::system(frame_system::RawOrigin::Root);
		let index = propose(Alice, root, upgrade(3));
		let stake = pallet_cpc_parameters::Economics::<Runtime>::get().dapp_min_stake;
		let (voted, fees) = (stake + 1_000 * CPC, 10_000 * CPC);
		let aye = AccountVote::Standard {
			vote: Vote { aye: true, conviction: Conviction::Locked1x },
			balance: voted,
		};
		for (voter, vote_first) in [(Ferdie, true), (Bob, false)] {
			let who = voter.to_account_id();
			assert_ok!(CpcEconomics::register_dapp(signed(voter), stake, 1, CPC));
			if vote_first {
				assert_ok!(ConvictionVoting::vote(signed(voter), index, aye));
				assert_ok!(CpcEconomics::fund_lease_fees(signed(voter), fees));
			} else {
				assert_ok!(CpcEconomics::fund_lease_fees(signed(voter), fees));
				assert_ok!(ConvictionVoting::vote(signed(voter), index, aye));
			}
			// What it keeps on hold (the stake) covers part of the vote; the fees none of it.
			let kept = voted - (<Balances as frame_support::traits::fungible::InspectHold<AccountId>>::total_balance_on_hold(&who) - fees);
			let send = |amount| {
				Balances::transfer_keep_alive(signed(voter), Alice.to_account_id().into(), amount)
			};
			let spendable = Balances::free_balance(&who) - kept;
			assert_eq!(
				<Balances as Inspect<AccountId>>::reducible_balance(
					&who,
					frame_support::traits::tokens::Preservation::Preserve,
					frame_support::traits::tokens::Fortitude::Polite,
				),
				spendable,
				"{voter:?}, vote first: {vote_first}"
			);
			assert_noop!(send(spendable + 1), sp_runtime::TokenError::Frozen);
			assert_ok!(CpcEconomics::reclaim_lease_fees(signed(voter), fees));
			assert_noop!(send(spendable + fees + 1), sp_runtime::TokenError::Frozen);
			assert_ok!(send(spendable + fees));
			// All it has left is what it voted.
			assert_eq!(<Balances as Inspect<AccountId>>::total_balance(&who), voted);
		}
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
		// Now locked by the vote, none of it can be put aside for lenders, though the lock
		// is smaller than what Ferdie holds and has: the CPC already held does not cover the
		// lock (see docs/security.md, G10).
		assert_noop!(
			CpcEconomics::fund_lease_fees(signed(Ferdie), CPC),
			pallet_cpc_economics::Error::<Runtime>::InsufficientBalance
		);
		// Nor can it go into an escrow.
		assert_eq!(
			cpchain_primitives::funds::movable::<
				_,
				Balances,
				cpchain_primitives::funds::BalancesFrozen<Runtime>,
			>(&ferdie),
			0
		);
	});
}
