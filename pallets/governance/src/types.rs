//! What the pallet needs of the referenda: the track of an ongoing one, cancelling it, and
//! refunding a rejected one's submission deposit.

use frame_support::{dispatch::DispatchResult, pallet_prelude::*};

/// The referenda, as the council's cancelling sees them. The runtime implements it over
/// `pallet-referenda`.
pub trait Referenda {
	/// A referendum's index.
	type Index: Parameter + MaxEncodedLen + Copy;
	/// A track's id.
	type Track: Parameter + MaxEncodedLen + Copy;

	/// The track of referendum `index` while it is ongoing; `None` if it ended or never was.
	fn ongoing_track(index: Self::Index) -> Option<Self::Track>;

	/// Cancels ongoing referendum `index`, returning its deposits.
	fn cancel(index: Self::Index) -> DispatchResult;

	/// Returns the submission deposit of referendum `index`, which the holders rejected.
	fn refund_rejected_submission(index: Self::Index) -> Result<(), RefundError>;

	/// Makes a referendum ongoing on `track`, for the benchmarks: its index.
	#[cfg(feature = "runtime-benchmarks")]
	fn ongoing_on(track: Self::Track) -> Result<Self::Index, &'static str>;

	/// Makes a referendum the holders rejected, its submission deposit held: its index.
	#[cfg(feature = "runtime-benchmarks")]
	fn rejected() -> Result<Self::Index, &'static str>;
}

/// Why a submission deposit cannot be refunded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundError {
	/// The referendum was not rejected by vote: it is ongoing, or it ended another way (its
	/// own refund rules apply), or there is none.
	NotRejected,
	/// Its submission deposit was already returned.
	AlreadyRefunded,
}
