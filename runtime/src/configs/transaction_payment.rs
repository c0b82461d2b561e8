//! `pallet_transaction_payment`: fees in CPC for weight and length.

use frame_support::{
	parameter_types,
	traits::ConstU8,
	weights::{
		ConstantMultiplier, WeightToFeeCoefficient, WeightToFeeCoefficients, WeightToFeePolynomial,
	},
};
use pallet_transaction_payment::{OnChargeTransaction, TxCreditHold};
use polkadot_runtime_common::SlowAdjustingFeeUpdate;
use smallvec::smallvec;
use sp_runtime::{
	traits::{DispatchInfoOf, PostDispatchInfoOf},
	transaction_validity::TransactionValidityError,
	Perbill,
};

use pallet_cpc_economics::SplitFees;

use crate::{
	weights::ExtrinsicBaseWeight, AccountId, Balance, Balances, Committee, CpcEconomics, Runtime,
	RuntimeCall, RuntimeEvent, MICRO_CPC, MILLI_CPC,
};

parameter_types! {
	/// Fee per byte of an extrinsic.
	pub const TransactionByteFee: Balance = MICRO_CPC;
}

/// Maps weight to a fee: the base weight of an extrinsic costs 0.1 milli-CPC, and the fee
/// grows linearly with weight.
pub struct WeightToFee;
impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let p = MILLI_CPC / 10;
		let q = Balance::from(ExtrinsicBaseWeight::get().ref_time());
		smallvec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_frac: Perbill::from_rational(p % q, q),
			coeff_integer: p / q,
		}]
	}
}

/// Fees and tips split between the block's author and the treasury; nothing is burnt.
type Split = pallet_transaction_payment::FungibleAdapter<Balances, SplitFees<Runtime>>;

/// Charges fees as [`Split`] does, and tells the committee what each account paid that no
/// one who could send the transaction gets back: the treasury's part of the fee. The author's
/// part and the tip are not counted, or an author could farm credit with its own transactions.
pub struct ChargeFees;

impl TxCreditHold<Runtime> for ChargeFees {
	type Credit = <Split as TxCreditHold<Runtime>>::Credit;
}

impl OnChargeTransaction<Runtime> for ChargeFees {
	type Balance = Balance;
	type LiquidityInfo = <Split as OnChargeTransaction<Runtime>>::LiquidityInfo;

	fn withdraw_fee(
		who: &AccountId,
		call: &RuntimeCall,
		info: &DispatchInfoOf<RuntimeCall>,
		fee_with_tip: Balance,
		tip: Balance,
	) -> Result<Self::LiquidityInfo, TransactionValidityError> {
		<Split as OnChargeTransaction<Runtime>>::withdraw_fee(who, call, info, fee_with_tip, tip)
	}

	fn can_withdraw_fee(
		who: &AccountId,
		call: &RuntimeCall,
		info: &DispatchInfoOf<RuntimeCall>,
		fee_with_tip: Balance,
		tip: Balance,
	) -> Result<(), TransactionValidityError> {
		<Split as OnChargeTransaction<Runtime>>::can_withdraw_fee(
			who,
			call,
			info,
			fee_with_tip,
			tip,
		)
	}

	fn correct_and_deposit_fee(
		who: &AccountId,
		info: &DispatchInfoOf<RuntimeCall>,
		post_info: &PostDispatchInfoOf<RuntimeCall>,
		corrected_fee_with_tip: Balance,
		tip: Balance,
		liquidity_info: Self::LiquidityInfo,
	) -> Result<(), TransactionValidityError> {
		<Split as OnChargeTransaction<Runtime>>::correct_and_deposit_fee(
			who,
			info,
			post_info,
			corrected_fee_with_tip,
			tip,
			liquidity_info,
		)?;
		let fee = corrected_fee_with_tip.saturating_sub(tip);
		Committee::note_fees(who, CpcEconomics::treasury_part(fee));
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn endow_account(who: &AccountId, amount: Balance) {
		<Split as OnChargeTransaction<Runtime>>::endow_account(who, amount)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn minimum_balance() -> Balance {
		<Split as OnChargeTransaction<Runtime>>::minimum_balance()
	}
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = ChargeFees;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
