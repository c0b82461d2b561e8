//! Umbral proxy re-encryption values in the encodings the chain stores and checks.
//!
//! - [`UmbralPublicKey`]: a compressed secp256k1 point (33 bytes): an owner's, a buyer's, a
//!   proxy's, or the signing key that vouches for an owner's kfrags;
//! - [`EncodedCapsule`]: the capsule of one encrypted blob;
//! - [`EncodedCapsuleFrag`]: a proxy's re-encryption of a capsule for one buyer.
//!
//! Capsules and fragments are `umbral-pre`'s serde form written with `postcard`, which works in
//! `no_std` and wasm; the client must use the same encoding. The bounds leave headroom over
//! the measured sizes (capsule 101 bytes, capsule fragment 369 bytes).

use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use rand_core::{CryptoRng, RngCore};
use scale_info::TypeInfo;
use sp_core::{bounded::BoundedVec, ConstU32};
use umbral_pre::{
	Capsule, CapsuleFrag, KeyFrag, PublicKey, SecretKey, VerifiedCapsuleFrag, VerifiedKeyFrag,
};

/// Bytes of a compressed public key.
pub const PUBLIC_KEY_LEN: usize = 33;
/// The largest encoded capsule accepted: a capsule has a fixed layout, 101 bytes encoded.
pub const MAX_CAPSULE_LEN: u32 = 101;
/// The largest encoded capsule fragment accepted.
pub const MAX_CAPSULE_FRAG_LEN: u32 = 512;
/// The largest key fragment accepted once encrypted to its proxy (a kfrag is 300 bytes
/// encoded; the DEM adds a 24-byte nonce and a 16-byte tag).
pub const MAX_ENCRYPTED_KFRAG_LEN: u32 = 384;

/// One field of an Umbral value as umbral-pre's serde form is written by postcard: a length
/// byte, then that many bytes (flags are one byte, 0 or 1).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
	/// A compressed curve point: 33 bytes, the first 0x02 or 0x03.
	Point,
	/// A curve scalar or a key fragment id: 32 bytes.
	Bytes32,
	/// An ECDSA signature: 64 bytes.
	Signature,
	/// A flag.
	Flag,
}

use Field::{Bytes32, Flag, Point, Signature as Sig};

/// A capsule: E, V, signature.
const CAPSULE_FIELDS: &[Field] = &[Point, Point, Bytes32];
/// A capsule fragment: E1, V1, kfrag id, precursor, then the proof: E2, V2, kfrag commitment,
/// kfrag proof of knowledge, signature, kfrag signature.
const CAPSULE_FRAG_FIELDS: &[Field] =
	&[Point, Point, Bytes32, Point, Point, Point, Point, Point, Bytes32, Sig];
/// A key fragment: the parameter U, id, key, precursor, then the proof: commitment, the
/// signatures for the proxy and for the receiver, and whether each key was signed.
const KEY_FRAG_FIELDS: &[Field] = &[Point, Bytes32, Bytes32, Point, Point, Sig, Sig, Flag, Flag];

impl Field {
	/// Bytes of the field's value.
	const fn len(self) -> usize {
		match self {
			Field::Point => PUBLIC_KEY_LEN,
			Field::Bytes32 => 32,
			Field::Signature => 64,
			Field::Flag => 1,
		}
	}
}

/// Whether a point's encoding is a compressed point: 33 bytes, tagged 0x02 or 0x03. This is
/// what keeps the point at infinity (SEC1 `0x00`, one byte) out: umbral-pre decodes it but
/// panics when it encodes it again, which in the runtime traps the block being built.
fn is_compressed_point(bytes: &[u8]) -> bool {
	bytes.len() == PUBLIC_KEY_LEN && matches!(bytes[0], 0x02 | 0x03)
}

/// Whether `bytes` is exactly `fields` in umbral-pre's postcard form with every point
/// compressed. Whether each point is on the curve is left to umbral-pre's decoding, which
/// refuses one that is not without panicking.
fn has_layout(mut bytes: &[u8], fields: &[Field]) -> bool {
	for field in fields {
		let Some((first, rest)) = bytes.split_first() else { return false };
		if *field == Field::Flag {
			if *first > 1 {
				return false;
			}
			bytes = rest;
			continue;
		}
		let Some((value, rest)) = rest.split_at_checked(field.len()) else { return false };
		if usize::from(*first) != field.len()
			|| (*field == Field::Point && !is_compressed_point(value))
		{
			return false;
		}
		bytes = rest;
	}
	bytes.is_empty()
}

/// Why an Umbral value was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UmbralError {
	/// The bytes are not a valid point on the curve.
	InvalidPublicKey,
	/// The bytes do not decode to a capsule.
	InvalidCapsule,
	/// The bytes do not decode to a capsule fragment.
	InvalidCapsuleFrag,
	/// The encoding is longer than its bound.
	TooLong,
	/// The fragment is not a re-encryption of this capsule under a kfrag the delegating key's
	/// signer issued for this receiver.
	VerificationFailed,
	/// Encryption failed (the plaintext is too long for the DEM).
	EncryptionFailed,
	/// The ciphertext does not open with this key and capsule (wrong key, or tampered data).
	DecryptionFailed,
	/// The bytes do not decode to a key fragment.
	InvalidKeyFrag,
	/// The key fragment was not issued by this verifying key for this delegator and receiver.
	KeyFragVerificationFailed,
}

/// Encrypts `plaintext` to `owner` once: a fresh capsule and the ciphertext. Anyone the owner
/// grants re-encryption to can later open it through capsule fragments.
pub fn encrypt_with_rng(
	rng: &mut (impl CryptoRng + RngCore),
	owner: &UmbralPublicKey,
	plaintext: &[u8],
) -> Result<(EncodedCapsule, Vec<u8>), UmbralError> {
	let (capsule, ciphertext) = umbral_pre::encrypt_with_rng(rng, &owner.to_umbral()?, plaintext)
		.map_err(|_| UmbralError::EncryptionFailed)?;
	Ok((EncodedCapsule::from_umbral(&capsule)?, ciphertext.into_vec()))
}

/// Opens a ciphertext encrypted to the owner of `secret`.
pub fn decrypt_original(
	secret: &SecretKey,
	capsule: &EncodedCapsule,
	ciphertext: &[u8],
) -> Result<Vec<u8>, UmbralError> {
	umbral_pre::decrypt_original(secret, &capsule.to_umbral()?, ciphertext)
		.map(|plaintext| plaintext.into_vec())
		.map_err(|_| UmbralError::DecryptionFailed)
}

/// blake2-128 of an Umbral public key: see [`UmbralPublicKey::fingerprint`].
pub type KeyFingerprint = [u8; 16];

/// A compressed secp256k1 public key.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct UmbralPublicKey(pub [u8; PUBLIC_KEY_LEN]);

impl UmbralPublicKey {
	/// The chain's form of an Umbral key.
	pub fn from_umbral(key: &PublicKey) -> Self {
		let mut bytes = [0u8; PUBLIC_KEY_LEN];
		bytes.copy_from_slice(&key.to_compressed_bytes());
		Self(bytes)
	}

	/// A short name of the key (blake2-128 of its bytes), which records keep to say which of
	/// their owner's keys they were encrypted to.
	pub fn fingerprint(&self) -> KeyFingerprint {
		sp_io::hashing::blake2_128(&self.0)
	}

	/// The Umbral key, if the bytes are a compressed point on the curve.
	pub fn to_umbral(&self) -> Result<PublicKey, UmbralError> {
		if !is_compressed_point(&self.0) {
			return Err(UmbralError::InvalidPublicKey);
		}
		PublicKey::try_from_compressed_bytes(&self.0).map_err(|_| UmbralError::InvalidPublicKey)
	}
}

/// Writes `value` with postcard into a vector of at most `N` bytes.
fn encode_bounded<T: serde::Serialize, const N: u32>(
	value: &T,
) -> Result<BoundedVec<u8, ConstU32<N>>, UmbralError> {
	let bytes: Vec<u8> = postcard::to_allocvec(value).map_err(|_| UmbralError::TooLong)?;
	BoundedVec::try_from(bytes).map_err(|_| UmbralError::TooLong)
}

/// The capsule of an encrypted blob, encoded.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct EncodedCapsule(pub BoundedVec<u8, ConstU32<MAX_CAPSULE_LEN>>);

impl EncodedCapsule {
	/// Encodes a capsule.
	pub fn from_umbral(capsule: &Capsule) -> Result<Self, UmbralError> {
		encode_bounded(capsule).map(Self)
	}

	/// Decodes the capsule; a capsule is checked for consistency as it is decoded. Refused
	/// before umbral-pre sees them: a point not in compressed form (the point at infinity
	/// among them), and a V that is E's negation (the same x, the other parity). The latter
	/// passes umbral-pre's own check, but opening it (as the owner, or as a buyer through
	/// fragments) meets the point at infinity, where umbral-pre panics: an owner could sell
	/// such a record, or seal a key fragment in one, to crash buyers' and proxies' software.
	pub fn to_umbral(&self) -> Result<Capsule, UmbralError> {
		if !has_layout(&self.0, CAPSULE_FIELDS) {
			return Err(UmbralError::InvalidCapsule);
		}
		// Layout: length byte, E (33), length byte, V (33), length byte, signature (32).
		let (e, v) = (&self.0[1..34], &self.0[35..68]);
		if e[1..] == v[1..] && e[0] != v[0] {
			return Err(UmbralError::InvalidCapsule);
		}
		postcard::from_bytes(&self.0).map_err(|_| UmbralError::InvalidCapsule)
	}
}

/// A capsule fragment (a proxy's re-encryption of a capsule), encoded.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct EncodedCapsuleFrag(pub BoundedVec<u8, ConstU32<MAX_CAPSULE_FRAG_LEN>>);

impl EncodedCapsuleFrag {
	/// Encodes a capsule fragment.
	pub fn from_umbral(cfrag: &CapsuleFrag) -> Result<Self, UmbralError> {
		encode_bounded(cfrag).map(Self)
	}

	/// Decodes the fragment without verifying it; a point not in compressed form (the point
	/// at infinity among them) is refused before umbral-pre sees it.
	pub fn to_umbral(&self) -> Result<CapsuleFrag, UmbralError> {
		if !has_layout(&self.0, CAPSULE_FRAG_FIELDS) {
			return Err(UmbralError::InvalidCapsuleFrag);
		}
		postcard::from_bytes(&self.0).map_err(|_| UmbralError::InvalidCapsuleFrag)
	}

	/// Decodes the fragment and checks that it re-encrypts `capsule` from `delegating` to
	/// `receiving` under a kfrag signed by `verifying`.
	pub fn verify(
		&self,
		capsule: &EncodedCapsule,
		verifying: &UmbralPublicKey,
		delegating: &UmbralPublicKey,
		receiving: &UmbralPublicKey,
	) -> Result<VerifiedCapsuleFrag, UmbralError> {
		let cfrag = self.to_umbral()?;
		let capsule = capsule.to_umbral()?;
		cfrag
			.verify(
				&capsule,
				&verifying.to_umbral()?,
				&delegating.to_umbral()?,
				&receiving.to_umbral()?,
			)
			.map_err(|_| UmbralError::VerificationFailed)
	}
}

/// A key fragment encrypted to the proxy that will use it, so it can travel on chain: the
/// owner hands each of a grant's N proxies one of these.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct EncryptedKeyFrag {
	/// The capsule the fragment was encrypted under (to the proxy's key).
	pub capsule: EncodedCapsule,
	/// The encrypted fragment.
	pub ciphertext: BoundedVec<u8, ConstU32<MAX_ENCRYPTED_KFRAG_LEN>>,
}

impl EncryptedKeyFrag {
	/// Encrypts `kfrag` to `proxy`.
	pub fn seal(
		rng: &mut (impl CryptoRng + RngCore),
		proxy: &UmbralPublicKey,
		kfrag: &VerifiedKeyFrag,
	) -> Result<Self, UmbralError> {
		let bytes = postcard::to_allocvec(&kfrag.clone().unverify())
			.map_err(|_| UmbralError::InvalidKeyFrag)?;
		let (capsule, ciphertext) = encrypt_with_rng(rng, proxy, &bytes)?;
		let ciphertext = BoundedVec::try_from(ciphertext).map_err(|_| UmbralError::TooLong)?;
		Ok(Self { capsule, ciphertext })
	}

	/// Decrypts the fragment with the proxy's secret key and checks that `verifying` issued it
	/// to re-encrypt from `delegating` to `receiving`, and that the fragments it makes verify.
	///
	/// umbral-pre's own check of a key fragment leaves out the signature a capsule fragment
	/// carries for the receiver (and skips the keys when the fragment says they were not
	/// signed), so an owner could hand a proxy a fragment that opens but makes only fragments
	/// the chain rejects, and get the proxy penalised. The fragment is therefore tried on a
	/// capsule of the proxy's own making first: the signature and commitments a fragment
	/// passes on do not depend on the capsule, so one that verifies here verifies for every
	/// valid capsule.
	pub fn open(
		&self,
		rng: &mut (impl CryptoRng + RngCore),
		proxy: &SecretKey,
		verifying: &UmbralPublicKey,
		delegating: &UmbralPublicKey,
		receiving: &UmbralPublicKey,
	) -> Result<VerifiedKeyFrag, UmbralError> {
		let bytes = decrypt_original(proxy, &self.capsule, &self.ciphertext)?;
		if !has_layout(&bytes, KEY_FRAG_FIELDS) {
			return Err(UmbralError::InvalidKeyFrag);
		}
		let kfrag: KeyFrag =
			postcard::from_bytes(&bytes).map_err(|_| UmbralError::InvalidKeyFrag)?;
		let kfrag = kfrag
			.verify(
				&verifying.to_umbral()?,
				Some(&delegating.to_umbral()?),
				Some(&receiving.to_umbral()?),
			)
			.map_err(|_| UmbralError::KeyFragVerificationFailed)?;
		let (trial, _) = umbral_pre::encrypt_with_rng(rng, &delegating.to_umbral()?, b"")
			.map_err(|_| UmbralError::EncryptionFailed)?;
		let cfrag = umbral_pre::reencrypt_with_rng(rng, &trial, kfrag.clone());
		EncodedCapsuleFrag::from_umbral(&cfrag.unverify())?
			.verify(&EncodedCapsule::from_umbral(&trial)?, verifying, delegating, receiving)
			.map_err(|_| UmbralError::KeyFragVerificationFailed)?;
		Ok(kfrag)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use umbral_pre::{
		decrypt_original, decrypt_reencrypted, encrypt, generate_kfrags, reencrypt, SecretKey,
		Signer,
	};

	struct Sharing {
		owner: SecretKey,
		signer: Signer,
		buyer: SecretKey,
		capsule: EncodedCapsule,
		ciphertext: Vec<u8>,
		cfrags: Vec<EncodedCapsuleFrag>,
	}

	fn key(sk: &SecretKey) -> UmbralPublicKey {
		UmbralPublicKey::from_umbral(&sk.public_key())
	}

	/// An owner encrypts once and grants a buyer 2-of-3 re-encryption.
	fn sharing(plaintext: &[u8]) -> Sharing {
		let owner = SecretKey::random();
		let signer = Signer::new(SecretKey::random());
		let buyer = SecretKey::random();
		let (capsule, ciphertext) = encrypt(&owner.public_key(), plaintext).unwrap();
		let kfrags = generate_kfrags(&owner, &buyer.public_key(), &signer, 2, 3, true, true);
		let cfrags = kfrags
			.iter()
			.map(|kfrag| {
				EncodedCapsuleFrag::from_umbral(&reencrypt(&capsule, kfrag.clone()).unverify())
					.unwrap()
			})
			.collect();
		Sharing {
			capsule: EncodedCapsule::from_umbral(&capsule).unwrap(),
			ciphertext: ciphertext.into_vec(),
			owner,
			signer,
			buyer,
			cfrags,
		}
	}

	#[test]
	fn public_keys_round_trip_and_bad_points_are_refused() {
		let sk = SecretKey::random();
		let key = key(&sk);
		assert_eq!(key.to_umbral().unwrap(), sk.public_key());
		assert_eq!(UmbralPublicKey([0u8; 33]).to_umbral(), Err(UmbralError::InvalidPublicKey));
	}

	#[test]
	fn encodings_fit_their_bounds_with_room() {
		let s = sharing(b"reading");
		assert!(s.capsule.0.len() <= 110, "capsule {} bytes", s.capsule.0.len());
		assert!(s.cfrags[0].0.len() <= 400, "cfrag {} bytes", s.cfrags[0].0.len());
	}

	#[test]
	fn a_buyer_decrypts_with_two_verified_fragments() {
		let s = sharing(b"temperature=21.5C");
		let verified: Vec<_> = s.cfrags[..2]
			.iter()
			.map(|cfrag| {
				cfrag
					.verify(
						&s.capsule,
						&UmbralPublicKey::from_umbral(&s.signer.verifying_key()),
						&key(&s.owner),
						&key(&s.buyer),
					)
					.unwrap()
			})
			.collect();
		let capsule = s.capsule.to_umbral().unwrap();
		let plaintext =
			decrypt_reencrypted(&s.buyer, &s.owner.public_key(), &capsule, verified, &s.ciphertext)
				.unwrap();
		assert_eq!(&plaintext[..], b"temperature=21.5C");
		// The owner opens the same blob with its own key.
		assert_eq!(
			&decrypt_original(&s.owner, &capsule, &s.ciphertext).unwrap()[..],
			b"temperature=21.5C"
		);
	}

	#[test]
	fn a_fragment_for_another_receiver_or_capsule_fails_verification() {
		let s = sharing(b"a");
		let other = sharing(b"b");
		let signer = UmbralPublicKey::from_umbral(&s.signer.verifying_key());
		let cfrag = &s.cfrags[0];
		assert_eq!(
			cfrag.verify(&s.capsule, &signer, &key(&s.owner), &key(&other.buyer)).unwrap_err(),
			UmbralError::VerificationFailed
		);
		assert_eq!(
			cfrag.verify(&other.capsule, &signer, &key(&s.owner), &key(&s.buyer)).unwrap_err(),
			UmbralError::VerificationFailed
		);
		let wrong_signer = UmbralPublicKey::from_umbral(&other.signer.verifying_key());
		assert_eq!(
			cfrag.verify(&s.capsule, &wrong_signer, &key(&s.owner), &key(&s.buyer)).unwrap_err(),
			UmbralError::VerificationFailed
		);
	}

	#[test]
	fn corrupted_encodings_are_refused() {
		let s = sharing(b"a");
		let mut capsule = s.capsule.clone();
		capsule.0.truncate(10);
		assert_eq!(capsule.to_umbral().unwrap_err(), UmbralError::InvalidCapsule);
		let mut cfrag = s.cfrags[0].clone();
		cfrag.0.truncate(10);
		assert_eq!(cfrag.to_umbral().unwrap_err(), UmbralError::InvalidCapsuleFrag);
		// A flipped byte inside the fragment's proof breaks decoding or verification.
		let mut flipped = s.cfrags[0].clone();
		let last = flipped.0.len() - 1;
		flipped.0[last] ^= 0x01;
		let signer = UmbralPublicKey::from_umbral(&s.signer.verifying_key());
		assert!(flipped.verify(&s.capsule, &signer, &key(&s.owner), &key(&s.buyer)).is_err());
	}

	#[test]
	fn the_owner_decrypts_what_was_encrypted_to_it_and_nobody_else_does() {
		let owner = SecretKey::random();
		let (capsule, ciphertext) =
			super::encrypt_with_rng(&mut rand_core::OsRng, &key(&owner), b"t=21.5C").unwrap();
		assert_eq!(super::decrypt_original(&owner, &capsule, &ciphertext).unwrap(), b"t=21.5C");
		assert_eq!(
			super::decrypt_original(&SecretKey::random(), &capsule, &ciphertext).unwrap_err(),
			UmbralError::DecryptionFailed
		);
		let mut tampered = ciphertext.clone();
		tampered[0] ^= 1;
		assert_eq!(
			super::decrypt_original(&owner, &capsule, &tampered).unwrap_err(),
			UmbralError::DecryptionFailed
		);
	}

	/// `bytes` (laid out as `fields`) with its field `index` replaced by `encoded` (length
	/// byte and value).
	fn with_field(bytes: &[u8], fields: &[Field], index: usize, encoded: &[u8]) -> Vec<u8> {
		let width = |field: &Field| if *field == Field::Flag { 1 } else { 1 + field.len() };
		let start: usize = fields[..index].iter().map(width).sum();
		let end = start + width(&fields[index]);
		[&bytes[..start], encoded, &bytes[end..]].concat()
	}

	/// Degenerate encodings of a point: the point at infinity (SEC1's one byte, and zero-tagged
	/// at full length), an uncompressed tag, an x off the curve, and a wrong length.
	fn degenerate_points() -> Vec<Vec<u8>> {
		let mut zero_tagged = vec![33u8];
		zero_tagged.extend([0u8; 33]);
		let mut uncompressed_tag = vec![33u8, 0x04];
		uncompressed_tag.extend([0x11u8; 32]);
		let mut off_curve = vec![33u8, 0x02];
		off_curve.extend([0xffu8; 32]);
		let mut short = vec![32u8, 0x02];
		short.extend([0x11u8; 31]);
		vec![vec![1u8, 0x00], zero_tagged, uncompressed_tag, off_curve, short]
	}

	/// The indexes of `fields` that hold points.
	fn points_of(fields: &[Field]) -> impl Iterator<Item = usize> + '_ {
		fields.iter().enumerate().filter(|(_, f)| **f == Field::Point).map(|(i, _)| i)
	}

	#[test]
	fn the_point_at_infinity_never_reaches_umbral_in_a_capsule() {
		let s = sharing(b"a");
		assert!(has_layout(&s.capsule.0, CAPSULE_FIELDS), "the layout is umbral-pre's");
		for index in points_of(CAPSULE_FIELDS) {
			for point in degenerate_points() {
				let bytes = with_field(&s.capsule.0, CAPSULE_FIELDS, index, &point);
				let capsule = EncodedCapsule(BoundedVec::truncate_from(bytes));
				assert_eq!(capsule.to_umbral().unwrap_err(), UmbralError::InvalidCapsule);
				let signer = UmbralPublicKey::from_umbral(&s.signer.verifying_key());
				assert_eq!(
					s.cfrags[0].verify(&capsule, &signer, &key(&s.owner), &key(&s.buyer)),
					Err(UmbralError::InvalidCapsule)
				);
				assert_eq!(
					super::decrypt_original(&s.owner, &capsule, &s.ciphertext),
					Err(UmbralError::InvalidCapsule)
				);
			}
		}
		// Bytes left over, or missing, are refused too.
		let mut longer = s.capsule.0.to_vec();
		longer.push(0);
		assert!(!has_layout(&longer, CAPSULE_FIELDS));
		let shorter = s.capsule.0[..s.capsule.0.len() - 1].to_vec();
		assert!(EncodedCapsule(BoundedVec::truncate_from(shorter)).to_umbral().is_err());
	}

	#[test]
	fn the_point_at_infinity_never_reaches_umbral_in_a_capsule_fragment() {
		let s = sharing(b"a");
		let signer = UmbralPublicKey::from_umbral(&s.signer.verifying_key());
		assert!(has_layout(&s.cfrags[0].0, CAPSULE_FRAG_FIELDS), "the layout is umbral-pre's");
		for index in points_of(CAPSULE_FRAG_FIELDS) {
			for point in degenerate_points() {
				let bytes = with_field(&s.cfrags[0].0, CAPSULE_FRAG_FIELDS, index, &point);
				let cfrag = EncodedCapsuleFrag(BoundedVec::truncate_from(bytes));
				assert_eq!(cfrag.to_umbral().unwrap_err(), UmbralError::InvalidCapsuleFrag);
				assert_eq!(
					cfrag.verify(&s.capsule, &signer, &key(&s.owner), &key(&s.buyer)),
					Err(UmbralError::InvalidCapsuleFrag)
				);
			}
		}
	}

	#[test]
	fn the_point_at_infinity_never_reaches_umbral_in_a_key_fragment() {
		let s = sharing(b"x");
		let kfrags = generate_kfrags(&s.owner, &s.buyer.public_key(), &s.signer, 2, 3, true, true);
		let plain = postcard::to_allocvec(&kfrags[0].clone().unverify()).unwrap();
		assert!(has_layout(&plain, KEY_FRAG_FIELDS), "the layout is umbral-pre's");
		let proxy = SecretKey::random();
		let verifying = UmbralPublicKey::from_umbral(&s.signer.verifying_key());
		// A flag that is neither 0 nor 1, and each degenerate point, sealed to the proxy as an
		// owner would seal a fragment.
		let last = KEY_FRAG_FIELDS.len() - 1;
		let mut tampered = vec![with_field(&plain, KEY_FRAG_FIELDS, last, &[2])];
		for index in points_of(KEY_FRAG_FIELDS) {
			for point in degenerate_points() {
				tampered.push(with_field(&plain, KEY_FRAG_FIELDS, index, &point));
			}
		}
		for bytes in tampered {
			let (capsule, ciphertext) =
				super::encrypt_with_rng(&mut rand_core::OsRng, &key(&proxy), &bytes).unwrap();
			let sealed =
				EncryptedKeyFrag { capsule, ciphertext: BoundedVec::truncate_from(ciphertext) };
			assert_eq!(
				sealed
					.open(&mut rand_core::OsRng, &proxy, &verifying, &key(&s.owner), &key(&s.buyer))
					.unwrap_err(),
				UmbralError::InvalidKeyFrag
			);
		}
	}

	#[test]
	fn a_key_fragment_that_would_only_make_rejected_fragments_is_refused() {
		let s = sharing(b"x");
		let verifying = UmbralPublicKey::from_umbral(&s.signer.verifying_key());
		let proxy = SecretKey::random();
		// An owner signs neither key into the fragment and makes it for someone else: umbral's
		// own check of the fragment passes for the real buyer, yet every fragment it makes
		// carries the stranger in its signature and fails on chain, as the proxy's fault.
		let stranger = SecretKey::random();
		let kfrags =
			generate_kfrags(&s.owner, &stranger.public_key(), &s.signer, 1, 1, false, false);
		assert!(
			kfrags[0]
				.clone()
				.unverify()
				.verify(
					&s.signer.verifying_key(),
					Some(&s.owner.public_key()),
					Some(&s.buyer.public_key())
				)
				.is_ok(),
			"umbral-pre's check lets it through"
		);
		let made = EncodedCapsuleFrag::from_umbral(
			&reencrypt(&s.capsule.to_umbral().unwrap(), kfrags[0].clone()).unverify(),
		)
		.unwrap();
		assert_eq!(
			made.verify(&s.capsule, &verifying, &key(&s.owner), &key(&s.buyer)).unwrap_err(),
			UmbralError::VerificationFailed
		);
		let sealed =
			EncryptedKeyFrag::seal(&mut rand_core::OsRng, &key(&proxy), &kfrags[0]).unwrap();
		assert_eq!(
			sealed
				.open(&mut rand_core::OsRng, &proxy, &verifying, &key(&s.owner), &key(&s.buyer))
				.unwrap_err(),
			UmbralError::KeyFragVerificationFailed
		);
	}

	#[test]
	fn a_capsule_whose_v_is_the_negation_of_e_is_refused() {
		use k256::{
			elliptic_curve::{ops::Reduce, sec1::ToEncodedPoint, Field, PrimeField},
			NonZeroScalar, ProjectivePoint, Scalar, U256,
		};
		use sha2::{Digest, Sha256};
		// A capsule umbral-pre accepts (s = u + r·h with u = −r), whose E + V is the point at
		// infinity: opening it, as the owner or through fragments, panics in umbral-pre.
		let r = Scalar::random(&mut rand_core::OsRng);
		let e = (ProjectivePoint::GENERATOR * r).to_affine().to_encoded_point(true);
		let v = (ProjectivePoint::GENERATOR * -r).to_affine().to_encoded_point(true);
		let dst = b"CAPSULE_POINTS";
		let digest = Sha256::new()
			.chain_update((dst.len() as u32).to_be_bytes())
			.chain_update(dst)
			.chain_update(e.as_bytes())
			.chain_update(v.as_bytes())
			.finalize();
		let h = *<NonZeroScalar as Reduce<U256>>::reduce_bytes(&digest);
		let signature = r * (h - Scalar::ONE);
		let mut bytes = vec![33u8];
		bytes.extend_from_slice(e.as_bytes());
		bytes.push(33);
		bytes.extend_from_slice(v.as_bytes());
		bytes.push(32);
		bytes.extend_from_slice(&signature.to_repr());
		assert!(
			postcard::from_bytes::<umbral_pre::Capsule>(&bytes).is_ok(),
			"umbral-pre's own check accepts it"
		);
		let capsule = EncodedCapsule(BoundedVec::truncate_from(bytes));
		assert_eq!(capsule.to_umbral().unwrap_err(), UmbralError::InvalidCapsule);
		assert_eq!(
			super::decrypt_original(&SecretKey::random(), &capsule, b"ciphertext"),
			Err(UmbralError::InvalidCapsule)
		);
	}

	#[test]
	fn public_keys_must_be_compressed_points() {
		let genuine = key(&SecretKey::random());
		for tag in [0x00, 0x01, 0x04, 0x05, 0xff] {
			let mut bytes = genuine.0;
			bytes[0] = tag;
			assert_eq!(UmbralPublicKey(bytes).to_umbral(), Err(UmbralError::InvalidPublicKey));
		}
		let mut off_curve = [0xffu8; 33];
		off_curve[0] = 0x02;
		assert_eq!(UmbralPublicKey(off_curve).to_umbral(), Err(UmbralError::InvalidPublicKey));
	}

	#[test]
	fn a_proxy_opens_only_its_own_key_fragment_and_only_a_genuine_one() {
		let s = sharing(b"x");
		let kfrags = generate_kfrags(&s.owner, &s.buyer.public_key(), &s.signer, 2, 3, true, true);
		let proxy = SecretKey::random();
		let sealed =
			EncryptedKeyFrag::seal(&mut rand_core::OsRng, &key(&proxy), &kfrags[0]).unwrap();
		assert!(sealed.ciphertext.len() <= MAX_ENCRYPTED_KFRAG_LEN as usize);
		let verifying = UmbralPublicKey::from_umbral(&s.signer.verifying_key());
		let opened = sealed
			.open(&mut rand_core::OsRng, &proxy, &verifying, &key(&s.owner), &key(&s.buyer))
			.unwrap();
		// The opened fragment re-encrypts into a fragment the runtime accepts.
		let cfrag = EncodedCapsuleFrag::from_umbral(
			&reencrypt(&s.capsule.to_umbral().unwrap(), opened).unverify(),
		)
		.unwrap();
		assert!(cfrag.verify(&s.capsule, &verifying, &key(&s.owner), &key(&s.buyer)).is_ok());

		// Another proxy cannot open it; a fragment for another buyer does not verify.
		assert_eq!(
			sealed
				.open(
					&mut rand_core::OsRng,
					&SecretKey::random(),
					&verifying,
					&key(&s.owner),
					&key(&s.buyer)
				)
				.unwrap_err(),
			UmbralError::DecryptionFailed
		);
		let stranger = key(&SecretKey::random());
		assert_eq!(
			sealed
				.open(&mut rand_core::OsRng, &proxy, &verifying, &key(&s.owner), &stranger)
				.unwrap_err(),
			UmbralError::KeyFragVerificationFailed
		);
	}
}
