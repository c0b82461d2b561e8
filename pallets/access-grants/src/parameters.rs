//! The market's section of CPChain's parameters: the bounds of each.

use alloc::{vec, vec::Vec};
use cpchain_primitives::parameters::{deposits_beyond, share_beside, Section};
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, Perbill};

use crate::{
	pallet::*, DepositFloors, ParameterChange, ParameterKey, MAX_CFRAG_RETENTION,
	MAX_DELIVERY_WINDOW, MAX_PROXY_FEE, MAX_REQUEST_TIMEOUT, MIN_CFRAG_RETENTION,
	MIN_DELIVERY_WINDOW, MIN_PROXY_FEE, MIN_REQUEST_TIMEOUT,
};

impl<T: Config> Pallet<T> {
	/// What each item's storage costs: the least deposits.
	pub fn deposit_floors() -> DepositFloors<BalanceOf<T>> {
		DepositFloors {
			listing: T::MinListingDeposit::get(),
			request: T::MinRequestDeposit::get(),
			grant: T::MinGrantDeposit::get(),
		}
	}
}

impl<T: Config> Section for Pallet<T> {
	type Record = ParametersOf<T>;
	type Change = ParameterChange<BalanceOf<T>, BlockNumberFor<T>>;
	type Key = ParameterKey;

	fn initial() -> Self::Record {
		T::DefaultParameters::get()
	}

	fn check(record: &Self::Record) -> DispatchResult {
		record.check(&Self::deposit_floors()).map_err(|e| Error::<T>::from(e).into())
	}

	fn beyond_bounds(key: ParameterKey) -> Vec<Self::Change> {
		use ParameterChange as C;
		use ParameterKey as K;
		let floors = Self::deposit_floors();
		let deposits = |floor: BalanceOf<T>| {
			let [below, above] = deposits_beyond(floor);
			(below, above)
		};
		let blocks = |min: u32, max: u32| {
			(BlockNumberFor::<T>::from(min.saturating_sub(1)), max.saturating_add(1).into())
		};
		let below = |p: Perbill| Perbill::from_parts(p.deconstruct().saturating_sub(1));
		let above = |p: Perbill| Perbill::from_parts(p.deconstruct().saturating_add(1));
		match key {
			K::ListingDeposit => {
				let (low, high) = deposits(floors.listing);
				vec![C::ListingDeposit(low), C::ListingDeposit(high)]
			}
			K::RequestDeposit => {
				let (low, high) = deposits(floors.request);
				vec![C::RequestDeposit(low), C::RequestDeposit(high)]
			}
			K::GrantDeposit => {
				let (low, high) = deposits(floors.grant);
				vec![C::GrantDeposit(low), C::GrantDeposit(high)]
			}
			K::ProxyFee => {
				vec![C::ProxyFee(below(MIN_PROXY_FEE)), C::ProxyFee(above(MAX_PROXY_FEE))]
			}
			K::RequestTimeout => {
				let (low, high) = blocks(MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT);
				vec![C::RequestTimeout(low), C::RequestTimeout(high)]
			}
			K::DeliveryWindow => {
				let (low, high) = blocks(MIN_DELIVERY_WINDOW, MAX_DELIVERY_WINDOW);
				vec![C::DeliveryWindow(low), C::DeliveryWindow(high)]
			}
			K::CfragRetention => {
				let (low, high) = blocks(MIN_CFRAG_RETENTION, MAX_CFRAG_RETENTION);
				vec![C::CfragRetention(low), C::CfragRetention(high)]
			}
		}
	}

	fn within_bounds(key: ParameterKey) -> Self::Change {
		use ParameterChange as C;
		use ParameterKey as K;
		let initial = Self::initial();
		// One unit up: every initial value sits below its upper bound.
		let one = |v: BalanceOf<T>| v.saturating_add(1u32.into());
		let block = |v: BlockNumberFor<T>| v.saturating_add(1u32.into());
		match key {
			K::ListingDeposit => C::ListingDeposit(one(initial.listing_deposit)),
			K::RequestDeposit => C::RequestDeposit(one(initial.request_deposit)),
			K::GrantDeposit => C::GrantDeposit(one(initial.grant_deposit)),
			K::ProxyFee => C::ProxyFee(share_beside(initial.proxy_fee, MAX_PROXY_FEE)),
			K::RequestTimeout => C::RequestTimeout(block(initial.request_timeout)),
			K::DeliveryWindow => C::DeliveryWindow(block(initial.delivery_window)),
			K::CfragRetention => C::CfragRetention(block(initial.cfrag_retention)),
		}
	}
}
