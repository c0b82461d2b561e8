//! Inherent data for blocks the development node seals itself: a timestamp, and a mocked
//! relay-chain inherent that satisfies `cumulus_pallet_parachain_system` without a relay chain.
//!
//! Every block gets its own relay-chain slot, equal to its Aura slot: the wall-clock slot, or
//! the parent's slot plus one when blocks come faster than one per slot. That keeps the
//! runtime's consensus hook (one block per relay parent, Aura slot derived from the relay slot)
//! satisfied under instant sealing, and keeps block times close to the wall clock when idle
//! (instant sealing skips its idle blocks while a burst has put the chain ahead: see
//! `sealing::idle_ticks`).

use std::{sync::Arc, time::SystemTime};

use codec::Encode;
use cpchain_runtime::opaque::Block;
use cumulus_client_parachain_inherent::MockValidationDataInherentDataProvider;
use cumulus_primitives_core::{
	relay_chain::{HeadData, UpgradeGoAhead},
	CollectCollationInfo, ParaId,
};
use sc_client_api::HeaderBackend;
use sp_api::ProvideRuntimeApi;
use sp_consensus_aura::{digests::CompatibleDigestItem, sr25519::AuthoritySignature, Slot};
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};

/// The relay chain's slot duration, which the runtime's consensus hook assumes.
pub const RELAY_CHAIN_SLOT_DURATION_MILLIS: u64 = 6000;

/// The inherent data providers of one dev block.
pub type DevInherentProviders =
	(sp_timestamp::InherentDataProvider, MockValidationDataInherentDataProvider<()>);

/// The Aura slot recorded in a header's pre-runtime digest, if any (genesis has none).
pub fn slot_of<H: HeaderT>(header: &H) -> Option<Slot> {
	header
		.digest()
		.logs()
		.iter()
		.find_map(<_ as CompatibleDigestItem<AuthoritySignature>>::as_aura_pre_digest)
}

/// The slot for the next block: the wall clock's, but always after the parent's.
pub fn next_slot(parent_slot: Option<Slot>, now_millis: u64) -> u64 {
	let wall_clock = now_millis / RELAY_CHAIN_SLOT_DURATION_MILLIS;
	match parent_slot {
		Some(parent) => wall_clock.max(u64::from(parent).saturating_add(1)),
		None => wall_clock,
	}
}

/// Whether a chain whose last block is in `best_slot` is at or past the wall clock's slot.
pub fn at_or_ahead_of_wall_clock(best_slot: Option<Slot>, now_millis: u64) -> bool {
	best_slot.is_some_and(|slot| u64::from(slot) >= now_millis / RELAY_CHAIN_SLOT_DURATION_MILLIS)
}

/// Whether the best block of `client` is at or past the wall clock's slot.
pub fn chain_ahead<C: HeaderBackend<Block>>(client: &C) -> bool {
	let best = client.info().best_hash;
	let slot = client.header(best).ok().flatten().and_then(|header| slot_of(&header));
	at_or_ahead_of_wall_clock(slot, now_millis())
}

fn now_millis() -> u64 {
	SystemTime::now()
		.duration_since(SystemTime::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default()
}

/// Builds the inherent data providers for the child of `parent`.
pub fn providers<C>(
	client: &Arc<C>,
	para_id: ParaId,
	parent: <Block as BlockT>::Hash,
) -> Result<DevInherentProviders, Box<dyn std::error::Error + Send + Sync>>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block>,
	C::Api: CollectCollationInfo<Block>,
{
	let parent_header = client
		.header(parent)?
		.ok_or_else(|| format!("parent block {parent} is not in the database"))?;
	let para_block = parent_header.number().saturating_add(1);

	let slot = next_slot(slot_of(&parent_header), now_millis());
	let relay_slot = u32::try_from(slot).map_err(|_| "relay slot out of range")?;

	// A runtime upgrade waits for the relay chain's go-ahead; the mock gives it at once.
	let upgrade_pending = client
		.runtime_api()
		.collect_collation_info(parent, &parent_header)
		.map(|info| info.new_validation_code.is_some())
		.unwrap_or_default();

	let relay = MockValidationDataInherentDataProvider::<()> {
		current_para_block: para_block,
		para_id,
		current_para_block_head: Some(HeadData(parent_header.encode())),
		// One relay block per para block, so the relay parent number equals the slot.
		relay_offset: relay_slot.saturating_sub(para_block),
		relay_blocks_per_para_block: 1,
		para_blocks_per_relay_epoch: 10,
		upgrade_go_ahead: upgrade_pending.then_some(UpgradeGoAhead::GoAhead),
		..Default::default()
	};
	let timestamp = sp_timestamp::InherentDataProvider::new(
		slot.saturating_mul(RELAY_CHAIN_SLOT_DURATION_MILLIS).into(),
	);
	Ok((timestamp, relay))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn next_slot_follows_the_wall_clock_when_idle() {
		assert_eq!(next_slot(None, 60_000), 10);
		assert_eq!(next_slot(Some(Slot::from(5)), 60_000), 10);
	}

	#[test]
	fn a_chain_is_ahead_once_its_last_block_holds_the_wall_clock_slot() {
		assert!(!at_or_ahead_of_wall_clock(None, 60_000));
		assert!(!at_or_ahead_of_wall_clock(Some(Slot::from(9)), 60_000));
		assert!(at_or_ahead_of_wall_clock(Some(Slot::from(10)), 60_000));
		assert!(at_or_ahead_of_wall_clock(Some(Slot::from(13)), 65_999));
	}

	#[test]
	fn next_slot_moves_past_the_parent_under_bursts() {
		assert_eq!(next_slot(Some(Slot::from(10)), 60_000), 11);
		assert_eq!(next_slot(Some(Slot::from(42)), 60_000), 43);
	}
}
