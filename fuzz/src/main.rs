//! The long run: `cpchain-fuzz --seeds 0..100000 --actions 300`, or one sequence from engine
//! bytes on standard input with `--stdin`. Prints figures as it goes; on a failure, prints a
//! shrunk reproduction to paste as a regression test and exits with status 1.

use std::{io::Read, process::ExitCode, time::Instant};

use cpchain_fuzz::{reproduction, run, run_bytes, sequence_of_seed, shrink, Stats};

struct Options {
	seeds: std::ops::Range<u64>,
	actions: usize,
	stdin: bool,
	shrink_budget: usize,
}

fn options() -> Result<Options, String> {
	let mut options = Options { seeds: 0..1_000, actions: 200, stdin: false, shrink_budget: 2_000 };
	let mut args = std::env::args().skip(1);
	while let Some(arg) = args.next() {
		let mut value = || args.next().ok_or(format!("{arg} needs a value"));
		match arg.as_str() {
			"--seeds" => {
				let text = value()?;
				let (start, end) = text.split_once("..").ok_or("--seeds takes A..B")?;
				options.seeds =
					start.parse().map_err(|_| "bad seed")?..end.parse().map_err(|_| "bad seed")?;
			}
			"--actions" => options.actions = value()?.parse().map_err(|_| "bad --actions")?,
			"--shrink-budget" => {
				options.shrink_budget = value()?.parse().map_err(|_| "bad --shrink-budget")?
			}
			"--stdin" => options.stdin = true,
			"--help" | "-h" => {
				println!(
					"cpchain-fuzz [--seeds A..B] [--actions N] [--shrink-budget RUNS] [--stdin]"
				);
				std::process::exit(0);
			}
			other => return Err(format!("unknown argument {other}")),
		}
	}
	Ok(options)
}

fn print(stats: &Stats, started: Instant) {
	println!(
		"{} sequences, {} actions, {} extrinsics ({} succeeded, {} failed, {} refused), {} blocks, \
		 {} session changes, {} elections, largest proof {}% of declared, {:.1} s",
		stats.sequences,
		stats.actions,
		stats.extrinsics,
		stats.succeeded,
		stats.failed,
		stats.refused,
		stats.blocks,
		stats.sessions,
		stats.elections,
		stats.max_proof_percent,
		started.elapsed().as_secs_f64()
	);
}

fn main() -> ExitCode {
	let options = match options() {
		Ok(options) => options,
		Err(error) => {
			eprintln!("{error}");
			return ExitCode::from(2);
		}
	};
	let started = Instant::now();
	if options.stdin {
		let mut bytes = Vec::new();
		if std::io::stdin().read_to_end(&mut bytes).is_err() {
			return ExitCode::from(2);
		}
		return match run_bytes(&bytes, options.actions) {
			Ok(stats) => {
				print(&stats, started);
				ExitCode::SUCCESS
			}
			Err(failure) => {
				eprintln!("{failure}");
				ExitCode::FAILURE
			}
		};
	}
	let mut total = Stats::default();
	for seed in options.seeds.clone() {
		let actions = sequence_of_seed(seed, options.actions);
		match run(&actions) {
			Ok(stats) => total.add(&stats),
			Err(failure) => {
				print(&total, started);
				println!("seed {seed} fails: {failure}\nshrinking...");
				let (shrunk, failure) = shrink(&actions, &failure, options.shrink_budget);
				println!("{}", reproduction(&format!("seed_{seed}"), &shrunk, &failure));
				return ExitCode::FAILURE;
			}
		}
		if total.sequences % 50 == 0 {
			print(&total, started);
		}
	}
	print(&total, started);
	ExitCode::SUCCESS
}
