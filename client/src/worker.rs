//! Long-running workers (the proxy, the auto-approver): one pass after another against the
//! node, reconnecting whenever the node goes away, until SIGINT or SIGTERM.

use std::time::Duration;

use futures::future::BoxFuture;

use crate::{chain::Chain, Error};

/// A worker's pass over the chain.
pub trait Task {
	/// Does what is due now.
	fn pass<'a>(&'a mut self, chain: &'a Chain) -> BoxFuture<'a, Result<(), Error>>;
}

/// Runs `task` every `every` against the node at `url` until the process gets SIGINT or
/// SIGTERM, or once if `once` is set (then its error is returned). Errors are reported and the
/// connection is made again, so a restarted node is picked up.
///
/// A signal stops the worker at once, wherever its pass is: a pass keeps its journal
/// consistent at every await point (each entry is written to disk, whole, before what it
/// notes is sent), so stopping between two of them loses nothing. The handlers are installed
/// here, not inherited: a shell starts background jobs with SIGINT ignored, which left
/// `make dev`'s proxies running after Ctrl-C.
pub async fn run(
	url: &str,
	every: Duration,
	once: bool,
	task: &mut impl Task,
) -> Result<(), Error> {
	let stop = stop_signal()?;
	tokio::select! {
		outcome = serve(url, every, once, task) => outcome,
		signal = stop => {
			eprintln!("stopping on {signal}");
			Ok(())
		}
	}
}

/// Resolves to the name of the first of SIGINT and SIGTERM to arrive.
fn stop_signal() -> Result<impl std::future::Future<Output = &'static str>, Error> {
	use tokio::signal::unix::{signal, SignalKind};
	let install = |kind| signal(kind).map_err(|e| Error::Other(format!("signal handler: {e}")));
	let (mut interrupt, mut terminate) =
		(install(SignalKind::interrupt())?, install(SignalKind::terminate())?);
	Ok(async move {
		tokio::select! {
			_ = interrupt.recv() => "SIGINT",
			_ = terminate.recv() => "SIGTERM",
		}
	})
}

async fn serve(url: &str, every: Duration, once: bool, task: &mut impl Task) -> Result<(), Error> {
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
