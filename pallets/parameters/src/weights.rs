// This file is part of CPChain.
// SPDX-License-Identifier: GPL-3.0-only

//! Weights for `pallet_cpc_parameters`: **estimated** until the pallet is in the runtime and
//! `scripts/benchmark-pallet.sh pallet_cpc_parameters pallets/parameters/src/weights.rs`
//! generates them. Each call reads and writes one record; the estimate is 30 µs of execution
//! (a record of a few hundred bytes decoded, checked and encoded) and the record's proof.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_cpc_parameters`.
pub trait WeightInfo {
	fn set_committee_parameter() -> Weight;
	fn set_economics_parameter() -> Weight;
	fn set_market_parameter() -> Weight;
	fn set_registry_parameter() -> Weight;
}

/// The estimate of one record's read, check and write, with the runtime's database weights.
fn one_record<R: Get<frame_support::weights::RuntimeDbWeight>>() -> Weight {
	// Storage: `CpcParameters::<section>` (r:1 w:1), proof: at most 1,000 bytes.
	Weight::from_parts(30_000_000, 1_500).saturating_add(R::get().reads_writes(1, 1))
}

/// Weights for `pallet_cpc_parameters` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
/// The committee's record, and its check and new term: the invulnerables, the current session
/// and the next election read, the next election written.
fn committee_record<R: Get<frame_support::weights::RuntimeDbWeight>>() -> Weight {
	one_record::<R>()
		.saturating_add(Weight::from_parts(10_000_000, 1_200))
		.saturating_add(R::get().reads_writes(3, 1))
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_committee_parameter() -> Weight {
		committee_record::<T::DbWeight>()
	}
	fn set_economics_parameter() -> Weight {
		one_record::<T::DbWeight>()
	}
	fn set_market_parameter() -> Weight {
		one_record::<T::DbWeight>()
	}
	fn set_registry_parameter() -> Weight {
		one_record::<T::DbWeight>()
	}
}

// For tests: ParityDB's weights.
impl WeightInfo for () {
	fn set_committee_parameter() -> Weight {
		committee_record::<ParityDbWeight>()
	}
	fn set_economics_parameter() -> Weight {
		one_record::<ParityDbWeight>()
	}
	fn set_market_parameter() -> Weight {
		one_record::<ParityDbWeight>()
	}
	fn set_registry_parameter() -> Weight {
		one_record::<ParityDbWeight>()
	}
}
