//! Chain specifications: `dev` and `local`, both built from the runtime's genesis presets.

use cpchain_runtime::genesis_config_presets::PARACHAIN_ID;
use sc_chain_spec::{ChainSpecExtension, ChainSpecGroup, ChainType};
use serde::{Deserialize, Serialize};

/// The relay chain a local CPChain parachain runs on.
pub const LOCAL_RELAY_CHAIN: &str = "rococo-local";

/// Parachain fields of the chain spec, read by collators (and `polkadot-omni-node`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ChainSpecGroup, ChainSpecExtension)]
pub struct Extensions {
	/// The relay chain of the parachain.
	#[serde(alias = "relayChain", alias = "RelayChain")]
	pub relay_chain: String,
	/// The id of the parachain.
	#[serde(alias = "paraId", alias = "ParaId")]
	pub para_id: u32,
}

/// A CPChain chain specification.
pub type ChainSpec = sc_service::GenericChainSpec<Extensions>;

/// The token's symbol and decimals and the address format, for wallets.
pub fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), cpchain_runtime::CPC_SYMBOL.into());
	properties.insert("tokenDecimals".into(), cpchain_runtime::CPC_DECIMALS.into());
	properties.insert("ss58Format".into(), cpchain_runtime::SS58_PREFIX.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = cpchain_runtime::WASM_BINARY.ok_or_else(|| {
		"the runtime's wasm is missing: build without SKIP_WASM_BUILD".to_string()
	})?;
	Ok(ChainSpec::builder(
		wasm,
		Extensions { relay_chain: LOCAL_RELAY_CHAIN.into(), para_id: PARACHAIN_ID },
	)
	.with_name(name)
	.with_id(id)
	.with_chain_type(chain_type)
	.with_genesis_config_preset_name(preset)
	.with_properties(properties())
	.build())
}

/// The one-node development chain (`--dev`): Alice collates and holds sudo.
pub fn development() -> Result<ChainSpec, String> {
	from_preset(
		"CPChain Development",
		"cpchain_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// A local testnet for a relay chain with Alice and Bob as collators.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"CPChain Local Testnet",
		"cpchain_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// The runtime preset of a built-in chain spec's name (`dev`, `local`), or `None` for a file.
pub fn builtin_preset(id: &str) -> Option<&'static str> {
	match id {
		"" | "dev" => Some(sp_genesis_builder::DEV_RUNTIME_PRESET),
		"local" => Some(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		_ => None,
	}
}

/// The genesis storage of a built-in spec, built by the runtime's own code linked into this
/// node rather than by compiling its wasm (twice) to run the genesis builder: the same code
/// and the same storage, without the seconds it takes to compile, at every start. The test
/// below holds the two to the same bytes.
pub fn genesis_storage(preset: &str) -> Result<sp_runtime::Storage, String> {
	let wasm = cpchain_runtime::WASM_BINARY.ok_or_else(|| {
		"the runtime's wasm is missing: build without SKIP_WASM_BUILD".to_string()
	})?;
	let mut storage = cpchain_runtime::genesis_config_presets::preset_storage(&preset.to_string())?;
	storage.top.insert(sp_core::storage::well_known_keys::CODE.to_vec(), wasm.to_vec());
	Ok(storage)
}

/// Gives `spec` (a built-in spec of `preset`) its genesis storage built natively.
pub fn build_genesis_natively(
	spec: &mut dyn sc_service::ChainSpec,
	preset: &str,
) -> Result<(), String> {
	spec.set_storage(genesis_storage(preset)?);
	Ok(())
}

/// The chain spec named by `--chain`: `dev`, `local`, or a path to a JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match builtin_preset(id) {
		Some(sp_genesis_builder::DEV_RUNTIME_PRESET) => Box::new(development()?),
		Some(_) => Box::new(local_testnet()?),
		None => Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(id))?),
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The native genesis the node starts from is byte for byte what the runtime's wasm
	/// genesis builder makes of the same preset, as `build-spec --raw` and every other node
	/// (a stock `polkadot-omni-node` included) compute it; and every preset the wasm offers
	/// has a built-in spec. One caller, so the wasm is compiled once for all presets.
	#[test]
	fn native_genesis_is_the_wasm_genesis_builders() {
		let wasm = cpchain_runtime::WASM_BINARY.unwrap();
		let builder = sc_chain_spec::GenesisConfigBuilderRuntimeCaller::<
			crate::service::HostFunctions,
		>::new(wasm);
		let mut presets: Vec<String> = builder.preset_names().unwrap();
		presets.sort();
		let mut built_in: Vec<String> = ["dev", "local"]
			.iter()
			.filter_map(|name| builtin_preset(name))
			.map(Into::into)
			.collect();
		built_in.sort();
		assert_eq!(presets, built_in, "every preset has a built-in spec, and no other");
		for preset in presets {
			let mut by_wasm = builder.get_storage_for_named_preset(Some(&preset)).unwrap();
			// What `GenericChainSpec::build_storage` adds to the builder's storage.
			by_wasm.top.insert(sp_core::storage::well_known_keys::CODE.to_vec(), wasm.to_vec());
			let native = genesis_storage(&preset).unwrap();
			assert!(by_wasm.top.len() > 10, "{preset}: a real genesis");
			assert_eq!(native.top, by_wasm.top, "{preset}: top storage");
			assert_eq!(native.children_default, by_wasm.children_default, "{preset}: children");
		}
	}

	#[test]
	fn only_the_built_in_names_are_built_natively() {
		assert_eq!(builtin_preset("dev"), Some(sp_genesis_builder::DEV_RUNTIME_PRESET));
		assert_eq!(builtin_preset(""), Some(sp_genesis_builder::DEV_RUNTIME_PRESET));
		assert_eq!(builtin_preset("local"), Some(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET));
		assert_eq!(builtin_preset("./local"), None);
		assert_eq!(builtin_preset("spec.json"), None);
	}
}
