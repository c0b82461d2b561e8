//! What Umbral costs the parties of a sale on this machine: the owner encrypts an interval once
//! and makes key fragments per buyer; each proxy re-encrypts a capsule; each buyer decrypts. Run
//! with `scripts/bench/umbral.sh`, which also runs umbral-pre's own benchmark beside it.
//!
//! `sharing/N` is the whole off-chain work of sharing one 1 MiB interval with N buyers, 2-of-3:
//! one encryption, then per buyer the key fragments, two re-encryptions and one decryption.

use cpchain_primitives::umbral::{EncodedCapsuleFrag, EncryptedKeyFrag, UmbralPublicKey};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use rand_core::OsRng;
use umbral_pre::{
	decrypt_reencrypted, encrypt, generate_kfrags, reencrypt, SecretKey, Signer,
	VerifiedCapsuleFrag,
};

const MIB: usize = 1 << 20;

struct Parties {
	owner: SecretKey,
	signer: Signer,
	buyer: SecretKey,
}

fn parties() -> Parties {
	Parties {
		owner: SecretKey::random(),
		signer: Signer::new(SecretKey::random()),
		buyer: SecretKey::random(),
	}
}

fn cfrags(
	p: &Parties,
	capsule: &umbral_pre::Capsule,
	m: usize,
	n: usize,
) -> Vec<VerifiedCapsuleFrag> {
	generate_kfrags(&p.owner, &p.buyer.public_key(), &p.signer, m, n, true, true)
		.iter()
		.take(m)
		.map(|kfrag| reencrypt(capsule, kfrag.clone()))
		.collect()
}

fn client(c: &mut Criterion) {
	let p = parties();
	let interval = vec![7u8; MIB];
	let mut group = c.benchmark_group("client");
	group.sample_size(20);

	group.throughput(Throughput::Bytes(MIB as u64));
	group.bench_function("encrypt 1 MiB", |b| b.iter(|| encrypt(&p.owner.public_key(), &interval)));
	// umbral-pre's own benchmark encrypts these 13 bytes: the same case, for comparison.
	let dawn = b"peace at dawn";
	group.throughput(Throughput::Elements(1));
	group.bench_function("encrypt 13 B", |b| b.iter(|| encrypt(&p.owner.public_key(), dawn)));
	for (m, n) in [(2, 3), (10, 20)] {
		group.bench_function(format!("generate_kfrags {m}-of-{n}"), |b| {
			b.iter(|| generate_kfrags(&p.owner, &p.buyer.public_key(), &p.signer, m, n, true, true))
		});
	}
	let (capsule, ciphertext) = encrypt(&p.owner.public_key(), &interval).unwrap();
	let kfrag =
		generate_kfrags(&p.owner, &p.buyer.public_key(), &p.signer, 2, 3, true, true)[0].clone();
	group.bench_function("reencrypt", |b| {
		b.iter_batched(|| kfrag.clone(), |kfrag| reencrypt(&capsule, kfrag), BatchSize::SmallInput)
	});
	let (small_capsule, small_ciphertext) = encrypt(&p.owner.public_key(), dawn).unwrap();
	let cases = [
		("13 B", &small_capsule, small_ciphertext.as_ref(), 2, 3),
		("1 MiB", &capsule, ciphertext.as_ref(), 2, 3),
		("1 MiB", &capsule, ciphertext.as_ref(), 10, 20),
	];
	for (size, capsule, ciphertext, m, n) in cases {
		let verified = cfrags(&p, capsule, m, n);
		group.bench_function(format!("decrypt_reencrypted {size}, {m} cfrags"), |b| {
			b.iter_batched(
				|| verified.clone(),
				|cfrags| {
					decrypt_reencrypted(
						&p.buyer,
						&p.owner.public_key(),
						capsule,
						cfrags,
						ciphertext,
					)
				},
				BatchSize::SmallInput,
			)
		});
	}

	// What CPChain adds around Umbral: a kfrag sealed to its proxy and opened by it, and the
	// runtime's cfrag check (here natively; the on-chain figure is the benchmarked weight).
	let proxy = SecretKey::random();
	let key = |sk: &SecretKey| UmbralPublicKey::from_umbral(&sk.public_key());
	let verifying = UmbralPublicKey::from_umbral(&p.signer.verifying_key());
	group.bench_function("seal kfrag to proxy", |b| {
		b.iter(|| EncryptedKeyFrag::seal(&mut OsRng, &key(&proxy), &kfrag).unwrap())
	});
	let sealed = EncryptedKeyFrag::seal(&mut OsRng, &key(&proxy), &kfrag).unwrap();
	group.bench_function("open sealed kfrag", |b| {
		b.iter(|| {
			sealed.open(&mut OsRng, &proxy, &verifying, &key(&p.owner), &key(&p.buyer)).unwrap()
		})
	});
	let encoded_capsule =
		cpchain_primitives::umbral::EncodedCapsule::from_umbral(&capsule).unwrap();
	let cfrag =
		EncodedCapsuleFrag::from_umbral(&reencrypt(&capsule, kfrag.clone()).unverify()).unwrap();
	group.bench_function("verify cfrag (native)", |b| {
		b.iter(|| {
			cfrag.verify(&encoded_capsule, &verifying, &key(&p.owner), &key(&p.buyer)).unwrap()
		})
	});
	group.finish();
}

fn sharing(c: &mut Criterion) {
	let owner = SecretKey::random();
	let signer = Signer::new(SecretKey::random());
	let interval = vec![7u8; MIB];
	let mut group = c.benchmark_group("sharing");
	group.sample_size(10);
	for buyers in [1usize, 10, 100] {
		let keys: Vec<SecretKey> = (0..buyers).map(|_| SecretKey::random()).collect();
		group.throughput(Throughput::Elements(buyers as u64));
		group.bench_with_input(
			BenchmarkId::new("1 MiB interval, 2-of-3, buyers", buyers),
			&keys,
			|b, keys| {
				b.iter(|| {
					// Encrypted and stored once, whatever the number of buyers.
					let (capsule, ciphertext) = encrypt(&owner.public_key(), &interval).unwrap();
					for buyer in keys {
						let kfrags =
							generate_kfrags(&owner, &buyer.public_key(), &signer, 2, 3, true, true);
						let cfrags: Vec<_> =
							kfrags[..2].iter().map(|k| reencrypt(&capsule, k.clone())).collect();
						let plaintext = decrypt_reencrypted(
							buyer,
							&owner.public_key(),
							&capsule,
							cfrags,
							&ciphertext,
						)
						.unwrap();
						assert_eq!(plaintext.len(), MIB);
					}
				})
			},
		);
	}
	group.finish();
}

criterion_group!(benches, client, sharing);
criterion_main!(benches);
