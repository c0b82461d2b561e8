//! Prints the PoV size and validation time of blocks full of each kind of work, against the
//! relay chain's limits: `cargo run -p cpchain-validation --bin pov-figures [RUNS]`.
//!
//! Validation runs the runtime's `validate_block` with the relay chain's PVF executor; each
//! block is validated RUNS times (default 5) and the minimum, median and maximum are printed.

use std::time::Duration;

use cpchain_runtime::WASM_BINARY;
use cpchain_validation::{scenarios, Candidate, Collator, Validator};
use polkadot_primitives::{
	executor_params::DEFAULT_BACKING_EXECUTION_TIMEOUT, MAX_CODE_SIZE, MAX_POV_SIZE,
};

fn main() -> Result<(), String> {
	let runs: usize =
		std::env::args().nth(1).map_or(Ok(5), |n| n.parse()).map_err(|e| format!("{e}"))?;
	let code = WASM_BINARY.ok_or("the runtime's wasm was not built")?;
	let validator = Validator::new(code)?;
	// A debug build of this crate gets the runtime's wasm built in release but neither compacted
	// nor compressed; the relay chain stores it compressed, which is what its code limit holds.
	let limit = cpchain_validation::pvf::CODE_BOMB_LIMIT;
	let compressed = match sp_maybe_compressed_blob::decompress(code, limit) {
		Ok(std::borrow::Cow::Owned(_)) => code.len(),
		_ => sp_maybe_compressed_blob::compress_strongly(code, limit)
			.map_or(code.len(), |blob| blob.len()),
	};
	println!(
		"validation code: {} bytes as built, {compressed} compressed (limit {MAX_CODE_SIZE}); \
		 compiled in {:.1} s",
		validator.code_size,
		validator.prepare_time.as_secs_f64()
	);
	println!(
		"limits: PoV {} bytes, backing execution {} ms; {runs} runs each\n",
		MAX_POV_SIZE,
		DEFAULT_BACKING_EXECUTION_TIMEOUT.as_millis()
	);
	println!(
		"{:<34} {:>6} {:>10} {:>6} {:>10} {:>7} {:>24} {:>6}",
		"block",
		"txs",
		"PoV bytes",
		"% PoV",
		"compressed",
		"nodes",
		"validation ms (min/med/max)",
		"% 2 s"
	);
	let print = |name: &str, candidate: &Candidate| -> Result<(), String> {
		let params = candidate.params();
		let mut times: Vec<Duration> = (0..runs.max(1))
			.map(|_| validator.validate(&params).map(|v| v.time))
			.collect::<Result<_, _>>()?;
		times.sort();
		let ms = |d: &Duration| d.as_secs_f64() * 1e3;
		let median = &times[times.len() / 2];
		println!(
			"{:<34} {:>6} {:>10} {:>6.2} {:>10} {:>7} {:>8.1} /{:>6.1} /{:>6.1} {:>6.1}",
			name,
			candidate.transactions(),
			candidate.pov_size(),
			candidate.pov_size() as f64 * 100.0 / f64::from(MAX_POV_SIZE),
			candidate.compressed_pov_size(),
			candidate.proof.encoded_nodes.len(),
			ms(&times[0]),
			ms(median),
			ms(&times[times.len() - 1]),
			ms(median) * 100.0 / ms(&DEFAULT_BACKING_EXECUTION_TIMEOUT),
		);
		Ok(())
	};

	let mut chain: Collator = scenarios::development(0)?;
	print("empty (inherents only)", &scenarios::empty(&mut chain)?)?;
	print("full of transfers", &scenarios::transfers(&mut chain, usize::MAX)?)?;
	let (mut data, _) = scenarios::data_setup(&mut chain)?;
	print("full of register_data", &scenarios::register_data(&mut chain, &mut data, usize::MAX)?)?;
	scenarios::grant_setup(&mut chain, &mut data)?;
	print(
		"full of submit_cfrag (2-of-3 grant)",
		&scenarios::submit_cfrags(&mut chain, &data, usize::MAX)?,
	)?;
	for candidates in [100, 1_000] {
		let mut chain = scenarios::development(candidates - 3)?;
		let block = scenarios::until_election(&mut chain, 40)?;
		print(&format!("session change, election of {candidates}"), &block)?;
	}
	Ok(())
}
