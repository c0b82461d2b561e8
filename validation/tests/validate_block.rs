//! The runtime's `validate_block`, run by the relay chain's PVF executor, accepts the blocks
//! a collator builds (of every kind of work, and across a session change with an election)
//! and rejects tampered ones.

use std::sync::OnceLock;

use codec::Encode;
use cpchain_runtime::{Header, WASM_BINARY};
use cpchain_validation::{
	collator::sealed,
	scenarios::{self, Data},
	Candidate, Collator, Validator,
};
use sp_consensus_aura::AURA_ENGINE_ID;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Header as _, DigestItem};

/// The validation code prepared once: preparation compiles the whole runtime.
fn validator() -> &'static Validator {
	static VALIDATOR: OnceLock<Validator> = OnceLock::new();
	VALIDATOR.get_or_init(|| {
		Validator::new(WASM_BINARY.expect("the runtime's wasm is built for these tests")).unwrap()
	})
}

/// Validates `candidate` and checks what the relay chain would record for it.
fn accepted(candidate: &Candidate) {
	let validated = validator().validate(&candidate.params()).unwrap_or_else(|e| {
		panic!("block {} rejected: {e}", candidate.block.header.number);
	});
	assert_eq!(validated.result.head_data.0, candidate.block.header.encode(), "the new head");
	assert_eq!(validated.result.new_validation_code, None);
	assert_eq!(validated.result.processed_downward_messages, 0);
}

fn rejected(candidate: &Candidate, why: &str) {
	assert!(validator().validate(&candidate.params()).is_err(), "accepted {why}");
}

/// `candidate` (the head of `chain`, in its first session) with its header changed by
/// `change` and sealed again by the slot's author.
fn resealed(
	chain: &Collator,
	candidate: &Candidate,
	change: impl FnOnce(&mut Header),
) -> Candidate {
	let mut tampered = candidate.clone();
	let header = &mut tampered.block.header;
	assert!(header.digest_mut().pop().is_some_and(|seal| seal.as_seal().is_some()));
	change(header);
	tampered.block.header = chain.seal(header.clone()).unwrap();
	tampered
}

#[test]
fn blocks_of_every_kind_of_work_validate() {
	let mut chain = scenarios::development(0).unwrap();
	accepted(&scenarios::empty(&mut chain).unwrap());
	let transfers = scenarios::transfers(&mut chain, 12).unwrap();
	assert_eq!(transfers.transactions(), 12);
	accepted(&transfers);

	let (mut data, setup): (Data, _) = scenarios::data_setup(&mut chain).unwrap();
	accepted(&setup);
	let registered = scenarios::register_data(&mut chain, &mut data, 6).unwrap();
	assert_eq!((registered.transactions(), data.records.len()), (6, 6));
	accepted(&registered);
	for block in scenarios::grant_setup(&mut chain, &mut data).unwrap() {
		accepted(&block);
	}
	let cfrags = scenarios::submit_cfrags(&mut chain, &data, 8).unwrap();
	assert_eq!(cfrags.transactions(), 8);
	accepted(&cfrags);
	// The cfrags were verified and settled: of Bob's escrow for the six records, the four
	// records delivered (two fragments each) were paid out.
	let escrow = chain.read(|| {
		cpchain_runtime::pallet_access_grants::Grants::<cpchain_runtime::Runtime>::get(0)
			.map(|grant| grant.escrow)
	});
	assert_eq!(escrow, Some(2 * scenarios::PRICE_PER_INTERVAL));
}

#[test]
fn a_session_change_with_an_election_among_candidates_validates() {
	let mut chain = scenarios::development(20).unwrap();
	let before = chain.read(pallet_aura::Authorities::<cpchain_runtime::Runtime>::get);
	let election = scenarios::until_election(&mut chain, 40).unwrap();
	accepted(&election);
	// The blocks after it, through the session whose authorities the election chose.
	let mut changed = false;
	for _ in 0..25 {
		let block = scenarios::empty(&mut chain).unwrap();
		accepted(&block);
		let now = chain.read(pallet_aura::Authorities::<cpchain_runtime::Runtime>::get);
		changed |= now != before;
	}
	assert!(changed, "the elected committee took over the slots");
}

#[test]
fn a_block_sealed_by_another_key_or_unsealed_is_rejected() {
	let mut chain = scenarios::development(0).unwrap();
	let honest = scenarios::empty(&mut chain).unwrap();
	accepted(&honest);

	let mut by_bob = honest.clone();
	by_bob.block.header.digest_mut().pop();
	by_bob.block.header = sealed(by_bob.block.header.clone(), &Sr25519Keyring::Bob.pair());
	rejected(&by_bob, "a seal by a key that is not the slot's author");

	let mut garbage = honest.clone();
	garbage.block.header.digest_mut().pop();
	garbage.block.header.digest_mut().push(DigestItem::Seal(AURA_ENGINE_ID, vec![7; 64]));
	rejected(&garbage, "a garbage seal");

	let mut unsealed = honest.clone();
	unsealed.block.header.digest_mut().pop();
	rejected(&unsealed, "an unsealed block");
}

#[test]
fn a_block_with_a_wrong_state_root_or_extrinsics_is_rejected() {
	let mut chain = scenarios::development(0).unwrap();
	let honest = scenarios::transfers(&mut chain, 3).unwrap();
	// Sealing again changes nothing the relay chain checks.
	accepted(&resealed(&chain, &honest, |_| {}));

	let wrong_root = resealed(&chain, &honest, |header| header.state_root = H256::repeat_byte(1));
	rejected(&wrong_root, "a wrong state root");

	let mut dropped = resealed(&chain, &honest, |_| {});
	dropped.block.extrinsics.pop();
	rejected(&dropped, "a transfer dropped after sealing");
}

#[test]
fn a_proof_missing_a_node_or_a_wrong_relay_parent_is_rejected() {
	let mut chain = scenarios::development(0).unwrap();
	let honest = scenarios::transfers(&mut chain, 3).unwrap();
	let nodes = honest.proof.encoded_nodes.len();
	assert!(nodes > 3);
	for missing in [0, nodes / 2, nodes - 1] {
		let mut pruned = honest.clone();
		pruned.proof.encoded_nodes.remove(missing);
		rejected(&pruned, "a proof missing a node");
	}

	let mut params = honest.params();
	params.relay_parent_storage_root = H256::repeat_byte(2);
	assert!(validator().validate(&params).is_err(), "another relay parent's storage root");
	let mut params = honest.params();
	params.relay_parent_number += 1;
	assert!(validator().validate(&params).is_err(), "another relay parent number");
	let mut params = honest.params();
	params.parent_head =
		cumulus_primitives_core::relay_chain::HeadData(honest.block.header.encode());
	assert!(validator().validate(&params).is_err(), "a head that is not the parent");
}

#[test]
fn the_node_refuses_to_import_what_the_validators_reject() {
	let mut chain: Collator = scenarios::development(0).unwrap();
	let parent = chain.head().clone();
	let honest = scenarios::empty(&mut chain).unwrap();
	assert_eq!(honest.parent_head, parent);
	// A second collator at the same genesis imports the honest block and refuses the forgery.
	let other = scenarios::development(0).unwrap();
	assert!(other.import_proof(&honest.block).is_ok());
	let forged = resealed(&chain, &honest, |header| header.state_root = H256::repeat_byte(3));
	assert!(other.import_proof(&forged.block).is_err());
}
