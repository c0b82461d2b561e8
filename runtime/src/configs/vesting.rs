//! `pallet_vesting`: the founding team's yearly batches (added at genesis by the economics
//! pallet), and vested transfers.

use frame_support::{parameter_types, traits::WithdrawReasons};
use sp_runtime::traits::ConvertInto;

use crate::{Balance, Balances, Runtime, RuntimeEvent, System, CPC};

parameter_types! {
	/// The smallest vested transfer: a schedule costs its receiver storage, so not for dust.
	pub const MinVestedTransfer: Balance = CPC;
	/// Unvested CPC may pay fees and be held as deposits, but never transferred.
	pub UnvestedFundsAllowedWithdrawReasons: WithdrawReasons =
		WithdrawReasons::except(WithdrawReasons::TRANSFER | WithdrawReasons::RESERVE);
}

impl pallet_vesting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// A schedule's lock, as a vote's, is kept clear of the CPC its account owes on hold.
	type Currency = pallet_cpc_governance::LocksTold<Balances, super::balances::SettleOwed>;
	type BlockNumberToBalance = ConvertInto;
	type MinVestedTransfer = MinVestedTransfer;
	type WeightInfo = crate::weights::pallet_vesting::WeightInfo<Runtime>;
	type UnvestedFundsAllowedWithdrawReasons = UnvestedFundsAllowedWithdrawReasons;
	// Parachain blocks: batches fall due by this chain's block numbers, a year being
	// `YEARS` of them at the target block time.
	type BlockNumberProvider = System;
	const MAX_VESTING_SCHEDULES: u32 = 28;
}
