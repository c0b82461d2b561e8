//! `pallet_session`: collator session keys and session rotation.

use frame_support::{parameter_types, traits::ConstU128};

use crate::{AccountId, Balances, CollatorSelection, Runtime, RuntimeEvent, SessionKeys, HOURS};

parameter_types! {
	/// Blocks per session.
	pub const Period: u32 = 6 * HOURS;
	pub const Offset: u32 = 0;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// Collators have no stash/controller split: the account is the validator id.
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<Period, Offset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<Period, Offset>;
	type SessionManager = CollatorSelection;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	// Collator candidacy already bonds CPC; keys themselves carry no deposit.
	type KeyDeposit = ConstU128<0>;
}
