//! The bounded run of the test command: a fixed range of seeds, about a minute on a 2-core
//! machine in a debug build. A failing seed prints its shrunk reproduction; paste it below as
//! a regression test.

use cpchain_fuzz::{reproduction, run, sequence_of_seed, shrink, Stats};

/// Seeds the bounded run covers.
const SEEDS: std::ops::Range<u64> = 0..40;
/// Actions per sequence.
const ACTIONS: usize = 200;

#[test]
fn every_sequence_of_the_fixed_seed_range_keeps_the_invariants() {
	let mut total = Stats::default();
	for seed in SEEDS {
		let actions = sequence_of_seed(seed, ACTIONS);
		match run(&actions) {
			Ok(stats) => total.add(&stats),
			Err(failure) => {
				let (shrunk, failure) = shrink(&actions, &failure, 300);
				panic!(
					"seed {seed} fails: {failure}\n{}",
					reproduction(&format!("seed_{seed}"), &shrunk, &failure)
				);
			}
		}
	}
	println!("{total:#?}");
	// The run must reach what it is meant to test, or it proves nothing.
	assert!(total.blocks >= 200, "{total:?}");
	assert!(total.sessions >= 10, "{total:?}");
	assert!(total.elections >= 3, "{total:?}");
	assert!(total.succeeded >= 400, "{total:?}");
	assert!(total.failed >= 400, "{total:?}");
	for (call, [refused, failed, succeeded]) in &total.calls {
		println!("{call:>20}: {succeeded:>5} succeeded, {failed:>5} failed, {refused:>5} refused");
	}
}
