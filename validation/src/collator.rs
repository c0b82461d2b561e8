//! Building, sealing and importing blocks as a collator and a node do, and packaging them as
//! the relay chain's validators receive them.

use std::{
	collections::BTreeMap,
	panic::{catch_unwind, AssertUnwindSafe},
};

use codec::Encode;
use cpchain_runtime::{AuraId, Block, Executive, Header, Runtime, UncheckedExtrinsic};
use cpchain_testing::{relay_inherents, FIRST_SLOT};
use cumulus_primitives_core::{
	relay_chain::HeadData, ParachainBlockData, PersistedValidationData, ValidationParams,
};
use frame_support::traits::ExecuteBlock;
use polkadot_parachain_primitives::primitives::BlockData;
use sp_block_builder::runtime_decl_for_block_builder::BlockBuilderV6;
use sp_consensus_aura::{
	digests::CompatibleDigestItem, sr25519::AuthoritySignature, Slot, AURA_ENGINE_ID,
};
use sp_core::{crypto::ByteArray, sr25519, Pair, H256};
use sp_runtime::{
	generic::Preamble,
	traits::{BlakeTwo256, Block as _, Hash as _, Header as _},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	Digest, DigestItem, StateVersion,
};
use sp_state_machine::{InMemoryBackend, TestExternalities};
use sp_trie::{proof_size_extension::ProofSizeExt, recorder::Recorder, CompactProof, StorageProof};

/// How a node checks a sealed block: the Aura seal against the parent's authorities, then the
/// block itself. The runtime's `validate_block` runs the same.
pub type BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor<Runtime, Executive>;

/// The state of the chain at a block.
pub type State = InMemoryBackend<BlakeTwo256>;

/// A block as the relay chain's validators receive it.
#[derive(Clone, Debug)]
pub struct Candidate {
	/// The parent's header: the head the relay chain holds for the parachain.
	pub parent_head: Header,
	/// The sealed block.
	pub block: Block,
	/// Everything importing the block reads from the parent's state.
	pub proof: CompactProof,
	/// The relay chain's view of the parent, as the block's parachain inherent carries it.
	pub validation_data: PersistedValidationData,
}

impl Candidate {
	/// The proof of validity: the block and its proof, as `ParachainBlockData` encodes them.
	pub fn block_data(&self) -> BlockData {
		BlockData(
			ParachainBlockData::<Block>::new(vec![self.block.clone()], self.proof.clone(), None)
				.encode(),
		)
	}

	/// What a validator passes to `validate_block`.
	pub fn params(&self) -> ValidationParams {
		ValidationParams {
			parent_head: HeadData(self.parent_head.encode()),
			block_data: self.block_data(),
			relay_parent_number: self.validation_data.relay_parent_number,
			relay_parent_storage_root: self.validation_data.relay_parent_storage_root,
		}
	}

	/// The PoV's size in bytes, as the relay chain holds it against `max_pov_size`.
	pub fn pov_size(&self) -> usize {
		self.block_data().0.len()
	}

	/// The PoV's size once compressed as collators send it over the network.
	pub fn compressed_pov_size(&self) -> usize {
		let raw = self.block_data().0;
		sp_maybe_compressed_blob::compress_weakly(&raw, crate::pvf::POV_BOMB_LIMIT)
			.map_or(raw.len(), |compressed| compressed.len())
	}

	/// The block's extrinsics beside its inherents.
	pub fn transactions(&self) -> usize {
		let signed = |xt: &&UncheckedExtrinsic| matches!(xt.preamble, Preamble::Signed(..));
		self.block.extrinsics.iter().filter(signed).count()
	}
}

/// A collator of the CPChain runtime: the chain's state and head, the relay chain it pretends
/// to follow (one relay block per parachain block, relay slot = parachain slot), and the Aura
/// keys it can seal with.
pub struct Collator {
	state: State,
	parent: Header,
	slot: u64,
	relay_number: u32,
	keys: BTreeMap<Vec<u8>, sr25519::Pair>,
}

impl Collator {
	/// A chain at the genesis of `storage`, with `code` as its runtime (as a node puts it under
	/// `:code`), sealing with whichever of `keys` the slot's author holds.
	pub fn new(
		storage: sp_runtime::Storage,
		code: &[u8],
		keys: impl IntoIterator<Item = sr25519::Pair>,
	) -> Self {
		let state = TestExternalities::<BlakeTwo256>::new_with_code(code, storage).backend;
		let genesis = Header::new(
			0,
			BlakeTwo256::trie_root(Vec::new(), StateVersion::V0),
			*state.root(),
			Default::default(),
			Default::default(),
		);
		Self {
			state,
			parent: genesis,
			slot: FIRST_SLOT,
			relay_number: 100,
			keys: keys.into_iter().map(|pair| (pair.public().to_raw_vec(), pair)).collect(),
		}
	}

	/// The last block's header.
	pub fn head(&self) -> &Header {
		&self.parent
	}

	/// Runs `f` against the state at the head (changes are dropped).
	pub fn read<R>(&self, f: impl FnOnce() -> R) -> R {
		self.ext_at_head().execute_with(f)
	}

	fn ext_at_head(&self) -> TestExternalities<BlakeTwo256> {
		let mut ext = TestExternalities::new_empty();
		ext.backend = self.state.clone();
		ext
	}

	/// Builds, seals and imports the next block: its inherents, then what `next` returns (made
	/// against the state as the block is built; `None` ends the block) until a transaction no
	/// longer fits the block's weight or length. Any transaction that fails otherwise fails
	/// the build: a scenario means every one of its transactions to succeed.
	pub fn build(
		&mut self,
		mut next: impl FnMut(usize) -> Option<UncheckedExtrinsic>,
	) -> Result<Candidate, String> {
		self.slot += 1;
		self.relay_number += 1;
		let pre_digest = Digest {
			logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(self.slot).encode())],
		};
		let header = Header::new(
			self.parent.number + 1,
			Default::default(),
			Default::default(),
			self.parent.hash(),
			pre_digest,
		);
		let (data, validation_data) = relay_inherents(&self.parent, self.slot, self.relay_number)?;

		// One recorder for the whole block, as a collator's block builder keeps: weight
		// reclaim asks it what each extrinsic added to the proof.
		let mut ext = self.ext_at_head();
		let authorities = ext.execute_with(pallet_aura::Authorities::<Runtime>::get);
		let recorder = Recorder::<BlakeTwo256>::default();
		ext.register_extension(ProofSizeExt::new(recorder.clone()));
		let built = ext.execute_with_recorder(recorder.clone(), || {
			Executive::initialize_block(&header);
			// What making the inherents reads is not part of the block, nor of its proof.
			let inherents =
				transactional(&recorder, || Runtime::inherent_extrinsics(data), |_| false);
			let mut extrinsics = Vec::new();
			for inherent in inherents {
				match Executive::apply_extrinsic(inherent.clone()) {
					Ok(Ok(())) => extrinsics.push(inherent),
					other => return Err(format!("inherent {:?}: {other:?}", inherent.function)),
				}
			}
			let mut index = 0;
			// Nor is what making a transaction reads (a wallet's view of the chain).
			while let Some(extrinsic) = transactional(&recorder, || next(index), |_| false) {
				let outcome = transactional(
					&recorder,
					|| Executive::apply_extrinsic(extrinsic.clone()),
					|outcome| matches!(outcome, Ok(Ok(()))),
				);
				match outcome {
					Ok(Ok(())) => extrinsics.push(extrinsic),
					Err(TransactionValidityError::Invalid(
						InvalidTransaction::ExhaustsResources,
					)) => break,
					other => {
						return Err(format!(
							"transaction {index} ({:?}): {other:?}",
							extrinsic.function
						))
					}
				}
				index += 1;
			}
			Ok((Executive::finalize_block(), extrinsics))
		})?;
		let (header, extrinsics) = built;
		ext.commit_all()?;

		let block = Block::new(seal_with(header, &authorities, &self.keys)?, extrinsics);
		let proof = self.import_proof(&block)?;
		let candidate = Candidate {
			parent_head: self.parent.clone(),
			block: block.clone(),
			proof,
			validation_data,
		};
		self.state = ext.backend;
		self.parent = block.header;
		Ok(candidate)
	}

	/// Seals `header` with the key of its slot's author among the head's authorities.
	pub fn seal(&self, header: Header) -> Result<Header, String> {
		let authorities = self.read(pallet_aura::Authorities::<Runtime>::get);
		seal_with(header, &authorities, &self.keys)
	}

	/// Imports `block` on the head's state as a node does, and returns what it read: the seal
	/// check's storage and the execution's (with the proof-size host function measuring the
	/// execution alone, as `validate_block` does). Fails if the node would reject the block.
	pub fn import_proof(&self, block: &Block) -> Result<CompactProof, String> {
		let mut ext = self.ext_at_head();
		let mut lazy: <Block as sp_runtime::traits::Block>::LazyBlock = block.clone().into();
		let seal = Recorder::<BlakeTwo256>::default();
		catch_unwind(AssertUnwindSafe(|| {
			ext.execute_with_recorder(seal.clone(), || {
				BlockExecutor::verify_and_remove_seal(&mut lazy)
			})
		}))
		.map_err(|panic| format!("the seal check failed: {}", panic_message(&panic)))?;
		let execution = Recorder::<BlakeTwo256>::default();
		ext.register_extension(ProofSizeExt::new(execution.clone()));
		catch_unwind(AssertUnwindSafe(|| {
			ext.execute_with_recorder(execution.clone(), || {
				BlockExecutor::execute_verified_block(lazy)
			})
		}))
		.map_err(|panic| format!("the import failed: {}", panic_message(&panic)))?;
		let proof =
			StorageProof::merge([seal.drain_storage_proof(), execution.drain_storage_proof()]);
		let root: H256 = *self.state.root();
		proof.into_compact_proof::<BlakeTwo256>(root).map_err(|e| format!("{e:?}"))
	}
}

/// Runs `f` in a storage transaction paired with one of `recorder`'s, as a block builder's
/// runtime API transactions are: kept if `keep` says so of its result, else undone together
/// with what the recorder saw.
fn transactional<R>(
	recorder: &Recorder<BlakeTwo256>,
	f: impl FnOnce() -> R,
	keep: impl FnOnce(&R) -> bool,
) -> R {
	recorder.start_transaction();
	sp_io::storage::start_transaction();
	let result = f();
	if keep(&result) {
		sp_io::storage::commit_transaction();
		let _ = recorder.commit_transaction();
	} else {
		sp_io::storage::rollback_transaction();
		let _ = recorder.rollback_transaction();
	}
	result
}

/// `header` sealed by its slot's author among `authorities`, with that author's key in `keys`.
fn seal_with(
	header: Header,
	authorities: &[AuraId],
	keys: &BTreeMap<Vec<u8>, sr25519::Pair>,
) -> Result<Header, String> {
	let slot = header
		.digest()
		.logs()
		.iter()
		.find_map(<DigestItem as CompatibleDigestItem<AuthoritySignature>>::as_aura_pre_digest)
		.ok_or("no Aura pre-digest")?;
	let index = u64::from(slot).checked_rem(authorities.len() as u64).ok_or("no authorities")?;
	let author = &authorities[index as usize];
	let pair = keys
		.get(&author.to_raw_vec())
		.ok_or_else(|| format!("no key for the slot's author {author:?}"))?;
	Ok(sealed(header, pair))
}

/// `header` with an Aura seal by `pair` over it.
pub fn sealed(mut header: Header, pair: &sr25519::Pair) -> Header {
	let signature: AuthoritySignature = pair.sign(header.hash().as_ref()).into();
	header.digest_mut().push(DigestItem::aura_seal(signature));
	header
}

/// The text of a caught panic.
pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
	panic
		.downcast_ref::<String>()
		.cloned()
		.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
		.unwrap_or_else(|| "a panic".into())
}
