//! What the native harnesses of the CPChain runtime share (the fuzzer, and the blocks built
//! for the relay chain's validation): the inherent data a collator gives each block, from a
//! relay state proof it makes up, and transactions signed as wallets sign them.

#![deny(missing_docs)]

use codec::Encode;
use cpchain_runtime::{
	genesis_config_presets::PARACHAIN_ID, tx_extension, AccountId, Address, Header, Nonce,
	RuntimeCall, SignedPayload, UncheckedExtrinsic, SLOT_DURATION,
};
use cumulus_primitives_core::{relay_chain::HeadData, PersistedValidationData};
use cumulus_primitives_parachain_inherent::ParachainInherentData;
use cumulus_test_relay_sproof_builder::RelayStateSproofBuilder;
use sp_core::{sr25519, Pair, H256};
use sp_inherents::InherentData;
use sp_runtime::{generic::Era, MultiSignature};

/// Where the harnesses' chains start: slot 290,000,000 is early 2025.
pub const FIRST_SLOT: u64 = 290_000_000;
/// Relay blocks in one relay epoch, as the harnesses' relay chain counts them.
pub const RELAY_EPOCH_BLOCKS: u32 = 10;

/// The inherent data of the child of `parent` in `slot`, built on relay block `relay_number`:
/// the timestamp of the slot, and the parachain inherent from a relay state proof that holds
/// the relay chain's slot (equal to the parachain's: one relay block per parachain block), an
/// epoch's randomness and `parent` as the included head. Also returns the validation data the
/// relay chain would hand a validator.
pub fn relay_inherents(
	parent: &Header,
	slot: u64,
	relay_number: u32,
) -> Result<(InherentData, PersistedValidationData), String> {
	let epoch = u64::from(relay_number / RELAY_EPOCH_BLOCKS);
	let sproof = RelayStateSproofBuilder {
		para_id: PARACHAIN_ID.into(),
		current_slot: slot.into(),
		current_epoch: epoch,
		randomness: H256(sp_io::hashing::blake2_256(&epoch.encode())),
		included_para_head: Some(HeadData(parent.encode())),
		..Default::default()
	};
	let (relay_root, relay_proof) = sproof.into_state_root_and_proof();
	let validation_data = PersistedValidationData {
		parent_head: HeadData(parent.encode()),
		relay_parent_number: relay_number,
		relay_parent_storage_root: relay_root,
		max_pov_size: cumulus_primitives_core::relay_chain::MAX_POV_SIZE,
	};
	let parachain = ParachainInherentData {
		validation_data: validation_data.clone(),
		relay_chain_state: relay_proof,
		downward_messages: Vec::new(),
		horizontal_messages: Default::default(),
		relay_parent_descendants: Vec::new(),
		collator_peer_id: None,
	};
	let mut data = InherentData::new();
	data.put_data(sp_timestamp::INHERENT_IDENTIFIER, &(slot * SLOT_DURATION))
		.map_err(|e| format!("{e:?}"))?;
	data.put_data(cumulus_primitives_parachain_inherent::INHERENT_IDENTIFIER, &parachain)
		.map_err(|e| format!("{e:?}"))?;
	Ok((data, validation_data))
}

/// `call` signed by `pair` with `nonce`, immortal and without a tip, as wallets sign it; reads
/// the genesis hash from the chain, so runs against its state.
pub fn signed(pair: &sr25519::Pair, call: RuntimeCall, nonce: Nonce) -> UncheckedExtrinsic {
	let who: AccountId = pair.public().into();
	let extension = tx_extension(nonce, Era::Immortal);
	let signature = SignedPayload::new(call.clone(), extension.clone())
		.map(|payload| payload.using_encoded(|bytes| pair.sign(bytes)))
		.unwrap_or_else(|_| sp_core::sr25519::Signature::from_raw([0; 64]));
	UncheckedExtrinsic::new_signed(
		call,
		Address::Id(who),
		MultiSignature::Sr25519(signature),
		extension,
	)
}
