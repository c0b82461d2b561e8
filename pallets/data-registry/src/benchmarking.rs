//! Benchmarks of the data registry's calls, each in its worst case.

use super::*;
use crate::pallet::{
	BalanceOf, DeviceKeyRegistrations, Devices, NextDeviceId, Records, RemovedRecords, UmbralKeys,
};
use alloc::vec;
use cpchain_primitives::{
	cid::Cid,
	record::{self, DeviceId, RecordId, MAX_DEVICE_METADATA_LEN},
	umbral::{self, EncodedCapsule, UmbralPublicKey},
};
use frame_benchmarking::v2::*;
use frame_support::storage::StorageValue as _;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use sp_core::{sr25519, H256};
use sp_runtime::traits::Bounded;

/// A CIDv1 of the length IPFS gives a sha2-256 blob in base32.
const CID: &[u8] = b"bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
/// The secp256k1 generator: a valid Umbral public key, for benchmarks here and in other pallets'.
pub const UMBRAL_KEY: [u8; 33] = [
	0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b,
	0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17,
	0x98,
];

/// A valid CID for records made in benchmarks (here and in other pallets' benchmarks).
pub fn cid() -> Cid {
	Cid::parse(CID).expect("a valid CID")
}

/// A test hook for benchmarks: the clock the pallet reads.
pub trait BenchmarkHelper {
	/// Sets the time [`Config::Time`] reports, in milliseconds since the Unix epoch.
	fn set_now(ms: u64);
}

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 4u32.into());
	who
}

fn with_key<T: Config>(name: &'static str) -> T::AccountId {
	let who = funded::<T>(name);
	UmbralKeys::<T>::insert(
		&who,
		RegisteredKey { key: UmbralPublicKey(UMBRAL_KEY), deposit: 0u32.into() },
	);
	who
}

fn device_key() -> sr25519::Public {
	sp_io::crypto::sr25519_generate(DEVICE_KEY_TYPE, None)
}

fn sign(key: &sr25519::Public, message: &[u8]) -> sr25519::Signature {
	sp_io::crypto::sr25519_sign(DEVICE_KEY_TYPE, key, message).expect("the key was just generated")
}

fn capsule() -> EncodedCapsule {
	let mut rng = ChaCha20Rng::from_seed([0; 32]);
	umbral::encrypt_with_rng(&mut rng, &UmbralPublicKey(UMBRAL_KEY), b"reading")
		.expect("a valid key")
		.0
}

/// The device key's consent to its next registration under `owner`.
fn ownership_proof<T: Config>(key: &sr25519::Public, owner: &T::AccountId) -> sr25519::Signature {
	let registration = DeviceKeyRegistrations::<T>::get(key);
	sign(key, &record::ownership_statement(&Pallet::<T>::genesis_hash(), owner, registration))
}

/// The device's signature over a record of `owner`'s, encrypted to the benchmark key.
fn record_signature<T: Config>(
	key: &sr25519::Public,
	owner: &T::AccountId,
	record: RecordId,
	cid: &Cid,
	hash: &H256,
	capsule: &EncodedCapsule,
	size: u64,
) -> sr25519::Signature {
	let content = record::RecordContent {
		record,
		owner,
		owner_key: &UmbralPublicKey(UMBRAL_KEY),
		cid,
		ciphertext_hash: &hash.0,
		capsule,
		size,
	};
	sign(key, &record::record_statement(&Pallet::<T>::genesis_hash(), &content))
}

/// Registers a device for `owner` through the call, with a gateway.
fn registered_device<T: Config>(
	owner: &T::AccountId,
	gateway: &T::AccountId,
) -> (DeviceId, sr25519::Public) {
	let key = device_key();
	let proof = ownership_proof::<T>(&key, owner);
	let device = NextDeviceId::<T>::get();
	Pallet::<T>::register_device(
		RawOrigin::Signed(owner.clone()).into(),
		key,
		proof,
		T::Parameters::get().min_interval_length,
		Default::default(),
		Default::default(),
		Some(gateway.clone()),
	)
	.expect("the owner has a key and funds");
	(device, key)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_umbral_key() {
		let who = funded::<T>("owner");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), UmbralPublicKey(UMBRAL_KEY));
		assert!(UmbralKeys::<T>::contains_key(&who));
	}

	#[benchmark]
	fn remove_umbral_key() {
		let who = funded::<T>("owner");
		Pallet::<T>::set_umbral_key(
			RawOrigin::Signed(who.clone()).into(),
			UmbralPublicKey(UMBRAL_KEY),
		)
		.expect("funded");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!UmbralKeys::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_device(m: Linear<0, MAX_DEVICE_METADATA_LEN>) {
		let owner = with_key::<T>("owner");
		let gateway: T::AccountId = account("gateway", 0, 0);
		let key = device_key();
		// The key's second registration: the count is read and written.
		DeviceKeyRegistrations::<T>::insert(key, 1);
		let proof = ownership_proof::<T>(&key, &owner);
		let metadata: DeviceMetadata = vec![7u8; m as usize].try_into().expect("within the bound");
		let kind: DeviceKind =
			vec![1u8; record::MAX_DEVICE_KIND_LEN as usize].try_into().expect("within the bound");
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			key,
			proof,
			T::Parameters::get().min_interval_length,
			kind,
			metadata,
			Some(gateway),
		);
		assert_eq!(Devices::<T>::get(0).map(|device| device.owner), Some(owner));
	}

	#[benchmark]
	fn deregister_device() {
		let owner = with_key::<T>("owner");
		let (device, _) = registered_device::<T>(&owner, &owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);
		assert!(!Devices::<T>::contains_key(device));
	}

	#[benchmark]
	fn transfer_device() {
		let owner = with_key::<T>("owner");
		let new_owner = with_key::<T>("new_owner");
		let (device, _) = registered_device::<T>(&owner, &owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, new_owner.clone());
		assert_eq!(Devices::<T>::get(device).map(|device| device.owner), Some(new_owner));
	}

	#[benchmark]
	fn set_device_gateway() {
		let owner = with_key::<T>("owner");
		let gateway: T::AccountId = account("gateway", 1, 0);
		let (device, _) = registered_device::<T>(&owner, &owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, Some(gateway.clone()));
		assert_eq!(Devices::<T>::get(device).and_then(|device| device.gateway), Some(gateway));
	}

	/// Sent by the gateway (the longer origin check), with capsule decoding and the device
	/// signature's verification.
	#[benchmark]
	fn register_data() {
		let owner = with_key::<T>("owner");
		let gateway = funded::<T>("gateway");
		let (device, key) = registered_device::<T>(&owner, &gateway);
		let interval = 1;
		T::BenchmarkHelper::set_now(T::Parameters::get().min_interval_length.saturating_mul(3));
		let cid = cid();
		let hash = H256::repeat_byte(7);
		let record = RecordId { device, interval };
		let capsule = capsule();
		let signature = record_signature::<T>(&key, &owner, record, &cid, &hash, &capsule, 1 << 20);
		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), device, interval, cid, hash, capsule, 1 << 20, signature);
		assert!(Records::<T>::contains_key(device, interval));
	}

	#[benchmark]
	fn remove_data() {
		let owner = with_key::<T>("owner");
		let (device, key) = registered_device::<T>(&owner, &owner);
		T::BenchmarkHelper::set_now(T::Parameters::get().min_interval_length.saturating_mul(3));
		let cid = cid();
		let hash = H256::repeat_byte(7);
		let record = RecordId { device, interval: 1 };
		let capsule = capsule();
		let signature = record_signature::<T>(&key, &owner, record, &cid, &hash, &capsule, 1);
		Pallet::<T>::register_data(
			RawOrigin::Signed(owner.clone()).into(),
			device,
			1,
			cid,
			hash,
			capsule,
			1,
			signature,
		)
		.expect("a valid record");
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, 1);
		assert!(!Records::<T>::contains_key(device, 1));
		assert!(RemovedRecords::<T>::contains_key(device, 1));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
