//! Unit tests of the market, with real Umbral keys, capsules and fragments, by topic; the
//! fixture and helpers they share are here.

mod delivery;
mod listings;
mod storage;

use crate::{mock::*, *};
use cpchain_primitives::{
	record::RecordId,
	umbral::{EncodedCapsule, EncodedCapsuleFrag, EncryptedKeyFrag, UmbralPublicKey},
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{self, InspectHold},
		Hooks,
	},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::{traits::BadOrigin, DispatchError, TokenError};
use std::collections::BTreeMap;
use umbral_pre::{SecretKey, Signer};

const DEVICE: u64 = 0;
const PRICE: Balance = 1_000;

/// Everyone's Umbral secrets and the plaintext of each record.
struct Fixture {
	owner: SecretKey,
	signer: Signer,
	secrets: BTreeMap<AccountId, SecretKey>,
	plaintexts: BTreeMap<RecordId, Vec<u8>>,
	ciphertexts: BTreeMap<RecordId, Vec<u8>>,
}

fn key(sk: &SecretKey) -> UmbralPublicKey {
	UmbralPublicKey::from_umbral(&sk.public_key())
}

/// The owner with device 0, two buyers and three proxies with keys, the proxies in the set.
fn setup() -> Fixture {
	let owner = SecretKey::random();
	let mut secrets = BTreeMap::new();
	for who in [BUYER, OTHER_BUYER].into_iter().chain(PROXIES) {
		secrets.insert(who, SecretKey::random());
	}
	world(|w| {
		w.keys.insert(OWNER, key(&owner));
		for (who, sk) in &secrets {
			w.keys.insert(*who, key(sk));
		}
		w.devices.insert(DEVICE, OWNER);
		w.proxies = PROXIES.to_vec();
	});
	Fixture {
		owner,
		signer: Signer::new(SecretKey::random()),
		secrets,
		plaintexts: BTreeMap::new(),
		ciphertexts: BTreeMap::new(),
	}
}

impl Fixture {
	/// Registers the owner's record for `interval` of device 0 with real encrypted data.
	fn record(&mut self, interval: u64) -> RecordId {
		let record = RecordId { device: DEVICE, interval };
		let plaintext = format!("readings of interval {interval}").into_bytes();
		let (capsule, ciphertext) = cpchain_primitives::umbral::encrypt_with_rng(
			&mut rand_core_rng(),
			&key(&self.owner),
			&plaintext,
		)
		.unwrap();
		let registered_at = System::block_number();
		let owner_key = key(&self.owner).fingerprint();
		world(|w| {
			w.records.insert(record, RecordInfo { owner: OWNER, capsule, owner_key, registered_at })
		});
		self.plaintexts.insert(record, plaintext);
		self.ciphertexts.insert(record, ciphertext);
		record
	}

	fn verifying(&self) -> UmbralPublicKey {
		UmbralPublicKey::from_umbral(&self.signer.verifying_key())
	}

	/// Key fragments for `buyer`, `threshold` of `proxies`, each sealed to its proxy.
	fn kfrags(&self, buyer: AccountId, threshold: u8, proxies: &[AccountId]) -> KeyFragsOf<Test> {
		let kfrags = umbral_pre::generate_kfrags(
			&self.owner,
			&self.secrets[&buyer].public_key(),
			&self.signer,
			threshold as usize,
			proxies.len(),
			true,
			true,
		);
		let sealed: Vec<_> = proxies
			.iter()
			.zip(kfrags.iter())
			.map(|(proxy, kfrag)| {
				let sealed =
					EncryptedKeyFrag::seal(&mut rand_core_rng(), &key(&self.secrets[proxy]), kfrag)
						.unwrap();
				(*proxy, sealed)
			})
			.collect();
		BoundedVec::try_from(sealed).unwrap()
	}

	/// Approves `request` with `threshold` of `proxies`.
	fn approve(&self, request: GrantId, threshold: u8, proxies: &[AccountId]) {
		let buyer = Requests::<Test>::get(request).unwrap().buyer;
		assert_ok!(AccessGrants::approve_request(
			RuntimeOrigin::signed(OWNER),
			request,
			threshold,
			self.verifying(),
			self.kfrags(buyer, threshold, proxies),
		));
	}

	/// What `proxy` would submit for `record` under `grant`: it opens its kfrag from the
	/// chain and re-encrypts the record's capsule.
	fn cfrag(&self, proxy: AccountId, grant: GrantId, record: RecordId) -> EncodedCapsuleFrag {
		let entry = Grants::<Test>::get(grant).unwrap();
		let kfrag = AccessGrants::key_fragment(grant, &proxy)
			.unwrap()
			.open(
				&mut rand_core_rng(),
				&self.secrets[&proxy],
				&entry.verifying,
				&entry.delegating,
				&entry.receiving,
			)
			.unwrap();
		let capsule = world(|w| w.records[&record].capsule.clone());
		let cfrag = umbral_pre::reencrypt(&capsule.to_umbral().unwrap(), kfrag);
		EncodedCapsuleFrag::from_umbral(&cfrag.unverify()).unwrap()
	}

	fn deliver(&self, proxy: AccountId, grant: GrantId, record: RecordId) {
		let cfrag = self.cfrag(proxy, grant, record);
		assert_ok!(AccessGrants::submit_cfrag(RuntimeOrigin::signed(proxy), grant, record, cfrag));
	}

	/// What `buyer` reads of `record` with the fragments the chain delivered, if it can.
	fn decrypt(&self, buyer: AccountId, record: RecordId) -> Option<Vec<u8>> {
		let capsule: EncodedCapsule = world(|w| w.records[&record].capsule.clone());
		AccessGrants::deliveries(&buyer, record).into_iter().find_map(|delivery| {
			let cfrags: Vec<_> = delivery
				.cfrags
				.iter()
				.map(|cfrag| cfrag.to_umbral().unwrap().skip_verification())
				.collect();
			umbral_pre::decrypt_reencrypted(
				&self.secrets[&buyer],
				&delivery.delegating.to_umbral().unwrap(),
				&capsule.to_umbral().unwrap(),
				cfrags,
				&self.ciphertexts[&record],
			)
			.ok()
			.map(|plaintext| plaintext.to_vec())
		})
	}
}

/// How a delivery refused before its fragment is verified fails: charged as a rejected one.
fn refused(
	error: Error<Test>,
) -> sp_runtime::DispatchErrorWithPostInfo<frame_support::dispatch::PostDispatchInfo> {
	sp_runtime::DispatchErrorWithPostInfo {
		post_info: Some(<() as WeightInfo>::submit_rejected_cfrag()).into(),
		error: error.into(),
	}
}

fn rand_core_rng() -> rand_chacha::ChaCha20Rng {
	use rand_chacha::rand_core::{RngCore, SeedableRng};
	let mut seed = [0u8; 32];
	rand_chacha::rand_core::OsRng.fill_bytes(&mut seed);
	rand_chacha::ChaCha20Rng::from_seed(seed)
}

fn stream_listing(terms: Terms<BlockNumber>) -> ListingId {
	let listing = NextListingId::<Test>::get();
	assert_ok!(AccessGrants::create_listing(
		RuntimeOrigin::signed(OWNER),
		Offer::Stream { device: DEVICE, price_per_interval: PRICE },
		terms,
		None,
	));
	listing
}

fn records_listing(records: &[RecordId], price: Balance) -> ListingId {
	let listing = NextListingId::<Test>::get();
	assert_ok!(AccessGrants::create_listing(
		RuntimeOrigin::signed(OWNER),
		Offer::Records { records: BoundedVec::try_from(records.to_vec()).unwrap(), price },
		Terms::default(),
		None,
	));
	listing
}

fn request(
	buyer: AccountId,
	listing: ListingId,
	intervals: Option<(u64, Option<u64>)>,
	escrow: Balance,
) -> GrantId {
	let request = NextRequestId::<Test>::get();
	assert_ok!(AccessGrants::request_access(
		RuntimeOrigin::signed(buyer),
		listing,
		intervals,
		escrow
	));
	request
}

fn escrow_of(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Escrow.into(), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn run_to(block: BlockNumber) {
	while System::block_number() < block {
		AccessGrants::on_idle(System::block_number(), Weight::MAX);
		System::set_block_number(System::block_number() + 1);
	}
}
