//! The genesis allocation table, the quota's records and the governable parameters.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::Zero, Perbill};

/// Who an allocation of the genesis supply is for: the whitepaper's token distribution plan.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Category {
	/// The overseas community: grants, community incentives, and (on development chains) the
	/// well-known accounts.
	Community,
	/// Institutional investors: the businesses and service providers that will use CPC.
	Investors,
	/// The founding team, developers and consultants: locked for the first year, then released
	/// in yearly batches.
	Team,
	/// The foundation: operations, development and promotion; the treasury's endowment comes
	/// out of it.
	Foundation,
}

/// When an allocation becomes transferable.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Release<BlockNumber> {
	/// At once.
	Liquid,
	/// In `count` equal batches (the last one takes what division leaves): the first becomes
	/// transferable at block `first`, each next one `every` blocks later. Until then the
	/// amount is locked by a vesting schedule per batch; `vesting.vest` unlocks what is due.
	Batches {
		/// The block at which the first batch is released (at least 1).
		first: BlockNumber,
		/// Blocks between two batches (at least 1).
		every: BlockNumber,
		/// How many batches (at least 1).
		count: u32,
	},
}

/// One line of the genesis allocation table.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Allocation<AccountId, Balance, BlockNumber> {
	/// What the allocation is for.
	pub category: Category,
	/// The account that receives it.
	pub account: AccountId,
	/// How much, in the token's smallest unit.
	pub amount: Balance,
	/// When it becomes transferable.
	pub release: Release<BlockNumber>,
}

/// What the free daily quota knows of an account: what it keeps frozen for the quota, what it
/// asked to unfreeze and when that is released, and what it used of the current day.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct QuotaAccount<Balance, BlockNumber> {
	/// Frozen for the quota, including what is being unfrozen.
	pub frozen: Balance,
	/// Of `frozen`, what was asked back: it earns no quota and is released at `release_at`.
	pub unfreezing: Balance,
	/// When `unfreezing` may be withdrawn.
	pub release_at: BlockNumber,
	/// The day `used` counts (block number / day length).
	pub day: BlockNumber,
	/// Free transactions used on `day`.
	pub used: u32,
	/// The block of the last free transaction, for the spacing rule.
	pub last_free: Option<BlockNumber>,
}

/// The economics' numbers that governance may change, kept in one place: the fee split and
/// the free daily quota.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Parameters<Balance, BlockNumber> {
	/// The share of each fee (tips apart) that goes to the block's author; the rest goes to
	/// the treasury.
	pub author_share: Perbill,
	/// Blocks in a quota day.
	pub day_length: BlockNumber,
	/// The least an account must keep frozen to earn any free transaction.
	pub quota_min_freeze: Balance,
	/// CPC kept frozen per free transaction a day.
	pub freeze_per_free_transaction: Balance,
	/// The most free transactions one account may send a day.
	pub max_free_per_day: u32,
	/// Blocks between two free transactions of one account; a faster one pays.
	pub min_free_spacing: BlockNumber,
	/// The share of a block's weight that free transactions may use together.
	pub free_block_share: Perbill,
	/// The share of a block's weight one free transaction may declare; a heavier one pays.
	pub free_transaction_share: Perbill,
	/// The longest free transaction, in bytes; a longer one pays (its length fee too).
	pub max_free_length: u32,
	/// Blocks from asking a quota freeze back to its release: at least a day, so the same CPC
	/// never earns quota in two accounts on one day.
	pub unfreeze_delay: BlockNumber,
}

/// Why a set of [`Parameters`] is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterError {
	/// A quota day of no blocks.
	DayLength,
	/// Free transactions for nothing frozen.
	FreezePerFreeTransaction,
	/// A minimum freeze that earns no transaction.
	QuotaMinFreeze,
	/// A freeze released within a day could earn quota twice on one day.
	UnfreezeDelay,
	/// Free transactions may take at most half of a block: paid ones keep the other half.
	FreeBlockShare,
	/// One free transaction may not take more than all of them together.
	FreeTransactionShare,
}

impl<Balance, BlockNumber> Parameters<Balance, BlockNumber>
where
	Balance: Zero + PartialOrd,
	BlockNumber: Zero + PartialOrd,
{
	/// The most of a block free transactions may ever be given.
	pub const MAX_FREE_BLOCK_SHARE: Perbill = Perbill::from_percent(50);

	/// Checks that the numbers make sense together.
	pub fn check(&self) -> Result<(), ParameterError> {
		if self.day_length.is_zero() {
			return Err(ParameterError::DayLength);
		}
		if self.freeze_per_free_transaction.is_zero() {
			return Err(ParameterError::FreezePerFreeTransaction);
		}
		if self.quota_min_freeze < self.freeze_per_free_transaction {
			return Err(ParameterError::QuotaMinFreeze);
		}
		if self.unfreeze_delay < self.day_length {
			return Err(ParameterError::UnfreezeDelay);
		}
		if self.free_block_share > Self::MAX_FREE_BLOCK_SHARE {
			return Err(ParameterError::FreeBlockShare);
		}
		if self.free_transaction_share > self.free_block_share {
			return Err(ParameterError::FreeTransactionShare);
		}
		Ok(())
	}
}
