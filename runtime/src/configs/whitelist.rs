//! `pallet_whitelist`: the fast track. The council (2/3) whitelists a call's hash; a
//! referendum on the whitelisted-caller track then dispatches it as root, sooner than the
//! root track would, but still by the holders' vote.

use frame_support::{parameter_types, traits::EitherOf};
use frame_system::EnsureRoot;
use pallet_cpc_governance::EnsureWhitelistedCaller;

use crate::{
	configs::council::CouncilCollective, AccountId, BlockNumber, Preimage, Runtime, RuntimeCall,
	RuntimeEvent, System, DAYS,
};

parameter_types! {
	/// A referendum that passed before the council whitelisted its call waits this long for
	/// the council; then anyone may dispatch it once whitelisted.
	pub DeferredDispatchExpiration: BlockNumber =
		pallet_cpc_governance::Pallet::<Runtime>::paced(7 * DAYS);
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WhitelistOrigin = EitherOf<
		EnsureRoot<AccountId>,
		pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
	>;
	type DispatchWhitelistedOrigin = EitherOf<EnsureRoot<AccountId>, EnsureWhitelistedCaller>;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = DeferredDispatchExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = crate::weights::pallet_whitelist::WeightInfo<Runtime>;
}
