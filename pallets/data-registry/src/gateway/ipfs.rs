//! The gateway's side of IPFS: encrypting a batch and uploading it through the Kubo RPC API.

use alloc::{format, string::String, vec, vec::Vec};

use codec::Encode;
use cpchain_primitives::{cid::Cid, umbral};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use sp_core::H256;
use sp_runtime::offchain::{http, storage::StorageValueRef, Duration};

use super::{Upload, DEFAULT_IPFS_API, IPFS_API_KEY};

/// How long an upload to IPFS may take.
pub(super) const UPLOAD_TIMEOUT_MS: u64 = 20_000;

/// Encrypts `plaintext` to `owner` and stores the ciphertext on IPFS.
pub(super) fn encrypt_and_upload(
	plaintext: &[u8],
	owner: &cpchain_primitives::umbral::UmbralPublicKey,
) -> Result<Upload, &'static str> {
	// This seed draws the capsule's secret scalars: whoever learns it opens the blob with the
	// owner's public key alone. It seeds this one encryption and nothing else, and is dropped
	// with the generator before anything leaves the worker.
	let (capsule, ciphertext) = {
		let mut rng = ChaCha20Rng::from_seed(sp_io::offchain::random_seed());
		umbral::encrypt_with_rng(&mut rng, owner, plaintext).map_err(|_| "encryption failed")?
	};
	let ciphertext_hash = H256(sp_io::hashing::blake2_256(&ciphertext));
	let cid = ipfs_add(&ciphertext, &ciphertext_hash)?;
	Ok(Upload { cid, ciphertext_hash, capsule, size: ciphertext.len() as u64, owner_key: *owner })
}

/// A `multipart/form-data` upload of one blob, as `/api/v0/add` takes it.
pub struct Multipart {
	/// The `Content-Type` header, which names the boundary.
	pub content_type: String,
	/// The body, in chunks: the part's head, the blob, the closing boundary.
	pub body: Vec<Vec<u8>>,
}

impl Multipart {
	/// The upload of `blob`, whose blake2-256 is `hash`.
	///
	/// Everything in it but the blob is computed from the blob's hash, which the record
	/// publishes anyway: the request tells whoever sees it nothing the chain and IPFS do not.
	/// (The boundary must not occur in the blob; a hash-derived one does not, but the blob is
	/// checked all the same.)
	pub fn new(blob: &[u8], hash: &H256) -> Result<Self, &'static str> {
		let boundary = (0u8..4)
			.map(|salt| {
				let derived =
					sp_io::hashing::blake2_128(&(b"cpchain:multipart", hash, salt).encode());
				let hex: String = derived.iter().map(|byte| format!("{byte:02x}")).collect();
				format!("cpchain-{hex}")
			})
			.find(|boundary| !blob.windows(boundary.len()).any(|w| w == boundary.as_bytes()))
			.ok_or("no multipart boundary fits the blob")?;
		let head = format!(
			"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n\
			 Content-Type: application/octet-stream\r\n\r\n"
		);
		let tail = format!("\r\n--{boundary}--\r\n");
		Ok(Self {
			content_type: format!("multipart/form-data; boundary={boundary}"),
			body: vec![head.into_bytes(), blob.to_vec(), tail.into_bytes()],
		})
	}

	/// Bytes of the body.
	pub fn body_len(&self) -> usize {
		self.body.iter().map(Vec::len).sum()
	}
}

/// POSTs `blob` (whose blake2-256 is `hash`) to the IPFS RPC API's `/api/v0/add` and returns
/// its CID.
fn ipfs_add(blob: &[u8], hash: &H256) -> Result<Cid, &'static str> {
	#[derive(serde::Deserialize)]
	struct Added {
		#[serde(rename = "Hash")]
		hash: String,
	}

	let base = StorageValueRef::persistent(IPFS_API_KEY)
		.get::<Vec<u8>>()
		.ok()
		.flatten()
		.and_then(|url| String::from_utf8(url).ok())
		.unwrap_or_else(|| DEFAULT_IPFS_API.into());
	let url = format!("{}/api/v0/add?cid-version=1&pin=true", base.trim_end_matches('/'));
	let upload = Multipart::new(blob, hash)?;
	let length = upload.body_len();

	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(UPLOAD_TIMEOUT_MS));
	let request = http::Request::post(&url, upload.body)
		.add_header("Content-Type", &upload.content_type)
		.add_header("Content-Length", &format!("{length}"))
		.deadline(deadline)
		.send()
		.map_err(|_| "the IPFS API is unreachable")?;
	let response = request
		.try_wait(deadline)
		.map_err(|_| "the IPFS API timed out")?
		.map_err(|_| "the IPFS API request failed")?;
	if response.code != 200 {
		return Err("the IPFS API refused the upload");
	}
	let body: Vec<u8> = response.body().collect();
	let added: Added =
		serde_json::from_slice(&body).map_err(|_| "the IPFS API answered something else")?;
	Cid::parse(added.hash.as_bytes()).map_err(|_| "the IPFS API returned a malformed CID")
}
