//! # Committee pallet
//!
//! CPChain's collator committee: elected by credit and luck, serving terms, losing credit and
//! seats for downtime and malice.
//!
//! ## Overview
//!
//! Candidates bond CPC, register session keys (Aura) with the session pallet, and must have an
//! Umbral key published (they serve as re-encryption proxies of the data market). Every session
//! change closes the session's activity of each candidate into a sliding window of sessions and
//! computes its credit: a weighted mean of rank scores for stake, activity, data contribution,
//! proxy service and availability, scaled by the last session's availability, less penalties.
//! The inputs arrive through hooks the runtime wires to the other pallets (blocks authored,
//! fees paid, valid and invalid capsule fragments, records removed, sales) and a count of the
//! records each account holds; this pallet reads no other pallet's storage.
//!
//! ## What credit costs
//!
//! Credit is rank-based, so whatever raises one candidate's input pushes the others down: an
//! input that can be manufactured cheaply buys seats. Accounts are free to make, so anything
//! between accounts one party controls (a second account buying its own data, granting to
//! itself, naming itself proxy) must be assumed fake. Each input therefore counts only what
//! costs its candidate something it cannot get back, or serves someone it does not control,
//! and each session adds at most a cap ([`ActivityCaps`]) to it, so spending past what honest
//! service reaches anyway gains nothing:
//!
//! - **stake**: the bond, held and slashable.
//! - **activity**: transaction fees the candidate's account paid that no one gets back
//!   (burnt, or the treasury's share), as the runtime reports them ([`Pallet::note_fees`]).
//!   A transaction count would not do: `system.remark` raises a nonce for the price of a
//!   fee the author may hand back.
//! - **data**: records held through a whole session (the fewest the candidate held at any
//!   time in it, from [`RecordHoldings`]), so a register-and-remove loop with a refundable
//!   deposit counts nothing, and a record counts only while its deposit stays locked; and the
//!   proxy fees the candidate's sales paid to proxies other than itself and the buyer: the
//!   price of a purchase from itself comes back to it, the fee paid to others does not.
//! - **proxy**: valid capsule fragments delivered for grants where the candidate is neither
//!   the data's owner nor the buyer.
//! - **availability**: blocks authored against slots expected.
//!
//! A farmer with second accounts can still reach the caps by paying fees and proxy fees; an
//! honest candidate reaches them by serving, and keeps the CPC the farmer spent as bond. The
//! simulation (`simulation.rs`) runs a farmer spending the same CPC as an honest candidate.
//!
//! Every term (a number of sessions) a committee is drawn: invulnerables first, then the seats
//! left by weighted random sampling without replacement over the candidates with enough credit,
//! a share of them from the lower-credit half. The lucky value of a candidate is
//! `H(randomness ‖ account)`. The candidates and credits a draw uses are a snapshot taken one
//! session before the draw, and the draw waits for a random value newer than the one current at
//! the snapshot, so nothing a candidate does once the value is known changes its odds:
//! registering, bonding, leaving or being penalised after the snapshot only counts for the next
//! draw, and a drawn candidate that is no longer eligible leaves its seat empty rather than
//! passing it on. Between elections, a member whose credit falls below the threshold (or that
//! leaves) is removed at the next session change, and empty seats are refilled by a draw.
//!
//! The pallet is the session pallet's `SessionManager`: the committee is the collator (Aura
//! authority) set. Like any session manager, a set decided at a session change starts one
//! session later.
//!
//! ## Terminology
//!
//! - **Candidate**: a bonded account standing for election; it also serves as a proxy.
//! - **Credit**: 0..=1000, what a candidate's chance of a seat is proportional to.
//! - **Window**: the sessions a credit looks back over.
//! - **Term**: the sessions between elections.
//! - **Snapshot**: the candidates and credits the next draw uses.
//! - **Seat**: a place in the committee; invulnerables hold theirs for good.
//! - **Lucky value**: `H(randomness ‖ account)`, the candidate's draw.
//!
//! ## Calls
//!
//! - [`Pallet::register_candidate`], [`Pallet::bond_extra`], [`Pallet::leave`],
//!   [`Pallet::withdraw`]: candidacy.
//! - [`Pallet::report_equivocation`]: anyone, with a proof of two blocks in one slot.
//! - [`Pallet::set_invulnerables`]: governance. The parameters are the committee's section of
//!   CPChain's parameters ([`Config::Parameters`]), set one at a time under referenda, within
//!   the bounds this pallet checks ([`Parameters::check`], [`ParameterLimits`]).
//!
//! The runtime API ([`runtime_api::CommitteeApi`]) gives a candidate's credit with its
//! components, the committee, and the next election.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod credit;
pub mod election;
#[cfg(test)]
mod mock;
mod parameters;
pub mod runtime_api;
#[cfg(test)]
mod simulation;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::committee";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{
		boxed::Box,
		collections::{btree_map::BTreeMap, btree_set::BTreeSet},
		vec::Vec,
	};
	use credit::CreditInput;
	use frame_support::{
		pallet_prelude::*,
		storage::StorageValue as StoredValue,
		traits::{
			fungible::{self, Inspect, InspectHold, Mutate, MutateHold},
			tokens::{imbalance::Imbalance, Precision},
			Contains, EstimateNextSessionRotation, OnUnbalanced, ValidatorRegistration,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{Saturating, Zero},
		Perbill,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// The balance type of the currency bonds are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A candidate as this runtime stores it.
	pub type CandidateOf<T> = Candidate<BalanceOf<T>, BlockNumberFor<T>>;
	/// The parameters as this runtime stores them.
	pub type ParametersOf<T> = Parameters<BalanceOf<T>>;
	/// The snapshot as this runtime stores it.
	pub type SnapshotOf<T> =
		Snapshot<<T as frame_system::Config>::AccountId, <T as Config>::MaxCandidates>;
	/// A committee as this runtime stores it.
	pub type MembersOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxSeats>;
	/// What a slash takes out of the currency's supply.
	pub type SlashedCredit<T> =
		fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the committee.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency bonds are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ fungible::hold::Balanced<Self::AccountId>;
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;
		/// Where slashed bonds go.
		type Slashed: OnUnbalanced<SlashedCredit<Self>>;
		/// Whether an account has session keys registered.
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;
		/// Whether an account has an Umbral key published, to serve as a proxy.
		type ProxyKeys: Contains<Self::AccountId>;
		/// Records each account holds.
		type Records: RecordHoldings<Self::AccountId>;
		/// The current Aura slot, to know how many slots a session had.
		type CurrentSlot: Get<u64>;
		/// The random value elections draw with.
		type Randomness: ElectionRandomness;
		/// Checks equivocation reports.
		type Equivocation: EquivocationCheck<Self::AccountId>;
		/// Who may change the invulnerables.
		type UpdateOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Where the parameters are stored, as governance has set them: the committee's section
		/// of CPChain's parameters, which this pallet's
		/// [`Section`](cpchain_primitives::parameters::Section) implementation bounds. The
		/// pallet only reads it (its benchmarks and tests write it).
		type Parameters: StoredValue<ParametersOf<Self>, Query = ParametersOf<Self>>;
		/// The parameters a chain starts with when its genesis names none.
		type DefaultParameters: Get<ParametersOf<Self>>;
		/// The highest least bond governance may set.
		#[pallet::constant]
		type MaxMinBond: Get<BalanceOf<Self>>;
		/// Blocks between leaving and getting the bond back.
		#[pallet::constant]
		type UnbondingDelay: Get<BlockNumberFor<Self>>;
		/// The most candidates at once.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;
		/// The most seats.
		#[pallet::constant]
		type MaxSeats: Get<u32>;
		/// The most invulnerables.
		#[pallet::constant]
		type MaxInvulnerables: Get<u32>;
		/// The longest window, in sessions.
		#[pallet::constant]
		type MaxWindow: Get<u32>;
		/// Weights of the calls and session changes.
		type WeightInfo: WeightInfo;
		/// Sets up what benchmarks need from the rest of the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self>;
	}

	/// Why funds are held.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A candidate's bond.
		CandidacyBond,
	}

	/// Candidates, active and leaving.
	#[pallet::storage]
	pub type Candidates<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CandidateOf<T>>;

	/// Active candidates, sorted: the ones drawn from, and the proxy set.
	#[pallet::storage]
	pub type CandidateList<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxCandidates>, ValueQuery>;

	/// Closed sessions' activity of each candidate, kept while in its window (absent if none).
	#[pallet::storage]
	pub type Past<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SessionIndex,
		Blake2_128Concat,
		T::AccountId,
		Tally<BalanceOf<T>>,
	>;

	/// Members for good, sorted; they hold seats without candidacy or credit.
	#[pallet::storage]
	pub type Invulnerables<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxInvulnerables>, ValueQuery>;

	/// The committee serving this session.
	#[pallet::storage]
	pub type Members<T: Config> = StorageValue<_, MembersOf<T>, ValueQuery>;

	/// The committee decided for the next session.
	#[pallet::storage]
	pub type Queued<T: Config> = StorageValue<_, MembersOf<T>, ValueQuery>;

	/// The session under way.
	#[pallet::storage]
	pub type CurrentSession<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	/// The block the session under way began at.
	#[pallet::storage]
	pub type SessionStartBlock<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The Aura slot the session under way began in.
	#[pallet::storage]
	pub type SessionStartSlot<T: Config> = StorageValue<_, u64>;

	/// The input of the next draw.
	#[pallet::storage]
	pub type ElectionSnapshot<T: Config> = StorageValue<_, SnapshotOf<T>>;

	/// The session the next elected committee serves from.
	#[pallet::storage]
	pub type NextElection<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Members for good.
		pub invulnerables: Vec<T::AccountId>,
		/// Candidates bonded from the start, with their bonds (keys are not checked here).
		pub candidates: Vec<(T::AccountId, BalanceOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut invulnerables = self.invulnerables.clone();
			invulnerables.sort();
			invulnerables.dedup();
			Invulnerables::<T>::put(
				BoundedVec::try_from(invulnerables).expect("too many genesis invulnerables"),
			);
			for (who, bond) in &self.candidates {
				Pallet::<T>::add_candidate(who, *bond).expect("genesis candidate cannot bond");
			}
			NextElection::<T>::put(T::Parameters::get().term);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A candidate registered with its bond.
		CandidateRegistered {
			/// The candidate.
			who: T::AccountId,
			/// Its bond.
			bond: BalanceOf<T>,
		},
		/// A candidate bonded more.
		BondIncreased {
			/// The candidate.
			who: T::AccountId,
			/// Its bond now.
			bond: BalanceOf<T>,
		},
		/// A candidate left; its bond is released after the unbonding delay.
		CandidateLeft {
			/// The candidate.
			who: T::AccountId,
			/// When it may withdraw.
			unbonds_at: BlockNumberFor<T>,
		},
		/// A former candidate took its bond back.
		BondWithdrawn {
			/// The former candidate.
			who: T::AccountId,
			/// What was released.
			amount: BalanceOf<T>,
		},
		/// A proxy delivered an invalid capsule fragment.
		Penalised {
			/// The candidate.
			who: T::AccountId,
			/// Its credit now.
			credit: u32,
			/// Taken from its bond.
			slashed: BalanceOf<T>,
		},
		/// A candidate authored two blocks in one slot: its credit is zero for the window.
		Equivocated {
			/// The candidate.
			who: T::AccountId,
			/// The slot.
			slot: u64,
			/// Taken from its bond.
			slashed: BalanceOf<T>,
		},
		/// A committee was elected.
		CommitteeElected {
			/// The session it serves from.
			serves_from: SessionIndex,
			/// Its members, invulnerables first.
			members: Vec<T::AccountId>,
		},
		/// An election waits for a random value newer than its snapshot.
		ElectionPostponed {
			/// The session it would have served from.
			serves_from: SessionIndex,
		},
		/// A member lost its seat (credit below the threshold, or it left).
		MemberRemoved {
			/// The former member.
			who: T::AccountId,
			/// The session it is gone from.
			from: SessionIndex,
		},
		/// Empty seats were refilled by a draw.
		SeatsRefilled {
			/// The session the new members serve from.
			serves_from: SessionIndex,
			/// The new members.
			added: Vec<T::AccountId>,
		},
		/// Governance set the invulnerables.
		InvulnerablesSet {
			/// The invulnerables, sorted.
			invulnerables: Vec<T::AccountId>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is a candidate already.
		AlreadyCandidate,
		/// The account is not a candidate.
		NotCandidate,
		/// Invulnerables hold their seats without candidacy.
		Invulnerable,
		/// The candidate list is full.
		TooManyCandidates,
		/// The bond is below the minimum.
		BondTooLow,
		/// The account cannot hold that much.
		InsufficientBalance,
		/// Register session keys (session.setKeys) first.
		NoSessionKeys,
		/// Publish an Umbral key first (the data registry's).
		NoProxyKey,
		/// The candidate is leaving.
		Leaving,
		/// The candidate has not left.
		NotLeaving,
		/// The unbonding delay has not passed.
		StillUnbonding,
		/// The account still holds a seat, now or next session.
		StillSeated,
		/// The equivocation proof does not hold.
		InvalidProof,
		/// That equivocation, or a later one, was reported already.
		AlreadyReported,
		/// Every credit weight is zero, or one is above `MAX_CREDIT_WEIGHT`.
		BadCreditWeights,
		/// A session shorter than two blocks or longer than `MAX_SESSION_LENGTH`.
		BadSessionLength,
		/// The window is zero or longer than the pallet keeps.
		BadWindow,
		/// The term is zero or longer than `MAX_TERM`.
		BadTerm,
		/// No seats, or more than the pallet keeps.
		BadSeats,
		/// A credit threshold or penalty above 1000.
		BadScore,
		/// More invulnerables than the pallet keeps, or more than the seats.
		TooManyInvulnerables,
		/// A least bond of zero or above `MaxMinBond`.
		BadMinBond,
		/// More low-credit seats than `MAX_LOW_CREDIT_SEATS`.
		BadLowCreditSeats,
		/// A slash above `MAX_INVALID_CFRAG_SLASH` or `MAX_EQUIVOCATION_SLASH`.
		BadSlash,
		/// An activity cap of zero.
		BadCaps,
	}

	impl<T> From<ParameterError> for Error<T> {
		fn from(error: ParameterError) -> Self {
			match error {
				ParameterError::Weights => Error::BadCreditWeights,
				ParameterError::SessionLength => Error::BadSessionLength,
				ParameterError::Window => Error::BadWindow,
				ParameterError::Term => Error::BadTerm,
				ParameterError::Seats => Error::BadSeats,
				ParameterError::Score => Error::BadScore,
				ParameterError::MinBond => Error::BadMinBond,
				ParameterError::LowCreditSeats => Error::BadLowCreditSeats,
				ParameterError::Slash => Error::BadSlash,
				ParameterError::Caps => Error::BadCaps,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Accounts for [`Pallet::note_author`], which the authorship pallet calls without
		/// weight of its own.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			T::WeightInfo::note_author()
		}

		fn integrity_test() {
			// A chain whose genesis names no committee parameters starts within the bounds.
			assert!(
				T::DefaultParameters::get().check(&Self::limits()).is_ok(),
				"the default committee parameters are out of bounds"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Stands for election with `bond` held. Needs session keys and a published Umbral key.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_candidate(T::MaxCandidates::get()))]
		pub fn register_candidate(origin: OriginFor<T>, bond: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Invulnerables::<T>::get().contains(&who), Error::<T>::Invulnerable);
			ensure!(bond >= T::Parameters::get().min_bond, Error::<T>::BondTooLow);
			ensure!(T::ValidatorRegistration::is_registered(&who), Error::<T>::NoSessionKeys);
			ensure!(T::ProxyKeys::contains(&who), Error::<T>::NoProxyKey);
			Self::add_candidate(&who, bond)?;
			Self::deposit_event(Event::CandidateRegistered { who, bond });
			Ok(())
		}

		/// Adds `amount` to the caller's bond.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bond_extra())]
		pub fn bond_extra(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut candidate = Candidates::<T>::get(&who).ok_or(Error::<T>::NotCandidate)?;
			ensure!(candidate.status == Status::Active, Error::<T>::Leaving);
			Self::hold(&who, amount)?;
			candidate.bond.saturating_accrue(amount);
			let bond = candidate.bond;
			Candidates::<T>::insert(&who, candidate);
			Self::deposit_event(Event::BondIncreased { who, bond });
			Ok(())
		}

		/// Stops standing for election and serving as a proxy. A member keeps its seat until
		/// the next session change; the bond stays held (and slashable) for the unbonding
		/// delay.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::leave(T::MaxCandidates::get()))]
		pub fn leave(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut candidate = Candidates::<T>::get(&who).ok_or(Error::<T>::NotCandidate)?;
			ensure!(candidate.status == Status::Active, Error::<T>::Leaving);
			let unbonds_at =
				frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingDelay::get());
			candidate.status = Status::Leaving { unbonds_at };
			Candidates::<T>::insert(&who, candidate);
			CandidateList::<T>::mutate(|list| {
				if let Ok(at) = list.binary_search(&who) {
					list.remove(at);
				}
			});
			Self::deposit_event(Event::CandidateLeft { who, unbonds_at });
			Ok(())
		}

		/// Releases the bond of a candidate that left, once the unbonding delay has passed and
		/// it holds no seat.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw(T::MaxWindow::get()))]
		pub fn withdraw(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let candidate = Candidates::<T>::get(&who).ok_or(Error::<T>::NotCandidate)?;
			let Status::Leaving { unbonds_at } = candidate.status else {
				return Err(Error::<T>::NotLeaving.into());
			};
			ensure!(
				frame_system::Pallet::<T>::block_number() >= unbonds_at,
				Error::<T>::StillUnbonding
			);
			ensure!(
				!Members::<T>::get().contains(&who) && !Queued::<T>::get().contains(&who),
				Error::<T>::StillSeated
			);
			let sessions = Self::clear_past(&who, &candidate);
			let amount = T::Currency::release_all(
				&HoldReason::CandidacyBond.into(),
				&who,
				Precision::BestEffort,
			)?;
			Candidates::<T>::remove(&who);
			Self::deposit_event(Event::BondWithdrawn { who, amount });
			Ok(Some(T::WeightInfo::withdraw(sessions)).into())
		}

		/// Reports two blocks authored in one slot by a candidate: its credit is zero for the
		/// window and part of its bond is slashed. Free for a valid report.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::report_equivocation())]
		pub fn report_equivocation(
			origin: OriginFor<T>,
			proof: Box<<T::Equivocation as EquivocationCheck<T::AccountId>>::Proof>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (who, slot) = T::Equivocation::check(&proof).ok_or(Error::<T>::InvalidProof)?;
			let mut candidate = Candidates::<T>::get(&who).ok_or(Error::<T>::NotCandidate)?;
			ensure!(
				candidate.equivocation.is_none_or(|(_, reported)| reported < slot),
				Error::<T>::AlreadyReported
			);
			candidate.equivocation = Some((CurrentSession::<T>::get(), slot));
			candidate.credit.equivocated = true;
			candidate.credit.total = 0;
			let slashed =
				Self::slash(&who, &mut candidate, T::Parameters::get().equivocation_slash);
			Candidates::<T>::insert(&who, candidate);
			Self::deposit_event(Event::Equivocated { who, slot, slashed });
			Ok(Pays::No.into())
		}

		/// Sets the invulnerables. Each needs session keys and may not be a candidate; they
		/// take their seats at the next session change.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_invulnerables(invulnerables.len() as u32))]
		pub fn set_invulnerables(
			origin: OriginFor<T>,
			invulnerables: Vec<T::AccountId>,
		) -> DispatchResult {
			T::UpdateOrigin::ensure_origin(origin)?;
			let mut invulnerables = invulnerables;
			invulnerables.sort();
			invulnerables.dedup();
			ensure!(
				invulnerables.len() as u32 <= T::Parameters::get().seats,
				Error::<T>::TooManyInvulnerables
			);
			for who in &invulnerables {
				ensure!(T::ValidatorRegistration::is_registered(who), Error::<T>::NoSessionKeys);
				ensure!(!Candidates::<T>::contains_key(who), Error::<T>::AlreadyCandidate);
			}
			let bounded = BoundedVec::try_from(invulnerables.clone())
				.map_err(|_| Error::<T>::TooManyInvulnerables)?;
			Invulnerables::<T>::put(bounded);
			Self::deposit_event(Event::InvulnerablesSet { invulnerables });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Holds the bond and adds an active candidate.
		pub(crate) fn add_candidate(who: &T::AccountId, bond: BalanceOf<T>) -> DispatchResult {
			ensure!(!Candidates::<T>::contains_key(who), Error::<T>::AlreadyCandidate);
			let mut list = CandidateList::<T>::get();
			let at = list.binary_search(who).err().ok_or(Error::<T>::AlreadyCandidate)?;
			list.try_insert(at, who.clone()).map_err(|_| Error::<T>::TooManyCandidates)?;
			Self::hold(who, bond)?;
			let session = CurrentSession::<T>::get();
			Candidates::<T>::insert(
				who,
				Candidate {
					bond,
					status: Status::Active,
					joined: session,
					current: Tally::default(),
					window: Tally::default(),
					window_start: session,
					records_low: 0,
					recent_availability: Perbill::one(),
					equivocation: None,
					credit: Credit::default(),
				},
			);
			CandidateList::<T>::put(list);
			Ok(())
		}

		fn hold(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			T::Currency::hold(&HoldReason::CandidacyBond.into(), who, amount)
				.map_err(|_| Error::<T>::InsufficientBalance.into())
		}

		/// Slashes `fraction` of the bond; returns what was taken.
		fn slash(
			who: &T::AccountId,
			candidate: &mut CandidateOf<T>,
			fraction: Perbill,
		) -> BalanceOf<T> {
			let amount = fraction.mul_floor(candidate.bond);
			if amount.is_zero() {
				return amount;
			}
			let (credit, _) = <T::Currency as fungible::hold::Balanced<T::AccountId>>::slash(
				&HoldReason::CandidacyBond.into(),
				who,
				amount,
			);
			let slashed = credit.peek();
			T::Slashed::on_unbalanced(credit);
			candidate.bond.saturating_reduce(slashed);
			slashed
		}

		/// Removes the closed sessions' tallies a candidate still has; returns how many
		/// sessions were looked at.
		fn clear_past(who: &T::AccountId, candidate: &CandidateOf<T>) -> u32 {
			// Tallies are kept from `window_start` on, for less than a window, and no later
			// than the session it left in.
			let start = candidate.window_start;
			let sessions =
				CurrentSession::<T>::get().saturating_sub(start).min(T::MaxWindow::get());
			for session in start..start.saturating_add(sessions) {
				Past::<T>::remove(session, who);
			}
			sessions
		}

		/// Runs `f` on an active or leaving candidate's record, if `who` is one.
		fn with_candidate(who: &T::AccountId, f: impl FnOnce(&mut CandidateOf<T>)) {
			Candidates::<T>::mutate(who, |candidate| {
				if let Some(candidate) = candidate {
					f(candidate)
				}
			});
		}

		/// A block authored by `author`.
		pub fn note_author(author: &T::AccountId) {
			Self::with_candidate(author, |c| c.current.authored.saturating_inc());
		}

		/// `amount` of transaction fees paid by `who` that no one gets back. Called for every
		/// transaction, after its weight was accounted: the block is charged for it here.
		pub fn note_fees(who: &T::AccountId, amount: BalanceOf<T>) {
			frame_system::Pallet::<T>::register_extra_weight_unchecked(
				T::WeightInfo::note_fees(),
				DispatchClass::Mandatory,
			);
			Self::with_candidate(who, |c| c.current.fees = c.current.fees.saturating_add(amount));
		}

		/// A valid capsule fragment delivered by `proxy` for `owner`'s data to `buyer`; it
		/// counts only as service to others.
		pub fn note_cfrag_accepted(
			proxy: &T::AccountId,
			owner: &T::AccountId,
			buyer: &T::AccountId,
		) {
			if serves_others(proxy, owner, buyer) {
				Self::with_candidate(proxy, |c| c.current.cfrags.saturating_inc());
			}
		}

		/// One of `owner`'s records was removed: the records it held through the session are
		/// at most what it holds now.
		pub fn note_record_removed(owner: &T::AccountId) {
			let held = T::Records::records_held(owner);
			Self::with_candidate(owner, |c| c.records_low = c.records_low.min(held));
		}

		/// A part of `owner`'s data bought by `buyer` was paid for, `to_each_proxy` going to
		/// each of `proxies`: what went to proxies other than the owner and the buyer counts.
		pub fn note_sale(
			owner: &T::AccountId,
			buyer: &T::AccountId,
			proxies: &[T::AccountId],
			to_each_proxy: BalanceOf<T>,
		) {
			let others = proxies.iter().filter(|proxy| serves_others(*proxy, owner, buyer)).count();
			let paid = to_each_proxy.saturating_mul((others as u32).into());
			if !paid.is_zero() {
				Self::with_candidate(owner, |c| {
					c.current.sold = c.current.sold.saturating_add(paid)
				});
			}
		}

		/// An invalid capsule fragment from `proxy`: credit lost at once, part of the bond
		/// slashed.
		pub fn note_cfrag_rejected(proxy: &T::AccountId) {
			let Some(mut candidate) = Candidates::<T>::get(proxy) else { return };
			let parameters = T::Parameters::get();
			candidate.current.invalid_cfrags.saturating_inc();
			candidate.credit.penalty = candidate
				.credit
				.penalty
				.saturating_add(parameters.invalid_cfrag_penalty)
				.min(MAX_SCORE);
			candidate.credit.total =
				candidate.credit.total.saturating_sub(parameters.invalid_cfrag_penalty);
			let slashed = Self::slash(proxy, &mut candidate, parameters.invalid_cfrag_slash);
			let credit = candidate.credit.total;
			Candidates::<T>::insert(proxy, candidate);
			Self::deposit_event(Event::Penalised { who: proxy.clone(), credit, slashed });
		}

		/// Whether `who` may sit now: active, bonded enough, with keys and enough credit.
		fn eligible(
			candidate: &CandidateOf<T>,
			who: &T::AccountId,
			parameters: &ParametersOf<T>,
		) -> bool {
			candidate.status == Status::Active
				&& candidate.bond >= parameters.min_bond
				&& candidate.credit.total >= parameters.min_credit
				&& T::ValidatorRegistration::is_registered(who)
		}

		/// Closes session `closed` for every active candidate and computes their credits;
		/// returns the candidates with their credits and eligibility, in list order.
		fn close_session(
			closed: SessionIndex,
			parameters: &ParametersOf<T>,
		) -> Vec<(T::AccountId, u32, bool)> {
			let list = CandidateList::<T>::get();
			let mut records = Vec::with_capacity(list.len());
			let mut inputs = Vec::with_capacity(list.len());
			for who in list {
				let Some(mut candidate) = Candidates::<T>::get(&who) else {
					log::error!(target: LOG_TARGET, "listed candidate {who:?} has no record");
					continue;
				};
				Self::close_tally(&who, &mut candidate, closed, parameters);
				let equivocated = candidate
					.equivocation
					.is_some_and(|(session, _)| session.saturating_add(parameters.window) > closed);
				inputs.push(CreditInput {
					bond: candidate.bond,
					window: candidate.window,
					recent_availability: candidate.recent_availability,
					equivocated,
				});
				records.push((who, candidate));
			}
			let credits =
				credit::credits(&inputs, &parameters.weights, parameters.invalid_cfrag_penalty);
			records
				.into_iter()
				.zip(credits)
				.map(|((who, mut candidate), credit)| {
					candidate.credit = credit;
					let eligible = Self::eligible(&candidate, &who, parameters);
					Candidates::<T>::insert(&who, candidate);
					(who, credit.total, eligible)
				})
				.collect()
		}

		/// Moves a candidate's current tally, capped, into its window and drops sessions that
		/// left it.
		fn close_tally(
			who: &T::AccountId,
			candidate: &mut CandidateOf<T>,
			closed: SessionIndex,
			parameters: &ParametersOf<T>,
		) {
			let window = parameters.window;
			// Records held through the session: the fewest at any time in it.
			let held = T::Records::records_held(who);
			candidate.current.records = candidate.records_low.min(held);
			candidate.records_low = held;
			candidate.recent_availability =
				credit::availability_ratio(candidate.current.authored, candidate.current.expected);
			let current = core::mem::take(&mut candidate.current).capped(&parameters.caps);
			candidate.window.add(&current);
			if !current.is_empty() {
				Past::<T>::insert(closed, who, current);
			}
			// At most MaxWindow sessions are dropped at once (after the window shrank).
			for _ in 0..T::MaxWindow::get() {
				if candidate.window_start.saturating_add(window) > closed {
					break;
				}
				if let Some(old) = Past::<T>::take(candidate.window_start, who) {
					candidate.window.subtract(&old);
				}
				candidate.window_start.saturating_inc();
			}
		}

		/// Credits the slots each candidate in the committee was expected to author this
		/// session.
		fn note_expected_slots() {
			let members = Members::<T>::get();
			// The genesis session's first slot is not known.
			let Some(start) = SessionStartSlot::<T>::get() else { return };
			if members.is_empty() {
				return;
			}
			let slots = T::CurrentSlot::get().saturating_sub(start);
			let expected: u32 = (slots / members.len() as u64).try_into().unwrap_or(u32::MAX);
			for who in members.iter() {
				Self::with_candidate(who, |c| c.current.expected.saturating_accrue(expected));
			}
		}

		/// Decides the committee of session `serves_from`: an election if one is due, else the
		/// queued committee less the members no longer eligible, refilled by a draw.
		fn plan(serves_from: SessionIndex) -> Option<Vec<T::AccountId>> {
			let parameters = T::Parameters::get();
			let closed = serves_from.saturating_sub(2);
			let candidates = Self::close_session(closed, &parameters);
			let eligible: BTreeSet<T::AccountId> = candidates
				.iter()
				.filter(|(_, _, eligible)| *eligible)
				.map(|(who, _, _)| who.clone())
				.collect();
			let randomness = T::Randomness::random_value();
			// A draw needs a value no one knew when its snapshot was taken.
			let draw = match (randomness, ElectionSnapshot::<T>::get()) {
				(Some(value), Some(snapshot)) if snapshot.seen.as_ref() != Some(&value) => {
					Some((value, snapshot))
				}
				_ => None,
			};
			let invulnerables = Invulnerables::<T>::get().into_inner();
			let due = serves_from >= NextElection::<T>::get();

			let members = match draw {
				Some((value, snapshot)) if due => Self::elect_committee(
					serves_from,
					&parameters,
					invulnerables,
					&value,
					snapshot,
					&eligible,
				),
				draw => {
					if due {
						Self::deposit_event(Event::ElectionPostponed { serves_from });
					}
					let credits: BTreeMap<T::AccountId, u32> =
						candidates.iter().map(|(who, credit, _)| (who.clone(), *credit)).collect();
					let members = Self::keep_eligible(
						serves_from,
						&parameters,
						invulnerables,
						&credits,
						&eligible,
					);
					match draw {
						Some((value, snapshot)) => Self::refill(
							serves_from,
							&parameters,
							members,
							&value,
							snapshot,
							&eligible,
						),
						None => members,
					}
				}
			};
			Self::take_snapshot(serves_from, candidates, randomness);
			Self::queue(members)
		}

		/// The term's election: invulnerables, then the snapshot's draw. A drawn candidate no
		/// longer eligible leaves its seat empty, so nothing done after the draw is known can
		/// pass a seat on.
		fn elect_committee(
			serves_from: SessionIndex,
			parameters: &ParametersOf<T>,
			invulnerables: Vec<T::AccountId>,
			randomness: &[u8; 32],
			snapshot: SnapshotOf<T>,
			eligible: &BTreeSet<T::AccountId>,
		) -> Vec<T::AccountId> {
			let seats = parameters.seats.saturating_sub(invulnerables.len() as u32);
			let drawn =
				election::elect(randomness, &snapshot.credits, seats, parameters.low_credit_seats);
			let mut members = invulnerables;
			members.extend(drawn.into_iter().filter(|who| eligible.contains(who)));
			NextElection::<T>::put(serves_from.saturating_add(parameters.term));
			Self::deposit_event(Event::CommitteeElected { serves_from, members: members.clone() });
			members
		}

		/// Between elections: invulnerables, then the queued members still eligible, highest
		/// credit first while seats last; the others are removed.
		fn keep_eligible(
			serves_from: SessionIndex,
			parameters: &ParametersOf<T>,
			invulnerables: Vec<T::AccountId>,
			credits: &BTreeMap<T::AccountId, u32>,
			eligible: &BTreeSet<T::AccountId>,
		) -> Vec<T::AccountId> {
			let mut kept: Vec<(T::AccountId, u32)> = Queued::<T>::get()
				.into_iter()
				.filter(|who| !invulnerables.contains(who))
				.map(|who| {
					let credit = credits.get(&who).copied().unwrap_or_default();
					(who, credit)
				})
				.collect();
			// Seats may have shrunk, or invulnerables grown: the lowest credits go.
			kept.sort_by_key(|(_, credit)| core::cmp::Reverse(*credit));
			let mut members = invulnerables;
			for (who, _) in kept {
				if eligible.contains(&who) && members.len() < parameters.seats as usize {
					members.push(who);
				} else {
					Self::deposit_event(Event::MemberRemoved { who, from: serves_from });
				}
			}
			members
		}

		/// Fills the seats `members` leaves empty by a draw from the snapshot, skipping those
		/// already seated and (leaving the seat empty) those no longer eligible.
		fn refill(
			serves_from: SessionIndex,
			parameters: &ParametersOf<T>,
			mut members: Vec<T::AccountId>,
			randomness: &[u8; 32],
			snapshot: SnapshotOf<T>,
			eligible: &BTreeSet<T::AccountId>,
		) -> Vec<T::AccountId> {
			let empty = (parameters.seats as usize).saturating_sub(members.len());
			if empty == 0 {
				return members;
			}
			let pool: Vec<_> =
				snapshot.credits.into_iter().filter(|(who, _)| !members.contains(who)).collect();
			let added: Vec<_> = election::draw_order(randomness, &pool)
				.into_iter()
				.take(empty)
				.filter(|who| eligible.contains(who))
				.collect();
			if !added.is_empty() {
				members.extend(added.iter().cloned());
				Self::deposit_event(Event::SeatsRefilled { serves_from, added });
			}
			members
		}

		/// Fixes the input of the next draw: the eligible candidates' credits and the random
		/// value current now.
		fn take_snapshot(
			session: SessionIndex,
			candidates: Vec<(T::AccountId, u32, bool)>,
			seen: Option<[u8; 32]>,
		) {
			let credits: Vec<_> = candidates
				.into_iter()
				.filter(|(_, _, eligible)| *eligible)
				.map(|(who, credit, _)| (who, credit))
				.collect();
			// The list is bounded by MaxCandidates, so the snapshot always fits.
			let credits = BoundedVec::truncate_from(credits);
			ElectionSnapshot::<T>::put(Snapshot { session, seen, credits });
		}

		/// Queues `members` for the next session; an empty committee would halt the chain, so
		/// the queued one stays instead.
		fn queue(members: Vec<T::AccountId>) -> Option<Vec<T::AccountId>> {
			if members.is_empty() {
				log::warn!(target: LOG_TARGET, "no one to seat: the committee stays");
				return None;
			}
			let bounded = MembersOf::<T>::truncate_from(members);
			Queued::<T>::put(&bounded);
			Some(bounded.into_inner())
		}

		/// The block the session under way ends at.
		fn next_session_change() -> BlockNumberFor<T> {
			SessionStartBlock::<T>::get().saturating_add(T::Parameters::get().session_length.into())
		}

		/// The committee a chain starts with: invulnerables, then genesis candidates.
		fn genesis_committee() -> Vec<T::AccountId> {
			let seats = T::Parameters::get().seats as usize;
			let mut members = Invulnerables::<T>::get().into_inner();
			members.extend(CandidateList::<T>::get());
			members.truncate(seats);
			members
		}

		/// The session change the draw for `serves_from` happens at, and its block estimate.
		pub fn election_info() -> ElectionInfo<BlockNumberFor<T>> {
			let serves_from = NextElection::<T>::get();
			let current = CurrentSession::<T>::get();
			let drawn_at = serves_from.saturating_sub(1).max(current.saturating_add(1));
			let now = frame_system::Pallet::<T>::block_number();
			let drawn_at_block =
				<Self as EstimateNextSessionRotation<_>>::estimate_next_session_rotation(now)
					.0
					.map(|next| {
						let more = drawn_at.saturating_sub(current).saturating_sub(1);
						next.saturating_add(
							<Self as EstimateNextSessionRotation<_>>::average_session_length()
								.saturating_mul(more.into()),
						)
					});
			ElectionInfo {
				serves_from,
				drawn_at,
				drawn_at_block,
				current_session: current,
				snapshot_candidates: ElectionSnapshot::<T>::get()
					.map_or(0, |snapshot| snapshot.credits.len() as u32),
			}
		}

		/// Checks the pallet's invariants.
		#[cfg(any(test, feature = "try-runtime"))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let parameters = T::Parameters::get();
			ensure!(parameters.check(&Self::limits()).is_ok(), "parameters out of bounds");
			let list = CandidateList::<T>::get();
			ensure!(list.windows(2).all(|pair| pair[0] < pair[1]), "candidate list not sorted");
			let invulnerables = Invulnerables::<T>::get();
			ensure!(
				invulnerables.windows(2).all(|pair| pair[0] < pair[1]),
				"invulnerables not sorted"
			);
			let current = CurrentSession::<T>::get();
			let mut active = 0usize;
			for (who, candidate) in Candidates::<T>::iter() {
				ensure!(!invulnerables.contains(&who), "an invulnerable is a candidate");
				let listed = list.binary_search(&who).is_ok();
				ensure!(listed == (candidate.status == Status::Active), "list and status disagree");
				active += usize::from(listed);
				ensure!(
					T::Currency::balance_on_hold(&HoldReason::CandidacyBond.into(), &who)
						== candidate.bond,
					"held bond differs from the record"
				);
				ensure!(candidate.credit.total <= MAX_SCORE, "credit above the top");
				let mut window = Tally::default();
				for session in candidate.window_start..current {
					if let Some(tally) = Past::<T>::get(session, &who) {
						window.add(&tally);
					}
				}
				ensure!(window == candidate.window, "window differs from the sessions kept");
			}
			ensure!(active == list.len(), "listed candidates without records");
			for (session, who, _) in Past::<T>::iter() {
				let candidate = Candidates::<T>::get(&who).ok_or("tally of a non-candidate")?;
				ensure!(
					session >= candidate.window_start && session < current,
					"tally outside its window"
				);
			}
			// A former invulnerable may sit until the next sets take over, so members are not
			// always candidates; but no one sits twice.
			for members in [Members::<T>::get(), Queued::<T>::get()] {
				let unique: BTreeSet<_> = members.iter().collect();
				ensure!(unique.len() == members.len(), "a member sits twice");
			}
			if let Some(snapshot) = ElectionSnapshot::<T>::get() {
				ensure!(
					snapshot.credits.iter().all(|(_, credit)| *credit <= MAX_SCORE),
					"snapshot credit above the top"
				);
			}
			Ok(())
		}

		/// What storage says each account has held: a candidate's bond, until withdrawn.
		/// `try_state` checks the holds against it; a whole-runtime check can also find holds
		/// that nothing explains.
		#[cfg(any(test, feature = "try-runtime"))]
		pub fn held_by_storage() -> Vec<(T::AccountId, HoldReason, BalanceOf<T>)> {
			Candidates::<T>::iter()
				.map(|(who, candidate)| (who, HoldReason::CandidacyBond, candidate.bond))
				.collect()
		}
	}

	/// Whether a proxy's work on `owner`'s data for `buyer` serves someone else: a proxy that
	/// is the owner or the buyer serves itself, and earns no credit for it.
	fn serves_others<AccountId: PartialEq>(
		proxy: &AccountId,
		owner: &AccountId,
		buyer: &AccountId,
	) -> bool {
		proxy != owner && proxy != buyer
	}

	impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
		fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
			log::debug!(target: LOG_TARGET, "planning session {new_index}");
			Self::plan(new_index)
		}

		fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
			let members = Self::genesis_committee();
			let bounded = MembersOf::<T>::truncate_from(members.clone());
			Members::<T>::put(&bounded);
			Queued::<T>::put(&bounded);
			Some(members)
		}

		fn end_session(_end_index: SessionIndex) {
			Self::note_expected_slots();
		}

		fn start_session(start_index: SessionIndex) {
			Members::<T>::put(Queued::<T>::get());
			CurrentSession::<T>::put(start_index);
			let now = frame_system::Pallet::<T>::block_number();
			SessionStartBlock::<T>::put(now);
			// At genesis there is no slot yet: the first session's is not known.
			if now.is_zero() {
				SessionStartSlot::<T>::kill();
			} else {
				SessionStartSlot::<T>::put(T::CurrentSlot::get());
			}
		}
	}

	impl<T: Config> pallet_session::ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
		fn should_end_session(now: BlockNumberFor<T>) -> bool {
			now >= Self::next_session_change()
		}
	}

	impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
		fn average_session_length() -> BlockNumberFor<T> {
			T::Parameters::get().session_length.into()
		}

		fn estimate_current_session_progress(
			now: BlockNumberFor<T>,
		) -> (Option<sp_runtime::Permill>, Weight) {
			let length = Self::average_session_length();
			let elapsed = now.saturating_sub(SessionStartBlock::<T>::get()).min(length);
			(Some(sp_runtime::Permill::from_rational(elapsed, length)), T::DbWeight::get().reads(2))
		}

		fn estimate_next_session_rotation(
			_now: BlockNumberFor<T>,
		) -> (Option<BlockNumberFor<T>>, Weight) {
			(Some(Self::next_session_change()), T::DbWeight::get().reads(2))
		}
	}

	impl<T: Config> frame_support::traits::SortedMembers<T::AccountId> for Pallet<T> {
		fn sorted_members() -> Vec<T::AccountId> {
			CandidateList::<T>::get().into_inner()
		}

		fn contains(who: &T::AccountId) -> bool {
			Candidates::<T>::get(who).is_some_and(|candidate| candidate.status == Status::Active)
		}

		fn count() -> usize {
			CandidateList::<T>::decode_len().unwrap_or(0)
		}

		/// A candidate with the least bond, minted for it, so that benchmarks of other pallets
		/// include the slash a penalty costs.
		#[cfg(feature = "runtime-benchmarks")]
		fn add(who: &T::AccountId) {
			let bond = T::Parameters::get().min_bond;
			let _ =
				T::Currency::mint_into(who, bond.saturating_add(T::Currency::minimum_balance()));
			let _ = Self::add_candidate(who, bond);
		}
	}
}
