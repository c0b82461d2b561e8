//! `cumulus_pallet_xcmp_queue`: XCM to and from sibling parachains over HRMP channels.

use cumulus_primitives_core::{AggregateMessageOrigin, ParaId};
use frame_support::traits::{ConstU32, TransformOrigin};
use frame_system::EnsureRoot;
use polkadot_runtime_common::xcm_sender::NoPriceForMessageDelivery;

use super::{message_queue::ParaIdToSibling, xcm::XcmOriginToTransactDispatchOrigin};
use crate::{AccountId, MessageQueue, ParachainSystem, Runtime, RuntimeEvent};

impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = ParachainSystem;
	type VersionWrapper = ();
	// Inbound sibling messages wait in the message queue until serviced.
	type XcmpQueue = TransformOrigin<MessageQueue, AggregateMessageOrigin, ParaId, ParaIdToSibling>;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	type MaxPageSize = ConstU32<{ 1 << 16 }>;
	type ControllerOrigin = EnsureRoot<AccountId>;
	type ControllerOriginConverter = XcmOriginToTransactDispatchOrigin;
	type WeightInfo = crate::weights::cumulus_pallet_xcmp_queue::WeightInfo<Runtime>;
	type PriceForSiblingDelivery = NoPriceForMessageDelivery<ParaId>;
}
