//! Genesis presets: `development` (Alice invulnerable and Charlie, Dave and Eve bonded
//! candidates, so also the data market's proxies; one-minute sessions, elections every two) and
//! `local_testnet` (Alice and Bob invulnerable, for a relay chain with those two collators; the
//! runtime's parameters).
//!
//! Both endow the well-known development accounts and make Alice the sudo key. They are for
//! local chains only: every key here is public.

use alloc::{vec, vec::Vec};

use cumulus_primitives_core::ParaId;
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;

use crate::{
	configs::committee::DefaultParameters, AccountId, AuraId, Balance, BalancesConfig,
	CommitteeConfig, ParachainInfoConfig, PolkadotXcmConfig, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, CPC,
};
use pallet_committee::Parameters;

/// The parachain id CPChain uses on local relay chains.
pub const PARACHAIN_ID: u32 = 2000;

/// CPC given to each development account.
pub const DEV_ENDOWMENT: u128 = 1_000_000 * CPC;

/// The XCM version offered to peers whose version is not known yet.
const SAFE_XCM_VERSION: u32 = xcm::prelude::XCM_VERSION;

fn session_keys(aura: AuraId) -> SessionKeys {
	SessionKeys { aura }
}

fn genesis(
	invulnerables: Vec<(AccountId, AuraId)>,
	candidates: Vec<(AccountId, AuraId)>,
	parameters: Option<Parameters<Balance>>,
	endowed: Vec<AccountId>,
	root: AccountId,
	id: ParaId,
) -> Value {
	let bond = parameters.unwrap_or_else(DefaultParameters::get).min_bond;
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|k| (k, DEV_ENDOWMENT)).collect::<Vec<_>>(),
		},
		parachain_info: ParachainInfoConfig { parachain_id: id },
		committee: CommitteeConfig {
			invulnerables: invulnerables.iter().cloned().map(|(acc, _)| acc).collect::<Vec<_>>(),
			candidates: candidates.iter().map(|(acc, _)| (acc.clone(), bond)).collect::<Vec<_>>(),
			parameters,
		},
		session: SessionConfig {
			keys: invulnerables
				.into_iter()
				.chain(candidates)
				.map(|(acc, aura)| (acc.clone(), acc, session_keys(aura)))
				.collect::<Vec<_>>(),
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(SAFE_XCM_VERSION) },
		sudo: SudoConfig { key: Some(root) },
	})
}

/// The development chain's committee: one-minute sessions (at one block per six seconds),
/// an election every two sessions, three seats (Alice's and two drawn).
pub fn dev_parameters() -> Parameters<Balance> {
	Parameters { session_length: 10, term: 2, window: 4, seats: 3, ..DefaultParameters::get() }
}

fn collator(keyring: Sr25519Keyring) -> (AccountId, AuraId) {
	(keyring.to_account_id(), keyring.public().into())
}

/// The development candidates: Charlie, Dave and Eve stand for election and re-encrypt for
/// grants.
pub fn dev_proxies() -> Vec<Sr25519Keyring> {
	vec![Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::Eve]
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

fn development_config_genesis() -> Value {
	genesis(
		vec![collator(Sr25519Keyring::Alice)],
		dev_proxies().into_iter().map(collator).collect(),
		Some(dev_parameters()),
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		PARACHAIN_ID.into(),
	)
}

fn local_testnet_genesis() -> Value {
	genesis(
		vec![collator(Sr25519Keyring::Alice), collator(Sr25519Keyring::Bob)],
		// Candidates join through extrinsics once their collators run: a genesis member
		// without a running collator would leave its slots empty.
		vec![],
		None,
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		PARACHAIN_ID.into(),
	)
}

/// The JSON patch of the named preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	// Serialising a `Value` cannot fail; `ok()` keeps the runtime free of panics regardless.
	serde_json::to_vec(&patch).ok()
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}

/// The genesis storage of the named preset: its patch over the default configuration, built as
/// a node builds it. For what runs the runtime natively: its tests and the fuzzer.
#[cfg(feature = "std")]
pub fn preset_storage(id: &PresetId) -> Result<sp_runtime::Storage, alloc::string::String> {
	use alloc::string::ToString;
	use sp_runtime::BuildStorage;

	let patch = get_preset(id).ok_or_else(|| alloc::format!("no preset named {id:?}"))?;
	let mut config =
		serde_json::to_value(RuntimeGenesisConfig::default()).map_err(|e| e.to_string())?;
	json_merge(&mut config, serde_json::from_slice(&patch).map_err(|e| e.to_string())?);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).map_err(|e| e.to_string())?;
	config.build_storage()
}

/// Applies a JSON patch: objects merge key by key, anything else replaces.
#[cfg(feature = "std")]
fn json_merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				json_merge(base.entry(key).or_insert(Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}
