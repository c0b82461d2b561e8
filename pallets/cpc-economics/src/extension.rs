//! The fee extension: the nonce check and the fee payment in one, deciding at validation
//! whether a transaction uses the free daily quota.
//!
//! Wallets sign it unchanged. It stands where `CheckNonce` and `ChargeTransactionPayment`
//! stood, encodes as they do (the compact nonce, then the compact tip), and lists itself in
//! the metadata as those two extensions, with their identifiers and types. It holds both
//! because the decision needs the transaction's nonce: the `k`-th pending transaction of an
//! account claims the `k`-th remaining free place, so transactions waiting in the pool never
//! all count on the same remaining quota.

use codec::{Decode, DecodeWithMemTracking, Encode};
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
};

use crate::{weights::WeightInfo, Config, Pallet, Params, QuotaAccounts, QuotaOf};

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
	/// Paid as always.
	Paid {
		/// The nonce check's part.
		nonce:
			<CheckNonce<T> as TransactionExtension<<T as frame_system::Config>::RuntimeCall>>::Val,
		/// The payment's part.
		fee: pallet_transaction_payment::Val<T>,
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
		let (paid, free) = self.path_weights(call);
		self.0.weight(call).saturating_add(paid.max(free))
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
		if let Some(who) = origin.as_system_origin_signer().cloned() {
			if let Some(quota) = self.free_place(&who, call, info, len) {
				// Free only from validation on: a block that finds the share used up leaves the
				// transaction for the next one, rather than charging what the pool called free.
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
		}
		let (paid, fee, origin) =
			self.1.validate(origin, call, info, len, (), implication, source)?;
		Ok((valid.combine_with(paid), Val::Paid { nonce, fee }, origin))
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
		let (paid, free) = self.path_weights(call);
		match val {
			Val::Free { who, quota, nonce } => {
				let nonce = self.0.prepare(nonce, origin, call, info, len)?;
				Pallet::<T>::use_free_slot(&who, quota, info.total_weight());
				Ok(Pre::Free { nonce, refund: paid.max(free).saturating_sub(free) })
			}
			Val::Paid { nonce, fee } => {
				let nonce = self.0.prepare(nonce, origin, call, info, len)?;
				let pre = self.1.prepare(fee, origin, call, info, len)?;
				Ok(Pre::Paid { nonce, pre, refund: paid.max(free).saturating_sub(paid) })
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
	/// Whether this transaction from `who` would be free if it were validated at block `now`:
	/// for fee queries (`TransactionPaymentApi`), which run on the best block's state while
	/// the pool validates on top of it.
	pub fn would_be_free(
		&self,
		who: &<T as frame_system::Config>::AccountId,
		call: &<T as frame_system::Config>::RuntimeCall,
		info: &DispatchInfo,
		len: usize,
		now: BlockNumberFor<T>,
	) -> bool {
		self.free_place_at(who, call, info, len, now).is_some()
	}

	/// The weights of the paid path (the quota's check, then the payment) and of the free one.
	fn path_weights(&self, call: &<T as frame_system::Config>::RuntimeCall) -> (Weight, Weight) {
		let paid = <T as Config>::WeightInfo::charge_paid().saturating_add(self.1.weight(call));
		(paid, <T as Config>::WeightInfo::charge_free())
	}

	fn free_place(
		&self,
		who: &<T as frame_system::Config>::AccountId,
		call: &<T as frame_system::Config>::RuntimeCall,
		info: &DispatchInfo,
		len: usize,
	) -> Option<QuotaOf<T>> {
		self.free_place_at(who, call, info, len, frame_system::Pallet::<T>::block_number())
	}

	/// The sender's quota record after this transaction, if it is free: no tip (a tip asks
	/// for priority, which a free transaction does not get), a call that pays fees and may go
	/// free, no longer than the free length and no heavier than one free transaction's share
	/// (so that it always fits an empty free share), and a free place for its nonce.
	fn free_place_at(
		&self,
		who: &<T as frame_system::Config>::AccountId,
		call: &<T as frame_system::Config>::RuntimeCall,
		info: &DispatchInfo,
		len: usize,
		now: BlockNumberFor<T>,
	) -> Option<QuotaOf<T>> {
		if info.pays_fee != Pays::Yes || !self.1.tip().is_zero() {
			return None;
		}
		// The record first: an account without one, as most are, costs the paid path this
		// one read. The account's nonce is what `CheckNonce` has just read.
		let account = QuotaAccounts::<T>::get(who)?;
		let params = Params::<T>::get();
		if len > params.max_free_length as usize
			|| !info.total_weight().all_lte(Pallet::<T>::free_transaction_limit(&params))
			|| !<T as Config>::FreeCalls::contains(call)
		{
			return None;
		}
		let next = frame_system::Account::<T>::get(who).nonce;
		let ahead: u32 = self.0 .0.checked_sub(&next)?.try_into().ok()?;
		Pallet::<T>::free_slot_in(account, ahead, now)
	}
}
