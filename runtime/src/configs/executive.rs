//! `pallet_collective` (instance 2): the executive committee. It may set a listed set of
//! CPChain's parameters, each within its bounds, by a majority of its members.
//! Its members are set by a root referendum.

use frame_support::parameter_types;
use frame_system::EnsureRoot;

use crate::{
	configs::council::MaxProposalWeight, AccountId, BlockNumber, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, DAYS,
};

/// The executive committee's instance of `pallet_collective`.
pub type ExecutiveCollective = pallet_collective::Instance2;

parameter_types! {
	/// A motion is open for votes this long.
	pub ExecutiveMotionDuration: BlockNumber =
		pallet_cpc_governance::Pallet::<Runtime>::paced(DAYS);
	/// Motions open at once.
	pub const ExecutiveMaxProposals: u32 = 20;
	/// Seats of the executive committee.
	pub const ExecutiveMaxMembers: u32 = 20;
}

impl pallet_collective::Config<ExecutiveCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = ExecutiveMotionDuration;
	type MaxProposals = ExecutiveMaxProposals;
	type MaxMembers = ExecutiveMaxMembers;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}
