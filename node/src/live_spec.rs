//! `cpchain-node live-spec`: the chain spec of a live CPChain network, on a relay chain that
//! registered it under a para id, from a genesis file its founders wrote.
//!
//! The built-in specs (`dev`, `local`) hold the well-known development keys, whose secrets are
//! public: on a live network anyone could author its blocks, sit on its council and spend its
//! endowments. So a live spec is built here, not shipped: the founders' genesis file is merged
//! over the `local_testnet` preset (the runtime's parameters, no sudo key, referenda at the live
//! pace), the para id is written into it, and the result is refused if any development key is
//! left anywhere in the genesis storage (or the file asks the runtime to derive accounts from
//! the development phrase), if it mints CPC beyond the fixed supply, if it keeps a sudo key or
//! a pace other than the live one, or if no collator holds an Aura key.

use std::{collections::HashSet, path::PathBuf};

use codec::Decode;
use cpchain_runtime::genesis_config_presets::{get_preset, patch_storage};
use sc_chain_spec::ChainType;
use sc_network::config::MultiaddrWithPeerId;
use serde_json::Value;
use sp_core::crypto::{AccountId32, Ss58Codec};

use crate::chain_spec::{self, ChainSpec, Extensions};

/// The first para id a relay chain gives a parachain that is not one of its own system
/// parachains.
pub const FIRST_PUBLIC_PARA_ID: u32 = 2000;

/// Write the chain spec of a live network: `cpchain-node live-spec --para-id 3344
/// --relay-chain polkadot --genesis genesis.json --raw > cpchain.json`.
#[derive(Debug, clap::Args)]
pub struct LiveSpecCmd {
	/// The genesis: a JSON object in the runtime's genesis configuration format (as `build-spec
	/// --chain local` prints under `genesis.runtimeGenesis.patch`), merged over the
	/// `local_testnet` preset. It must replace every development key the preset holds: the
	/// committee's invulnerables and their session keys, the council, the executive committee
	/// and the allocations.
	#[arg(long, value_name = "FILE")]
	pub genesis: PathBuf,

	/// The para id the relay chain registered this parachain under.
	#[arg(long)]
	pub para_id: u32,

	/// The relay chain (its chain spec id): `polkadot`, `kusama`, `paseo`, `westend`, ...
	#[arg(long, default_value = "polkadot")]
	pub relay_chain: String,

	/// The network's name.
	#[arg(long, default_value = "CPChain")]
	pub name: String,

	/// The network's id, which also names its database directory.
	#[arg(long, default_value = "cpchain")]
	pub id: String,

	/// A node new nodes dial first (repeat for more): `/dns/boot.example/tcp/30333/p2p/12D3...`.
	#[arg(long = "boot-node", value_name = "MULTIADDR")]
	pub boot_nodes: Vec<MultiaddrWithPeerId>,

	/// Print the genesis as storage (what a node and a relay chain's registration need)
	/// instead of the genesis configuration.
	#[arg(long)]
	pub raw: bool,
}

impl LiveSpecCmd {
	/// Builds the spec and prints it.
	pub fn run(&self) -> sc_cli::Result<()> {
		println!("{}", self.build()?);
		Ok(())
	}

	/// The spec as JSON.
	pub fn build(&self) -> Result<String, String> {
		if self.para_id < FIRST_PUBLIC_PARA_ID {
			return Err(format!(
				"para id {} is a relay chain's own (system parachains are below {FIRST_PUBLIC_PARA_ID})",
				self.para_id
			));
		}
		if self.relay_chain.trim().is_empty() {
			return Err("--relay-chain must not be empty".into());
		}
		// The id names the database directory and the network protocol.
		if self.id.is_empty()
			|| !self.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
		{
			return Err(format!("--id {:?}: lowercase letters, digits and `_` only", self.id));
		}
		let text = std::fs::read_to_string(&self.genesis)
			.map_err(|e| format!("{}: {e}", self.genesis.display()))?;
		let founders: Value = serde_json::from_str(&text)
			.map_err(|e| format!("{}: not JSON: {e}", self.genesis.display()))?;
		let patch = live_genesis(founders, self.para_id)?;
		refuse_development_governance(&patch)?;
		let mut storage = built_storage(&patch)?;
		refuse_development_keys(&patch, &storage)?;
		refuse_minting_beyond_the_supply(&storage)?;
		refuse_no_collator(&storage)?;

		let wasm = cpchain_runtime::WASM_BINARY
			.ok_or("the runtime's wasm is missing: build without SKIP_WASM_BUILD")?;
		let mut spec = ChainSpec::builder(
			wasm,
			Extensions { relay_chain: self.relay_chain.clone(), para_id: self.para_id },
		)
		.with_name(&self.name)
		.with_id(&self.id)
		.with_chain_type(ChainType::Live)
		.with_protocol_id(&self.id)
		.with_boot_nodes(self.boot_nodes.clone())
		.with_properties(chain_spec::properties())
		.with_genesis_config_patch(patch)
		.build();
		if self.raw {
			// The storage just checked, built by the runtime's own genesis code linked into this
			// node, as the built-in specs' is (a test holds it to the wasm genesis builder's).
			storage.top.insert(sp_core::storage::well_known_keys::CODE.to_vec(), wasm.to_vec());
			sc_service::ChainSpec::set_storage(&mut spec, storage);
		}
		sc_service::ChainSpec::as_json(&spec, self.raw)
	}
}

/// The founders' genesis over the `local_testnet` preset, with `para_id` written in.
fn live_genesis(founders: Value, para_id: u32) -> Result<Value, String> {
	if !founders.is_object() {
		return Err("the genesis file must hold a JSON object".into());
	}
	if let Some(id) = founders.pointer("/parachainInfo/parachainId") {
		if id.as_u64() != Some(u64::from(para_id)) {
			return Err(format!(
				"the genesis file's parachainInfo.parachainId ({id}) is not --para-id {para_id}"
			));
		}
	}
	let preset = get_preset(&sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET.into())
		.ok_or("the runtime has no local_testnet preset")?;
	let mut patch: Value = serde_json::from_slice(&preset).map_err(|e| e.to_string())?;
	sc_chain_spec::json_patch::merge(&mut patch, founders);
	sc_chain_spec::json_patch::merge(
		&mut patch,
		serde_json::json!({ "parachainInfo": { "parachainId": para_id } }),
	);
	Ok(patch)
}

/// The genesis storage of `patch`, or why the runtime's genesis code refused it (it panics on
/// an inconsistent genesis, as FRAME's genesis builds do).
fn built_storage(patch: &Value) -> Result<sp_runtime::Storage, String> {
	let patch = patch.clone();
	// The runtime's refusal is reported below, once, without the default hook's backtrace.
	let hook = std::panic::take_hook();
	std::panic::set_hook(Box::new(|_| {}));
	let built = std::panic::catch_unwind(move || patch_storage(patch));
	std::panic::set_hook(hook);
	built
		.map_err(|panic| {
			let message = panic
				.downcast_ref::<String>()
				.cloned()
				.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
				.unwrap_or_default();
			format!("the runtime refused this genesis: {message}")
		})?
		.map_err(|e| format!("the runtime refused this genesis: {e}"))
}

/// The development accounts' names: `//Alice`, `//Alice//stash`, ... derived from the public
/// development phrase (the accounts of `sp-keyring`), and the phrase's own account.
const DEVELOPMENT_NAMES: [&str; 8] =
	["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie", "One", "Two"];

/// The public keys (and, for ecdsa, the accounts) of every development account in the three
/// schemes the runtime's signatures accept, whose secret keys anyone has.
fn development_keys() -> HashSet<[u8; 32]> {
	use sp_core::{ecdsa, ed25519, sr25519, Pair};
	let paths = std::iter::once(String::new()).chain(
		DEVELOPMENT_NAMES.iter().flat_map(|name| [format!("//{name}"), format!("//{name}//stash")]),
	);
	let mut keys = HashSet::new();
	for path in paths {
		if let Ok(pair) = sr25519::Pair::from_string(&path, None) {
			keys.insert(pair.public().0);
		}
		if let Ok(pair) = ed25519::Pair::from_string(&path, None) {
			keys.insert(pair.public().0);
		}
		// An ecdsa signer's account is the hash of its compressed public key.
		if let Ok(pair) = ecdsa::Pair::from_string(&path, None) {
			keys.insert(sp_io::hashing::blake2_256(&pair.public().0));
		}
	}
	keys
}

/// Refuses what only a development chain wants: accounts the runtime would derive from the
/// public development phrase (`balances.devAccounts`), a sudo key, and a pace of referenda
/// other than the live one.
fn refuse_development_governance(patch: &Value) -> Result<(), String> {
	if patch.pointer("/balances/devAccounts").is_some_and(|v| !v.is_null()) {
		return Err("balances.devAccounts derives accounts from the public development phrase: \
		            remove it"
			.into());
	}
	if patch.pointer("/sudo/key").is_some_and(|v| !v.is_null()) {
		return Err("sudo.key: a live chain is governed by referenda, not a sudo key".into());
	}
	if patch.pointer("/origins/pace").and_then(Value::as_u64) != Some(1) {
		return Err("origins.pace must be 1: the referendum tracks' periods as written".into());
	}
	Ok(())
}

/// Refuses a genesis that mints CPC beyond the fixed supply: the supply is the economics
/// pallet's allocation table, and anything `balances.balances` adds comes on top of it.
fn refuse_minting_beyond_the_supply(storage: &sp_runtime::Storage) -> Result<(), String> {
	let key = [sp_io::hashing::twox_128(b"Balances"), sp_io::hashing::twox_128(b"TotalIssuance")]
		.concat();
	let issued = storage
		.top
		.get(&key)
		.and_then(|value| u128::decode(&mut &value[..]).ok())
		.unwrap_or_default();
	if issued != cpchain_runtime::TOTAL_SUPPLY {
		return Err(format!(
			"the genesis issues {issued} units of CPC, not the supply of {}: CPC comes from \
			 cpcEconomics.allocations only (leave balances.balances empty)",
			cpchain_runtime::TOTAL_SUPPLY
		));
	}
	Ok(())
}

/// Refuses a genesis that still names a development key: first by where the genesis file
/// names it, then anywhere in the storage it builds (a key written in a form the first pass
/// does not read, or one the runtime derived).
fn refuse_development_keys(patch: &Value, storage: &sp_runtime::Storage) -> Result<(), String> {
	let keys = development_keys();
	let mut found = Vec::new();
	named_keys(patch, String::new(), &keys, &mut found);
	if !found.is_empty() {
		return Err(format!(
			"the genesis names development keys, whose secrets are public; replace them: {}",
			found.join(", ")
		));
	}
	let code = sp_core::storage::well_known_keys::CODE;
	let holds = |bytes: &[u8]| {
		bytes.windows(32).any(|w| <[u8; 32]>::try_from(w).is_ok_and(|w| keys.contains(&w)))
	};
	let children = storage.children_default.values().flat_map(|child| child.data.iter());
	let mut in_storage: Vec<String> = storage
		.top
		.iter()
		.chain(children)
		.filter(|(key, _)| key.as_slice() != code)
		.filter(|(key, value)| holds(key) || holds(value))
		.map(|(key, _)| format!("0x{}", hex(key)))
		.collect();
	in_storage.truncate(5);
	if !in_storage.is_empty() {
		return Err(format!(
			"the genesis storage holds development keys, whose secrets are public, under {}",
			in_storage.join(", ")
		));
	}
	Ok(())
}

/// Collects the JSON paths of strings in `value` that are development keys (SS58 of any
/// network, or 32 bytes in hex).
fn named_keys(value: &Value, path: String, keys: &HashSet<[u8; 32]>, found: &mut Vec<String>) {
	match value {
		Value::Object(map) => {
			for (name, inner) in map {
				let inner_path = format!("{path}.{name}");
				// A map's keys may be accounts too.
				named_keys(&Value::String(name.clone()), inner_path.clone(), keys, found);
				named_keys(inner, inner_path, keys, found);
			}
		}
		Value::Array(items) => {
			for (i, inner) in items.iter().enumerate() {
				named_keys(inner, format!("{path}[{i}]"), keys, found);
			}
		}
		Value::String(text) => {
			let bytes = AccountId32::from_ss58check_with_version(text)
				.map(|(account, _)| <[u8; 32]>::from(account))
				.ok()
				.or_else(|| from_hex32(text));
			if bytes.is_some_and(|bytes| keys.contains(&bytes)) {
				found.push(path.trim_start_matches('.').to_string());
			}
		}
		_ => {}
	}
}

fn from_hex32(text: &str) -> Option<[u8; 32]> {
	let digits = text.strip_prefix("0x")?;
	if digits.len() != 64 {
		return None;
	}
	let mut bytes = [0u8; 32];
	for (i, byte) in bytes.iter_mut().enumerate() {
		*byte = u8::from_str_radix(digits.get(2 * i..2 * i + 2)?, 16).ok()?;
	}
	Some(bytes)
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses a genesis whose first session has no Aura authority: no collator could author its
/// first block, and the relay chain would never see one.
fn refuse_no_collator(storage: &sp_runtime::Storage) -> Result<(), String> {
	let key =
		[sp_io::hashing::twox_128(b"Aura"), sp_io::hashing::twox_128(b"Authorities")].concat();
	let authorities = storage
		.top
		.get(&key)
		.and_then(|value| Vec::<[u8; 32]>::decode(&mut &value[..]).ok())
		.unwrap_or_default();
	if authorities.is_empty() {
		return Err("no collator holds an Aura key at genesis: give each of \
		            committee.invulnerables an entry in session.keys: \
		            [account, account, {\"aura\": key}]"
			.into());
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn alice() -> [u8; 32] {
		use sp_core::Pair;
		sp_core::sr25519::Pair::from_string("//Alice", None).unwrap().public().0
	}

	/// The second pass: a development key the genesis file does not name (one the runtime
	/// derived, or one written in a form the first pass does not read) is still found in the
	/// storage, top or child.
	#[test]
	fn a_development_key_in_the_storage_alone_is_refused() {
		let empty = serde_json::json!({});
		let mut storage = sp_runtime::Storage::default();
		storage.top.insert(b"some pallet".to_vec(), [&[7u8][..], &alice()[..]].concat());
		let err = refuse_development_keys(&empty, &storage).unwrap_err();
		assert!(err.contains(&format!("0x{}", hex(b"some pallet"))), "{err}");

		let mut storage = sp_runtime::Storage::default();
		let child = sp_core::storage::StorageChild {
			data: [(alice().to_vec(), vec![1])].into_iter().collect(),
			child_info: sp_core::storage::ChildInfo::new_default(b"child"),
		};
		storage.children_default.insert(b"child".to_vec(), child);
		assert!(refuse_development_keys(&empty, &storage).is_err());

		let mut storage = sp_runtime::Storage::default();
		storage.top.insert(b"some pallet".to_vec(), vec![7; 64]);
		assert_eq!(refuse_development_keys(&empty, &storage), Ok(()));
	}

	#[test]
	fn the_development_phrase_itself_and_ecdsa_accounts_are_development_keys() {
		use sp_core::Pair;
		let keys = development_keys();
		let root = sp_core::sr25519::Pair::from_string("", None).unwrap().public().0;
		assert!(keys.contains(&root));
		let ecdsa = sp_core::ecdsa::Pair::from_string("//Bob", None).unwrap().public();
		assert!(keys.contains(&sp_io::hashing::blake2_256(&ecdsa.0)));
		assert!(keys.contains(&alice()));
		let fresh = sp_core::sr25519::Pair::generate().0.public().0;
		assert!(!keys.contains(&fresh));
	}

	#[test]
	fn an_account_as_a_maps_key_is_found() {
		let alice = AccountId32::from(alice()).to_ss58check();
		let patch = serde_json::json!({ "somePallet": { "byAccount": { alice: 1 } } });
		let mut found = Vec::new();
		named_keys(&patch, String::new(), &development_keys(), &mut found);
		assert!(found.iter().any(|path| path.starts_with("somePallet.byAccount.")), "{found:?}");
	}
}
