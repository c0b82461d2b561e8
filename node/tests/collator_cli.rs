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

/// A port nothing listens on now.
fn free_port() -> u16 {
	std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A JSON-RPC call over HTTP, or `None` while nothing answers.
fn rpc(port: u16, method: &str) -> Option<serde_json::Value> {
	use std::io::{Read, Write};
	let body = format!(r#"{{"id":1,"jsonrpc":"2.0","method":"{method}","params":[]}}"#);
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
	stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).ok()?;
	write!(
		stream,
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	)
	.ok()?;
	let mut response = String::new();
	stream.read_to_string(&mut response).ok()?;
	let (_, json) = response.split_once("\r\n\r\n")?;
	serde_json::from_str(json).ok()
}

/// Kills the node when the test ends, passed or not.
struct Running(std::process::Child);

impl Drop for Running {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// The parachain node (not the dev node) on the local spec, following a relay chain in
/// process, serves the gateway's RPC methods and no `engine_*`. The relay chain is Paseo's spec
/// as polkadot-service ships it, without its boot nodes and telemetry, so nothing dials out; no
/// relay block arrives, so the parachain stays at genesis.
#[test]
fn the_parachain_node_serves_the_gateway_rpc() {
	let dir = std::env::temp_dir().join(format!("cpchain-collator-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).unwrap();
	let relay = polkadot_cli::service::chain_spec::paseo_config().unwrap();
	let mut relay: serde_json::Value =
		serde_json::from_str(&sc_service::ChainSpec::as_json(&relay, true).unwrap()).unwrap();
	relay["bootNodes"] = serde_json::json!([]);
	relay["telemetryEndpoints"] = serde_json::Value::Null;
	let relay_spec = dir.join("paseo-offline.json");
	std::fs::write(&relay_spec, relay.to_string()).unwrap();

	let port = free_port();
	let listen = "/ip4/127.0.0.1/tcp/0";
	let log = std::fs::File::create(dir.join("node.log")).unwrap();
	let base = dir.join("base");
	let node = Command::new(env!("CARGO_BIN_EXE_cpchain-node"))
		.args(["--chain", "local", "--base-path", base.to_str().unwrap(), "--listen-addr", listen])
		.args(["--rpc-port", &port.to_string(), "--no-mdns", "--no-prometheus", "--no-telemetry"])
		.args(["--gateway-key", "//Alice", "--offchain-worker", "always"])
		.args(["--no-dht-bootnode", "--no-dht-bootnode-discovery", "--"])
		.args(["--chain", relay_spec.to_str().unwrap(), "--listen-addr", listen])
		.args(["--rpc-port", &free_port().to_string(), "--no-mdns", "--no-prometheus"])
		.args(["--no-telemetry"])
		.stdout(std::process::Stdio::null())
		.stderr(log)
		.spawn()
		.unwrap();
	let _node = Running(node);

	// Compiling both runtimes takes a while in a debug build.
	let methods = (0..240)
		.find_map(|_| {
			rpc(port, "rpc_methods").or_else(|| {
				std::thread::sleep(std::time::Duration::from_millis(500));
				None
			})
		})
		.unwrap_or_else(|| {
			panic!("no RPC: {}", std::fs::read_to_string(dir.join("node.log")).unwrap())
		});
	let methods = methods["result"]["methods"].as_array().unwrap().clone();
	let has = |name: &str| methods.iter().any(|m| m == name);
	assert!(has("gateway_submitReadings") && has("gateway_batches"), "{methods:?}");
	assert!(!has("engine_createBlock"), "a parachain node seals nothing itself");
	let batches = rpc(port, "gateway_batches").unwrap();
	assert_eq!(batches["result"], serde_json::json!([]), "{batches}");
	let header = rpc(port, "chain_getHeader").unwrap();
	assert_eq!(header["result"]["number"], "0x0");
	let log = std::fs::read_to_string(dir.join("node.log")).unwrap();
	assert!(log.contains("CPChain parachain node: parachain 2000, full node"), "{log}");
	drop(_node);
	let _ = std::fs::remove_dir_all(dir);
}
