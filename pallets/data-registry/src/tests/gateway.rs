//! The gateway: readings in, the offchain worker's passes, dead letters and bounds.

use super::*;
use crate::gateway::{self as gw_api};
use sp_runtime::offchain::storage::StorageValueRef;

/// The batches the gateway holds.
fn batches() -> Vec<BatchSummary> {
	gw_api::batches::<AccountId>()
}

/// Bytes `readings` take in a batch.
fn stored_bytes(readings: &[Reading]) -> u32 {
	readings.iter().map(|reading| reading.encoded_size() as u32).sum()
}

struct Gateway {
	ext: sp_io::TestExternalities,
	ipfs: IpfsStub,
	sent_transactions: Box<dyn Fn() -> Vec<Vec<u8>>>,
}

/// A gateway node: the test runtime with offchain storage, an IPFS stub, a transaction
/// pool, and Alice's gateway key in the keystore.
fn gateway() -> Gateway {
	let mut ext = new_test_ext();
	let (offchain, _) = testing::TestOffchainExt::new();
	let ipfs = IpfsStub::default();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(OffchainWorkerExt::new(ipfs.clone()));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| {
		sp_io::crypto::sr25519_generate(GATEWAY_KEY_TYPE, Some(b"//Alice".to_vec()));
	});
	let sent_transactions = Box::new(move || pool_state.read().transactions.clone());
	Gateway { ext, ipfs, sent_transactions }
}

fn reading(device: DeviceId, key: &sr25519::Public, timestamp_ms: u64, payload: &[u8]) -> Reading {
	let statement = reading_statement(&DataRegistry::genesis_hash(), device, timestamp_ms, payload);
	Reading { timestamp_ms, payload: payload.to_vec(), signature: sign(key, &statement).0 }
}

/// The transactions the gateway sent, decoded.
fn sent(gateway: &Gateway) -> Vec<Extrinsic> {
	(gateway.sent_transactions)()
		.iter()
		.map(|tx| Extrinsic::decode(&mut &tx[..]).unwrap())
		.collect()
}

/// The ciphertext inside the last multipart upload.
fn uploaded_ciphertext(gateway: &Gateway) -> Vec<u8> {
	let state = gateway.ipfs.0.lock().unwrap();
	let (_, _, headers, body) = state.requests.last().unwrap();
	let content_type = &headers.iter().find(|(name, _)| name == "Content-Type").unwrap().1;
	let boundary = content_type.split("boundary=").nth(1).unwrap();
	let start = body.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
	let tail = format!("\r\n--{boundary}--\r\n");
	assert!(body.ends_with(tail.as_bytes()));
	body[start..body.len() - tail.len()].to_vec()
}

/// Applies a `register_data` the gateway sent, as a block would.
fn include(tx: &Extrinsic) {
	let signer = match &tx.preamble {
		sp_runtime::generic::Preamble::Signed(signer, ..) => signer.clone(),
		_ => panic!("the gateway sends signed transactions"),
	};
	let RuntimeCall::DataRegistry(call) = tx.function.clone() else { panic!("not ours") };
	use frame_support::traits::UnfilteredDispatchable;
	assert_ok!(call.dispatch_bypass_filter(RuntimeOrigin::signed(signer)));
}

#[test]
fn readings_become_one_encrypted_record_per_interval() {
	let mut gw = gateway();
	let (secret, device, key, interval, readings) = gw.ext.execute_with(|| {
		let secret = set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let now = DataRegistry::now_ms();
		let readings: Vec<_> =
			(0..5).map(|n| reading(device, &key, now + n, format!("t={n}").as_bytes())).collect();
		assert_eq!(accept_readings::<Test>(device, readings[..3].to_vec()), Ok(3));
		assert_eq!(accept_readings::<Test>(device, readings[3..].to_vec()), Ok(2));
		let interval = interval_of(now, MINUTE).unwrap();
		assert_eq!(
			batches(),
			vec![BatchSummary {
				record: RecordId { device, interval },
				readings: 5,
				bytes: stored_bytes(&readings),
				state: BatchState::Open,
				dead: None,
			}]
		);
		// Nothing happens while the interval is open.
		crate::gateway::run::<Test>(1);
		(secret, device, key, interval, readings)
	});
	assert!(gw.ipfs.0.lock().unwrap().requests.is_empty());
	let _ = key;

	gw.ext.execute_with(|| {
		run_to_next_interval();
		crate::gateway::run::<Test>(System::block_number());
	});
	let (method, uri, _, _) = gw.ipfs.0.lock().unwrap().requests[0].clone();
	assert_eq!(method, "POST");
	assert_eq!(uri, "http://127.0.0.1:5001/api/v0/add?cid-version=1&pin=true");
	let ciphertext = uploaded_ciphertext(&gw);
	let txs = sent(&gw);
	assert_eq!(txs.len(), 1);

	gw.ext.execute_with(|| {
		let RuntimeCall::DataRegistry(Call::register_data {
			device: d,
			interval: i,
			cid: c,
			ciphertext_hash,
			capsule,
			size,
			..
		}) = txs[0].function.clone()
		else {
			panic!("not register_data")
		};
		assert_eq!((d, i, c.clone()), (device, interval, cid(0)));
		assert_eq!(ciphertext_hash, H256(sp_io::hashing::blake2_256(&ciphertext)));
		assert_eq!(size, ciphertext.len() as u64);
		// The owner opens the blob to exactly the readings sent.
		let plaintext = decrypt_original(&secret, &capsule, &ciphertext).unwrap();
		assert_eq!(Vec::<Reading>::decode(&mut &plaintext[..]).unwrap(), readings);

		include(&txs[0]);
		assert_eq!(Records::<Test>::get(device, interval).unwrap().cid, c);
		crate::gateway::run::<Test>(System::block_number());
		assert!(batches().is_empty());
		check_state();
	});
}

/// Every 32-byte value an observer of `bytes` could try as the encryption's seed: each
/// 32-byte window, and each run of 64 hex digits decoded.
fn seed_candidates(bytes: &[u8]) -> Vec<[u8; 32]> {
	let mut candidates: Vec<[u8; 32]> =
		bytes.windows(32).map(|window| window.try_into().unwrap()).collect();
	let hex = |byte: &u8| byte.is_ascii_hexdigit();
	for start in 0..bytes.len().saturating_sub(63) {
		if bytes[start..start + 64].iter().all(hex) {
			let text = core::str::from_utf8(&bytes[start..start + 64]).unwrap();
			candidates.push(hex::decode(text).unwrap().try_into().unwrap());
		}
	}
	candidates
}

#[test]
fn the_upload_to_ipfs_carries_nothing_that_rebuilds_the_capsule() {
	use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
	let mut gw = gateway();
	let owner_key = gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let now = DataRegistry::now_ms();
		assert_ok!(accept_readings::<Test>(device, vec![reading(device, &key, now, b"t=1")]));
		run_to_next_interval();
		crate::gateway::run::<Test>(System::block_number());
		DataRegistry::umbral_key_of(&alice()).unwrap()
	});
	let txs = sent(&gw);
	let RuntimeCall::DataRegistry(Call::register_data { capsule, ciphertext_hash, .. }) =
		txs[0].function.clone()
	else {
		panic!("not register_data")
	};
	let ciphertext = uploaded_ciphertext(&gw);

	// Everything the IPFS API (or anyone on the way) sees: URI, headers, body.
	let (_, uri, headers, body) = gw.ipfs.0.lock().unwrap().requests[0].clone();
	let mut seen = uri.into_bytes();
	for (name, value) in &headers {
		seen.extend_from_slice(name.as_bytes());
		seen.extend_from_slice(value.as_bytes());
	}
	seen.extend_from_slice(&body);
	let candidates = seed_candidates(&seen);
	assert!(candidates.len() > 100, "the search tried {} seeds", candidates.len());
	// The capsule depends on the seed and the owner's key only; an observer has both
	// the key and the record, and tries every value it saw.
	for seed in candidates {
		let mut rng = ChaCha20Rng::from_seed(seed);
		let (rebuilt, _) =
			cpchain_primitives::umbral::encrypt_with_rng(&mut rng, &owner_key, b"?").unwrap();
		assert_ne!(rebuilt, capsule, "the request to IPFS reveals the capsule's seed");
	}
	// The request is the ciphertext and values computed from its (public) hash alone.
	assert_eq!(ciphertext_hash, H256(sp_io::hashing::blake2_256(&ciphertext)));
	let expected = Multipart::new(&ciphertext, &ciphertext_hash).unwrap();
	assert_eq!(body, expected.body.concat());
	assert!(headers.contains(&("Content-Type".into(), expected.content_type)));
}

#[test]
fn a_multipart_boundary_never_occurs_in_its_blob() {
	let blob = b"some ciphertext".to_vec();
	let hash = H256(sp_io::hashing::blake2_256(&blob));
	let first = Multipart::new(&blob, &hash).unwrap();
	let boundary = first.content_type.split("boundary=").nth(1).unwrap().to_string();
	// A blob that happens to hold the boundary gets another one.
	let mut tricky = blob.clone();
	tricky.extend_from_slice(boundary.as_bytes());
	let second = Multipart::new(&tricky, &hash).unwrap();
	assert_ne!(second.content_type, first.content_type);
	assert_eq!(second.body[1], tricky);
}

#[test]
fn a_failed_upload_keeps_the_readings_and_is_retried() {
	let mut gw = gateway();
	gw.ipfs.0.lock().unwrap().down = true;
	let (device, interval) = gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let now = DataRegistry::now_ms();
		assert_ok!(accept_readings::<Test>(device, vec![reading(device, &key, now, b"x")]));
		run_to_next_interval();
		crate::gateway::run::<Test>(System::block_number());
		(device, interval_of(now, MINUTE).unwrap())
	});
	assert!(sent(&gw).is_empty());
	gw.ext.execute_with(|| {
		assert_eq!(batches()[0].readings, 1);
		assert_eq!(batches()[0].state, BatchState::Open);
	});

	gw.ipfs.0.lock().unwrap().down = false;
	gw.ext.execute_with(|| {
		System::set_block_number(System::block_number() + 1);
		crate::gateway::run::<Test>(System::block_number());
	});
	assert_eq!(sent(&gw).len(), 1);
	gw.ext.execute_with(|| {
		assert!(matches!(batches()[0].state, BatchState::Submitted { .. }));
		assert_eq!(batches()[0].record, RecordId { device, interval });
	});
}

#[test]
fn an_unincluded_transaction_is_sent_again_after_the_wait() {
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let now = DataRegistry::now_ms();
		assert_ok!(accept_readings::<Test>(device, vec![reading(device, &key, now, b"x")]));
		run_to_next_interval();
		crate::gateway::run::<Test>(System::block_number());
	});
	assert_eq!(sent(&gw).len(), 1);
	gw.ext.execute_with(|| {
		let start = System::block_number();
		for block in start + 1..start + RESUBMIT_AFTER {
			System::set_block_number(block);
			crate::gateway::run::<Test>(block);
		}
	});
	assert_eq!(sent(&gw).len(), 1, "waits before sending again");
	gw.ext.execute_with(|| {
		let block = System::block_number() + 1;
		System::set_block_number(block);
		crate::gateway::run::<Test>(block);
	});
	let txs = sent(&gw);
	assert_eq!(txs.len(), 2);
	// The same upload, not a new one: the calls differ only in the (randomised) signature,
	// their last field.
	assert_eq!(gw.ipfs.0.lock().unwrap().requests.len(), 1);
	let (first, second) = (txs[0].function.encode(), txs[1].function.encode());
	assert_eq!(first[..first.len() - 64], second[..second.len() - 64]);
}

#[test]
fn the_gateway_key_must_belong_to_the_owner_or_gateway() {
	let mut gw = gateway();
	let record = gw.ext.execute_with(|| {
		// Bob's device; the keystore holds only Alice's gateway key.
		set_key(&bob());
		let (device, key) = register_device(&bob(), None);
		let now = DataRegistry::now_ms();
		assert_ok!(accept_readings::<Test>(device, vec![reading(device, &key, now, b"x")]));
		run_to_next_interval();
		crate::gateway::run::<Test>(System::block_number());
		// Found before anything is uploaded: a dead letter, with its reason.
		let batch = &batches()[0];
		assert_eq!(batch.state, BatchState::Open);
		assert_eq!(batch.dead.map(|dead| dead.reason), Some(DeadReason::NoGatewayKey));
		batch.record
	});
	assert!(sent(&gw).is_empty());
	assert!(gw.ipfs.0.lock().unwrap().requests.is_empty());
	gw.ext.execute_with(|| {
		// Bob makes Alice his gateway and the operator retries: the next block sends it.
		assert_ok!(DataRegistry::set_device_gateway(
			RuntimeOrigin::signed(bob()),
			0,
			Some(alice())
		));
		assert!(gw_api::retry(record));
		crate::gateway::run::<Test>(System::block_number() + 1);
	});
	let txs = sent(&gw);
	assert_eq!(txs.len(), 1);
	gw.ext.execute_with(|| {
		include(&txs[0]);
		assert_eq!(Records::<Test>::iter().next().unwrap().2.owner, bob());
	});
}

#[test]
fn bad_readings_are_refused_and_nothing_is_stored() {
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let (other, other_key) = register_device(&alice(), None);
		let now = DataRegistry::now_ms();
		let good = reading(device, &key, now, b"ok");

		assert_eq!(
			accept_readings::<Test>(99, vec![good.clone()]),
			Err(GatewayError::UnknownDevice)
		);
		let mut tampered = good.clone();
		tampered.payload = b"forged".to_vec();
		assert_eq!(
			accept_readings::<Test>(device, vec![good.clone(), tampered]),
			Err(GatewayError::BadSignature { index: 1 })
		);
		// Signed by another device's key, or for another device id.
		assert_eq!(
			accept_readings::<Test>(device, vec![reading(device, &other_key, now, b"x")]),
			Err(GatewayError::BadSignature { index: 0 })
		);
		assert_eq!(
			accept_readings::<Test>(device, vec![reading(other, &key, now, b"x")]),
			Err(GatewayError::BadSignature { index: 0 })
		);
		let big = vec![0u8; MAX_READING_LEN as usize + 1];
		assert_eq!(
			accept_readings::<Test>(device, vec![reading(device, &key, now, &big)]),
			Err(GatewayError::ReadingTooLarge { index: 0 })
		);
		assert_eq!(
			accept_readings::<Test>(
				device,
				vec![reading(device, &key, now + MINUTE + MAX_CLOCK_SKEW_MS + 1, b"early")]
			),
			Err(GatewayError::TimestampInFuture { index: 0 })
		);
		assert_eq!(
			accept_readings::<Test>(device, vec![good; MAX_READINGS_PER_CALL as usize + 1]),
			Err(GatewayError::TooManyReadings)
		);
		assert!(batches().is_empty());
	});
}

#[test]
fn repeated_readings_are_dropped() {
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let now = DataRegistry::now_ms();
		let first = reading(device, &key, now, b"t=1");
		let second = reading(device, &key, now + 1, b"t=2");
		// Twice in one call, then again in a later call (a device resending, or a replay).
		let stored = accept_readings::<Test>(device, vec![first.clone(), first.clone(), second]);
		assert_eq!(stored, Ok(2));
		assert_eq!(accept_readings::<Test>(device, vec![first.clone()]), Ok(0));
		// Another payload under a timestamp already taken is a repeat too.
		let other = reading(device, &key, now, b"t=9");
		assert_eq!(accept_readings::<Test>(device, vec![other]), Ok(0));
		assert_eq!(batches()[0].readings, 2);
	});
}

#[test]
fn late_readings_are_taken_until_their_interval_is_registered() {
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let then = DataRegistry::now_ms() - MINUTE;
		// A device back online sends a minute-old reading: still welcome.
		assert_eq!(
			accept_readings::<Test>(device, vec![reading(device, &key, then, b"old")]),
			Ok(1)
		);
		crate::gateway::run::<Test>(System::block_number());
	});
	let txs = sent(&gw);
	assert_eq!(txs.len(), 1);
	gw.ext.execute_with(|| {
		include(&txs[0]);
		let (device, key) = (0, Devices::<Test>::get(0).unwrap().key);
		let then = DataRegistry::now_ms() - MINUTE;
		assert_eq!(
			accept_readings::<Test>(device, vec![reading(device, &key, then + 1, b"too late")]),
			Err(GatewayError::IntervalClosed { index: 0 })
		);
	});
}

#[test]
fn one_worker_pass_at_a_time() {
	use sp_runtime::offchain::{
		storage_lock::{StorageLock, Time},
		Duration,
	};
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let now = DataRegistry::now_ms();
		assert_ok!(accept_readings::<Test>(device, vec![reading(device, &key, now, b"x")]));
		run_to_next_interval();
		let mut lock = StorageLock::<Time>::with_deadline(LOCK_KEY, Duration::from_millis(60_000));
		let guard = lock.try_lock().unwrap();
		crate::gateway::run::<Test>(System::block_number());
		assert_eq!(batches()[0].state, BatchState::Open, "another pass holds the lock");
		drop(guard);
		crate::gateway::run::<Test>(System::block_number());
		assert!(matches!(batches()[0].state, BatchState::Submitted { .. }));
	});
}

#[test]
fn a_batch_is_bounded_in_stored_bytes() {
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		// Signed by the pair itself: the test keystore derives a key from its phrase per signature.
		let (device, pair) = register_device_elsewhere(&alice(), "//Tiny");
		let now = DataRegistry::now_ms();
		// Tiny readings: their timestamps and signatures are most of what is stored, and
		// count as much as the payload.
		let payload = [1u8; 8];
		let each = reading_by(device, &pair, now, &payload).encoded_size() as u32;
		let fits = MAX_BATCH_BYTES / each;
		let mut sent = 0u32;
		while sent < fits {
			let take = (fits - sent).min(MAX_READINGS_PER_CALL);
			let call: Vec<_> = (sent..sent + take)
				.map(|n| reading_by(device, &pair, now + n as u64, &payload))
				.collect();
			assert_eq!(accept_readings::<Test>(device, call), Ok(take));
			sent += take;
		}
		let one_more = reading_by(device, &pair, now + fits as u64, &payload);
		assert_eq!(
			accept_readings::<Test>(device, vec![one_more]),
			Err(GatewayError::BatchFull { index: 0 })
		);
		let batch = &batches()[0];
		assert_eq!(batch.readings, fits);
		assert_eq!(batch.bytes, fits * each);
		assert!(batch.bytes <= MAX_BATCH_BYTES);
	});
}

#[test]
fn readings_for_a_sealed_interval_are_refused() {
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let now = DataRegistry::now_ms();
		assert_ok!(accept_readings::<Test>(device, vec![reading(device, &key, now, b"a")]));
		run_to_next_interval();
		crate::gateway::run::<Test>(System::block_number());
		assert!(matches!(batches()[0].state, BatchState::Submitted { .. }));
		// Even if the clock said otherwise, a sealed batch takes no more readings.
		Timestamp::set_timestamp(now + 1);
		assert_eq!(
			accept_readings::<Test>(device, vec![reading(device, &key, now + 2, b"b")]),
			Err(GatewayError::IntervalClosed { index: 0 })
		);
	});
}

/// A device whose key this node's keystore does not hold (a gateway that lost it): registered
/// under `owner` by signing with the pair itself.
fn register_device_elsewhere(owner: &AccountId, seed: &str) -> (DeviceId, sr25519::Pair) {
	use sp_core::Pair;
	let pair = sr25519::Pair::from_string(seed, None).unwrap();
	let key = pair.public();
	let registration = DeviceKeyRegistrations::<Test>::get(key);
	let proof = pair.sign(&ownership_statement(&DataRegistry::genesis_hash(), owner, registration));
	let device = NextDeviceId::<Test>::get();
	assert_ok!(DataRegistry::register_device(
		RuntimeOrigin::signed(owner.clone()),
		key,
		proof,
		MINUTE,
		b"thermometer".to_vec().try_into().unwrap(),
		b"roof".to_vec().try_into().unwrap(),
		None,
	));
	(device, pair)
}

/// A reading signed by `pair` itself.
fn reading_by(
	device: DeviceId,
	pair: &sr25519::Pair,
	timestamp_ms: u64,
	payload: &[u8],
) -> Reading {
	use sp_core::Pair;
	let statement = reading_statement(&DataRegistry::genesis_hash(), device, timestamp_ms, payload);
	Reading { timestamp_ms, payload: payload.to_vec(), signature: pair.sign(&statement).0 }
}

/// A timestamp in the `k`-th interval before the current one (closed for `k` ≥ 1).
fn minutes_ago(k: u64) -> u64 {
	(interval_of(DataRegistry::now_ms(), MINUTE).unwrap() - k) * MINUTE + 1
}

/// The dead letters, by record, with their reasons.
fn dead_letters() -> Vec<(RecordId, DeadReason)> {
	batches()
		.into_iter()
		.filter_map(|batch| batch.dead.map(|dead| (batch.record, dead.reason)))
		.collect()
}

fn record_of(tx: &Extrinsic) -> RecordId {
	let RuntimeCall::DataRegistry(Call::register_data { device, interval, .. }) = &tx.function
	else {
		panic!("not register_data")
	};
	RecordId { device: *device, interval: *interval }
}

#[test]
fn batches_that_can_never_be_registered_become_dead_letters_and_starve_nobody() {
	let mut gw = gateway();
	let (good, expected) = gw.ext.execute_with(|| {
		set_key(&alice());
		set_key(&bob());
		let accept = |device: DeviceId, key: &sr25519::Public, k: u64| {
			let at = minutes_ago(k);
			assert_eq!(
				accept_readings::<Test>(device, vec![reading(device, key, at, b"r")]),
				Ok(1)
			);
			RecordId { device, interval: interval_of(at, MINUTE).unwrap() }
		};
		let mut expected = Vec::new();
		// Six intervals of a device that is then deregistered: more dead batches than a pass
		// works on, all before the good one in key order.
		let (gone, gone_key) = register_device(&alice(), None);
		for k in 1..=6 {
			expected.push((accept(gone, &gone_key, k), DeadReason::DeviceDeregistered));
		}
		assert_ok!(DataRegistry::deregister_device(RuntimeOrigin::signed(alice()), gone));
		// Transferred to Bob after the readings were taken for Alice.
		let (sold, sold_key) = register_device(&alice(), None);
		expected.push((accept(sold, &sold_key, 1), DeadReason::DeviceTransferred));
		assert_ok!(DataRegistry::transfer_device(RuntimeOrigin::signed(alice()), sold, bob()));
		// Bob's device, whose gateway (Alice) was cleared.
		let (cleared, cleared_key) = register_device(&bob(), Some(alice()));
		expected.push((accept(cleared, &cleared_key, 1), DeadReason::NoGatewayKey));
		assert_ok!(DataRegistry::set_device_gateway(RuntimeOrigin::signed(bob()), cleared, None));
		// A device key this node does not hold.
		let (lost, lost_pair) = register_device_elsewhere(&alice(), "//Lost");
		let at = minutes_ago(1);
		assert_ok!(accept_readings::<Test>(lost, vec![reading_by(lost, &lost_pair, at, b"r")]));
		let lost_record = RecordId { device: lost, interval: interval_of(at, MINUTE).unwrap() };
		expected.push((lost_record, DeadReason::NoDeviceKey));
		// Another blob registered for the interval, and one registered and removed.
		let (taken, taken_key) = register_device(&alice(), None);
		let record = accept(taken, &taken_key, 1);
		assert_ok!(register_data_as(&alice(), taken, &taken_key, record.interval));
		expected.push((record, DeadReason::RegisteredElsewhere));
		let (removed, removed_key) = register_device(&alice(), None);
		let record = accept(removed, &removed_key, 1);
		assert_ok!(register_data_as(&alice(), removed, &removed_key, record.interval));
		assert_ok!(DataRegistry::remove_data(
			RuntimeOrigin::signed(alice()),
			removed,
			record.interval
		));
		expected.push((record, DeadReason::RecordRemoved));
		// The good device last in key order, with an unreadable batch before its good one.
		let (device, key) = register_device(&alice(), None);
		let garbage = RecordId { device, interval: interval_of(minutes_ago(2), MINUTE).unwrap() };
		StorageValueRef::persistent(&batch_key(&garbage)).set(&b"garbage".to_vec());
		let mut index = StorageValueRef::persistent(INDEX_KEY).get::<Index>().unwrap().unwrap();
		index.insert(garbage, IndexEntry { bytes: 7, dead: None });
		StorageValueRef::persistent(INDEX_KEY).set(&index);
		expected.push((garbage, DeadReason::Undecodable));
		let good = accept(device, &key, 1);
		expected.sort_by_key(|(record, _)| *record);
		assert!(expected.len() > 8 && expected.iter().all(|(record, _)| *record < good));

		crate::gateway::run::<Test>(System::block_number());
		(good, expected)
	});
	// The first pass registers the good batch: nothing before it took its turn.
	let txs = sent(&gw);
	assert_eq!(txs.iter().map(record_of).collect::<Vec<_>>(), vec![good]);
	assert_eq!(gw.ipfs.0.lock().unwrap().requests.len(), 1, "no upload for a dead letter");
	gw.ext.execute_with(|| {
		assert_eq!(dead_letters(), expected);
		let unreadable = batches()
			.into_iter()
			.find(|batch| batch.dead.map(|dead| dead.reason) == Some(DeadReason::Undecodable))
			.unwrap();
		assert_eq!((unreadable.readings, unreadable.bytes), (0, 7));
		// Dead letters stay put: later passes neither upload nor send them.
		for block in 2..5 {
			System::set_block_number(block);
			crate::gateway::run::<Test>(block);
		}
		assert_eq!(dead_letters(), expected);
	});
	assert_eq!(sent(&gw).len(), 1);
}

#[test]
fn every_batch_gets_its_turn() {
	let mut gw = gateway();
	let records = gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		(1..=12)
			.rev()
			.map(|k| {
				let at = minutes_ago(k);
				assert_ok!(accept_readings::<Test>(device, vec![reading(device, &key, at, b"r")]));
				RecordId { device, interval: interval_of(at, MINUTE).unwrap() }
			})
			.collect::<Vec<_>>()
	});
	// IPFS is down for a pass: it tries the first eight and fails each.
	gw.ipfs.0.lock().unwrap().down = true;
	gw.ext.execute_with(|| crate::gateway::run::<Test>(System::block_number()));
	assert!(sent(&gw).is_empty());
	// Back up: the next pass starts after the last one tried, then wraps round.
	gw.ipfs.0.lock().unwrap().down = false;
	gw.ext.execute_with(|| {
		System::set_block_number(2);
		crate::gateway::run::<Test>(2);
	});
	let mut served: Vec<_> = sent(&gw).iter().map(record_of).collect();
	let mut expected: Vec<_> = records[8..].iter().chain(&records[..4]).copied().collect();
	served.sort();
	expected.sort();
	assert_eq!(served, expected);
	gw.ext.execute_with(|| {
		System::set_block_number(3);
		crate::gateway::run::<Test>(3);
	});
	// Every batch sent exactly once.
	let mut served: Vec<_> = sent(&gw).iter().map(record_of).collect();
	served.sort();
	assert_eq!(served, records);
}

#[test]
fn dead_letters_are_retried_once_mended_or_dropped() {
	let mut gw = gateway();
	let (lost, other) = gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, pair) = register_device_elsewhere(&alice(), "//Lost");
		let mut records = Vec::new();
		for k in [2, 1] {
			let at = minutes_ago(k);
			assert_ok!(accept_readings::<Test>(device, vec![reading_by(device, &pair, at, b"r")]));
			records.push(RecordId { device, interval: interval_of(at, MINUTE).unwrap() });
		}
		// Live batches are neither retried nor dropped.
		assert!(!gw_api::retry(records[0]));
		assert!(!gw_api::drop_dead_letter(records[0]));
		crate::gateway::run::<Test>(System::block_number());
		assert_eq!(
			dead_letters(),
			vec![(records[0], DeadReason::NoDeviceKey), (records[1], DeadReason::NoDeviceKey)]
		);
		// Retried before the cause is mended, it is found dead again.
		assert!(gw_api::retry(records[0]));
		assert!(!gw_api::retry(records[0]), "a retried batch is live");
		crate::gateway::run::<Test>(System::block_number() + 1);
		assert_eq!(dead_letters().len(), 2);
		// The operator inserts the device key and retries one, and drops the other.
		sp_io::crypto::sr25519_generate(DEVICE_KEY_TYPE, Some(b"//Lost".to_vec()));
		assert!(gw_api::retry(records[0]));
		assert!(gw_api::drop_dead_letter(records[1]));
		assert!(!gw_api::drop_dead_letter(records[1]));
		assert!(StorageValueRef::persistent(&batch_key(&records[1]))
			.get::<Vec<u8>>()
			.unwrap()
			.is_none());
		crate::gateway::run::<Test>(System::block_number() + 2);
		(records[0], records[1])
	});
	let txs = sent(&gw);
	assert_eq!(txs.iter().map(record_of).collect::<Vec<_>>(), vec![lost]);
	gw.ext.execute_with(|| {
		include(&txs[0]);
		crate::gateway::run::<Test>(System::block_number() + 3);
		assert!(batches().is_empty(), "registered, and the dropped one is gone");
		assert!(Records::<Test>::get(other.device, other.interval).is_none());
		check_state();
	});
}

#[test]
fn readings_are_taken_until_a_day_after_their_interval_closed() {
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, key) = register_device(&alice(), None);
		let now = GENESIS_TIME_MS + 2 * MAX_LATENESS_MS;
		Timestamp::set_timestamp(now);
		// The last millisecond of the interval that closed exactly a day ago.
		let last_ms = now - MAX_LATENESS_MS - 1;
		assert_eq!(
			accept_readings::<Test>(device, vec![reading(device, &key, last_ms, b"a")]),
			Ok(1)
		);
		// A millisecond later by the chain's clock, the same interval is too late.
		Timestamp::set_timestamp(now + 1);
		assert_eq!(
			accept_readings::<Test>(device, vec![reading(device, &key, last_ms - 1, b"b")]),
			Err(GatewayError::TooLate { index: 0 })
		);
		let earlier = reading(device, &key, last_ms - MINUTE, b"c");
		let fresh = reading(device, &key, now, b"d");
		assert_eq!(
			accept_readings::<Test>(device, vec![fresh, earlier]),
			Err(GatewayError::TooLate { index: 1 })
		);
		assert_eq!(batches().iter().map(|batch| batch.readings).sum::<u32>(), 1);
	});
}

#[test]
fn a_device_is_bounded_in_bytes_across_its_batches_dead_letters_included() {
	let mut gw = gateway();
	gw.ext.execute_with(|| {
		set_key(&alice());
		let (device, pair) = register_device_elsewhere(&alice(), "//Lost");
		let payload = vec![5u8; MAX_READING_LEN as usize];
		let each = reading_by(device, &pair, 0, &payload).encoded_size() as u32;
		let per_batch = MAX_BATCH_BYTES / each;
		// Fills one interval's batch, `k` intervals back.
		let fill = |k: u64, count: u32| -> Result<u32, GatewayError> {
			let start = minutes_ago(k);
			let mut stored = 0;
			for chunk in (0..count).collect::<Vec<_>>().chunks(64) {
				let call =
					chunk.iter().map(|n| reading_by(device, &pair, start + *n as u64, &payload));
				stored += accept_readings::<Test>(device, call.collect())?;
			}
			Ok(stored)
		};
		let full_batches = MAX_DEVICE_BYTES / (per_batch * each);
		for k in 1..=full_batches as u64 {
			assert_eq!(fill(k, per_batch), Ok(per_batch));
		}
		let room = (MAX_DEVICE_BYTES - full_batches * per_batch * each) / each;
		let next = full_batches as u64 + 1;
		assert_eq!(fill(next, room), Ok(room));
		let stored: u32 = batches().iter().map(|batch| batch.bytes).sum();
		assert!(stored <= MAX_DEVICE_BYTES && stored + each > MAX_DEVICE_BYTES);
		let one_more = reading_by(device, &pair, minutes_ago(next) + room as u64, &payload);
		assert_eq!(
			accept_readings::<Test>(device, vec![one_more.clone()]),
			Err(GatewayError::DeviceFull { index: 0 })
		);

		// The closed batches become dead letters (the key is not here): they still count.
		crate::gateway::run::<Test>(System::block_number());
		assert_eq!(dead_letters().len(), batches().len());
		assert_eq!(batches().len() as u64, next);
		let current = reading_by(device, &pair, minutes_ago(0), &payload);
		assert_eq!(
			accept_readings::<Test>(device, vec![current.clone()]),
			Err(GatewayError::DeviceFull { index: 0 })
		);
		// Dropping one frees its bytes for new readings.
		let first = batches()[0].record;
		assert!(gw_api::drop_dead_letter(first));
		assert_eq!(accept_readings::<Test>(device, vec![current]), Ok(1));
	});
}
