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
//! **The CPC that votes.** [`VotingCurrency`] is the currency conviction voting is given: an
//! account votes with its free CPC and the holds the runtime lists as kept ([`KeptOnHold`]),
//! never with CPC held for someone else (an escrow, fees owed to lenders), which would vote
//! again once paid ([`voting`]).
//!
//! ## Terminology
//!
//! - *Track*: the rules a referendum is decided by (deposit, periods, approval and support
//!   curves), one per origin.
//! - *Pace*: how many times faster than written the tracks run.
//!
//! ## Calls
//!
//! None: the origins are made by `pallet-referenda` when a referendum passes, and the pace is
//! genesis configuration.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

pub use pallet::*;
pub use voting::{KeptOnHold, VotingCurrency};

#[cfg(test)]
mod tests;
pub mod voting;

#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;
	use sp_runtime::traits::AtLeast32BitUnsigned;

	/// The pallet's configuration: nothing beyond the system's.
	#[pallet::config]
	pub trait Config: frame_system::Config {}

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

	/// The pace of the tracks.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// How many times faster than written the tracks' periods run; 0 is read as 1.
		pub pace: u32,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pace::<T>::put(self.pace.max(1));
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
