//! The genesis allocation table.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

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
