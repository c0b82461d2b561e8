//! `pallet_treasury`: the treasury account that receives its share of every fee (the
//! economics pallet's fee split) spends through the spender tracks. Nothing is burnt.

use frame_support::{
	parameter_types,
	traits::{tokens::UnityAssetBalanceConversion, EitherOf},
};
use frame_system::{EnsureRoot, EnsureRootWithSuccess};
use pallet_cpc_governance::{EnsureSpender, PayKeepingAlive};
use sp_runtime::{traits::IdentityLookup, Permill};

use crate::{
	configs::cpc_economics::{TreasuryAccount, TreasuryPalletId},
	AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, System, CPC, DAYS,
};

parameter_types! {
	/// How often approved spends of the old kind are paid (spends through `spend` are paid
	/// when anyone calls `payout`).
	pub SpendPeriod: BlockNumber = pallet_cpc_governance::Pallet::<Runtime>::paced(7 * DAYS);
	/// Nothing of the treasury is burnt: the supply is fixed.
	pub const Burn: Permill = Permill::zero();
	/// A spend may be paid out this long after it becomes valid.
	pub PayoutPeriod: BlockNumber = pallet_cpc_governance::Pallet::<Runtime>::paced(30 * DAYS);
	/// Approvals of the old kind (`spend_local`): none. Its payout credits the beneficiary
	/// before it takes from the treasury, and a treasury whose CPC is locked (anyone may make
	/// it a vested transfer) would fail the second half and leave the credit minted.
	/// `spend` pays from the account instead, and fails whole.
	pub const MaxApprovals: u32 = 0;
	/// What root may spend: anything.
	pub const MaxBalance: Balance = Balance::MAX;
	/// The most one small spend may take.
	pub const SmallSpend: Balance = 100_000 * CPC;
	/// The most one big spend may take.
	pub const BigSpend: Balance = 1_000_000 * CPC;
}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	// Voiding a spend takes root: a spender's track must not undo what root approved.
	type RejectOrigin = EnsureRoot<AccountId>;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = Burn;
	type PalletId = TreasuryPalletId;
	type BurnDestination = ();
	// Upstream's reference weights: this runtime's benchmarks of `spend_local` and the
	// approvals fail by design (both refused here), and `payout`'s needs the paymaster to fund
	// the treasury above the existential deposit when benchmarking. Next to generate.
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = MaxApprovals;
	type SpendOrigin =
		EitherOf<EnsureRootWithSuccess<AccountId, MaxBalance>, EnsureSpender<SmallSpend, BigSpend>>;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<AccountId>;
	// Never below the existential deposit: the treasury keeps receiving fee shares, and a
	// reaped account would drop the small ones.
	type Paymaster = PayKeepingAlive<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
	type BlockNumberProvider = System;
}
