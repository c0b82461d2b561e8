//! `pallet_membership` (instance 1) as the proxy set: the accounts grants may name as proxies.
//! Root (sudo, later governance) manages it until the committee pallet provides the set.

use frame_support::parameter_types;
use frame_system::EnsureRoot;

use crate::{AccountId, Runtime, RuntimeEvent};

/// The proxy set's instance of the membership pallet.
pub type ProxySetInstance = pallet_membership::Instance1;

parameter_types! {
	/// Room for a committee and its candidates.
	pub const MaxProxies: u32 = 64;
}

impl pallet_membership::Config<ProxySetInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = EnsureRoot<AccountId>;
	type MembershipInitialized = ();
	type MembershipChanged = ();
	type MaxMembers = MaxProxies;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

// The set must hold at least the largest grant's proxies.
const _: () = assert!(pallet_access_grants::MAX_GRANT_PROXIES <= MaxProxies::get());
