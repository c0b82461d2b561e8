//! Do the benchmarks still cover what the calls touch? The generated weights list, above each
//! weight function, every storage item its benchmark read or wrote (`/// Storage:
//! \`Pallet::Item\``). Each storage item a call reads when the fuzzer dispatches it must be on
//! that list, or the benchmark no longer measures the call: a read added after the weights
//! were generated, as `register_data`'s committee observer once was.
//!
//! Reads are found in the storage proof of the call's dispatch: a key whose value the proof
//! holds was read from the state before the call. A read of a key that does not exist leaves no
//! value in the proof, and values under 32 bytes are skipped (they may be inline in a node read
//! for a sibling), so this finds fewer reads than there are, and never one that did not happen.

use std::{
	collections::{BTreeMap, BTreeSet},
	sync::OnceLock,
};

use cpchain_runtime::{
	pallet_access_grants, pallet_conviction_voting, pallet_referenda, AccountId,
	AllPalletsWithSystem, Runtime, RuntimeCall,
};
use frame_support::traits::{GetCallMetadata, StorageInfoTrait, WhitelistedStorageKeys};
use sp_core::H256;
use sp_runtime::traits::BlakeTwo256;

/// Trie nodes shorter than a hash are stored inline in their parent.
const INLINE_BELOW: usize = 32;

/// The generated weights of the pallets whose calls the fuzzer makes, by runtime pallet name.
const WEIGHTS: &[(&str, &str)] = &[
	("DataRegistry", include_str!("../../pallets/data-registry/src/weights.rs")),
	("AccessGrants", include_str!("../../pallets/access-grants/src/weights.rs")),
	("Committee", include_str!("../../pallets/committee/src/weights.rs")),
	("CpcEconomics", include_str!("../../pallets/cpc-economics/src/weights.rs")),
	("Balances", include_str!("../../runtime/src/weights/pallet_balances.rs")),
	("Session", include_str!("../../runtime/src/weights/pallet_session.rs")),
	("Sudo", include_str!("../../runtime/src/weights/pallet_sudo.rs")),
	("Origins", include_str!("../../pallets/governance/src/weights.rs")),
	("Preimage", include_str!("../../runtime/src/weights/pallet_preimage.rs")),
	("ConvictionVoting", include_str!("../../runtime/src/weights/pallet_conviction_voting.rs")),
	("Referenda", include_str!("../../runtime/src/weights/pallet_referenda.rs")),
];

/// Reads upstream's benchmarks miss, known and left as upstream weighs them (the weights are
/// generated from upstream's benchmarks; docs/performance.md lists them): the call, by pallet
/// and function, and the storage item. `referenda.submit` of a proposal by hash requests its
/// preimage (one read and one write), which the benchmark, submitting an inline proposal,
/// never does.
const UPSTREAM_GAPS: &[(&str, &str, &str)] =
	&[("Referenda", "submit", "Preimage::RequestStatusFor")];

/// The storage items the weights of `function` in `weights` list (its first definition: the
/// generated files define each function once for the runtime, once for `()`).
pub fn listed_storage(weights: &str, function: &str) -> Option<BTreeSet<String>> {
	let lines: Vec<&str> = weights.lines().collect();
	let signature = format!("fn {function}(");
	// The definition, not the trait's declaration (which ends in `;`).
	let at = lines.iter().position(|line| {
		line.trim_start().starts_with(&signature) && !line.trim_end().ends_with(';')
	})?;
	let mut items = BTreeSet::new();
	for line in lines[..at].iter().rev().map(|line| line.trim_start()) {
		let Some(comment) = line.strip_prefix("///") else { break };
		if let Some(rest) = comment.trim_start().strip_prefix("Storage: `") {
			if let Some((item, _)) = rest.split_once('`') {
				items.insert(item.to_string());
			}
		}
	}
	Some(items)
}

/// The weight functions whose benchmarks together stand for `call`'s declared weight.
fn weight_functions(call: &RuntimeCall) -> Vec<(&'static str, String)> {
	let metadata = call.get_call_metadata();
	let mut functions = vec![(metadata.pallet_name, metadata.function_name.to_string())];
	match call {
		// A stream is weighed by its own benchmark.
		RuntimeCall::AccessGrants(pallet_access_grants::Call::create_listing {
			offer: pallet_access_grants::Offer::Stream { .. },
			..
		}) => functions = vec![("AccessGrants", "create_stream_listing".into())],
		// Declared as the larger of an accepted and a rejected fragment.
		RuntimeCall::AccessGrants(pallet_access_grants::Call::submit_cfrag { .. }) => {
			functions.push(("AccessGrants", "submit_rejected_cfrag".into()))
		}
		// Declared as the larger of a new vote and a changed one.
		RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote { .. }) => {
			functions = vec![
				("ConvictionVoting", "vote_new".into()),
				("ConvictionVoting", "vote_existing".into()),
			]
		}
		// Declared as the largest of the cases a deposit can find its referendum in.
		RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit { .. }) => {
			functions = ["preparing", "queued", "not_queued", "passing", "failing"]
				.map(|case| ("Referenda", format!("place_decision_deposit_{case}")))
				.into()
		}
		// `sudo` declares its own weight plus the inner call's.
		RuntimeCall::Sudo(pallet_sudo::Call::sudo { call }) => {
			functions.extend(weight_functions(call))
		}
		_ => {}
	}
	functions
}

/// Storage items by their 32-byte prefix: the runtime's metadata, read once.
fn items_by_prefix() -> &'static BTreeMap<Vec<u8>, String> {
	static ITEMS: OnceLock<BTreeMap<Vec<u8>, String>> = OnceLock::new();
	ITEMS.get_or_init(|| {
		AllPalletsWithSystem::storage_info()
			.into_iter()
			.map(|info| {
				let name = format!(
					"{}::{}",
					String::from_utf8_lossy(&info.pallet_name),
					String::from_utf8_lossy(&info.storage_name)
				);
				(info.prefix, name)
			})
			.collect()
	})
}

/// The keys every benchmark whitelists (block bookkeeping), read once.
fn whitelisted() -> &'static BTreeSet<Vec<u8>> {
	static KEYS: OnceLock<BTreeSet<Vec<u8>>> = OnceLock::new();
	KEYS.get_or_init(|| {
		AllPalletsWithSystem::whitelisted_storage_keys().into_iter().map(|k| k.key).collect()
	})
}

/// What the check needs from before the call: the state's keys and root.
pub struct State<'a> {
	/// Every key in the state the call ran on.
	pub keys: &'a [Vec<u8>],
	/// That state's root.
	pub root: H256,
}

/// The storage items `call`, sent by `sender`, read that the benchmarks behind its weight did
/// not list; `None` if its weights are not among those checked.
pub fn unlisted_reads(
	call: &RuntimeCall,
	sender: &AccountId,
	proof: sp_trie::StorageProof,
	state: State<'_>,
) -> Option<BTreeSet<String>> {
	let mut listed = BTreeSet::new();
	for (pallet, function) in weight_functions(call) {
		let weights = WEIGHTS.iter().find(|(name, _)| *name == pallet)?.1;
		listed.extend(listed_storage(weights, &function)?);
		let gaps = UPSTREAM_GAPS.iter().filter(|(p, f, _)| *p == pallet && *f == function);
		listed.extend(gaps.map(|(_, _, item)| item.to_string()));
	}
	// Benchmarks whitelist these keys (block bookkeeping, the caller's account): never listed.
	let caller = frame_system::Account::<Runtime>::hashed_key_for(sender);
	// Upstream's `unlock` benchmark unlocks the caller's own lock, so the account it touches is
	// the whitelisted caller's; unlocking another's reads that account instead. One account
	// read a call beyond its weight, left as upstream weighs it (docs/performance.md).
	let target = match call {
		RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::unlock {
			target: sp_runtime::MultiAddress::Id(target),
			..
		}) => Some(frame_system::Account::<Runtime>::hashed_key_for(target)),
		_ => None,
	};

	let items = items_by_prefix();
	let db = proof.into_memory_db::<BlakeTwo256>();
	let mut unlisted = BTreeSet::new();
	for key in state.keys {
		if key.len() < 32
			|| *key == caller
			|| target.as_ref() == Some(key)
			|| whitelisted().contains(key)
		{
			continue;
		}
		let Some(item) = items.get(&key[..32]) else { continue };
		if listed.contains(item) || unlisted.contains(item) {
			continue;
		}
		let read = sp_trie::read_trie_value::<sp_trie::LayoutV1<BlakeTwo256>, _>(
			&db,
			&state.root,
			key,
			None,
			None,
		);
		// A value under 32 bytes may sit inline in its parent branch node (the trie stores
		// nodes that small in their parent), which the proof holds when a sibling is read: its
		// presence then shows nothing.
		if matches!(read, Ok(Some(value)) if value.len() >= INLINE_BELOW) {
			unlisted.insert(item.clone());
		}
	}
	Some(unlisted)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_listed_storage_of_a_weight_function_is_read_from_its_comments() {
		let weights = "\
impl WeightInfo for SubstrateWeight {
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None)
	/// Storage: `DataRegistry::Devices` (r:1 w:0)
	fn register_device(n: u32) -> Weight {
		Weight::zero()
	}
	fn declared() -> Weight;
	fn other() -> Weight {
		Weight::zero()
	}
}";
		assert_eq!(
			listed_storage(weights, "register_device"),
			Some(["Balances::Holds", "DataRegistry::Devices"].map(String::from).into())
		);
		assert_eq!(listed_storage(weights, "other"), Some(BTreeSet::new()));
		assert_eq!(listed_storage(weights, "missing"), None);
		assert_eq!(listed_storage(weights, "declared"), None, "a declaration is not a definition");
	}

	#[test]
	fn every_call_the_fuzzer_makes_has_listed_weights() {
		for (pallet, weights) in WEIGHTS {
			assert!(weights.contains("/// Storage: `"), "{pallet}'s weights list no storage");
		}
		let call: RuntimeCall = pallet_access_grants::Call::revoke_grant { grant: 0 }.into();
		assert!(listed_storage(WEIGHTS[1].1, "revoke_grant").is_some());
		assert_eq!(weight_functions(&call), vec![("AccessGrants", "revoke_grant".to_string())]);
	}
}
