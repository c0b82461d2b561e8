//! Weight of executing an empty block.

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight},
};

parameter_types! {
	/// Time to execute an empty block: 5 ms of reference time.
	pub const BlockExecutionWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(5_000_000), 0);
}

#[cfg(test)]
mod test_weights {
	use frame_support::weights::constants;

	#[test]
	fn block_execution_weight_is_sane() {
		let w = super::BlockExecutionWeight::get();
		assert!(w.ref_time() >= 100u64 * constants::WEIGHT_REF_TIME_PER_MICROS, "below 100 µs");
		assert!(w.ref_time() <= 50u64 * constants::WEIGHT_REF_TIME_PER_MILLIS, "above 50 ms");
	}
}
