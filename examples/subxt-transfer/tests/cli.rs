//! The binary without a node: what a user sees before connecting. (It signs and submits
//! against the dev node in `scripts/test/quota.test.js`, with the binary this test makes
//! cargo build.)

use std::process::Command;

#[test]
fn without_its_arguments_it_prints_its_usage() {
	let out = Command::new(env!("CARGO_BIN_EXE_subxt-transfer")).output().unwrap();
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("usage: subxt-transfer"));
}

#[test]
fn it_refuses_an_account_it_has_no_key_for() {
	let out = Command::new(env!("CARGO_BIN_EXE_subxt-transfer"))
		.args(["ws://127.0.0.1:1", "mallory", "bob", "1"])
		.output()
		.unwrap();
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("not a development account: mallory"));
}
