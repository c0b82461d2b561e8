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
mod impl_candidacy;
mod impl_credit;
mod impl_session;
#[cfg(any(feature = "try-runtime", test))]
mod impl_try_state;
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
	use alloc::{boxed::Box, vec::Vec};
	use frame_support::{
		pallet_prelude::*,
		storage::StorageValue as StoredValue,
		traits::{
			fungible::{self, Inspect, InspectHold, Mutate, MutateHold},
			tokens::Precision,
			Contains, OnUnbalanced, ValidatorRegistration,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Saturating;

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
		///
		/// Errors: `BadOrigin`, `Invulnerable`, `BondTooLow`, `NoSessionKeys`, `NoProxyKey`,
		/// `AlreadyCandidate` (also while leaving, until withdrawn), `TooManyCandidates`,
		/// `InsufficientBalance` (the bond cannot be held).
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
		///
		/// Errors: `BadOrigin`, `NotCandidate`, `Leaving`, `InsufficientBalance` (the amount cannot
		/// be held).
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
		///
		/// Errors: `BadOrigin`, `NotCandidate`, `Leaving` (it left already).
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
		///
		/// Errors: `BadOrigin`, `NotCandidate`, `NotLeaving`, `StillUnbonding`, `StillSeated`.
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
		///
		/// Errors: `BadOrigin`, `InvalidProof`, `NotCandidate` (the offender is no candidate: an
		/// invulnerable, or one that withdrew), `AlreadyReported`.
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
		///
		/// Errors: `BadOrigin` (not `UpdateOrigin`), `TooManyInvulnerables` (more than the seats,
		/// or than `MaxInvulnerables`), `NoSessionKeys`, `AlreadyCandidate`.
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
}
