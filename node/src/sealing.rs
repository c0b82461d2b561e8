//! The stream of seal commands that drives the development node's block production.

use std::{
	sync::Arc,
	time::{Duration, SystemTime, UNIX_EPOCH},
};

use futures::{channel::mpsc, stream, Stream, StreamExt};
use sc_consensus_manual_seal::EngineCommand;
use sc_transaction_pool_api::TransactionPool;

use crate::cli::Sealing;

type Command<H> = EngineCommand<H>;

fn seal<H>(create_empty: bool) -> Command<H> {
	EngineCommand::SealNewBlock { create_empty, finalize: true, parent_hash: None, sender: None }
}

/// A tick every `period`, as a seal command for a block even without transactions.
fn ticks<H: Send + 'static>(period: Duration) -> impl Stream<Item = Command<H>> + Send {
	stream::unfold((), move |()| async move {
		futures_timer::Delay::new(period).await;
		Some((seal(true), ()))
	})
}

/// How long until just after the next wall-clock multiple of `period`.
fn until_next_boundary(period: Duration) -> Duration {
	let period_ms = period.as_millis().max(1) as u64;
	let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as u64;
	Duration::from_millis(period_ms - now % period_ms + BOUNDARY_MARGIN_MS)
}

/// Past a slot boundary by this much, so the wall clock is surely in the new slot.
const BOUNDARY_MARGIN_MS: u64 = 50;

/// Idle blocks for instant sealing: just after each wall-clock multiple of `period`, unless
/// `ahead()` says the chain's last block is already at or past the wall clock's slot. Bursts of
/// transactions push block slots (and timestamps) ahead of the wall clock, one slot a block;
/// skipping idle blocks until the wall clock catches up keeps the chain's clock from staying
/// ahead for good, which matters to anything that compares it with real time (the gateway's
/// intervals).
fn idle_ticks<H: Send + 'static>(
	period: Duration,
	ahead: Arc<dyn Fn() -> bool + Send + Sync>,
) -> impl Stream<Item = Command<H>> + Send {
	stream::unfold((), move |()| {
		let ahead = ahead.clone();
		async move {
			loop {
				futures_timer::Delay::new(until_next_boundary(period)).await;
				if !ahead() {
					return Some((seal(true), ()));
				}
			}
		}
	})
}

/// Merges the commands of the chosen sealing mode with those from the `engine_*` RPC methods.
pub fn commands<H, P>(
	mode: Sealing,
	block_time_ms: u64,
	pool: &P,
	rpc_commands: mpsc::Receiver<Command<H>>,
	chain_ahead: Arc<dyn Fn() -> bool + Send + Sync>,
) -> std::pin::Pin<Box<dyn Stream<Item = Command<H>> + Send>>
where
	H: Send + 'static,
	P: TransactionPool,
{
	// A zero period would spin; the CLI rejects it for interval sealing.
	let period = Duration::from_millis(block_time_ms.max(1));
	let timed = block_time_ms > 0;
	match mode {
		Sealing::Manual => Box::pin(rpc_commands),
		Sealing::Interval => Box::pin(stream::select(rpc_commands, ticks(period))),
		Sealing::Instant => {
			// A transaction gets its block at once, sealed even if it looks empty: manual sealing
			// calls a block empty when it has as many extrinsics as inherent-data items, and the
			// parachain inherent brings two items for one extrinsic, so a block with one
			// transaction would be thrown away. With idle blocks on, a transaction that arrives
			// while the chain's last block already holds the wall clock's slot waits for the
			// next slot's block instead: every block takes a slot, so sealing at once would put
			// the chain's clock ahead of the wall clock.
			let ahead = chain_ahead.clone();
			let on_ready = pool
				.import_notification_stream()
				.filter(move |_| futures::future::ready(!(timed && ahead())))
				.map(|_| seal(true));
			let base = stream::select(rpc_commands, on_ready);
			if timed {
				Box::pin(stream::select(base, idle_ticks(period, chain_ahead)))
			} else {
				Box::pin(base)
			}
		}
	}
}
