# The two commands of README.md, and what they share.
#   make dev   installs what is missing, builds, and runs a development chain on 127.0.0.1:9944
#              with an IPFS daemon (Kubo RPC API) on 127.0.0.1:5001
#   make test  installs what is missing, builds, and runs every test

# One cargo target directory outside the clone, so clones and CI runs share builds.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/cpchain/target
NODE := $(CARGO_TARGET_DIR)/debug/cpchain-node
CLI := $(CARGO_TARGET_DIR)/debug/cpchain
# Linters that are not cargo's (scripts/setup.sh installs them there).
export CPCHAIN_TOOLS ?= $(HOME)/.cache/cpchain/tools
# Pallets whose benchmarks run as tests against their mock runtimes.
BENCHMARKED_PALLETS := pallet-data-registry pallet-access-grants pallet-committee pallet-cpc-economics \
	pallet-cpc-parameters pallet-cpc-governance
# The benchmarks, the try-runtime hooks and the fuzzer (which checks every pallet's
# `try_state`) build once, natively, with both feature sets: one build for all three.
CHECKED_FEATURES := runtime-benchmarks,try-runtime
# Clippy compiles the workspace's own crates in the test builds (as the compiler wrapper `cargo
# clippy` itself installs), so the lints need no check build of every dependency beside the
# test builds: 17.5 minutes of a cold CI run. Dependencies compile as before.
CLIPPY = RUSTC_WORKSPACE_WRAPPER="$$(rustup which clippy-driver)" \
	CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
# The long fuzz run: `make fuzz SEEDS=0..100000 ACTIONS=300`.
SEEDS ?= 0..1000
ACTIONS ?= 200

.PHONY: dev test setup build collator lint clippy fuzz fuzz-afl

setup:
	@./scripts/setup.sh

build: setup
	cargo build --workspace --locked

# The production node (README: Run a collator): the parachain node that follows a relay chain,
# with RocksDB and the relay chain node in it. Not part of `make test` (over an hour cold).
collator: setup
	cargo build --release --locked -p cpchain-node --features collator

dev: build
	CPCHAIN_NODE=$(NODE) CPCHAIN_CLI=$(CLI) ./scripts/dev.sh $(ARGS)

test: setup
	@# Also builds cpchain-node and cpchain, for their integration tests and for the end-to-end
	@# tests below: a separate `cargo build` would build the workspace again, since cargo
	@# resolves features without the dev-dependencies there. Clippy lints what it compiles
	@# (-D warnings): a lint fails the test run.
	$(CLIPPY) cargo test --workspace --locked
	@# The benchmarks of the primitives (criterion), once each as tests.
	$(CLIPPY) cargo test --workspace --benches --locked
	@# Each benchmark once, as a test, in the pallet's mock runtime, and the bounded fuzz run
	@# of the whole runtime (no wasm needed); also lints the runtime's benchmarks and
	@# try-runtime hooks.
	$(CLIPPY) SKIP_WASM_BUILD=1 cargo test --locked $(addprefix -p ,$(BENCHMARKED_PALLETS)) \
		-p cpchain-fuzz --features $(CHECKED_FEATURES)
	cd scripts && CPCHAIN_NODE=$(NODE) CPCHAIN_CLI=$(CLI) npm test

# Formatting, the dependency guard and docker/; `make test` has run clippy over everything it built.
lint: setup
	cargo fmt --all --check
	@# The default build stays free of RocksDB and the relay-chain node.
	@if cargo tree --workspace --locked -e normal,build | grep -E 'librocksdb-sys|polkadot-service'; then \
		echo "lint: RocksDB or polkadot-service entered the default build" >&2; exit 1; fi
	$(CPCHAIN_TOOLS)/venv/bin/hadolint --no-color docker/Dockerfile
	@# The compose file as `docker compose` reads it (no engine needed): the default services, and
	@# every profile's.
	$(CPCHAIN_TOOLS)/bin/docker-compose -f docker/compose.yml config --quiet
	$(CPCHAIN_TOOLS)/bin/docker-compose -f docker/compose.yml --profile '*' config --quiet

# Clippy alone, without running the tests: what `make test` lints, as check builds.
clippy: setup
	cargo clippy --workspace --all-targets --locked -- -D warnings
	SKIP_WASM_BUILD=1 cargo clippy --locked -p cpchain-fuzz --all-targets --features $(CHECKED_FEATURES) \
		-- -D warnings

# The long fuzz run, optimised: any seed range; a failing seed prints its reproduction.
fuzz:
	SKIP_WASM_BUILD=1 cargo run --locked --release -p cpchain-fuzz --features $(CHECKED_FEATURES) \
		-- --seeds $(SEEDS) --actions $(ACTIONS)

# The coverage-guided run (AFL++ through cargo-afl, stable Rust): `make fuzz-afl FUZZ_SECONDS=3600`.
# Instrumented, so in a target directory of its own.
FUZZ_SECONDS ?= 600
AFL_TARGET_DIR := $(CARGO_TARGET_DIR)/afl
fuzz-afl:
	@command -v cargo-afl >/dev/null || cargo install cargo-afl --locked
	@# The main lock file's versions: this workspace has none of its own in git.
	cp Cargo.lock fuzz/afl/Cargo.lock
	cd fuzz/afl && SKIP_WASM_BUILD=1 CARGO_TARGET_DIR=$(AFL_TARGET_DIR) cargo afl build --release
	mkdir -p fuzz/afl/in && printf '\x11\x22\x33\x44' > fuzz/afl/in/seed
	cd fuzz/afl && AFL_NO_UI=1 cargo afl fuzz -i in -o out -V $(FUZZ_SECONDS) \
		$(AFL_TARGET_DIR)/release/cpchain-fuzz-afl
