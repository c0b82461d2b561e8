//! The chain the fuzzer drives: the development preset's genesis, then blocks built the way a
//! collator builds them (Aura pre-digest, the timestamp and parachain inherents from a relay
//! state proof, extrinsics applied one by one and dropped when invalid, then finalised), each
//! extrinsic applied under a storage-proof recorder so its real proof size can be held against
//! its declared weight.

use std::sync::{Arc, OnceLock};

use codec::Encode;
use cpchain_runtime::{
	genesis_config_presets::preset_storage, Executive, Header, Runtime, RuntimeCall, RuntimeOrigin,
	System, UncheckedExtrinsic,
};
use cpchain_testing::{relay_inherents, FIRST_SLOT};
use frame_support::{dispatch::GetDispatchInfo, weights::Weight};
use sp_block_builder::runtime_decl_for_block_builder::BlockBuilderV6;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::H256;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	traits::{Dispatchable, Header as _},
	ApplyExtrinsicResult, Digest, DigestItem,
};

/// What one extrinsic did.
#[derive(Debug)]
pub struct Applied {
	/// What `apply_extrinsic` returned.
	pub result: ApplyExtrinsicResult,
	/// The declared weight: the call's and its extensions'.
	pub declared: Weight,
	/// Bytes of storage proof the extrinsic needed from the state before it.
	pub proof_size: u64,
}

/// A call dispatched and undone.
pub struct DryRun {
	/// The weight it declared.
	pub declared: Weight,
	/// The weight it reported after dispatch.
	pub actual: Weight,
	/// Whether it succeeded.
	pub succeeded: bool,
	/// The storage it read from the state before the block.
	pub proof: sp_trie::StorageProof,
	/// The root of that state.
	pub root: H256,
}

/// A chain of the development preset, built block by block.
pub struct Chain {
	ext: sp_io::TestExternalities,
	parent: Header,
	slot: u64,
	relay_number: u32,
	in_block: bool,
	state_keys: Option<Vec<Vec<u8>>>,
}

/// The development preset's genesis storage, and a keystore with the development Aura keys
/// (session keys' ownership proofs are made with them). Built once per process: every sequence
/// starts from the same genesis, and deriving the keys is slow.
fn genesis() -> Result<&'static (sp_runtime::Storage, Arc<MemoryKeystore>), String> {
	static GENESIS: OnceLock<Result<(sp_runtime::Storage, Arc<MemoryKeystore>), String>> =
		OnceLock::new();
	GENESIS
		.get_or_init(|| {
			let storage = preset_storage(&sp_genesis_builder::DEV_RUNTIME_PRESET.into())?;
			let keystore = MemoryKeystore::new();
			for keyring in sp_keyring::Sr25519Keyring::iter() {
				sp_keystore::Keystore::sr25519_generate_new(
					&keystore,
					sp_core::crypto::key_types::AURA,
					Some(&keyring.to_seed()),
				)
				.map_err(|e| format!("{e:?}"))?;
			}
			Ok((storage, Arc::new(keystore)))
		})
		.as_ref()
		.map_err(Clone::clone)
}

impl Chain {
	/// The development preset's genesis, no block started.
	pub fn new() -> Result<Self, String> {
		let (storage, keystore) = genesis()?;
		let mut ext = sp_io::TestExternalities::new(storage.clone());
		ext.register_extension(KeystoreExt(keystore.clone()));
		let state_root = ext
			.execute_with(|| H256::from_slice(&sp_io::storage::root(sp_runtime::StateVersion::V1)));
		let genesis =
			Header::new(0, Default::default(), state_root, Default::default(), Default::default());
		Ok(Self {
			ext,
			parent: genesis,
			slot: FIRST_SLOT,
			relay_number: 100,
			in_block: false,
			state_keys: None,
		})
	}

	/// Runs `f` against the chain's state.
	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(f)
	}

	/// Whether a block is open.
	pub fn in_block(&self) -> bool {
		self.in_block
	}

	/// The number of the last finalised block.
	pub fn height(&self) -> u32 {
		self.parent.number
	}

	/// The last finalised header.
	pub fn parent(&self) -> &Header {
		&self.parent
	}

	/// Opens the next block, `skip` slots after the next slot, and applies its inherents.
	pub fn start_block(&mut self, skip: u8) -> Result<(), String> {
		assert!(!self.in_block, "a block is already open");
		self.slot += 1 + u64::from(skip);
		// One relay block per parachain block, so the relay chain's slot is the parachain's.
		self.relay_number += 1;
		let number = self.parent.number + 1;
		let digest = Digest {
			logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(self.slot).encode())],
		};
		let header =
			Header::new(number, Default::default(), Default::default(), self.parent.hash(), digest);
		let (data, _) = relay_inherents(&self.parent, self.slot, self.relay_number)?;

		self.in_block = true;
		self.ext.execute_with(|| {
			Executive::initialize_block(&header);
			for inherent in Runtime::inherent_extrinsics(data) {
				match Executive::apply_extrinsic(inherent.clone()) {
					Ok(Ok(())) => {}
					other => {
						return Err(format!("inherent {:?} failed: {other:?}", inherent.function))
					}
				}
			}
			Ok(())
		})
	}

	/// Applies an extrinsic as a block builder does: kept if valid, dropped without a trace
	/// otherwise; its storage proof is recorded.
	pub fn apply(&mut self, extrinsic: UncheckedExtrinsic) -> Applied {
		assert!(self.in_block, "no block is open");
		let declared = extrinsic.get_dispatch_info().total_weight();
		let (result, proof) = self.ext.execute_and_prove(|| {
			sp_io::storage::start_transaction();
			let result = Executive::apply_extrinsic(extrinsic);
			if result.is_ok() {
				sp_io::storage::commit_transaction();
			} else {
				sp_io::storage::rollback_transaction();
			}
			result
		});
		Applied { result, declared, proof_size: proof.encoded_size() as u64 }
	}

	/// Dispatches `call` from `origin` and undoes it: what it declared, reported and read.
	pub fn dry_dispatch(&mut self, call: RuntimeCall, origin: RuntimeOrigin) -> DryRun {
		let root = *self.ext.backend.root();
		let ((declared, actual, succeeded), proof) = self.ext.execute_and_prove(|| {
			let declared = call.get_dispatch_info().call_weight;
			sp_io::storage::start_transaction();
			let (post, succeeded) = match call.dispatch(origin) {
				Ok(post) => (post, true),
				Err(error) => (error.post_info, false),
			};
			sp_io::storage::rollback_transaction();
			(declared, post.actual_weight.unwrap_or(declared), succeeded)
		});
		DryRun { declared, actual, succeeded, proof, root }
	}

	/// Every key of the state the open block builds on.
	pub fn state_keys(&mut self) -> &[Vec<u8>] {
		if self.state_keys.is_none() {
			let keys = sp_state_machine::Backend::keys(&self.ext.backend, Default::default())
				.map(|keys| keys.filter_map(Result::ok).collect())
				.unwrap_or_default();
			self.state_keys = Some(keys);
		}
		self.state_keys.as_deref().unwrap_or_default()
	}

	/// Finalises the open block and commits its state.
	pub fn finish_block(&mut self) -> Result<Header, String> {
		assert!(self.in_block, "no block is open");
		let header = self.ext.execute_with(Executive::finalize_block);
		self.ext.commit_all()?;
		self.state_keys = None;
		self.in_block = false;
		self.parent = header.clone();
		Ok(header)
	}

	/// The current block number as the runtime sees it.
	pub fn block_number(&mut self) -> u32 {
		self.ext.execute_with(System::block_number)
	}
}
