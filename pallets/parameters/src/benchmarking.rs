//! Benchmarks: setting one parameter of each section (the record read, changed, checked and
//! written). A section without parameters has nothing to set: its benchmark is weightless.

use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOriginWithArg;

use crate::*;

/// A change of `S`'s costliest parameter within its bounds, if it has one.
fn a_change<S: Section>() -> Result<S::Change, BenchmarkError> {
	let key = S::costliest().ok_or(BenchmarkError::Weightless)?;
	Ok(S::within_bounds(key))
}

fn origin_for<T: Config>(change: &ChangeOf<T>) -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin(&Pallet::<T>::key(change))
		.map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_committee_parameter() -> Result<(), BenchmarkError> {
		let change = Change::Committee(a_change::<T::Committee>()?);
		let origin = origin_for::<T>(&change)?;
		#[extrinsic_call]
		set_parameter(origin as T::RuntimeOrigin, change);
		Ok(())
	}

	#[benchmark]
	fn set_economics_parameter() -> Result<(), BenchmarkError> {
		let change = Change::Economics(a_change::<T::Economics>()?);
		let origin = origin_for::<T>(&change)?;
		#[extrinsic_call]
		set_parameter(origin as T::RuntimeOrigin, change);
		Ok(())
	}

	#[benchmark]
	fn set_market_parameter() -> Result<(), BenchmarkError> {
		let change = Change::Market(a_change::<T::Market>()?);
		let origin = origin_for::<T>(&change)?;
		#[extrinsic_call]
		set_parameter(origin as T::RuntimeOrigin, change);
		Ok(())
	}

	#[benchmark]
	fn set_registry_parameter() -> Result<(), BenchmarkError> {
		let change = Change::Registry(a_change::<T::Registry>()?);
		let origin = origin_for::<T>(&change)?;
		#[extrinsic_call]
		set_parameter(origin as T::RuntimeOrigin, change);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
