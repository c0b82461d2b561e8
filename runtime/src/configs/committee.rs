//! `pallet_committee`: the collator committee, elected by credit and the relay chain's
//! randomness, and the proxy set of the data market.
//!
//! The committee's inputs are wired here: blocks authored (authorship), valid and invalid
//! capsule fragments and sales (access grants), records held and removed (data registry), fees
//! paid (transaction payment), the relay chain's epoch randomness (parachain system) and Aura
//! equivocations.

use codec::Encode;
use cumulus_pallet_parachain_system::{OnSystemEvent, RelayChainStateProof};
use cumulus_primitives_core::{relay_chain::well_known_keys, PersistedValidationData};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, Get},
	weights::Weight,
};
use frame_system::EnsureRoot;
use pallet_committee::{
	ActivityCaps, CreditWeights, ElectionRandomness, EquivocationCheck, Parameters, RecordHoldings,
};
use sp_consensus_aura::{digests::CompatibleDigestItem, Slot, AURA_ENGINE_ID};
use sp_consensus_slots::EquivocationProof;
use sp_runtime::{
	traits::{Hash as HashT, Header as HeaderT},
	Perbill, RuntimeAppPublic,
};

use crate::{
	AccountId, AuraId, Balance, Balances, BlockNumber, Committee, DataRegistry, Hash, Header,
	Runtime, RuntimeHoldReason, Session, CPC, DAYS, HOURS,
};

parameter_types! {
	/// Until governance sets others: six-hour sessions, a week's window, daily elections of 21.
	pub DefaultParameters: Parameters<Balance> = Parameters {
		min_bond: 10_000 * CPC,
		session_length: 6 * HOURS,
		// Availability counts most: a committee that does not author halts the chain.
		weights: CreditWeights { stake: 2, activity: 1, data: 2, proxy: 2, availability: 3 },
		window: 28,
		term: 4,
		seats: 21,
		low_credit_seats: Perbill::from_percent(20),
		min_credit: 200,
		invalid_cfrag_penalty: 250,
		invalid_cfrag_slash: Perbill::from_percent(1),
		equivocation_slash: Perbill::from_percent(20),
		// Per six-hour session: about what a busy proxy spends in fees re-encrypting for a
		// market of a few hundred grants, a device's records, and the proxy fees of some
		// hundred sales. Past these, spending more buys no rank.
		caps: ActivityCaps {
			fees: CPC,
			records: 1_000,
			sold: 10 * CPC,
			cfrags: 5_000,
		},
	};
	pub const UnbondingDelay: BlockNumber = 7 * DAYS;
	/// The highest least bond governance may set: a thousand times the default, 1 % of the
	/// supply. Higher, a committee could price every newcomer out.
	pub const MaxMinBond: Balance = 10_000_000 * CPC;
	/// How many slots back an equivocation may be reported: two hours, well inside the block
	/// hashes the chain keeps (its `BlockHashCount`), which the report's headers must build on.
	pub const EquivocationReportWindow: u64 = 2 * HOURS as u64;
}

impl pallet_committee::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Nothing is burnt: slashed bonds go to the treasury.
	type Slashed = pallet_cpc_economics::ToTreasury<Runtime>;
	type ValidatorRegistration = Session;
	type ProxyKeys = UmbralKeys;
	type Records = RecordCounts;
	type CurrentSlot = AuraSlot;
	type Randomness = RelayRandomness;
	type Equivocation = AuraEquivocation;
	type UpdateOrigin = EnsureRoot<AccountId>;
	// Set one at a time through `CpcParameters`, within the bounds this pallet checks.
	type Parameters = pallet_cpc_parameters::Committee<Runtime>;
	type DefaultParameters = DefaultParameters;
	type MaxMinBond = MaxMinBond;
	type UnbondingDelay = UnbondingDelay;
	type MaxCandidates = ConstU32<1000>;
	type MaxSeats = ConstU32<100>;
	type MaxInvulnerables = ConstU32<20>;
	type MaxWindow = ConstU32<64>;
	type WeightInfo = pallet_committee::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::Helper;
}

/// Candidates must have an Umbral key published: they re-encrypt for the market.
pub struct UmbralKeys;
impl Contains<AccountId> for UmbralKeys {
	fn contains(who: &AccountId) -> bool {
		DataRegistry::umbral_key_of(who).is_some()
	}
}

/// Records held: the data registry's count per owner.
pub struct RecordCounts;
impl RecordHoldings<AccountId> for RecordCounts {
	fn records_held(who: &AccountId) -> u32 {
		DataRegistry::records_held(who)
	}
}

/// The Aura slot of the last block.
pub struct AuraSlot;
impl Get<u64> for AuraSlot {
	fn get() -> u64 {
		pallet_aura::CurrentSlot::<Runtime>::get().into()
	}
}

/// The relay chain's randomness of one epoch ago (BABE), as the last relay state proof gave it.
#[frame_support::storage_alias]
pub type OneEpochAgoRandomness = StorageValue<RelayRandomness, [u8; 32]>;

/// The relay chain's epoch randomness: read from each block's verified relay state proof and
/// kept, since the proof is gone by the time sessions change (in `on_initialize`). It changes
/// every relay epoch, so an election waits at most an epoch past its snapshot.
pub struct RelayRandomness;

impl ElectionRandomness for RelayRandomness {
	fn random_value() -> Option<[u8; 32]> {
		OneEpochAgoRandomness::get()
	}
}

impl OnSystemEvent for RelayRandomness {
	fn on_validation_data(_data: &PersistedValidationData) {}

	fn on_validation_code_applied() {}

	fn on_relay_state_proof(proof: &RelayChainStateProof) -> Weight {
		match proof.read_optional_entry::<[u8; 32]>(well_known_keys::ONE_EPOCH_AGO_RANDOMNESS) {
			Ok(Some(value)) => {
				OneEpochAgoRandomness::put(value);
				<Runtime as frame_system::Config>::DbWeight::get().writes(1)
			}
			Ok(None) => Weight::zero(),
			Err(error) => {
				log::warn!(target: pallet_committee::LOG_TARGET, "relay randomness: {error:?}");
				Weight::zero()
			}
		}
	}
}

/// An Aura equivocation: two different blocks of one height, sealed in one slot by one key,
/// both built on the same block of this chain, in the last [`EquivocationReportWindow`] slots.
///
/// The parent binds the report to this chain (an Aura seal signs only a header's hash, so a
/// collator reusing its key on another chain would otherwise be answerable here for blocks it
/// sealed there) and to the recent past: the chain keeps `BlockHashCount` block hashes.
pub struct AuraEquivocation;

impl EquivocationCheck<AccountId> for AuraEquivocation {
	type Proof = EquivocationProof<Header, AuraId>;

	fn check(proof: &Self::Proof) -> Option<(AccountId, u64)> {
		let (first, second) = (&proof.first_header, &proof.second_header);
		// Several blocks in one slot are allowed (async backing), but not two at one height.
		if first.number() != second.number() {
			return None;
		}
		let parent = first.number().checked_sub(1)?;
		let known = frame_system::Pallet::<Runtime>::block_hash(parent);
		if known == Hash::default()
			|| *first.parent_hash() != known
			|| *second.parent_hash() != known
		{
			return None;
		}
		let now = u64::from(pallet_aura::CurrentSlot::<Runtime>::get());
		let slot = u64::from(proof.slot);
		if slot > now || now - slot > EquivocationReportWindow::get() {
			return None;
		}
		let (first_slot, first_block) = sealed_slot(first, &proof.offender)?;
		let (second_slot, second_block) = sealed_slot(second, &proof.offender)?;
		// Two seals of one block are one block: sr25519 signatures differ each time.
		if first_slot != proof.slot || second_slot != proof.slot || first_block == second_block {
			return None;
		}
		let owner = Session::key_owner(AuraId::ID, &proof.offender.to_raw_vec())?;
		Some((owner, proof.slot.into()))
	}
}

/// The slot and the hash before sealing of a header whose seal `author` signed, if it did.
fn sealed_slot(header: &Header, author: &AuraId) -> Option<(Slot, Hash)> {
	let mut unsealed = header.clone();
	let seal = unsealed.digest_mut().pop()?;
	if seal.as_seal().is_none_or(|(engine, _)| engine != AURA_ENGINE_ID) {
		return None;
	}
	let signature =
		CompatibleDigestItem::<<AuraId as RuntimeAppPublic>::Signature>::as_aura_seal(&seal)?;
	let slot = unsealed.digest().logs().iter().find_map(|item| {
		CompatibleDigestItem::<<AuraId as RuntimeAppPublic>::Signature>::as_aura_pre_digest(item)
	})?;
	let pre_hash = <Header as HeaderT>::Hashing::hash_of(&unsealed);
	author.verify(&pre_hash.encode(), &signature).then_some((slot, pre_hash))
}

/// The committee's inputs from the other pallets.
pub struct CommitteeInputs;

impl pallet_authorship::EventHandler<AccountId, BlockNumber> for CommitteeInputs {
	fn note_author(author: AccountId) {
		Committee::note_author(&author);
	}
}

impl pallet_access_grants::SharingObserver<AccountId, Balance> for CommitteeInputs {
	fn cfrag_accepted(proxy: &AccountId, owner: &AccountId, buyer: &AccountId) {
		Committee::note_cfrag_accepted(proxy, owner, buyer);
	}

	fn cfrag_rejected(proxy: &AccountId, _grant: pallet_access_grants::GrantId) {
		Committee::note_cfrag_rejected(proxy);
	}

	fn part_settled(
		owner: &AccountId,
		buyer: &AccountId,
		proxies: &[AccountId],
		to_each_proxy: Balance,
	) {
		Committee::note_sale(owner, buyer, proxies, to_each_proxy);
	}
}

impl pallet_data_registry::RecordObserver<AccountId> for CommitteeInputs {
	fn record_removed(owner: &AccountId) {
		Committee::note_record_removed(owner);
	}
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use super::*;
	use crate::{RuntimeOrigin, SessionKeys};
	use cpchain_primitives::umbral::UmbralPublicKey;
	use pallet_committee::benchmarking::BenchmarkHelper;
	use sp_runtime::DigestItem;

	/// Registers keys through the real calls; signs headers with a keystore key.
	pub struct Helper;

	fn set_keys(who: &AccountId, keys: SessionKeys, proof: alloc::vec::Vec<u8>) {
		if let Err(error) = Session::set_keys(RuntimeOrigin::signed(who.clone()), keys, proof) {
			log::error!(target: pallet_committee::LOG_TARGET, "benchmark keys: {error:?}");
		}
	}

	impl BenchmarkHelper<Runtime> for Helper {
		fn prepare_candidate(who: &AccountId) {
			let generated = SessionKeys::generate(&who.encode(), None);
			set_keys(who, generated.keys, generated.proof.encode());
			let key = UmbralPublicKey(pallet_data_registry::benchmarking::UMBRAL_KEY);
			if let Err(error) =
				DataRegistry::set_umbral_key(RuntimeOrigin::signed(who.clone()), key)
			{
				log::error!(target: pallet_committee::LOG_TARGET, "benchmark key: {error:?}");
			}
		}

		fn set_randomness(value: [u8; 32]) {
			OneEpochAgoRandomness::put(value);
		}

		fn equivocation_proof(who: &AccountId) -> EquivocationProof<Header, AuraId> {
			let generated = SessionKeys::generate(&who.encode(), None);
			let offender = generated.keys.aura.clone();
			set_keys(who, generated.keys, generated.proof.encode());
			// Two blocks on the genesis block, in the current slot.
			let slot = pallet_aura::CurrentSlot::<Runtime>::get();
			let parent = frame_system::Pallet::<Runtime>::block_hash(0);
			let header = |salt: u8| {
				let mut header = Header::new(
					1,
					Default::default(),
					[salt; 32].into(),
					parent,
					Default::default(),
				);
				header.digest_mut().push(<DigestItem as CompatibleDigestItem<
					<AuraId as RuntimeAppPublic>::Signature,
				>>::aura_pre_digest(slot));
				let pre_hash = header.hash();
				let signature =
					offender.sign(&pre_hash.encode()).expect("benchmarks run with a keystore");
				header
					.digest_mut()
					.push(<DigestItem as CompatibleDigestItem<_>>::aura_seal(signature));
				header
			};
			let (first_header, second_header) = (header(1), header(2));
			EquivocationProof { offender, slot, first_header, second_header }
		}
	}
}
