//! `pallet_balances`: the CPC token.

use frame_support::{
	parameter_types,
	traits::{ConstU32, VariantCountOf},
};

use crate::{
	AccountId, Balance, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, System,
	EXISTENTIAL_DEPOSIT,
};

parameter_types! {
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	// Nothing is burnt: dust goes to the treasury.
	type DustRemoval = pallet_cpc_economics::ToTreasury<Runtime>;
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

/// The holds paid to others past their payer's locks: a buyer's escrow (to the data's owner
/// and proxies) and a DApp's leasing fees put aside (to its lenders). They may neither take CPC
/// a lock covers nor cover a lock (`cpchain_primitives::funds`); conviction voting does not
/// count them either (`super::conviction_voting::VotingHolds`).
pub struct OwedHolds;

impl cpchain_primitives::funds::OwedOnHold<AccountId, Balance> for OwedHolds {
	fn owed_on_hold(who: &AccountId) -> Balance {
		use frame_support::traits::fungible::InspectHold;
		let escrow: RuntimeHoldReason = pallet_access_grants::HoldReason::Escrow.into();
		let fees: RuntimeHoldReason = pallet_cpc_economics::HoldReason::LeaseFees.into();
		crate::Balances::balance_on_hold(&escrow, who)
			.saturating_add(crate::Balances::balance_on_hold(&fees, who))
	}
}

/// What locks and freezes cover, for the pallets whose holds pay others, and the lock that
/// keeps those holds from covering them.
pub type Frozen = cpchain_primitives::funds::BalancesFrozen<Runtime, OwedHolds>;

/// Settles the owed holds' lock whenever a vote's or a vesting schedule's lock changes: a lock
/// that grows after CPC went on such a hold must still be covered by CPC the account keeps,
/// and one that shrinks frees what it no longer covers.
pub struct SettleOwed;

impl pallet_cpc_governance::OnLockChange<AccountId> for SettleOwed {
	fn lock_changed(who: &AccountId) {
		<Frozen as cpchain_primitives::funds::Frozen<AccountId, Balance>>::settle_owed(who)
	}
}
