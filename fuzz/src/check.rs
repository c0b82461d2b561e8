//! The invariants checked after every block.

use cpchain_runtime::{AllPalletsWithSystem, Balance, Balances, Runtime, System, TOTAL_SUPPLY};
use frame_support::traits::{TryState, TryStateSelect};

/// The checks run after every block. They compare the state with fixed rules only, so they
/// carry nothing from block to block.
pub struct Checker;

impl Checker {
	/// The checks.
	pub fn new() -> Self {
		Self
	}

	/// Checks the state after a block, with the block's events still in storage.
	pub fn after_block(&mut self) -> Result<(), String> {
		let number = System::block_number();
		// The documented rule: nothing mints and nothing burns. Fees, tips, dust and slashes
		// go to the author and the treasury, so issuance is the genesis supply at every block.
		// Checked after every block, so it was the supply at the block before.
		let issuance = Balances::total_issuance();
		if issuance != TOTAL_SUPPLY {
			return Err(format!(
				"issuance went from {TOTAL_SUPPLY} to {issuance} in block {number}; nothing may \
				 mint or burn"
			));
		}

		// After the issuance rule, so that a failure of it is reported by name.
		<AllPalletsWithSystem as TryState<u32>>::try_state(number, TryStateSelect::All)
			.map_err(|e| format!("try_state after block {number}: {e:?}"))?;

		let mut accounts_total: Balance = 0;
		let referenda = cpchain_runtime::expected_reserves();
		for (who, account) in frame_system::Account::<Runtime>::iter() {
			let held: Balance = pallet_balances::Holds::<Runtime>::get(&who)
				.iter()
				.map(|hold| hold.amount)
				.fold(0, Balance::saturating_add);
			// Reserved is what is held and the referenda's deposits, which are reserved.
			let deposits = referenda.get(&who).copied().unwrap_or_default();
			if held.saturating_add(deposits) != account.data.reserved {
				return Err(format!(
					"{who} has {held} held and {deposits} in referenda's deposits but {} \
					 reserved after block {number}",
					account.data.reserved
				));
			}
			accounts_total = accounts_total
				.saturating_add(account.data.free)
				.saturating_add(account.data.reserved);
		}
		if accounts_total != issuance {
			return Err(format!(
				"accounts hold {accounts_total} in all but issuance is {issuance} after block {number}"
			));
		}
		holds_are_explained().map_err(|e| format!("after block {number}: {e}"))?;
		owed_cpc_covers_no_lock().map_err(|e| format!("after block {number}: {e}"))
	}
}

impl Default for Checker {
	fn default() -> Self {
		Self::new()
	}
}

/// Every hold in the balances pallet is one that the holding pallet's storage explains, at the
/// amount it explains (the pallets' own `try_state` checks the other direction).
pub fn holds_are_explained() -> Result<(), String> {
	let explained = cpchain_runtime::expected_holds();
	for (who, holds) in pallet_balances::Holds::<Runtime>::iter() {
		for hold in holds.iter().filter(|hold| hold.amount > 0) {
			let key = (who.clone(), codec::Encode::encode(&hold.id));
			let expected = explained.get(&key).copied().unwrap_or_default();
			if expected != hold.amount {
				return Err(format!(
					"{who} has {} held for {:?}, but storage explains {expected}",
					hold.amount, hold.id
				));
			}
		}
	}
	Ok(())
}

/// CPC owed to others on hold (an escrow, leasing fees put aside) covers no lock: what
/// pallet-balances keeps untouchable of an account's free CPC is at least what its locks and
/// freezes cover beyond the CPC it keeps on hold for itself.
pub fn owed_cpc_covers_no_lock() -> Result<(), String> {
	use cpchain_primitives::funds::{Frozen as _, OwedOnHold as _};
	use cpchain_runtime::configs::balances::{Frozen, OwedHolds};
	for (who, account) in frame_system::Account::<Runtime>::iter() {
		let owed = OwedHolds::owed_on_hold(&who);
		let kept = account.data.reserved.saturating_sub(owed);
		let needed = Frozen::frozen(&who).saturating_sub(kept);
		let untouchable = account.data.frozen.saturating_sub(account.data.reserved);
		if untouchable < needed {
			return Err(format!(
				"{who} owes {owed} on hold, and it covers its locks: {untouchable} of its free \
				 CPC is untouchable, {needed} should be"
			));
		}
	}
	Ok(())
}
