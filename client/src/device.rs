//! Devices: registration (with the device key's consent), listing, handing the key to a
//! gateway node, and sending signed readings to a gateway as a device does.

use cpchain_primitives::record::{self, DeviceId, Reading};
use cpchain_runtime::{pallet_data_registry, AccountId, Runtime, RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair};

use crate::{
	chain::{account_of, find_event, Chain},
	keys::KeyFile,
	Error,
};

/// What a new device is registered with.
pub struct NewDevice {
	/// Milliseconds per encryption interval.
	pub interval_length_ms: u64,
	/// What kind of sensor it is.
	pub kind: Vec<u8>,
	/// Free-form description.
	pub metadata: Vec<u8>,
	/// An account that may register its records besides the owner.
	pub gateway: Option<AccountId>,
}

/// Registers a new device under `owner` with a fresh key, which is kept in `keys` (the caller
/// saves the file). Returns the device's id.
pub async fn register(
	chain: &Chain,
	keys: &mut KeyFile,
	owner: &sr25519::Pair,
	new: NewDevice,
) -> Result<DeviceId, Error> {
	let (device_key, seed) = KeyFile::new_device_key();
	// The consent names the key's registration count, so it serves this registration only.
	let registrations = chain
		.storage::<u32>(
			&pallet_data_registry::DeviceKeyRegistrations::<Runtime>::hashed_key_for(
				device_key.public(),
			),
			None,
		)
		.await?
		.unwrap_or(0);
	let statement =
		record::ownership_statement(&chain.genesis.0, &account_of(owner.public()), registrations);
	let call = RuntimeCall::DataRegistry(pallet_data_registry::Call::register_device {
		key: device_key.public(),
		ownership_proof: device_key.sign(&statement),
		interval_length_ms: new.interval_length_ms,
		kind: new.kind.try_into().map_err(|_| Error::Other("the kind is too long".into()))?,
		metadata: new
			.metadata
			.try_into()
			.map_err(|_| Error::Other("the metadata is too long".into()))?,
		gateway: new.gateway,
	});
	let events = chain.submit(owner, call).await?;
	let device = find_event(&events, "DeviceRegistered", |event| match event {
		RuntimeEvent::DataRegistry(pallet_data_registry::Event::DeviceRegistered {
			device,
			..
		}) => Some(*device),
		_ => None,
	})?;
	keys.devices.insert(device, seed);
	Ok(device)
}

/// Puts a device's key into a gateway node's keystore, so its offchain worker can sign the
/// device's records.
pub async fn hand_to_gateway(
	gateway: &Chain,
	keys: &KeyFile,
	device: DeviceId,
) -> Result<(), Error> {
	let pair = keys.device(device)?;
	let seed = keys.devices.get(&device).ok_or(Error::NoDeviceKey(device))?;
	let key_type = pallet_data_registry::DEVICE_KEY_TYPE;
	let key_type = std::str::from_utf8(&key_type.0).map_err(|e| Error::Other(e.to_string()))?;
	gateway.insert_key(key_type, &format!("0x{seed}"), pair.public().as_ref()).await
}

/// Signs readings as the device and sends them to a gateway node. Returns how many it stored.
pub async fn send_readings(
	gateway: &Chain,
	keys: &KeyFile,
	device: DeviceId,
	readings: Vec<(u64, Vec<u8>)>,
) -> Result<u32, Error> {
	let pair = keys.device(device)?;
	let readings: Vec<Reading> = readings
		.into_iter()
		.map(|(timestamp_ms, payload)| {
			let statement =
				record::reading_statement(&gateway.genesis.0, device, timestamp_ms, &payload);
			Reading { timestamp_ms, signature: pair.sign(&statement).0, payload }
		})
		.collect();
	gateway.submit_readings(device, &readings).await
}
