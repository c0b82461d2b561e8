//! `cpchain-node live-spec`: a live network's chain spec from its founders' genesis file, and
//! the development keys it refuses to carry.

use std::{
	path::{Path, PathBuf},
	process::{Command, Output},
};

use serde_json::Value;
use sp_core::{crypto::Ss58Codec, sr25519, Pair};

fn node(args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_cpchain-node")).args(args).output().expect("cpchain-node runs")
}

fn stderr(out: &Output) -> String {
	String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A directory of this test's own, emptied first.
fn scratch(name: &str) -> PathBuf {
	let dir = std::env::temp_dir().join(format!("cpchain-live-spec-{}-{name}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).unwrap();
	dir
}

/// The local preset's genesis, as `build-spec --chain local` prints it (README's first step),
/// asked once: the node runs the runtime's wasm genesis builder to print it.
fn local_genesis() -> Value {
	static GENESIS: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
	GENESIS
		.get_or_init(|| {
			let out = node(&["build-spec", "--chain", "local", "--disable-default-bootnode"]);
			assert!(out.status.success(), "{}", stderr(&out));
			let spec: Value = serde_json::from_slice(&out.stdout).unwrap();
			spec["genesis"]["runtimeGenesis"]["patch"].clone()
		})
		.clone()
}

/// Replaces every string equal to `from` in `value` by `to`.
fn replace(value: &mut Value, from: &str, to: &str) {
	match value {
		Value::String(s) if s == from => *s = to.to_string(),
		Value::Array(items) => items.iter_mut().for_each(|v| replace(v, from, to)),
		Value::Object(map) => map.values_mut().for_each(|v| replace(v, from, to)),
		_ => {}
	}
}

/// The development accounts' addresses as the local preset writes them.
fn development_addresses() -> Vec<String> {
	["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"]
		.iter()
		.flat_map(|name| [format!("//{name}"), format!("//{name}//stash")])
		.map(|path| sr25519::Pair::from_string(&path, None).unwrap().public().to_ss58check())
		.collect()
}

/// A founders' genesis: the local preset with every development key replaced by a fresh one.
fn founders_genesis() -> Value {
	let mut genesis = local_genesis();
	for address in development_addresses() {
		let (fresh, _) = sr25519::Pair::generate();
		replace(&mut genesis, &address, &fresh.public().to_ss58check());
	}
	// `--para-id` writes it.
	genesis.as_object_mut().unwrap().remove("parachainInfo");
	genesis
}

fn write(dir: &Path, name: &str, value: &Value) -> String {
	let path = dir.join(name);
	std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
	path.to_string_lossy().into_owned()
}

fn live_spec(genesis: &str, extra: &[&str]) -> Output {
	let mut args = vec!["live-spec", "--genesis", genesis];
	args.extend_from_slice(extra);
	node(&args)
}

#[test]
fn a_live_spec_names_its_relay_chain_para_id_and_token_and_builds_as_wasm_does() {
	let dir = scratch("ok");
	let genesis = write(&dir, "genesis.json", &founders_genesis());
	let boot = "/dns/boot.cpchain.example/tcp/30333/p2p/12D3KooWGPEGRNozEGu6ueaJCrTwBYu9nuEyLa2wACq4z2rymLG4";
	let args = ["--para-id", "3344", "--relay-chain", "paseo", "--boot-node", boot];

	let out = live_spec(&genesis, &args);
	assert!(out.status.success(), "{}", stderr(&out));
	let spec: Value = serde_json::from_slice(&out.stdout).unwrap();
	assert_eq!(spec["chainType"], "Live");
	assert_eq!(spec["id"], "cpchain");
	assert_eq!(spec["name"], "CPChain");
	assert_eq!(spec["protocolId"], "cpchain");
	assert_eq!(spec["relay_chain"], "paseo");
	assert_eq!(spec["para_id"], 3344);
	assert_eq!(spec["bootNodes"][0], boot);
	assert_eq!(spec["properties"]["tokenSymbol"], "CPC");
	assert_eq!(spec["properties"]["tokenDecimals"], 18);
	let patch = &spec["genesis"]["runtimeGenesis"]["patch"];
	assert_eq!(patch["parachainInfo"]["parachainId"], 3344);
	assert_eq!(patch["sudo"]["key"], Value::Null, "a live chain has no sudo key");
	assert_eq!(patch["origins"]["pace"], 1, "referenda at the live pace");

	// The raw spec this node builds natively is the one every other node builds from the
	// plain spec with the runtime's wasm genesis builder.
	let raw = live_spec(&genesis, &[&args[..], &["--raw"]].concat());
	assert!(raw.status.success(), "{}", stderr(&raw));
	let raw: Value = serde_json::from_slice(&raw.stdout).unwrap();
	let plain = write(&dir, "plain.json", &spec);
	let by_wasm = node(&["build-spec", "--chain", &plain, "--raw", "--disable-default-bootnode"]);
	assert!(by_wasm.status.success(), "{}", stderr(&by_wasm));
	let by_wasm: Value = serde_json::from_slice(&by_wasm.stdout).unwrap();
	assert_eq!(raw["genesis"], by_wasm["genesis"]);
	assert_eq!(raw["para_id"], 3344);
	let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_development_key_left_anywhere_is_refused() {
	let dir = scratch("dev-keys");
	let alice = &development_addresses()[0];
	let mut genesis = founders_genesis();
	// The council left as the local preset seats it: Alice's secret is public.
	genesis["council"]["members"][1] = Value::String(alice.clone());
	let out = live_spec(&write(&dir, "council.json", &genesis), &["--para-id", "3344"]);
	assert!(!out.status.success());
	assert!(stderr(&out).contains("council.members[1]"), "{}", stderr(&out));

	// A genesis that replaces nothing keeps all of the local preset's development keys.
	let out = live_spec(&write(&dir, "empty.json", &serde_json::json!({})), &["--para-id", "3344"]);
	assert!(!out.status.success());
	let err = stderr(&out);
	for path in [
		"committee.invulnerables[0]",
		"session.keys[0][2].aura",
		"cpcEconomics.allocations[0].account",
	] {
		assert!(err.contains(path), "{path} not named: {err}");
	}

	// Written in another network's address format, it is the same key.
	let mut genesis = founders_genesis();
	let bob = sr25519::Pair::from_string("//Bob", None).unwrap().public();
	genesis["executiveCommittee"]["members"][0] =
		Value::String(bob.to_ss58check_with_version(sp_core::crypto::Ss58AddressFormat::custom(0)));
	let out = live_spec(&write(&dir, "polkadot-format.json", &genesis), &["--para-id", "3344"]);
	assert!(stderr(&out).contains("executiveCommittee.members[0]"), "{}", stderr(&out));
	let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_genesis_no_collator_can_author_or_of_another_para_id_is_refused() {
	let dir = scratch("refused");
	let mut genesis = founders_genesis();
	genesis["session"]["keys"] = Value::Array(vec![]);
	let out = live_spec(&write(&dir, "no-keys.json", &genesis), &["--para-id", "3344"]);
	assert!(!out.status.success());
	assert!(stderr(&out).contains("no collator holds an Aura key"), "{}", stderr(&out));

	// A genesis file may name the para id, if it is the one the relay chain registered.
	let mut named = founders_genesis();
	named["parachainInfo"] = serde_json::json!({ "parachainId": 3344 });
	let out = live_spec(&write(&dir, "same-id.json", &named), &["--para-id", "3344"]);
	assert!(out.status.success(), "{}", stderr(&out));
	named["parachainInfo"]["parachainId"] = 2001.into();
	let out = live_spec(&write(&dir, "other-id.json", &named), &["--para-id", "3344"]);
	assert!(!out.status.success());
	assert!(stderr(&out).contains("is not --para-id 3344"), "{}", stderr(&out));

	let genesis = write(&dir, "genesis.json", &founders_genesis());

	let out = live_spec(&genesis, &["--para-id", "1000"]);
	assert!(!out.status.success());
	assert!(stderr(&out).contains("system parachains"), "{}", stderr(&out));

	let out = live_spec(&write(&dir, "array.json", &serde_json::json!([])), &["--para-id", "3344"]);
	assert!(stderr(&out).contains("a JSON object"), "{}", stderr(&out));

	let out = live_spec(&genesis, &["--para-id", "3344", "--id", "../cpchain"]);
	assert!(stderr(&out).contains("lowercase letters"), "{}", stderr(&out));
	let _ = std::fs::remove_dir_all(dir);
}

/// What only a development chain wants, each with fresh keys otherwise: accounts derived from
/// the public development phrase, CPC minted beside the supply table, a sudo key, the dev pace.
#[test]
fn development_governance_and_minting_beyond_the_supply_are_refused() {
	let dir = scratch("governance");
	let refused = |name: &str, edit: &dyn Fn(&mut Value), message: &str| {
		let mut genesis = founders_genesis();
		edit(&mut genesis);
		let out = live_spec(&write(&dir, name, &genesis), &["--para-id", "3344"]);
		assert!(!out.status.success(), "{name} accepted");
		assert!(stderr(&out).contains(message), "{name}: {}", stderr(&out));
		assert!(!stderr(&out).contains("panicked"), "{name}: {}", stderr(&out));
	};
	refused(
		"dev-accounts.json",
		&|g| g["balances"] = serde_json::json!({ "devAccounts": [3, 1_000_000_000_000u64, null] }),
		"balances.devAccounts",
	);
	let (fresh, _) = sr25519::Pair::generate();
	let fresh = fresh.public().to_ss58check();
	let minted = fresh.clone();
	refused(
		"minted.json",
		&move |g| {
			g["balances"] =
				serde_json::json!({ "balances": [[minted, 10_000_000_000_000_000_000u64]] })
		},
		"not the supply",
	);
	let sudo = fresh.clone();
	refused("sudo.json", &move |g| g["sudo"] = serde_json::json!({ "key": sudo }), "sudo.key");
	refused("pace.json", &|g| g["origins"]["pace"] = 60.into(), "origins.pace must be 1");
	// The runtime's own refusal (allocations that do not add up to the supply) is reported
	// once, without a panic's backtrace.
	refused(
		"short.json",
		&|g| {
			g["cpcEconomics"]["allocations"].as_array_mut().unwrap().pop();
		},
		"the runtime refused this genesis",
	);
	let _ = std::fs::remove_dir_all(dir);
}
