//! Long-running workers (the proxy, the auto-approver): one pass after another against the
//! node, reconnecting whenever the node goes away.

use std::time::Duration;

use futures::future::BoxFuture;

use crate::{chain::Chain, Error};

/// A worker's pass over the chain.
pub trait Task {
	/// Does what is due now.
	fn pass<'a>(&'a mut self, chain: &'a Chain) -> BoxFuture<'a, Result<(), Error>>;
}

/// Runs `task` every `every` against the node at `url` until the process is stopped, or once if
/// `once` is set (then its error is returned). Errors are reported and the connection is made
/// again, so a restarted node is picked up.
pub async fn run(
	url: &str,
	every: Duration,
	once: bool,
	task: &mut impl Task,
) -> Result<(), Error> {
	loop {
		let outcome = match Chain::connect(url).await {
			Ok(chain) => loop {
				if let Err(error) = task.pass(&chain).await {
					break Err(error);
				}
				if once {
					break Ok(());
				}
				tokio::time::sleep(every).await;
			},
			Err(error) => Err(error),
		};
		match outcome {
			Ok(()) => return Ok(()),
			Err(error) if once => return Err(error),
			Err(error) => {
				eprintln!("{error}; trying again in {} s", every.as_secs_f32());
				tokio::time::sleep(every).await;
			}
		}
	}
}
