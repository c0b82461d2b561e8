//! An owner's attempts to get an honest proxy punished, or to sell what the buyer cannot
//! open, through the whole runtime: the data registry, the market and the committee, with real
//! Umbral keys, capsules and fragments.

use cpchain_primitives::{
	cid::Cid,
	record::{self, RecordContent, RecordId},
	umbral::{self, EncodedCapsule, EncodedCapsuleFrag, EncryptedKeyFrag, UmbralPublicKey},
};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use pallet_access_grants::{Offer, Terms};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use umbral_pre::{SecretKey, Signer};

use super::preset_ext;
use crate::{configs::data_registry::MinIntervalLength, *};

fn key(secret: &SecretKey) -> UmbralPublicKey {
	UmbralPublicKey::from_umbral(&secret.public_key())
}

/// The chain's clock: `interval` (of the shortest length) has just closed.
fn close(interval: u64) {
	pallet_timestamp::Now::<Runtime>::put((interval + 1) * MinIntervalLength::get() + 1);
}

/// Registers the owner's record of `interval`, encrypted to `owner_key`, signed by the device.
fn register(
	device: u64,
	device_key: &sr25519::Pair,
	owner_key: &UmbralPublicKey,
	interval: u64,
) -> (RecordId, EncodedCapsule, sp_runtime::DispatchResult) {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let record = RecordId { device, interval };
	let (capsule, ciphertext) =
		umbral::encrypt_with_rng(&mut rand_core::OsRng, owner_key, b"t=21.5C").unwrap();
	let cid = Cid::parse(b"bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy").unwrap();
	let hash = H256(sp_io::hashing::blake2_256(&ciphertext));
	let statement = record::record_statement(
		&DataRegistry::genesis_hash(),
		&RecordContent {
			record,
			owner: &alice,
			owner_key,
			cid: &cid,
			ciphertext_hash: hash.as_fixed_bytes(),
			capsule: &capsule,
			size: ciphertext.len() as u64,
		},
	);
	let result = DataRegistry::register_data(
		RuntimeOrigin::signed(alice),
		device,
		interval,
		cid,
		hash,
		capsule.clone(),
		ciphertext.len() as u64,
		device_key.sign(&statement),
	);
	(record, capsule, result)
}

#[test]
fn an_owner_can_neither_get_an_honest_proxy_punished_nor_charge_for_what_cannot_be_opened() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob, charlie) = (
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Bob.to_account_id(),
			Sr25519Keyring::Charlie.to_account_id(),
		);
		let (owner, buyer, proxy) = (SecretKey::random(), SecretKey::random(), SecretKey::random());
		for (who, secret) in [(&alice, &owner), (&bob, &buyer), (&charlie, &proxy)] {
			assert_ok!(DataRegistry::set_umbral_key(
				RuntimeOrigin::signed(who.clone()),
				key(secret)
			));
		}
		// Alice's device, with its consent.
		let device_key = sr25519::Pair::from_seed(&[7; 32]);
		let consent = record::ownership_statement(&DataRegistry::genesis_hash(), &alice, 0);
		assert_ok!(DataRegistry::register_device(
			RuntimeOrigin::signed(alice.clone()),
			device_key.public(),
			device_key.sign(&consent),
			MinIntervalLength::get(),
			Default::default(),
			Default::default(),
			None,
		));
		let device = 0;

		// Bob buys intervals 10..=12 of the stream; Alice grants it with Charlie as the proxy.
		let price = CPC;
		assert_ok!(AccessGrants::create_listing(
			RuntimeOrigin::signed(alice.clone()),
			Offer::Stream { device, price_per_interval: price },
			Terms::default(),
			None,
		));
		assert_ok!(AccessGrants::request_access(
			RuntimeOrigin::signed(bob.clone()),
			0,
			Some((10, Some(12))),
			3 * price,
		));
		let signer = Signer::new(SecretKey::random());
		let kfrags =
			umbral_pre::generate_kfrags(&owner, &buyer.public_key(), &signer, 1, 1, true, true);
		let sealed =
			EncryptedKeyFrag::seal(&mut rand_core::OsRng, &key(&proxy), &kfrags[0]).unwrap();
		assert_ok!(AccessGrants::approve_request(
			RuntimeOrigin::signed(alice.clone()),
			0,
			1,
			UmbralPublicKey::from_umbral(&signer.verifying_key()),
			vec![(charlie.clone(), sealed.clone())].try_into().unwrap(),
		));
		let grant = 0;
		let entry = pallet_access_grants::Grants::<Runtime>::get(grant).unwrap();
		// What Charlie's worker does: open its kfrag (it verifies), re-encrypt a capsule.
		let kfrag = sealed
			.open(
				&mut rand_core::OsRng,
				&proxy,
				&entry.verifying,
				&entry.delegating,
				&entry.receiving,
			)
			.unwrap();
		let cfrag_of = |capsule: &EncodedCapsule| {
			let cfrag = umbral_pre::reencrypt(&capsule.to_umbral().unwrap(), kfrag.clone());
			EncodedCapsuleFrag::from_umbral(&cfrag.unverify()).unwrap()
		};
		let charlie_before = pallet_committee::Candidates::<Runtime>::get(&charlie).unwrap();
		let held = |who: &AccountId| {
			Balances::balance_on_hold(&pallet_access_grants::HoldReason::Escrow.into(), who)
		};

		// Interval 10, honestly: Charlie delivers, Bob pays for it.
		close(10);
		let (first, first_capsule, result) = register(device, &device_key, &key(&owner), 10);
		assert_ok!(result);
		assert_ok!(AccessGrants::submit_cfrag(
			RuntimeOrigin::signed(charlie.clone()),
			grant,
			first,
			cfrag_of(&first_capsule),
		));
		assert_eq!(held(&bob), 2 * price);

		// Swap: Alice registers interval 11, Charlie re-encrypts it, Alice removes it and
		// registers other data under the same interval before Charlie's delivery lands.
		close(11);
		let (swapped, swapped_capsule, result) = register(device, &device_key, &key(&owner), 11);
		assert_ok!(result);
		let read = cfrag_of(&swapped_capsule);
		assert_ok!(DataRegistry::remove_data(RuntimeOrigin::signed(alice.clone()), device, 11));
		let (_, _, again) = register(device, &device_key, &key(&owner), 11);
		assert_noop!(again, pallet_data_registry::Error::<Runtime>::RecordRemoved);
		assert_noop!(
			AccessGrants::submit_cfrag(
				RuntimeOrigin::signed(charlie.clone()),
				grant,
				swapped,
				read
			)
			.map_err(|e| e.error),
			pallet_access_grants::Error::<Runtime>::NotCovered
		);

		// New key: Alice publishes another Umbral key and encrypts interval 12 to it. Charlie's
		// fragment passes umbral's check but Bob could not open the record with it.
		let new_owner = SecretKey::random();
		assert_ok!(DataRegistry::set_umbral_key(
			RuntimeOrigin::signed(alice.clone()),
			key(&new_owner)
		));
		close(12);
		let (under_new, new_capsule, result) = register(device, &device_key, &key(&new_owner), 12);
		assert_ok!(result);
		assert_noop!(
			AccessGrants::submit_cfrag(
				RuntimeOrigin::signed(charlie.clone()),
				grant,
				under_new,
				cfrag_of(&new_capsule),
			)
			.map_err(|e| e.error),
			pallet_access_grants::Error::<Runtime>::EncryptedToAnotherKey
		);
		assert_eq!(
			AccessGrants::due_parts(&charlie, grant, 10),
			Vec::<RecordId>::new(),
			"nothing left that Charlie could deliver"
		);

		// Charlie's bond and credit are untouched; no penalty was recorded.
		let charlie_after = pallet_committee::Candidates::<Runtime>::get(&charlie).unwrap();
		assert_eq!(charlie_after.bond, charlie_before.bond);
		assert_eq!(charlie_after.credit, charlie_before.credit);
		assert_eq!(charlie_after.current.invalid_cfrags, 0);
		assert!(!System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Committee(pallet_committee::Event::Penalised { .. })
		)));
		// Bob paid for the one interval he can open; the rest comes back when he closes.
		let free = Balances::free_balance(&bob);
		assert_ok!(AccessGrants::close_grant(RuntimeOrigin::signed(bob.clone()), grant));
		assert_eq!(Balances::free_balance(&bob), free + 2 * price);
		assert_eq!(held(&bob), 0);
	});
}

/// A buyer's escrow never covers its locks: it is paid to the owner and proxies past them, so
/// were the escrow to cover, say, a vesting schedule's lock, the buyer could spend unvested
/// CPC and be left with a lock over nothing once the escrow is paid. Whichever comes first,
/// the schedule or the escrow, whatever the buyer sends away leaves the lock covered by CPC it
/// keeps (its free CPC and its own deposits).
#[test]
fn a_buyers_escrow_never_covers_its_locks() {
	use frame_support::traits::{fungible::Inspect, tokens::Fortitude, tokens::Preservation};
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let [alice, dave, eve, ferdie] = [
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Dave.to_account_id(),
			Sr25519Keyring::Eve.to_account_id(),
			Sr25519Keyring::Ferdie.to_account_id(),
		];
		let signed = |who: &AccountId| RuntimeOrigin::signed(who.clone());
		for who in [&alice, &dave, &ferdie] {
			assert_ok!(DataRegistry::set_umbral_key(signed(who), key(&SecretKey::random())));
		}
		let device_key = sr25519::Pair::from_seed(&[7; 32]);
		let consent = record::ownership_statement(&DataRegistry::genesis_hash(), &alice, 0);
		assert_ok!(DataRegistry::register_device(
			signed(&alice),
			device_key.public(),
			device_key.sign(&consent),
			MinIntervalLength::get(),
			Default::default(),
			Default::default(),
			None,
		));
		let price = 1_000 * CPC;
		assert_ok!(AccessGrants::create_listing(
			signed(&alice),
			Offer::Stream { device: 0, price_per_interval: price },
			Terms::default(),
			None,
		));
		let (vesting, escrow) = (100_000 * CPC, 3 * price);
		for (request, (buyer, vest_first)) in
			[(&dave, true), (&ferdie, false)].into_iter().enumerate()
		{
			// Eve gives the buyer CPC that vests much later: a lock on its account.
			let vest = || {
				assert_ok!(Vesting::vested_transfer(
					signed(&eve),
					buyer.clone().into(),
					pallet_vesting::VestingInfo::new(vesting, 1, 1_000_000),
				));
			};
			let buy = || {
				assert_ok!(AccessGrants::request_access(
					signed(buyer),
					0,
					Some((10, Some(12))),
					escrow
				));
			};
			if vest_first {
				vest();
				buy();
			} else {
				buy();
				vest();
			}
			// What the buyer keeps on hold of its own (deposits) covers part of the lock; the
			// escrow none of it.
			let held = <Balances as InspectHold<AccountId>>::total_balance_on_hold(buyer);
			assert!(held - escrow < vesting, "the buyer's own deposits cover only part of it");
			let spendable = Balances::free_balance(buyer) - (vesting - (held - escrow));
			assert_eq!(
				<Balances as Inspect<AccountId>>::reducible_balance(
					buyer,
					Preservation::Preserve,
					Fortitude::Polite
				),
				spendable
			);
			let send =
				|amount| Balances::transfer_keep_alive(signed(buyer), eve.clone().into(), amount);
			assert_noop!(send(spendable + 1), sp_runtime::TokenError::Frozen);
			// The escrow back, the buyer may spend it, and still not what vests.
			assert_ok!(AccessGrants::cancel_request(signed(buyer), request as u64));
			assert_noop!(send(spendable + escrow + 1), sp_runtime::TokenError::Frozen);
			assert_ok!(send(spendable + escrow));
			// All the buyer has left is what vests.
			assert_eq!(<Balances as Inspect<AccountId>>::total_balance(buyer), vesting);
		}
	});
}
