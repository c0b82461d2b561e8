//! The runtime's `validate_block` run as a relay validator runs it.
//!
//! A validator decompresses the parachain's validation code, compiles it with wasmtime under
//! the PVF's fixed semantics and executes it on each candidate's `ValidationParams`, with only
//! the host functions a PVF has (none for storage: the state comes from the PoV's proof, and
//! any storage host call traps) and the PVF's heap and stack limits. The configuration here
//! is the relay chain's default one (`polkadot-node-core-pvf-common`'s `DEFAULT_CONFIG`, whose
//! values its authors fix for good); a validator runs it in a sandboxed worker process, which
//! changes what a misbehaving PVF can reach, not its result.

use std::{
	panic::AssertUnwindSafe,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use cumulus_primitives_core::ValidationParams;
use polkadot_parachain_primitives::primitives::ValidationResult;
use polkadot_primitives::{
	executor_params::{DEFAULT_LOGICAL_STACK_MAX, DEFAULT_NATIVE_STACK_MAX},
	MAX_CODE_SIZE, MAX_POV_SIZE,
};
use sc_executor_common::{
	runtime_blob::RuntimeBlob,
	wasm_runtime::{HeapAllocStrategy, WasmModule},
};
use sc_executor_wasmtime::{
	Config, DeterministicStackLimit, InstantiationStrategy, Semantics, WasmtimeRuntime,
};

/// How far a validator lets validation code decompress: the relay chain's default of four
/// times the largest code it accepts.
pub const CODE_BOMB_LIMIT: usize = MAX_CODE_SIZE as usize * 4;
/// How far a PoV may decompress, likewise.
pub const POV_BOMB_LIMIT: usize = MAX_POV_SIZE as usize * 4;

/// The PVF's heap: what the runtime's blob asks for (estimated at 32 pages) plus 2,048 pages.
const PVF_HEAP_PAGES: u32 = 32 + 2048;

/// The host functions a PVF gets: no storage, no offchain, no tracing.
type PvfHostFunctions = (
	sp_io::misc::HostFunctions,
	sp_io::crypto::HostFunctions,
	sp_io::hashing::HostFunctions,
	sp_io::allocator::HostFunctions,
	sp_io::logging::HostFunctions,
	sp_io::trie::HostFunctions,
);

/// The relay chain's default PVF execution environment.
fn pvf_config() -> Config {
	Config {
		// A runtime imports storage host functions it never calls inside `validate_block`;
		// calling a missing one traps.
		allow_missing_func_imports: true,
		cache_path: None,
		semantics: Semantics {
			instantiation_strategy: InstantiationStrategy::RecreateInstanceCopyOnWrite,
			deterministic_stack_limit: Some(DeterministicStackLimit {
				logical_max: DEFAULT_LOGICAL_STACK_MAX,
				native_stack_max: DEFAULT_NATIVE_STACK_MAX,
			}),
			canonicalize_nans: true,
			parallel_compilation: false,
			heap_alloc_strategy: HeapAllocStrategy::Dynamic { maximum_pages: Some(PVF_HEAP_PAGES) },
			wasm_multi_value: false,
			wasm_bulk_memory: false,
			wasm_reference_types: false,
			wasm_simd: false,
		},
	}
}

/// The validation code compiled as a validator compiles it.
pub struct Validator {
	runtime: WasmtimeRuntime,
	/// The code's size as given.
	pub code_size: usize,
	/// How long decompression and compilation took.
	pub prepare_time: Duration,
}

/// A candidate `validate_block` accepted.
#[derive(Debug)]
pub struct Validated {
	/// What `validate_block` returned.
	pub result: ValidationResult,
	/// How long the execution took, instantiation included.
	pub time: Duration,
}

impl Validator {
	/// Decompresses (if compressed) and compiles `code`.
	pub fn new(code: &[u8]) -> Result<Self, String> {
		let started = Instant::now();
		let raw = sp_maybe_compressed_blob::decompress(code, CODE_BOMB_LIMIT)
			.map_err(|e| format!("the code does not decompress: {e}"))?;
		let blob = RuntimeBlob::new(&raw).map_err(|e| format!("not wasm: {e}"))?;
		let runtime = sc_executor_wasmtime::create_runtime::<PvfHostFunctions>(blob, pvf_config())
			.map_err(|e| format!("compilation: {e}"))?;
		Ok(Self { runtime, code_size: code.len(), prepare_time: started.elapsed() })
	}

	/// Runs `validate_block` on `params` in a fresh instance. An error is a candidate the
	/// relay chain rejects (the PVF trapped, or returned something that is not a
	/// `ValidationResult`).
	pub fn validate(&self, params: &ValidationParams) -> Result<Validated, String> {
		let input = params.encode();
		// Nothing in the externalities: a PVF holds no state.
		let mut ext = sp_state_machine::BasicExternalities::default();
		let started = Instant::now();
		// A trap surfaces as an error; the unwind guard only catches panics of the host side.
		let output = sc_executor::with_externalities_safe(
			&mut ext,
			AssertUnwindSafe(|| {
				self.runtime
					.new_instance(HeapAllocStrategy::Dynamic {
						maximum_pages: Some(PVF_HEAP_PAGES),
					})
					.and_then(|mut instance| instance.call("validate_block", &input))
			}),
		);
		let time = started.elapsed();
		let output = output.map_err(|e| format!("{e}"))?.map_err(|e| format!("{e}"))?;
		let result = ValidationResult::decode(&mut &output[..])
			.map_err(|e| format!("not a validation result: {e}"))?;
		Ok(Validated { result, time })
	}
}
