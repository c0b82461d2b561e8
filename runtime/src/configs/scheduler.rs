//! `pallet_scheduler`: enacts passed referenda at their enactment block.

use frame_support::{parameter_types, traits::EqualPrivilegeOnly, weights::Weight};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use crate::{
	configs::system::RuntimeBlockWeights, AccountId, OriginCaller, Preimage, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, System,
};

parameter_types! {
	/// Scheduled calls may use 80 % of a block; the rest stays for transactions.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
	/// Calls one block's agenda may hold. Referenda's alarms and enactments share it, and a
	/// passed referendum whose enactment finds its block full is never enacted: well above
	/// every track's deciding and queued referenda together (282 deciding, 100 queued a
	/// track), so that strangers' referenda cannot fill the block a passed one enacts in.
	pub const MaxScheduledPerBlock: u32 = 1_024;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	// Only referenda (through the scheduler's traits) and root schedule.
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = MaxScheduledPerBlock;
	type WeightInfo = crate::weights::pallet_scheduler::WeightInfo<Runtime>;
	type Preimages = Preimage;
	// The parachain's own block numbers, as every period of the tracks is counted in.
	type BlockNumberProvider = System;
}
