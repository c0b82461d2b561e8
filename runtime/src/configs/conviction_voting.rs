//! `pallet_conviction_voting`: holders vote on referenda with conviction (a longer lock for
//! more votes), or delegate their votes per track.

use frame_support::{
	parameter_types,
	traits::{fungible::InspectHold, ConstU32},
};
use pallet_cpc_governance::{KeptOnHold, VotingCurrency};

use crate::{
	AccountId, Balance, Balances, BlockNumber, Referenda, Runtime, RuntimeEvent, RuntimeHoldReason,
	System, DAYS,
};

parameter_types! {
	/// A vote at conviction 1 stays locked this long after its referendum ends (conviction n:
	/// 2^(n-1) times it). At least the longest enactment period of any track, so that nobody
	/// who voted can sell before what they voted for takes effect (a test holds it).
	pub VoteLockingPeriod: BlockNumber = pallet_cpc_governance::Pallet::<Runtime>::paced(7 * DAYS);
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_conviction_voting::WeightInfo<Runtime>;
	// Votes count free CPC and the holds below, never CPC held for others (see `VotingHolds`),
	// and a vote's lock, when it changes, is kept clear of the CPC the voter owes on hold.
	type Currency = VotingCurrency<Balances, VotingHolds, super::balances::SettleOwed>;
	type Polls = Referenda;
	// Support is measured against the CPC that can vote: not the treasury's, nor the
	// keyless allocation accounts', which no one can sign for.
	type MaxTurnout = super::governance::VotableIssuance;
	// Referenda an account may vote on at once, over all tracks. `delegate` and `undelegate`
	// declare a weight in proportion to it: in this runtime's weights 30 µs and 3.4 KB of
	// proof a vote, over a base of 1.6 MB (a vote may touch a block's scheduler agenda of
	// 1,024 calls). At 32 a delegation declares 1 ms and 1.7 MB, well within one extrinsic
	// (`votes_and_delegations_fit_in_a_block`); what a call does not use is reclaimed.
	type MaxVotes = ConstU32<32>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

/// The holds whose CPC votes: each only ever returns to its own account's free balance. A
/// buyer's escrow and a DApp's leasing fees put aside are paid to others past the payer's
/// locks, so they do not vote (the payee would vote them again); a candidacy bond, a DApp
/// user's deposit and the registry's and market's deposits do not either: they can be
/// slashed or moved to another account. A new hold reason votes only once listed here.
pub struct VotingHolds;

impl KeptOnHold<AccountId, Balance> for VotingHolds {
	fn kept_on_hold(who: &AccountId) -> Balance {
		use pallet_cpc_economics::HoldReason;
		[HoldReason::Quota, HoldReason::DappStake, HoldReason::Lease]
			.into_iter()
			.map(|reason| Balances::balance_on_hold(&RuntimeHoldReason::from(reason), who))
			.fold(0, Balance::saturating_add)
	}
}
