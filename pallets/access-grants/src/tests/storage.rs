//! What the market keeps and for how long: pruning, the runtime API's reads, try_state, the
//! bounds on what a stranger can make it store, and its parameters.

use super::*;

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
