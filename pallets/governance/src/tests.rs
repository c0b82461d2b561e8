//! The origins' checks, the pace, the floor of support and the council's cancelling.

use frame_support::{
	assert_noop, assert_ok,
	traits::{EnsureOrigin, OriginTrait},
};
use sp_runtime::{DispatchError, Perbill};

use crate::{mock::*, *};

const ALL: [Origin; 6] = [
	Origin::WhitelistedCaller,
	Origin::ParameterSetter,
	Origin::SmallSpender,
	Origin::BigSpender,
	Origin::ReferendumCanceller,
	Origin::ReferendumKiller,
];

/// Which of every origin (the six, root, a signed account, none) `E` accepts.
fn accepted<E: EnsureOrigin<RuntimeOrigin>>() -> Vec<OriginCaller> {
	let mut origins: Vec<RuntimeOrigin> = ALL.iter().map(|o| (*o).into()).collect();
	origins.extend([RuntimeOrigin::root(), RuntimeOrigin::signed(1), RuntimeOrigin::none()]);
	origins
		.into_iter()
		.filter(|o| E::try_origin(o.clone()).is_ok())
		.map(|o| o.caller().clone())
		.collect()
}

#[test]
fn each_origin_passes_its_own_check_and_no_other() {
	let only = |origin: Origin| vec![OriginCaller::from(origin)];
	assert_eq!(accepted::<EnsureWhitelistedCaller>(), only(Origin::WhitelistedCaller));
	assert_eq!(accepted::<EnsureParameterSetter>(), only(Origin::ParameterSetter));
	assert_eq!(accepted::<EnsureReferendumCanceller>(), only(Origin::ReferendumCanceller));
	assert_eq!(accepted::<EnsureReferendumKiller>(), only(Origin::ReferendumKiller));
	assert_eq!(
		accepted::<EnsureSpender<Small, Big>>(),
		vec![Origin::SmallSpender.into(), Origin::BigSpender.into()]
	);
}

#[test]
fn a_spender_may_spend_up_to_its_own_limit() {
	type Spender = EnsureSpender<Small, Big>;
	let limit = |o: Origin| <Spender as EnsureOrigin<RuntimeOrigin>>::try_origin(o.into()).ok();
	assert_eq!(limit(Origin::SmallSpender), Some(Small::get()));
	assert_eq!(limit(Origin::BigSpender), Some(Big::get()));
	assert_eq!(limit(Origin::ParameterSetter), None);
}

#[test]
fn the_pace_divides_every_period_and_none_vanishes() {
	ext(1).execute_with(|| {
		assert_eq!(Governance::paced(14_400u32), 14_400);
		assert_ok_state();
	});
	ext(1_440).execute_with(|| {
		assert_eq!(Governance::paced(14_400u32), 10);
		assert_eq!(Governance::paced(100u32), 1, "shorter than the pace: one block");
		assert_eq!(Governance::paced(0u32), 1);
		// The order of two periods holds at any pace.
		for (a, b) in [(7u32 * 14_400, 14_400), (1_441, 1_440), (200, 10)] {
			assert!(Governance::paced(a) >= Governance::paced(b));
		}
		assert_ok_state();
	});
}

#[test]
fn a_paced_get_reads_the_pace() {
	frame_support::parameter_types! {
		pub const Week: u32 = 7 * 14_400;
	}
	ext(1_440).execute_with(|| {
		assert_eq!(<Paced<Test, Week> as frame_support::traits::Get<u32>>::get(), 70);
	});
}

#[test]
fn a_pace_of_zero_at_genesis_is_the_live_pace() {
	ext(0).execute_with(|| {
		assert_eq!(Pace::<Test>::get(), 1);
		assert_eq!(Governance::paced(600u32), 600);
		assert_ok_state();
	});
}

#[test]
fn try_state_catches_a_pace_of_zero() {
	ext(1).execute_with(|| {
		Pace::<Test>::put(0);
		assert!(Governance::do_try_state().is_err());
	});
}

fn assert_ok_state() {
	assert_eq!(Governance::do_try_state(), Ok(()));
}

#[test]
fn the_floor_of_support_is_set_at_genesis() {
	use sp_runtime::BuildStorage;
	let storage = RuntimeGenesisConfig {
		governance: GenesisConfig {
			pace: 1,
			support_floor: Perbill::from_percent(5),
			..Default::default()
		},
		..Default::default()
	}
	.build_storage()
	.unwrap();
	sp_io::TestExternalities::from(storage).execute_with(|| {
		assert_eq!(SupportFloor::<Test>::get(), Perbill::from_percent(5));
	});
	new_test_ext().execute_with(|| assert_eq!(SupportFloor::<Test>::get(), Perbill::zero()));
}

#[test]
fn the_council_cancels_a_referendum_on_its_track_only() {
	new_test_ext().execute_with(|| {
		TableReferenda::open(0, COUNCIL_TRACK);
		TableReferenda::open(1, ROOT_TRACK);
		// Only the council.
		assert_noop!(
			Governance::cancel_fast_tracked(RuntimeOrigin::signed(1), 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Governance::cancel_fast_tracked(Origin::ReferendumCanceller.into(), 0),
			DispatchError::BadOrigin
		);
		// Not on another track, nor a referendum that is not ongoing.
		assert_noop!(
			Governance::cancel_fast_tracked(RuntimeOrigin::root(), 1),
			Error::<Test>::NotCouncilTrack
		);
		assert_noop!(
			Governance::cancel_fast_tracked(RuntimeOrigin::root(), 7),
			Error::<Test>::NotOngoing
		);
		assert_ok!(Governance::cancel_fast_tracked(RuntimeOrigin::root(), 0));
		assert_eq!(TableReferenda::cancelled(), vec![0]);
		System::assert_last_event(Event::FastTrackCancelled { index: 0 }.into());
		// Once cancelled, it is no longer ongoing.
		assert_noop!(
			Governance::cancel_fast_tracked(RuntimeOrigin::root(), 0),
			Error::<Test>::NotOngoing
		);
		assert_eq!(TableReferenda::ongoing_track(1), Some(ROOT_TRACK));
	});
}

#[test]
fn anyone_returns_a_rejected_referendums_submission_deposit_once() {
	new_test_ext().execute_with(|| {
		TableReferenda::reject(3);
		TableReferenda::open(4, ROOT_TRACK);
		assert_noop!(
			Governance::refund_rejected_submission(RuntimeOrigin::none(), 3),
			DispatchError::BadOrigin
		);
		// Not for an ongoing one, nor one that never was (nor one that timed out: the
		// runtime's referenda report it as not rejected).
		for index in [4, 9] {
			assert_noop!(
				Governance::refund_rejected_submission(RuntimeOrigin::signed(2), index),
				Error::<Test>::NotRejected
			);
		}
		assert!(TableReferenda::holds_submission(3));
		assert_ok!(Governance::refund_rejected_submission(RuntimeOrigin::signed(2), 3));
		assert!(!TableReferenda::holds_submission(3));
		System::assert_last_event(Event::RejectedSubmissionRefunded { index: 3 }.into());
		assert_noop!(
			Governance::refund_rejected_submission(RuntimeOrigin::signed(2), 3),
			Error::<Test>::AlreadyRefunded
		);
	});
}
