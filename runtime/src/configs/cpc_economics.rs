//! `pallet_cpc_economics`: the fixed supply, the team's batches and the fee split.

use frame_support::{parameter_types, PalletId};
use sp_runtime::{traits::AccountIdConversion, Perbill};

use crate::{AccountId, Balance, Balances, Runtime, Vesting, TOTAL_SUPPLY};

parameter_types! {
	pub const TotalSupply: Balance = TOTAL_SUPPLY;
	/// `pallet-treasury`'s default id, so the treasury pallet takes over this account.
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	/// Most of each fee pays the committee member who authored the block.
	pub const FeeAuthorShare: Perbill = Perbill::from_percent(80);
}

/// The author of the block being built, as `pallet_authorship` finds it in the digest.
pub struct BlockAuthor;
impl frame_support::traits::Get<Option<AccountId>> for BlockAuthor {
	fn get() -> Option<AccountId> {
		pallet_authorship::Pallet::<Runtime>::author()
	}
}

impl pallet_cpc_economics::Config for Runtime {
	type Currency = Balances;
	type Vesting = Vesting;
	type TotalSupply = TotalSupply;
	type TreasuryAccount = TreasuryAccount;
	type AuthorShare = FeeAuthorShare;
	type BlockAuthor = BlockAuthor;
}
