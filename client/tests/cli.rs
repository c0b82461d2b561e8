//! The `cpchain` binary itself, without a node: what a user sees before connecting.
//! (Its work against a node and IPFS is tested end to end in `scripts/test/`, with the same
//! binary this test makes cargo build.)

use std::{os::unix::fs::PermissionsExt, process::Command};

fn cpchain() -> Command {
	Command::new(env!("CARGO_BIN_EXE_cpchain"))
}

#[test]
fn names_its_version() {
	let out = cpchain().arg("--version").output().unwrap();
	assert!(out.status.success());
	assert_eq!(
		String::from_utf8_lossy(&out.stdout).trim(),
		format!("cpchain {}", env!("CARGO_PKG_VERSION"))
	);
}

#[test]
fn an_unknown_command_fails_with_usage() {
	let out = cpchain().arg("mint-cpc").output().unwrap();
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
}

#[test]
fn generated_keys_are_readable_by_their_owner_only() {
	let dir = std::env::temp_dir().join(format!("cpchain-cli-test-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let keys = dir.join("keys.json");
	let out = cpchain()
		.args(["--keys", keys.to_str().unwrap(), "--quiet", "keys", "generate"])
		.output()
		.unwrap();
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let mode = std::fs::metadata(&keys).unwrap().permissions().mode() & 0o777;
	std::fs::remove_dir_all(&dir).unwrap();
	assert_eq!(mode, 0o600);
}
