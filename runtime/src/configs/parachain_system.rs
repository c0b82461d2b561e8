//! `cumulus_pallet_parachain_system`: the parachain's view of the relay chain (validation data,
//! messages, code upgrades) and the consensus hook that paces block production.

use cumulus_pallet_parachain_system::RelayNumberMonotonicallyIncreases;
use cumulus_primitives_core::AggregateMessageOrigin;
use frame_support::{parameter_types, traits::ConstU32, weights::Weight};

use crate::{ConsensusHook, MessageQueue, Runtime, RuntimeEvent, XcmpQueue, MAXIMUM_BLOCK_WEIGHT};

parameter_types! {
	pub const ReservedXcmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const ReservedDmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

impl cumulus_pallet_parachain_system::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Keeps the relay chain's epoch randomness for committee elections.
	type OnSystemEvent = super::committee::RelayRandomness;
	type SelfParaId = parachain_info::Pallet<Runtime>;
	type OutboundXcmpMessageSource = XcmpQueue;
	type DmpQueue = frame_support::traits::EnqueueWithOrigin<MessageQueue, RelayOrigin>;
	type ReservedDmpWeight = ReservedDmpWeight;
	type XcmpMessageHandler = XcmpQueue;
	type ReservedXcmpWeight = ReservedXcmpWeight;
	type CheckAssociatedRelayNumber = RelayNumberMonotonicallyIncreases;
	type WeightInfo = crate::weights::cumulus_pallet_parachain_system::WeightInfo<Runtime>;
	type ConsensusHook = ConsensusHook;
	// Build on the latest relay parent: no offset.
	type RelayParentOffset = ConstU32<0>;
	type SchedulingSignatureVerifier = ();
}
