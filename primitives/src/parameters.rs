//! Governable parameters: what a pallet's section of them is.
//!
//! A pallet with governable values keeps them in one record it reads in one storage read,
//! stored by CPChain's parameters pallet, which sets them one at a time under referenda. The
//! pallet knows the rules its values must keep, so it implements [`Section`], and its own typed
//! errors name what a refused value breaks.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::DispatchResult, sp_runtime::Perbill, Parameter};
use scale_info::TypeInfo;

/// One pallet's parameters: the record the pallet reads, its parameters one by one, and the
/// bounds every value must keep. The pallet that reads the record implements this, since it
/// knows the rules, and its errors name what a refused value breaks.
pub trait Section {
	/// The record, as the pallet reads it (one storage read for all its parameters).
	type Record: Parameter + MaxEncodedLen + serde::Serialize + serde::de::DeserializeOwned;
	/// One parameter of the record and its new value.
	type Change: Parameter + MaxEncodedLen + ParameterOf<Self::Record, Key = Self::Key>;
	/// A parameter's name: what origins are given per parameter.
	type Key: Parameter + MaxEncodedLen + Copy + Ord;

	/// The record a chain starts with when its genesis names none.
	fn initial() -> Self::Record;

	/// The parameter `change` sets.
	fn key(change: &Self::Change) -> Self::Key {
		change.key()
	}

	/// `record` with `change` made.
	fn apply(record: &mut Self::Record, change: Self::Change) {
		change.apply_to(record)
	}

	/// Whether `record` keeps every parameter's hard bounds and the rules between them: a
	/// typed error of the section's pallet if not.
	fn check(record: &Self::Record) -> DispatchResult;

	/// Every parameter of the section.
	fn keys() -> Vec<Self::Key> {
		Self::Change::all()
	}

	/// Values of `key` beyond its bounds, each of which [`Section::check`] must refuse in
	/// any record that is otherwise valid: proof that the parameter is bounded, for tests.
	fn beyond_bounds(key: Self::Key) -> Vec<Self::Change>;

	/// A value of `key` within its bounds that differs from [`Section::initial`]'s, for
	/// tests and benchmarks.
	fn within_bounds(key: Self::Key) -> Self::Change;

	/// The parameter whose change costs the most (its check or what [`Section::changed`]
	/// does): the benchmarks' worst case. The first key by default.
	fn costliest() -> Option<Self::Key> {
		Self::keys().first().copied()
	}

	/// What the pallet does when its record has changed from `old` to `new` (the new record
	/// already stored): a term that moves an election, say. Nothing by default.
	fn changed(_old: &Self::Record, _new: &Self::Record) {}
}

/// One parameter of a section's record and its new value: what [`section_parameters!`]
/// declares for each field of the record, so that no section spells out per parameter which
/// field a change sets.
pub trait ParameterOf<Record> {
	/// A parameter's name.
	type Key;

	/// The parameter this change sets.
	fn key(&self) -> Self::Key;

	/// Makes this change in `record`.
	fn apply_to(self, record: &mut Record);

	/// Every parameter of the section, in the order declared.
	fn all() -> Vec<Self::Key>;
}

/// A section with no parameters, for a runtime (or a test) that has none of one kind.
pub struct NoParameters;

/// The parameter of [`NoParameters`], which changes nothing.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Nothing;

impl Section for NoParameters {
	type Record = ();
	type Change = Nothing;
	type Key = Nothing;

	fn initial() {}

	fn check(_: &()) -> DispatchResult {
		Ok(())
	}

	fn beyond_bounds(_: Nothing) -> Vec<Nothing> {
		Vec::new()
	}

	fn within_bounds(_: Nothing) -> Nothing {
		Nothing
	}
}

impl ParameterOf<()> for Nothing {
	type Key = Nothing;

	fn key(&self) -> Nothing {
		Nothing
	}

	fn apply_to(self, _: &mut ()) {}

	fn all() -> Vec<Nothing> {
		Vec::new()
	}
}

/// A share one part beside `value`, on the side of `max`: up while below it, down at it. For a
/// section's [`Section::within_bounds`]: a value that differs and stays within `..=max`.
pub fn share_beside(value: Perbill, max: Perbill) -> Perbill {
	if value < max {
		Perbill::from_parts(value.deconstruct().saturating_add(1))
	} else {
		Perbill::from_parts(value.deconstruct().saturating_sub(1))
	}
}

#[doc(hidden)]
pub use alloc::vec::Vec as __Vec;

/// Declares a section's parameters once: the key enum (one variant per parameter), the change
/// enum (each parameter with its new value, of the record field's type), and [`ParameterOf`]
/// on the change: which parameter it sets, how, and every key, which [`Section`]'s provided
/// methods use.
///
/// ```ignore
/// section_parameters! {
///     /// The name of one of the committee's parameters.
///     pub enum ParameterKey;
///     /// One of the committee's parameters and its new value.
///     pub enum ParameterChange<Balance> for Parameters<Balance> {
///         MinBond(min_bond): Balance,
///         SessionLength(session_length): u32,
///     }
/// }
/// ```
///
/// Each variant's documentation names its field of the record. The calling crate must have
/// `codec` and `scale_info` as dependencies of those names, as every pallet has.
#[macro_export]
macro_rules! section_parameters {
	(
		$(#[$key_meta:meta])*
		pub enum $key:ident;
		$(#[$change_meta:meta])*
		pub enum $change:ident $(<$($generic:ident),+>)? for $record:ident {
			$($variant:ident($field:ident): $ty:ty,)+
		}
	) => {
		$(#[$key_meta])*
		#[derive(
			::codec::Encode,
			::codec::Decode,
			::codec::DecodeWithMemTracking,
			::codec::MaxEncodedLen,
			::scale_info::TypeInfo,
			Clone,
			Copy,
			PartialEq,
			Eq,
			PartialOrd,
			Ord,
			Debug,
		)]
		pub enum $key {
			$(
				#[doc = concat!("[`", stringify!($record), "::", stringify!($field), "`].")]
				$variant,
			)+
		}

		$(#[$change_meta])*
		#[derive(
			::codec::Encode,
			::codec::Decode,
			::codec::DecodeWithMemTracking,
			::codec::MaxEncodedLen,
			::scale_info::TypeInfo,
			Clone,
			PartialEq,
			Eq,
			Debug,
		)]
		pub enum $change $(<$($generic),+>)? {
			$(
				#[doc = concat!("[`", stringify!($record), "::", stringify!($field), "`].")]
				$variant($ty),
			)+
		}

		impl $(<$($generic),+>)? $crate::parameters::ParameterOf<$record $(<$($generic),+>)?>
			for $change $(<$($generic),+>)?
		{
			type Key = $key;

			fn key(&self) -> $key {
				match self {
					$(Self::$variant(_) => $key::$variant,)+
				}
			}

			fn apply_to(self, record: &mut $record $(<$($generic),+>)?) {
				match self {
					$(Self::$variant(value) => record.$field = value,)+
				}
			}

			fn all() -> $crate::parameters::__Vec<$key> {
				$crate::parameters::__Vec::from([$($key::$variant),+])
			}
		}
	};
}

/// How many times its floor (what its item's storage costs) a deposit may be at most: high
/// enough to price spam, never so high that storing an item is out of an ordinary user's reach.
pub const MAX_DEPOSIT_MULTIPLE: u32 = 100;

/// Whether `deposit` lies between `floor`, what its item's storage costs, and
/// [`MAX_DEPOSIT_MULTIPLE`] times that.
pub fn deposit_within<B>(deposit: B, floor: B) -> bool
where
	B: frame_support::sp_runtime::traits::AtLeast32BitUnsigned + Copy,
{
	deposit >= floor && deposit <= floor.saturating_mul(MAX_DEPOSIT_MULTIPLE.into())
}

/// Two deposits beyond the bounds [`deposit_within`] holds for `floor`: one unit below it and
/// one above the top. For a section's [`Section::beyond_bounds`].
pub fn deposits_beyond<B>(floor: B) -> [B; 2]
where
	B: frame_support::sp_runtime::traits::AtLeast32BitUnsigned + Copy,
{
	let top = floor.saturating_mul(MAX_DEPOSIT_MULTIPLE.into());
	[floor.saturating_sub(B::one()), top.saturating_add(B::one())]
}
