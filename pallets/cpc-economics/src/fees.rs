//! Where fees, tips, dust and slashes go: to accounts, never burnt.

use core::marker::PhantomData;
use frame_support::storage::StorageValue as StoredValue;

use frame_support::traits::{
	fungible::Balanced,
	tokens::imbalance::{Imbalance, OnUnbalanced},
	Get,
};

use crate::{Config, CreditOf};

/// Resolves a credit into the treasury account. The treasury is endowed at genesis, so it
/// exists and a credit of any size lands; were it ever gone, a credit below the existential
/// deposit could not land and would be dropped, which `try_state` would report.
pub struct ToTreasury<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<CreditOf<T>> for ToTreasury<T> {
	fn on_nonzero_unbalanced(credit: CreditOf<T>) {
		let _ = T::Currency::resolve(&T::TreasuryAccount::get(), credit);
	}
}

/// The fee split, for `pallet_transaction_payment::FungibleAdapter`, which hands over the fee
/// first and the tip second: [`crate::Parameters::author_share`] of the fee and all of the tip to the
/// block's author, the rest of the fee to the treasury. Without a known author, or if the
/// author's account cannot take the credit (it does not exist and the credit is below the
/// existential deposit), the author's part goes to the treasury too: nothing is burnt.
pub struct SplitFees<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<CreditOf<T>> for SplitFees<T> {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = CreditOf<T>>) {
		let Some(fees) = fees_then_tips.next() else { return };
		let tips = fees_then_tips.fold(CreditOf::<T>::zero(), |all, tip| all.merge(tip));
		let to_author = T::Parameters::get().author_share * fees.peek();
		let (to_author, to_treasury) = fees.split(to_author);
		let to_author = to_author.merge(tips);
		let unpaid = match T::BlockAuthor::get() {
			Some(author) => T::Currency::resolve(&author, to_author).err(),
			None => Some(to_author),
		};
		ToTreasury::<T>::on_unbalanced(
			to_treasury.merge(unpaid.unwrap_or_else(CreditOf::<T>::zero)),
		);
	}
}
