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

fn properties() -> sc_chain_spec::Properties {
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

/// The chain spec named by `--chain`: `dev`, `local`, or a path to a JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"" | "dev" => Box::new(development()?),
		"local" => Box::new(local_testnet()?),
		path => Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
	})
}
