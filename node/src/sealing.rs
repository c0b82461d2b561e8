//! The stream of seal commands that drives the development node's block production.

use std::time::Duration;

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

/// Merges the commands of the chosen sealing mode with those from the `engine_*` RPC methods.
pub fn commands<H, P>(
	mode: Sealing,
	block_time_ms: u64,
	pool: &P,
	rpc_commands: mpsc::Receiver<Command<H>>,
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
			// Only transactions that are ready to go in a block trigger one.
			let on_ready = pool.import_notification_stream().map(|_| seal(false));
			let base = stream::select(rpc_commands, on_ready);
			if timed {
				Box::pin(stream::select(base, ticks(period)))
			} else {
				Box::pin(base)
			}
		}
	}
}
