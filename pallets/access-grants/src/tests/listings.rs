//! Listings, requests and their approval: deposits, escrow, who may answer, and what is refused.

use super::*;

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
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(OWNER),
			77,
			rich - EXISTENTIAL_DEPOSIT
		));
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

/// A request made while its listing was open cannot be approved once the listing has expired:
/// the grant would be dead on arrival, the owner's deposit and the buyer's escrow held for
/// nothing until someone closed it. The request can still be answered otherwise.
#[test]
fn no_grant_is_made_after_its_listing_expired() {
	new_test_ext().execute_with(|| {
		let f = setup();
		let listing = stream_listing(Terms { expires_at: Some(10), max_buyers: None });
		let request = request(BUYER, listing, Some((0, None)), PRICE);
		System::set_block_number(11);
		assert!(Requests::<Test>::get(request).unwrap().expires_at >= 11, "the request is live");
		assert_noop!(
			AccessGrants::approve_request(
				RuntimeOrigin::signed(OWNER),
				request,
				1,
				f.verifying(),
				f.kfrags(BUYER, 1, &PROXIES),
			),
			Error::<Test>::ListingExpired
		);
		assert_ok!(AccessGrants::reject_request(RuntimeOrigin::signed(OWNER), request));
		assert_eq!(free(BUYER), ENDOWMENT);
		check_state();
	});
}
