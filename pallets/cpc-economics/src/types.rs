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
	/// Whether the account is a reserve of governance: keyless, moved only by referenda (the
	/// treasury, the allocation accounts before they distribute). What a reserve holds does
	/// not vote, so referenda measure support without it ([`crate::Reserves`]). Absent in a
	/// chain spec, a line is no reserve.
	#[serde(default)]
	pub reserve: bool,
}

/// What the free daily quota knows of an account: what it keeps frozen for the quota, what it
/// asked to unfreeze and when that is released, what it used of the current day, and the
/// DApp it chose to pay its transactions. One record, so the fee extension's paid path reads
/// one item more than the plain payment, whatever the account has.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct QuotaAccount<AccountId, Balance, BlockNumber> {
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
	/// The DApp (its owner's account) the account opted in to be paid by, if any. It pays only
	/// while it also admits the account.
	pub sponsor: Option<AccountId>,
}

impl<AccountId, Balance: Zero, BlockNumber: Zero> Default
	for QuotaAccount<AccountId, Balance, BlockNumber>
{
	fn default() -> Self {
		Self {
			frozen: Zero::zero(),
			unfreezing: Zero::zero(),
			release_at: Zero::zero(),
			day: Zero::zero(),
			used: 0,
			last_free: None,
			sponsor: None,
		}
	}
}

impl<AccountId, Balance: Zero, BlockNumber> QuotaAccount<AccountId, Balance, BlockNumber> {
	/// Whether the record holds nothing worth keeping: nothing frozen and no sponsor.
	pub fn is_empty(&self) -> bool {
		self.frozen.is_zero() && self.sponsor.is_none()
	}
}

/// A registered DApp, keyed by its owner's account: its own stake, what holders lease it,
/// what it pays them, and the weight it has paid for today.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Dapp<Balance, BlockNumber> {
	/// The owner's stake, on hold in the owner's account, including what is being unstaked.
	pub stake: Balance,
	/// Of `stake`, what was asked back: it counts for nothing and is released at `unstake_at`.
	pub unstaking: Balance,
	/// When `unstaking` may be withdrawn.
	pub unstake_at: BlockNumber,
	/// Leased to the DApp and not being recalled: it counts for the DApp's capacity and earns
	/// the leasing fee.
	pub leased: Balance,
	/// Transactions a day the DApp pays for each admitted user who opted in.
	pub allowance_per_user: u32,
	/// What the DApp pays its lenders a block, together, in proportion to what each leases.
	pub lease_fee_per_block: Balance,
	/// Put aside for leasing fees and not yet earned by anyone (on hold in the owner's
	/// account, with `fees_owed`).
	pub fees_left: Balance,
	/// Earned by lenders and not yet claimed.
	pub fees_owed: Balance,
	/// Leasing fee earned per leased unit since registration, scaled by
	/// [`REWARD_SCALE`]: a lender's earnings are its lease times the growth of this since it
	/// last settled, so a claim costs the same whatever the number of lenders.
	pub fee_per_unit: u128,
	/// The block up to which leasing fees have been earned.
	pub accrued_at: BlockNumber,
	/// The day `weight_used` counts.
	pub day: BlockNumber,
	/// Reference time (picoseconds) of the transactions the DApp paid for on `day`.
	pub weight_used: u64,
}

/// The scale of [`Dapp::fee_per_unit`].
pub const REWARD_SCALE: u128 = 1_000_000_000_000;

/// What one holder leases to one DApp; the CPC stays on hold in the lender's own account.
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
pub struct Lease<Balance, BlockNumber> {
	/// Leased and earning.
	pub amount: Balance,
	/// The DApp's [`Dapp::fee_per_unit`] when the lease last settled.
	pub settled_at_fee_per_unit: u128,
	/// Earned up to the last settlement and not yet claimed.
	pub earned: Balance,
	/// Recalled: it earns nothing, counts for nothing, and is released at `recall_at`.
	pub recalling: Balance,
	/// When `recalling` may be withdrawn.
	pub recall_at: BlockNumber,
}

/// A DApp's admission of a user: the user may opt in to be paid for; the DApp paid a deposit
/// for the entry, and counts here what it paid for the user today.
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
pub struct Admission<Balance, BlockNumber> {
	/// The deposit the DApp's owner has on hold for the entry.
	pub deposit: Balance,
	/// The day `used` counts.
	pub day: BlockNumber,
	/// Transactions the DApp paid for this user on `day`.
	pub used: u32,
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
	/// The least stake a DApp's owner keeps to register and to pay for anyone.
	pub dapp_min_stake: Balance,
	/// Stake (own and leased) per millisecond of reference time a DApp may pay for a day.
	pub dapp_stake_per_ms: Balance,
	/// What a DApp's owner keeps on hold per user it admits.
	pub dapp_user_deposit: Balance,
	/// The least one holder may lease to one DApp.
	pub min_lease: Balance,
	/// Blocks from asking a DApp's stake back to its release: at least a day.
	pub dapp_unstake_delay: BlockNumber,
	/// Blocks from recalling a lease to its release: at least a day, so the same CPC never
	/// pays for two DApps' users on one day.
	pub lease_recall_delay: BlockNumber,
}

/// The least share of each fee the block's author gets: the fees pay the collators first.
pub const MIN_AUTHOR_SHARE: Perbill = Perbill::from_percent(50);
/// The longest quota day, in blocks: a week of six-second blocks.
pub const MAX_DAY_LENGTH: u32 = 7 * 14_400;
/// The most free transactions an account may be given a day: one a block of a day.
pub const MAX_FREE_PER_DAY: u32 = 14_400;
/// The longest free transaction, in bytes.
pub const MAX_FREE_LENGTH: u32 = 64 * 1024;
/// The longest release delay, in quota days: CPC asked back is never kept for longer.
pub const MAX_DELAY_DAYS: u32 = 30;

/// Why a set of [`Parameters`] is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterError {
	/// A quota day of no blocks, or longer than [`MAX_DAY_LENGTH`].
	DayLength,
	/// Free transactions for nothing frozen.
	FreezePerFreeTransaction,
	/// A minimum freeze that earns no transaction.
	QuotaMinFreeze,
	/// A freeze released within a day could earn quota twice on one day; one kept past
	/// [`MAX_DELAY_DAYS`] is kept too long.
	UnfreezeDelay,
	/// Free transactions may take at most half of a block: paid ones keep the other half.
	FreeBlockShare,
	/// One free transaction may not take more than all of them together.
	FreeTransactionShare,
	/// Capacity for no stake.
	DappStakePerMs,
	/// A DApp's minimum stake must pay for at least a millisecond a day.
	DappMinStake,
	/// A lease of nothing, or a deposit of nothing.
	MinLease,
	/// A stake or lease released within a day could pay for two DApps on one day; one kept
	/// past [`MAX_DELAY_DAYS`] is kept too long.
	DappDelay,
	/// The author gets less than [`MIN_AUTHOR_SHARE`].
	AuthorShare,
	/// More free transactions a day than [`MAX_FREE_PER_DAY`].
	MaxFreePerDay,
	/// A spacing between free transactions longer than a day.
	MinFreeSpacing,
	/// A longest free transaction of no bytes, or above [`MAX_FREE_LENGTH`].
	MaxFreeLength,
	/// An amount above every CPC there is.
	Amount,
}

impl<Balance, BlockNumber> Parameters<Balance, BlockNumber>
where
	Balance: Zero + PartialOrd + Copy,
	BlockNumber: Zero + PartialOrd + Copy + From<u32> + sp_runtime::traits::Saturating,
{
	/// The most of a block free transactions may ever be given.
	pub const MAX_FREE_BLOCK_SHARE: Perbill = Perbill::from_percent(50);

	/// Checks each number against its bounds, and that they make sense together; no amount
	/// may be above `supply`, every CPC there is.
	pub fn check(&self, supply: Balance) -> Result<(), ParameterError> {
		if self.author_share < MIN_AUTHOR_SHARE {
			return Err(ParameterError::AuthorShare);
		}
		if self.day_length.is_zero() || self.day_length > MAX_DAY_LENGTH.into() {
			return Err(ParameterError::DayLength);
		}
		let amounts = [
			self.quota_min_freeze,
			self.freeze_per_free_transaction,
			self.dapp_min_stake,
			self.dapp_stake_per_ms,
			self.dapp_user_deposit,
			self.min_lease,
		];
		if amounts.iter().any(|amount| *amount > supply) {
			return Err(ParameterError::Amount);
		}
		if self.freeze_per_free_transaction.is_zero() {
			return Err(ParameterError::FreezePerFreeTransaction);
		}
		if self.quota_min_freeze < self.freeze_per_free_transaction {
			return Err(ParameterError::QuotaMinFreeze);
		}
		if self.max_free_per_day > MAX_FREE_PER_DAY {
			return Err(ParameterError::MaxFreePerDay);
		}
		if self.min_free_spacing > self.day_length {
			return Err(ParameterError::MinFreeSpacing);
		}
		if self.max_free_length == 0 || self.max_free_length > MAX_FREE_LENGTH {
			return Err(ParameterError::MaxFreeLength);
		}
		let longest = self.day_length.saturating_mul(MAX_DELAY_DAYS.into());
		let within = |delay: BlockNumber| delay >= self.day_length && delay <= longest;
		if !within(self.unfreeze_delay) {
			return Err(ParameterError::UnfreezeDelay);
		}
		if self.free_block_share > Self::MAX_FREE_BLOCK_SHARE {
			return Err(ParameterError::FreeBlockShare);
		}
		if self.free_transaction_share > self.free_block_share {
			return Err(ParameterError::FreeTransactionShare);
		}
		if self.dapp_stake_per_ms.is_zero() {
			return Err(ParameterError::DappStakePerMs);
		}
		if self.dapp_min_stake < self.dapp_stake_per_ms {
			return Err(ParameterError::DappMinStake);
		}
		if self.min_lease.is_zero() || self.dapp_user_deposit.is_zero() {
			return Err(ParameterError::MinLease);
		}
		if !within(self.dapp_unstake_delay) || !within(self.lease_recall_delay) {
			return Err(ParameterError::DappDelay);
		}
		Ok(())
	}
}

cpchain_primitives::section_parameters! {
	/// The name of one of the economics' parameters.
	pub enum ParameterKey;
	/// One of the economics' parameters and its new value.
	pub enum ParameterChange<Balance, BlockNumber> for Parameters {
		AuthorShare(author_share): Perbill,
		DayLength(day_length): BlockNumber,
		QuotaMinFreeze(quota_min_freeze): Balance,
		FreezePerFreeTransaction(freeze_per_free_transaction): Balance,
		MaxFreePerDay(max_free_per_day): u32,
		MinFreeSpacing(min_free_spacing): BlockNumber,
		FreeBlockShare(free_block_share): Perbill,
		FreeTransactionShare(free_transaction_share): Perbill,
		MaxFreeLength(max_free_length): u32,
		UnfreezeDelay(unfreeze_delay): BlockNumber,
		DappMinStake(dapp_min_stake): Balance,
		DappStakePerMs(dapp_stake_per_ms): Balance,
		DappUserDeposit(dapp_user_deposit): Balance,
		MinLease(min_lease): Balance,
		DappUnstakeDelay(dapp_unstake_delay): BlockNumber,
		LeaseRecallDelay(lease_recall_delay): BlockNumber,
	}
}
