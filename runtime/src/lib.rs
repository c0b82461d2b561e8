//! # CPChain parachain runtime
//!
//! The runtime of the CPChain parachain: an IoT data chain on which device owners register
//! encrypted data kept on IPFS, share it by proxy re-encryption and sell it on a market.
//!
//! This crate composes the FRAME pallets. Each pallet's configuration lives in its own file
//! under [`configs`]; the runtime APIs the node and clients call are in [`apis`]; genesis presets
//! (`development`, `local_testnet`) are in [`genesis_config_presets`].
//!
//! The native token is CPC, with [`CPC_DECIMALS`] decimals.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` recurses deeply.
#![recursion_limit = "256"]

// The wasm blob built by `build.rs`; `None` under `SKIP_WASM_BUILD`.
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature,
};
use sp_version::RuntimeVersion;

use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight};
pub use pallet_access_grants;
pub use pallet_committee;
pub use pallet_conviction_voting;
pub use pallet_cpc_economics;
pub use pallet_cpc_governance;
pub use pallet_cpc_parameters;
pub use pallet_data_registry;
pub use pallet_preimage;
pub use pallet_referenda;
pub use sp_consensus_aura::sr25519::AuthorityId as AuraId;
pub use sp_runtime::{MultiAddress, Perbill, Permill};

/// A device as this runtime stores it.
pub type DeviceOf = pallet_data_registry::DeviceOf<Runtime>;
/// A record as this runtime stores it.
pub type RecordOf = pallet_data_registry::RecordOf<Runtime>;
/// A market listing as this runtime stores it.
pub type ListingOf = pallet_access_grants::ListingOf<Runtime>;
/// A pending request as this runtime stores it.
pub type RequestOf = pallet_access_grants::RequestOf<Runtime>;
/// A grant as this runtime stores it.
pub type GrantOf = pallet_access_grants::GrantOf<Runtime>;
/// A committee candidate as this runtime stores it.
pub type CandidateOf = pallet_committee::CandidateOf<Runtime>;
/// The committee's parameters as this runtime stores them.
pub type CommitteeParameters = pallet_committee::ParametersOf<Runtime>;
/// The economics' parameters as this runtime stores them.
pub type EconomicsParameters = pallet_cpc_economics::ParametersOf<Runtime>;

/// A transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// An account on the chain: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of CPC in its smallest unit (10^-18 CPC).
pub type Balance = u128;

/// The number of transactions an account has sent.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// A block number.
pub type BlockNumber = u32;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A block signed with a justification.
pub type SignedBlock = generic::SignedBlock<Block>;

/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The checks and charges applied to every signed transaction. The weight-reclaim wrapper
/// refunds what the transaction's proof really used, measured by the proof-size host function.
/// The last one is the nonce check and the fee payment in one, with the free daily quota: it
/// encodes as `CheckNonce` and `ChargeTransactionPayment` do and lists itself as those two, so
/// wallets sign unchanged; `CheckWeight`, which carries no data, comes before it.
pub type TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim<
	Runtime,
	(
		frame_system::CheckNonZeroSender<Runtime>,
		frame_system::CheckSpecVersion<Runtime>,
		frame_system::CheckTxVersion<Runtime>,
		frame_system::CheckGenesis<Runtime>,
		frame_system::CheckEra<Runtime>,
		frame_system::CheckWeight<Runtime>,
		pallet_cpc_economics::ChargeCpcFee<Runtime>,
	),
>;

/// The extension of a transaction with `nonce` and `era`, without a tip: what the gateway's
/// offchain worker and the `cpchain` client sign.
pub fn tx_extension(nonce: Nonce, era: generic::Era) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_cpc_economics::ChargeCpcFee::<Runtime>::new(nonce, 0),
	)
		.into()
}

/// What a signer signs: the call, the extension and what the extension implies.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Migrations to run on the next runtime upgrade, beside the pallets' own.
type Migrations = ();

/// Executive: dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// Opaque types, used by the node to handle blocks without knowing the runtime's extrinsic
/// format, so it keeps syncing across runtime upgrades.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a collator registers for a session.
	pub struct SessionKeys {
		/// The block-authoring key.
		pub aura: Aura,
	}
}

/// The runtime version.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("cpchain"),
	impl_name: alloc::borrow::Cow::Borrowed("cpchain"),
	authoring_version: 1,
	// 6: `KeyToIncludeInRelayProof`, which Cumulus's lookahead collator calls.
	spec_version: 6,
	impl_version: 0,
	apis: apis::RUNTIME_API_VERSIONS,
	// 3: the nonce check and the fee payment became one extension (same bytes).
	transaction_version: 3,
	system_version: 1,
};

/// Target block time. Aura's slot is the same length; it cannot change once the chain runs.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Aura slot duration.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// The token's symbol.
pub const CPC_SYMBOL: &str = "CPC";
/// The token's decimals.
pub const CPC_DECIMALS: u8 = 18;
/// One CPC in the smallest unit.
pub const CPC: Balance = 1_000_000_000_000_000_000;
/// One thousandth of a CPC.
pub const MILLI_CPC: Balance = CPC / 1_000;
/// One millionth of a CPC.
pub const MICRO_CPC: Balance = CPC / 1_000_000;

/// Every CPC there is: minted at genesis by the allocation table, never minted or burnt after.
pub const TOTAL_SUPPLY: Balance = 1_000_000_000 * CPC;
/// Blocks per year (365 days): the team's batches are a year apart.
pub const YEARS: BlockNumber = DAYS * 365;

/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_CPC;

/// The deposit for storing `items` storage entries of `bytes` bytes in all: what users pay,
/// held, for what they keep on chain.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	items as Balance * 10 * MILLI_CPC + bytes as Balance * 10 * MICRO_CPC
}

/// The SS58 address prefix (42: generic Substrate) until CPChain registers its own.
pub const SS58_PREFIX: u16 = 42;

/// About 5% of the block weight is assumed to go to `on_initialize`; this bounds a single
/// extrinsic's weight.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);

/// Normal extrinsics may fill 75% of a block; the rest is kept for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Two seconds of compute per 6-second block, and the relay chain's proof-of-validity limit.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
);

/// Blocks the runtime accepts that the relay chain has not included yet (async backing).
const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;
/// Parachain blocks per relay-chain parent.
const BLOCK_PROCESSING_VELOCITY: u32 = 1;
/// The relay chain's slot duration, in milliseconds.
const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6000;

/// Checks that collators keep to Aura slots and the velocity above.
type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

#[frame_support::runtime]
mod runtime {

	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System support.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = parachain_info;
	#[runtime::pallet_index(4)]
	pub type WeightReclaim = cumulus_pallet_weight_reclaim;
	// Before every pallet that reads its parameters, so their genesis builds see them.
	#[runtime::pallet_index(5)]
	pub type CpcParameters = pallet_cpc_parameters;

	// The CPC token.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	// Before the committee: its genesis mints the supply that the committee's bonds hold.
	#[runtime::pallet_index(12)]
	pub type Vesting = pallet_vesting;
	#[runtime::pallet_index(13)]
	pub type CpcEconomics = pallet_cpc_economics;

	// After the economics pallet, whose genesis endows the treasury's account: the treasury's
	// own genesis would mint the existential deposit into an empty one.
	#[runtime::pallet_index(14)]
	pub type Treasury = pallet_treasury;
	// The development preset's root key; the local preset has none.
	#[runtime::pallet_index(15)]
	pub type Sudo = pallet_sudo;

	// Collators. The order matters: authorship notes the author before the committee and
	// session act on it, the committee's genesis comes before the session's, and Aura reads
	// the session's keys.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type Committee = pallet_committee;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(24)]
	pub type AuraExt = cumulus_pallet_aura_ext;

	// XCM.
	#[runtime::pallet_index(30)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[runtime::pallet_index(31)]
	pub type PolkadotXcm = pallet_xcm;
	#[runtime::pallet_index(32)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[runtime::pallet_index(33)]
	pub type MessageQueue = pallet_message_queue;

	// CPChain.
	#[runtime::pallet_index(40)]
	pub type DataRegistry = pallet_data_registry;
	#[runtime::pallet_index(41)]
	pub type AccessGrants = pallet_access_grants;

	// Governance: the holders' conference (referenda), the council and the executive
	// committee. The origins' index is their variant in `OriginCaller`, which referenda and
	// the scheduler store: it must not change.
	#[runtime::pallet_index(50)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(51)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(52)]
	pub type Origins = pallet_cpc_governance;
	#[runtime::pallet_index(53)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(54)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(55)]
	pub type Whitelist = pallet_whitelist;
	#[runtime::pallet_index(56)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(57)]
	pub type ExecutiveCommittee = pallet_collective<Instance2>;
}

/// What the pallets' storage says each account has held, by hold reason: the sum of the
/// deposits, escrow, bonds and quota holds it records. Every hold in the balances pallet must be in it at
/// its amount; the fuzzer checks that after every block.
#[cfg(feature = "try-runtime")]
pub fn expected_holds() -> alloc::collections::BTreeMap<(AccountId, Vec<u8>), Balance> {
	use codec::{Decode, Encode};
	let mut held = alloc::collections::BTreeMap::new();
	let mut add = |who: AccountId, reason: RuntimeHoldReason, amount: Balance| {
		let entry: &mut Balance = held.entry((who, reason.encode())).or_default();
		*entry = entry.saturating_add(amount);
	};
	for (who, reason, amount) in DataRegistry::held_by_storage() {
		add(who, reason.into(), amount);
	}
	for (who, reason, amount) in AccessGrants::held_by_storage() {
		add(who, reason.into(), amount);
	}
	for (who, reason, amount) in Committee::held_by_storage() {
		add(who, reason.into(), amount);
	}
	for (who, reason, amount) in CpcEconomics::held_by_storage() {
		add(who, reason.into(), amount);
	}
	// A noted preimage's deposit: its ticket is the held amount, as encoded.
	for (_, status) in pallet_preimage::RequestStatusFor::<Runtime>::iter() {
		let ticket = match status {
			pallet_preimage::RequestStatus::Unrequested { ticket, .. } => Some(ticket),
			pallet_preimage::RequestStatus::Requested { maybe_ticket, .. } => maybe_ticket,
		};
		if let Some((who, ticket)) = ticket {
			let amount = Balance::decode(&mut &ticket.encode()[..]).unwrap_or_default();
			add(who, pallet_preimage::HoldReason::Preimage.into(), amount);
		}
	}
	held
}

/// What the referenda's storage says each account has reserved (pallet-referenda takes its
/// submission and decision deposits with the old reserve, not a hold): the fuzzer checks that
/// an account's reserved balance is its holds and these, after every block.
pub fn expected_reserves() -> alloc::collections::BTreeMap<AccountId, Balance> {
	use pallet_referenda::ReferendumInfo as Info;
	let mut reserved = alloc::collections::BTreeMap::new();
	for (_, info) in pallet_referenda::ReferendumInfoFor::<Runtime>::iter() {
		let (submission, decision) = match info {
			Info::Ongoing(status) => (Some(status.submission_deposit), status.decision_deposit),
			Info::Approved(_, s, d)
			| Info::Rejected(_, s, d)
			| Info::Cancelled(_, s, d)
			| Info::TimedOut(_, s, d) => (s, d),
			Info::Killed(_) => (None, None),
		};
		for deposit in [submission, decision].into_iter().flatten() {
			let entry: &mut Balance = reserved.entry(deposit.who).or_default();
			*entry = entry.saturating_add(deposit.amount);
		}
	}
	reserved
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}

#[cfg(test)]
mod tests;
