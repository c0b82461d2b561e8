//! Delivery and settlement: proxies' fragments verified, parts paid, grants revoked, closed and
//! topped up, and escrow that a lock cannot take or block.

use super::*;

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
		// An expired grant takes no more escrow: nothing could spend it.
		assert_noop!(
			AccessGrants::top_up(RuntimeOrigin::signed(OTHER_BUYER), b, PRICE),
			Error::<Test>::GrantExpired
		);
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

/// A proxy that delivers a part's first fragment and then empties its account (its share of a
/// cheap part below the existential deposit, which no account-less payee can take) must not
/// stall the part: the other proxies' fragments still settle it, the buyer reads the record,
/// and the share nobody could take stays with the buyer.
#[test]
fn a_payee_that_cannot_take_its_share_does_not_stall_the_part() {
	new_test_ext().execute_with(|| {
		let mut f = setup();
		// 10% of 60 is 6, shared by two proxies: 3 each, below the existential deposit.
		let price = 60;
		let listing = NextListingId::<Test>::get();
		assert_ok!(AccessGrants::create_listing(
			RuntimeOrigin::signed(OWNER),
			Offer::Stream { device: DEVICE, price_per_interval: price },
			Terms::default(),
			None,
		));
		let grant = request(BUYER, listing, Some((0, Some(1))), 2 * price);
		f.approve(grant, 2, &PROXIES);
		let record = f.record(0);

		f.deliver(PROXIES[0], grant, record);
		// The first proxy leaves the chain: its account is reaped.
		assert_ok!(Balances::transfer_all(RuntimeOrigin::signed(PROXIES[0]), PAUPER, false));
		assert!(!System::account_exists(&PROXIES[0]));
		let owner_before = free(OWNER);
		let proxy_before = free(PROXIES[1]);

		f.deliver(PROXIES[1], grant, record);
		assert_eq!(f.decrypt(BUYER, record).as_ref(), Some(&f.plaintexts[&record]));
		let fee_each = 3;
		assert_eq!(free(OWNER) - owner_before, price - 2 * fee_each);
		assert_eq!(free(PROXIES[1]) - proxy_before, fee_each);
		assert!(!System::account_exists(&PROXIES[0]), "no account made of a share");
		// The buyer paid for the part less the share nobody took.
		assert_eq!(escrow_of(BUYER), 2 * price - (price - fee_each));
		let entry = Grants::<Test>::get(grant).unwrap();
		assert_eq!((entry.settled, entry.escrow), (1, price + fee_each));
		// Only the proxy that was paid counts as paid for the committee.
		assert_eq!(world(|w| w.sales.last().cloned()), Some((OWNER, BUYER, fee_each)));
		check_state();
	});
}
