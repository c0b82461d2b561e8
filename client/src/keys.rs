//! The keys file: the account that signs transactions, the Umbral key data is encrypted to,
//! and the signing keys of the devices registered from here.
//!
//! It is JSON, written with permissions 0600 and refused if anyone else may read it.

use std::{
	collections::BTreeMap,
	fs,
	io::Write,
	os::unix::fs::{OpenOptionsExt, PermissionsExt},
	path::{Path, PathBuf},
};

use cpchain_primitives::{record::DeviceId, umbral::UmbralPublicKey};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use umbral_pre::{SecretKey, SecretKeyFactory, Signer};

use crate::Error;

/// What the Umbral owner key is derived under from the file's seed.
const UMBRAL_LABEL: &[u8] = b"cpchain/owner";
/// What the key that signs the owner's key fragments is derived under.
const SIGNER_LABEL: &[u8] = b"cpchain/kfrag-signer";

/// The keys file's contents.
#[derive(Clone, Serialize, Deserialize)]
pub struct KeyFile {
	/// The account's secret phrase or URI (`//Alice` works on a dev chain).
	pub account: String,
	/// 32 random bytes, hex, from which the Umbral secret key is derived.
	pub umbral_seed: String,
	/// Device id to the device's sr25519 seed, hex.
	#[serde(default)]
	pub devices: BTreeMap<DeviceId, String>,
}

impl KeyFile {
	/// Fresh keys: a new account phrase and a new Umbral seed.
	pub fn generate() -> Self {
		let (_, phrase, _) = sr25519::Pair::generate_with_phrase(None);
		Self { account: phrase, umbral_seed: hex::encode(random_seed()), devices: BTreeMap::new() }
	}

	/// Reads the file, refusing one that others may read.
	pub fn load(path: &Path) -> Result<Self, Error> {
		let metadata = fs::metadata(path).map_err(|_| Error::NoKeys(path.to_owned()))?;
		if metadata.permissions().mode() & 0o077 != 0 {
			return Err(Error::KeysReadableByOthers(path.to_owned()));
		}
		let text = fs::read_to_string(path).map_err(|e| Error::Io(path.to_owned(), e))?;
		serde_json::from_str(&text).map_err(|e| Error::BadKeys(path.to_owned(), e.to_string()))
	}

	/// Writes the file with permissions 0600, replacing it atomically.
	pub fn save(&self, path: &Path) -> Result<(), Error> {
		if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
			fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_owned(), e))?;
		}
		let temporary = temporary_path(path);
		let mut file = fs::OpenOptions::new()
			.write(true)
			.create(true)
			.truncate(true)
			.mode(0o600)
			.open(&temporary)
			.map_err(|e| Error::Io(temporary.clone(), e))?;
		// `mode` applies only when the file is created; make sure of it either way.
		file.set_permissions(fs::Permissions::from_mode(0o600))
			.map_err(|e| Error::Io(temporary.clone(), e))?;
		let text = serde_json::to_string_pretty(self).map_err(|e| Error::Other(e.to_string()))?;
		file.write_all(text.as_bytes()).map_err(|e| Error::Io(temporary.clone(), e))?;
		file.sync_all().map_err(|e| Error::Io(temporary.clone(), e))?;
		fs::rename(&temporary, path).map_err(|e| Error::Io(path.to_owned(), e))
	}

	/// The account key pair.
	pub fn account(&self) -> Result<sr25519::Pair, Error> {
		pair_from_uri(&self.account)
	}

	/// The Umbral secret key.
	pub fn umbral_secret(&self) -> Result<SecretKey, Error> {
		Ok(self.umbral_factory()?.make_key(UMBRAL_LABEL))
	}

	/// The key that signs this owner's key fragments, so proxies and the chain can tell they
	/// are genuine.
	pub fn kfrag_signer(&self) -> Result<Signer, Error> {
		Ok(Signer::new(self.umbral_factory()?.make_key(SIGNER_LABEL)))
	}

	fn umbral_factory(&self) -> Result<SecretKeyFactory, Error> {
		let seed = hex::decode(&self.umbral_seed)
			.map_err(|_| Error::Other("the keys file's umbral_seed is not hex".into()))?;
		SecretKeyFactory::from_secure_randomness(&seed)
			.map_err(|_| Error::Other("the keys file's umbral_seed has the wrong length".into()))
	}

	/// The Umbral public key, as the chain stores it.
	pub fn umbral_public(&self) -> Result<UmbralPublicKey, Error> {
		Ok(UmbralPublicKey::from_umbral(&self.umbral_secret()?.public_key()))
	}

	/// A device's key pair.
	pub fn device(&self, device: DeviceId) -> Result<sr25519::Pair, Error> {
		let seed = self.devices.get(&device).ok_or(Error::NoDeviceKey(device))?;
		pair_from_uri(&format!("0x{seed}"))
	}

	/// A new device key pair, and the seed to keep for it.
	pub fn new_device_key() -> (sr25519::Pair, String) {
		let seed = random_seed();
		(sr25519::Pair::from_seed(&seed), hex::encode(seed))
	}
}

/// A key pair from a secret phrase, URI or 0x-seed.
pub fn pair_from_uri(uri: &str) -> Result<sr25519::Pair, Error> {
	sr25519::Pair::from_string(uri, None).map_err(|e| Error::BadSecret(format!("{e:?}")))
}

/// The SS58 address of a key pair (generic substrate prefix, as the chain uses).
pub fn address(pair: &sr25519::Pair) -> String {
	pair.public().to_ss58check()
}

/// Where the keys file is unless `--keys` says otherwise.
pub fn default_path() -> PathBuf {
	let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| ".".into());
	home.join(".config/cpchain/keys.json")
}

fn random_seed() -> [u8; 32] {
	let mut seed = [0u8; 32];
	OsRng.fill_bytes(&mut seed);
	seed
}

fn temporary_path(path: &Path) -> PathBuf {
	let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
	name.push(".tmp");
	path.with_file_name(name)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn temp_dir(name: &str) -> PathBuf {
		let dir = std::env::temp_dir().join(format!("cpchain-keys-{name}-{}", std::process::id()));
		let _ = fs::remove_dir_all(&dir);
		fs::create_dir_all(&dir).unwrap();
		dir
	}

	#[test]
	fn keys_round_trip_through_a_private_file() {
		let dir = temp_dir("round-trip");
		let path = dir.join("nested/keys.json");
		let mut keys = KeyFile::generate();
		let (pair, seed) = KeyFile::new_device_key();
		keys.devices.insert(3, seed);
		keys.save(&path).unwrap();
		assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);

		let loaded = KeyFile::load(&path).unwrap();
		assert_eq!(loaded.account().unwrap().public(), keys.account().unwrap().public());
		assert_eq!(loaded.umbral_public().unwrap(), keys.umbral_public().unwrap());
		assert_eq!(loaded.device(3).unwrap().public(), pair.public());
		assert!(matches!(loaded.device(4), Err(Error::NoDeviceKey(4))));
		fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn a_file_others_can_read_is_refused() {
		let dir = temp_dir("permissions");
		let path = dir.join("keys.json");
		KeyFile::generate().save(&path).unwrap();
		fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
		assert!(matches!(KeyFile::load(&path), Err(Error::KeysReadableByOthers(_))));
		fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn missing_and_malformed_files_say_so() {
		let dir = temp_dir("malformed");
		let path = dir.join("keys.json");
		assert!(matches!(KeyFile::load(&path), Err(Error::NoKeys(_))));
		fs::write(&path, "not json").unwrap();
		fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
		assert!(matches!(KeyFile::load(&path), Err(Error::BadKeys(..))));
		fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn distinct_files_have_distinct_keys() {
		let (a, b) = (KeyFile::generate(), KeyFile::generate());
		assert_ne!(a.umbral_public().unwrap(), b.umbral_public().unwrap());
		assert_ne!(
			a.kfrag_signer().unwrap().verifying_key(),
			b.kfrag_signer().unwrap().verifying_key()
		);
		assert_ne!(
			a.kfrag_signer().unwrap().verifying_key(),
			a.umbral_secret().unwrap().public_key(),
			"the signing key is not the encryption key"
		);
		assert_ne!(a.account().unwrap().public(), b.account().unwrap().public());
	}
}
