//! CPChain's parameters in the composed runtime: every parameter of every section has bounds
//! refused whoever proposes, root and the parameter setter's track set any of them, the
//! executive committee's majority only its listed ones, and a referendum on the parameter
//! setter's track changes a committee parameter the committee then uses.

use frame_support::{assert_noop, assert_ok};
use pallet_cpc_governance::Origin;
use pallet_cpc_parameters::{Change, ChangeOf, Key, KeyOf, Section};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::DispatchError;

use super::*;
use crate::configs::{executive::ExecutiveCollective, parameters::executive_may_set};

type Parameters = pallet_cpc_parameters::Pallet<Runtime>;

/// The changes beyond `key`'s bounds, and one within them.
fn changes_of(key: KeyOf<Runtime>) -> (Vec<ChangeOf<Runtime>>, ChangeOf<Runtime>) {
	match key {
		Key::Committee(k) => (
			<Committee as Section>::beyond_bounds(k).into_iter().map(Change::Committee).collect(),
			Change::Committee(<Committee as Section>::within_bounds(k)),
		),
		Key::Economics(k) => (
			<CpcEconomics as Section>::beyond_bounds(k)
				.into_iter()
				.map(Change::Economics)
				.collect(),
			Change::Economics(<CpcEconomics as Section>::within_bounds(k)),
		),
		Key::Market(k) => (
			<AccessGrants as Section>::beyond_bounds(k).into_iter().map(Change::Market).collect(),
			Change::Market(<AccessGrants as Section>::within_bounds(k)),
		),
		Key::Registry(k) => (
			<DataRegistry as Section>::beyond_bounds(k).into_iter().map(Change::Registry).collect(),
			Change::Registry(<DataRegistry as Section>::within_bounds(k)),
		),
	}
}

fn executive(ayes: u32) -> RuntimeOrigin {
	pallet_collective::RawOrigin::<AccountId, ExecutiveCollective>::Members(ayes, 3).into()
}

fn set(origin: RuntimeOrigin, change: ChangeOf<Runtime>) -> sp_runtime::DispatchResult {
	Parameters::set_parameter(origin, change)
}

#[test]
fn every_parameter_has_bounds_refused_whoever_proposes() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let keys = Parameters::keys();
		assert!(keys.len() >= 40, "every section's parameters: {keys:?}");
		for key in keys {
			// Each key's values are the initial records' neighbours: start from those.
			pallet_cpc_parameters::Committee::<Runtime>::put(<Committee as Section>::initial());
			pallet_cpc_parameters::Economics::<Runtime>::put(<CpcEconomics as Section>::initial());
			pallet_cpc_parameters::Market::<Runtime>::put(<AccessGrants as Section>::initial());
			pallet_cpc_parameters::Registry::<Runtime>::put(<DataRegistry as Section>::initial());
			let (beyond, within) = changes_of(key);
			assert!(!beyond.is_empty(), "{key:?} has bounds");
			for change in beyond {
				assert_eq!(Parameters::key(&change), key);
				for origin in [RuntimeOrigin::root(), Origin::ParameterSetter.into(), executive(3)]
				{
					let refused = set(origin, change.clone());
					assert!(refused.is_err(), "{change:?} refused");
					assert_ne!(refused, Err(DispatchError::BadOrigin));
					if !executive_may_set(&key) {
						break;
					}
				}
			}
			assert_eq!(Parameters::key(&within), key);
			assert_ok!(set(Origin::ParameterSetter.into(), within));
		}
	});
}

#[test]
fn the_executive_committee_sets_only_its_listed_parameters_by_a_majority() {
	use pallet_committee::{ParameterChange as C, ParameterKey as K};
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let listed = Change::Committee(C::MinCredit(300));
		assert!(executive_may_set(&Key::Committee(K::MinCredit)));
		assert_noop!(set(executive(1), listed.clone()), DispatchError::BadOrigin);
		assert_ok!(set(executive(2), listed));
		assert_eq!(pallet_cpc_parameters::Committee::<Runtime>::get().min_credit, 300);
		// Not listed: slashes, seats, bonds and the fee split take a referendum.
		for change in [
			Change::Committee(C::Seats(5)),
			Change::Committee(C::EquivocationSlash(sp_runtime::Perbill::from_percent(1))),
			Change::Economics(pallet_cpc_economics::ParameterChange::AuthorShare(
				sp_runtime::Perbill::from_percent(90),
			)),
		] {
			assert_noop!(set(executive(3), change.clone()), DispatchError::BadOrigin);
			assert_ok!(set(Origin::ParameterSetter.into(), change));
		}
		// Neither the council, nor a signed account, nor another track's origin.
		let council = pallet_collective::RawOrigin::<
			AccountId,
			crate::configs::council::CouncilCollective,
		>::Members(3, 3);
		for origin in [
			council.into(),
			RuntimeOrigin::signed(Alice.to_account_id()),
			Origin::SmallSpender.into(),
		] {
			assert_noop!(
				set(origin, Change::Committee(C::MinCredit(400))),
				DispatchError::BadOrigin
			);
		}
	});
}

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

#[test]
fn a_referendum_on_the_parameter_track_changes_what_the_committee_uses() {
	use codec::Encode;
	use frame_support::traits::{schedule::DispatchTime, Bounded, Hooks};
	use pallet_conviction_voting::{AccountVote, Conviction, Vote};
	use pallet_referenda::ReferendumInfo;
	use sp_runtime::traits::Hash;
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let seats = pallet_cpc_parameters::Committee::<Runtime>::get().seats;
		let call: RuntimeCall = pallet_cpc_parameters::Call::set_parameter {
			change: Change::Committee(pallet_committee::ParameterChange::Seats(seats + 2)),
		}
		.into();
		let encoded = call.encode();
		let hash = <Runtime as frame_system::Config>::Hashing::hash(&encoded);
		assert_ok!(Preimage::note_preimage(signed(Alice), encoded.clone()));
		let index = pallet_referenda::ReferendumCount::<Runtime>::get();
		assert_ok!(Referenda::submit(
			signed(Alice),
			Box::new(Origin::ParameterSetter.into()),
			Bounded::Lookup { hash, len: encoded.len() as u32 },
			DispatchTime::After(0),
		));
		assert_ok!(Referenda::place_decision_deposit(signed(Alice), index));
		for who in [Alice, Bob, Charlie, Dave] {
			let vote = Vote { aye: true, conviction: Conviction::Locked1x };
			let balance = 800_000 * CPC;
			assert_ok!(ConvictionVoting::vote(
				signed(who),
				index,
				AccountVote::Standard { vote, balance }
			));
		}
		let mut n = System::block_number();
		while !matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Approved(..))
		) || pallet_cpc_parameters::Committee::<Runtime>::get().seats == seats
		{
			assert!(n < 200, "enacted within 200 blocks at the dev pace");
			n += 1;
			System::set_block_number(n);
			Scheduler::on_initialize(n);
		}
		// The committee reads the new seats (as `committeeApi.parameters` does).
		assert_eq!(<Runtime as pallet_committee::Config>::Parameters::get().seats, seats + 2);
	});
}
