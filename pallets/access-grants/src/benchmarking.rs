//! Benchmarks of the market's calls, each in its worst case. Capsule fragments are real: made
//! with umbral-pre from a fixed seed, so `submit_cfrag` pays for a full verification.

use super::*;
use crate::pallet::{BalanceOf, Cfrags, Grants, Listings, Parts, PruneCursor, Requests};
use alloc::vec::Vec;
use cpchain_primitives::{
	record::{DeviceId, RecordId},
	umbral::{EncodedCapsule, EncodedCapsuleFrag, EncryptedKeyFrag, UmbralPublicKey},
};
use frame_benchmarking::v2::*;
use frame_support::storage::StorageValue as _;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Hooks, SortedMembers,
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use sp_runtime::traits::{Bounded, One};
use umbral_pre::{SecretKey, Signer};

/// What benchmarks need of the data registry: keys, devices and records, made directly.
pub trait BenchmarkHelper<AccountId> {
	/// Registers `who`'s Umbral key.
	fn set_umbral_key(who: &AccountId, key: UmbralPublicKey);
	/// Registers a device of `owner`.
	fn add_device(owner: &AccountId) -> DeviceId;
	/// Registers a record of `owner` with `capsule`, in the current block.
	fn add_record(owner: &AccountId, record: RecordId, capsule: EncodedCapsule);
}

/// The Umbral side of one sale: the owner's and buyer's keys, the kfrag signer, one record's
/// capsule, a valid capsule fragment of it, and a kfrag sealed to a proxy.
struct Umbral {
	owner: UmbralPublicKey,
	buyer: UmbralPublicKey,
	verifying: UmbralPublicKey,
	capsule: EncodedCapsule,
	other_capsule: EncodedCapsule,
	cfrag: EncodedCapsuleFrag,
	kfrag: EncryptedKeyFrag,
}

fn umbral() -> Umbral {
	let mut rng = ChaCha20Rng::from_seed([7; 32]);
	let owner = SecretKey::random_with_rng(&mut rng);
	let buyer = SecretKey::random_with_rng(&mut rng);
	let signer = Signer::new(SecretKey::random_with_rng(&mut rng));
	let key = |sk: &SecretKey| UmbralPublicKey::from_umbral(&sk.public_key());
	let (capsule, _) = cpchain_primitives::umbral::encrypt_with_rng(&mut rng, &key(&owner), b"t")
		.expect("a valid key");
	let (other_capsule, _) =
		cpchain_primitives::umbral::encrypt_with_rng(&mut rng, &key(&owner), b"u")
			.expect("a valid key");
	let kfrags = umbral_pre::generate_kfrags_with_rng(
		&mut rng,
		&owner,
		&buyer.public_key(),
		&signer,
		1,
		1,
		true,
		true,
	);
	let cfrag = umbral_pre::reencrypt_with_rng(
		&mut rng,
		&capsule.to_umbral().expect("just encoded"),
		kfrags[0].clone(),
	);
	let kfrag = EncryptedKeyFrag::seal(&mut rng, &key(&buyer), &kfrags[0]).expect("a valid key");
	Umbral {
		owner: key(&owner),
		buyer: key(&buyer),
		verifying: UmbralPublicKey::from_umbral(&signer.verifying_key()),
		capsule,
		other_capsule,
		cfrag: EncodedCapsuleFrag::from_umbral(&cfrag.unverify()).expect("fits"),
		kfrag,
	}
}

/// An account with a billion existential deposits: enough for any deposit and escrow here,
/// and small enough that dozens of them do not overflow the total issuance.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance().max(1u32.into()) * 1_000_000_000u32.into();
	T::Currency::set_balance(&who, amount);
	who
}

fn price<T: Config>() -> BalanceOf<T> {
	1_000_000u32.into()
}

/// An owner with a key, a device and `records` records; the buyer with its key.
fn market<T: Config>(u: &Umbral, records: u32) -> (T::AccountId, T::AccountId, Vec<RecordId>) {
	let owner = funded::<T>("owner", 0);
	let buyer = funded::<T>("buyer", 0);
	T::BenchmarkHelper::set_umbral_key(&owner, u.owner);
	T::BenchmarkHelper::set_umbral_key(&buyer, u.buyer);
	let device = T::BenchmarkHelper::add_device(&owner);
	let records: Vec<RecordId> = (0..records as u64)
		.map(|interval| {
			let record = RecordId { device, interval };
			T::BenchmarkHelper::add_record(&owner, record, u.capsule.clone());
			record
		})
		.collect();
	(owner, buyer, records)
}

fn records_offer<T: Config>(records: &[RecordId]) -> Offer<BalanceOf<T>> {
	Offer::Records {
		records: BoundedVec::try_from(records.to_vec()).expect("within bounds"),
		price: price::<T>(),
	}
}

fn list<T: Config>(owner: &T::AccountId, offer: Offer<BalanceOf<T>>) -> ListingId {
	let listing = NextListingId::<T>::get();
	Pallet::<T>::create_listing(
		RawOrigin::Signed(owner.clone()).into(),
		offer,
		Terms::default(),
		None,
	)
	.expect("the owner owns what it lists");
	listing
}

fn request<T: Config>(
	buyer: &T::AccountId,
	listing: ListingId,
	intervals: Option<(u64, Option<u64>)>,
	escrow: BalanceOf<T>,
) -> GrantId {
	let request = NextRequestId::<T>::get();
	Pallet::<T>::request_access(
		RawOrigin::Signed(buyer.clone()).into(),
		listing,
		intervals,
		escrow,
	)
	.expect("a valid request");
	request
}

/// `n` proxies with keys, each handed the same sealed kfrag (the chain cannot tell).
fn kfrags<T: Config>(u: &Umbral, n: u32) -> KeyFragsOf<T> {
	let kfrags: Vec<_> = (0..n)
		.map(|i| {
			let proxy = funded::<T>("proxy", i);
			T::Proxies::add(&proxy);
			T::BenchmarkHelper::set_umbral_key(&proxy, u.buyer);
			(proxy, u.kfrag.clone())
		})
		.collect();
	BoundedVec::try_from(kfrags).expect("within bounds")
}

/// A grant of one record with `threshold` of `n` proxies.
fn grant<T: Config>(u: &Umbral, threshold: u8, n: u32) -> (T::AccountId, GrantId, RecordId) {
	let (owner, buyer, records) = market::<T>(u, 1);
	let listing = list::<T>(&owner, records_offer::<T>(&records));
	let grant = request::<T>(&buyer, listing, None, price::<T>());
	Pallet::<T>::approve_request(
		RawOrigin::Signed(owner.clone()).into(),
		grant,
		threshold,
		u.verifying,
		kfrags::<T>(u, n),
	)
	.expect("a valid approval");
	(owner, grant, records[0])
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_listing(r: Linear<1, MAX_LISTED_RECORDS>) {
		let u = umbral();
		let (owner, _, records) = market::<T>(&u, r);
		let offer = records_offer::<T>(&records);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), offer, Terms::default(), Some(owner.clone()));

		assert!(Listings::<T>::contains_key(0));
	}

	#[benchmark]
	fn create_stream_listing() {
		let u = umbral();
		let (owner, _, _) = market::<T>(&u, 0);
		let device = T::BenchmarkHelper::add_device(&owner);
		let offer = Offer::Stream { device, price_per_interval: price::<T>() };

		#[extrinsic_call]
		create_listing(
			RawOrigin::Signed(owner.clone()),
			offer,
			Terms::default(),
			Some(owner.clone()),
		);

		assert!(Listings::<T>::contains_key(0));
	}

	#[benchmark]
	fn update_listing() {
		let u = umbral();
		let (owner, _, _) = market::<T>(&u, 0);
		let device = T::BenchmarkHelper::add_device(&owner);
		let listing = list::<T>(&owner, Offer::Stream { device, price_per_interval: price::<T>() });
		let terms = Terms { expires_at: Some(1_000u32.into()), max_buyers: Some(10) };

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), listing, 1u32.into(), terms, Some(owner.clone()));

		assert_eq!(Listings::<T>::get(listing).map(|l| l.terms), Some(terms));
	}

	#[benchmark]
	fn delist() {
		let u = umbral();
		let (owner, _, records) = market::<T>(&u, MAX_LISTED_RECORDS);
		let listing = list::<T>(&owner, records_offer::<T>(&records));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), listing);

		assert!(!Listings::<T>::contains_key(listing));
	}

	#[benchmark]
	fn request_access(r: Linear<1, MAX_LISTED_RECORDS>) {
		let u = umbral();
		let (owner, buyer, records) = market::<T>(&u, r);
		let listing = list::<T>(&owner, records_offer::<T>(&records));

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), listing, None, price::<T>());

		assert!(Requests::<T>::contains_key(0));
	}

	#[benchmark]
	fn cancel_request() {
		let u = umbral();
		let (owner, buyer, records) = market::<T>(&u, MAX_LISTED_RECORDS);
		let listing = list::<T>(&owner, records_offer::<T>(&records));
		let request = request::<T>(&buyer, listing, None, price::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), request);

		assert!(!Requests::<T>::contains_key(request));
	}

	#[benchmark]
	fn reject_request() {
		let u = umbral();
		let (owner, buyer, records) = market::<T>(&u, MAX_LISTED_RECORDS);
		let listing = list::<T>(&owner, records_offer::<T>(&records));
		let request = request::<T>(&buyer, listing, None, price::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), request);

		assert!(!Requests::<T>::contains_key(request));
	}

	#[benchmark]
	fn approve_request(n: Linear<1, MAX_GRANT_PROXIES>) {
		let u = umbral();
		let (owner, buyer, records) = market::<T>(&u, MAX_LISTED_RECORDS);
		let listing = list::<T>(&owner, records_offer::<T>(&records));
		let request = request::<T>(&buyer, listing, None, price::<T>());
		let kfrags = kfrags::<T>(&u, n);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), request, 1, u.verifying, kfrags);

		assert!(Grants::<T>::contains_key(request));
	}

	#[benchmark]
	fn revoke_grant() {
		let u = umbral();
		let (owner, grant, _) = grant::<T>(&u, 1, MAX_GRANT_PROXIES);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), grant);

		assert!(!Grants::<T>::contains_key(grant));
	}

	#[benchmark]
	fn close_grant() {
		let u = umbral();
		let (_, grant, _) = grant::<T>(&u, 1, MAX_GRANT_PROXIES);
		let buyer = Grants::<T>::get(grant).expect("just granted").buyer;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), grant);

		assert!(!Grants::<T>::contains_key(grant));
	}

	#[benchmark]
	fn top_up() {
		let u = umbral();
		let (owner, buyer, _) = market::<T>(&u, 0);
		let device = T::BenchmarkHelper::add_device(&owner);
		let listing = list::<T>(&owner, Offer::Stream { device, price_per_interval: price::<T>() });
		let grant = request::<T>(&buyer, listing, Some((0, None)), price::<T>());
		Pallet::<T>::approve_request(
			RawOrigin::Signed(owner).into(),
			grant,
			1,
			u.verifying,
			kfrags::<T>(&u, 1),
		)
		.expect("a valid approval");

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), grant, price::<T>());

		assert_eq!(Grants::<T>::get(grant).map(|g| g.escrow), Some(price::<T>() + price::<T>()));
	}

	/// The `m`-th fragment of a part that settles it, pays `m` proxies and the owner, and
	/// completes the grant (its only record): the dearest delivery. From `m = 2`, so every
	/// sample reads the same storage (the part delivered so far); the linear model covers 1.
	#[benchmark]
	fn submit_cfrag(m: Linear<2, MAX_GRANT_PROXIES>) {
		let u = umbral();
		let (_, grant, record) = grant::<T>(&u, m as u8, m);
		let entry = Grants::<T>::get(grant).expect("just granted");
		let key = (entry.buyer.clone(), record);
		let mut part = Part {
			delegating: entry.delegating,
			threshold: m as u8,
			delivered: 0,
			deadline: BlockNumberFor::<T>::max_value(),
		};
		for proxy in 0..(m - 1) as u8 {
			part.mark(proxy);
			Cfrags::<T>::insert((key.0.clone(), record, grant), proxy, u.cfrag.clone());
		}
		Parts::<T>::insert(&key, grant, part);
		let last = entry.proxies[(m - 1) as usize].account.clone();

		#[extrinsic_call]
		submit_cfrag(RawOrigin::Signed(last), grant, record, u.cfrag.clone());

		assert!(!Grants::<T>::contains_key(grant), "the grant completed");
	}

	/// A fragment that passes the signature check and fails the re-encryption check: it
	/// re-encrypts another capsule of the same owner.
	#[benchmark]
	fn submit_rejected_cfrag() {
		let u = umbral();
		let (owner, grant, record) = grant::<T>(&u, 1, 1);
		let other = RecordId { device: record.device, interval: record.interval + 1 };
		T::BenchmarkHelper::add_record(&owner, other, u.other_capsule.clone());
		Grants::<T>::mutate(grant, |entry| {
			if let Some(Grant { coverage: Coverage::Records(records), .. }) = entry {
				records.try_push(other).expect("room for one more");
			}
		});
		let proxy = Grants::<T>::get(grant).expect("just granted").proxies[0].account.clone();

		#[extrinsic_call]
		submit_cfrag(RawOrigin::Signed(proxy.clone()), grant, other, u.cfrag.clone());

		frame_system::Pallet::<T>::assert_last_event(
			Event::<T>::CfragRejected { grant, record: other, proxy }.into(),
		);
	}

	/// Pruning one part that is due, with its `c` fragments, in `on_idle`.
	#[benchmark]
	fn prune_part(c: Linear<1, MAX_GRANT_PROXIES>) {
		let u = umbral();
		let (_, grant, record) = grant::<T>(&u, c as u8, c);
		let proxy = Grants::<T>::get(grant).expect("just granted").proxies[0].account.clone();
		let buyer = Grants::<T>::get(grant).expect("just granted").buyer;
		Pallet::<T>::submit_cfrag(RawOrigin::Signed(proxy).into(), grant, record, u.cfrag.clone())
			.expect("a valid fragment");
		// The other fragments of a part that has them all (the chain would have settled it).
		for proxy in 1..c as u8 {
			Cfrags::<T>::insert((buyer.clone(), record, grant), proxy, u.cfrag.clone());
		}
		let due = frame_system::Pallet::<T>::block_number()
			+ T::Parameters::get().delivery_window
			+ T::Parameters::get().cfrag_retention
			+ One::one();
		assert_eq!(PruneCursor::<T>::get(), (0, 1));

		#[block]
		{
			Pallet::<T>::on_idle(due, Weight::MAX);
		}

		assert_eq!(PruneCursor::<T>::get(), (1, 1));
		assert_eq!(Cfrags::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
