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
//! - **Parameters in one place**: [`Params`], set by [`Config::UpdateOrigin`] within the
//!   bounds [`Parameters::check`] holds.
//!
//! ## Terminology
//!
//! - *Allocation*: a line of the genesis table: a [`Category`], an account, an amount and a
//!   [`Release`].
//! - *Batch*: a part of a locked allocation released at one block.
//! - *Treasury*: the account that receives the fees' remainder, dust and slashes. It is
//!   endowed at genesis, above the existential deposit, so that small credits are never
//!   dropped.
//!
//! - *Quota day*: [`Parameters::day_length`] blocks; day `d` holds blocks `d * length` to
//!   `(d + 1) * length - 1`.
//! - *Free place*: one of an account's free transactions of the day. The `k`-th pending
//!   transaction of an account claims the `k`-th remaining place.
//!
//! ## Calls
//!
//! - [`Pallet::freeze_for_quota`], [`Pallet::unfreeze_quota`], [`Pallet::withdraw_unfrozen`]:
//!   the quota's freeze.
//! - [`Pallet::set_parameters`], by the update origin: governance.
//!
//! The allocation is genesis configuration, and the fee split is configuration of
//! `pallet-transaction-payment` ([`SplitFees`]).
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod extension;
mod fees;
mod quota;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use extension::{ChargeCpcFee, FeeConfig};
pub use fees::{SplitFees, ToTreasury};
pub use pallet::*;
pub use quota::QuotaOf;
pub use types::{Allocation, Category, ParameterError, Parameters, QuotaAccount, Release};

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;

	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, Inspect, InspectHold, Mutate},
			Contains, Currency, VestingSchedule,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{One, Saturating, Zero};

	use crate::{
		types::{Allocation, ParameterError, Parameters, Release},
		weights::WeightInfo,
	};

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

		/// Who may set the parameters.
		type UpdateOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of the calls and of the fee extension's paths.
		type WeightInfo: crate::weights::WeightInfo;
	}

	/// Why this pallet holds CPC.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Kept for the free daily quota. A hold, not a freeze: a freeze overlaps the
		/// account's other holds, so the CPC of an escrow or a bond could earn quota too.
		Quota,
	}

	/// The quota records of the accounts that keep CPC frozen for it.
	#[pallet::storage]
	pub type QuotaAccounts<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, crate::QuotaOf<T>, OptionQuery>;

	/// The fee split and the quota's numbers.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ParametersOf<T>, ValueQuery, T::DefaultParameters>;

	/// The weight free transactions took in the block named, for the block's free share.
	#[pallet::storage]
	pub type FreeWeight<T: Config> = StorageValue<_, (BlockNumberFor<T>, Weight), OptionQuery>;

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
		/// The parameters were set.
		ParametersSet {
			/// The new parameters.
			parameters: ParametersOf<T>,
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
			}
		}
	}

	/// Errors.
	#[pallet::error]
	pub enum Error<T> {
		/// A quota day must have at least one block.
		BadDayLength,
		/// The freeze per free transaction must be above zero.
		BadFreezePerFreeTransaction,
		/// The quota's minimum freeze must earn at least one transaction.
		BadQuotaMinFreeze,
		/// The unfreeze delay must be at least a quota day.
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

		/// Sets the fee split and the quota's numbers. A new day length starts counting days
		/// anew, so each account's use of the day restarts once; a new unfreeze delay applies
		/// to requests made after it.
		///
		/// Errors: `BadOrigin`, `BadDayLength`, `BadFreezePerFreeTransaction`,
		/// `BadQuotaMinFreeze`, `BadUnfreezeDelay`, `BadFreeBlockShare`,
		/// `BadFreeTransactionShare`.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParametersOf<T>) -> DispatchResult {
			T::UpdateOrigin::ensure_origin(origin)?;
			parameters.check().map_err(Error::<T>::from)?;
			Params::<T>::put(parameters);
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}
	}

	/// The genesis allocation table.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Who receives what share of the supply, and when it becomes transferable. Empty, the
		/// pallet mints nothing (for chains whose balances come from elsewhere, as in other
		/// pallets' tests); otherwise the lines must add up to exactly the total supply, and
		/// one of them must endow the treasury.
		pub allocations: Vec<Allocation<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>>,
		/// The parameters, if not the runtime's defaults.
		pub parameters: Option<ParametersOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(parameters) = self.parameters {
				if let Err(e) = parameters.check() {
					panic!("cpc-economics genesis: bad parameters: {e:?}");
				}
				Params::<T>::put(parameters);
			}
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
			assert_eq!(T::DefaultParameters::get().check(), Ok(()), "bad default parameters");
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
		/// Mints the genesis table: checks it whole first, so a bad table mints nothing.
		pub(crate) fn allocate(
			allocations: &[Allocation<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>],
		) -> Result<(), &'static str> {
			let mut total = BalanceOf::<T>::zero();
			for line in allocations {
				total = total.checked_add(&line.amount).ok_or("the table overflows")?;
				if let Release::Batches { first, every, count } = line.release {
					if first.is_zero() || every.is_zero() || count == 0 {
						return Err("batches need a first block, a spacing and a count above 0");
					}
					if line.amount < BalanceOf::<T>::from(count) {
						return Err("a batch of nothing");
					}
				}
			}
			if total != T::TotalSupply::get() {
				return Err("the allocations do not add up to the total supply");
			}
			let treasury = T::TreasuryAccount::get();
			let endowed = allocations
				.iter()
				.filter(|line| line.account == treasury && line.release == Release::Liquid)
				.fold(BalanceOf::<T>::zero(), |sum, line| sum.saturating_add(line.amount));
			if endowed < T::Currency::minimum_balance() {
				return Err("the treasury must be endowed with at least the existential deposit");
			}
			for line in allocations {
				T::Currency::mint_into(&line.account, line.amount).map_err(|_| {
					"an allocation could not be minted (below the existential deposit?)"
				})?;
				if let Release::Batches { first, every, count } = line.release {
					Self::lock_in_batches(&line.account, line.amount, first, every, count)?;
				}
			}
			Ok(())
		}

		/// One vesting schedule per batch, each releasing its whole amount in the one block
		/// after it starts: a schedule starting at `b` has vested nothing at `b` and all at
		/// `b + 1`, so batch `k` starts at `first + k * every - 1`.
		fn lock_in_batches(
			who: &T::AccountId,
			amount: BalanceOf<T>,
			first: BlockNumberFor<T>,
			every: BlockNumberFor<T>,
			count: u32,
		) -> Result<(), &'static str> {
			let count_balance = BalanceOf::<T>::from(count);
			let batch = amount / count_balance;
			let last = amount
				.saturating_sub(batch.saturating_mul(count_balance.saturating_sub(One::one())));
			let mut release = first;
			for k in 0..count {
				let part = if k + 1 == count { last } else { batch };
				let start = release.saturating_sub(One::one());
				T::Vesting::add_vesting_schedule(who, part, part, start)
					.map_err(|_| "a batch's vesting schedule was refused (too many schedules?)")?;
				release =
					release.checked_add(&every).ok_or("the batches run past the last block")?;
			}
			Ok(())
		}

		/// The part of a fee (tips apart) that goes to the treasury: what nobody who could
		/// send the transaction gets back, so what the committee may count as activity.
		pub fn treasury_part(fee: BalanceOf<T>) -> BalanceOf<T> {
			fee.saturating_sub(Params::<T>::get().author_share * fee)
		}

		/// What this pallet's storage says it holds, by account: the quota records. Its
		/// `try_state` checks the holds against it; a whole-runtime check can also find holds
		/// that nothing explains.
		#[cfg(any(test, feature = "try-runtime"))]
		pub fn held_by_storage() -> Vec<(T::AccountId, HoldReason, BalanceOf<T>)> {
			QuotaAccounts::<T>::iter()
				.map(|(who, account)| (who, HoldReason::Quota, account.frozen))
				.collect()
		}

		/// The supply is fixed: total issuance is the supply, and the treasury exists to take
		/// what is not burnt; the parameters hold their bounds, and each quota record is its
		/// account's freeze. Also for tests of the runtime around the pallet.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(
				T::Currency::total_issuance() == T::TotalSupply::get(),
				"total issuance differs from the fixed supply"
			);
			ensure!(
				T::Currency::balance(&T::TreasuryAccount::get()) >= T::Currency::minimum_balance(),
				"the treasury fell below the existential deposit"
			);
			ensure!(Params::<T>::get().check().is_ok(), "the parameters are out of their bounds");
			for (who, account) in QuotaAccounts::<T>::iter() {
				ensure!(!account.frozen.is_zero(), "a quota record with nothing frozen");
				ensure!(account.unfreezing <= account.frozen, "more unfreezing than frozen");
				ensure!(
					T::Currency::balance_on_hold(&HoldReason::Quota.into(), &who) == account.frozen,
					"a quota record and its hold differ"
				);
			}
			Ok(())
		}
	}
}
