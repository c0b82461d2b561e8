//! `pallet_session`: collator session keys and session rotation, both driven by the committee.

use frame_support::traits::ConstU128;
use sp_runtime::traits::ConvertInto;

use crate::{AccountId, Balances, Committee, Runtime, RuntimeEvent, SessionKeys};

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// Collators have no stash/controller split: the account is the validator id.
	type ValidatorIdOf = ConvertInto;
	// Session length is a committee parameter, so governance (and the dev preset) can set it.
	type ShouldEndSession = Committee;
	type NextSessionRotation = Committee;
	type SessionManager = Committee;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	// Candidacy already bonds CPC; keys themselves carry no deposit.
	type KeyDeposit = ConstU128<0>;
}
