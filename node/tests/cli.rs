//! Runs the built `cpchain-node` binary's subcommands and checks what they print.

use std::process::{Command, Output};

/// Runs `cpchain-node` with `args` to completion.
fn run(args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_cpchain-node")).args(args).output().expect("cpchain-node runs")
}

/// Runs `cpchain-node` with `args`, which must succeed, and parses its JSON output.
fn run_json(args: &[&str]) -> serde_json::Value {
	let out = run(args);
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

fn chain_spec(chain: &str) -> serde_json::Value {
	run_json(&["export-chain-spec", "--chain", chain])
}

#[test]
fn dev_chain_spec_names_the_cpc_token_and_the_parachain() {
	let spec = chain_spec("dev");
	assert_eq!(spec["id"], "cpchain_dev");
	assert_eq!(spec["chainType"], "Development");
	assert_eq!(spec["properties"]["tokenSymbol"], "CPC");
	assert_eq!(spec["properties"]["tokenDecimals"], 18);
	assert_eq!(spec["para_id"], 2000);
	assert_eq!(spec["relay_chain"], "rococo-local");
	assert_eq!(spec["genesis"]["runtimeGenesis"]["patch"]["parachainInfo"]["parachainId"], 2000);
}

#[test]
fn local_chain_spec_has_two_collators() {
	let spec = chain_spec("local");
	assert_eq!(spec["id"], "cpchain_local");
	let invulnerables = &spec["genesis"]["runtimeGenesis"]["patch"]["committee"]["invulnerables"];
	assert_eq!(invulnerables.as_array().map(Vec::len), Some(2));
}

#[test]
fn raw_chain_spec_holds_the_runtime_code() {
	let spec = run_json(&["build-spec", "--chain", "dev", "--raw", "--disable-default-bootnode"]);
	// `:code` is the runtime wasm, stored under its well-known key.
	let code = &spec["genesis"]["raw"]["top"]["0x3a636f6465"];
	assert!(code.as_str().is_some_and(|c| c.len() > 100_000), "no runtime code in raw spec");
}

#[test]
fn unknown_chain_spec_file_is_an_error() {
	assert!(!run(&["export-chain-spec", "--chain", "/nonexistent/cpchain.json"]).status.success());
}

#[test]
fn interval_sealing_needs_a_block_time() {
	let out = run(&["--dev", "--sealing", "interval", "--dev-block-time", "0"]);
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("--dev-block-time above 0"));
}

#[test]
fn key_subcommand_derives_the_dev_accounts() {
	let key = run_json(&["key", "inspect", "//Alice", "--output-type", "json"]);
	assert_eq!(key["ss58Address"], "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
}
