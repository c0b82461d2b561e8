//! `pallet_preimage`: the calls referenda propose, noted on chain with a deposit.

use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, LinearStoragePrice},
};
use frame_system::EnsureRoot;

use crate::{
	AccountId, Balance, Balances, Runtime, RuntimeEvent, RuntimeHoldReason, CPC, MILLI_CPC,
};

parameter_types! {
	/// The deposit of a noted preimage: 10 CPC and 0.01 CPC a byte (a runtime upgrade of
	/// 1.5 MB holds about 15,000 CPC until it is enacted or unnoted).
	pub const PreimageBaseDeposit: Balance = 10 * CPC;
	pub const PreimageByteDeposit: Balance = 10 * MILLI_CPC;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}
