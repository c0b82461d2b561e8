// This file is part of CPChain.
// SPDX-License-Identifier: GPL-3.0-only

//! Weights for `pallet_cpc_governance`: **estimated** until
//! `scripts/benchmark-pallet.sh pallet_cpc_governance pallets/governance/src/weights.rs`
//! generates them. The estimate is the reference weight of `pallet_referenda::cancel` (its
//! referendum, the track's queue and the scheduler's agenda read and written, about 55 µs and
//! 110 KB of proof for the agenda) and one read more, the referendum's track; a refund reads
//! and writes the referendum and the proposer's account.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_cpc_governance`.
pub trait WeightInfo {
	fn cancel_fast_tracked() -> Weight;
	fn refund_rejected_submission() -> Weight;
}

fn refund<R: Get<frame_support::weights::RuntimeDbWeight>>() -> Weight {
	// Storage: `Referenda::ReferendumInfoFor` (r:1 w:1), `System::Account` (r:1 w:1).
	Weight::from_parts(25_000_000, 4_000).saturating_add(R::get().reads_writes(2, 2))
}

fn cancel<R: Get<frame_support::weights::RuntimeDbWeight>>() -> Weight {
	// Storage: `Referenda::ReferendumInfoFor` (r:2 w:1), `Scheduler::Agenda` (r:1 w:1),
	// `Scheduler::Lookup` (r:1 w:1), `Referenda::TrackQueue` (r:1 w:1).
	Weight::from_parts(60_000_000, 110_000).saturating_add(R::get().reads_writes(5, 4))
}

/// Weights for `pallet_cpc_governance` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn cancel_fast_tracked() -> Weight {
		cancel::<T::DbWeight>()
	}
	fn refund_rejected_submission() -> Weight {
		refund::<T::DbWeight>()
	}
}

// For tests: ParityDB's weights.
impl WeightInfo for () {
	fn cancel_fast_tracked() -> Weight {
		cancel::<ParityDbWeight>()
	}
	fn refund_rejected_submission() -> Weight {
		refund::<ParityDbWeight>()
	}
}
