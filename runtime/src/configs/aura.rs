//! `pallet_aura` and `cumulus_pallet_aura_ext`: slot-based block authoring by the collators.

use frame_support::traits::{ConstBool, ConstU32, ConstU64};

use crate::{AuraId, Runtime, SLOT_DURATION};

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<100_000>;
	// Async backing lets a collator build more than one block per relay-chain slot.
	type AllowMultipleBlocksPerSlot = ConstBool<true>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}

impl cumulus_pallet_aura_ext::Config for Runtime {}
