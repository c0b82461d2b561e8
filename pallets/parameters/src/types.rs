//! What a section of parameters is, and the keys and changes of all four.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::DispatchResult, Parameter};
use scale_info::TypeInfo;

/// One pallet's parameters: the record the pallet reads, its parameters one by one, and the
/// bounds every value must keep. The pallet that reads the record implements this, since it
/// knows the rules, and its errors name what a refused value breaks.
pub trait Section {
	/// The record, as the pallet reads it (one storage read for all its parameters).
	type Record: Parameter + MaxEncodedLen + serde::Serialize + serde::de::DeserializeOwned;
	/// One parameter of the record and its new value.
	type Change: Parameter + MaxEncodedLen;
	/// A parameter's name: what origins are given per parameter.
	type Key: Parameter + MaxEncodedLen + Copy + Ord;

	/// The record a chain starts with when its genesis names none.
	fn initial() -> Self::Record;

	/// The parameter `change` sets.
	fn key(change: &Self::Change) -> Self::Key;

	/// `record` with `change` made.
	fn apply(record: &mut Self::Record, change: Self::Change);

	/// Whether `record` keeps every parameter's hard bounds and the rules between them: a
	/// typed error of the section's pallet if not.
	fn check(record: &Self::Record) -> DispatchResult;

	/// Every parameter of the section.
	fn keys() -> Vec<Self::Key>;

	/// Values of `key` beyond its bounds, each of which [`Section::check`] must refuse in
	/// any record that is otherwise valid: proof that the parameter is bounded, for tests.
	fn beyond_bounds(key: Self::Key) -> Vec<Self::Change>;

	/// A value of `key` within its bounds that differs from [`Section::initial`]'s, for
	/// tests and benchmarks.
	fn within_bounds(key: Self::Key) -> Self::Change;
}

/// The name of a parameter of one of the four sections.
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
pub enum Key<Committee, Economics, Market, Registry> {
	/// A parameter of the collator committee.
	#[codec(index = 0)]
	Committee(Committee),
	/// A parameter of the CPC economics.
	#[codec(index = 1)]
	Economics(Economics),
	/// A parameter of the data market.
	#[codec(index = 2)]
	Market(Market),
	/// A parameter of the data registry.
	#[codec(index = 3)]
	Registry(Registry),
}

/// A new value of a parameter of one of the four sections.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum Change<Committee, Economics, Market, Registry> {
	/// A parameter of the collator committee.
	#[codec(index = 0)]
	Committee(Committee),
	/// A parameter of the CPC economics.
	#[codec(index = 1)]
	Economics(Economics),
	/// A parameter of the data market.
	#[codec(index = 2)]
	Market(Market),
	/// A parameter of the data registry.
	#[codec(index = 3)]
	Registry(Registry),
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

	fn key(_: &Nothing) -> Nothing {
		Nothing
	}

	fn apply(_: &mut (), _: Nothing) {}

	fn check(_: &()) -> DispatchResult {
		Ok(())
	}

	fn keys() -> Vec<Nothing> {
		Vec::new()
	}

	fn beyond_bounds(_: Nothing) -> Vec<Nothing> {
		Vec::new()
	}

	fn within_bounds(_: Nothing) -> Nothing {
		Nothing
	}
}
