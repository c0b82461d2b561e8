//! # CPC economics
//!
//! The whitepaper's economic model for the CPC token.
//!
//! ## Overview
//!
//! - **A fixed supply.** Every CPC that will ever exist is minted at genesis, by the allocation
//!   table in this pallet's genesis configuration, and the table must add up to exactly
//!   [`Config::TotalSupply`]. Nothing mints afterwards and nothing burns: fees, tips, dust and
//!   slashes all go to accounts ([`SplitFees`], [`ToTreasury`]). `try_state` holds the total
//!   issuance to the supply after every block.
//! - **The founding team's share** is locked for the first year and released in yearly
//!   batches: one vesting schedule per batch, each releasing its whole amount at one block
//!   ([`Release::Batches`]). The schedules are added through [`Config::Vesting`], which
//!   recomputes the account's lock from all its schedules; `pallet-vesting`'s own genesis
//!   (at this version) would set the lock once per entry and leave an account with several
//!   entries locked for the last one only.
//! - **Fees** go mostly to the block's author (a committee member), the rest to the treasury
//!   account ([`Parameters::author_share`]); tips go to the author.
//! - **A free daily quota.** An account that keeps at least [`Parameters::quota_min_freeze`]
//!   frozen may send [`Pallet::daily_quota`] free transactions a day: one per
//!   [`Parameters::freeze_per_free_transaction`], at most [`Parameters::max_free_per_day`].
//!   The minimum and the cap only ever lower what a stake earns, so splitting a stake across
//!   accounts never earns more in all than the stake at the rate: at most
//!   `stake / freeze_per_free_transaction` a day. The fee extension [`ChargeCpcFee`] decides
//!   at validation, in the pool as in the block; a transaction past the quota, or sooner than
//!   [`Parameters::min_free_spacing`] after the last free one, pays the normal fee.
//! - **DApps.** A DApp (its owner's account) keeps stake on hold, at least
//!   [`Parameters::dapp_min_stake`], and may pay for reference time a day in proportion to
//!   its own and leased stake ([`Parameters::dapp_stake_per_ms`]). Holders lease it CPC that
//!   stays on hold in their own accounts, and earn the fee a block the DApp sets, out of
//!   what it put aside, through an accumulator: a claim costs the same with 1 or 1,000
//!   lenders. Users the DApp admits may opt in; the fee extension then charges the DApp's
//!   owner for their transactions, up to the DApp's daily allowance per user and its
//!   capacity. Past either, or when the owner cannot pay, the user pays as always.
//!   Unstaking and recalling a lease take a delay of at least a day, so the same CPC never
//!   pays for two DApps on one day.
//! - **Parameters in one place**: the economics' section of CPChain's parameters
//!   ([`Config::Parameters`]), set one at a time under referenda within the bounds
//!   [`Parameters::check`] holds. A new day length starts counting days anew, so each
//!   account's use of the day restarts once; a new delay applies to requests made after it.
//!
//! ## Terminology
//!
//! - *Allocation*: a line of the genesis table: a [`Category`], an account, an amount and a
//!   [`Release`].
//! - *Batch*: a part of a locked allocation released at one block.
//! - *Reserve*: an account of the table that only governance moves (the treasury, the
//!   allocation accounts before they distribute): what it holds does not vote ([`Reserves`]).
//! - *Treasury*: the account that receives the fees' remainder, dust and slashes. It is
//!   endowed at genesis, above the existential deposit, so that small credits are never
//!   dropped.
//!
//! - *Quota day*: [`Parameters::day_length`] blocks; day `d` holds blocks `d * length` to
//!   `(d + 1) * length - 1`.
//! - *Free place*: one of an account's free transactions of the day. The `k`-th pending
//!   transaction of an account claims the `k`-th remaining place.
//! - *DApp*: an account registered with stake, that may pay for its users' transactions.
//! - *Capacity*: the reference time a day a DApp may pay for.
//! - *Admission*: a DApp's consent to pay for a user, with a deposit; the user's choice of
//!   the DApp ([`QuotaAccount::sponsor`]) is the user's consent.
//! - *Lease*: CPC a holder keeps on hold for a DApp's capacity, for a fee a block.
//!
//! ## Calls
//!
//! - [`Pallet::freeze_for_quota`], [`Pallet::unfreeze_quota`], [`Pallet::withdraw_unfrozen`]:
//!   the quota's freeze.
//! - [`Pallet::register_dapp`], [`Pallet::set_dapp_terms`], [`Pallet::stake_dapp`],
//!   [`Pallet::unstake_dapp`], [`Pallet::withdraw_dapp_unstaked`]: a DApp and its own stake.
//! - [`Pallet::fund_lease_fees`], [`Pallet::reclaim_lease_fees`]: what a DApp puts aside to
//!   pay its lenders.
//! - [`Pallet::admit_user`], [`Pallet::dismiss_user`] (by the DApp) and
//!   [`Pallet::choose_sponsor`] (by the user): who the DApp pays for.
//! - [`Pallet::lease`], [`Pallet::recall_lease`], [`Pallet::withdraw_recalled`],
//!   [`Pallet::claim_lease_fees`]: a holder's leases.
//!
//! The allocation is genesis configuration, and the fee split is configuration of
//! `pallet-transaction-payment` ([`SplitFees`]).
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod dapps;
pub mod extension;
mod fees;
mod parameters;
mod quota;
mod supply;
mod try_state;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use dapps::{AdmissionOf, DappOf, LeaseOf};
pub use extension::{ChargeCpcFee, FeeConfig};
pub use fees::{SplitFees, ToTreasury};
pub use pallet::*;
pub use parameters::ParameterChangeOf;
pub use quota::QuotaOf;
pub use types::{
	Admission, Allocation, Category, Dapp, Lease, ParameterChange, ParameterError, ParameterKey,
	Parameters, QuotaAccount, Release,
};

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;

	use frame_support::{
		pallet_prelude::*,
		storage::StorageValue as StoredValue,
		traits::{
			fungible::{self, Inspect},
			Contains, Currency, VestingSchedule,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Saturating, StaticLookup, Zero};

	use crate::{
		types::{Allocation, ParameterError, Parameters},
		weights::WeightInfo,
		AdmissionOf, DappOf, LeaseOf,
	};

	/// An account named in a call, as the runtime looks it up.
	pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

	/// The economics' parameters in this runtime's types.
	pub type ParametersOf<T> = Parameters<BalanceOf<T>, BlockNumberFor<T>>;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A credit of [`Config::Currency`]: a fee, a tip, dust or a slash on its way to an account.
	pub type CreditOf<T> =
		fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The CPC token.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::Balanced<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// What an account's locks and freezes cover: the pallet's holds take only CPC above
		/// it, and the leasing fees put aside are settled as owed after every change, so that
		/// they never cover the owner's locks.
		type Frozen: cpchain_primitives::funds::Frozen<Self::AccountId, BalanceOf<Self>>;

		/// Vesting schedules: the team's batches.
		type Vesting: VestingSchedule<
			Self::AccountId,
			Moment = BlockNumberFor<Self>,
			Currency: Currency<Self::AccountId, Balance = BalanceOf<Self>>,
		>;

		/// Every CPC there is: what the genesis table must add up to, and the total issuance
		/// at every block after.
		#[pallet::constant]
		type TotalSupply: Get<BalanceOf<Self>>;

		/// The treasury account.
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// The author of the block being built, if known.
		type BlockAuthor: Get<Option<Self::AccountId>>;

		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The calls that may go free. Calls whose declared weight the sender picks, or that
		/// fail at once with their whole declared weight (sudo, XCM execution, root's calls),
		/// should pay: their weight would fill the block's free share for nothing.
		type FreeCalls: Contains<<Self as frame_system::Config>::RuntimeCall>;

		/// The parameters a chain starts with when its genesis names none.
		type DefaultParameters: Get<ParametersOf<Self>>;

		/// Where the parameters are stored, as governance has set them: the economics' section
		/// of CPChain's parameters, which this pallet's
		/// [`Section`](cpchain_primitives::parameters::Section) implementation bounds. The
		/// pallet only reads it (its benchmarks and tests write it).
		type Parameters: StoredValue<ParametersOf<Self>, Query = ParametersOf<Self>>;

		/// Weights of the calls and of the fee extension's paths.
		type WeightInfo: crate::weights::WeightInfo;
	}

	/// Why this pallet holds CPC.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Kept for the free daily quota. A hold, not a freeze: a freeze overlaps the
		/// account's other holds, so the CPC of an escrow or a bond could earn quota too.
		Quota,
		/// A DApp's own stake.
		DappStake,
		/// What a DApp put aside for its lenders' fees, earned or not.
		LeaseFees,
		/// A DApp's deposit for a user it admits.
		DappUser,
		/// CPC a holder leases to a DApp.
		Lease,
	}

	/// The quota records of the accounts that keep CPC frozen for it.
	#[pallet::storage]
	pub type QuotaAccounts<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, crate::QuotaOf<T>, OptionQuery>;

	/// The registered DApps, by owner.
	#[pallet::storage]
	pub type Dapps<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, DappOf<T>, OptionQuery>;

	/// The leases, by DApp and lender.
	#[pallet::storage]
	pub type Leases<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		LeaseOf<T>,
		OptionQuery,
	>;

	/// The users each DApp admits, by DApp and user.
	#[pallet::storage]
	pub type Admissions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		AdmissionOf<T>,
		OptionQuery,
	>;

	/// The weight free transactions took in the block named, for the block's free share.
	#[pallet::storage]
	pub type FreeWeight<T: Config> = StorageValue<_, (BlockNumberFor<T>, Weight), OptionQuery>;

	/// The accounts the genesis table marks as reserves of governance ([`Allocation::reserve`]):
	/// keyless, moved only by referenda. What they hold does not vote, so referenda measure
	/// support without it. At most [`MAX_RESERVES`], so reading what they hold stays cheap.
	#[pallet::storage]
	pub type Reserves<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, ConstU32<MAX_RESERVES>>, ValueQuery>;

	/// The number of lenders a claim is weighed at: the benchmark's most. A claim reads and
	/// writes one lease, the DApp and two accounts whatever the number of lenders; the
	/// benchmark's small slope over them is the deeper state a thousand leases make, so the
	/// call is weighed at the benchmark's deepest.
	pub const CLAIM_WEIGHED_LENDERS: u32 = 1_000;

	/// The most reserve accounts a genesis table may mark: the treasury and one account a
	/// category leave room to spare.
	pub const MAX_RESERVES: u32 = 16;

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// More of an account's CPC is frozen for the quota.
		QuotaFrozen {
			/// The account.
			who: T::AccountId,
			/// Frozen now.
			amount: BalanceOf<T>,
			/// Frozen for the quota in all.
			frozen: BalanceOf<T>,
		},
		/// Part of an account's quota freeze was asked back.
		QuotaUnfreezing {
			/// The account.
			who: T::AccountId,
			/// Asked back now.
			amount: BalanceOf<T>,
			/// When all it asked back is released.
			release_at: BlockNumberFor<T>,
		},
		/// What an account asked back of its quota freeze is released.
		QuotaReleased {
			/// The account.
			who: T::AccountId,
			/// Released.
			amount: BalanceOf<T>,
		},
		/// A transaction went free under its sender's daily quota.
		FreeTransaction {
			/// The sender.
			who: T::AccountId,
			/// Free transactions the sender has used today, this one included.
			used: u32,
			/// The sender's free transactions a day.
			quota: u32,
		},
		/// A DApp registered.
		DappRegistered {
			/// The DApp.
			dapp: T::AccountId,
			/// Its own stake.
			stake: BalanceOf<T>,
		},
		/// A DApp set what it pays for.
		DappTermsSet {
			/// The DApp.
			dapp: T::AccountId,
			/// Transactions a day per user.
			allowance_per_user: u32,
			/// Its lenders' fee a block.
			lease_fee_per_block: BalanceOf<T>,
		},
		/// A DApp added to its own stake.
		DappStaked {
			/// The DApp.
			dapp: T::AccountId,
			/// Added now.
			amount: BalanceOf<T>,
			/// Its stake in all.
			stake: BalanceOf<T>,
		},
		/// A DApp asked part of its stake back.
		DappUnstaking {
			/// The DApp.
			dapp: T::AccountId,
			/// Asked back now.
			amount: BalanceOf<T>,
			/// When all it asked back is released.
			release_at: BlockNumberFor<T>,
		},
		/// What a DApp asked back of its stake is released.
		DappUnstaked {
			/// The DApp.
			dapp: T::AccountId,
			/// Released.
			amount: BalanceOf<T>,
		},
		/// A DApp put CPC aside for its lenders.
		LeaseFeesFunded {
			/// The DApp.
			dapp: T::AccountId,
			/// Put aside now.
			amount: BalanceOf<T>,
			/// Put aside and not yet earned, in all.
			left: BalanceOf<T>,
		},
		/// A DApp took back part of what it put aside.
		LeaseFeesReclaimed {
			/// The DApp.
			dapp: T::AccountId,
			/// Taken back.
			amount: BalanceOf<T>,
		},
		/// A DApp admitted a user.
		UserAdmitted {
			/// The DApp.
			dapp: T::AccountId,
			/// The user.
			user: T::AccountId,
		},
		/// A DApp's admission of a user ended.
		UserDismissed {
			/// The DApp.
			dapp: T::AccountId,
			/// The user.
			user: T::AccountId,
		},
		/// An account chose the DApp that pays for it, or none.
		SponsorChosen {
			/// The account.
			who: T::AccountId,
			/// The DApp, if any.
			sponsor: Option<T::AccountId>,
		},
		/// A DApp paid for a transaction.
		TransactionSponsored {
			/// The sender.
			who: T::AccountId,
			/// The DApp.
			dapp: T::AccountId,
			/// What the DApp paid.
			fee: BalanceOf<T>,
		},
		/// A holder leased more to a DApp.
		Leased {
			/// The lender.
			lender: T::AccountId,
			/// The DApp.
			dapp: T::AccountId,
			/// Leased now.
			amount: BalanceOf<T>,
			/// Leased by this lender to the DApp, in all.
			leased: BalanceOf<T>,
		},
		/// A holder recalled part of a lease.
		LeaseRecalled {
			/// The lender.
			lender: T::AccountId,
			/// The DApp.
			dapp: T::AccountId,
			/// Recalled now.
			amount: BalanceOf<T>,
			/// When all it recalled is released.
			release_at: BlockNumberFor<T>,
		},
		/// What a holder recalled is released.
		LeaseReleased {
			/// The lender.
			lender: T::AccountId,
			/// The DApp.
			dapp: T::AccountId,
			/// Released.
			amount: BalanceOf<T>,
		},
		/// A lender was paid its leasing fees.
		LeaseFeesClaimed {
			/// The lender.
			lender: T::AccountId,
			/// The DApp.
			dapp: T::AccountId,
			/// Paid.
			amount: BalanceOf<T>,
		},
	}

	impl<T> From<ParameterError> for Error<T> {
		fn from(e: ParameterError) -> Self {
			match e {
				ParameterError::DayLength => Error::BadDayLength,
				ParameterError::FreezePerFreeTransaction => Error::BadFreezePerFreeTransaction,
				ParameterError::QuotaMinFreeze => Error::BadQuotaMinFreeze,
				ParameterError::UnfreezeDelay => Error::BadUnfreezeDelay,
				ParameterError::FreeBlockShare => Error::BadFreeBlockShare,
				ParameterError::FreeTransactionShare => Error::BadFreeTransactionShare,
				ParameterError::DappStakePerMs => Error::BadDappStakePerMs,
				ParameterError::DappMinStake => Error::BadDappMinStake,
				ParameterError::MinLease => Error::BadMinLease,
				ParameterError::DappDelay => Error::BadDappDelay,
				ParameterError::AuthorShare => Error::BadAuthorShare,
				ParameterError::MaxFreePerDay => Error::BadMaxFreePerDay,
				ParameterError::MinFreeSpacing => Error::BadMinFreeSpacing,
				ParameterError::MaxFreeLength => Error::BadMaxFreeLength,
				ParameterError::Amount => Error::AboveSupply,
			}
		}
	}

	/// Errors.
	#[pallet::error]
	pub enum Error<T> {
		/// A quota day must have at least one block and at most `MAX_DAY_LENGTH`.
		BadDayLength,
		/// The freeze per free transaction must be above zero.
		BadFreezePerFreeTransaction,
		/// The quota's minimum freeze must earn at least one transaction.
		BadQuotaMinFreeze,
		/// The unfreeze delay must be at least a quota day and at most `MAX_DELAY_DAYS`.
		BadUnfreezeDelay,
		/// Free transactions may use at most half of a block.
		BadFreeBlockShare,
		/// One free transaction may use no more than all free transactions together.
		BadFreeTransactionShare,
		/// An amount of zero.
		ZeroAmount,
		/// The amount overflows.
		Overflow,
		/// What would stay frozen and earning is above zero but below the quota's minimum.
		BelowQuotaMinimum,
		/// The account does not have that much CPC.
		InsufficientBalance,
		/// The account keeps nothing frozen for the quota.
		NothingFrozen,
		/// More than the account keeps frozen (and not yet asked back).
		NotThatMuchFrozen,
		/// Nothing was asked back.
		NothingUnfreezing,
		/// What was asked back is not released yet.
		StillUnfreezing,
		/// A DApp's capacity must cost some stake.
		BadDappStakePerMs,
		/// A DApp's minimum stake must pay for at least a millisecond a day.
		BadDappMinStake,
		/// The least lease and the deposit per admitted user must be above zero.
		BadMinLease,
		/// Unstaking and recalling must take at least a quota day and at most
		/// `MAX_DELAY_DAYS`.
		BadDappDelay,
		/// The block's author must get at least `MIN_AUTHOR_SHARE` of each fee.
		BadAuthorShare,
		/// More free transactions a day than `MAX_FREE_PER_DAY`.
		BadMaxFreePerDay,
		/// The spacing between free transactions must not be longer than a quota day.
		BadMinFreeSpacing,
		/// The longest free transaction must be at least a byte and at most `MAX_FREE_LENGTH`.
		BadMaxFreeLength,
		/// An amount above the total supply.
		AboveSupply,
		/// The account is a DApp already.
		AlreadyRegistered,
		/// The account is not a DApp.
		NotRegistered,
		/// The DApp's own earning stake would be above zero but below the minimum.
		BelowDappMinimum,
		/// More than the DApp has staked (and not yet asked back).
		NotThatMuchStaked,
		/// The DApp asked nothing of its stake back.
		NothingUnstaking,
		/// What the DApp asked back is not released yet.
		StillUnstaking,
		/// More than the DApp has put aside and nobody has earned.
		NotThatMuchLeft,
		/// The DApp admits the user already.
		AlreadyAdmitted,
		/// The DApp does not admit the user.
		NotAdmitted,
		/// The account has no sponsor to leave.
		NoSponsor,
		/// What would stay leased is above zero but below the least lease.
		BelowMinLease,
		/// The account leases nothing to the DApp.
		NoLease,
		/// More than the account leases to the DApp (and has not recalled).
		NotThatMuchLeased,
		/// Nothing of the lease was recalled.
		NothingRecalling,
		/// What was recalled is not released yet.
		StillRecalling,
		/// The lease has earned nothing to claim.
		NothingEarned,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Freezes `amount` more of the caller's CPC for the free daily quota: it is put on hold
		/// (reserved), so it stays in the account and counts for its balance, but cannot move,
		/// nor back any other hold, until released.
		///
		/// Errors: `ZeroAmount`, `Overflow`, `BelowQuotaMinimum` (the total would be below
		/// the minimum), `InsufficientBalance`.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::freeze_for_quota())]
		pub fn freeze_for_quota(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_freeze(&who, amount)
		}

		/// Asks `amount` of the quota's freeze back. It earns no quota from now on and is
		/// released after the unfreeze delay by `withdraw_unfrozen`; what stays must be zero
		/// or at least the minimum. A second request adds to the first and restarts its delay.
		///
		/// Errors: `ZeroAmount`, `Overflow`, `NothingFrozen`, `NotThatMuchFrozen`,
		/// `BelowQuotaMinimum`.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::unfreeze_quota())]
		pub fn unfreeze_quota(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unfreeze(&who, amount)
		}

		/// Releases what the caller asked back, once the delay has passed.
		///
		/// Errors: `NothingFrozen`, `NothingUnfreezing`, `StillUnfreezing`.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::withdraw_unfrozen())]
		pub fn withdraw_unfrozen(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_unfrozen(&who)
		}

		/// Registers the caller as a DApp with `stake` of its own on hold (at least the
		/// minimum), paying for `allowance_per_user` transactions a day of each user it admits
		/// and `lease_fee_per_block` to its lenders together.
		///
		/// Errors: `AlreadyRegistered`, `BelowDappMinimum`, `InsufficientBalance`.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::register_dapp())]
		pub fn register_dapp(
			origin: OriginFor<T>,
			#[pallet::compact] stake: BalanceOf<T>,
			allowance_per_user: u32,
			#[pallet::compact] lease_fee_per_block: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_dapp(&owner, stake, allowance_per_user, lease_fee_per_block)
		}

		/// Sets the caller's allowance per user and leasing fee; what lenders earned before is
		/// at the old fee.
		///
		/// Errors: `NotRegistered`.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::set_dapp_terms())]
		pub fn set_dapp_terms(
			origin: OriginFor<T>,
			allowance_per_user: u32,
			#[pallet::compact] lease_fee_per_block: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_set_dapp_terms(&owner, allowance_per_user, lease_fee_per_block)
		}

		/// Adds `amount` to the caller's DApp stake.
		///
		/// Errors: `ZeroAmount`, `NotRegistered`, `Overflow`, `BelowDappMinimum`,
		/// `InsufficientBalance`.
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::stake_dapp())]
		pub fn stake_dapp(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_stake_dapp(&owner, amount)
		}

		/// Asks `amount` of the caller's DApp stake back: it counts for nothing now and is
		/// released after the unstake delay; what stays must be zero or at least the minimum.
		/// A second request adds to the first and restarts its delay.
		///
		/// Errors: `ZeroAmount`, `NotRegistered`, `Overflow`, `NotThatMuchStaked`,
		/// `BelowDappMinimum`.
		#[pallet::call_index(7)]
		#[pallet::weight(<T as Config>::WeightInfo::unstake_dapp())]
		pub fn unstake_dapp(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_unstake_dapp(&owner, amount)
		}

		/// Releases the stake the caller asked back, once the delay has passed.
		///
		/// Errors: `NotRegistered`, `NothingUnstaking`, `StillUnstaking`.
		#[pallet::call_index(8)]
		#[pallet::weight(<T as Config>::WeightInfo::withdraw_dapp_unstaked())]
		pub fn withdraw_dapp_unstaked(origin: OriginFor<T>) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_withdraw_dapp_unstaked(&owner)
		}

		/// Puts `amount` of the caller's CPC aside, on hold, to pay its lenders.
		///
		/// Errors: `ZeroAmount`, `NotRegistered`, `Overflow`, `InsufficientBalance`.
		#[pallet::call_index(9)]
		#[pallet::weight(<T as Config>::WeightInfo::fund_lease_fees())]
		pub fn fund_lease_fees(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_fund_lease_fees(&owner, amount)
		}

		/// Takes back `amount` of what the caller put aside and no lender has earned yet.
		///
		/// Errors: `ZeroAmount`, `NotRegistered`, `NotThatMuchLeft`.
		#[pallet::call_index(10)]
		#[pallet::weight(<T as Config>::WeightInfo::reclaim_lease_fees())]
		pub fn reclaim_lease_fees(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_reclaim_lease_fees(&owner, amount)
		}

		/// Admits `user` to be paid for by the caller's DApp, once the user opts in; the
		/// caller keeps the deposit per user on hold.
		///
		/// Errors: `NotRegistered`, `AlreadyAdmitted`, `InsufficientBalance`.
		#[pallet::call_index(11)]
		#[pallet::weight(<T as Config>::WeightInfo::admit_user())]
		pub fn admit_user(origin: OriginFor<T>, user: AccountIdLookupOf<T>) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let user = T::Lookup::lookup(user)?;
			Self::do_admit_user(&owner, &user)
		}

		/// Ends the caller's admission of `user`: its deposit comes back, and the user pays
		/// for itself from now on.
		///
		/// Errors: `NotAdmitted`.
		#[pallet::call_index(12)]
		#[pallet::weight(<T as Config>::WeightInfo::dismiss_user())]
		pub fn dismiss_user(origin: OriginFor<T>, user: AccountIdLookupOf<T>) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let user = T::Lookup::lookup(user)?;
			Self::do_dismiss_user(&owner, &user)
		}

		/// Opts the caller in to be paid for by the DApp `sponsor`, which must admit it, or
		/// out, with `None`. Its own free quota is used first; the DApp pays for what is past
		/// it, up to the DApp's allowance and capacity.
		///
		/// Errors: `NotAdmitted`, `NoSponsor` (opting out with none).
		#[pallet::call_index(13)]
		#[pallet::weight(<T as Config>::WeightInfo::choose_sponsor())]
		pub fn choose_sponsor(
			origin: OriginFor<T>,
			sponsor: Option<AccountIdLookupOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let sponsor = sponsor.map(T::Lookup::lookup).transpose()?;
			Self::do_choose_sponsor(&who, sponsor)
		}

		/// Leases `amount` more of the caller's CPC to the DApp `dapp`: it stays on hold in
		/// the caller's account and earns part of the DApp's leasing fee each block.
		///
		/// Errors: `ZeroAmount`, `NotRegistered`, `Overflow`, `BelowMinLease`,
		/// `InsufficientBalance`.
		#[pallet::call_index(14)]
		#[pallet::weight(<T as Config>::WeightInfo::lease())]
		pub fn lease(
			origin: OriginFor<T>,
			dapp: AccountIdLookupOf<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let lender = ensure_signed(origin)?;
			let dapp = T::Lookup::lookup(dapp)?;
			Self::do_lease(&lender, &dapp, amount)
		}

		/// Recalls `amount` of the caller's lease to `dapp`: it stops earning now and is
		/// released after the recall delay; what stays must be zero or at least the least
		/// lease. A second recall adds to the first and restarts its delay.
		///
		/// Errors: `ZeroAmount`, `NoLease`, `NotThatMuchLeased`, `BelowMinLease`, `Overflow`,
		/// `NotRegistered`.
		#[pallet::call_index(15)]
		#[pallet::weight(<T as Config>::WeightInfo::recall_lease())]
		pub fn recall_lease(
			origin: OriginFor<T>,
			dapp: AccountIdLookupOf<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let lender = ensure_signed(origin)?;
			let dapp = T::Lookup::lookup(dapp)?;
			Self::do_recall_lease(&lender, &dapp, amount)
		}

		/// Releases what the caller recalled from `dapp`, once the delay has passed.
		///
		/// Errors: `NoLease`, `NothingRecalling`, `StillRecalling`.
		#[pallet::call_index(16)]
		#[pallet::weight(<T as Config>::WeightInfo::withdraw_recalled())]
		pub fn withdraw_recalled(
			origin: OriginFor<T>,
			dapp: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let lender = ensure_signed(origin)?;
			let dapp = T::Lookup::lookup(dapp)?;
			Self::do_withdraw_recalled(&lender, &dapp)
		}

		/// Pays the caller the leasing fees its lease to `dapp` has earned.
		///
		/// Errors: `NoLease`, `NotRegistered`, `NothingEarned`.
		#[pallet::call_index(17)]
		#[pallet::weight(<T as Config>::WeightInfo::claim_lease_fees(CLAIM_WEIGHED_LENDERS))]
		pub fn claim_lease_fees(
			origin: OriginFor<T>,
			dapp: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let lender = ensure_signed(origin)?;
			let dapp = T::Lookup::lookup(dapp)?;
			Self::do_claim_lease_fees(&lender, &dapp)
		}
	}

	/// The genesis allocation table.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Who receives what share of the supply, and when it becomes transferable. Empty, the
		/// pallet mints nothing (for chains whose balances come from elsewhere, as in other
		/// pallets' tests); otherwise the lines must add up to exactly the total supply, and
		/// one of them must endow the treasury. The lines marked as reserves name the accounts
		/// of [`Reserves`].
		pub allocations: Vec<Allocation<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if self.allocations.is_empty() {
				return;
			}
			if let Err(e) = Pallet::<T>::allocate(&self.allocations) {
				panic!("cpc-economics genesis: {e}");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::TotalSupply::get().is_zero(), "a token with no supply");
			assert_eq!(
				T::DefaultParameters::get().check(T::TotalSupply::get()),
				Ok(()),
				"bad default parameters"
			);
			assert!(
				T::TotalSupply::get() >= T::Currency::minimum_balance(),
				"the supply cannot endow one account"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The part of a fee (tips apart) that goes to the treasury: what nobody who could
		/// send the transaction gets back, so what the committee may count as activity.
		pub fn treasury_part(fee: BalanceOf<T>) -> BalanceOf<T> {
			fee.saturating_sub(T::Parameters::get().author_share * fee)
		}
	}
}
