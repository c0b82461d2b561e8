//! The invariants checked after every block.

use cpchain_runtime::{
	pallet_committee, AllPalletsWithSystem, Balance, Balances, Runtime, RuntimeEvent, System,
};
use frame_support::traits::{TryState, TryStateSelect};

/// Issuance spent in a block by the documented rule, read from its events: every fee is burnt
/// (until the economics pallet routes fees), slashed bonds are burnt (until a treasury
/// exists), and the dust of reaped accounts is burnt. Nothing is minted.
pub fn issuance_spent() -> Balance {
	System::events()
		.into_iter()
		.map(|record| match record.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => actual_fee,
			RuntimeEvent::Committee(pallet_committee::Event::Penalised { slashed, .. })
			| RuntimeEvent::Committee(pallet_committee::Event::Equivocated { slashed, .. }) => slashed,
			RuntimeEvent::Balances(pallet_balances::Event::DustLost { amount, .. }) => amount,
			_ => 0,
		})
		.fold(0, Balance::saturating_add)
}

/// Carries what the checks compare from block to block.
pub struct Checker {
	issuance: Balance,
}

impl Checker {
	/// Starts from the current state.
	pub fn new() -> Self {
		Self { issuance: Balances::total_issuance() }
	}

	/// Checks the state after a block, with the block's events still in storage.
	pub fn after_block(&mut self) -> Result<(), String> {
		let number = System::block_number();
		<AllPalletsWithSystem as TryState<u32>>::try_state(number, TryStateSelect::All)
			.map_err(|e| format!("try_state after block {number}: {e:?}"))?;

		let issuance = Balances::total_issuance();
		let spent = issuance_spent();
		if self.issuance.checked_sub(spent) != Some(issuance) {
			return Err(format!(
				"issuance went from {} to {issuance} in block {number}, but the block's events \
				 account for {spent} burnt",
				self.issuance
			));
		}
		self.issuance = issuance;

		let mut accounts_total: Balance = 0;
		for (who, account) in frame_system::Account::<Runtime>::iter() {
			let held: Balance = pallet_balances::Holds::<Runtime>::get(&who)
				.iter()
				.map(|hold| hold.amount)
				.fold(0, Balance::saturating_add);
			if held != account.data.reserved {
				return Err(format!(
					"{who} has {held} held but {} reserved after block {number}",
					account.data.reserved
				));
			}
			accounts_total = accounts_total.saturating_add(account.data.free).saturating_add(held);
		}
		if accounts_total != issuance {
			return Err(format!(
				"accounts hold {accounts_total} in all but issuance is {issuance} after block {number}"
			));
		}
		holds_are_explained().map_err(|e| format!("after block {number}: {e}"))
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
