//! Chains and blocks to validate: the development genesis (with as many extra committee
//! candidates as asked), and blocks full of one kind of work.
//!
//! Every block is built from signed transactions of the development accounts, through the
//! runtime's real checks: a block "full" of a call holds as many as the block's weight and
//! length admit, or `limit` of them.

use codec::Encode;
use cpchain_primitives::{
	cid::Cid,
	record::{self, RecordContent, RecordId},
	umbral::{self, EncodedCapsule, EncodedCapsuleFrag, EncryptedKeyFrag, UmbralPublicKey},
};
use cpchain_runtime::{
	configs::data_registry::MinIntervalLength,
	genesis_config_presets::{development_with_candidates, patch_storage},
	pallet_access_grants::{self, Offer, Terms},
	pallet_committee, pallet_data_registry, AccountId, AuraId, DataRegistry, Runtime, RuntimeCall,
	RuntimeEvent, System, UncheckedExtrinsic, CPC, WASM_BINARY,
};
use cpchain_testing::signed;
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::MultiAddress;
use umbral_pre::{SecretKey, Signer, VerifiedKeyFrag};

use crate::{Candidate, Collator};

/// The content identifier every scenario's records carry.
const CID: &[u8] = b"bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
/// What Alice's listing asks per interval of her device's stream.
pub const PRICE_PER_INTERVAL: cpchain_runtime::Balance = CPC / 1_000;
/// The proxies the development preset seats: the market's re-encryption committee.
const PROXIES: [Sr25519Keyring; 3] =
	[Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::Eve];

/// The extra candidate number `i`: a key from a fixed seed, so runs repeat.
pub fn candidate(i: u32) -> sr25519::Pair {
	sr25519::Pair::from_seed(&sp_io::hashing::blake2_256(&(b"cpchain/candidate", i).encode()))
}

/// A collator at the development genesis with `extra` more bonded candidates, holding every
/// Aura key of the chain (the development accounts' and the extra candidates').
pub fn development(extra: u32) -> Result<Collator, String> {
	let code = WASM_BINARY.ok_or("the runtime's wasm was not built")?;
	let candidates: Vec<sr25519::Pair> = (0..extra).map(candidate).collect();
	let seats: Vec<(AccountId, AuraId)> =
		candidates.iter().map(|pair| (pair.public().into(), pair.public().into())).collect();
	let storage = patch_storage(development_with_candidates(seats))?;
	let keys = Sr25519Keyring::iter().map(|k| k.pair()).chain(candidates);
	Ok(Collator::new(storage, code, keys))
}

/// `call` from `who`, with its next nonce: runs against the block being built.
fn from(who: Sr25519Keyring, call: impl Into<RuntimeCall>) -> UncheckedExtrinsic {
	let account = who.to_account_id();
	signed(&who.pair(), call.into(), System::account_nonce(&account))
}

/// A block of `calls`, all of which must succeed.
fn block_of(
	collator: &mut Collator,
	calls: Vec<(Sr25519Keyring, RuntimeCall)>,
) -> Result<Candidate, String> {
	let mut calls = calls.into_iter();
	let candidate = collator.build(|_| calls.next().map(|(who, call)| from(who, call)))?;
	match calls.next() {
		None => Ok(candidate),
		Some(left) => Err(format!("the block did not fit its calls; left: {:?}", left.1)),
	}
}

/// A block of inherents only.
pub fn empty(collator: &mut Collator) -> Result<Candidate, String> {
	collator.build(|_| None)
}

/// A block full of transfers (`limit` at most) from the development accounts, each of one CPC
/// to an account that did not exist.
pub fn transfers(collator: &mut Collator, limit: usize) -> Result<Candidate, String> {
	let senders = Sr25519Keyring::well_known().collect::<Vec<_>>();
	let base = collator.head().number;
	collator.build(|index| {
		(index < limit).then(|| {
			let dest = AccountId::new(sp_io::hashing::blake2_256(&(base, index as u64).encode()));
			let call = pallet_balances::Call::<Runtime>::transfer_allow_death {
				dest: MultiAddress::Id(dest),
				value: CPC,
			};
			from(senders[index % senders.len()], call)
		})
	})
}

/// What the data scenarios keep: the owner's device and Umbral secrets, and the records made.
pub struct Data {
	device_key: sr25519::Pair,
	owner: SecretKey,
	buyer: SecretKey,
	proxies: Vec<SecretKey>,
	/// The records registered, oldest interval first, with their capsules.
	pub records: Vec<(RecordId, EncodedCapsule)>,
	kfrags: Vec<VerifiedKeyFrag>,
}

fn public(secret: &SecretKey) -> UmbralPublicKey {
	UmbralPublicKey::from_umbral(&secret.public_key())
}

/// One block: Alice (the owner), Bob (a buyer) and the three proxies publish Umbral keys, and
/// Alice registers a device of the shortest interval, with its consent.
pub fn data_setup(collator: &mut Collator) -> Result<(Data, Candidate), String> {
	let mut rng = rand_core::OsRng;
	let data = Data {
		device_key: sr25519::Pair::from_seed(&[7; 32]),
		owner: SecretKey::random_with_rng(&mut rng),
		buyer: SecretKey::random_with_rng(&mut rng),
		proxies: PROXIES.iter().map(|_| SecretKey::random_with_rng(&mut rng)).collect(),
		records: Vec::new(),
		kfrags: Vec::new(),
	};
	let mut calls: Vec<(Sr25519Keyring, RuntimeCall)> =
		[(Sr25519Keyring::Alice, &data.owner), (Sr25519Keyring::Bob, &data.buyer)]
			.into_iter()
			.chain(PROXIES.into_iter().zip(&data.proxies))
			.map(|(who, secret)| {
				(who, pallet_data_registry::Call::set_umbral_key { key: public(secret) }.into())
			})
			.collect();
	let consent = collator.read(|| {
		record::ownership_statement(
			&DataRegistry::genesis_hash(),
			&Sr25519Keyring::Alice.to_account_id(),
			0,
		)
	});
	calls.push((
		Sr25519Keyring::Alice,
		pallet_data_registry::Call::register_device {
			key: data.device_key.public(),
			ownership_proof: data.device_key.sign(&consent),
			interval_length_ms: MinIntervalLength::get(),
			kind: Default::default(),
			metadata: Default::default(),
			gateway: None,
		}
		.into(),
	));
	let candidate = block_of(collator, calls)?;
	Ok((data, candidate))
}

/// A block full of `register_data` (`limit` at most): Alice's device's readings of past
/// intervals, newest first, each encrypted to her key and signed by the device.
pub fn register_data(
	collator: &mut Collator,
	data: &mut Data,
	limit: usize,
) -> Result<Candidate, String> {
	let owner_key = public(&data.owner);
	let alice = Sr25519Keyring::Alice.to_account_id();
	let cid = Cid::parse(CID).map_err(|e| format!("{e:?}"))?;
	let mut made = Vec::new();
	let candidate = collator.build(|index| {
		if index >= limit {
			return None;
		}
		let now = pallet_timestamp::Now::<Runtime>::get();
		let interval = (now / MinIntervalLength::get()).checked_sub(2 + index as u64)?;
		let record = RecordId { device: 0, interval };
		let (capsule, ciphertext) =
			umbral::encrypt_with_rng(&mut rand_core::OsRng, &owner_key, b"t=21.5C").ok()?;
		let hash = H256(sp_io::hashing::blake2_256(&ciphertext));
		let size = ciphertext.len() as u64;
		let statement = record::record_statement(
			&DataRegistry::genesis_hash(),
			&RecordContent {
				record,
				owner: &alice,
				owner_key: &owner_key,
				cid: &cid,
				ciphertext_hash: hash.as_fixed_bytes(),
				capsule: &capsule,
				size,
			},
		);
		made.push((record, capsule.clone()));
		let call = pallet_data_registry::Call::register_data {
			device: 0,
			interval,
			cid: cid.clone(),
			ciphertext_hash: hash,
			capsule,
			size,
			signature: data.device_key.sign(&statement),
		};
		Some(from(Sr25519Keyring::Alice, call))
	})?;
	// The last one made may not have fitted.
	made.truncate(candidate.transactions());
	made.reverse();
	data.records.extend(made);
	Ok(candidate)
}

/// Two blocks: Alice lists her device's stream; Bob requests the intervals of every record
/// registered, escrowing their price; Alice approves with a 2-of-3 grant to the proxies.
pub fn grant_setup(collator: &mut Collator, data: &mut Data) -> Result<Vec<Candidate>, String> {
	let (first, last) = match (data.records.first(), data.records.last()) {
		(Some((first, _)), Some((last, _))) => (first.interval, last.interval),
		_ => return Err("no records to sell".into()),
	};
	let price = PRICE_PER_INTERVAL;
	let listing = pallet_access_grants::Call::create_listing {
		offer: Offer::Stream { device: 0, price_per_interval: price },
		terms: Terms::default(),
		approver: None,
	};
	let parts = u128::from(last - first + 1);
	let request = pallet_access_grants::Call::request_access {
		listing: 0,
		intervals: Some((first, Some(last))),
		escrow: price * parts,
	};
	let mut blocks = vec![block_of(collator, vec![(Sr25519Keyring::Alice, listing.into())])?];
	blocks.push(block_of(collator, vec![(Sr25519Keyring::Bob, request.into())])?);

	let mut rng = rand_core::OsRng;
	let signer = Signer::new(SecretKey::random_with_rng(&mut rng));
	data.kfrags = umbral_pre::generate_kfrags_with_rng(
		&mut rng,
		&data.owner,
		&data.buyer.public_key(),
		&signer,
		2,
		PROXIES.len(),
		true,
		true,
	)
	.into_vec();
	let mut sealed = Vec::new();
	for ((proxy, secret), kfrag) in PROXIES.iter().zip(&data.proxies).zip(&data.kfrags) {
		let frag = EncryptedKeyFrag::seal(&mut rng, &public(secret), kfrag)
			.map_err(|e| format!("{e:?}"))?;
		sealed.push((proxy.to_account_id(), frag));
	}
	let approve = pallet_access_grants::Call::approve_request {
		request: 0,
		threshold: 2,
		verifying: UmbralPublicKey::from_umbral(&signer.verifying_key()),
		kfrags: sealed.try_into().map_err(|_| "too many key fragments")?,
	};
	blocks.push(block_of(collator, vec![(Sr25519Keyring::Alice, approve.into())])?);
	Ok(blocks)
}

/// A block full of `submit_cfrag` (`limit` at most): the proxies re-encrypt the granted
/// records in turn, each record by the first two proxies (the grant's threshold).
pub fn submit_cfrags(
	collator: &mut Collator,
	data: &Data,
	limit: usize,
) -> Result<Candidate, String> {
	let work: Vec<(Sr25519Keyring, &VerifiedKeyFrag, &RecordId, &EncodedCapsule)> = data
		.records
		.iter()
		.flat_map(|(record, capsule)| {
			PROXIES
				.iter()
				.zip(&data.kfrags)
				.take(2)
				.map(move |(proxy, kfrag)| (*proxy, kfrag, record, capsule))
		})
		.take(limit)
		.collect();
	collator.build(|index| {
		let (proxy, kfrag, record, capsule) = work.get(index)?;
		let capsule = capsule.to_umbral().ok()?;
		let cfrag =
			umbral_pre::reencrypt_with_rng(&mut rand_core::OsRng, &capsule, (*kfrag).clone());
		let call = pallet_access_grants::Call::submit_cfrag {
			grant: 0,
			record: **record,
			cfrag: EncodedCapsuleFrag::from_umbral(&cfrag.unverify()).ok()?,
		};
		Some(from(*proxy, call))
	})
}

/// Whether the head block elected a committee.
pub fn elected(collator: &Collator) -> bool {
	collator.read(|| {
		System::events().iter().any(|record| {
			matches!(
				record.event,
				RuntimeEvent::Committee(pallet_committee::Event::CommitteeElected { .. })
			)
		})
	})
}

/// Empty blocks up to and including the next one that elects a committee (at most `bound`
/// blocks); returns the electing block.
pub fn until_election(collator: &mut Collator, bound: u32) -> Result<Candidate, String> {
	for _ in 0..bound {
		let candidate = empty(collator)?;
		if elected(collator) {
			return Ok(candidate);
		}
	}
	Err(format!("no election within {bound} blocks"))
}
