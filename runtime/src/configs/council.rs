//! `pallet_collective` (instance 1): the decision-making committee, or council. It whitelists
//! calls for the fast track (2/3 of its members). Its members are set by a root referendum.

use frame_support::{parameter_types, weights::Weight};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use crate::{
	configs::system::RuntimeBlockWeights, AccountId, BlockNumber, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, DAYS,
};

/// The council's instance of `pallet_collective`.
pub type CouncilCollective = pallet_collective::Instance1;

parameter_types! {
	/// A motion is open for votes this long.
	pub CouncilMotionDuration: BlockNumber =
		pallet_cpc_governance::Pallet::<Runtime>::paced(3 * DAYS);
	/// Motions open at once: bounds what members can make the chain store.
	pub const CouncilMaxProposals: u32 = 20;
	/// Seats of the council.
	pub const CouncilMaxMembers: u32 = 20;
	/// The heaviest call a motion may dispatch.
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	// Only members propose, and at most `CouncilMaxProposals` motions are open.
	type Consideration = ();
}
