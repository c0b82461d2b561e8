//! The keys and changes of all four sections.

pub use cpchain_primitives::parameters::{NoParameters, Nothing, Section};

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

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
