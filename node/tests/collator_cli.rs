//! The subcommands of the `collator` build that registering the parachain on a relay chain
//! needs, and its refusal to guess a local relay chain's spec. Built and run only with
//! `cargo test -p cpchain-node --features collator`.

#![cfg(feature = "collator")]

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_cpchain-node")).args(args).output().expect("cpchain-node runs")
}

fn succeeds(args: &[&str]) -> Output {
	let out = run(args);
	assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
	out
}

#[test]
fn the_genesis_head_is_a_header_at_block_zero() {
	let out = succeeds(&["export-genesis-head", "--chain", "local"]);
	let head = String::from_utf8(out.stdout).expect("hex");
	// A header starts with its parent's hash, all zeros at genesis, then its number, compact 0.
	let genesis_start = format!("0x{}00", "0".repeat(64));
	assert!(head.trim().starts_with(&genesis_start), "{head}");
	// The alias zombienet uses prints the same.
	let again = succeeds(&["export-genesis-state", "--chain", "local"]);
	assert_eq!(String::from_utf8(again.stdout).expect("hex"), head);
}

#[test]
fn the_genesis_wasm_is_the_runtime_code() {
	let out = succeeds(&["export-genesis-wasm", "--chain", "local", "--raw"]);
	assert!(out.stdout == cpchain_runtime::WASM_BINARY.expect("the runtime's wasm"));
}

#[test]
fn a_local_relay_chain_needs_its_spec_file() {
	let out = run(&["--chain", "local", "--tmp"]);
	assert!(!out.status.success());
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("rococo-local") && stderr.contains("spec file"), "{stderr}");
}
