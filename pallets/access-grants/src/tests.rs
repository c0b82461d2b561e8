//! Unit tests of the market, with real Umbral keys, capsules and fragments.

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

// Listings.

#[test]
fn owners_list_their_device_streams_and_pay_a_deposit() {
	new_test_ext().execute_with(|| {
		setup();
		let listing = stream_listing(Terms::default());
		assert_eq!(last_event(), Event::Listed { listing, owner: OWNER }.into());
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::ListingDeposit.into(), &OWNER),
			LISTING_DEPOSIT
		);
		assert!(OwnerListings::<Test>::contains_key(OWNER, listing));
		assert_eq!(AccessGrants::listing_ids(None, 10), vec![listing]);
		check_state();

		let stream = |device| Offer::Stream { device, price_per_interval: PRICE };
		assert_noop!(
			AccessGrants::create_listing(
				RuntimeOrigin::signed(OWNER),
				stream(9),
				Terms::default(),
				None
			),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			AccessGrants::create_listing(
				RuntimeOrigin::signed(BUYER),
				stream(DEVICE),
				Terms::default(),
				None
			),
			Error::<Test>::NotDeviceOwner
		);
		assert_noop!(
			AccessGrants::create_listing(
				RuntimeOrigin::none(),
				stream(DEVICE),
				Terms::default(),
				None
			),
			BadOrigin
		);
		world(|w| w.devices.insert(5, PAUPER));
		assert_noop!(
			AccessGrants::create_listing(
				RuntimeOrigin::signed(PAUPER),
				stream(5),
				Terms::default(),
				None
			),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn record_sets_must_be_the_owners_existing_distinct_records() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let a = f.record(1);
		let b = f.record(2);
		let offer = |records: Vec<RecordId>| Offer::Records {
			records: BoundedVec::try_from(records).unwrap(),
			price: PRICE,
		};
		let list = |who, records| {
			AccessGrants::create_listing(
				RuntimeOrigin::signed(who),
				offer(records),
				Terms::default(),
				None,
			)
		};
		assert_noop!(list(OWNER, vec![]), Error::<Test>::EmptyRecordSet);
		assert_noop!(list(OWNER, vec![a, b, a]), Error::<Test>::DuplicateRecord);
		assert_noop!(
			list(OWNER, vec![a, RecordId { device: DEVICE, interval: 7 }]),
			Error::<Test>::UnknownRecord
		);
		assert_noop!(list(BUYER, vec![a]), Error::<Test>::NotRecordOwner);
		assert_ok!(list(OWNER, vec![a, b]));
		check_state();
	});
}

#[test]
fn updates_change_new_requests_only_and_delisting_releases_the_deposit() {
	new_test_ext().execute_with(|| {
		let f = setup();
		let listing = stream_listing(Terms::default());
		let old = request(BUYER, listing, Some((0, Some(1))), 2 * PRICE);

		let terms = Terms { expires_at: Some(50), max_buyers: Some(5) };
		assert_noop!(
			AccessGrants::update_listing(RuntimeOrigin::signed(BUYER), listing, 1, terms, None),
			Error::<Test>::NotListingOwner
		);
		assert_noop!(
			AccessGrants::update_listing(RuntimeOrigin::signed(OWNER), 9, 1, terms, None),
			Error::<Test>::UnknownListing
		);
		assert_ok!(AccessGrants::update_listing(
			RuntimeOrigin::signed(OWNER),
			listing,
			3 * PRICE,
			terms,
			None
		));
		assert_eq!(last_event(), Event::ListingUpdated { listing }.into());
		// The old price no longer buys; the pending request keeps its price.
		assert_noop!(
			AccessGrants::request_access(
				RuntimeOrigin::signed(OTHER_BUYER),
				listing,
				Some((0, Some(0))),
				PRICE
			),
			Error::<Test>::WrongEscrow
		);
		assert_eq!(Requests::<Test>::get(old).unwrap().price, PRICE);
		f.approve(old, 2, &PROXIES);
		assert_eq!(Grants::<Test>::get(old).unwrap().expires_at, Some(50));

		assert_noop!(
			AccessGrants::delist(RuntimeOrigin::signed(BUYER), listing),
			Error::<Test>::NotListingOwner
		);
		let pending = request(OTHER_BUYER, listing, Some((0, Some(0))), 3 * PRICE);
		assert_ok!(AccessGrants::delist(RuntimeOrigin::signed(OWNER), listing));
		assert_eq!(Balances::balance_on_hold(&HoldReason::ListingDeposit.into(), &OWNER), 0);
		// A delisted listing's requests cannot be approved, only cancelled; its grants go on.
		assert_noop!(
			AccessGrants::approve_request(
				RuntimeOrigin::signed(OWNER),
				pending,
				1,
				f.verifying(),
				f.kfrags(OTHER_BUYER, 1, &PROXIES[..1])
			),
			Error::<Test>::UnknownListing
		);
		assert_ok!(AccessGrants::cancel_request(RuntimeOrigin::signed(OTHER_BUYER), pending));
		assert!(Grants::<Test>::contains_key(old));
		check_state();
	});
}

// Requests.

#[test]
fn a_request_holds_the_price_in_escrow() {
	new_test_ext().execute_with(|| {
		setup();
		let listing = stream_listing(Terms::default());
		let request = request(BUYER, listing, Some((3, Some(5))), 3 * PRICE);
		assert_eq!(
			last_event(),
			Event::AccessRequested { request, listing, buyer: BUYER, escrow: 3 * PRICE }.into()
		);
		assert_eq!(escrow_of(BUYER), 3 * PRICE);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::RequestDeposit.into(), &BUYER),
			REQUEST_DEPOSIT
		);
		assert_eq!(free(BUYER), ENDOWMENT - 3 * PRICE - REQUEST_DEPOSIT);
		assert_eq!(Listings::<Test>::get(listing).unwrap().buyers, 1);
		assert!(OwnerRequests::<Test>::contains_key(OWNER, request));
		assert!(Purchases::<Test>::contains_key(BUYER, request));
		// Open-ended: any escrow that pays for one interval at least.
		let open = self::request(OTHER_BUYER, listing, Some((0, None)), PRICE + 1);
		assert_eq!(
			Requests::<Test>::get(open).unwrap().coverage,
			Coverage::Intervals { device: DEVICE, first: 0, last: None }
		);
		check_state();
	});
}

#[test]
fn bad_requests_are_refused() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let ask = |who, listing, intervals, escrow| {
			AccessGrants::request_access(RuntimeOrigin::signed(who), listing, intervals, escrow)
		};
		let stream = stream_listing(Terms { expires_at: Some(5), max_buyers: Some(1) });
		let set = records_listing(&[f.record(1)], PRICE);

		world(|w| w.keys.remove(&BUYER));
		assert_noop!(ask(BUYER, stream, Some((0, None)), PRICE), Error::<Test>::UmbralKeyMissing);
		assert_noop!(ask(OTHER_BUYER, 9, Some((0, None)), PRICE), Error::<Test>::UnknownListing);
		assert_noop!(ask(OWNER, stream, Some((0, None)), PRICE), Error::<Test>::OwnListing);
		assert_noop!(ask(OTHER_BUYER, stream, None, PRICE), Error::<Test>::BadCoverage);
		assert_noop!(
			ask(OTHER_BUYER, stream, Some((5, Some(4))), PRICE),
			Error::<Test>::BadCoverage
		);
		assert_noop!(ask(OTHER_BUYER, set, Some((0, None)), PRICE), Error::<Test>::BadCoverage);
		assert_noop!(
			ask(OTHER_BUYER, stream, Some((0, Some(1))), PRICE),
			Error::<Test>::WrongEscrow
		);
		assert_noop!(
			ask(OTHER_BUYER, stream, Some((0, None)), PRICE - 1),
			Error::<Test>::WrongEscrow
		);
		assert_noop!(ask(OTHER_BUYER, set, None, PRICE + 1), Error::<Test>::WrongEscrow);
		assert_noop!(
			ask(OTHER_BUYER, stream, Some((0, Some(u64::MAX))), PRICE),
			Error::<Test>::PriceOverflow
		);
		assert_noop!(
			ask(OTHER_BUYER, stream, Some((0, Some(1_000))), 1_001 * PRICE),
			TokenError::FundsUnavailable
		);
		world(|w| w.keys.insert(PAUPER, key(&SecretKey::random())));
		assert_noop!(ask(PAUPER, stream, Some((0, None)), PRICE), TokenError::FundsUnavailable);

		assert_ok!(ask(OTHER_BUYER, stream, Some((0, None)), PRICE));
		world(|w| w.keys.insert(BUYER, key(&SecretKey::random())));
		assert_noop!(ask(BUYER, stream, Some((0, None)), PRICE), Error::<Test>::TooManyBuyers);
		System::set_block_number(6);
		assert_noop!(ask(BUYER, stream, Some((0, None)), PRICE), Error::<Test>::ListingExpired);
		check_state();
	});
}

#[test]
fn buyers_cancel_any_time_and_anyone_after_the_timeout() {
	new_test_ext().execute_with(|| {
		setup();
		let listing = stream_listing(Terms::default());
		let first = request(BUYER, listing, Some((0, Some(1))), 2 * PRICE);
		assert_noop!(
			AccessGrants::cancel_request(RuntimeOrigin::signed(OTHER_BUYER), first),
			Error::<Test>::NotBuyer
		);
		assert_ok!(AccessGrants::cancel_request(RuntimeOrigin::signed(BUYER), first));
		assert_eq!(
			last_event(),
			Event::RequestDropped { request: first, rejected: false, refund: 2 * PRICE }.into()
		);
		assert_eq!(free(BUYER), ENDOWMENT);
		assert_eq!(Listings::<Test>::get(listing).unwrap().buyers, 0);
		assert_noop!(
			AccessGrants::cancel_request(RuntimeOrigin::signed(BUYER), first),
			Error::<Test>::UnknownRequest
		);

		let second = request(BUYER, listing, Some((0, None)), PRICE);
		System::set_block_number(1 + REQUEST_TIMEOUT + 1);
		assert_ok!(AccessGrants::cancel_request(RuntimeOrigin::signed(OTHER_BUYER), second));
		assert_eq!(escrow_of(BUYER), 0);
		assert_eq!(free(BUYER), ENDOWMENT);
		check_state();
	});
}

#[test]
fn owners_and_their_approvers_reject_requests() {
	new_test_ext().execute_with(|| {
		setup();
		let listing = stream_listing(Terms::default());
		const GATEWAY: AccountId = 50;
		assert_ok!(AccessGrants::update_listing(
			RuntimeOrigin::signed(OWNER),
			listing,
			PRICE,
			Terms::default(),
			Some(GATEWAY)
		));
		let a = request(BUYER, listing, Some((0, None)), PRICE);
		let b = request(OTHER_BUYER, listing, Some((0, None)), PRICE);
		assert_noop!(
			AccessGrants::reject_request(RuntimeOrigin::signed(BUYER), a),
			Error::<Test>::NotApprover
		);
		assert_ok!(AccessGrants::reject_request(RuntimeOrigin::signed(OWNER), a));
		assert_eq!(
			last_event(),
			Event::RequestDropped { request: a, rejected: true, refund: PRICE }.into()
		);
		assert_ok!(AccessGrants::reject_request(RuntimeOrigin::signed(GATEWAY), b));
		assert_eq!(free(BUYER), ENDOWMENT);
		assert_eq!(free(OTHER_BUYER), ENDOWMENT);
		assert_noop!(
			AccessGrants::reject_request(RuntimeOrigin::signed(OWNER), a),
			Error::<Test>::UnknownRequest
		);
		check_state();
	});
}

// Approval.

#[test]
fn approval_hands_each_proxy_its_sealed_kfrag() {
	new_test_ext().execute_with(|| {
		let f = setup();
		let listing = stream_listing(Terms::default());
		let grant = request(BUYER, listing, Some((0, None)), 5 * PRICE);
		f.approve(grant, 2, &PROXIES);
		assert_eq!(
			last_event(),
			Event::Granted { grant, buyer: BUYER, threshold: 2, proxies: PROXIES.to_vec() }.into()
		);
		let entry = Grants::<Test>::get(grant).unwrap();
		assert_eq!(entry.escrow, 5 * PRICE);
		assert_eq!(entry.delegating, key(&f.owner));
		assert_eq!(entry.receiving, key(&f.secrets[&BUYER]));
		assert!(!Requests::<Test>::contains_key(grant));
		assert!(!OwnerRequests::<Test>::contains_key(OWNER, grant));
		assert_eq!(Balances::balance_on_hold(&HoldReason::RequestDeposit.into(), &BUYER), 0);
		for proxy in PROXIES {
			assert!(ProxyGrants::<Test>::contains_key(proxy, grant));
		}
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::GrantDeposit.into(), &OWNER),
			GRANT_DEPOSIT
		);
		// Each proxy opens exactly its own fragment; ended grants keep none.
		assert_eq!(KeyFrags::<Test>::get(grant).unwrap().len(), 3);
		let other = AccessGrants::key_fragment(grant, &PROXIES[1]).unwrap().open(
			&mut rand_core_rng(),
			&f.secrets[&PROXIES[0]],
			&entry.verifying,
			&entry.delegating,
			&entry.receiving,
		);
		assert!(other.is_err());
		assert_eq!(AccessGrants::key_fragment(grant, &OTHER_BUYER), None);
		check_state();
	});
}

#[test]
fn bad_approvals_are_refused() {
	new_test_ext().execute_with(|| {
		let f = setup();
		let listing = stream_listing(Terms::default());
		let request = request(BUYER, listing, Some((0, None)), PRICE);
		let approve = |who, threshold, verifying, kfrags| {
			AccessGrants::approve_request(
				RuntimeOrigin::signed(who),
				request,
				threshold,
				verifying,
				kfrags,
			)
		};
		let kfrags = |proxies: &[AccountId]| f.kfrags(BUYER, 1, proxies);
		assert_noop!(
			approve(BUYER, 1, f.verifying(), kfrags(&PROXIES)),
			Error::<Test>::NotApprover
		);
		assert_noop!(
			approve(OWNER, 0, f.verifying(), kfrags(&PROXIES)),
			Error::<Test>::BadThreshold
		);
		assert_noop!(
			approve(OWNER, 4, f.verifying(), kfrags(&PROXIES)),
			Error::<Test>::BadThreshold
		);
		assert_noop!(
			approve(OWNER, 1, f.verifying(), BoundedVec::default()),
			Error::<Test>::BadThreshold
		);
		assert_noop!(
			approve(OWNER, 1, UmbralPublicKey([0; 33]), kfrags(&PROXIES)),
			Error::<Test>::InvalidVerifyingKey
		);
		let mut stranger = kfrags(&PROXIES[..1]);
		stranger[0].0 = OTHER_BUYER;
		assert_noop!(approve(OWNER, 1, f.verifying(), stranger), Error::<Test>::NotAProxy);
		let mut twice = kfrags(&PROXIES[..2]);
		twice[1].0 = PROXIES[0];
		assert_noop!(approve(OWNER, 1, f.verifying(), twice), Error::<Test>::DuplicateProxy);
		world(|w| w.keys.remove(&PROXIES[2]));
		assert_noop!(
			approve(
				OWNER,
				1,
				f.verifying(),
				kfrags(&PROXIES[..2])
					.into_iter()
					.chain([(PROXIES[2], kfrags(&PROXIES[..1])[0].1.clone())])
					.collect::<Vec<_>>()
					.try_into()
					.unwrap()
			),
			Error::<Test>::ProxyKeyMissing
		);
		let buyer_key = world(|w| w.keys.remove(&BUYER)).unwrap();
		assert_noop!(
			approve(OWNER, 1, f.verifying(), kfrags(&PROXIES[..1])),
			Error::<Test>::UmbralKeyMissing
		);
		world(|w| w.keys.insert(BUYER, buyer_key));
		// The owner pays the grant's deposit.
		let rich = Balances::free_balance(OWNER);
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(OWNER), 77, rich - 1));
		assert_noop!(
			approve(OWNER, 1, f.verifying(), kfrags(&PROXIES[..1])),
			TokenError::FundsUnavailable
		);
		System::set_block_number(1 + REQUEST_TIMEOUT + 1);
		assert_noop!(
			approve(OWNER, 1, f.verifying(), kfrags(&PROXIES[..1])),
			Error::<Test>::RequestExpired
		);
		assert_noop!(
			AccessGrants::approve_request(
				RuntimeOrigin::signed(OWNER),
				42,
				1,
				f.verifying(),
				kfrags(&PROXIES[..1])
			),
			Error::<Test>::UnknownRequest
		);
		check_state();
	});
}

// Delivery and settlement.

#[test]
fn two_buyers_decrypt_every_interval_they_paid_for_and_the_money_adds_up() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let a = request(BUYER, listing, Some((0, Some(2))), 3 * PRICE);
		let b = request(OTHER_BUYER, listing, Some((1, None)), 10 * PRICE);
		f.approve(a, 2, &PROXIES);
		f.approve(b, 2, &PROXIES);
		let records: Vec<_> = (0..4).map(|interval| f.record(interval)).collect();
		let owner_before = free(OWNER);
		let proxies_before: Vec<_> = PROXIES.iter().map(|p| free(*p)).collect();

		// Proxies 0 and 1 serve A; 1 and 2 serve B; the third proxy of A is late.
		for record in &records[..3] {
			assert_eq!(f.decrypt(BUYER, *record), None);
			f.deliver(PROXIES[0], a, *record);
			assert_eq!(f.decrypt(BUYER, *record), None, "one fragment is not enough");
			f.deliver(PROXIES[1], a, *record);
			assert_eq!(f.decrypt(BUYER, *record).as_ref(), Some(&f.plaintexts[record]));
		}
		for record in &records[1..] {
			f.deliver(PROXIES[1], b, *record);
			f.deliver(PROXIES[2], b, *record);
			assert_eq!(f.decrypt(OTHER_BUYER, *record).as_ref(), Some(&f.plaintexts[record]));
		}
		// Neither buyer reads what it did not buy.
		assert_eq!(f.decrypt(OTHER_BUYER, records[0]), None);
		assert_eq!(f.decrypt(BUYER, records[3]), None);

		// A covered three intervals and completed; B paid for three and keeps seven in escrow.
		assert!(!Grants::<Test>::contains_key(a));
		assert!(System::events().iter().any(|r| r.event
			== Event::GrantEnded { grant: a, reason: EndReason::Completed, refund: 0 }.into()));
		let entry = Grants::<Test>::get(b).unwrap();
		assert_eq!((entry.settled, entry.escrow), (3, 7 * PRICE));
		assert_eq!(
			entry.proxies.iter().map(|p| p.delivered).collect::<Vec<_>>(),
			vec![0, 3, 3],
			"the missing proxy is visible"
		);

		// 10% of each part to the two proxies who delivered it, the rest to the owner.
		let fee_each = PRICE / 10 / 2;
		assert_eq!(free(OWNER) - owner_before, 6 * (PRICE - 2 * fee_each) + GRANT_DEPOSIT);
		let earned: Vec<_> =
			PROXIES.iter().zip(&proxies_before).map(|(p, b)| free(*p) - b).collect();
		assert_eq!(earned, vec![3 * fee_each, 6 * fee_each, 3 * fee_each]);
		assert_eq!(free(BUYER), ENDOWMENT - 3 * PRICE);
		assert_eq!(escrow_of(BUYER), 0);
		assert_eq!(free(OTHER_BUYER) + escrow_of(OTHER_BUYER), ENDOWMENT - 3 * PRICE);
		let total: Balance = [OWNER, BUYER, OTHER_BUYER]
			.into_iter()
			.chain(PROXIES)
			.map(|who| <Balances as fungible::Inspect<_>>::total_balance(&who))
			.sum();
		assert_eq!(total, 6 * ENDOWMENT, "nothing created or lost");
		assert_eq!(world(|w| w.accepted.values().sum::<u32>()), 12);
		assert_eq!(world(|w| w.sales.len()), 6);
		assert!(world(|w| w.sales.iter().all(|(_, _, to_proxies)| *to_proxies == 2 * fee_each)));
		check_state();
	});
}

#[test]
fn an_invalid_cfrag_is_rejected_reported_and_not_kept() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let a = request(BUYER, listing, Some((0, None)), 5 * PRICE);
		let b = request(OTHER_BUYER, listing, Some((0, None)), 5 * PRICE);
		f.approve(a, 2, &PROXIES);
		f.approve(b, 2, &PROXIES);
		let record = f.record(0);
		let other = f.record(1);

		// A fragment made for another buyer, one for another record, and one tampered with.
		let for_b = f.cfrag(PROXIES[0], b, record);
		let for_other = f.cfrag(PROXIES[0], a, other);
		let mut tampered = f.cfrag(PROXIES[0], a, record);
		let last = tampered.0.len() - 1;
		tampered.0[last] ^= 1;
		for bad in [for_b, for_other, tampered] {
			assert_ok!(AccessGrants::submit_cfrag(
				RuntimeOrigin::signed(PROXIES[0]),
				a,
				record,
				bad
			));
			assert_eq!(
				last_event(),
				Event::CfragRejected { grant: a, record, proxy: PROXIES[0] }.into()
			);
		}
		assert_eq!(world(|w| w.rejected.clone()), vec![(PROXIES[0], a); 3]);
		assert!(AccessGrants::deliveries(&BUYER, record).is_empty());
		assert_eq!(escrow_of(BUYER), 5 * PRICE);
		// The proxy can still deliver a good one.
		f.deliver(PROXIES[0], a, record);
		assert_eq!(AccessGrants::deliveries(&BUYER, record)[0].cfrags.len(), 1);
		check_state();
	});
}

#[test]
fn malformed_fragments_and_points_at_infinity_are_refused_without_trapping_or_penalty() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let grant = request(BUYER, listing, Some((0, None)), 5 * PRICE);
		f.approve(grant, 2, &PROXIES);
		let record = f.record(0);
		let genuine = f.cfrag(PROXIES[0], grant, record);
		// E1 (the first field) as SEC1's point at infinity, one byte: umbral-pre would decode
		// it and panic encoding it again, trapping the block.
		let mut infinity = vec![1u8, 0x00];
		infinity.extend_from_slice(&genuine.0[34..]);
		let garbage = vec![1u8; 40];
		for bad in [infinity, garbage] {
			let bad = EncodedCapsuleFrag(BoundedVec::try_from(bad).unwrap());
			assert_eq!(
				AccessGrants::submit_cfrag(RuntimeOrigin::signed(PROXIES[0]), grant, record, bad),
				Err(refused(Error::<Test>::MalformedCfrag))
			);
		}
		assert!(world(|w| w.rejected.is_empty()), "a malformed argument is not a penalty");
		assert_ok!(AccessGrants::submit_cfrag(
			RuntimeOrigin::signed(PROXIES[0]),
			grant,
			record,
			genuine
		));
		check_state();
	});
}

#[test]
fn records_under_a_key_the_owner_published_after_approval_are_neither_delivered_nor_charged() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let grant = request(BUYER, listing, Some((0, Some(1))), 2 * PRICE);
		f.approve(grant, 1, &PROXIES[..1]);
		let before = f.record(0);
		// The owner publishes a new key and encrypts the next interval to it.
		let new_owner_key = SecretKey::random();
		world(|w| w.keys.insert(OWNER, key(&new_owner_key)));
		let old_owner_key = core::mem::replace(&mut f.owner, new_owner_key);
		let after = f.record(1);
		f.owner = old_owner_key;

		// The proxy's fragment (from the grant's kfrag, made under the old key) passes
		// umbral's check, but the buyer could never open the record with it: refused, with no
		// penalty and no charge.
		let cfrag = f.cfrag(PROXIES[0], grant, after);
		assert_eq!(
			AccessGrants::submit_cfrag(RuntimeOrigin::signed(PROXIES[0]), grant, after, cfrag),
			Err(refused(Error::<Test>::EncryptedToAnotherKey))
		);
		assert!(world(|w| w.rejected.is_empty()));
		assert_eq!(AccessGrants::due_parts(&PROXIES[0], grant, 10), vec![before]);
		f.deliver(PROXIES[0], grant, before);
		assert_eq!(f.decrypt(BUYER, before), Some(f.plaintexts[&before].clone()));
		assert_eq!(escrow_of(BUYER), PRICE, "one interval paid, the other still in escrow");
		let free_before = free(BUYER);
		assert_ok!(AccessGrants::close_grant(RuntimeOrigin::signed(BUYER), grant));
		assert_eq!(free(BUYER), free_before + PRICE, "the undeliverable interval is refunded");
		check_state();
	});
}

#[test]
fn deliveries_outside_the_grant_are_refused() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms { expires_at: Some(100), max_buyers: None });
		let grant = request(BUYER, listing, Some((1, Some(3))), 3 * PRICE);
		f.approve(grant, 2, &PROXIES[..2]);
		let inside = f.record(1);
		let before = f.record(0);
		let submit = |who, grant, record, cfrag| {
			AccessGrants::submit_cfrag(RuntimeOrigin::signed(who), grant, record, cfrag)
		};
		let good = f.cfrag(PROXIES[0], grant, inside);

		assert_noop!(
			submit(PROXIES[0], 9, inside, good.clone()),
			refused(Error::<Test>::UnknownGrant)
		);
		assert_noop!(
			submit(PROXIES[2], grant, inside, good.clone()),
			refused(Error::<Test>::NotGrantProxy)
		);
		assert_noop!(
			submit(PROXIES[0], grant, before, good.clone()),
			refused(Error::<Test>::NotCovered)
		);
		let missing = RecordId { device: DEVICE, interval: 2 };
		assert_noop!(
			submit(PROXIES[0], grant, missing, good.clone()),
			refused(Error::<Test>::NotCovered)
		);
		// A record of the device registered after it changed hands is not the owner's to sell.
		world(|w| w.records.get_mut(&inside).unwrap().owner = OTHER_BUYER);
		assert_noop!(
			submit(PROXIES[0], grant, inside, good.clone()),
			refused(Error::<Test>::NotCovered)
		);
		world(|w| w.records.get_mut(&inside).unwrap().owner = OWNER);

		assert_ok!(submit(PROXIES[0], grant, inside, good.clone()));
		assert_noop!(
			submit(PROXIES[0], grant, inside, good.clone()),
			refused(Error::<Test>::AlreadyDelivered)
		);
		f.deliver(PROXIES[1], grant, inside);
		let third = f.cfrag(PROXIES[0], grant, inside);
		assert_noop!(submit(PROXIES[0], grant, inside, third), refused(Error::<Test>::PartSettled));

		// Past the delivery window, a part is refused and never charged.
		System::set_block_number(1 + DELIVERY_WINDOW + 1);
		let late = f.record(3);
		System::set_block_number(System::block_number() + DELIVERY_WINDOW + 1);
		assert_noop!(
			submit(PROXIES[0], grant, late, f.cfrag(PROXIES[0], grant, late)),
			refused(Error::<Test>::DeliveryWindowClosed)
		);
		System::set_block_number(101);
		assert_noop!(submit(PROXIES[0], grant, inside, good), refused(Error::<Test>::GrantExpired));
		check_state();
	});
}

#[test]
fn open_ended_grants_run_until_the_escrow_is_spent_and_take_top_ups() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let grant = request(BUYER, listing, Some((0, None)), PRICE);
		f.approve(grant, 1, &PROXIES[..1]);
		let first = f.record(0);
		let second = f.record(1);
		f.deliver(PROXIES[0], grant, first);
		assert_eq!(Grants::<Test>::get(grant).unwrap().escrow, 0);
		assert_noop!(
			AccessGrants::submit_cfrag(
				RuntimeOrigin::signed(PROXIES[0]),
				grant,
				second,
				f.cfrag(PROXIES[0], grant, second)
			),
			refused(Error::<Test>::EscrowExhausted)
		);

		assert_noop!(
			AccessGrants::top_up(RuntimeOrigin::signed(OTHER_BUYER), grant, PRICE),
			Error::<Test>::NotBuyer
		);
		assert_noop!(
			AccessGrants::top_up(RuntimeOrigin::signed(BUYER), grant, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			AccessGrants::top_up(RuntimeOrigin::signed(BUYER), 9, PRICE),
			Error::<Test>::UnknownGrant
		);
		assert_noop!(
			AccessGrants::top_up(RuntimeOrigin::signed(BUYER), grant, 10 * ENDOWMENT),
			TokenError::FundsUnavailable
		);
		assert_ok!(AccessGrants::top_up(RuntimeOrigin::signed(BUYER), grant, PRICE));
		assert_eq!(last_event(), Event::ToppedUp { grant, amount: PRICE }.into());
		f.deliver(PROXIES[0], grant, second);
		assert_eq!(f.decrypt(BUYER, second).as_ref(), Some(&f.plaintexts[&second]));
		assert!(Grants::<Test>::contains_key(grant), "open-ended grants never complete");

		let fixed = request(OTHER_BUYER, listing, Some((0, Some(0))), PRICE);
		f.approve(fixed, 1, &PROXIES[..1]);
		assert_noop!(
			AccessGrants::top_up(RuntimeOrigin::signed(OTHER_BUYER), fixed, PRICE),
			Error::<Test>::NotOpenEnded
		);
		check_state();
	});
}

#[test]
fn a_revoked_buyer_gets_nothing_after_revocation() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let grant = request(BUYER, listing, Some((0, None)), 10 * PRICE);
		f.approve(grant, 2, &PROXIES);
		let before = f.record(0);
		f.deliver(PROXIES[0], grant, before);
		f.deliver(PROXIES[1], grant, before);
		let after = f.record(1);
		let kept = f.cfrag(PROXIES[0], grant, after);

		assert_noop!(
			AccessGrants::revoke_grant(RuntimeOrigin::signed(BUYER), grant),
			Error::<Test>::NotGrantOwner
		);
		assert_ok!(AccessGrants::revoke_grant(RuntimeOrigin::signed(OWNER), grant));
		assert_eq!(
			last_event(),
			Event::GrantEnded { grant, reason: EndReason::Revoked, refund: 9 * PRICE }.into()
		);
		assert_eq!(free(BUYER), ENDOWMENT - PRICE);
		assert_eq!(Balances::balance_on_hold(&HoldReason::GrantDeposit.into(), &OWNER), 0);
		assert_eq!(Listings::<Test>::get(listing).unwrap().buyers, 0);
		assert!(!ProxyGrants::<Test>::contains_key(PROXIES[0], grant));
		assert!(!Purchases::<Test>::contains_key(BUYER, grant));
		assert!(!KeyFrags::<Test>::contains_key(grant));

		// After revocation nothing more is accepted; what was delivered before stays readable.
		assert_noop!(
			AccessGrants::submit_cfrag(RuntimeOrigin::signed(PROXIES[0]), grant, after, kept),
			refused(Error::<Test>::UnknownGrant)
		);
		assert_eq!(f.decrypt(BUYER, after), None);
		assert_eq!(f.decrypt(BUYER, before).as_ref(), Some(&f.plaintexts[&before]));
		assert_noop!(
			AccessGrants::revoke_grant(RuntimeOrigin::signed(OWNER), grant),
			Error::<Test>::UnknownGrant
		);
		check_state();
	});
}

#[test]
fn buyers_close_grants_any_time_and_anyone_once_expired() {
	new_test_ext().execute_with(|| {
		let f = setup();
		let listing = stream_listing(Terms { expires_at: Some(10), max_buyers: None });
		let a = request(BUYER, listing, Some((0, Some(4))), 5 * PRICE);
		let b = request(OTHER_BUYER, listing, Some((0, None)), PRICE);
		f.approve(a, 1, &PROXIES[..1]);
		f.approve(b, 1, &PROXIES[..1]);
		assert_noop!(
			AccessGrants::close_grant(RuntimeOrigin::signed(OWNER), a),
			Error::<Test>::GrantNotExpired
		);
		assert_ok!(AccessGrants::close_grant(RuntimeOrigin::signed(BUYER), a));
		assert_eq!(
			last_event(),
			Event::GrantEnded { grant: a, reason: EndReason::Closed, refund: 5 * PRICE }.into()
		);
		assert_eq!(free(BUYER), ENDOWMENT);
		System::set_block_number(11);
		assert_ok!(AccessGrants::close_grant(RuntimeOrigin::signed(PROXIES[2]), b));
		assert_eq!(
			last_event(),
			Event::GrantEnded { grant: b, reason: EndReason::Expired, refund: PRICE }.into()
		);
		assert_eq!(free(OTHER_BUYER), ENDOWMENT);
		assert_noop!(
			AccessGrants::close_grant(RuntimeOrigin::signed(BUYER), a),
			Error::<Test>::UnknownGrant
		);
		check_state();
	});
}

#[test]
fn a_record_set_is_paid_part_by_part_and_completes() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let records: Vec<_> = (0..3).map(|interval| f.record(interval)).collect();
		let listing = records_listing(&records, PRICE);
		let grant = request(BUYER, listing, None, PRICE);
		f.approve(grant, 1, &PROXIES[..1]);
		let owner_before = free(OWNER);
		for record in &records {
			f.deliver(PROXIES[0], grant, *record);
			assert_eq!(f.decrypt(BUYER, *record).as_ref(), Some(&f.plaintexts[record]));
		}
		// 333 + 333 + 334: the last part takes what is left.
		let settled: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::AccessGrants(Event::PartSettled {
					to_owner, to_each_proxy, ..
				}) => Some(to_owner + to_each_proxy),
				_ => None,
			})
			.collect();
		assert_eq!(settled, vec![333, 333, 334]);
		assert!(!Grants::<Test>::contains_key(grant));
		assert_eq!(free(BUYER), ENDOWMENT - PRICE);
		assert_eq!(free(OWNER) - owner_before, PRICE - (33 + 33 + 33) + GRANT_DEPOSIT);
		check_state();
	});
}

/// A lock on the buyer's account (a vesting schedule anyone can give it, or a vote) covers its
/// held escrow too; if it blocked the payout, a buyer could lock its own escrow, move its free
/// CPC away and leave every proxy's last fragment unpaid.
#[test]
fn a_lock_on_the_buyer_does_not_block_paying_from_its_escrow() {
	use frame_support::traits::{LockableCurrency, WithdrawReasons};
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let record = f.record(0);
		let listing = records_listing(&[record], PRICE);
		let grant = request(BUYER, listing, None, PRICE);
		f.approve(grant, 1, &PROXIES[..1]);
		<Balances as LockableCurrency<AccountId>>::set_lock(
			*b"lockedup",
			&BUYER,
			ENDOWMENT,
			WithdrawReasons::all(),
		);
		let owner_before = free(OWNER);
		f.deliver(PROXIES[0], grant, record);
		let settled: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::AccessGrants(Event::PartSettled {
					to_owner, to_each_proxy, ..
				}) => Some((to_owner, to_each_proxy)),
				_ => None,
			})
			.collect();
		let [(to_owner, to_proxy)] = settled[..] else { panic!("one part settled: {settled:?}") };
		assert_eq!(to_owner + to_proxy, PRICE);
		// The grant is complete: the owner also gets its grant deposit back.
		assert_eq!(free(OWNER) - owner_before, to_owner + GRANT_DEPOSIT, "the owner is paid");
		assert_eq!(escrow_of(BUYER), 0);
		assert!(!Grants::<Test>::contains_key(grant));
		check_state();
	});
}

/// An escrow is paid to others past the buyer's locks (above), so it takes only CPC no lock or
/// freeze covers: CPC a vote locked would otherwise vote in the buyer's account and again, once
/// paid, in the owner's and the proxies'.
#[test]
fn cpc_under_a_lock_never_goes_into_escrow() {
	use frame_support::traits::{LockableCurrency, WithdrawReasons};
	new_test_ext().execute_with(|| {
		let f = setup();
		let listing = stream_listing(Terms::default());
		let open = request(BUYER, listing, Some((0, None)), PRICE);
		f.approve(open, 1, &PROXIES[..1]);
		let lock = |amount| {
			<Balances as LockableCurrency<AccountId>>::set_lock(
				*b"pyconvot",
				&BUYER,
				amount,
				WithdrawReasons::all(),
			)
		};
		// All but half a price locked: neither a request nor a top-up can take a whole one.
		lock(
			<Balances as frame_support::traits::fungible::Inspect<AccountId>>::total_balance(
				&BUYER,
			) - PRICE / 2,
		);
		assert_noop!(
			AccessGrants::request_access(
				RuntimeOrigin::signed(BUYER),
				listing,
				Some((1, Some(1))),
				PRICE
			),
			Error::<Test>::EscrowLocked
		);
		assert_noop!(
			AccessGrants::top_up(RuntimeOrigin::signed(BUYER), open, PRICE),
			Error::<Test>::EscrowLocked
		);
		// The CPC the buyer already holds in escrow does not cover a lock on the rest: with
		// every free unit locked, nothing more goes into escrow, though the lock is smaller
		// than all the buyer has (pallet-balances' polite reducible balance would let the
		// held CPC cover it, and the escrow take as much again of locked CPC).
		let free = <Balances as frame_support::traits::Currency<AccountId>>::free_balance(&BUYER);
		assert!(Balances::reserved_balance(BUYER) >= PRICE);
		lock(free);
		assert_noop!(
			AccessGrants::top_up(RuntimeOrigin::signed(BUYER), open, PRICE),
			Error::<Test>::EscrowLocked
		);
		// Unlocked, the same CPC pays.
		lock(0);
		assert_ok!(AccessGrants::top_up(RuntimeOrigin::signed(BUYER), open, PRICE));
		check_state();
	});
}

#[test]
fn free_data_needs_no_escrow() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let record = f.record(0);
		let listing = records_listing(&[record], 0);
		let grant = request(BUYER, listing, None, 0);
		f.approve(grant, 1, &PROXIES[..1]);
		f.deliver(PROXIES[0], grant, record);
		assert_eq!(f.decrypt(BUYER, record).as_ref(), Some(&f.plaintexts[&record]));
		assert_eq!(free(BUYER), ENDOWMENT);
		check_state();
	});
}

// Pruning and the runtime API's reads.

#[test]
fn delivered_fragments_are_pruned_after_their_retention() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let grant = request(BUYER, listing, Some((0, None)), 10 * PRICE);
		f.approve(grant, 2, &PROXIES);
		let first = f.record(0);
		f.deliver(PROXIES[0], grant, first);
		run_to(5);
		let second = f.record(1);
		f.deliver(PROXIES[0], grant, second);
		assert_eq!(PruneCursor::<Test>::get(), (0, 2));

		// Due at deadline + retention + 1, where the deadline is registration + window.
		let due_first = 1 + DELIVERY_WINDOW + CFRAG_RETENTION + 1;
		run_to(due_first);
		assert_eq!(AccessGrants::deliveries(&BUYER, first).len(), 1);
		// Not enough weight for one part: nothing happens.
		AccessGrants::on_idle(due_first, Weight::from_parts(1, 1));
		assert_eq!(PruneCursor::<Test>::get(), (0, 2));
		AccessGrants::on_idle(due_first, Weight::MAX);
		assert!(AccessGrants::deliveries(&BUYER, first).is_empty());
		assert_eq!(AccessGrants::deliveries(&BUYER, second).len(), 1);
		assert_eq!(PruneCursor::<Test>::get(), (1, 2));
		check_state();
		run_to(5 + DELIVERY_WINDOW + CFRAG_RETENTION + 2);
		assert!(AccessGrants::deliveries(&BUYER, second).is_empty());
		assert_eq!(PruneCursor::<Test>::get(), (2, 2));
		check_state();
	});
}

#[test]
fn due_parts_lists_what_a_proxy_still_owes() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let grant = request(BUYER, listing, Some((1, Some(4))), 4 * PRICE);
		f.approve(grant, 2, &PROXIES);
		let records: Vec<_> = (0..4).map(|interval| f.record(interval)).collect();
		let mut owed = AccessGrants::due_parts(&PROXIES[0], grant, 10);
		owed.sort_by_key(|r| r.interval);
		assert_eq!(owed, records[1..].to_vec(), "interval 0 is not covered");
		// An open-ended grant is found through the device's records.
		let open = request(OTHER_BUYER, listing, Some((2, None)), 5 * PRICE);
		f.approve(open, 2, &PROXIES);
		let mut owed = AccessGrants::due_parts(&PROXIES[0], open, 10);
		owed.sort_by_key(|r| r.interval);
		assert_eq!(owed, records[2..].to_vec());
		assert_eq!(AccessGrants::due_parts(&PROXIES[0], open, 1).len(), 1);
		assert_eq!(AccessGrants::due_parts(&PROXIES[0], grant, 2).len(), 2);
		assert!(AccessGrants::due_parts(&OTHER_BUYER, grant, 10).is_empty());

		f.deliver(PROXIES[0], grant, records[1]);
		f.deliver(PROXIES[1], grant, records[2]);
		f.deliver(PROXIES[2], grant, records[2]);
		let mut owed = AccessGrants::due_parts(&PROXIES[0], grant, 10);
		owed.sort_by_key(|r| r.interval);
		assert_eq!(owed, vec![records[3]], "delivered and settled parts are not owed");
		assert_eq!(AccessGrants::due_parts(&PROXIES[1], grant, 10).len(), 2);
		System::set_block_number(1 + DELIVERY_WINDOW + 1);
		assert!(AccessGrants::due_parts(&PROXIES[0], grant, 10).is_empty(), "windows closed");
		assert!(AccessGrants::due_parts(&PROXIES[0], 9, 10).is_empty());
	});
}

#[test]
fn proxies_lists_the_set_members_with_keys() {
	new_test_ext().execute_with(|| {
		let f = setup();
		world(|w| w.keys.remove(&PROXIES[1]));
		assert_eq!(
			AccessGrants::proxies(),
			vec![
				(PROXIES[0], key(&f.secrets[&PROXIES[0]])),
				(PROXIES[2], key(&f.secrets[&PROXIES[2]]))
			]
		);
	});
}

#[test]
fn try_state_catches_escrow_that_storage_does_not_account_for() {
	new_test_ext().execute_with(|| {
		setup();
		let listing = stream_listing(Terms::default());
		let request = request(BUYER, listing, Some((0, None)), PRICE);
		check_state();
		Requests::<Test>::mutate(request, |r| r.as_mut().unwrap().escrow = PRICE - 1);
		assert!(AccessGrants::do_try_state().is_err());
		Requests::<Test>::mutate(request, |r| r.as_mut().unwrap().escrow = PRICE);
		Listings::<Test>::mutate(listing, |l| l.as_mut().unwrap().buyers = 2);
		assert!(AccessGrants::do_try_state().is_err());
		Listings::<Test>::mutate(listing, |l| l.as_mut().unwrap().buyers = 1);
		check_state();
		// A fragment without its part.
		let record = RecordId { device: DEVICE, interval: 0 };
		Cfrags::<Test>::insert((BUYER, record, 0), 0, EncodedCapsuleFrag(BoundedVec::default()));
		assert!(AccessGrants::do_try_state().is_err());
	});
}

#[test]
fn unsigned_calls_are_refused() {
	new_test_ext().execute_with(|| {
		setup();
		let record = RecordId { device: DEVICE, interval: 0 };
		let cfrag = EncodedCapsuleFrag(BoundedVec::default());
		assert_noop!(
			AccessGrants::submit_cfrag(RuntimeOrigin::none(), 0, record, cfrag),
			BadOrigin
		);
		assert_noop!(
			AccessGrants::revoke_grant(RuntimeOrigin::root(), 0),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn what_one_more_buyer_stores_on_chain() {
	use codec::Encode;
	new_test_ext().execute_with(|| {
		let mut f = setup();
		let listing = stream_listing(Terms::default());
		let grant = request(BUYER, listing, Some((0, Some(0))), PRICE);
		f.approve(grant, 2, &PROXIES);
		let record = f.record(0);
		f.deliver(PROXIES[0], grant, record);
		// With 32-byte accounts (these are u64) a 2-of-3 grant is 5 × 24 = 120 bytes larger.
		let grant_bytes = Grants::<Test>::get(grant).unwrap().encoded_size();
		let kfrag_bytes = KeyFrags::<Test>::get(grant).unwrap().encoded_size();
		let part_bytes = Parts::<Test>::get((BUYER, record), grant).unwrap().encoded_size();
		let cfrag_bytes = Cfrags::<Test>::get((BUYER, record, grant), 0).unwrap().encoded_size();
		assert_eq!(grant_bytes, 248);
		// Each sealed kfrag: its capsule and the encrypted kfrag, with their lengths.
		assert_eq!(kfrag_bytes, 1 + 3 * 445);
		assert_eq!(part_bytes, 33 + 1 + 4 + 8);
		assert!((360..=380).contains(&cfrag_bytes), "{cfrag_bytes}");
	});
}

#[test]
fn exhausted_ids_are_refused() {
	new_test_ext().execute_with(|| {
		setup();
		NextListingId::<Test>::put(ListingId::MAX);
		assert_noop!(
			AccessGrants::create_listing(
				RuntimeOrigin::signed(OWNER),
				Offer::Stream { device: DEVICE, price_per_interval: PRICE },
				Terms::default(),
				None,
			),
			Error::<Test>::IdOverflow
		);
		NextListingId::<Test>::put(0);
		let listing = stream_listing(Terms::default());
		NextRequestId::<Test>::put(GrantId::MAX);
		assert_noop!(
			AccessGrants::request_access(
				RuntimeOrigin::signed(BUYER),
				listing,
				Some((0, None)),
				PRICE
			),
			Error::<Test>::IdOverflow
		);
	});
}

/// Every market parameter has bounds, refused with the market's own error; a change within them
/// is what the next listing, request or delivery uses, while what is already held is returned
/// as it was held.
#[test]
fn market_parameters_are_bounded_and_a_new_deposit_applies_to_new_listings_only() {
	use cpchain_primitives::parameters::Section;
	new_test_ext().execute_with(|| {
		let _f = setup();
		let set = |change| {
			pallet_cpc_parameters::Pallet::<Test>::set_parameter(
				RuntimeOrigin::root(),
				pallet_cpc_parameters::Change::Market(change),
			)
		};
		for key in <AccessGrants as Section>::keys() {
			let beyond = <AccessGrants as Section>::beyond_bounds(key);
			assert!(!beyond.is_empty(), "{key:?} has bounds");
			for change in beyond {
				let refused = set(change.clone());
				assert!(
					matches!(refused, Err(DispatchError::Module(sp_runtime::ModuleError { .. })))
						&& refused != Err(DispatchError::BadOrigin),
					"{change:?}: {refused:?}"
				);
			}
		}
		assert_noop!(
			set(ParameterChange::ListingDeposit(LISTING_DEPOSIT - 1)),
			Error::<Test>::BadDeposit
		);
		assert_noop!(
			set(ParameterChange::ProxyFee(sp_runtime::Perbill::from_percent(51))),
			Error::<Test>::BadProxyFee
		);
		assert_noop!(
			set(ParameterChange::DeliveryWindow(MAX_DELIVERY_WINDOW as BlockNumber + 1)),
			Error::<Test>::BadDeliveryWindow
		);
		// Not by a signed account.
		assert_noop!(
			pallet_cpc_parameters::Pallet::<Test>::set_parameter(
				RuntimeOrigin::signed(OWNER),
				pallet_cpc_parameters::Change::Market(ParameterChange::ListingDeposit(
					LISTING_DEPOSIT * 2
				)),
			),
			BadOrigin
		);

		let held = || Balances::balance_on_hold(&HoldReason::ListingDeposit.into(), &OWNER);
		let old = stream_listing(Terms::default());
		assert_eq!(held(), LISTING_DEPOSIT);
		assert_ok!(set(ParameterChange::ListingDeposit(LISTING_DEPOSIT * 3)));
		let new = stream_listing(Terms::default());
		assert_eq!(held(), LISTING_DEPOSIT * 4);
		// Each listing returns what it held.
		assert_ok!(AccessGrants::delist(RuntimeOrigin::signed(OWNER), old));
		assert_eq!(held(), LISTING_DEPOSIT * 3);
		assert_ok!(AccessGrants::delist(RuntimeOrigin::signed(OWNER), new));
		assert_eq!(held(), 0);

		// A request made after a new timeout expires by it.
		assert_ok!(set(ParameterChange::RequestTimeout(MIN_REQUEST_TIMEOUT as BlockNumber)));
		let listing = stream_listing(Terms::default());
		let id = request(BUYER, listing, Some((0, None)), PRICE);
		assert_eq!(
			Requests::<Test>::get(id).unwrap().expires_at,
			System::block_number() + MIN_REQUEST_TIMEOUT as BlockNumber
		);
		check_state();
	});
}
