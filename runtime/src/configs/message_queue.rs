//! `pallet_message_queue`: queues and services inbound XCM from the relay chain and siblings.

use cumulus_primitives_core::{AggregateMessageOrigin, ParaId};
use frame_support::{
	parameter_types,
	traits::{ConstU32, QueueFootprint, QueuePausedQuery},
	weights::Weight,
};
use pallet_message_queue::OnQueueChanged;
use sp_runtime::{
	traits::{Convert, ConvertBack},
	Perbill,
};

use super::system::RuntimeBlockWeights;
use crate::{Runtime, RuntimeEvent, XcmpQueue};

parameter_types! {
	pub MessageQueueServiceWeight: Weight =
		Perbill::from_percent(35) * RuntimeBlockWeights::get().max_block;
}

/// Maps a sibling's parachain id to its message-queue origin and back.
pub struct ParaIdToSibling;
impl Convert<ParaId, AggregateMessageOrigin> for ParaIdToSibling {
	fn convert(para_id: ParaId) -> AggregateMessageOrigin {
		AggregateMessageOrigin::Sibling(para_id)
	}
}
impl ConvertBack<ParaId, AggregateMessageOrigin> for ParaIdToSibling {
	fn convert_back(origin: AggregateMessageOrigin) -> ParaId {
		match origin {
			AggregateMessageOrigin::Sibling(para_id) => para_id,
			// Only sibling queues are routed through this conversion; map the rest to the
			// relay chain's id, which owns no sibling queue.
			_ => ParaId::from(0),
		}
	}
}

/// Forwards queue events to the XCMP queue, which only knows sibling origins.
pub struct NarrowOriginToSibling<Inner>(core::marker::PhantomData<Inner>);
impl<Inner: OnQueueChanged<ParaId>> OnQueueChanged<AggregateMessageOrigin>
	for NarrowOriginToSibling<Inner>
{
	fn on_queue_changed(origin: AggregateMessageOrigin, footprint: QueueFootprint) {
		if let AggregateMessageOrigin::Sibling(para_id) = origin {
			Inner::on_queue_changed(para_id, footprint)
		}
	}
}
impl<Inner: QueuePausedQuery<ParaId>> QueuePausedQuery<AggregateMessageOrigin>
	for NarrowOriginToSibling<Inner>
{
	fn is_paused(origin: &AggregateMessageOrigin) -> bool {
		match origin {
			AggregateMessageOrigin::Sibling(para_id) => Inner::is_paused(para_id),
			_ => false,
		}
	}
}

impl pallet_message_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_message_queue::WeightInfo<Runtime>;
	// Benchmarks measure the queue itself, not XCM execution.
	#[cfg(feature = "runtime-benchmarks")]
	type MessageProcessor =
		pallet_message_queue::mock_helpers::NoopMessageProcessor<AggregateMessageOrigin>;
	#[cfg(not(feature = "runtime-benchmarks"))]
	type MessageProcessor = xcm_builder::ProcessXcmMessage<
		AggregateMessageOrigin,
		xcm_executor::XcmExecutor<super::xcm::XcmConfig>,
		crate::RuntimeCall,
	>;
	type Size = u32;
	type QueueChangeHandler = NarrowOriginToSibling<XcmpQueue>;
	type QueuePausedQuery = NarrowOriginToSibling<XcmpQueue>;
	type HeapSize = ConstU32<{ 103 * 1024 }>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = MessageQueueServiceWeight;
	type IdleMaxServiceWeight = MessageQueueServiceWeight;
}
