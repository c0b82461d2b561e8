// This file is part of CPChain.
// SPDX-License-Identifier: GPL-3.0-only

//! Weights for `pallet_committee`: provisional, until `scripts/benchmark-pallet.sh` generates
//! them from the pallet's benchmarks.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// The weight of each of the pallet's calls and session changes.
pub trait WeightInfo {
	fn register_candidate(c: u32, ) -> Weight;
	fn bond_extra() -> Weight;
	fn leave(c: u32, ) -> Weight;
	fn withdraw(w: u32, ) -> Weight;
	fn report_equivocation() -> Weight;
	fn set_parameters() -> Weight;
	fn set_invulnerables(n: u32, ) -> Weight;
	fn note_author() -> Weight;
	fn note_cfrag_rejected() -> Weight;
	fn session_change(c: u32, ) -> Weight;
}

/// Weights measured for a runtime, with its database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_candidate(c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 40_000)
			.saturating_add(Weight::from_parts(50_000, 32).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(6, 4))
	}
	fn bond_extra() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}
	fn leave(c: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(Weight::from_parts(30_000, 32).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn withdraw(w: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(w.into()))
			.saturating_add(T::DbWeight::get().reads_writes(5, 3))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(w.into())))
	}
	fn report_equivocation() -> Weight {
		Weight::from_parts(150_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads_writes(5, 3))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
	fn set_invulnerables(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(Weight::from_parts(5_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(2, 1))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
	}
	fn note_author() -> Weight {
		Weight::from_parts(10_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn note_cfrag_rejected() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads_writes(4, 3))
	}
	fn session_change(c: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(Weight::from_parts(200_000, 600).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(12, 6))
			.saturating_add(T::DbWeight::get().reads_writes((4_u64).saturating_mul(c.into()), (2_u64).saturating_mul(c.into())))
	}
}

impl WeightInfo for () {
	fn register_candidate(c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 40_000)
			.saturating_add(Weight::from_parts(50_000, 32).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(6, 4))
	}
	fn bond_extra() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 3))
	}
	fn leave(c: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(Weight::from_parts(30_000, 32).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(2, 2))
	}
	fn withdraw(w: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(w.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(5, 3))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(w.into())))
	}
	fn report_equivocation() -> Weight {
		Weight::from_parts(150_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 3))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 2))
	}
	fn set_invulnerables(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(Weight::from_parts(5_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(2, 1))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(n.into())))
	}
	fn note_author() -> Weight {
		Weight::from_parts(10_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(1, 1))
	}
	fn note_cfrag_rejected() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(4, 3))
	}
	fn session_change(c: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(Weight::from_parts(200_000, 600).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(12, 6))
			.saturating_add(ParityDbWeight::get().reads_writes((4_u64).saturating_mul(c.into()), (2_u64).saturating_mul(c.into())))
	}
}

