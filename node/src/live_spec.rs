//! `cpchain-node live-spec`: the chain spec of a live CPChain network, on a relay chain that
//! registered it under a para id, from a genesis file its founders wrote.
//!
//! The built-in specs (`dev`, `local`) hold the well-known development keys, whose secrets are
//! public: on a live network anyone could author its blocks, sit on its council and spend its
//! endowments. So a live spec is built here, not shipped: the founders' genesis file is merged
//! over the `local_testnet` preset (the runtime's parameters, no sudo key, referenda at the live
//! pace), the para id is written into it, and the result is refused if any development key is
//! left anywhere in the genesis storage, or if no collator holds an Aura key.

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
		if self.relay_chain.trim().is_empty() || self.id.trim().is_empty() {
			return Err("--relay-chain and --id must not be empty".into());
		}
		let text = std::fs::read_to_string(&self.genesis)
			.map_err(|e| format!("{}: {e}", self.genesis.display()))?;
		let founders: Value = serde_json::from_str(&text)
			.map_err(|e| format!("{}: not JSON: {e}", self.genesis.display()))?;
		let patch = live_genesis(founders, self.para_id)?;
		let mut storage = built_storage(&patch)?;
		refuse_development_keys(&patch, &storage)?;
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
	std::panic::catch_unwind(move || patch_storage(patch))
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
/// development phrase (the accounts of `sp-keyring`).
const DEVELOPMENT_NAMES: [&str; 8] =
	["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie", "One", "Two"];

/// The public keys of every development account, in both schemes, whose secret keys anyone has.
fn development_keys() -> HashSet<[u8; 32]> {
	use sp_core::{ed25519, sr25519, Pair};
	let mut keys = HashSet::new();
	for name in DEVELOPMENT_NAMES {
		for path in [format!("//{name}"), format!("//{name}//stash")] {
			if let Ok(pair) = sr25519::Pair::from_string(&path, None) {
				keys.insert(pair.public().0);
			}
			if let Ok(pair) = ed25519::Pair::from_string(&path, None) {
				keys.insert(pair.public().0);
			}
		}
	}
	keys
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
	let mut in_storage: Vec<String> = storage
		.top
		.iter()
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
				named_keys(inner, format!("{path}.{name}"), keys, found);
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
		return Err("no collator holds an Aura key at genesis: give committee.invulnerables \
		            session.keys ([account, account, {\"aura\": key}])"
			.into());
	}
	Ok(())
}
