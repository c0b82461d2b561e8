//! The fee extension: the nonce check and the fee payment in one, deciding at validation
//! whether a transaction uses the free daily quota.
//!
//! Wallets sign it unchanged. It stands where `CheckNonce` and `ChargeTransactionPayment`
//! stood, encodes as they do (the compact nonce, then the compact tip), and lists itself in
//! the metadata as those two extensions, with their identifiers and types. It holds both
//! because the decision needs the transaction's nonce: the `k`-th pending transaction of an
//! account claims the `k`-th remaining free place, so transactions waiting in the pool never
//! all count on the same remaining quota.
//!
//! Three paths: free under the sender's quota; sponsored, paid by the DApp the sender opted in
//! to (past its quota, within the DApp's allowance for it and the DApp's capacity, and if the
//! DApp's owner can pay); otherwise paid by the sender as always. The paid path reads the
//! sender's quota record and nothing more than the plain payment.

use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::storage::StorageValue as StoredValue;
use frame_support::{
	dispatch::{DispatchInfo, DispatchResult, PostDispatchInfo},
	pallet_prelude::*,
	traits::Contains,
};
use frame_system::{pallet_prelude::BlockNumberFor, CheckNonce};
use pallet_transaction_payment::ChargeTransactionPayment;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, CheckedSub, DispatchInfoOf, DispatchOriginOf, Dispatchable,
		Implication, PostDispatchInfoOf, TransactionExtension, ValidateResult, Zero,
	},
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	SaturatedConversion,
};

use crate::{
	weights::WeightInfo, AdmissionOf, Config, DappOf, Event, Pallet, QuotaAccounts, QuotaOf,
};
use pallet_transaction_payment::OnChargeTransaction;

/// What the fee extension needs of a runtime: this pallet, the payment pallet, and calls that
/// dispatch with the usual info.
pub trait FeeConfig:
	Config
	+ pallet_transaction_payment::Config
	+ frame_system::Config<
		RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
		RuntimeOrigin: AsSystemOriginSigner<<Self as frame_system::Config>::AccountId> + Clone,
	> + Send
	+ Sync
{
}

impl<T> FeeConfig for T where
	T: Config
		+ pallet_transaction_payment::Config
		+ frame_system::Config<
			RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
			RuntimeOrigin: AsSystemOriginSigner<<T as frame_system::Config>::AccountId> + Clone,
		> + Send
		+ Sync
{
}

/// The fee's balance type.
pub type TipOf<T> = <<T as pallet_transaction_payment::Config>::OnChargeTransaction as pallet_transaction_payment::OnChargeTransaction<T>>::Balance;
/// What the payment's currency adapter keeps between withdrawing a fee and settling it.
pub type LiquidityOf<T> = <<T as pallet_transaction_payment::Config>::OnChargeTransaction as pallet_transaction_payment::OnChargeTransaction<T>>::LiquidityInfo;
/// The runtime's call.
type CallOf<T> = <T as frame_system::Config>::RuntimeCall;

/// Who pays for a transaction, as the extension decides.
pub enum Place<T: FeeConfig> {
	/// Nobody: it goes under the sender's quota, whose record becomes this.
	Free(QuotaOf<T>),
	/// The DApp `owner`, `fee` (the transaction's whole fee, no tip); the DApp's and the
	/// admission's records become these.
	Sponsored {
		/// The DApp.
		owner: <T as frame_system::Config>::AccountId,
		/// The DApp's record after it.
		dapp: DappOf<T>,
		/// The admission's record after it.
		admission: AdmissionOf<T>,
		/// The fee the DApp pays (before the refund of unused weight).
		fee: TipOf<T>,
	},
	/// The sender, as always; `sponsor_checked` if the sender's DApp was asked first (and its
	/// records read) but does not pay.
	Paid {
		/// Whether the sponsored path's reads were made.
		sponsor_checked: bool,
	},
}

/// `CheckNonce` and `ChargeTransactionPayment` in one, with the free daily quota.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct ChargeCpcFee<T: FeeConfig>(
	/// The nonce check, as `frame_system` has it.
	pub CheckNonce<T>,
	/// The fee payment, as `pallet_transaction_payment` has it.
	pub ChargeTransactionPayment<T>,
);

impl<T: FeeConfig> ChargeCpcFee<T>
where
	TipOf<T>: Send + Sync,
{
	/// The extension of a transaction with `nonce` and `tip`.
	pub fn new(nonce: T::Nonce, tip: TipOf<T>) -> Self {
		Self(CheckNonce::from(nonce), ChargeTransactionPayment::from(tip))
	}
}

impl<T: FeeConfig> core::fmt::Debug for ChargeCpcFee<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "ChargeCpcFee({:?}, {:?})", self.0, self.1)
	}
}

/// From validation to preparation.
pub enum Val<T: FeeConfig> {
	/// Inside the quota: nothing is charged, and `quota` is what the account's record becomes.
	Free {
		/// The sender.
		who: T::AccountId,
		/// The sender's record after this transaction.
		quota: QuotaOf<T>,
		/// The nonce check's part.
		nonce:
			<CheckNonce<T> as TransactionExtension<<T as frame_system::Config>::RuntimeCall>>::Val,
	},
	/// Paid by a DApp.
	Sponsored {
		/// The sender.
		who: T::AccountId,
		/// The DApp.
		owner: T::AccountId,
		/// The DApp's record after this transaction.
		dapp: DappOf<T>,
		/// The admission's record after this transaction.
		admission: AdmissionOf<T>,
		/// The fee withdrawn from the DApp's owner.
		fee: TipOf<T>,
		/// The nonce check's part.
		nonce:
			<CheckNonce<T> as TransactionExtension<<T as frame_system::Config>::RuntimeCall>>::Val,
	},
	/// Paid as always.
	Paid {
		/// The nonce check's part.
		nonce:
			<CheckNonce<T> as TransactionExtension<<T as frame_system::Config>::RuntimeCall>>::Val,
		/// The payment's part.
		fee: pallet_transaction_payment::Val<T>,
		/// Whether the sender's DApp was asked first.
		sponsor_checked: bool,
	},
}

/// The nonce check's part from preparation to after dispatch.
pub type NoncePre<T> =
	<CheckNonce<T> as TransactionExtension<<T as frame_system::Config>::RuntimeCall>>::Pre;

/// From preparation to after dispatch.
pub enum Pre<T: FeeConfig> {
	/// Nothing was charged; the payment's weight is handed back.
	Free {
		/// The nonce check's part.
		nonce: NoncePre<T>,
		/// The weight of the payment path, not used.
		refund: Weight,
	},
	/// Charged to a DApp's owner.
	Sponsored {
		/// The nonce check's part.
		nonce: NoncePre<T>,
		/// The sender.
		who: T::AccountId,
		/// The DApp.
		owner: T::AccountId,
		/// What was withdrawn from the owner.
		liquidity: LiquidityOf<T>,
		/// The weight of the paths not taken.
		refund: Weight,
	},
	/// Charged as always.
	Paid {
		/// The nonce check's part.
		nonce: NoncePre<T>,
		/// The payment's part.
		pre: pallet_transaction_payment::Pre<T>,
		/// The free path's weight beyond the paid one's, not used.
		refund: Weight,
	},
}

impl<T: FeeConfig> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
	for ChargeCpcFee<T>
where
	TipOf<T>: Send + Sync,
{
	const IDENTIFIER: &'static str = "ChargeCpcFee";
	type Implicit = ();
	type Val = Val<T>;
	type Pre = Pre<T>;

	fn metadata() -> alloc::vec::Vec<sp_runtime::traits::TransactionExtensionMetadata> {
		let mut entries = <CheckNonce<T> as TransactionExtension<
			<T as frame_system::Config>::RuntimeCall,
		>>::metadata();
		entries.extend(<ChargeTransactionPayment<T> as TransactionExtension<
			<T as frame_system::Config>::RuntimeCall,
		>>::metadata());
		entries
	}

	fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		// The paid path's work (the quota read that finds nothing, then the payment) or the
		// free path's, whichever is more; the unused part is handed back after dispatch.
		self.0.weight(call).saturating_add(self.path_weights(call).most())
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<<T as frame_system::Config>::RuntimeCall>,
		call: &<T as frame_system::Config>::RuntimeCall,
		info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		len: usize,
		_: (),
		implication: &impl Implication,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		let (valid, nonce, origin) =
			self.0.validate(origin, call, info, len, (), implication, source)?;
		let mut sponsor_checked = false;
		if let Some(who) = origin.as_system_origin_signer().cloned() {
			match self.place(&who, call, info, len) {
				Place::Free(quota) => {
					// Free only from validation on: a block that finds the share used up
					// leaves the transaction for the next one, rather than charging what the
					// pool called free.
					if source == TransactionSource::InBlock
						&& !Pallet::<T>::free_weight_fits(info.total_weight())
					{
						return Err(InvalidTransaction::ExhaustsResources.into());
					}
					// The lowest priority: free transactions wait behind every paid one.
					let valid =
						valid.combine_with(ValidTransaction { priority: 0, ..Default::default() });
					return Ok((valid, Val::Free { who, quota, nonce }, origin));
				}
				Place::Sponsored { owner, dapp, admission, fee } => {
					// The priority a paid transaction without a tip has: the DApp pays a fee.
					let priority =
						ChargeTransactionPayment::<T>::get_priority(info, len, Zero::zero(), fee);
					let valid =
						valid.combine_with(ValidTransaction { priority, ..Default::default() });
					return Ok((
						valid,
						Val::Sponsored { who, owner, dapp, admission, fee, nonce },
						origin,
					));
				}
				Place::Paid { sponsor_checked: checked } => sponsor_checked = checked,
			}
		}
		let (paid, fee, origin) =
			self.1.validate(origin, call, info, len, (), implication, source)?;
		Ok((valid.combine_with(paid), Val::Paid { nonce, fee, sponsor_checked }, origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		origin: &DispatchOriginOf<<T as frame_system::Config>::RuntimeCall>,
		call: &<T as frame_system::Config>::RuntimeCall,
		info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		// What the declared weight holds beyond the path taken is handed back after dispatch.
		let weights = self.path_weights(call);
		match val {
			Val::Free { who, quota, nonce } => {
				let nonce = self.0.prepare(nonce, origin, call, info, len)?;
				Pallet::<T>::use_free_slot(&who, quota, info.total_weight());
				Ok(Pre::Free { nonce, refund: weights.unused(weights.free) })
			}
			Val::Sponsored { who, owner, dapp, admission, fee, nonce } => {
				let nonce = self.0.prepare(nonce, origin, call, info, len)?;
				let liquidity =
					<T as pallet_transaction_payment::Config>::OnChargeTransaction::withdraw_fee(
						&owner,
						call,
						info,
						fee,
						Zero::zero(),
					)?;
				Pallet::<T>::use_sponsored_place(&owner, &who, dapp, admission);
				Ok(Pre::Sponsored {
					nonce,
					who,
					owner,
					liquidity,
					refund: weights.unused(weights.sponsored),
				})
			}
			Val::Paid { nonce, fee, sponsor_checked } => {
				let nonce = self.0.prepare(nonce, origin, call, info, len)?;
				let pre = self.1.prepare(fee, origin, call, info, len)?;
				// A sender whose DApp was asked first pays for those reads too.
				let taken = if sponsor_checked {
					weights.paid.max(weights.sponsored)
				} else {
					weights.paid
				};
				Ok(Pre::Paid { nonce, pre, refund: weights.unused(taken) })
			}
		}
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		post_info: &PostDispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		len: usize,
		result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		let nonce_refund = |nonce| {
			<CheckNonce<T> as TransactionExtension<<T as frame_system::Config>::RuntimeCall>>::post_dispatch_details(
				nonce, info, post_info, len, result,
			)
		};
		match pre {
			Pre::Free { nonce, refund } => {
				// The free share counts what the transaction really used: what it declared but
				// did not use goes back to the share.
				Pallet::<T>::unuse_free_weight(post_info.calc_unspent(info));
				Ok(refund.saturating_add(nonce_refund(nonce)?))
			}
			Pre::Sponsored { nonce, who, owner, liquidity, refund } => {
				// Settled as the payment settles its own: the unused weight's fee back to the
				// owner, the rest split between the author and the treasury.
				let fee = pallet_transaction_payment::Pallet::<T>::compute_actual_fee(
					len as u32,
					info,
					post_info,
					Zero::zero(),
				);
				<T as pallet_transaction_payment::Config>::OnChargeTransaction::correct_and_deposit_fee(
					&owner,
					info,
					post_info,
					fee,
					Zero::zero(),
					liquidity,
				)?;
				Pallet::<T>::deposit_event(Event::TransactionSponsored {
					who,
					dapp: owner,
					fee: fee.saturated_into::<u128>().saturated_into(),
				});
				Ok(refund.saturating_add(nonce_refund(nonce)?))
			}
			Pre::Paid { nonce, pre, refund } => {
				Ok(<ChargeTransactionPayment<T> as TransactionExtension<
					<T as frame_system::Config>::RuntimeCall,
				>>::post_dispatch_details(pre, info, post_info, len, result)?
				.saturating_add(refund)
				.saturating_add(nonce_refund(nonce)?))
			}
		}
	}
}

impl<T: FeeConfig> ChargeCpcFee<T>
where
	TipOf<T>: Send + Sync,
{
	/// Whether this transaction from `who` would cost its sender nothing if it were
	/// validated at block `now` (free under its quota, or paid by a DApp): for fee queries
	/// (`TransactionPaymentApi`), which run on the best block's state while the pool
	/// validates on top of it.
	pub fn costs_sender_nothing(
		&self,
		who: &<T as frame_system::Config>::AccountId,
		call: &CallOf<T>,
		info: &DispatchInfo,
		len: usize,
		now: BlockNumberFor<T>,
	) -> bool {
		!matches!(self.place_at(who, call, info, len, now), Place::Paid { .. })
	}

	/// The weights of the three paths.
	fn path_weights(&self, call: &CallOf<T>) -> PathWeights {
		let payment = self.1.weight(call);
		PathWeights {
			paid: <T as Config>::WeightInfo::charge_paid().saturating_add(payment),
			free: <T as Config>::WeightInfo::charge_free(),
			// The DApp's fee is withdrawn and settled as the payment does its own.
			sponsored: <T as Config>::WeightInfo::charge_sponsored().saturating_add(payment),
		}
	}

	fn place(
		&self,
		who: &<T as frame_system::Config>::AccountId,
		call: &CallOf<T>,
		info: &DispatchInfo,
		len: usize,
	) -> Place<T> {
		self.place_at(who, call, info, len, frame_system::Pallet::<T>::block_number())
	}

	/// Who pays for this transaction. Free or sponsored only with no tip (a tip asks for
	/// priority, which the sender would not pay for), a call that pays fees and may go free,
	/// no longer than the free length and no heavier than one free transaction's share (so
	/// that it always fits an empty free share, and a DApp pays only for what a quota could
	/// give). Then the sender's own quota first, for the place its nonce claims; then its
	/// DApp, for the place its nonce claims in the DApp's allowance for it, within the DApp's
	/// capacity and if the DApp's owner can pay the fee.
	fn place_at(
		&self,
		who: &<T as frame_system::Config>::AccountId,
		call: &CallOf<T>,
		info: &DispatchInfo,
		len: usize,
		now: BlockNumberFor<T>,
	) -> Place<T> {
		if info.pays_fee != Pays::Yes || !self.1.tip().is_zero() {
			return Place::Paid { sponsor_checked: false };
		}
		// The record first: an account without one, as most are, costs the paid path this
		// one read. The account's nonce is what `CheckNonce` has just read.
		let Some(account) = QuotaAccounts::<T>::get(who) else {
			return Place::Paid { sponsor_checked: false };
		};
		let params = T::Parameters::get();
		if len > params.max_free_length as usize
			|| !info.total_weight().all_lte(Pallet::<T>::free_transaction_limit(&params))
			|| !<T as Config>::FreeCalls::contains(call)
		{
			return Place::Paid { sponsor_checked: false };
		}
		let next = frame_system::Account::<T>::get(who).nonce;
		let Some(ahead) = self.0 .0.checked_sub(&next).and_then(|ahead| ahead.try_into().ok())
		else {
			return Place::Paid { sponsor_checked: false };
		};
		let sponsor = account.sponsor.clone();
		if let Some(quota) = Pallet::<T>::free_slot_in(account, ahead, now) {
			return Place::Free(quota);
		}
		let Some(owner) = sponsor else { return Place::Paid { sponsor_checked: false } };
		let Some((dapp, admission)) =
			Pallet::<T>::sponsored_place(&owner, who, ahead, info.total_weight(), now)
		else {
			return Place::Paid { sponsor_checked: true };
		};
		let fee =
			pallet_transaction_payment::Pallet::<T>::compute_fee(len as u32, info, Zero::zero());
		let can_pay =
			<T as pallet_transaction_payment::Config>::OnChargeTransaction::can_withdraw_fee(
				&owner,
				call,
				info,
				fee,
				Zero::zero(),
			);
		if can_pay.is_err() {
			return Place::Paid { sponsor_checked: true };
		}
		Place::Sponsored { owner, dapp, admission, fee }
	}
}

/// The weights of the extension's three paths, beyond the nonce check.
struct PathWeights {
	paid: Weight,
	free: Weight,
	sponsored: Weight,
}

impl PathWeights {
	/// The heaviest path: what the extension declares.
	fn most(&self) -> Weight {
		self.paid.max(self.free).max(self.sponsored)
	}

	/// What the declaration holds beyond the path taken.
	fn unused(&self, taken: Weight) -> Weight {
		self.most().saturating_sub(taken)
	}
}
