//! The data registry's section of CPChain's parameters: the bounds of each.

use alloc::{vec, vec::Vec};
use cpchain_primitives::parameters::{deposits_beyond, Section};
use frame_support::{pallet_prelude::*, traits::Get};
use sp_runtime::traits::Saturating;

use crate::{pallet::*, ParameterChange, ParameterFloors, ParameterKey, MAX_INTERVAL_LENGTH};

impl<T: Config> Pallet<T> {
	/// What the parameters are checked against.
	pub fn parameter_floors() -> ParameterFloors<BalanceOf<T>> {
		ParameterFloors {
			umbral_key: T::MinUmbralKeyDeposit::get(),
			device: T::MinDeviceDeposit::get(),
			record: T::MinRecordDeposit::get(),
			interval: T::ShortestInterval::get(),
		}
	}
}

impl<T: Config> Section for Pallet<T> {
	type Record = ParametersOf<T>;
	type Change = ParameterChange<BalanceOf<T>>;
	type Key = ParameterKey;

	fn initial() -> Self::Record {
		T::DefaultParameters::get()
	}

	fn check(record: &Self::Record) -> DispatchResult {
		record.check(&Self::parameter_floors()).map_err(|e| Error::<T>::from(e).into())
	}

	fn beyond_bounds(key: ParameterKey) -> Vec<Self::Change> {
		use ParameterChange as C;
		use ParameterKey as K;
		let floors = Self::parameter_floors();
		let initial = Self::initial();
		match key {
			K::UmbralKeyDeposit => {
				deposits_beyond(floors.umbral_key).into_iter().map(C::UmbralKeyDeposit).collect()
			}
			K::DeviceDeposit => {
				deposits_beyond(floors.device).into_iter().map(C::DeviceDeposit).collect()
			}
			K::RecordDeposit => {
				deposits_beyond(floors.record).into_iter().map(C::RecordDeposit).collect()
			}
			// Below a block, and above the longest.
			K::MinIntervalLength => vec![
				C::MinIntervalLength(floors.interval.saturating_sub(1)),
				C::MinIntervalLength(initial.max_interval_length.saturating_add(1)),
			],
			// Below the shortest, and above a week.
			K::MaxIntervalLength => vec![
				C::MaxIntervalLength(initial.min_interval_length.saturating_sub(1)),
				C::MaxIntervalLength(MAX_INTERVAL_LENGTH.saturating_add(1)),
			],
		}
	}

	fn within_bounds(key: ParameterKey) -> Self::Change {
		use ParameterChange as C;
		use ParameterKey as K;
		let initial = Self::initial();
		let one = |v: BalanceOf<T>| v.saturating_add(1u32.into());
		match key {
			K::UmbralKeyDeposit => C::UmbralKeyDeposit(one(initial.umbral_key_deposit)),
			K::DeviceDeposit => C::DeviceDeposit(one(initial.device_deposit)),
			K::RecordDeposit => C::RecordDeposit(one(initial.record_deposit)),
			// Each interval bound one step towards the other: both stay in order.
			K::MinIntervalLength => {
				C::MinIntervalLength(initial.min_interval_length.saturating_add(1))
			}
			K::MaxIntervalLength => {
				C::MaxIntervalLength(initial.max_interval_length.saturating_sub(1))
			}
		}
	}
}
