//! # Data registry pallet
//!
//! The chain's side of CPChain's data layer: who owns which devices, and which encrypted blobs
//! on IPFS hold each device's data. Raw data never reaches the chain.
//!
//! ## Overview
//!
//! An owner registers an Umbral public key, then devices, each with its own sr25519 signing
//! key. A device's data is cut into intervals; each interval's readings are encrypted once with
//! Umbral to the owner's key, stored on IPFS, and registered here as a [`Record`]: the CID, the
//! hash of the ciphertext, the capsule and the size, signed by the device. The record's
//! encoding is bounded below 300 bytes whatever the blob's size.
//!
//! The owner's gateway (a `cpchain-node` with the device and gateway keys in its keystore) does
//! this by itself: readings arrive through the node's `gateway_submitReadings` RPC, which calls
//! [`Pallet::accept_readings`] through the [`runtime_api::DataRegistryApi`], and the pallet's
//! offchain worker closes each finished interval (see [`gateway`]).
//!
//! ## Terminology
//!
//! - **Device**: a sensor registered under an owner, with its signing key and interval length.
//! - **Gateway**: an account the owner lets register records for a device.
//! - **Interval**: a device's unit of encryption, storage and sale (see
//!   [`cpchain_primitives::interval`]).
//! - **Record**: one device's encrypted data for one interval, named by a [`RecordId`].
//! - **Capsule**: the Umbral value that opens a record's ciphertext for its owner, or for a buyer
//!   through re-encryption.
//! - **Deposit**: balance held from the owner for each key, device and record it stores.
//!
//! ## Calls
//!
//! - [`Pallet::set_umbral_key`], [`Pallet::remove_umbral_key`]: an account's Umbral public key.
//! - [`Pallet::register_device`], [`Pallet::deregister_device`], [`Pallet::transfer_device`],
//!   [`Pallet::set_device_gateway`]: devices.
//! - [`Pallet::register_data`], [`Pallet::remove_data`]: records.
//!
//! Records and devices can be listed page by page with [`Pallet::records_of_owner`],
//! [`Pallet::records_of_device`] and [`Pallet::devices_of`], which the runtime API exposes.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod gateway;
#[cfg(any(feature = "try-runtime", test))]
mod impl_try_state;
#[cfg(test)]
mod mock;
mod parameters;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::data-registry";

/// The key type of device signing keys in a gateway's keystore.
pub const DEVICE_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"cpdv");
/// The key type of the gateway's account key in its keystore.
pub const GATEWAY_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"cpgw");

/// The gateway's account key, which signs its `register_data` transactions.
pub mod gateway_crypto {
	use super::GATEWAY_KEY_TYPE;
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		MultiSignature, MultiSigner,
	};
	app_crypto!(sr25519, GATEWAY_KEY_TYPE);

	/// Signs the gateway's transactions with an sr25519 key of type `cpgw`.
	pub struct GatewayId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for GatewayId {
		type RuntimeAppPublic = Public;
		type GenericSignature = sp_core::sr25519::Signature;
		type GenericPublic = sp_core::sr25519::Public;
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use cpchain_primitives::{
		cid::Cid,
		interval::{self, IntervalIndex},
		paging,
		record::{self, DeviceId, RecordId},
		umbral::{EncodedCapsule, UmbralPublicKey},
	};
	use frame_support::{
		pallet_prelude::*,
		storage::StorageValue as StoredValue,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
			UnixTime,
		},
	};
	use frame_system::{
		offchain::{AppCrypto, CreateSignedTransaction},
		pallet_prelude::*,
	};
	use sp_core::{sr25519, H256};
	use sp_runtime::traits::{Verify, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// The balance type of the currency deposits are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The registry's parameters as this runtime stores them.
	pub type ParametersOf<T> = Parameters<BalanceOf<T>>;
	/// A device as this runtime stores it.
	pub type DeviceOf<T> = Device<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// A record as this runtime stores it.
	pub type RecordOf<T> =
		Record<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the data registry.
	#[pallet::config]
	pub trait Config: CreateSignedTransaction<Call<Self>> + frame_system::Config {
		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>
			+ Mutate<Self::AccountId>;
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;
		/// Wall-clock time, to tell whether an interval has closed.
		type Time: UnixTime;
		/// The key the gateway's offchain worker signs its transactions with.
		type GatewayId: AppCrypto<Self::Public, Self::Signature>;
		/// The registry's parameters (deposits, interval bounds): the registry's section of
		/// CPChain's parameters, which this pallet's
		/// [`Section`](cpchain_primitives::parameters::Section) implementation bounds. The
		/// pallet only reads it (its benchmarks and tests write it).
		type Parameters: frame_support::storage::StorageValue<
			ParametersOf<Self>,
			Query = ParametersOf<Self>,
		>;
		/// The parameters a chain starts with when its genesis names none.
		type DefaultParameters: Get<ParametersOf<Self>>;
		/// What an Umbral key's storage costs: the least Umbral key deposit governance may set.
		#[pallet::constant]
		type MinUmbralKeyDeposit: Get<BalanceOf<Self>>;
		/// What a device's storage costs: the least device deposit.
		#[pallet::constant]
		type MinDeviceDeposit: Get<BalanceOf<Self>>;
		/// What a record's storage costs: the least record deposit.
		#[pallet::constant]
		type MinRecordDeposit: Get<BalanceOf<Self>>;
		/// The shortest interval governance may allow, in milliseconds: one block, since a
		/// shorter interval would close before it could be registered.
		#[pallet::constant]
		type ShortestInterval: Get<u64>;
		/// Blocks the gateway waits for its `register_data` to be included before sending it again.
		#[pallet::constant]
		type GatewayResubmitAfter: Get<BlockNumberFor<Self>>;
		/// Told of every record removed (the committee's data-contribution input).
		type Observer: RecordObserver<Self::AccountId>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
		/// Sets the clock for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper;
	}

	/// Why this pallet holds balance.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An Umbral public key is registered.
		#[codec(index = 0)]
		UmbralKey,
		/// A device is registered.
		#[codec(index = 1)]
		Device,
		/// A record is registered.
		#[codec(index = 2)]
		Record,
	}

	/// An account's Umbral public key and the deposit held for it.
	#[pallet::storage]
	pub type UmbralKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RegisteredKey<UmbralPublicKey, BalanceOf<T>>>;

	/// Registered devices.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Twox64Concat, DeviceId, DeviceOf<T>>;

	/// Which device a signing key belongs to; a key serves one device.
	#[pallet::storage]
	pub type DeviceByKey<T: Config> = StorageMap<_, Blake2_128Concat, sr25519::Public, DeviceId>;

	/// How many times each device key has been registered: the number its next ownership
	/// proof must name, so that a proof is good for one registration only.
	#[pallet::storage]
	pub type DeviceKeyRegistrations<T: Config> =
		StorageMap<_, Blake2_128Concat, sr25519::Public, u32, ValueQuery>;

	/// The devices of each owner.
	#[pallet::storage]
	pub type OwnerDevices<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, DeviceId, ()>;

	/// The id the next registered device gets.
	#[pallet::storage]
	pub type NextDeviceId<T: Config> = StorageValue<_, DeviceId, ValueQuery>;

	/// Records by device and interval: at most one per pair.
	#[pallet::storage]
	pub type Records<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DeviceId, Twox64Concat, IntervalIndex, RecordOf<T>>;

	/// Intervals whose record was removed: a device's interval is registered once, ever, so
	/// a record sold, or a record statement signed, can never stand for other data.
	#[pallet::storage]
	pub type RemovedRecords<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DeviceId, Twox64Concat, IntervalIndex, ()>;

	/// How many records each owner holds.
	#[pallet::storage]
	pub type OwnerRecordCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The records of each owner.
	#[pallet::storage]
	pub type OwnerRecords<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Blake2_128Concat, RecordId, ()>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account registered or replaced its Umbral public key.
		UmbralKeySet {
			/// The account.
			who: T::AccountId,
			/// Its key.
			key: UmbralPublicKey,
		},
		/// An account removed its Umbral public key; the deposit was released.
		UmbralKeyRemoved {
			/// The account.
			who: T::AccountId,
		},
		/// A device was registered.
		DeviceRegistered {
			/// Its id.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
			/// Its signing key.
			key: sr25519::Public,
		},
		/// A device was deregistered; its records stay until their owner removes them.
		DeviceDeregistered {
			/// Its id.
			device: DeviceId,
			/// Its former owner.
			owner: T::AccountId,
		},
		/// A device changed owner, with its deposit.
		DeviceTransferred {
			/// Its id.
			device: DeviceId,
			/// The former owner.
			from: T::AccountId,
			/// The new owner.
			to: T::AccountId,
		},
		/// A device's gateway was set or cleared.
		DeviceGatewaySet {
			/// Its id.
			device: DeviceId,
			/// The gateway account, if any.
			gateway: Option<T::AccountId>,
		},
		/// A record of encrypted data was registered.
		DataRegistered {
			/// The device and interval.
			record: RecordId,
			/// Whose data it is.
			owner: T::AccountId,
			/// Where the ciphertext is on IPFS.
			cid: Cid,
			/// blake2-256 of the ciphertext.
			ciphertext_hash: H256,
			/// Bytes of ciphertext.
			size: u64,
		},
		/// A record was removed; the deposit was released.
		DataRemoved {
			/// The device and interval.
			record: RecordId,
			/// Whose data it was.
			owner: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A deposit below what its item's storage costs, or above 100 times that
		/// (`cpchain_primitives::parameters::MAX_DEPOSIT_MULTIPLE`).
		BadDeposit,
		/// Interval bounds out of order, the shortest below `ShortestInterval` or the
		/// longest above `MAX_INTERVAL_LENGTH` (a week).
		BadIntervalBounds,
		/// The bytes are not a valid Umbral public key.
		InvalidUmbralKey,
		/// The account has no Umbral key registered; register one first.
		UmbralKeyMissing,
		/// The account still owns devices, whose data is encrypted to its Umbral key.
		OwnsDevices,
		/// Another device is registered with this signing key.
		DeviceKeyInUse,
		/// The device key did not sign its consent to this owner.
		BadOwnershipProof,
		/// The interval length is outside the runtime's bounds.
		BadIntervalLength,
		/// No device with this id.
		UnknownDevice,
		/// Only the device's owner may do this.
		NotDeviceOwner,
		/// Only the device's owner or gateway may register its data.
		NotOwnerOrGateway,
		/// The device already belongs to that account.
		AlreadyOwner,
		/// The CID is not a CIDv0 or a base32/base58btc CIDv1.
		InvalidCid,
		/// The capsule does not decode.
		InvalidCapsule,
		/// The blob's size is zero.
		EmptyBlob,
		/// The interval has not ended yet.
		IntervalNotClosed,
		/// The device's signature over the record does not verify.
		BadDeviceSignature,
		/// The device already has a record for this interval.
		RecordExists,
		/// The device's record for this interval was removed; an interval is registered once.
		RecordRemoved,
		/// No record for this device and interval.
		UnknownRecord,
		/// Only the record's owner may remove it.
		NotRecordOwner,
		/// Device ids are exhausted.
		DeviceIdOverflow,
		/// The device key has been registered as often as a counter counts.
		KeyRegistrationsExhausted,
	}

	impl<T> From<ParameterError> for Error<T> {
		fn from(error: ParameterError) -> Self {
			match error {
				ParameterError::Deposit => Error::BadDeposit,
				ParameterError::IntervalLength => Error::BadIntervalBounds,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(now: BlockNumberFor<T>) {
			gateway::run::<T>(now);
		}

		fn integrity_test() {
			assert_eq!(
				T::DefaultParameters::get().check(&Self::parameter_floors()),
				Ok(()),
				"the registry's default parameters break their bounds"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers or replaces the caller's Umbral public key. A new key holds
		/// [`Parameters::umbral_key_deposit`].
		///
		/// Data already encrypted stays encrypted to the old key; replace a key only with care.
		///
		/// Errors: `BadOrigin`, `InvalidUmbralKey`, and the currency's errors when a new key's
		/// deposit cannot be held.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_umbral_key())]
		pub fn set_umbral_key(origin: OriginFor<T>, key: UmbralPublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			key.to_umbral().map_err(|_| Error::<T>::InvalidUmbralKey)?;
			let deposit = match UmbralKeys::<T>::get(&who) {
				Some(registered) => registered.deposit,
				None => {
					let deposit = T::Parameters::get().umbral_key_deposit;
					T::Currency::hold(&HoldReason::UmbralKey.into(), &who, deposit)?;
					deposit
				}
			};
			UmbralKeys::<T>::insert(&who, RegisteredKey { key, deposit });
			Self::deposit_event(Event::UmbralKeySet { who, key });
			Ok(())
		}

		/// Removes the caller's Umbral key and releases its deposit. Refused while the caller
		/// owns devices.
		///
		/// Errors: `BadOrigin`, `UmbralKeyMissing`, `OwnsDevices`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_umbral_key())]
		pub fn remove_umbral_key(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let registered = UmbralKeys::<T>::get(&who).ok_or(Error::<T>::UmbralKeyMissing)?;
			ensure!(
				OwnerDevices::<T>::iter_key_prefix(&who).next().is_none(),
				Error::<T>::OwnsDevices
			);
			T::Currency::release(
				&HoldReason::UmbralKey.into(),
				&who,
				registered.deposit,
				Precision::BestEffort,
			)?;
			UmbralKeys::<T>::remove(&who);
			Self::deposit_event(Event::UmbralKeyRemoved { who });
			Ok(())
		}

		/// Registers a device under the caller, who must have an Umbral key. Holds
		/// [`Parameters::device_deposit`].
		///
		/// `ownership_proof` is the device key's signature over [`record::ownership_statement`]
		/// for the caller and the key's registration count ([`DeviceKeyRegistrations`]), so
		/// nobody can claim another's device, nor use a consent twice.
		///
		/// Errors: `BadOrigin`, `UmbralKeyMissing`, `BadIntervalLength`, `DeviceKeyInUse`,
		/// `BadOwnershipProof`, `KeyRegistrationsExhausted`, `DeviceIdOverflow`, and the
		/// currency's errors when the deposit cannot be held.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_device(metadata.len() as u32))]
		pub fn register_device(
			origin: OriginFor<T>,
			key: sr25519::Public,
			ownership_proof: sr25519::Signature,
			interval_length_ms: u64,
			kind: DeviceKind,
			metadata: DeviceMetadata,
			gateway: Option<T::AccountId>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(UmbralKeys::<T>::contains_key(&owner), Error::<T>::UmbralKeyMissing);
			let parameters = T::Parameters::get();
			ensure!(
				(parameters.min_interval_length..=parameters.max_interval_length)
					.contains(&interval_length_ms),
				Error::<T>::BadIntervalLength
			);
			ensure!(!DeviceByKey::<T>::contains_key(key), Error::<T>::DeviceKeyInUse);
			let registration = DeviceKeyRegistrations::<T>::get(key);
			let statement =
				record::ownership_statement(&Self::genesis_hash(), &owner, registration);
			ensure!(ownership_proof.verify(&statement[..], &key), Error::<T>::BadOwnershipProof);
			let registrations =
				registration.checked_add(1).ok_or(Error::<T>::KeyRegistrationsExhausted)?;

			let device = NextDeviceId::<T>::get();
			let next = device.checked_add(1).ok_or(Error::<T>::DeviceIdOverflow)?;
			let deposit = parameters.device_deposit;
			T::Currency::hold(&HoldReason::Device.into(), &owner, deposit)?;

			NextDeviceId::<T>::put(next);
			DeviceKeyRegistrations::<T>::insert(key, registrations);
			DeviceByKey::<T>::insert(key, device);
			OwnerDevices::<T>::insert(&owner, device, ());
			Devices::<T>::insert(
				device,
				Device {
					owner: owner.clone(),
					gateway: gateway.clone(),
					key,
					interval_length_ms,
					kind,
					metadata,
					deposit,
				},
			);
			Self::deposit_event(Event::DeviceRegistered { device, owner, key });
			if gateway.is_some() {
				Self::deposit_event(Event::DeviceGatewaySet { device, gateway });
			}
			Ok(())
		}

		/// Deregisters one of the caller's devices and releases its deposit. The device's
		/// records stay until their owner removes them.
		///
		/// Errors: `BadOrigin`, `UnknownDevice`, `NotDeviceOwner`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::deregister_device())]
		pub fn deregister_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Self::owned_device(&who, device)?;
			T::Currency::release(
				&HoldReason::Device.into(),
				&who,
				entry.deposit,
				Precision::BestEffort,
			)?;
			DeviceByKey::<T>::remove(entry.key);
			OwnerDevices::<T>::remove(&who, device);
			Devices::<T>::remove(device);
			Self::deposit_event(Event::DeviceDeregistered { device, owner: who });
			Ok(())
		}

		/// Gives one of the caller's devices to `new_owner`, who must have an Umbral key. The
		/// held deposit moves with the device; the gateway is cleared. Records registered so far
		/// stay with the caller.
		///
		/// Errors: `BadOrigin`, `UnknownDevice`, `NotDeviceOwner`, `AlreadyOwner`,
		/// `UmbralKeyMissing` (`new_owner` has none), and the currency's errors when the deposit
		/// cannot move on hold to `new_owner` (as when the caller's freezes need it).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::transfer_device())]
		pub fn transfer_device(
			origin: OriginFor<T>,
			device: DeviceId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut entry = Self::owned_device(&who, device)?;
			ensure!(who != new_owner, Error::<T>::AlreadyOwner);
			ensure!(UmbralKeys::<T>::contains_key(&new_owner), Error::<T>::UmbralKeyMissing);
			T::Currency::transfer_on_hold(
				&HoldReason::Device.into(),
				&who,
				&new_owner,
				entry.deposit,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Polite,
			)?;
			OwnerDevices::<T>::remove(&who, device);
			OwnerDevices::<T>::insert(&new_owner, device, ());
			entry.owner = new_owner.clone();
			entry.gateway = None;
			Devices::<T>::insert(device, entry);
			Self::deposit_event(Event::DeviceTransferred { device, from: who, to: new_owner });
			Ok(())
		}

		/// Sets or clears the account that may register records for one of the caller's
		/// devices.
		///
		/// Errors: `BadOrigin`, `UnknownDevice`, `NotDeviceOwner`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_device_gateway())]
		pub fn set_device_gateway(
			origin: OriginFor<T>,
			device: DeviceId,
			gateway: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut entry = Self::owned_device(&who, device)?;
			entry.gateway = gateway.clone();
			Devices::<T>::insert(device, entry);
			Self::deposit_event(Event::DeviceGatewaySet { device, gateway });
			Ok(())
		}

		/// Registers a device's encrypted data for one closed interval, once: an interval whose
		/// record was removed cannot be registered again. The caller is the device's owner or
		/// gateway; the owner owns the record and pays [`Parameters::record_deposit`].
		///
		/// `signature` is the device's over [`record::record_statement`] of everything the
		/// record stores, with the owner's current Umbral key (which the blob must be
		/// encrypted to).
		///
		/// Errors: `BadOrigin`, `UnknownDevice`, `NotOwnerOrGateway`, `InvalidCid`,
		/// `InvalidCapsule`, `EmptyBlob`, `IntervalNotClosed`, `RecordExists`, `RecordRemoved`,
		/// `UmbralKeyMissing`, `BadDeviceSignature`, and the currency's errors when the owner's
		/// deposit cannot be held.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::register_data())]
		pub fn register_data(
			origin: OriginFor<T>,
			device: DeviceId,
			interval: IntervalIndex,
			cid: Cid,
			ciphertext_hash: H256,
			capsule: EncodedCapsule,
			size: u64,
			signature: sr25519::Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(
				who == entry.owner || entry.gateway.as_ref() == Some(&who),
				Error::<T>::NotOwnerOrGateway
			);
			cid.validate().map_err(|_| Error::<T>::InvalidCid)?;
			capsule.to_umbral().map_err(|_| Error::<T>::InvalidCapsule)?;
			ensure!(size > 0, Error::<T>::EmptyBlob);
			ensure!(
				interval::is_closed(interval, entry.interval_length_ms, Self::now_ms()),
				Error::<T>::IntervalNotClosed
			);
			let record = RecordId { device, interval };
			ensure!(!Records::<T>::contains_key(device, interval), Error::<T>::RecordExists);
			ensure!(
				!RemovedRecords::<T>::contains_key(device, interval),
				Error::<T>::RecordRemoved
			);
			let owner = entry.owner;
			let owner_key = Self::umbral_key_of(&owner).ok_or(Error::<T>::UmbralKeyMissing)?;
			let statement = record::record_statement(
				&Self::genesis_hash(),
				&record::RecordContent {
					record,
					owner: &owner,
					owner_key: &owner_key,
					cid: &cid,
					ciphertext_hash: ciphertext_hash.as_fixed_bytes(),
					capsule: &capsule,
					size,
				},
			);
			ensure!(signature.verify(&statement[..], &entry.key), Error::<T>::BadDeviceSignature);

			let deposit = T::Parameters::get().record_deposit;
			T::Currency::hold(&HoldReason::Record.into(), &owner, deposit)?;
			OwnerRecordCount::<T>::mutate(&owner, |count| *count = count.saturating_add(1));
			OwnerRecords::<T>::insert(&owner, record, ());
			Records::<T>::insert(
				device,
				interval,
				Record {
					owner: owner.clone(),
					owner_key: owner_key.fingerprint(),
					cid: cid.clone(),
					ciphertext_hash,
					capsule,
					size,
					deposit,
					registered_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::DataRegistered {
				record,
				owner,
				cid,
				ciphertext_hash,
				size,
			});
			Ok(())
		}

		/// Removes one of the caller's records and releases its deposit. The blob on IPFS is
		/// the owner's to unpin. The interval stays taken (see [`RemovedRecords`]).
		///
		/// Errors: `BadOrigin`, `UnknownRecord`, `NotRecordOwner`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::remove_data())]
		pub fn remove_data(
			origin: OriginFor<T>,
			device: DeviceId,
			interval: IntervalIndex,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Records::<T>::get(device, interval).ok_or(Error::<T>::UnknownRecord)?;
			ensure!(entry.owner == who, Error::<T>::NotRecordOwner);
			T::Currency::release(
				&HoldReason::Record.into(),
				&who,
				entry.deposit,
				Precision::BestEffort,
			)?;
			let record = RecordId { device, interval };
			OwnerRecords::<T>::remove(&who, record);
			OwnerRecordCount::<T>::mutate_exists(&who, |count| {
				*count = count.and_then(|count| count.checked_sub(1)).filter(|count| *count > 0)
			});
			Records::<T>::remove(device, interval);
			RemovedRecords::<T>::insert(device, interval, ());
			T::Observer::record_removed(&who);
			Self::deposit_event(Event::DataRemoved { record, owner: who });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The chain's genesis hash, which every device statement names.
		pub fn genesis_hash() -> [u8; 32] {
			let hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			let mut bytes = [0u8; 32];
			let source = hash.as_ref();
			let len = source.len().min(32);
			bytes[..len].copy_from_slice(&source[..len]);
			bytes
		}

		/// Milliseconds since the Unix epoch, as the chain sees it.
		pub fn now_ms() -> u64 {
			u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX)
		}

		/// An account's Umbral key, for other pallets (grants, market).
		pub fn umbral_key_of(who: &T::AccountId) -> Option<UmbralPublicKey> {
			UmbralKeys::<T>::get(who).map(|registered| registered.key)
		}

		/// A device, if `who` owns it.
		fn owned_device(who: &T::AccountId, device: DeviceId) -> Result<DeviceOf<T>, Error<T>> {
			let entry = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(&entry.owner == who, Error::<T>::NotDeviceOwner);
			Ok(entry)
		}

		/// How many records `owner` holds.
		pub fn records_held(owner: &T::AccountId) -> u32 {
			OwnerRecordCount::<T>::get(owner)
		}

		/// Up to `limit` of `owner`'s devices, after `after` in storage order.
		pub fn devices_of(
			owner: &T::AccountId,
			after: Option<DeviceId>,
			limit: u32,
		) -> Vec<DeviceId> {
			paging::keys_under::<OwnerDevices<T>, _, _, _>(owner, after, limit)
		}

		/// Up to `limit` of `owner`'s records, after `after` in storage order.
		pub fn records_of_owner(
			owner: &T::AccountId,
			after: Option<RecordId>,
			limit: u32,
		) -> Vec<RecordId> {
			paging::keys_under::<OwnerRecords<T>, _, _, _>(owner, after, limit)
		}

		/// Whether `device`'s interval may still get a record: none registered, none removed.
		pub fn interval_free(device: DeviceId, interval: IntervalIndex) -> bool {
			!Records::<T>::contains_key(device, interval)
				&& !RemovedRecords::<T>::contains_key(device, interval)
		}

		/// Up to `limit` of a device's recorded intervals, after `after` in storage order.
		pub fn records_of_device(
			device: DeviceId,
			after: Option<IntervalIndex>,
			limit: u32,
		) -> Vec<IntervalIndex> {
			paging::keys_under::<Records<T>, _, _, _>(&device, after, limit)
		}
	}
}
