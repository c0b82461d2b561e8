//! `pallet_timestamp`: the block's time, set by an inherent; Aura derives its slot from it.

use frame_support::traits::ConstU64;

use crate::{Aura, Runtime};

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	// Several blocks may share a relay-chain slot under async backing.
	type MinimumPeriod = ConstU64<0>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}
