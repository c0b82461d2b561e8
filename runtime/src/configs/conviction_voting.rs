//! `pallet_conviction_voting`: holders vote on referenda with conviction (a longer lock for
//! more votes), or delegate their votes per track.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{Balances, BlockNumber, Referenda, Runtime, RuntimeEvent, System, DAYS};

parameter_types! {
	/// A vote at conviction 1 stays locked this long after its referendum ends (conviction n:
	/// 2^(n-1) times it). At least the longest enactment period of any track, so that nobody
	/// who voted can sell before what they voted for takes effect (a test holds it).
	pub VoteLockingPeriod: BlockNumber = pallet_cpc_governance::Pallet::<Runtime>::paced(7 * DAYS);
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	// Support is measured against the CPC that can vote: not the treasury's, nor the
	// keyless allocation accounts', which no one can sign for.
	type MaxTurnout = super::governance::VotableIssuance;
	// Referenda an account may vote on at once, over all tracks. `delegate` and `undelegate`
	// declare a weight in proportion to it: with the reference weights (110 KB of proof a
	// vote, until they are generated in this runtime) 32 keeps them within one extrinsic
	// (3.5 MB); at 512 they could never be included.
	type MaxVotes = ConstU32<32>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}
