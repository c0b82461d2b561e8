//! Genesis presets: `development` (Alice invulnerable and Charlie, Dave and Eve bonded
//! candidates, so also the data market's proxies; one-minute sessions, elections every two;
//! two-minute quota days) and
//! `local_testnet` (Alice and Bob invulnerable, for a relay chain with those two collators; the
//! runtime's parameters).
//!
//! Both endow the well-known development accounts and seat Alice, Bob and Charlie on the
//! council and Dave, Eve and Ferdie on the executive committee. Only `development` has a sudo
//! key (Alice) and runs the referendum tracks fast (a day in a minute); `local_testnet` is
//! governed by referenda alone, at the live pace. They are for local chains only: every key
//! here is public.

use alloc::{vec, vec::Vec};

use cumulus_primitives_core::ParaId;
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;

use crate::{
	configs::{
		committee::DefaultParameters,
		cpc_economics::{DefaultParameters as DefaultEconomics, TreasuryAccount},
	},
	AccountId, AuraId, Balance, BlockNumber, CommitteeConfig, CouncilConfig, CpcEconomicsConfig,
	CpcParametersConfig, EconomicsParameters, ExecutiveCommitteeConfig, OriginsConfig,
	ParachainInfoConfig, PolkadotXcmConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys,
	SudoConfig, CPC, YEARS,
};
use frame_support::PalletId;
use pallet_committee::Parameters;
use pallet_cpc_economics::{Allocation, Category, Release};

use sp_runtime::{traits::AccountIdConversion, Perbill};

/// The parachain id CPChain uses on local relay chains.
pub const PARACHAIN_ID: u32 = 2000;

/// CPC given to each development account, out of the community's share.
pub const DEV_ENDOWMENT: u128 = 1_000_000 * CPC;

/// The example split of the supply, after the whitepaper's distribution plan. Its four
/// shares add up to [`TOTAL_SUPPLY`] (a test holds them to it).
pub mod split {
	use crate::{Balance, CPC};
	/// The overseas community: 35 %.
	pub const COMMUNITY: Balance = 350_000_000 * CPC;
	/// Institutional investors: 25 %.
	pub const INVESTORS: Balance = 250_000_000 * CPC;
	/// The founding team, developers and consultants: 20 %, locked for the first year and
	/// then released in [`TEAM_BATCHES`] yearly batches.
	pub const TEAM: Balance = 200_000_000 * CPC;
	/// The foundation: 20 %, of which [`TREASURY`] endows the treasury.
	pub const FOUNDATION: Balance = 200_000_000 * CPC;
	/// The treasury's endowment, out of the foundation's share.
	pub const TREASURY: Balance = 1_000_000 * CPC;
	/// The team's yearly batches, the first one year after genesis.
	pub const TEAM_BATCHES: u32 = 4;
}

/// The account of an allocation category on local chains: keyless (moved by root), derived
/// from one id so that none collides with a user's.
pub fn allocation_account(category: Category) -> AccountId {
	PalletId(*b"cpc/allc").into_sub_account_truncating(category)
}

/// The genesis allocation table: the example split, the development accounts endowed out of
/// the community's share, and the treasury out of the foundation's. The allocation accounts
/// and the treasury are reserves: keyless, their CPC does not vote.
pub fn allocations(
	endowed: &[(AccountId, Balance)],
) -> Vec<Allocation<AccountId, Balance, BlockNumber>> {
	let line = |category, account, amount, release| Allocation {
		category,
		account,
		amount,
		release,
		reserve: false,
	};
	// The keyless accounts that only referenda move: what they hold does not vote.
	let reserve = |line: Allocation<_, _, _>| Allocation { reserve: true, ..line };
	let dev_total =
		endowed.iter().fold(0, |total: Balance, (_, amount)| total.saturating_add(*amount));
	let mut table: Vec<_> = endowed
		.iter()
		.map(|(who, amount)| line(Category::Community, who.clone(), *amount, Release::Liquid))
		.collect();
	table.extend([
		reserve(line(
			Category::Community,
			allocation_account(Category::Community),
			split::COMMUNITY.saturating_sub(dev_total),
			Release::Liquid,
		)),
		reserve(line(
			Category::Investors,
			allocation_account(Category::Investors),
			split::INVESTORS,
			Release::Liquid,
		)),
		reserve(line(
			Category::Team,
			allocation_account(Category::Team),
			split::TEAM,
			Release::Batches { first: YEARS, every: YEARS, count: split::TEAM_BATCHES },
		)),
		reserve(line(
			Category::Foundation,
			allocation_account(Category::Foundation),
			split::FOUNDATION.saturating_sub(split::TREASURY),
			Release::Liquid,
		)),
		reserve(line(
			Category::Foundation,
			TreasuryAccount::get(),
			split::TREASURY,
			Release::Liquid,
		)),
	]);
	table
}

/// The XCM version offered to peers whose version is not known yet.
const SAFE_XCM_VERSION: u32 = xcm::prelude::XCM_VERSION;

fn session_keys(aura: AuraId) -> SessionKeys {
	SessionKeys { aura }
}

/// Who governs a preset's chain, and how fast its referenda run.
pub struct Governance {
	/// The sudo key, if any.
	pub root: Option<AccountId>,
	/// The tracks' pace (`pallet_cpc_governance::Pace`).
	pub pace: u32,
	/// The least share of the issuance support is measured against
	/// (`pallet_cpc_governance::SupportFloor`).
	pub support_floor: Perbill,
	/// The council.
	pub council: Vec<AccountId>,
	/// The executive committee.
	pub executive: Vec<AccountId>,
}

/// The local presets' council and executive committee, and the given root key, pace and floor
/// of support.
fn local_governance(root: Option<AccountId>, pace: u32, support_floor: Perbill) -> Governance {
	let accounts = |keys: [Sr25519Keyring; 3]| keys.iter().map(|k| k.to_account_id()).collect();
	use Sr25519Keyring::*;
	Governance {
		root,
		pace,
		support_floor,
		council: accounts([Alice, Bob, Charlie]),
		executive: accounts([Dave, Eve, Ferdie]),
	}
}

fn genesis(
	invulnerables: Vec<(AccountId, AuraId)>,
	candidates: Vec<(AccountId, AuraId)>,
	parameters: Option<Parameters<Balance>>,
	economics: Option<EconomicsParameters>,
	endowed: Vec<(AccountId, Balance)>,
	governance: Governance,
	id: ParaId,
) -> Value {
	let bond = parameters.unwrap_or_else(DefaultParameters::get).min_bond;
	build_struct_json_patch!(RuntimeGenesisConfig {
		cpc_parameters: CpcParametersConfig { committee: parameters, economics },
		cpc_economics: CpcEconomicsConfig { allocations: allocations(&endowed) },
		parachain_info: ParachainInfoConfig { parachain_id: id },
		committee: CommitteeConfig {
			invulnerables: invulnerables.iter().cloned().map(|(acc, _)| acc).collect::<Vec<_>>(),
			candidates: candidates.iter().map(|(acc, _)| (acc.clone(), bond)).collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: invulnerables
				.into_iter()
				.chain(candidates)
				.map(|(acc, aura)| (acc.clone(), acc, session_keys(aura)))
				.collect::<Vec<_>>(),
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(SAFE_XCM_VERSION) },
		sudo: SudoConfig { key: governance.root },
		origins: OriginsConfig { pace: governance.pace, support_floor: governance.support_floor },
		council: CouncilConfig { members: governance.council },
		executive_committee: ExecutiveCommitteeConfig { members: governance.executive },
	})
}

/// The development chain's committee: one-minute sessions (at one block per six seconds),
/// an election every two sessions, three seats (Alice's and two drawn).
pub fn dev_parameters() -> Parameters<Balance> {
	Parameters { session_length: 10, term: 2, window: 4, seats: 3, ..DefaultParameters::get() }
}

/// The development chain's economics: a quota day of twenty blocks (two minutes at one block
/// per six seconds), so a day's quota refills while one watches; a release two days after.
pub fn dev_economics() -> EconomicsParameters {
	EconomicsParameters {
		day_length: 20,
		unfreeze_delay: 40,
		dapp_unstake_delay: 40,
		lease_recall_delay: 40,
		..DefaultEconomics::get()
	}
}

fn collator(keyring: Sr25519Keyring) -> (AccountId, AuraId) {
	(keyring.to_account_id(), keyring.public().into())
}

/// The development candidates: Charlie, Dave and Eve stand for election and re-encrypt for
/// grants.
pub fn dev_proxies() -> Vec<Sr25519Keyring> {
	vec![Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::Eve]
}

/// The well-known development accounts, each with [`DEV_ENDOWMENT`].
fn dev_accounts() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

fn development_config_genesis() -> Value {
	development_with_candidates(Vec::new())
}

/// The development preset with `extra` candidates bonded from genesis beside its own, each
/// endowed with twice the development bond: the state an election among many candidates runs
/// in.
pub fn development_with_candidates(extra: Vec<(AccountId, AuraId)>) -> Value {
	let endowment = dev_parameters().min_bond.saturating_mul(2);
	let mut endowed = dev_accounts();
	endowed.extend(extra.iter().map(|(account, _)| (account.clone(), endowment)));
	genesis(
		vec![collator(Sr25519Keyring::Alice)],
		dev_proxies().into_iter().map(collator).chain(extra).collect(),
		Some(dev_parameters()),
		Some(dev_economics()),
		endowed,
		local_governance(
			Some(Sr25519Keyring::Alice.to_account_id()),
			crate::configs::governance::DEV_PACE,
			// The development accounts' 12M CPC are the whole base: a few of them pass a
			// referendum in minutes.
			Perbill::zero(),
		),
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
		None,
		dev_accounts(),
		local_governance(None, 1, crate::configs::governance::SUPPORT_FLOOR),
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

	let patch = get_preset(id).ok_or_else(|| alloc::format!("no preset named {id:?}"))?;
	patch_storage(serde_json::from_slice(&patch).map_err(|e| e.to_string())?)
}

/// The genesis storage of a preset's JSON `patch` over the default configuration.
#[cfg(feature = "std")]
pub fn patch_storage(patch: Value) -> Result<sp_runtime::Storage, alloc::string::String> {
	use alloc::string::ToString;
	use sp_runtime::BuildStorage;

	let mut config =
		serde_json::to_value(RuntimeGenesisConfig::default()).map_err(|e| e.to_string())?;
	json_merge(&mut config, patch);
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
