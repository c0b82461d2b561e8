//! The proxy worker a committee member runs: it watches the grants it serves and the records
//! they cover, opens its key fragment of each grant, re-encrypts every capsule it owes and
//! submits the capsule fragment.
//!
//! It never sends the same fragment twice while an earlier transaction could still land: each
//! submission is signed in a short mortal era and written to a journal first, and a part is sent
//! again only once that era has ended and the chain still shows it owed. The journal survives
//! restarts of the worker and of the node.

use std::{
	collections::{BTreeMap, HashMap},
	fs,
	path::{Path, PathBuf},
};

use cpchain_primitives::{
	record::RecordId,
	umbral::{EncodedCapsuleFrag, EncryptedKeyFrag},
};
use cpchain_runtime::{
	pallet_access_grants::{self, GrantId},
	RuntimeCall,
};
use serde::{Deserialize, Serialize};
use sp_core::{sr25519, Pair};
use umbral_pre::VerifiedKeyFrag;

use futures::future::BoxFuture;

use crate::{
	chain::{account_of, Chain},
	keys::KeyFile,
	worker::Task,
	Error,
};

/// Blocks a submission stays valid for: after that it is safe to send again.
pub const SUBMISSION_ERA: u64 = 16;
/// Parts asked of the chain per grant and pass.
const PARTS_PER_PASS: u32 = 64;

/// What one pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
	/// Fragments included on chain.
	pub delivered: u32,
	/// Parts skipped because an earlier submission may still land.
	pub pending: u32,
	/// Submissions the chain refused (another proxy settled the part first, the grant ended).
	pub refused: u32,
}

/// Submissions that may still be included: (grant, record) to the block their era ends.
#[derive(Default, Serialize, Deserialize)]
pub struct Journal {
	#[serde(with = "entries")]
	entries: BTreeMap<(GrantId, RecordId), u64>,
	#[serde(skip)]
	path: PathBuf,
}

/// The journal's entries as a JSON list (JSON maps need string keys).
mod entries {
	use super::*;
	use serde::{Deserializer, Serializer};

	#[derive(Serialize, Deserialize)]
	struct Entry {
		grant: GrantId,
		record: String,
		valid_until: u64,
	}

	pub fn serialize<S: Serializer>(
		entries: &BTreeMap<(GrantId, RecordId), u64>,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		let list: Vec<Entry> = entries
			.iter()
			.map(|((grant, record), until)| Entry {
				grant: *grant,
				record: record.to_string(),
				valid_until: *until,
			})
			.collect();
		list.serialize(serializer)
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<BTreeMap<(GrantId, RecordId), u64>, D::Error> {
		let list = Vec::<Entry>::deserialize(deserializer)?;
		list.into_iter()
			.map(|entry| {
				let record = entry.record.parse().map_err(serde::de::Error::custom)?;
				Ok(((entry.grant, record), entry.valid_until))
			})
			.collect()
	}
}

impl Journal {
	/// Reads the journal at `path`, or starts an empty one there.
	pub fn open(path: &Path) -> Result<Self, Error> {
		let mut journal: Journal = match fs::read_to_string(path) {
			Ok(text) => serde_json::from_str(&text).map_err(|e| {
				Error::Other(format!("the journal {} is damaged: {e}", path.display()))
			})?,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Journal::default(),
			Err(e) => return Err(Error::Io(path.to_owned(), e)),
		};
		journal.path = path.to_owned();
		Ok(journal)
	}

	/// Whether a submission for the part may still be included at block `now`.
	pub fn in_flight(&self, grant: GrantId, record: RecordId, now: u64) -> bool {
		self.entries.get(&(grant, record)).is_some_and(|until| now < *until)
	}

	/// Notes a submission valid until `until`, on disk before it is sent.
	pub fn note(&mut self, grant: GrantId, record: RecordId, until: u64) -> Result<(), Error> {
		self.entries.insert((grant, record), until);
		self.save()
	}

	/// Forgets submissions that can no longer be included.
	pub fn forget_before(&mut self, now: u64) -> Result<(), Error> {
		let before = self.entries.len();
		self.entries.retain(|_, until| *until > now);
		if self.entries.len() != before {
			self.save()?;
		}
		Ok(())
	}

	fn save(&self) -> Result<(), Error> {
		if let Some(dir) = self.path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
			fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_owned(), e))?;
		}
		let text = serde_json::to_string(self).map_err(|e| Error::Other(e.to_string()))?;
		let temporary = self.path.with_extension("tmp");
		fs::write(&temporary, text).map_err(|e| Error::Io(temporary.clone(), e))?;
		fs::rename(&temporary, &self.path).map_err(|e| Error::Io(self.path.clone(), e))
	}
}

/// A proxy: its account, its Umbral key, its journal and the key fragments it has opened.
pub struct Proxy {
	account: sr25519::Pair,
	keys: KeyFile,
	journal: Journal,
	kfrags: HashMap<GrantId, Option<VerifiedKeyFrag>>,
}

impl Proxy {
	/// A proxy signing with `account`, decrypting with the keys file's Umbral key.
	pub fn new(account: sr25519::Pair, keys: KeyFile, journal: Journal) -> Self {
		Self { account, keys, journal, kfrags: HashMap::new() }
	}

	/// One pass: every fragment owed now, for every grant served.
	pub async fn serve(&mut self, chain: &Chain) -> Result<Pass, Error> {
		let me = account_of(self.account.public());
		let mut pass = Pass::default();
		let (now, _) = chain.best_block().await?;
		self.journal.forget_before(now)?;
		for grant in chain.proxy_grant_ids(&me).await? {
			let Some(kfrag) = self.kfrag(chain, grant).await? else { continue };
			let owed: Vec<RecordId> = chain
				.runtime_call("AccessGrantsApi_due_parts", (&me, grant, PARTS_PER_PASS))
				.await?;
			for record in owed {
				if self.journal.in_flight(grant, record, now) {
					pass.pending += 1;
					continue;
				}
				// A record the decoder refuses is skipped, not allowed to stop the worker.
				let Ok(capsule) = chain.record(record).await?.capsule.to_umbral() else {
					eprintln!(
						"grant {grant}, record {record}: the capsule does not decode; skipped"
					);
					continue;
				};
				let cfrag = umbral_pre::reencrypt(&capsule, kfrag.clone()).unverify();
				let cfrag = EncodedCapsuleFrag::from_umbral(&cfrag)
					.map_err(|_| Error::Other("a capsule fragment out of bounds".into()))?;
				let mortality = chain.mortality(SUBMISSION_ERA).await?;
				self.journal.note(grant, record, mortality.death)?;
				let call = RuntimeCall::AccessGrants(pallet_access_grants::Call::submit_cfrag {
					grant,
					record,
					cfrag,
				});
				match chain.submit_in(&self.account, call, Some(&mortality)).await {
					Ok(_) => pass.delivered += 1,
					Err(Error::Failed(reason)) => {
						eprintln!("grant {grant}, record {record}: refused: {reason}");
						pass.refused += 1;
					}
					Err(error) => return Err(error),
				}
			}
		}
		Ok(pass)
	}

	/// This proxy's key fragment of `grant`, opened and verified once; `None` if the grant is
	/// gone or its fragment is not genuine (the owner's fault: reported once, then skipped).
	async fn kfrag(
		&mut self,
		chain: &Chain,
		grant: GrantId,
	) -> Result<Option<VerifiedKeyFrag>, Error> {
		if let Some(kfrag) = self.kfrags.get(&grant) {
			return Ok(kfrag.clone());
		}
		let Some(entry) = chain.grant(grant).await? else { return Ok(None) };
		let me = account_of(self.account.public());
		let sealed: Option<EncryptedKeyFrag> =
			chain.runtime_call("AccessGrantsApi_key_fragment", (grant, &me)).await?;
		let secret = self.keys.umbral_secret()?;
		let opened = sealed.map(|sealed| {
			sealed.open(
				&mut rand_core::OsRng,
				&secret,
				&entry.verifying,
				&entry.delegating,
				&entry.receiving,
			)
		});
		let kfrag = match opened {
			Some(Ok(kfrag)) => Some(kfrag),
			Some(Err(error)) => {
				eprintln!("grant {grant}: cannot use its key fragment ({error:?}); skipping it");
				None
			}
			None => None,
		};
		self.kfrags.insert(grant, kfrag.clone());
		Ok(kfrag)
	}
}

impl Task for Proxy {
	fn pass<'a>(&'a mut self, chain: &'a Chain) -> BoxFuture<'a, Result<(), Error>> {
		Box::pin(async move {
			let pass = self.serve(chain).await?;
			if pass != Pass::default() {
				eprintln!(
					"delivered {}, in flight {}, refused {}",
					pass.delivered, pass.pending, pass.refused
				);
			}
			Ok(())
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_journal_keeps_submissions_in_flight_across_restarts() {
		let dir = std::env::temp_dir().join(format!("cpchain-journal-{}", std::process::id()));
		let _ = fs::remove_dir_all(&dir);
		let path = dir.join("proxy.json");
		let record = RecordId { device: 1, interval: 7 };
		let mut journal = Journal::open(&path).unwrap();
		assert!(!journal.in_flight(3, record, 10));
		journal.note(3, record, 20).unwrap();

		let mut reopened = Journal::open(&path).unwrap();
		assert!(reopened.in_flight(3, record, 19));
		assert!(!reopened.in_flight(3, record, 20), "the era has ended");
		assert!(!reopened.in_flight(4, record, 19));
		reopened.forget_before(25).unwrap();
		assert!(Journal::open(&path).unwrap().entries.is_empty());

		fs::write(&path, "{").unwrap();
		assert!(Journal::open(&path).is_err());
		fs::remove_dir_all(dir).unwrap();
	}
}
