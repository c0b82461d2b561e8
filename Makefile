# The two commands of README.md, and what they share.
#   make dev   installs what is missing, builds, and runs a development chain on 127.0.0.1:9944
#              with an IPFS daemon (Kubo RPC API) on 127.0.0.1:5001
#   make test  installs what is missing, builds, and runs every test

# One cargo target directory outside the clone, so clones and CI runs share builds.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/cpchain/target
NODE := $(CARGO_TARGET_DIR)/debug/cpchain-node
CLI := $(CARGO_TARGET_DIR)/debug/cpchain
# Pallets whose benchmarks run as tests against their mock runtimes.
BENCHMARKED_PALLETS := pallet-data-registry pallet-access-grants pallet-committee

.PHONY: dev test setup build lint

setup:
	@./scripts/setup.sh

build: setup
	cargo build --workspace --locked

dev: build
	CPCHAIN_NODE=$(NODE) CPCHAIN_CLI=$(CLI) ./scripts/dev.sh $(ARGS)

test: setup
	cargo test --workspace --locked
	@# Each benchmark once, as a test, in the pallet's mock runtime (no wasm needed).
	SKIP_WASM_BUILD=1 cargo test --locked $(addprefix -p ,$(BENCHMARKED_PALLETS)) --features runtime-benchmarks
	cargo build --workspace --locked
	cd scripts && CPCHAIN_NODE=$(NODE) CPCHAIN_CLI=$(CLI) npm test

# Same environment as `make test`, so both reuse one build of the wasm runtime.
lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	@# The runtime's benchmarks and try-runtime hooks must keep building (no wasm needed).
	SKIP_WASM_BUILD=1 cargo check --locked -p cpchain-runtime --features runtime-benchmarks,try-runtime
	@# The default build stays free of RocksDB and the relay-chain node.
	@if cargo tree --workspace --locked -e normal,build | grep -E 'librocksdb-sys|polkadot-service'; then \
		echo "lint: RocksDB or polkadot-service entered the default build" >&2; exit 1; fi
