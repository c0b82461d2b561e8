// This file is part of CPChain.
// SPDX-License-Identifier: GPL-3.0-only

//! Weights for `pallet_cpc_economics`. A first estimate, to be replaced by the figures its
//! benchmarks generate (`scripts/benchmark-pallet.sh`).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// The weight of each of the pallet's calls, and of the fee extension's paths.
pub trait WeightInfo {
	fn freeze_for_quota() -> Weight;
	fn unfreeze_quota() -> Weight;
	fn withdraw_unfrozen() -> Weight;
	fn charge_paid() -> Weight;
	fn charge_free() -> Weight;
}

/// Weights measured for a runtime, with its database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn freeze_for_quota() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn unfreeze_quota() -> Weight {
		Weight::from_parts(30_000_000, 3_600)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn withdraw_unfrozen() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn charge_paid() -> Weight {
		Weight::from_parts(5_000_000, 3_600)
			.saturating_add(T::DbWeight::get().reads(1))
	}
	fn charge_free() -> Weight {
		Weight::from_parts(30_000_000, 3_700)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
}

/// For tests: the same figures with the test database weights.
impl WeightInfo for () {
	fn freeze_for_quota() -> Weight { Weight::from_parts(60_000_000, 4_000) }
	fn unfreeze_quota() -> Weight { Weight::from_parts(30_000_000, 3_600) }
	fn withdraw_unfrozen() -> Weight { Weight::from_parts(60_000_000, 4_000) }
	fn charge_paid() -> Weight { Weight::from_parts(5_000_000, 3_600) }
	fn charge_free() -> Weight { Weight::from_parts(30_000_000, 3_700) }
}
