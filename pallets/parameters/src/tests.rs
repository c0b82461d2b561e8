//! Setting parameters: one at a time, by the origin each allows, within the bounds.

use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, Change, Committee, Economics, Event, Key, Section};

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn check() {
	assert_eq!(Parameters::do_try_state(), Ok(()));
}

#[test]
fn a_chain_that_names_no_parameters_starts_with_the_initial_records() {
	new_test_ext().execute_with(|| {
		assert_eq!(Committee::<Test>::get(), ToySection::initial());
		assert_eq!(Economics::<Test>::get(), ToySection::initial());
		check();
	});
}

#[test]
fn one_parameter_changes_and_the_others_stay() {
	new_test_ext().execute_with(|| {
		let change = Change::Committee(ToyChange::High(70));
		assert_ok!(Parameters::set_parameter(root(), change.clone()));
		assert_eq!(Committee::<Test>::get(), Toy { low: 10, high: 70 });
		assert_eq!(Economics::<Test>::get(), ToySection::initial(), "another section");
		System::assert_last_event(Event::Updated { change }.into());
		// A second change to another parameter keeps the first: no record overwrites another.
		assert_ok!(Parameters::set_parameter(root(), Change::Committee(ToyChange::Low(30))));
		assert_eq!(Committee::<Test>::get(), Toy { low: 30, high: 70 });
		check();
	});
}

#[test]
fn a_value_beyond_the_bounds_is_refused_with_the_sections_error_whoever_proposes_it() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Parameters::set_parameter(root(), Change::Committee(ToyChange::Low(101))),
			LOW_OUT_OF_RANGE
		);
		assert_noop!(
			Parameters::set_parameter(
				RuntimeOrigin::signed(EXECUTIVE),
				Change::Committee(ToyChange::Low(0))
			),
			LOW_OUT_OF_RANGE
		);
		// A rule between two parameters holds too.
		assert_noop!(
			Parameters::set_parameter(root(), Change::Economics(ToyChange::High(5))),
			HIGH_BELOW_LOW
		);
		check();
	});
}

#[test]
fn each_parameter_is_set_only_by_the_origins_it_allows() {
	new_test_ext().execute_with(|| {
		let executive = RuntimeOrigin::signed(EXECUTIVE);
		assert_ok!(Parameters::set_parameter(
			executive.clone(),
			Change::Committee(ToyChange::Low(12))
		));
		for change in
			[Change::Committee(ToyChange::High(50)), Change::Economics(ToyChange::Low(12))]
		{
			assert_noop!(
				Parameters::set_parameter(executive.clone(), change),
				DispatchError::BadOrigin
			);
		}
		assert_noop!(
			Parameters::set_parameter(
				RuntimeOrigin::signed(1),
				Change::Committee(ToyChange::Low(12))
			),
			DispatchError::BadOrigin
		);
		check();
	});
}

#[test]
fn every_parameter_has_bounds_and_a_value_within_them() {
	new_test_ext().execute_with(|| {
		let keys = Parameters::keys();
		assert_eq!(keys.len(), 4, "two toy parameters in two sections, none in the others");
		for key in keys {
			let Key::Committee(key) = key else { continue };
			let beyond = ToySection::beyond_bounds(key);
			assert!(!beyond.is_empty(), "{key:?} has no bounds");
			for change in beyond {
				assert!(Parameters::set_parameter(root(), Change::Committee(change)).is_err());
			}
			assert_ok!(Parameters::set_parameter(
				root(),
				Change::Committee(ToySection::within_bounds(key))
			));
		}
		check();
	});
}

#[test]
fn genesis_takes_a_record_within_the_bounds() {
	let genesis = crate::GenesisConfig::<Test> {
		committee: Some(Toy { low: 1, high: 1 }),
		..Default::default()
	};
	ext(genesis).execute_with(|| {
		assert_eq!(Committee::<Test>::get(), Toy { low: 1, high: 1 });
		check();
	});
}

#[test]
#[should_panic(expected = "beyond its bounds")]
fn genesis_refuses_a_record_beyond_the_bounds() {
	let genesis = crate::GenesisConfig::<Test> {
		economics: Some(Toy { low: 0, high: 1 }),
		..Default::default()
	};
	ext(genesis);
}

#[test]
fn try_state_catches_a_stored_record_beyond_the_bounds() {
	new_test_ext().execute_with(|| {
		Committee::<Test>::put(Toy { low: 50, high: 1 });
		assert!(Parameters::do_try_state().is_err());
	});
}

/// What a change does beyond its record (a new term moving an election, say) runs after the
/// record is stored, with the old and the new record, and only for a change that was kept.
#[test]
fn the_section_hears_of_each_change_it_kept() {
	new_test_ext().execute_with(|| {
		assert_ok!(Parameters::set_parameter(root(), Change::Economics(ToyChange::High(90))));
		assert_eq!(
			changes(),
			vec![(Toy { low: 10, high: 20 }, Toy { low: 10, high: 90 })],
			"heard with the old and the new record"
		);
		assert!(Parameters::set_parameter(root(), Change::Economics(ToyChange::Low(0))).is_err());
		assert_eq!(changes(), vec![], "a refused change is not heard of");
	});
}
