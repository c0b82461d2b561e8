//! AFL++ target: each input is decoded into an action sequence ([`cpchain_fuzz::run_bytes`])
//! and run from genesis; a broken invariant, a weight overrun or a runtime panic aborts, which
//! AFL++ records as a crash. Reproduce one with
//! `cpchain-fuzz --stdin < fuzz/afl/out/default/crashes/<file>`.

/// Actions decoded from one input at most: longer inputs add nothing but time.
const MAX_ACTIONS: usize = 200;

fn main() {
	afl::fuzz!(|bytes: &[u8]| {
		if let Err(failure) = cpchain_fuzz::run_bytes(bytes, MAX_ACTIONS) {
			panic!("{failure}");
		}
	});
}
