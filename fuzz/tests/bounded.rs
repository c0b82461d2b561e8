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

// Regressions: reproductions the fuzzer printed, pasted as it says.

// Found: unbenchmarked storage at action 3: AccessGrants(Call::create_listing { offer: Stream
// { device: 0, .. }, .. }) read {"DataRegistry::Devices"}, which its weights' benchmarks do not
// list. A stream listing was weighed as a set of no records: its device read was unpaid.
// Call { origin: Signed(5), call: SetUmbralKey { key: Fresh }, nonce_offset: 0 }
// Call { origin: Signed(5), call: RegisterDevice { key: 5, proof: Valid, interval_blocks: 2, metadata: 3, gateway: None }, nonce_offset: 0 }
// NextBlock { skip: 0 }
// Call { origin: Signed(5), call: CreateListing { offer: Stream { device: 4 }, price: Cpc(1326142), expires_in: None, max_buyers: Some(1), approver: None }, nonce_offset: 0 }
#[test]
fn a_stream_listing_is_weighed_with_its_device_read() {
	cpchain_fuzz::replay("100200050400000200050605000203000000000200050c0004053e3c14000001010000")
		.unwrap();
}
