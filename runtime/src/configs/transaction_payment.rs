//! `pallet_transaction_payment`: fees in CPC for weight and length.

use frame_support::{
	parameter_types,
	traits::ConstU8,
	weights::{
		ConstantMultiplier, WeightToFeeCoefficient, WeightToFeeCoefficients, WeightToFeePolynomial,
	},
};
use polkadot_runtime_common::SlowAdjustingFeeUpdate;
use smallvec::smallvec;
use sp_runtime::Perbill;

use crate::{
	weights::ExtrinsicBaseWeight, Balance, Balances, Runtime, RuntimeEvent, MICRO_CPC, MILLI_CPC,
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

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Fees are burnt until the economics pallet routes them to collators and the treasury.
	type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ()>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = ();
}
