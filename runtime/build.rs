//! Builds the runtime to wasm; `SKIP_WASM_BUILD=1` skips it for native-only unit tests.

#[cfg(feature = "std")]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}
