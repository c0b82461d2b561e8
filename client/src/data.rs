//! Data: a file or an interval's readings, encrypted once to the owner's Umbral key, stored on
//! IPFS and registered on chain; and the way back.

use codec::Decode;
use cpchain_primitives::{
	cid::Cid,
	interval::{self, IntervalIndex},
	record::{self, DeviceId, Reading, RecordId},
	umbral,
};
use cpchain_runtime::{
	pallet_access_grants::Delivery, pallet_data_registry, AccountId, RecordOf, RuntimeCall,
};
use rand_core::OsRng;
use sp_core::{sr25519, Pair, H256};

use crate::{chain::Chain, ipfs::Ipfs, keys::KeyFile, Error};

/// Encrypts `plaintext` to the keys file's Umbral key, stores it on IPFS and registers it as
/// `device`'s record for `interval` (by default the interval that closed last), signed by the
/// device key and sent by `sender` (the device's owner or gateway). Returns the record's id.
pub async fn put(
	chain: &Chain,
	ipfs: &Ipfs,
	keys: &KeyFile,
	sender: &sr25519::Pair,
	device: DeviceId,
	interval: Option<IntervalIndex>,
	plaintext: &[u8],
) -> Result<RecordId, Error> {
	let entry = chain.device(device).await?;
	let device_key = keys.device(device)?;
	let interval = match interval {
		Some(interval) => interval,
		None => interval::interval_of(chain.now_ms().await?, entry.interval_length_ms)
			.and_then(|current| current.checked_sub(1))
			.ok_or_else(|| Error::Other("the chain's clock has no closed interval".into()))?,
	};
	let record = RecordId { device, interval };
	if chain.record(record).await.is_ok() {
		return Err(Error::Other(format!(
			"record {record} already exists; pick another interval with --interval"
		)));
	}

	let owner_key = keys.umbral_public()?;
	// The record names the key its blob is encrypted to; the chain takes only the owner's.
	if chain.umbral_key(&entry.owner).await? != Some(owner_key) {
		return Err(Error::Other(
			"the keys file's Umbral key is not the device owner's key on chain".into(),
		));
	}
	let (capsule, ciphertext) = umbral::encrypt_with_rng(&mut OsRng, &owner_key, plaintext)
		.map_err(|e| Error::Other(format!("encryption failed: {e:?}")))?;
	let ciphertext_hash = H256(sp_io::hashing::blake2_256(&ciphertext));
	let size = ciphertext.len() as u64;
	let cid = ipfs.add(ciphertext).await?;
	let cid = Cid::parse(cid.as_bytes())
		.map_err(|e| Error::Ipfs(format!("IPFS returned an unusable CID {cid}: {e:?}")))?;

	let statement = record::record_statement(
		&chain.genesis.0,
		&record::RecordContent {
			record,
			owner: &entry.owner,
			owner_key: &owner_key,
			cid: &cid,
			ciphertext_hash: ciphertext_hash.as_fixed_bytes(),
			capsule: &capsule,
			size,
		},
	);
	let call = RuntimeCall::DataRegistry(pallet_data_registry::Call::register_data {
		device,
		interval,
		cid,
		ciphertext_hash,
		capsule,
		size,
		signature: device_key.sign(&statement),
	});
	chain.submit(sender, call).await?;
	Ok(record)
}

/// Fetches a record's blob from IPFS, checks it against the record's hash, and decrypts it:
/// with the keys file's Umbral key if the record is encrypted to it (the owner), otherwise with
/// the capsule fragments the proxies delivered to `reader` (a buyer).
pub async fn get(
	chain: &Chain,
	ipfs: &Ipfs,
	keys: &KeyFile,
	reader: &AccountId,
	record: RecordId,
) -> Result<Vec<u8>, Error> {
	let entry = chain.record(record).await?;
	let cid = entry.cid.to_text();
	let ciphertext = ipfs.cat(&cid, entry.size as usize).await?;
	if sp_io::hashing::blake2_256(&ciphertext) != entry.ciphertext_hash.0 {
		return Err(Error::HashMismatch(record));
	}
	let secret = keys.umbral_secret()?;
	if let Ok(plaintext) = umbral::decrypt_original(&secret, &entry.capsule, &ciphertext) {
		return Ok(plaintext);
	}
	let deliveries: Vec<Delivery> =
		chain.runtime_call("AccessGrantsApi_deliveries", (reader, record)).await?;
	let capsule = entry.capsule.to_umbral().map_err(|_| Error::NotDecryptable(record))?;
	let mut short = false;
	for delivery in deliveries {
		if delivery.cfrags.len() < delivery.threshold as usize {
			short = true;
			continue;
		}
		// The runtime verified every fragment against the grant's keys before keeping it.
		let cfrags = delivery
			.cfrags
			.iter()
			.filter_map(|cfrag| cfrag.to_umbral().ok())
			.map(|cfrag| cfrag.skip_verification());
		let Ok(delegating) = delivery.delegating.to_umbral() else { continue };
		if let Ok(plaintext) =
			umbral_pre::decrypt_reencrypted(&secret, &delegating, &capsule, cfrags, &ciphertext)
		{
			return Ok(plaintext.into_vec());
		}
	}
	Err(if short { Error::AwaitingProxies(record) } else { Error::NotDecryptable(record) })
}

/// A gateway blob's readings, each with whether the device's signature on it verifies.
pub fn readings(
	genesis: &H256,
	device: DeviceId,
	device_key: &sr25519::Public,
	plaintext: &[u8],
) -> Result<Vec<(Reading, bool)>, Error> {
	let readings = Vec::<Reading>::decode(&mut &plaintext[..])
		.map_err(|_| Error::Other("the blob does not hold gateway readings".into()))?;
	Ok(readings
		.into_iter()
		.map(|reading| {
			let verified = reading.is_signed_by(&genesis.0, device, device_key);
			(reading, verified)
		})
		.collect())
}

/// An owner's records, optionally of one device, with their contents.
pub async fn list(
	chain: &Chain,
	owner: &AccountId,
	device: Option<DeviceId>,
) -> Result<Vec<(RecordId, RecordOf)>, Error> {
	let mut ids = chain.records_of_owner(owner).await?;
	ids.retain(|id| device.is_none_or(|device| id.device == device));
	ids.sort();
	let mut records = Vec::with_capacity(ids.len());
	for id in ids {
		records.push((id, chain.record(id).await?));
	}
	Ok(records)
}

/// Removes one of `owner`'s records (the deposit returns; the blob stays on IPFS).
pub async fn remove(chain: &Chain, owner: &sr25519::Pair, record: RecordId) -> Result<(), Error> {
	let call = RuntimeCall::DataRegistry(pallet_data_registry::Call::remove_data {
		device: record.device,
		interval: record.interval,
	});
	chain.submit(owner, call).await.map(|_| ())
}
