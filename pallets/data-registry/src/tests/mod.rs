//! Tests of the data registry's calls, indexes, deposits and gateway.

use crate::{gateway::*, mock::*, *};
use codec::{Decode, Encode, MaxEncodedLen};
use cpchain_primitives::{
	cid::Cid,
	interval::{interval_of, IntervalIndex},
	record::{
		ownership_statement, reading_statement, record_statement, DeviceId, Reading, RecordContent,
		RecordId, MAX_DEVICE_METADATA_LEN, MAX_READING_LEN,
	},
	umbral::{decrypt_original, EncodedCapsule, UmbralPublicKey},
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold, Mutate},
};
use sp_core::{
	offchain::{testing, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt},
	sr25519, H256,
};
use sp_runtime::{DispatchError, TokenError};
use umbral_pre::SecretKey;

const MINUTE: u64 = 60_000;

fn umbral_key() -> (SecretKey, UmbralPublicKey) {
	let secret = SecretKey::random();
	let public = UmbralPublicKey::from_umbral(&secret.public_key());
	(secret, public)
}

fn set_key(who: &AccountId) -> SecretKey {
	let (secret, public) = umbral_key();
	assert_ok!(DataRegistry::set_umbral_key(RuntimeOrigin::signed(who.clone()), public));
	secret
}

/// The device key's consent to its next registration, under `owner`.
fn ownership_proof(key: &sr25519::Public, owner: &AccountId) -> sr25519::Signature {
	let registration = DeviceKeyRegistrations::<Test>::get(key);
	sign(key, &ownership_statement(&DataRegistry::genesis_hash(), owner, registration))
}

fn register_device(owner: &AccountId, gateway: Option<AccountId>) -> (DeviceId, sr25519::Public) {
	let key = new_device_key();
	let device = NextDeviceId::<Test>::get();
	assert_ok!(DataRegistry::register_device(
		RuntimeOrigin::signed(owner.clone()),
		key,
		ownership_proof(&key, owner),
		MINUTE,
		b"thermometer".to_vec().try_into().unwrap(),
		b"roof".to_vec().try_into().unwrap(),
		gateway,
	));
	(device, key)
}

fn cid(n: usize) -> Cid {
	Cid::parse(STUB_CIDS[n].as_bytes()).unwrap()
}

fn capsule() -> EncodedCapsule {
	let (_, public) = umbral_key();
	let (capsule, _) = umbral_pre::encrypt(&public.to_umbral().unwrap(), b"data").unwrap();
	EncodedCapsule::from_umbral(&capsule).unwrap()
}

/// The interval that closed most recently at the current time.
fn last_closed_interval() -> IntervalIndex {
	interval_of(DataRegistry::now_ms(), MINUTE).unwrap() - 1
}

/// The device's signature over `content`.
fn content_signature(
	key: &sr25519::Public,
	content: &RecordContent<AccountId>,
) -> sr25519::Signature {
	sign(key, &record_statement(&DataRegistry::genesis_hash(), content))
}

/// The device's signature over a record of its owner, encrypted to the owner's current key.
fn record_signature(
	key: &sr25519::Public,
	record: RecordId,
	cid: &Cid,
	hash: H256,
	capsule: &EncodedCapsule,
	size: u64,
) -> sr25519::Signature {
	// A device that does not exist signs for Alice's key, for the calls that must refuse it.
	let owner = Devices::<Test>::get(record.device).map_or(alice(), |device| device.owner);
	let owner_key = DataRegistry::umbral_key_of(&owner).unwrap_or(UmbralPublicKey([2; 33]));
	content_signature(
		key,
		&RecordContent {
			record,
			owner: &owner,
			owner_key: &owner_key,
			cid,
			ciphertext_hash: hash.as_fixed_bytes(),
			capsule,
			size,
		},
	)
}

fn register_data_as(
	who: &AccountId,
	device: DeviceId,
	key: &sr25519::Public,
	interval: IntervalIndex,
) -> sp_runtime::DispatchResult {
	let (cid, hash, capsule) = (cid(0), H256::repeat_byte(9), capsule());
	let signature =
		record_signature(key, RecordId { device, interval }, &cid, hash, &capsule, 1024);
	DataRegistry::register_data(
		RuntimeOrigin::signed(who.clone()),
		device,
		interval,
		cid,
		hash,
		capsule,
		1024,
		signature,
	)
}

fn held(reason: HoldReason, who: &AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::DataRegistry(reason), who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

mod umbral_keys {
	use super::*;

	#[test]
	fn setting_a_key_holds_one_deposit_and_replacing_keeps_it() {
		new_test_ext().execute_with(|| {
			let (_, first) = umbral_key();
			assert_ok!(DataRegistry::set_umbral_key(RuntimeOrigin::signed(alice()), first));
			assert_eq!(DataRegistry::umbral_key_of(&alice()), Some(first));
			assert_eq!(held(HoldReason::UmbralKey, &alice()), KEY_DEPOSIT);
			assert_eq!(last_event(), Event::UmbralKeySet { who: alice(), key: first }.into());

			let (_, second) = umbral_key();
			assert_ok!(DataRegistry::set_umbral_key(RuntimeOrigin::signed(alice()), second));
			assert_eq!(DataRegistry::umbral_key_of(&alice()), Some(second));
			assert_eq!(held(HoldReason::UmbralKey, &alice()), KEY_DEPOSIT);
			check_state();
		});
	}

	#[test]
	fn a_key_that_is_not_a_curve_point_is_refused() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				DataRegistry::set_umbral_key(
					RuntimeOrigin::signed(alice()),
					UmbralPublicKey([0; 33])
				),
				Error::<Test>::InvalidUmbralKey
			);
		});
	}

	#[test]
	fn an_account_without_funds_cannot_register_a_key() {
		new_test_ext().execute_with(|| {
			let (_, key) = umbral_key();
			assert_noop!(
				DataRegistry::set_umbral_key(RuntimeOrigin::signed(pauper()), key),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn unsigned_origins_are_refused() {
		new_test_ext().execute_with(|| {
			let (_, key) = umbral_key();
			assert_noop!(
				DataRegistry::set_umbral_key(RuntimeOrigin::none(), key),
				DispatchError::BadOrigin
			);
			assert_noop!(
				DataRegistry::set_umbral_key(RuntimeOrigin::root(), key),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn removing_a_key_releases_the_deposit() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			assert_ok!(DataRegistry::remove_umbral_key(RuntimeOrigin::signed(alice())));
			assert_eq!(DataRegistry::umbral_key_of(&alice()), None);
			assert_eq!(held(HoldReason::UmbralKey, &alice()), 0);
			assert_eq!(Balances::balance(&alice()), ENDOWMENT);
			assert_eq!(last_event(), Event::UmbralKeyRemoved { who: alice() }.into());
			check_state();
		});
	}

	#[test]
	fn removing_a_missing_key_or_one_devices_need_is_refused() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				DataRegistry::remove_umbral_key(RuntimeOrigin::signed(alice())),
				Error::<Test>::UmbralKeyMissing
			);
			set_key(&alice());
			register_device(&alice(), None);
			assert_noop!(
				DataRegistry::remove_umbral_key(RuntimeOrigin::signed(alice())),
				Error::<Test>::OwnsDevices
			);
		});
	}
}

mod devices {
	use super::*;

	fn try_register(
		owner: &AccountId,
		key: sr25519::Public,
		proof: sr25519::Signature,
		interval_length_ms: u64,
	) -> sp_runtime::DispatchResult {
		DataRegistry::register_device(
			RuntimeOrigin::signed(owner.clone()),
			key,
			proof,
			interval_length_ms,
			Default::default(),
			Default::default(),
			None,
		)
	}

	/// Registers a fresh device key, with its consent, for `owner`.
	fn register_new(owner: &AccountId) -> sp_runtime::DispatchResult {
		let key = new_device_key();
		try_register(owner, key, ownership_proof(&key, owner), MINUTE)
	}

	#[test]
	fn registering_holds_a_deposit_and_indexes_the_device() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), Some(bob()));
			assert_eq!(device, 0);
			let entry = Devices::<Test>::get(device).unwrap();
			assert_eq!(entry.owner, alice());
			assert_eq!(entry.gateway, Some(bob()));
			assert_eq!(entry.key, key);
			assert_eq!(entry.interval_length_ms, MINUTE);
			assert_eq!(entry.kind.as_slice(), b"thermometer");
			assert_eq!(DeviceByKey::<Test>::get(key), Some(device));
			assert_eq!(DataRegistry::devices_of(&alice(), None, 10), vec![device]);
			assert_eq!(held(HoldReason::Device, &alice()), DEVICE_DEPOSIT);
			System::assert_has_event(
				Event::DeviceRegistered { device, owner: alice(), key }.into(),
			);
			System::assert_has_event(
				Event::DeviceGatewaySet { device, gateway: Some(bob()) }.into(),
			);
			assert_eq!(register_device(&alice(), None).0, 1);
			check_state();
		});
	}

	#[test]
	fn an_owner_needs_an_umbral_key() {
		new_test_ext().execute_with(|| {
			assert_noop!(register_new(&alice()), Error::<Test>::UmbralKeyMissing);
		});
	}

	#[test]
	fn interval_lengths_outside_the_bounds_are_refused() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let key = new_device_key();
			let proof = ownership_proof(&key, &alice());
			for length in [0, MIN_INTERVAL - 1, MAX_INTERVAL + 1] {
				assert_noop!(
					try_register(&alice(), key, proof, length),
					Error::<Test>::BadIntervalLength
				);
			}
			assert_ok!(try_register(&alice(), key, proof, MIN_INTERVAL));
		});
	}

	/// The registry's parameters are bounded, each refusal a typed error; new interval bounds
	/// and a new deposit apply to devices registered after them, and a device returns the
	/// deposit it held.
	#[test]
	fn registry_parameters_are_bounded_and_apply_to_new_devices() {
		use cpchain_primitives::parameters::Section;
		new_test_ext().execute_with(|| {
			let set = |change| {
				pallet_cpc_parameters::Pallet::<Test>::set_parameter(
					RuntimeOrigin::root(),
					pallet_cpc_parameters::Change::Registry(change),
				)
			};
			for key in <DataRegistry as Section>::keys() {
				let beyond = <DataRegistry as Section>::beyond_bounds(key);
				assert!(!beyond.is_empty(), "{key:?} has bounds");
				for change in beyond {
					let refused = set(change.clone());
					assert!(
						matches!(refused, Err(DispatchError::Module(_))),
						"{change:?}: {refused:?}"
					);
				}
			}
			assert_noop!(
				set(ParameterChange::DeviceDeposit(DEVICE_DEPOSIT - 1)),
				Error::<Test>::BadDeposit
			);
			assert_noop!(
				set(ParameterChange::MinIntervalLength(MIN_INTERVAL - 1)),
				Error::<Test>::BadIntervalBounds
			);
			assert_noop!(
				set(ParameterChange::MaxIntervalLength(MAX_INTERVAL_LENGTH + 1)),
				Error::<Test>::BadIntervalBounds
			);

			set_key(&alice());
			let (old, _) = register_device(&alice(), None);
			assert_ok!(set(ParameterChange::DeviceDeposit(DEVICE_DEPOSIT * 2)));
			assert_ok!(set(ParameterChange::MinIntervalLength(MIN_INTERVAL * 10)));
			let key = new_device_key();
			let proof = ownership_proof(&key, &alice());
			assert_noop!(
				try_register(&alice(), key, proof, MIN_INTERVAL),
				Error::<Test>::BadIntervalLength
			);
			assert_ok!(try_register(&alice(), key, proof, MIN_INTERVAL * 10));
			assert_eq!(held(HoldReason::Device, &alice()), DEVICE_DEPOSIT * 3);
			assert_eq!(Devices::<Test>::get(old).unwrap().deposit, DEVICE_DEPOSIT);
			check_state();
		});
	}

	#[test]
	fn a_device_key_serves_one_device() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			set_key(&bob());
			let (_, key) = register_device(&alice(), None);
			assert_noop!(
				try_register(&bob(), key, ownership_proof(&key, &bob()), MINUTE),
				Error::<Test>::DeviceKeyInUse
			);
		});
	}

	#[test]
	fn a_device_cannot_be_claimed_without_its_consent() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			set_key(&bob());
			let key = new_device_key();
			// Bob replays the proof the device gave Alice.
			assert_noop!(
				try_register(&bob(), key, ownership_proof(&key, &alice()), MINUTE),
				Error::<Test>::BadOwnershipProof
			);
			// A proof from another key.
			let other = new_device_key();
			assert_noop!(
				try_register(&bob(), key, ownership_proof(&other, &bob()), MINUTE),
				Error::<Test>::BadOwnershipProof
			);
		});
	}

	#[test]
	fn registering_without_the_deposit_fails() {
		new_test_ext().execute_with(|| {
			let poor = account("Poor");
			Balances::set_balance(&poor, KEY_DEPOSIT + DEVICE_DEPOSIT - 1);
			set_key(&poor);
			assert_noop!(register_new(&poor), TokenError::FundsUnavailable);
		});
	}

	#[test]
	fn oversized_metadata_does_not_decode_into_a_call() {
		let too_long = vec![0u8; MAX_DEVICE_METADATA_LEN as usize + 1].encode();
		assert!(DeviceMetadata::decode(&mut &too_long[..]).is_err());
		let kind = vec![0u8; 33].encode();
		assert!(DeviceKind::decode(&mut &kind[..]).is_err());
	}

	#[test]
	fn device_ids_do_not_wrap() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			NextDeviceId::<Test>::put(u64::MAX);
			assert_noop!(register_new(&alice()), Error::<Test>::DeviceIdOverflow);
		});
	}

	#[test]
	fn deregistering_releases_the_deposit_and_frees_the_key() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			run_to_next_interval();
			assert_ok!(register_data_as(&alice(), device, &key, last_closed_interval()));
			assert_ok!(DataRegistry::deregister_device(RuntimeOrigin::signed(alice()), device));
			assert_eq!(Devices::<Test>::get(device), None);
			assert_eq!(DeviceByKey::<Test>::get(key), None);
			assert!(DataRegistry::devices_of(&alice(), None, 10).is_empty());
			assert_eq!(held(HoldReason::Device, &alice()), 0);
			assert_eq!(last_event(), Event::DeviceDeregistered { device, owner: alice() }.into());
			// The record stays, and the key can register a new device.
			assert_eq!(DataRegistry::records_of_device(device, None, 10).len(), 1);
			assert_ok!(try_register(&alice(), key, ownership_proof(&key, &alice()), MINUTE));
			check_state();
		});
	}

	#[test]
	fn only_the_owner_deregisters_a_known_device() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, _) = register_device(&alice(), Some(bob()));
			assert_noop!(
				DataRegistry::deregister_device(RuntimeOrigin::signed(bob()), device),
				Error::<Test>::NotDeviceOwner
			);
			assert_noop!(
				DataRegistry::deregister_device(RuntimeOrigin::signed(alice()), 7),
				Error::<Test>::UnknownDevice
			);
		});
	}

	#[test]
	fn a_consent_registers_a_device_once() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			set_key(&bob());
			let key = new_device_key();
			let consent = ownership_proof(&key, &alice());
			let device = NextDeviceId::<Test>::get();
			assert_ok!(try_register(&alice(), key, consent, MINUTE));
			assert_eq!(DeviceKeyRegistrations::<Test>::get(key), 1);
			// The device goes to Bob, who deregisters it: the key is free again.
			assert_ok!(DataRegistry::transfer_device(
				RuntimeOrigin::signed(alice()),
				device,
				bob()
			));
			assert_ok!(DataRegistry::deregister_device(RuntimeOrigin::signed(bob()), device));
			// Alice's old consent does not claim the device a second time.
			assert_noop!(
				try_register(&alice(), key, consent, MINUTE),
				Error::<Test>::BadOwnershipProof
			);
			// The device's fresh consent does.
			assert_ok!(try_register(&alice(), key, ownership_proof(&key, &alice()), MINUTE));
			assert_eq!(DeviceKeyRegistrations::<Test>::get(key), 2);
			check_state();
		});
	}

	#[test]
	fn transferring_moves_the_device_and_its_deposit() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			set_key(&bob());
			let (device, _) = register_device(&alice(), Some(charlie()));
			let alice_total = Balances::total_balance(&alice());
			assert_ok!(DataRegistry::transfer_device(
				RuntimeOrigin::signed(alice()),
				device,
				bob()
			));
			let entry = Devices::<Test>::get(device).unwrap();
			assert_eq!(entry.owner, bob());
			assert_eq!(entry.gateway, None);
			assert_eq!(held(HoldReason::Device, &alice()), 0);
			assert_eq!(held(HoldReason::Device, &bob()), DEVICE_DEPOSIT);
			assert_eq!(Balances::total_balance(&alice()), alice_total - DEVICE_DEPOSIT);
			assert!(DataRegistry::devices_of(&alice(), None, 10).is_empty());
			assert_eq!(DataRegistry::devices_of(&bob(), None, 10), vec![device]);
			assert_eq!(
				last_event(),
				Event::DeviceTransferred { device, from: alice(), to: bob() }.into()
			);
			check_state();
		});
	}

	#[test]
	fn transfers_need_the_owner_a_known_device_and_a_keyed_recipient() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, _) = register_device(&alice(), None);
			assert_noop!(
				DataRegistry::transfer_device(RuntimeOrigin::signed(alice()), device, bob()),
				Error::<Test>::UmbralKeyMissing
			);
			set_key(&bob());
			assert_noop!(
				DataRegistry::transfer_device(RuntimeOrigin::signed(bob()), device, bob()),
				Error::<Test>::NotDeviceOwner
			);
			assert_noop!(
				DataRegistry::transfer_device(RuntimeOrigin::signed(alice()), device, alice()),
				Error::<Test>::AlreadyOwner
			);
			assert_noop!(
				DataRegistry::transfer_device(RuntimeOrigin::signed(alice()), 9, bob()),
				Error::<Test>::UnknownDevice
			);
		});
	}

	#[test]
	fn the_owner_sets_and_clears_the_gateway() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, _) = register_device(&alice(), None);
			assert_ok!(DataRegistry::set_device_gateway(
				RuntimeOrigin::signed(alice()),
				device,
				Some(bob())
			));
			assert_eq!(Devices::<Test>::get(device).unwrap().gateway, Some(bob()));
			assert_eq!(
				last_event(),
				Event::DeviceGatewaySet { device, gateway: Some(bob()) }.into()
			);
			assert_noop!(
				DataRegistry::set_device_gateway(RuntimeOrigin::signed(bob()), device, None),
				Error::<Test>::NotDeviceOwner
			);
			assert_ok!(DataRegistry::set_device_gateway(
				RuntimeOrigin::signed(alice()),
				device,
				None
			));
			assert_eq!(Devices::<Test>::get(device).unwrap().gateway, None);
			assert_noop!(
				DataRegistry::set_device_gateway(RuntimeOrigin::signed(alice()), 5, None),
				Error::<Test>::UnknownDevice
			);
		});
	}
}

/// Moves the clock to the start of the next interval, one block later.
fn run_to_next_interval() {
	let now = DataRegistry::now_ms();
	let next = (interval_of(now, MINUTE).unwrap() + 1) * MINUTE;
	System::set_block_number(System::block_number() + 1);
	Timestamp::set_timestamp(next);
}

mod records {
	use super::*;

	#[test]
	fn the_owner_registers_a_closed_interval() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			run_to_next_interval();
			let interval = last_closed_interval();
			assert_ok!(register_data_as(&alice(), device, &key, interval));
			let record = Records::<Test>::get(device, interval).unwrap();
			assert_eq!(record.owner, alice());
			assert_eq!(record.cid, cid(0));
			assert_eq!(record.size, 1024);
			assert_eq!(record.deposit, RECORD_DEPOSIT);
			assert_eq!(record.registered_at, System::block_number());
			assert_eq!(held(HoldReason::Record, &alice()), RECORD_DEPOSIT);
			let id = RecordId { device, interval };
			assert_eq!(DataRegistry::records_of_owner(&alice(), None, 10), vec![id]);
			assert_eq!(
				last_event(),
				Event::DataRegistered {
					record: id,
					owner: alice(),
					cid: cid(0),
					ciphertext_hash: H256::repeat_byte(9),
					size: 1024,
				}
				.into()
			);
			check_state();
		});
	}

	#[test]
	fn the_gateway_registers_for_the_owner_who_pays_the_deposit() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), Some(bob()));
			run_to_next_interval();
			assert_ok!(register_data_as(&bob(), device, &key, last_closed_interval()));
			let record = Records::<Test>::get(device, last_closed_interval()).unwrap();
			assert_eq!(record.owner, alice());
			assert_eq!(held(HoldReason::Record, &alice()), RECORD_DEPOSIT);
			assert_eq!(held(HoldReason::Record, &bob()), 0);
			check_state();
		});
	}

	#[test]
	fn strangers_and_unknown_devices_are_refused() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), Some(bob()));
			run_to_next_interval();
			let interval = last_closed_interval();
			assert_noop!(
				register_data_as(&charlie(), device, &key, interval),
				Error::<Test>::NotOwnerOrGateway
			);
			assert_noop!(
				register_data_as(&alice(), device + 1, &key, interval),
				Error::<Test>::UnknownDevice
			);
		});
	}

	#[test]
	fn malformed_cids_capsules_and_empty_blobs_are_refused() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			run_to_next_interval();
			let interval = last_closed_interval();
			let record = RecordId { device, interval };
			let hash = H256::repeat_byte(1);
			let call = |cid: Cid, capsule: EncodedCapsule, size: u64| {
				let signature = record_signature(&key, record, &cid, hash, &capsule, size);
				DataRegistry::register_data(
					RuntimeOrigin::signed(alice()),
					device,
					interval,
					cid,
					hash,
					capsule,
					size,
					signature,
				)
			};
			// SCALE decoding does not check a CID's shape: the call does.
			let bad_cid = Cid::decode(&mut &b"not a cid".to_vec().encode()[..]).unwrap();
			assert_noop!(call(bad_cid, capsule(), 1), Error::<Test>::InvalidCid);
			let garbage = EncodedCapsule(vec![1u8; 101].try_into().unwrap());
			assert_noop!(call(cid(0), garbage, 1), Error::<Test>::InvalidCapsule);
			// E as SEC1's point at infinity (one byte): umbral-pre would decode it and panic
			// encoding it again, trapping the block for free.
			let genuine = capsule();
			let mut infinity = vec![1u8, 0x00];
			infinity.extend_from_slice(&genuine.0[34..]);
			let infinity = EncodedCapsule(infinity.try_into().unwrap());
			assert_noop!(call(cid(0), infinity, 1), Error::<Test>::InvalidCapsule);
			assert_noop!(call(cid(0), capsule(), 0), Error::<Test>::EmptyBlob);
			assert_ok!(call(cid(0), capsule(), 1));
		});
	}

	#[test]
	fn an_open_interval_cannot_be_registered() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			let current = interval_of(DataRegistry::now_ms(), MINUTE).unwrap();
			for interval in [current, current + 1, u64::MAX] {
				assert_noop!(
					register_data_as(&alice(), device, &key, interval),
					Error::<Test>::IntervalNotClosed
				);
			}
		});
	}

	#[test]
	fn a_record_needs_the_device_signature_over_exactly_its_contents() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			let (_, other_key) = register_device(&alice(), None);
			run_to_next_interval();
			let interval = last_closed_interval();
			let record = RecordId { device, interval };
			let hash = H256::repeat_byte(2);
			let capsule = capsule();
			let submit = |signature| {
				DataRegistry::register_data(
					RuntimeOrigin::signed(alice()),
					device,
					interval,
					cid(0),
					hash,
					capsule.clone(),
					10,
					signature,
				)
			};
			let owner_key = DataRegistry::umbral_key_of(&alice()).unwrap();
			let (_, stale_key) = umbral_key();
			let other_capsule = super::capsule();
			let content = RecordContent {
				record,
				owner: &alice(),
				owner_key: &owner_key,
				cid: &cid(0),
				ciphertext_hash: hash.as_fixed_bytes(),
				capsule: &capsule,
				size: 10,
			};
			// Signed for another interval, owner, owner key, CID, hash, capsule or size, or by
			// another device.
			let bob = bob();
			let other_cid = cid(1);
			for signature in [
				content_signature(
					&key,
					&RecordContent {
						record: RecordId { device, interval: interval - 1 },
						..content
					},
				),
				content_signature(&key, &RecordContent { owner: &bob, ..content }),
				content_signature(&key, &RecordContent { owner_key: &stale_key, ..content }),
				content_signature(&key, &RecordContent { cid: &other_cid, ..content }),
				content_signature(&key, &RecordContent { ciphertext_hash: &[3; 32], ..content }),
				content_signature(&key, &RecordContent { capsule: &other_capsule, ..content }),
				content_signature(&key, &RecordContent { size: 11, ..content }),
				content_signature(&other_key, &content),
			] {
				assert_noop!(submit(signature), Error::<Test>::BadDeviceSignature);
			}
			assert_ok!(submit(content_signature(&key, &content)));
			let stored = Records::<Test>::get(device, interval).unwrap();
			assert_eq!(stored.owner_key, owner_key.fingerprint());
		});
	}

	#[test]
	fn one_record_per_device_and_interval() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			run_to_next_interval();
			run_to_next_interval();
			let interval = last_closed_interval();
			assert_ok!(register_data_as(&alice(), device, &key, interval));
			assert_noop!(
				register_data_as(&alice(), device, &key, interval),
				Error::<Test>::RecordExists
			);
			assert_ok!(register_data_as(&alice(), device, &key, interval - 1));
			assert_eq!(OwnerRecordCount::<Test>::get(alice()), 2);
			check_state();
		});
	}

	#[test]
	fn an_owner_who_cannot_pay_the_deposit_gets_no_record() {
		new_test_ext().execute_with(|| {
			let poor = account("Poor");
			Balances::set_balance(&poor, KEY_DEPOSIT + DEVICE_DEPOSIT + RECORD_DEPOSIT);
			set_key(&poor);
			let (device, key) = register_device(&poor, None);
			run_to_next_interval();
			assert_noop!(
				register_data_as(&poor, device, &key, last_closed_interval()),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn after_a_transfer_new_records_belong_to_the_new_owner() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			set_key(&bob());
			let (device, key) = register_device(&alice(), None);
			run_to_next_interval();
			run_to_next_interval();
			assert_ok!(register_data_as(&alice(), device, &key, last_closed_interval() - 1));
			assert_ok!(DataRegistry::transfer_device(
				RuntimeOrigin::signed(alice()),
				device,
				bob()
			));
			assert_noop!(
				register_data_as(&alice(), device, &key, last_closed_interval()),
				Error::<Test>::NotOwnerOrGateway
			);
			assert_ok!(register_data_as(&bob(), device, &key, last_closed_interval()));
			assert_eq!(DataRegistry::records_of_owner(&alice(), None, 10).len(), 1);
			assert_eq!(DataRegistry::records_of_owner(&bob(), None, 10).len(), 1);
			assert_eq!(DataRegistry::records_of_device(device, None, 10).len(), 2);
			check_state();
		});
	}

	#[test]
	fn removing_a_record_releases_its_deposit() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			run_to_next_interval();
			let interval = last_closed_interval();
			assert_ok!(register_data_as(&alice(), device, &key, interval));
			assert_noop!(
				DataRegistry::remove_data(RuntimeOrigin::signed(bob()), device, interval),
				Error::<Test>::NotRecordOwner
			);
			assert_noop!(
				DataRegistry::remove_data(RuntimeOrigin::signed(alice()), device, interval - 1),
				Error::<Test>::UnknownRecord
			);
			assert_eq!(OwnerRecordCount::<Test>::get(alice()), 1);
			assert_ok!(DataRegistry::remove_data(RuntimeOrigin::signed(alice()), device, interval));
			assert_eq!(Records::<Test>::get(device, interval), None);
			// The count the committee reads fell before the observer heard of it.
			assert_eq!(OwnerRecordCount::<Test>::get(alice()), 0);
			assert_eq!(records_observed(&alice()), 1);
			assert!(DataRegistry::records_of_owner(&alice(), None, 10).is_empty());
			assert_eq!(held(HoldReason::Record, &alice()), 0);
			assert_eq!(
				last_event(),
				Event::DataRemoved { record: RecordId { device, interval }, owner: alice() }.into()
			);
			// The interval is never registered again: not by replaying the device's statement,
			// nor with other data (which a buyer of the first record could not open).
			assert_noop!(
				register_data_as(&alice(), device, &key, interval),
				Error::<Test>::RecordRemoved
			);
			assert!(RemovedRecords::<Test>::contains_key(device, interval));
			check_state();
		});
	}

	#[test]
	fn indexes_page_through_every_record_once() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			for _ in 0..7 {
				run_to_next_interval();
			}
			let newest = last_closed_interval();
			let mut expected: Vec<_> = (0..7).map(|back| newest - back).collect();
			for interval in &expected {
				assert_ok!(register_data_as(&alice(), device, &key, *interval));
			}
			expected.sort();

			let mut seen = vec![];
			let mut after = None;
			loop {
				let page = DataRegistry::records_of_owner(&alice(), after, 3);
				assert!(page.len() <= 3);
				let Some(last) = page.last().copied() else { break };
				seen.extend(page.iter().map(|id| id.interval));
				after = Some(last);
			}
			seen.sort();
			assert_eq!(seen, expected);

			let mut seen = vec![];
			let mut after = None;
			loop {
				let page = DataRegistry::records_of_device(device, after, 2);
				let Some(last) = page.last().copied() else { break };
				seen.extend(page);
				after = Some(last);
			}
			seen.sort();
			assert_eq!(seen, expected);
			assert!(DataRegistry::records_of_owner(&bob(), None, 10).is_empty());
		});
	}

	#[test]
	fn a_record_stays_below_300_bytes_whatever_the_blob_size() {
		let bound = RecordOf::<Test>::max_encoded_len();
		assert!(bound < 300, "a record may take {bound} bytes");
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			run_to_next_interval();
			assert_ok!(register_data_as(&alice(), device, &key, last_closed_interval()));
			let record = Records::<Test>::get(device, last_closed_interval()).unwrap();
			assert!(record.encoded_size() <= bound);
		});
	}

	#[test]
	fn try_state_catches_a_broken_index_and_an_unheld_deposit() {
		new_test_ext().execute_with(|| {
			set_key(&alice());
			let (device, key) = register_device(&alice(), None);
			run_to_next_interval();
			let interval = last_closed_interval();
			assert_ok!(register_data_as(&alice(), device, &key, interval));
			check_state();
			OwnerRecords::<Test>::remove(alice(), RecordId { device, interval });
			assert!(DataRegistry::do_try_state().is_err());
			OwnerRecords::<Test>::insert(alice(), RecordId { device, interval }, ());
			check_state();
			Records::<Test>::mutate(device, interval, |record| {
				record.as_mut().unwrap().deposit += 1
			});
			assert!(DataRegistry::do_try_state().is_err());
		});
	}
}

mod gateway;
