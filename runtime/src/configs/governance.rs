//! `pallet_cpc_governance`: the origins of the referendum tracks and their pace; and the CPC
//! that can vote, which support is measured against.

use frame_support::traits::{fungible::Inspect, Get};
use pallet_cpc_economics::Category;

use crate::{
	configs::cpc_economics::TreasuryAccount, genesis_config_presets::allocation_account, AccountId,
	Balance, Balances, Runtime,
};

impl pallet_cpc_governance::Config for Runtime {}

/// The development chain's pace: a day of the tracks in a minute (ten blocks), so a root
/// referendum passes in about three minutes.
pub const DEV_PACE: u32 = 1_440;

/// The accounts whose CPC no one votes with: the treasury (a pallet's account) and the
/// allocation accounts, which are keyless and move only by governance.
pub fn non_voting_accounts() -> [AccountId; 5] {
	[
		TreasuryAccount::get(),
		allocation_account(Category::Community),
		allocation_account(Category::Investors),
		allocation_account(Category::Team),
		allocation_account(Category::Foundation),
	]
}

/// The CPC that can vote: all of it but what the non-voting accounts hold. Referenda
/// measure support against it, so that the treasury and the undistributed allocations,
/// most of the supply at first, do not put the support thresholds out of reach. CPC that is
/// locked (the team's batches once distributed, vote locks) or held (deposits, quota, DApp
/// stake) still counts: its owner may vote with it, as locks overlap.
pub struct VotableIssuance;

impl Get<Balance> for VotableIssuance {
	fn get() -> Balance {
		let kept = non_voting_accounts().iter().fold(0, |kept: Balance, who| {
			kept.saturating_add(<Balances as Inspect<AccountId>>::total_balance(who))
		});
		// Never zero: a support of x/0 would read as everyone's.
		<Balances as Inspect<AccountId>>::total_issuance().saturating_sub(kept).max(1)
	}
}
