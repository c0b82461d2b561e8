//! IPFS content identifiers.
//!
//! The chain stores the CID of each encrypted blob as the text IPFS returns, bounded to
//! [`MAX_CID_LEN`] bytes and checked for shape: a CIDv0 (`Qm…`, base58btc) or a multibase
//! CIDv1 in base32 (`b…`, what Kubo prints) or base58btc (`z…`, what js-ipfs prints).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{bounded::BoundedVec, ConstU32};

/// The longest CID text accepted, in bytes. A CIDv1 with a 32-byte digest (sha2-256, blake2b-256,
/// what IPFS uses by default) is at most 62 characters in base32; the bound keeps a record's
/// on-chain footprint below 300 bytes.
pub const MAX_CID_LEN: u32 = 80;

const BASE58_ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BASE32_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
/// A CIDv0 is a base58btc sha2-256 multihash: always 46 characters.
const CIDV0_LEN: usize = 46;
/// Shorter than any real CIDv1 (version, codec and a digest); rules out stubs like `b`.
const MIN_CIDV1_LEN: usize = 16;

/// Why a CID text was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CidError {
	/// No characters.
	Empty,
	/// Longer than [`MAX_CID_LEN`].
	TooLong,
	/// Neither a CIDv0 nor a base32/base58btc CIDv1.
	UnknownFormat,
	/// A character outside the alphabet of its base.
	BadCharacter,
}

/// The CID of an encrypted blob on IPFS, as text.
///
/// SCALE decoding does not check the shape; [`Cid::validate`] does, and [`Cid::parse`] builds
/// only valid ones.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Cid(BoundedVec<u8, ConstU32<MAX_CID_LEN>>);

impl Cid {
	/// A checked CID from its text.
	pub fn parse(text: &[u8]) -> Result<Self, CidError> {
		let bytes = BoundedVec::try_from(text.to_vec()).map_err(|_| CidError::TooLong)?;
		let cid = Cid(bytes);
		cid.validate()?;
		Ok(cid)
	}

	/// The CID as text, as IPFS takes it (bytes outside UTF-8, possible only in an unchecked
	/// CID, are replaced).
	pub fn to_text(&self) -> alloc::string::String {
		alloc::string::String::from_utf8_lossy(&self.0).into_owned()
	}

	/// Checks the text's shape (see the module docs).
	pub fn validate(&self) -> Result<(), CidError> {
		let text = self.0.as_slice();
		let in_alphabet =
			|digits: &[u8], alphabet: &[u8]| digits.iter().all(|c| alphabet.contains(c));
		match text {
			[] => Err(CidError::Empty),
			[b'Q', b'm', ..] if text.len() == CIDV0_LEN => {
				in_alphabet(text, BASE58_ALPHABET).then_some(()).ok_or(CidError::BadCharacter)
			}
			[b'b', digits @ ..] if text.len() >= MIN_CIDV1_LEN => {
				in_alphabet(digits, BASE32_ALPHABET).then_some(()).ok_or(CidError::BadCharacter)
			}
			[b'z', digits @ ..] if text.len() >= MIN_CIDV1_LEN => {
				in_alphabet(digits, BASE58_ALPHABET).then_some(()).ok_or(CidError::BadCharacter)
			}
			_ => Err(CidError::UnknownFormat),
		}
	}

	/// The CID's text.
	pub fn as_bytes(&self) -> &[u8] {
		&self.0
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::{Decode, Encode};

	const V0: &[u8] = b"QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
	const V1_BASE32: &[u8] = b"bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su";
	const V1_BASE58: &[u8] = b"zb2rhcc1wJn2GHDLT2YkmPq5b69cXc2xfRZZmyufbjFUfBkxr";

	#[test]
	fn accepts_the_cids_ipfs_prints() {
		for text in [V0, V1_BASE32, V1_BASE58] {
			let cid = Cid::parse(text).expect("valid CID");
			assert_eq!(cid.as_bytes(), text);
		}
	}

	#[test]
	fn refuses_what_is_not_a_cid() {
		assert_eq!(Cid::parse(b""), Err(CidError::Empty));
		assert_eq!(Cid::parse(&[b'b'; MAX_CID_LEN as usize + 1]), Err(CidError::TooLong));
		assert_eq!(Cid::parse(b"b"), Err(CidError::UnknownFormat));
		assert_eq!(Cid::parse(b"Qm123"), Err(CidError::UnknownFormat));
		assert_eq!(Cid::parse(b"https://example.com/blob"), Err(CidError::UnknownFormat));
		// Upper case and '0'/'1'/'8' are outside base32; '0', 'O', 'I', 'l' outside base58.
		assert_eq!(
			Cid::parse(b"bAFKREIDON73ZKCRWDB5IAFQTIJXILDOONBWNPV7DYD6EF3QDGADS2JC4SU"),
			Err(CidError::BadCharacter)
		);
		assert_eq!(
			Cid::parse(b"zb2rhcc1wJn2GHDLT2YkmPq5b69cXc2xfRZZmyufbjFUfBkx0"),
			Err(CidError::BadCharacter)
		);
		assert_eq!(
			Cid::parse(b"QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5O"),
			Err(CidError::BadCharacter)
		);
	}

	#[test]
	fn scale_round_trip_keeps_the_text_and_decoding_does_not_validate() {
		let cid = Cid::parse(V1_BASE32).unwrap();
		assert_eq!(Cid::decode(&mut &cid.encode()[..]).unwrap(), cid);
		let junk = Cid::decode(&mut &b"junk".to_vec().encode()[..]).unwrap();
		assert_eq!(junk.validate(), Err(CidError::UnknownFormat));
	}
}
