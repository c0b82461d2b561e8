//! # CPChain governance origins
//!
//! The origins CPChain's referendum tracks dispatch with, beside root, and the pace of those
//! tracks.
//!
//! ## Overview
//!
//! OpenGov (`pallet-referenda` with conviction voting) decides a referendum on the track of
//! the origin it proposes: a root referendum on the root track, a treasury spend on a
//! spender's track. This pallet declares the origins that are neither root nor signed:
//!
//! - [`Origin::WhitelistedCaller`]: may dispatch a call the council whitelisted
//!   (`pallet-whitelist`); its track is short, since the council's 2/3 has vouched for the
//!   call, but the holders still decide.
//! - [`Origin::ParameterSetter`]: may set CPChain's parameters, each within its bounds.
//! - [`Origin::SmallSpender`] and [`Origin::BigSpender`]: may spend from the treasury, each up
//!   to its own limit ([`EnsureSpender`]).
//! - [`Origin::ReferendumCanceller`] and [`Origin::ReferendumKiller`]: may cancel (deposits
//!   returned) or kill (deposits slashed) a referendum.
//!
//! The runtime maps each origin to its track and to the `EnsureOrigin` its pallets ask for.
//!
//! **The pace.** A track's periods are written for a live chain (days to decide, hours to
//! confirm). A development chain must run a whole referendum in minutes, with the same code:
//! [`Pace`] divides every period of every track, and the vote locking period with them, so
//! their proportions, and the rule that a vote stays locked at least as long as the longest
//! enactment, hold at any pace. It is set at genesis only: 1 on the live and local chains.
//!
//! **The floor of support.** Referenda measure support against the CPC that can vote, but
//! never against less than [`SupportFloor`] of the issuance: early on, when most CPC is in
//! reserves, a handful of holders would otherwise make up the whole base. Set at genesis only.
//!
//! **The CPC that votes.** [`VotingCurrency`] is the currency conviction voting is given: an
//! account votes with its free CPC and the holds the runtime lists as kept ([`KeptOnHold`]),
//! never with CPC held for someone else (an escrow, fees owed to lenders), which would vote
//! again once paid ([`voting`]).
//!
//! **The treasury's paymaster.** [`PayKeepingAlive`] pays treasury spends without ever
//! taking the treasury's account below its existential deposit ([`treasury`]).
//!
//! **Deposits of a failed referendum.** A referendum the holders reject returns both its
//! deposits: the decision deposit through `pallet-referenda`, the submission deposit through
//! [`Pallet::refund_rejected_submission`]. One that times out without a decision deposit
//! keeps its submission deposit held, as upstream: it was never seconded.
//!
//! ## Terminology
//!
//! - *Track*: the rules a referendum is decided by (deposit, periods, approval and support
//!   curves), one per origin.
//! - *Pace*: how many times faster than written the tracks run.
//!
//! **The council's track.** The council fast-tracks a call by whitelisting it; it may also
//! withdraw: [`Pallet::cancel_fast_tracked`] cancels a referendum on its track (the
//! whitelisted caller's), deposits returned, and on no other track.
//!
//! ## Calls
//!
//! - [`Pallet::cancel_fast_tracked`]: the council cancels an ongoing referendum on its track.
//!   Errors: [`Error::NotOngoing`] when no such referendum is ongoing,
//!   [`Error::NotCouncilTrack`] when it is on another track; any error of the referenda's
//!   own cancelling; `BadOrigin` for anyone but the council.
//! - [`Pallet::refund_rejected_submission`]: anyone returns a rejected referendum's submission
//!   deposit to its proposer. Errors: [`Error::NotRejected`] unless the holders rejected it,
//!   [`Error::AlreadyRefunded`] the second time; `BadOrigin` unless signed.
//!
//! The origins are made by `pallet-referenda` when a referendum passes; the pace and the
//! floor of support are genesis configuration.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

pub use pallet::*;
pub use treasury::PayKeepingAlive;
pub use types::{Referenda, RefundError};
pub use voting::{AllHeld, KeptOnHold, LocksTold, OnLockChange, VotingCurrency};

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod treasury;
pub mod types;
pub mod voting;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::{ensure_signed, OriginFor};
	use sp_runtime::{traits::AtLeast32BitUnsigned, Perbill};

	use crate::{types::RefundError, weights::WeightInfo, Referenda};

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;
		/// The referenda, as far as the council cancels them.
		type Referenda: Referenda;
		/// The council's track: the one its whitelisting fast-tracks.
		type CouncilTrack: Get<TrackOf<Self>>;
		/// The council, deciding to cancel.
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The calls' weights.
		type WeightInfo: WeightInfo;
	}

	/// A referendum's index.
	pub type IndexOf<T> = <<T as Config>::Referenda as Referenda>::Index;
	/// A track's id.
	pub type TrackOf<T> = <<T as Config>::Referenda as Referenda>::Track;

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The council cancelled a referendum on its track; its deposits are returned.
		FastTrackCancelled {
			/// The referendum.
			index: IndexOf<T>,
		},
		/// A rejected referendum's submission deposit was returned to its proposer.
		RejectedSubmissionRefunded {
			/// The referendum.
			index: IndexOf<T>,
		},
	}

	/// Errors.
	#[pallet::error]
	pub enum Error<T> {
		/// No such referendum is ongoing: it never existed, or it ended.
		NotOngoing,
		/// The referendum is on another track than the council's.
		NotCouncilTrack,
		/// The referendum was not rejected by vote (it is ongoing, or it ended another way,
		/// or there is none).
		NotRejected,
		/// The rejected referendum's submission deposit was already returned.
		AlreadyRefunded,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Cancels ongoing referendum `index` on the council's track, returning its
		/// deposits, as a referendum on the canceller's track would. The council's motion
		/// (the runtime asks the same majority as for whitelisting) dispatches it.
		///
		/// Errors: `BadOrigin` for anyone but the council, `NotOngoing`, `NotCouncilTrack`, and
		/// any error of `T::Referenda::cancel` (the referenda's own cancelling).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::cancel_fast_tracked())]
		pub fn cancel_fast_tracked(origin: OriginFor<T>, index: IndexOf<T>) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			let track = T::Referenda::ongoing_track(index).ok_or(Error::<T>::NotOngoing)?;
			ensure!(track == T::CouncilTrack::get(), Error::<T>::NotCouncilTrack);
			T::Referenda::cancel(index)?;
			Self::deposit_event(Event::FastTrackCancelled { index });
			Ok(())
		}

		/// Returns the submission deposit of referendum `index`, which the holders rejected
		/// by vote, to its proposer. Anyone may call it. `pallet-referenda` keeps the deposit
		/// of a rejected referendum held for good; here a referendum that was decided, its
		/// decision deposit placed, is no spam. One that timed out, never seconded by a
		/// decision deposit, keeps its submission deposit held: that is the price of spam.
		///
		/// Errors: `BadOrigin` unless signed, `NotRejected`, `AlreadyRefunded`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::refund_rejected_submission())]
		pub fn refund_rejected_submission(
			origin: OriginFor<T>,
			index: IndexOf<T>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			T::Referenda::refund_rejected_submission(index).map_err(|e| match e {
				RefundError::NotRejected => Error::<T>::NotRejected,
				RefundError::AlreadyRefunded => Error::<T>::AlreadyRefunded,
			})?;
			Self::deposit_event(Event::RejectedSubmissionRefunded { index });
			Ok(())
		}
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The origins of CPChain's referendum tracks, beside root.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// Dispatches a call the council whitelisted.
		#[codec(index = 0)]
		WhitelistedCaller,
		/// Sets CPChain's parameters, each within its bounds.
		#[codec(index = 1)]
		ParameterSetter,
		/// Spends from the treasury up to the small spender's limit.
		#[codec(index = 2)]
		SmallSpender,
		/// Spends from the treasury up to the big spender's limit.
		#[codec(index = 3)]
		BigSpender,
		/// Cancels a referendum, returning its deposits.
		#[codec(index = 4)]
		ReferendumCanceller,
		/// Kills a referendum, slashing its deposits.
		#[codec(index = 5)]
		ReferendumKiller,
	}

	/// How many times faster than written the tracks' periods run: 1 on a live chain.
	#[pallet::storage]
	pub type Pace<T: Config> = StorageValue<_, u32, ValueQuery, ConstU32<1>>;

	/// The least share of the issuance that referenda measure support against, however little
	/// of it can vote: while most CPC sits in reserves, a few holders would otherwise be the
	/// whole base, and a turnout of a few accounts would pass the support thresholds.
	#[pallet::storage]
	pub type SupportFloor<T: Config> = StorageValue<_, Perbill, ValueQuery>;

	/// The pace of the tracks and the floor of their support.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// How many times faster than written the tracks' periods run; 0 is read as 1.
		pub pace: u32,
		/// The least share of the issuance support is measured against ([`SupportFloor`]).
		pub support_floor: Perbill,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pace::<T>::put(self.pace.max(1));
			SupportFloor::<T>::put(self.support_floor);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<frame_system::pallet_prelude::BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: frame_system::pallet_prelude::BlockNumberFor<T>,
		) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// A track's `period`, at the chain's pace: never below one block, so that no period
		/// vanishes on a fast chain.
		pub fn paced<N: AtLeast32BitUnsigned + Copy>(period: N) -> N {
			at_pace(Pace::<T>::get(), period)
		}

		/// The pace is at least 1.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			frame_support::ensure!(Pace::<T>::get() >= 1, "a pace below 1");
			Ok(())
		}
	}

	/// `period` at `pace` (0 read as 1), never below one block: for a table of periods read
	/// with one read of [`Pace`].
	pub fn at_pace<N: AtLeast32BitUnsigned + Copy>(pace: u32, period: N) -> N {
		(period / N::from(pace.max(1))).max(N::one())
	}

	/// `P`, a period written for a live chain, at the chain's pace: for the `Get` periods
	/// that pallets ask for (vote locking, motion durations, spend periods).
	pub struct Paced<T, P>(core::marker::PhantomData<(T, P)>);
	impl<T: Config, N: AtLeast32BitUnsigned + Copy, P: Get<N>> Get<N> for Paced<T, P> {
		fn get() -> N {
			Pallet::<T>::paced(P::get())
		}
	}

	/// An `EnsureOrigin` for each origin without a limit.
	macro_rules! ensure_origin {
		($(#[doc = $doc:literal] $name:ident => $origin:ident,)*) => {$(
			#[doc = $doc]
			pub struct $name;
			impl<O: Into<Result<Origin, O>> + From<Origin>> EnsureOrigin<O> for $name {
				type Success = ();
				fn try_origin(o: O) -> Result<Self::Success, O> {
					o.into().and_then(|o| match o {
						Origin::$origin => Ok(()),
						other => Err(O::from(other)),
					})
				}
				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$origin))
				}
			}
		)*};
	}

	ensure_origin! {
		/// The whitelisted caller's origin.
		EnsureWhitelistedCaller => WhitelistedCaller,
		/// The parameter setter's origin.
		EnsureParameterSetter => ParameterSetter,
		/// The referendum canceller's origin.
		EnsureReferendumCanceller => ReferendumCanceller,
		/// The referendum killer's origin.
		EnsureReferendumKiller => ReferendumKiller,
	}

	/// A treasury spender's origin; succeeds with what it may spend: `Small` for the small
	/// spender, `Big` for the big one.
	pub struct EnsureSpender<Small, Big>(core::marker::PhantomData<(Small, Big)>);
	impl<O, Small, Big> EnsureOrigin<O> for EnsureSpender<Small, Big>
	where
		O: Into<Result<Origin, O>> + From<Origin>,
		Small: TypedGet,
		Big: TypedGet<Type = Small::Type>,
	{
		type Success = Small::Type;
		fn try_origin(o: O) -> Result<Self::Success, O> {
			o.into().and_then(|o| match o {
				Origin::SmallSpender => Ok(Small::get()),
				Origin::BigSpender => Ok(Big::get()),
				other => Err(O::from(other)),
			})
		}
		#[cfg(feature = "runtime-benchmarks")]
		fn try_successful_origin() -> Result<O, ()> {
			// The big spender: benchmarks spend more than the small one may.
			Ok(O::from(Origin::BigSpender))
		}
	}
}
