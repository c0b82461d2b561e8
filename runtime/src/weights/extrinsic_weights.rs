//! Weight of executing a no-op extrinsic (`System::remark`).

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight},
};

parameter_types! {
	/// Time to execute a no-op extrinsic: 125 µs of reference time.
	pub const ExtrinsicBaseWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(125_000), 0);
}

#[cfg(test)]
mod test_weights {
	use frame_support::weights::constants;

	#[test]
	fn extrinsic_base_weight_is_sane() {
		let w = super::ExtrinsicBaseWeight::get();
		assert!(w.ref_time() >= 10u64 * constants::WEIGHT_REF_TIME_PER_MICROS, "below 10 µs");
		assert!(w.ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS, "above 1 ms");
	}
}
