//! The pallet's invariants, for `try_state` and for tests of the runtime around it.

use alloc::vec::Vec;
use cpchain_primitives::funds::HeldTally;
use frame_support::storage::StorageValue as StoredValue;

use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, InspectHold},
		Get,
	},
};
use sp_runtime::traits::Zero;

use crate::pallet::{BalanceOf, Config, HoldReason, Pallet, QuotaAccounts};

impl<T: Config> Pallet<T> {
	/// What this pallet's storage says it holds, by account and reason: the quota records,
	/// the DApps' stakes, fees and deposits, and the leases, summed per account and reason.
	/// Its `try_state` checks the holds against it; a whole-runtime check can also find
	/// holds that nothing explains.
	pub fn held_by_storage() -> Vec<(T::AccountId, HoldReason, BalanceOf<T>)> {
		let mut held = HeldTally::default();
		let quota = QuotaAccounts::<T>::iter()
			.filter(|(_, account)| !account.frozen.is_zero())
			.map(|(who, account)| (who, HoldReason::Quota, account.frozen));
		for (who, reason, amount) in quota.chain(Self::dapp_holds()) {
			held.add(&who, reason, amount);
		}
		held.into_vec()
	}

	/// The supply is fixed: total issuance is the supply, and the treasury exists to take
	/// what is not burnt; the parameters hold their bounds, each quota record is its
	/// account's hold, and the DApps' records are their holds and leases. Also for tests
	/// of the runtime around the pallet.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(
			T::Currency::total_issuance() == T::TotalSupply::get(),
			"total issuance differs from the fixed supply"
		);
		ensure!(
			T::Currency::balance(&T::TreasuryAccount::get()) >= T::Currency::minimum_balance(),
			"the treasury fell below the existential deposit"
		);
		ensure!(
			T::Parameters::get().check(T::TotalSupply::get()).is_ok(),
			"the parameters are out of their bounds"
		);
		for (who, account) in QuotaAccounts::<T>::iter() {
			ensure!(!account.is_empty(), "a quota record with nothing frozen and no sponsor");
			ensure!(account.unfreezing <= account.frozen, "more unfreezing than frozen");
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Quota.into(), &who) == account.frozen,
				"a quota record and its hold differ"
			);
		}
		Self::try_state_dapps()?;
		for (who, reason, amount) in Self::held_by_storage() {
			ensure!(Self::on_hold(&who, reason) == amount, "a DApp's record and its hold differ");
		}
		Ok(())
	}
}
