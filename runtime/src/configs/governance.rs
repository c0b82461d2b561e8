//! `pallet_cpc_governance`: the origins of the referendum tracks and their pace; the council
//! cancelling on its track; and the CPC that can vote, which support is measured against.

use frame_support::{
	dispatch::DispatchResult,
	traits::{fungible::Inspect, ConstU16, EitherOf, Get},
};
use frame_system::EnsureRoot;
use pallet_cpc_governance::{Origin, RefundError, SupportFloor};
use sp_runtime::Perbill;

use crate::{
	configs::{
		council::CouncilCollective,
		referenda::{track, TrackId},
	},
	AccountId, Balance, Balances, Referenda, Runtime, RuntimeEvent,
};

impl pallet_cpc_governance::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Referenda = OnReferenda;
	// The council cancels on the track its whitelisting fast-tracks, by the same 2/3 it
	// whitelists with.
	type CouncilTrack = ConstU16<{ track::WHITELISTED_CALLER }>;
	type CouncilOrigin = EitherOf<
		EnsureRoot<AccountId>,
		pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
	>;
	type WeightInfo = pallet_cpc_governance::weights::SubstrateWeight<Runtime>;
}

/// `pallet_referenda`, as the council's cancelling sees it: it cancels as the referendum
/// canceller's track would, deposits returned.
pub struct OnReferenda;

impl pallet_cpc_governance::Referenda for OnReferenda {
	type Index = pallet_referenda::ReferendumIndex;
	type Track = TrackId;

	fn ongoing_track(index: Self::Index) -> Option<TrackId> {
		match pallet_referenda::ReferendumInfoFor::<Runtime>::get(index) {
			Some(pallet_referenda::ReferendumInfo::Ongoing(status)) => Some(status.track),
			_ => None,
		}
	}

	fn cancel(index: Self::Index) -> DispatchResult {
		Referenda::cancel(Origin::ReferendumCanceller.into(), index)
	}

	fn refund_rejected_submission(index: Self::Index) -> Result<(), RefundError> {
		use frame_support::traits::ReservableCurrency;
		pallet_referenda::ReferendumInfoFor::<Runtime>::try_mutate(index, |info| match info {
			Some(pallet_referenda::ReferendumInfo::Rejected(_, submission, _)) => {
				let deposit = submission.take().ok_or(RefundError::AlreadyRefunded)?;
				// pallet-referenda reserved it; what cannot be unreserved (nothing, unless
				// something else took the reserve) stays with the proposer's reserve.
				let _ = Balances::unreserve(&deposit.who, deposit.amount);
				Ok(())
			}
			_ => Err(RefundError::NotRejected),
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn rejected() -> Result<Self::Index, &'static str> {
		let index = Self::ongoing_on(track::ROOT)?;
		// The state a rejection leaves: the referendum's alarm and decision are gone, its
		// deposits still held. Reached by vote it would take the decision period.
		let status = match pallet_referenda::ReferendumInfoFor::<Runtime>::get(index) {
			Some(pallet_referenda::ReferendumInfo::Ongoing(status)) => status,
			_ => return Err("the referendum is not ongoing"),
		};
		pallet_referenda::ReferendumInfoFor::<Runtime>::insert(
			index,
			pallet_referenda::ReferendumInfo::Rejected(
				status.submitted,
				Some(status.submission_deposit),
				status.decision_deposit,
			),
		);
		Ok(index)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn ongoing_on(track: TrackId) -> Result<Self::Index, &'static str> {
		use frame_support::traits::{fungible::Mutate, schedule::DispatchTime, Bounded};
		let origin = origin_of(track).ok_or("no origin for the track")?;
		let proposer: AccountId = frame_benchmarking::account("proposer", 0, 0);
		Balances::set_balance(&proposer, 1_000_000 * crate::CPC);
		let call: crate::RuntimeCall = frame_system::Call::remark { remark: alloc::vec![] }.into();
		let index = pallet_referenda::ReferendumCount::<Runtime>::get();
		Referenda::submit(
			crate::RuntimeOrigin::signed(proposer.clone()),
			alloc::boxed::Box::new(origin),
			Bounded::Inline(codec::Encode::encode(&call).try_into().map_err(|_| "too long")?),
			DispatchTime::After(0),
		)
		.map_err(|_| "submit failed")?;
		Referenda::place_decision_deposit(crate::RuntimeOrigin::signed(proposer), index)
			.map_err(|_| "decision deposit failed")?;
		Ok(index)
	}
}

/// The origin whose referenda go on `track`, for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
fn origin_of(track: TrackId) -> Option<crate::OriginCaller> {
	use pallet_referenda::TracksInfo;
	type Tracks = crate::configs::referenda::Tracks;
	[
		Origin::WhitelistedCaller,
		Origin::ParameterSetter,
		Origin::SmallSpender,
		Origin::BigSpender,
		Origin::ReferendumCanceller,
		Origin::ReferendumKiller,
	]
	.into_iter()
	.map(crate::OriginCaller::from)
	.chain([crate::OriginCaller::system(frame_system::RawOrigin::Root)])
	.find(|origin| Tracks::track_for(origin) == Ok(track))
}

/// The development chain's pace: a day of the tracks in a minute (ten blocks), so a root
/// referendum passes in about three minutes.
pub const DEV_PACE: u32 = 1_440;

/// The floor of support on the local and live chains: 5 % of the supply, 50M CPC. However
/// little CPC has left the reserves, a root referendum then needs at least 500,000 CPC of
/// turnout at the end of its decision period (1 %) and 12.5M at its start (25 %); the fast
/// track at least 250,000 (0.5 %). Once more than 50M CPC can vote, the floor no longer
/// matters.
pub const SUPPORT_FLOOR: Perbill = Perbill::from_percent(5);

/// The accounts whose CPC no one votes with: the reserves the genesis table names (the
/// treasury and the allocation accounts, keyless and moved only by referenda).
pub fn non_voting_accounts() -> impl Iterator<Item = AccountId> {
	pallet_cpc_economics::Reserves::<Runtime>::get().into_iter()
}

/// The CPC that can vote: all of it but what the reserves hold, and never less than the floor
/// of support (`pallet_cpc_governance::SupportFloor`). Referenda measure support against it,
/// so that the treasury and the undistributed allocations, most of the supply at first, do
/// not put the support thresholds out of reach, and a handful of early holders do not make
/// them trivial. CPC that is locked (the team's batches once distributed, vote locks) or held
/// (deposits, quota, DApp stake) still counts: its owner may vote with it, as locks overlap.
pub struct VotableIssuance;

impl Get<Balance> for VotableIssuance {
	fn get() -> Balance {
		let kept = non_voting_accounts().fold(0, |kept: Balance, who| {
			kept.saturating_add(<Balances as Inspect<AccountId>>::total_balance(&who))
		});
		let issuance = <Balances as Inspect<AccountId>>::total_issuance();
		let floor = SupportFloor::<Runtime>::get() * issuance;
		// Never zero: a support of x/0 would read as everyone's.
		issuance.saturating_sub(kept).max(floor).max(1)
	}
}
