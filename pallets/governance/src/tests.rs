//! The origins' checks and the pace.

use frame_support::{
	derive_impl,
	traits::{EnsureOrigin, OriginTrait},
};
use sp_runtime::BuildStorage;

use crate::{self as pallet_cpc_governance, *};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Governance: pallet_cpc_governance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl Config for Test {}

frame_support::parameter_types! {
	pub const Small: u128 = 10;
	pub const Big: u128 = 1_000;
}

fn ext(pace: u32) -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		governance: GenesisConfig { pace, ..Default::default() },
		..Default::default()
	}
	.build_storage()
	.unwrap();
	storage.into()
}

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
