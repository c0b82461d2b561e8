//! Weight of ParityDB reads and writes.

/// Database weight constants.
pub mod constants {
	use frame_support::{
		parameter_types,
		weights::{constants, RuntimeDbWeight},
	};

	parameter_types! {
		/// ParityDB: 8 µs per read, 50 µs per write.
		pub const ParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			read: 8_000 * constants::WEIGHT_REF_TIME_PER_NANOS,
			write: 50_000 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod test_db_weights {
		use super::ParityDbWeight as W;
		use frame_support::weights::constants;

		#[test]
		fn db_weights_are_sane() {
			assert!(W::get().reads(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS);
			assert!(W::get().writes(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS);
			assert!(W::get().reads(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS);
			assert!(W::get().writes(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS);
		}
	}
}
