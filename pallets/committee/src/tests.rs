//! Tests of the committee: candidacy, credit inputs and penalties, elections and refills, the
//! session pallet's view, and that nothing done after the randomness is known changes a draw.

use crate::{mock::*, *};
use cpchain_primitives::parameters::Section;
use frame_support::BoundedVec;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::Pays,
	traits::{
		fungible::{Inspect, InspectHold, Mutate},
		EstimateNextSessionRotation, SortedMembers,
	},
};
use sp_runtime::DispatchResult;
use sp_runtime::{DispatchError, Perbill};

fn candidate(who: AccountId) -> CandidateOf<Test> {
	Candidates::<Test>::get(who).expect("a candidate")
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::CandidacyBond.into(), &who)
}

fn queued() -> Vec<AccountId> {
	Queued::<Test>::get().into_inner()
}

fn set_randomness(value: u8) {
	world(|w| w.randomness = Some([value; 32]));
}

/// Sets several parameters at once, as a chain spec or a batch of referenda would: within the
/// bounds, and with what a new term does to the next election.
fn params(f: impl FnOnce(&mut Parameters<Balance>)) {
	let old = pallet_cpc_parameters::Committee::<Test>::get();
	let mut new = old;
	f(&mut new);
	assert_ok!(<Committee as Section>::check(&new));
	pallet_cpc_parameters::Committee::<Test>::put(new);
	<Committee as Section>::changed(&old, &new);
	committee_events();
}

fn set_parameter(origin: RuntimeOrigin, change: ParameterChange<Balance>) -> DispatchResult {
	CpcParameters::set_parameter(origin, pallet_cpc_parameters::Change::Committee(change))
}

fn try_state() {
	Committee::do_try_state().expect("invariants hold");
}

#[test]
fn genesis_seats_invulnerables_then_candidates_and_the_session_pallet_agrees() {
	new_test_ext(vec![2, 1], (11..=16).collect()).execute_with(|| {
		assert_eq!(Invulnerables::<Test>::get().into_inner(), vec![1, 2]);
		assert_eq!(Members::<Test>::get().into_inner(), vec![1, 2, 11, 12]);
		assert_eq!(Session::validators(), vec![1, 2, 11, 12]);
		assert_eq!(held(11), MIN_BOND);
		assert_eq!(NextElection::<Test>::get(), 3);
		assert_eq!(
			<Committee as SortedMembers<_>>::sorted_members(),
			(11..=16).collect::<Vec<_>>()
		);
		try_state();
	});
}

#[test]
fn registering_bonds_and_needs_keys_and_an_umbral_key() {
	new_test_ext(vec![1], vec![]).execute_with(|| {
		assert_noop!(
			Committee::register_candidate(RuntimeOrigin::none(), MIN_BOND),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Committee::register_candidate(RuntimeOrigin::signed(5), MIN_BOND - 1),
			Error::<Test>::BondTooLow
		);
		// Account KEYED + 1 has no session keys.
		assert_noop!(
			Committee::register_candidate(RuntimeOrigin::signed(KEYED + 1), MIN_BOND),
			Error::<Test>::NoSessionKeys
		);
		world(|w| w.no_umbral_key.insert(5));
		assert_noop!(
			Committee::register_candidate(RuntimeOrigin::signed(5), MIN_BOND),
			Error::<Test>::NoProxyKey
		);
		assert_noop!(
			Committee::register_candidate(RuntimeOrigin::signed(1), MIN_BOND),
			Error::<Test>::Invulnerable
		);
		assert_noop!(
			Committee::register_candidate(RuntimeOrigin::signed(6), 1_000_000),
			Error::<Test>::InsufficientBalance
		);
		world(|w| w.records.insert(7, 12));
		assert_ok!(Committee::register_candidate(RuntimeOrigin::signed(7), 300));
		assert_ok!(Committee::register_candidate(RuntimeOrigin::signed(6), MIN_BOND));
		assert_noop!(
			Committee::register_candidate(RuntimeOrigin::signed(6), MIN_BOND),
			Error::<Test>::AlreadyCandidate
		);
		assert_eq!(held(7), 300);
		// Records held before candidacy count only from the first whole session.
		assert_eq!(candidate(7).records_low, 0);
		assert_eq!(candidate(7).status, Status::Active);
		assert_eq!(CandidateList::<Test>::get().into_inner(), vec![6, 7]);
		assert!(<Committee as SortedMembers<_>>::contains(&7));
		assert_eq!(
			committee_events(),
			vec![
				Event::CandidateRegistered { who: 7, bond: 300 },
				Event::CandidateRegistered { who: 6, bond: MIN_BOND }
			]
		);
		try_state();
	});
}

#[test]
fn the_candidate_list_is_bounded() {
	new_test_ext(vec![1], vec![]).execute_with(|| {
		for who in 1_000..2_000u64 {
			Balances::set_balance(&who, 1_000);
			assert_ok!(Committee::add_candidate(&who, MIN_BOND));
		}
		assert_noop!(
			Committee::register_candidate(RuntimeOrigin::signed(5), MIN_BOND),
			Error::<Test>::TooManyCandidates
		);
		assert_eq!(<Committee as SortedMembers<_>>::count(), 1000);
	});
}

#[test]
fn bonding_more_raises_the_hold() {
	new_test_ext(vec![1], vec![11]).execute_with(|| {
		assert_noop!(
			Committee::bond_extra(RuntimeOrigin::signed(5), 10),
			Error::<Test>::NotCandidate
		);
		assert_noop!(
			Committee::bond_extra(RuntimeOrigin::signed(11), 100_000),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Committee::bond_extra(RuntimeOrigin::signed(11), 50));
		assert_eq!(candidate(11).bond, MIN_BOND + 50);
		assert_eq!(held(11), MIN_BOND + 50);
		assert_ok!(Committee::leave(RuntimeOrigin::signed(11)));
		assert_noop!(Committee::bond_extra(RuntimeOrigin::signed(11), 1), Error::<Test>::Leaving);
		try_state();
	});
}

#[test]
fn leaving_stops_proxy_service_and_the_bond_waits_for_the_delay_and_the_seat() {
	new_test_ext(vec![1], vec![11, 12, 13, 14]).execute_with(|| {
		// 14 is not seated (four seats: 1, 11, 12, 13); 11 is.
		assert_noop!(Committee::withdraw(RuntimeOrigin::signed(14)), Error::<Test>::NotLeaving);
		assert_noop!(Committee::leave(RuntimeOrigin::signed(5)), Error::<Test>::NotCandidate);
		assert_ok!(Committee::leave(RuntimeOrigin::signed(14)));
		assert_ok!(Committee::leave(RuntimeOrigin::signed(11)));
		assert_noop!(Committee::leave(RuntimeOrigin::signed(11)), Error::<Test>::Leaving);
		assert!(!<Committee as SortedMembers<_>>::contains(&14));
		assert_eq!(CandidateList::<Test>::get().into_inner(), vec![12, 13]);
		assert_eq!(candidate(14).status, Status::Leaving { unbonds_at: 1 + UNBONDING });
		assert_noop!(Committee::withdraw(RuntimeOrigin::signed(14)), Error::<Test>::StillUnbonding);

		// 11 leaves the queued set at the next session change and the committee one later.
		run_to_session(1);
		assert!(!queued().contains(&11));
		assert!(Members::<Test>::get().contains(&11));
		assert!(committee_events().contains(&Event::MemberRemoved { who: 11, from: 2 }));
		run_to_block(1 + UNBONDING);
		let free = Balances::balance(&14);
		assert_ok!(Committee::withdraw(RuntimeOrigin::signed(14)));
		assert_eq!(Balances::balance(&14), free + MIN_BOND);
		assert_eq!(held(14), 0);
		assert!(Candidates::<Test>::get(14).is_none());
		assert!(Past::<Test>::iter().all(|(_, who, _)| who != 14));
		// Out of the committee since session 2, past its delay: 11 withdraws too.
		assert!(!Members::<Test>::get().contains(&11) && !queued().contains(&11));
		assert_ok!(Committee::withdraw(RuntimeOrigin::signed(11)));
		try_state();
	});
}

#[test]
fn a_seated_candidate_cannot_withdraw() {
	new_test_ext(vec![], vec![11, 12]).execute_with(|| {
		assert_ok!(Committee::leave(RuntimeOrigin::signed(11)));
		assert_ok!(Committee::leave(RuntimeOrigin::signed(12)));
		// Nobody else to seat: the committee stays rather than halt the chain.
		run_to_session(2);
		assert_eq!(queued(), vec![11, 12]);
		assert_eq!(Session::validators(), vec![11, 12]);
		run_to_block(2 + UNBONDING);
		assert_noop!(Committee::withdraw(RuntimeOrigin::signed(11)), Error::<Test>::StillSeated);
		try_state();
	});
}

#[test]
fn governance_sets_parameters_within_bounds() {
	use ParameterChange as C;
	new_test_ext(vec![1], vec![]).execute_with(|| {
		assert_noop!(set_parameter(RuntimeOrigin::signed(1), C::Term(4)), DispatchError::BadOrigin);
		let none = CreditWeights { stake: 0, activity: 0, data: 0, proxy: 0, availability: 0 };
		let heavy = CreditWeights { proxy: MAX_CREDIT_WEIGHT + 1, ..default_parameters().weights };
		let no_cfrags = ActivityCaps { cfrags: 0, ..default_parameters().caps };
		let cases: [(C<Balance>, Error<Test>); 18] = [
			(C::Weights(none), Error::<Test>::BadCreditWeights),
			(C::Weights(heavy), Error::<Test>::BadCreditWeights),
			(C::SessionLength(1), Error::<Test>::BadSessionLength),
			(C::SessionLength(MAX_SESSION_LENGTH + 1), Error::<Test>::BadSessionLength),
			(C::Window(0), Error::<Test>::BadWindow),
			(C::Window(17), Error::<Test>::BadWindow),
			(C::Term(0), Error::<Test>::BadTerm),
			(C::Term(MAX_TERM + 1), Error::<Test>::BadTerm),
			(C::Seats(0), Error::<Test>::BadSeats),
			(C::Seats(33), Error::<Test>::BadSeats),
			(C::MinCredit(1001), Error::<Test>::BadScore),
			(C::InvalidCfragPenalty(1001), Error::<Test>::BadScore),
			(C::MinBond(0), Error::<Test>::BadMinBond),
			(C::MinBond(100 * MIN_BOND + 1), Error::<Test>::BadMinBond),
			(C::LowCreditSeats(Perbill::from_percent(51)), Error::<Test>::BadLowCreditSeats),
			(C::InvalidCfragSlash(Perbill::from_percent(11)), Error::<Test>::BadSlash),
			(C::EquivocationSlash(Perbill::from_percent(51)), Error::<Test>::BadSlash),
			(C::Caps(no_cfrags), Error::<Test>::BadCaps),
		];
		for (change, error) in cases {
			assert_noop!(set_parameter(RuntimeOrigin::root(), change), error);
		}
		// Every key's values beyond its bounds are refused, whichever they are.
		for key in <Committee as Section>::keys() {
			let beyond = <Committee as Section>::beyond_bounds(key);
			assert!(!beyond.is_empty(), "{key:?} has bounds");
			for change in beyond {
				assert_eq!(<Committee as Section>::key(&change), key);
				assert!(
					set_parameter(RuntimeOrigin::root(), change.clone()).is_err(),
					"{change:?}"
				);
			}
			let within = <Committee as Section>::within_bounds(key);
			assert_eq!(<Committee as Section>::key(&within), key);
		}
		// The invulnerable needs its seat.
		assert_ok!(Committee::set_invulnerables(RuntimeOrigin::root(), vec![1, 2]));
		assert_noop!(
			set_parameter(RuntimeOrigin::root(), C::Seats(1)),
			Error::<Test>::TooManyInvulnerables
		);

		// A longer term moves the next election with it.
		assert_ok!(set_parameter(RuntimeOrigin::root(), C::Term(7)));
		assert_ok!(set_parameter(RuntimeOrigin::root(), C::SessionLength(4)));
		let parameters = <Test as Config>::Parameters::get();
		assert_eq!((parameters.term, parameters.session_length), (7, 4));
		assert_eq!(NextElection::<Test>::get(), 7);
		assert_eq!(<Committee as EstimateNextSessionRotation<_>>::average_session_length(), 4);
		// Sessions now change every four blocks.
		run_to_block(4);
		assert_eq!(Session::current_index(), 1);
		run_to_block(8);
		assert_eq!(Session::current_index(), 2);
		try_state();
	});
}

#[test]
fn governance_sets_invulnerables_who_sit_from_the_next_session_change() {
	new_test_ext(vec![1], vec![11, 12, 13]).execute_with(|| {
		assert_noop!(
			Committee::set_invulnerables(RuntimeOrigin::signed(1), vec![2]),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Committee::set_invulnerables(RuntimeOrigin::root(), vec![KEYED + 1]),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			Committee::set_invulnerables(RuntimeOrigin::root(), vec![11]),
			Error::<Test>::AlreadyCandidate
		);
		assert_noop!(
			Committee::set_invulnerables(RuntimeOrigin::root(), vec![1, 2, 3, 4, 5]),
			Error::<Test>::TooManyInvulnerables
		);
		assert_ok!(Committee::set_invulnerables(RuntimeOrigin::root(), vec![3, 2, 3]));
		assert_eq!(Invulnerables::<Test>::get().into_inner(), vec![2, 3]);
		run_to_session(1);
		// Two invulnerables and two of the three candidates still seated: four seats.
		let queued = queued();
		assert_eq!(&queued[..2], &[2, 3]);
		assert_eq!(queued.len(), 4);
		assert!(!queued.contains(&1));
		let removed: Vec<_> = committee_events()
			.into_iter()
			.filter_map(|event| match event {
				Event::MemberRemoved { who, from: 2 } => Some(who),
				_ => None,
			})
			.collect();
		assert_eq!(removed.len(), 2);
		assert!(removed.contains(&1));
		try_state();
	});
}

#[test]
fn activity_records_sales_and_fragments_raise_the_credit_components() {
	new_test_ext(vec![1], vec![11, 12, 13]).execute_with(|| {
		Committee::note_fees(&11, 9);
		// 12 holds a record through session 0 (held at genesis, so from its start).
		world(|w| w.records.insert(12, 1));
		Candidates::<Test>::mutate(12, |c| c.as_mut().unwrap().records_low = 1);
		// Two proxies were paid 250 each for a part of 12's data; 12 was one of them.
		Committee::note_sale(&12, &20, &[12, 13], 250);
		Committee::note_cfrag_accepted(&13, &12, &20);
		Committee::note_cfrag_accepted(&13, &12, &20);
		// Not candidates: nothing is kept.
		Committee::note_cfrag_accepted(&5, &12, &20);
		assert_eq!(candidate(13).current.cfrags, 2);
		run_to_session(1);
		let (c11, c12, c13) = (candidate(11).credit, candidate(12).credit, candidate(13).credit);
		assert_eq!((c11.activity, c12.activity, c13.activity), (1000, 0, 0));
		assert_eq!((c11.data, c12.data, c13.data), (0, 1000, 0));
		assert_eq!((c11.proxy, c12.proxy, c13.proxy), (0, 0, 1000));
		assert_eq!(c11.stake, 500);
		// Genesis slots are not known: full availability, nothing missed.
		assert_eq!(c11.availability, 1000);
		assert_eq!(c11.base, (500 + 1000 + 1000) / 5);
		assert_eq!(c11.total, c11.base);
		assert_eq!(candidate(12).window.sold, 250, "only what others were paid");
		assert_eq!(candidate(12).window.records, 1);
		assert_eq!(Past::<Test>::get(0, 13).map(|tally| tally.cfrags), Some(2));
		assert!(Candidates::<Test>::get(5).is_none());
		try_state();
	});
}

#[test]
fn manufactured_activity_earns_no_credit() {
	new_test_ext(vec![1], vec![11, 12]).execute_with(|| {
		// Session 0, for 11: a register-and-remove loop (the deposit comes back each time),
		// fragments for its own data or to itself, a sale whose proxy fees went to itself, and
		// fees far past the cap.
		for _ in 0..50 {
			world(|w| w.records.insert(11, 1));
			world(|w| w.records.insert(11, 0));
			Committee::note_record_removed(&11);
		}
		Committee::note_cfrag_accepted(&11, &11, &20);
		Committee::note_cfrag_accepted(&11, &20, &11);
		Committee::note_sale(&11, &20, &[11], 5_000);
		let cap = default_parameters().caps.fees;
		Committee::note_fees(&11, 100 * cap);
		// 12 holds a record through the session and pays the cap in fees.
		world(|w| w.records.insert(12, 1));
		Candidates::<Test>::mutate(12, |c| c.as_mut().unwrap().records_low = 1);
		Committee::note_fees(&12, cap);
		run_to_session(1);
		let (spammer, steady) = (candidate(11).window, candidate(12).window);
		assert_eq!((spammer.records, spammer.cfrags, spammer.sold), (0, 0, 0));
		assert_eq!(spammer.fees, cap, "spending past the cap counts as the cap");
		assert_eq!((steady.records, steady.fees), (1, cap));
		// Equal fees rank equal; only the record held through the session tells them apart.
		let (c11, c12) = (candidate(11).credit, candidate(12).credit);
		assert_eq!(c11.activity, c12.activity);
		assert!(c12.data > c11.data);
		assert_eq!(c11.proxy, 0);
		// A record registered during a session counts from the next whole session only.
		world(|w| w.records.insert(11, 3));
		run_to_session(2);
		assert_eq!(candidate(11).window.records, 0);
		run_to_session(3);
		assert_eq!(candidate(11).window.records, 3);
		try_state();
	});
}

#[test]
fn the_window_slides_and_shrinks() {
	new_test_ext(vec![1], vec![11, 12]).execute_with(|| {
		// Session 0: 11 pays five in fees.
		Committee::note_fees(&11, 5);
		run_to_session(1);
		assert_eq!(candidate(11).window.fees, 5);
		assert_eq!(candidate(11).credit.activity, 1000);
		// A window of four sessions: session 0 is dropped when session 4 closes.
		run_to_session(4);
		assert_eq!(candidate(11).window.fees, 5);
		assert_eq!(candidate(11).window_start, 0);
		run_to_session(5);
		assert_eq!(candidate(11).window.fees, 0);
		assert_eq!(candidate(11).window_start, 1);
		assert_eq!(candidate(11).credit.activity, 0);
		assert!(Past::<Test>::get(0, 11).is_none());
		try_state();

		// Shrinking the window drops the older sessions at the next close.
		Committee::note_fees(&12, 3);
		world(|w| w.records.insert(12, 1));
		run_to_session(6);
		run_to_session(7);
		assert_eq!(candidate(12).window.fees, 3);
		assert_eq!(candidate(12).window.records, 1, "held through session 6");
		params(|p| p.window = 1);
		run_to_session(8);
		let window = candidate(12).window;
		assert_eq!((window.fees, window.records), (0, 1));
		assert_eq!(candidate(12).window_start, 7);
		try_state();
	});
}

#[test]
fn the_genesis_session_s_slots_are_not_held_against_anyone() {
	new_test_ext(vec![1], vec![11, 12, 13]).execute_with(|| {
		// A live chain's slot numbers are large: the genesis session began in none of them.
		world(|w| w.slot = 300_000_000);
		run_to_session(1);
		assert_eq!(candidate(11).window.expected, 0);
		assert_eq!(candidate(11).recent_availability, Perbill::one());
		assert!(committee_events().iter().all(|e| !matches!(e, Event::MemberRemoved { .. })));
		// From session 1 on, slots are counted from the session's first.
		run_to_session(2);
		assert_eq!(Past::<Test>::get(1, 11).map(|tally| tally.expected), Some(10 / 4));
	});
}

#[test]
fn missed_slots_scale_the_credit_and_cost_the_seat_which_is_refilled() {
	new_test_ext(vec![1], vec![11, 12, 13, 14, 15]).execute_with(|| {
		params(|p| p.term = 20);
		run_to_session(1);
		assert_eq!(Session::validators(), vec![1, 11, 12, 13]);
		// 12 misses every slot of session 1; the others author theirs.
		world(|w| w.offline.insert(12));
		set_randomness(2);
		run_to_session(2);
		// Ten slots for four members: two expected of each.
		let session_1 = Past::<Test>::get(1, 12).expect("slots were expected");
		assert_eq!((session_1.authored, session_1.expected), (0, 2));
		let twelve = candidate(12);
		assert_eq!(twelve.recent_availability, Perbill::zero());
		assert_eq!(twelve.credit.total, 0);
		let eleven = candidate(11);
		assert_eq!(eleven.recent_availability, Perbill::one());
		let session_1 = Past::<Test>::get(1, 11).expect("slots were expected");
		assert!(session_1.authored >= session_1.expected);
		assert!(eleven.credit.total > 0);
		let events = committee_events();
		assert!(events.contains(&Event::MemberRemoved { who: 12, from: 3 }));
		let added: Vec<_> = events
			.iter()
			.filter_map(|event| match event {
				Event::SeatsRefilled { serves_from: 3, added } => Some(added.clone()),
				_ => None,
			})
			.collect();
		assert_eq!(added.len(), 1);
		assert_eq!(added[0].len(), 1);
		assert!([14, 15].contains(&added[0][0]));
		run_to_session(3);
		assert!(!Session::validators().contains(&12));
		assert_eq!(Session::validators().len(), 4);
		try_state();
	});
}

#[test]
fn an_invalid_fragment_costs_credit_and_bond_and_then_the_seat() {
	new_test_ext(vec![1], vec![11, 12, 13, 14]).execute_with(|| {
		params(|p| p.term = 20);
		run_to_session(1);
		let before = candidate(11).credit.total;
		let issuance = Balances::total_issuance();
		Committee::note_cfrag_rejected(&11);
		let eleven = candidate(11);
		assert_eq!(eleven.credit.total, before.saturating_sub(150));
		assert_eq!(eleven.credit.penalty, 150);
		assert_eq!(eleven.bond, MIN_BOND - 10);
		assert_eq!(held(11), MIN_BOND - 10);
		assert_eq!(Balances::total_issuance(), issuance - 10);
		assert_eq!(
			committee_events(),
			vec![Event::Penalised { who: 11, credit: eleven.credit.total, slashed: 10 }]
		);
		// Not a candidate: nothing happens.
		Committee::note_cfrag_rejected(&5);
		assert!(committee_events().is_empty());
		// The bond is below the minimum now: the seat goes at the next session change, and the
		// window keeps the penalty.
		run_to_session(2);
		assert!(committee_events().contains(&Event::MemberRemoved { who: 11, from: 3 }));
		assert_eq!(candidate(11).window.invalid_cfrags, 1);
		assert_eq!(candidate(11).credit.penalty, 150);
		try_state();
	});
}

#[test]
fn equivocation_zeroes_credit_slashes_and_is_reported_once() {
	new_test_ext(vec![1], vec![11, 12, 13, 14]).execute_with(|| {
		params(|p| p.term = 20);
		run_to_session(1);
		let proof = |offender, slot, valid| Box::new(TestProof { offender, slot, valid });
		assert_noop!(
			Committee::report_equivocation(RuntimeOrigin::none(), proof(11, 5, true)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Committee::report_equivocation(RuntimeOrigin::signed(2), proof(11, 5, false)),
			Error::<Test>::InvalidProof
		);
		assert_noop!(
			Committee::report_equivocation(RuntimeOrigin::signed(2), proof(5, 5, true)),
			Error::<Test>::NotCandidate
		);
		let post = Committee::report_equivocation(RuntimeOrigin::signed(2), proof(11, 5, true))
			.expect("a valid report");
		assert_eq!(post.pays_fee, Pays::No);
		let eleven = candidate(11);
		assert_eq!(eleven.credit.total, 0);
		assert!(eleven.credit.equivocated);
		assert_eq!(eleven.bond, MIN_BOND / 2);
		assert_eq!(eleven.equivocation, Some((1, 5)));
		assert_eq!(
			committee_events(),
			vec![Event::Equivocated { who: 11, slot: 5, slashed: MIN_BOND / 2 }]
		);
		for slot in [5, 4] {
			assert_noop!(
				Committee::report_equivocation(RuntimeOrigin::signed(2), proof(11, slot, true)),
				Error::<Test>::AlreadyReported
			);
		}
		run_to_session(2);
		assert!(committee_events().contains(&Event::MemberRemoved { who: 11, from: 3 }));
		// The credit stays zero while the equivocation is in the window, bond topped up or not.
		assert_ok!(Committee::bond_extra(RuntimeOrigin::signed(11), 1_000));
		// Reported in session 1, window of four: zero while sessions 1..=4 are the window
		// (session 4 closes as session 5 begins).
		run_to_session(5);
		assert_eq!(candidate(11).credit.total, 0);
		run_to_session(6);
		assert!(candidate(11).credit.total > 0);
		try_state();
	});
}

#[test]
fn elections_happen_each_term_once_the_randomness_is_newer_than_the_snapshot() {
	new_test_ext(vec![1], (11..=30).collect()).execute_with(|| {
		run_to_session(1);
		let snapshot = ElectionSnapshot::<Test>::get().expect("taken at the session change");
		assert_eq!(snapshot.session, 2);
		assert_eq!(snapshot.seen, Some([1; 32]));
		assert_eq!(snapshot.credits.len(), 20);
		committee_events();

		// The randomness has not moved since the snapshot: the election waits.
		run_to_session(2);
		assert!(committee_events().contains(&Event::ElectionPostponed { serves_from: 3 }));
		assert_eq!(queued(), vec![1, 11, 12, 13]);
		assert_eq!(NextElection::<Test>::get(), 3);

		set_randomness(7);
		run_to_session(3);
		let elected = committee_events()
			.into_iter()
			.find_map(|event| match event {
				Event::CommitteeElected { serves_from: 4, members } => Some(members),
				_ => None,
			})
			.expect("elected at the next session change");
		assert_eq!(elected.len(), 4);
		assert_eq!(elected[0], 1);
		assert_eq!(NextElection::<Test>::get(), 4 + 3);
		assert_eq!(queued(), elected);
		run_to_session(4);
		assert_eq!(Session::validators(), elected);
		assert_eq!(Members::<Test>::get().into_inner(), elected);

		// The next term: a new value, a new draw.
		for session in 5..=6 {
			set_randomness(session as u8 + 10);
			run_to_session(session);
		}
		assert!(committee_events()
			.iter()
			.any(|event| matches!(event, Event::CommitteeElected { serves_from: 7, .. })));
		try_state();
	});
}

#[test]
fn the_next_election_is_visible() {
	new_test_ext(vec![1], (11..=14).collect()).execute_with(|| {
		run_to_block(12);
		let info = Committee::election_info();
		assert_eq!(info.current_session, 1);
		assert_eq!(info.serves_from, 3);
		assert_eq!(info.drawn_at, 2);
		assert_eq!(info.drawn_at_block, Some(20));
		assert_eq!(info.snapshot_candidates, 4);
		params(|p| p.term = 5);
		let info = Committee::election_info();
		assert_eq!((info.serves_from, info.drawn_at, info.drawn_at_block), (5, 4, Some(40)));
	});
}

/// Runs the same chain twice up to an election whose randomness is known from block 12; in the
/// second run candidates act after that. Returns the members elected.
fn election_after(actions: impl FnOnce()) -> Vec<AccountId> {
	let mut ext = new_test_ext(vec![1], (11..=30).collect());
	ext.execute_with(|| {
		params(|p| p.seats = 8);
		// Different activity, so credits differ.
		for who in 11..=30u64 {
			Committee::note_fees(&who, u128::from(who % 7));
		}
		// The snapshot for the election at block 20 is taken at block 10.
		run_to_block(12);
		set_randomness(42);
		actions();
		run_to_block(20);
		committee_events()
			.into_iter()
			.find_map(|event| match event {
				Event::CommitteeElected { serves_from: 3, members } => Some(members),
				_ => None,
			})
			.expect("an election at block 20")
	})
}

#[test]
fn nothing_done_after_the_randomness_is_known_raises_anyone_s_odds() {
	let honest = election_after(|| {});
	assert_eq!(honest.len(), 8);
	let drawn = honest[3];
	let manipulated = election_after(|| {
		// Newcomers (whatever their lucky value), a large bond, a burst of activity, and a drawn
		// candidate stepping aside for a friend.
		for who in 31..=40u64 {
			assert_ok!(Committee::register_candidate(RuntimeOrigin::signed(who), 5_000));
		}
		let loser = (11..=30u64).find(|who| !honest.contains(who)).expect("someone lost");
		assert_ok!(Committee::bond_extra(RuntimeOrigin::signed(loser), 9_000));
		Committee::note_fees(&loser, 1_000);
		Committee::note_cfrag_accepted(&loser, &1, &2);
		assert_ok!(Committee::leave(RuntimeOrigin::signed(drawn)));
	});
	// The same draw, less the candidate who left; its seat stays empty until the next session.
	let expected: Vec<_> = honest.iter().copied().filter(|who| *who != drawn).collect();
	assert_eq!(manipulated, expected);
}

#[test]
fn the_lower_credit_half_gets_its_reserved_seats() {
	new_test_ext(vec![], (11..=30).collect()).execute_with(|| {
		params(|p| {
			p.seats = 8;
			p.low_credit_seats = Perbill::from_percent(50);
			// Candidate 11 (rank 0) stays in the pool, never drawn: the halves are 11..=20 and
			// 21..=30.
			p.min_credit = 0;
			p.weights = CreditWeights { stake: 1, activity: 0, data: 0, proxy: 0, availability: 0 };
		});
		// Bonds 11 < 12 < ... < 30: the lower half by credit is 11..=20.
		for who in 11..=30u64 {
			assert_ok!(Committee::bond_extra(RuntimeOrigin::signed(who), (who - 10) as u128 * 10));
		}
		run_to_session(1);
		set_randomness(9);
		run_to_session(2);
		let elected = queued();
		assert_eq!(elected.len(), 8);
		assert_eq!(elected.iter().filter(|who| **who <= 20).count(), 4);
	});
}

#[test]
fn sorted_members_are_the_active_candidates() {
	new_test_ext(vec![1], vec![13, 11, 12]).execute_with(|| {
		assert_eq!(<Committee as SortedMembers<_>>::sorted_members(), vec![11, 12, 13]);
		assert!(<Committee as SortedMembers<_>>::contains(&12));
		assert!(!<Committee as SortedMembers<_>>::contains(&1));
		assert_ok!(Committee::leave(RuntimeOrigin::signed(12)));
		assert_eq!(<Committee as SortedMembers<_>>::sorted_members(), vec![11, 13]);
		assert!(!<Committee as SortedMembers<_>>::contains(&12));
	});
}

#[test]
fn try_state_catches_corruption() {
	new_test_ext(vec![1], vec![11, 12]).execute_with(|| {
		run_to_session(1);
		try_state();
		Candidates::<Test>::mutate(11, |c| c.as_mut().unwrap().bond += 1);
		assert!(Committee::do_try_state().is_err());
		Candidates::<Test>::mutate(11, |c| c.as_mut().unwrap().bond -= 1);
		Candidates::<Test>::mutate(12, |c| c.as_mut().unwrap().window.records += 1);
		assert!(Committee::do_try_state().is_err());
		Candidates::<Test>::mutate(12, |c| c.as_mut().unwrap().window.records -= 1);
		try_state();
		CandidateList::<Test>::put(BoundedVec::truncate_from(vec![12, 11]));
		assert!(Committee::do_try_state().is_err());
	});
}
