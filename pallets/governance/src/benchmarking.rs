//! Benchmarks: the council cancelling a referendum on its track, and a rejected referendum's
//! submission deposit refunded.

use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};

use crate::*;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn cancel_fast_tracked() -> Result<(), BenchmarkError> {
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let index =
			T::Referenda::ongoing_on(T::CouncilTrack::get()).map_err(BenchmarkError::Stop)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, index);
		assert!(T::Referenda::ongoing_track(index).is_none());
		Ok(())
	}

	#[benchmark]
	fn refund_rejected_submission() -> Result<(), BenchmarkError> {
		let index = T::Referenda::rejected().map_err(BenchmarkError::Stop)?;
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(frame_system::RawOrigin::Signed(caller), index);
		assert_eq!(
			T::Referenda::refund_rejected_submission(index),
			Err(RefundError::AlreadyRefunded)
		);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
