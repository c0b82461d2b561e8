//! `pallet_referenda`: the holders' conference. One track per origin a referendum may
//! dispatch with; each track's numbers, and why, are in the README's governance section.
//!
//! The periods are written for the live chain and run at the chain's pace
//! (`pallet_cpc_governance::Pace`): the development chain runs a day in a minute.

use alloc::borrow::Cow;
use frame_support::{
	parameter_types,
	traits::{EitherOf, OriginTrait},
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_cpc_governance::{EnsureReferendumCanceller, EnsureReferendumKiller, Origin, Pace};
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array, FixedI64};

use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, Scheduler, System, Treasury, CPC, DAYS, HOURS, MINUTES,
};

parameter_types! {
	/// What submitting a referendum holds until it ends: against spam of the referendum list.
	pub const SubmissionDeposit: Balance = 100 * CPC;
	/// Referenda a track queues for a decision beyond those it decides at once.
	pub const MaxQueued: u32 = 100;
	/// A referendum that never found its decision deposit times out after this.
	pub UndecidingTimeout: BlockNumber = pallet_cpc_governance::Pallet::<Runtime>::paced(14 * DAYS);
	/// Referenda wake up on any block: the dev chain's pace needs every one.
	pub const AlarmInterval: BlockNumber = 1;
}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = EnsureSigned<AccountId>;
	type CancelOrigin = EitherOf<EnsureRoot<AccountId>, EnsureReferendumCanceller>;
	type KillOrigin = EitherOf<EnsureRoot<AccountId>, EnsureReferendumKiller>;
	// A killed referendum's deposits go to the treasury: nothing is burnt.
	type Slash = Treasury;
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = MaxQueued;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = AlarmInterval;
	type Tracks = Tracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// A track's id.
pub type TrackId = u16;

/// The tracks' ids, sorted as `pallet_referenda` requires.
pub mod track {
	use super::TrackId;
	/// Any call, as root.
	pub const ROOT: TrackId = 0;
	/// Calls the council whitelisted.
	pub const WHITELISTED_CALLER: TrackId = 1;
	/// CPChain's parameters.
	pub const PARAMETER_SETTER: TrackId = 2;
	/// Cancelling a referendum.
	pub const REFERENDUM_CANCELLER: TrackId = 10;
	/// Killing a referendum.
	pub const REFERENDUM_KILLER: TrackId = 11;
	/// Small treasury spends.
	pub const SMALL_SPENDER: TrackId = 20;
	/// Big treasury spends.
	pub const BIG_SPENDER: TrackId = 21;
}

const fn percent(x: u128) -> FixedI64 {
	FixedI64::from_rational(x, 100)
}

/// Approval falls from 100 % to 50 % over the decision period, faster at first: a clear
/// majority passes soon, a narrow one only late.
const APPROVAL_RECIPROCAL: Curve =
	Curve::make_reciprocal(4, 28, percent(80), percent(50), percent(100));
/// Approval falls steadily from 100 % to 50 %.
const APPROVAL_LINEAR: Curve = Curve::make_linear(28, 28, percent(50), percent(100));
/// Root: a quarter of the CPC that can vote at first, 1 % at the end of the decision period.
const SUPPORT_ROOT: Curve = Curve::make_linear(28, 28, percent(1), percent(25));
/// The fast track: the council vouched for the call, so 5 % down to 0.5 % suffices.
const SUPPORT_WHITELISTED: Curve =
	Curve::make_reciprocal(1, 28, percent(2), FixedI64::from_rational(5, 1000), percent(5));
/// Parameters, cancelling and small spends: 10 % down to 0.5 %.
const SUPPORT_ROUTINE: Curve =
	Curve::make_linear(28, 28, FixedI64::from_rational(5, 1000), percent(10));
/// Killing a referendum and big spends: as root.
const SUPPORT_WEIGHTY: Curve = Curve::make_linear(28, 28, percent(1), percent(20));

/// A track as written for the live chain.
#[allow(clippy::too_many_arguments)]
const fn track(
	id: TrackId,
	name: &str,
	max_deciding: u32,
	decision_deposit: Balance,
	[prepare_period, decision_period, confirm_period, min_enactment_period]: [BlockNumber; 4],
	min_approval: Curve,
	min_support: Curve,
) -> Track<TrackId, Balance, BlockNumber> {
	Track {
		id,
		info: TrackInfo {
			name: str_array(name),
			max_deciding,
			decision_deposit,
			prepare_period,
			decision_period,
			confirm_period,
			min_enactment_period,
			min_approval,
			min_support,
		},
	}
}

/// The tracks as written for the live chain: deposit, then prepare, decide, confirm and the
/// least enactment delay. A young chain decides within a week (Polkadot takes 28 days), so
/// that low turnout costs time rather than making decisions impossible.
pub const TRACKS: [Track<TrackId, Balance, BlockNumber>; 7] = [
	track(
		track::ROOT,
		"root",
		2,
		100_000 * CPC,
		[HOURS, 7 * DAYS, DAYS, DAYS],
		APPROVAL_RECIPROCAL,
		SUPPORT_ROOT,
	),
	track(
		track::WHITELISTED_CALLER,
		"whitelisted_caller",
		10,
		10_000 * CPC,
		[10 * MINUTES, 7 * DAYS, 10 * MINUTES, 10 * MINUTES],
		APPROVAL_RECIPROCAL,
		SUPPORT_WHITELISTED,
	),
	track(
		track::PARAMETER_SETTER,
		"parameter_setter",
		10,
		10_000 * CPC,
		[HOURS, 7 * DAYS, 3 * HOURS, HOURS],
		APPROVAL_LINEAR,
		SUPPORT_ROUTINE,
	),
	track(
		track::REFERENDUM_CANCELLER,
		"referendum_canceller",
		100,
		10_000 * CPC,
		[HOURS, 7 * DAYS, 3 * HOURS, 10 * MINUTES],
		APPROVAL_LINEAR,
		SUPPORT_ROUTINE,
	),
	track(
		track::REFERENDUM_KILLER,
		"referendum_killer",
		100,
		50_000 * CPC,
		[HOURS, 7 * DAYS, 3 * HOURS, 10 * MINUTES],
		APPROVAL_LINEAR,
		SUPPORT_WEIGHTY,
	),
	track(
		track::SMALL_SPENDER,
		"small_spender",
		50,
		1_000 * CPC,
		[HOURS, 7 * DAYS, 6 * HOURS, HOURS],
		APPROVAL_LINEAR,
		SUPPORT_ROUTINE,
	),
	track(
		track::BIG_SPENDER,
		"big_spender",
		10,
		10_000 * CPC,
		[4 * HOURS, 7 * DAYS, DAYS, DAYS],
		APPROVAL_LINEAR,
		SUPPORT_WEIGHTY,
	),
];

/// The tracks at the chain's pace.
pub struct Tracks;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for Tracks {
	type Id = TrackId;
	type RuntimeOrigin = <RuntimeOrigin as OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<TrackId, Balance, BlockNumber>>> {
		// One read of the pace for the whole table.
		let pace = Pace::<Runtime>::get();
		TRACKS.iter().map(move |written| {
			let mut paced = written.clone();
			let info = &mut paced.info;
			for period in [
				&mut info.prepare_period,
				&mut info.decision_period,
				&mut info.confirm_period,
				&mut info.min_enactment_period,
			] {
				*period = pallet_cpc_governance::at_pace(pace, *period);
			}
			Cow::Owned(paced)
		})
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<TrackId, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(track::ROOT),
			OriginCaller::Origins(origin) => Ok(match origin {
				Origin::WhitelistedCaller => track::WHITELISTED_CALLER,
				Origin::ParameterSetter => track::PARAMETER_SETTER,
				Origin::ReferendumCanceller => track::REFERENDUM_CANCELLER,
				Origin::ReferendumKiller => track::REFERENDUM_KILLER,
				Origin::SmallSpender => track::SMALL_SPENDER,
				Origin::BigSpender => track::BIG_SPENDER,
			}),
			_ => Err(()),
		}
	}
}
