//! The pallet's invariants, checked by `try_state` and the tests.

use alloc::vec::Vec;
use cpchain_primitives::{funds::HeldTally, record::RecordId};
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The invariants between the maps, the counters and the held deposits.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;

		for (_, registered) in UmbralKeys::<T>::iter() {
			ensure!(registered.key.to_umbral().is_ok(), "a stored Umbral key is invalid");
		}

		let next_device = NextDeviceId::<T>::get();
		let mut devices = 0usize;
		for (id, device) in Devices::<T>::iter() {
			devices += 1;
			ensure!(id < next_device, "a device id is not below NextDeviceId");
			ensure!(DeviceByKey::<T>::get(device.key) == Some(id), "device key index broken");
			ensure!(
				OwnerDevices::<T>::contains_key(&device.owner, id),
				"owner device index broken"
			);
			ensure!(
				UmbralKeys::<T>::contains_key(&device.owner),
				"a device owner has no Umbral key"
			);
		}
		ensure!(DeviceByKey::<T>::iter().count() == devices, "stale device key index");
		ensure!(OwnerDevices::<T>::iter().count() == devices, "stale owner device index");

		let mut records = 0usize;
		let mut counts: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (device, interval, record) in Records::<T>::iter() {
			records += 1;
			*counts.entry(record.owner.clone()).or_default() += 1;
			ensure!(
				OwnerRecords::<T>::contains_key(&record.owner, RecordId { device, interval }),
				"owner record index broken"
			);
		}
		ensure!(OwnerRecords::<T>::iter().count() == records, "stale owner record index");
		ensure!(
			OwnerRecordCount::<T>::iter().collect::<BTreeMap<_, _>>() == counts,
			"an owner's record count differs from its records"
		);
		for (device, interval, ()) in RemovedRecords::<T>::iter() {
			ensure!(device < next_device, "a removed record of a device never registered");
			ensure!(
				!Records::<T>::contains_key(device, interval),
				"a removed record is registered"
			);
		}
		for key in DeviceByKey::<T>::iter_keys() {
			ensure!(
				DeviceKeyRegistrations::<T>::get(key) >= 1,
				"a registered device key has no registration counted"
			);
		}

		for (who, reason, amount) in Self::held_by_storage() {
			ensure!(
				T::Currency::balance_on_hold(&reason.into(), &who) == amount,
				"held deposits differ from what storage accounts for"
			);
		}
		Ok(())
	}

	/// What storage says each account has held, by reason: the deposits of its Umbral key,
	/// devices and records. `try_state` checks the holds against it; a whole-runtime check
	/// can also find holds that nothing explains.
	pub fn held_by_storage() -> Vec<(T::AccountId, HoldReason, BalanceOf<T>)> {
		let mut held = HeldTally::default();
		for (who, registered) in UmbralKeys::<T>::iter() {
			held.add(&who, HoldReason::UmbralKey, registered.deposit);
		}
		for (_, device) in Devices::<T>::iter() {
			held.add(&device.owner, HoldReason::Device, device.deposit);
		}
		for (_, _, record) in Records::<T>::iter() {
			held.add(&record.owner, HoldReason::Record, record.deposit);
		}
		held.into_vec()
	}
}
