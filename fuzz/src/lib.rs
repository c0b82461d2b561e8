//! # CPChain runtime fuzzer
//!
//! Drives the whole runtime (not one pallet's mock) with random sequences of extrinsics from
//! random origins: every call of the data registry, access grants, committee and economics,
//! the parameters, preimages, referenda and conviction voting (votes, delegations, unlocks,
//! deposits back), plus balances and session keys, with arguments at the edges (zero, bounds,
//! the largest values, ids that exist and that do not, valid and invalid signatures, capsules
//! and capsule fragments). The sequences cross block and session boundaries, so
//! `on_initialize`, `on_idle`, session changes, committee elections and referenda's alarms run
//! between them.
//!
//! ## What is checked
//! - Every extrinsic: no panic; the actual weight a call reports is within its declared weight;
//!   the storage proof it needed (recorded from the state before it) is within its declared
//!   proof size; and, once per call and sequence, every storage item it read is one its
//!   weights' benchmarks list ([`coverage`]), so a benchmark that no longer covers its call
//!   fails the run.
//! - After every block: the `try_state` of every pallet; total issuance equals the sum of all
//!   accounts and never moves from the genesis supply (fees, tips, dust and slashes go to the
//!   block's author and the treasury; nothing mints or burns); every hold is one that pallet
//!   storage explains, at the amount it explains, and an account's reserved CPC is its holds
//!   and its referenda's deposits; CPC owed to others on hold covers none of an account's
//!   locks.
//!
//! ## Terminology
//! - *Sequence*: a list of [`Action`]s, decoded from bytes ([`input::Source`]).
//! - *Seed*: a number that expands to a sequence ([`sequence_of_seed`]).
//! - *Reproduction*: the shrunk sequence of a failure, as a test to paste ([`reproduction`]).
//!
//! Two ways to run it: the bounded run in `tests/bounded.rs` (part of the test command) and
//! the long run, `cargo run -p cpchain-fuzz --release --features try-runtime -- --help`, or
//! `make fuzz`. A coverage-guided run feeds engine bytes to [`run_bytes`] (`fuzz/afl`).

#![deny(missing_docs)]
// The checks call every pallet's `try_state`: without the try-runtime hooks there is nothing
// to run.
#![cfg(feature = "try-runtime")]

pub mod action;
pub mod chain;
pub mod check;
pub mod coverage;
pub mod input;
pub mod world;

use std::{
	cell::Cell,
	collections::BTreeMap,
	fmt,
	panic::{self, AssertUnwindSafe},
};

use codec::{Decode, Encode};
use cpchain_runtime::{
	pallet_committee, AccountId, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
	UncheckedExtrinsic,
};
use cpchain_testing::signed;
use sp_core::Pair;

pub use action::Action;
use action::Origin;
use chain::Chain;
use check::Checker;
use world::World;

/// Blocks a `NextSession` action may end before giving up on a session change.
const MAX_BLOCKS_PER_SESSION: u32 = 64;

/// A property that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
	/// The index of the action at which it was found.
	pub at: usize,
	/// What kind of failure: compared when shrinking, so a shrunk sequence fails the same way.
	pub kind: &'static str,
	/// What was seen.
	pub detail: String,
}

impl fmt::Display for Failure {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{} at action {}: {}", self.kind, self.at, self.detail)
	}
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
	/// Sequences run.
	pub sequences: u64,
	/// Actions run.
	pub actions: u64,
	/// Extrinsics built and applied.
	pub extrinsics: u64,
	/// Extrinsics refused before dispatch (invalid: bad origin, nonce, funds for the fee).
	pub refused: u64,
	/// Extrinsics dispatched that succeeded.
	pub succeeded: u64,
	/// Extrinsics dispatched that returned an error.
	pub failed: u64,
	/// Blocks finalised.
	pub blocks: u64,
	/// Session changes crossed.
	pub sessions: u64,
	/// Committees elected.
	pub elections: u64,
	/// The largest share of its declared proof size an extrinsic used, in percent.
	pub max_proof_percent: u64,
	/// Calls whose reads were held against the storage their benchmarks list.
	pub coverage_checked: u64,
	/// By call: how many were refused, failed and succeeded.
	pub calls: BTreeMap<String, [u64; 3]>,
}

impl Stats {
	/// Adds another run's figures.
	pub fn add(&mut self, other: &Stats) {
		self.sequences += other.sequences;
		self.actions += other.actions;
		self.extrinsics += other.extrinsics;
		self.refused += other.refused;
		self.succeeded += other.succeeded;
		self.failed += other.failed;
		self.blocks += other.blocks;
		self.sessions += other.sessions;
		self.elections += other.elections;
		self.coverage_checked += other.coverage_checked;
		self.max_proof_percent = self.max_proof_percent.max(other.max_proof_percent);
		for (call, counts) in &other.calls {
			let entry = self.calls.entry(call.clone()).or_default();
			for (total, count) in entry.iter_mut().zip(counts) {
				*total += count;
			}
		}
	}
}

/// The sequence a seed expands to.
pub fn sequence_of_seed(seed: u64, actions: usize) -> Vec<Action> {
	action::draw_sequence(&mut input::Source::from_seed(seed), actions)
}

/// Runs the sequence engine bytes decode to (at most `max_actions` actions).
pub fn run_bytes(bytes: &[u8], max_actions: usize) -> Result<Stats, Failure> {
	run(&action::draw_sequence(&mut input::Source::from_bytes(bytes), max_actions))
}

/// Runs a sequence from the development preset's genesis, checking everything after every
/// extrinsic and block. Panics are caught and reported as failures.
pub fn run(actions: &[Action]) -> Result<Stats, Failure> {
	let at = Cell::new(0usize);
	quiet_panics();
	QUIET.with(|quiet| quiet.set(true));
	let outcome = panic::catch_unwind(AssertUnwindSafe(|| run_unguarded(actions, &at)));
	QUIET.with(|quiet| quiet.set(false));
	match outcome {
		Ok(result) => result,
		Err(payload) => {
			let detail = payload
				.downcast_ref::<String>()
				.cloned()
				.or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
				.unwrap_or_else(|| "a panic without a message".into());
			Err(Failure { at: at.get(), kind: "panic", detail })
		}
	}
}

thread_local! {
	/// Whether this thread is inside [`run`], whose panics are failures it reports itself.
	static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once for the process, a panic hook that stays silent inside [`run`] and prints as
/// before everywhere else. Swapping the global hook per run would race between threads (test
/// threads run sequences side by side) and could leave the silent one installed.
fn quiet_panics() {
	static INSTALLED: std::sync::Once = std::sync::Once::new();
	INSTALLED.call_once(|| {
		let previous = panic::take_hook();
		panic::set_hook(Box::new(move |info| {
			if !QUIET.with(Cell::get) {
				previous(info)
			}
		}));
	});
}

/// Replays a reproduction: the SCALE encoding of a sequence, in hex.
pub fn replay(hex: &str) -> Result<Stats, Failure> {
	let bytes = hex_decode(hex).ok_or_else(|| Failure {
		at: 0,
		kind: "reproduction",
		detail: "not hex".into(),
	})?;
	let actions = Vec::<Action>::decode(&mut &bytes[..]).map_err(|e| Failure {
		at: 0,
		kind: "reproduction",
		detail: format!("not a sequence: {e}"),
	})?;
	run(&actions)
}

fn run_unguarded(actions: &[Action], at: &Cell<usize>) -> Result<Stats, Failure> {
	let fail = |kind: &'static str| move |detail: String| Failure { at: at.get(), kind, detail };
	let mut chain = Chain::new().map_err(fail("set-up"))?;
	let mut world = World::new();
	let mut stats = Stats { sequences: 1, ..Default::default() };
	chain.start_block(0).map_err(fail("inherent"))?;
	let mut checker = chain.execute_with(Checker::new);
	let mut checked = std::collections::BTreeSet::new();

	for (index, action) in actions.iter().enumerate() {
		at.set(index);
		stats.actions += 1;
		match action {
			Action::NextBlock { skip } => {
				end_block(&mut chain, &mut checker, &mut stats).map_err(fail("invariant"))?;
				chain.start_block(*skip).map_err(fail("inherent"))?;
			}
			Action::NextSession => {
				let before = stats.sessions;
				for _ in 0..MAX_BLOCKS_PER_SESSION {
					end_block(&mut chain, &mut checker, &mut stats).map_err(fail("invariant"))?;
					chain.start_block(0).map_err(fail("inherent"))?;
					if stats.sessions > before {
						break;
					}
				}
			}
			Action::Call { origin, call, nonce_offset } => {
				let signer = match origin {
					Origin::Signed(i) | Origin::NotSudo(i) => Some(*i),
					Origin::Root => Some(0),
					Origin::Bare => None,
				};
				let sender = world.account(signer.unwrap_or(0));
				let parent = chain.parent().clone();
				let (extrinsic, outer, dispatch_origin) = chain.execute_with(|| {
					let inner = world.build(&sender, call, &parent);
					let outer: RuntimeCall = match origin {
						Origin::Root | Origin::NotSudo(_) => {
							pallet_sudo::Call::sudo { call: Box::new(inner) }.into()
						}
						_ => inner,
					};
					let extrinsic = match signer {
						Some(i) => sign(&world, i, outer.clone(), *nonce_offset),
						None => UncheckedExtrinsic::new_bare(outer.clone()),
					};
					let dispatch_origin = match signer {
						Some(_) => RuntimeOrigin::signed(sender.clone()),
						None => RuntimeOrigin::none(),
					};
					(extrinsic, outer, dispatch_origin)
				});
				stats.extrinsics += 1;
				let dry = chain.dry_dispatch(outer.clone(), dispatch_origin);
				if dry.actual.any_gt(dry.declared) {
					return Err(fail("weight")(format!(
						"{outer:?} reported {} but declared {}",
						dry.actual, dry.declared
					)));
				}
				// Once per call and sequence, on success (the path that reads the most).
				if dry.succeeded && checked.insert(call.name()) {
					let root = dry.root;
					let keys = chain.state_keys().to_vec();
					let unlisted = chain.execute_with(|| {
						coverage::unlisted_reads(
							&outer,
							&sender,
							dry.proof,
							coverage::State { keys: &keys, root },
						)
					});
					match unlisted {
						Some(items) if !items.is_empty() => {
							return Err(fail("unbenchmarked storage")(format!(
								"{outer:?} read {items:?}, which its weights' benchmarks do not list"
							)))
						}
						Some(_) => stats.coverage_checked += 1,
						None => {}
					}
				}
				let applied = chain.apply(extrinsic);
				let outcome = match &applied.result {
					Err(_) => 0,
					Ok(Err(_)) => 1,
					Ok(Ok(())) => 2,
				};
				*[&mut stats.refused, &mut stats.failed, &mut stats.succeeded][outcome] += 1;
				stats.calls.entry(call.name()).or_default()[outcome] += 1;
				// A bare extrinsic declares no extension weight, yet its block's weight check
				// reads (`CheckWeight`'s bare path): a write-only call's proof budget of 0 would
				// fail for that. No pool admits a bare call that is not an inherent; only the
				// author that put one in its block pays for it.
				if applied.result.is_ok() && signer.is_some() {
					let budget = applied.declared.proof_size();
					if applied.proof_size > budget {
						return Err(fail("proof size")(format!(
							"{outer:?} needed a {} byte proof but declared {budget}",
							applied.proof_size
						)));
					}
					let percent = applied.proof_size.saturating_mul(100) / budget.max(1);
					stats.max_proof_percent = stats.max_proof_percent.max(percent);
				}
			}
		}
	}
	at.set(actions.len());
	end_block(&mut chain, &mut checker, &mut stats).map_err(fail("invariant"))?;
	Ok(stats)
}

/// Ends the open block and checks the invariants against its state and events.
fn end_block(chain: &mut Chain, checker: &mut Checker, stats: &mut Stats) -> Result<(), String> {
	chain.finish_block()?;
	stats.blocks += 1;
	chain.execute_with(|| {
		for record in System::events() {
			match record.event {
				RuntimeEvent::Session(pallet_session::Event::NewSession { .. }) => {
					stats.sessions += 1
				}
				RuntimeEvent::Committee(pallet_committee::Event::CommitteeElected { .. }) => {
					stats.elections += 1
				}
				_ => {}
			}
		}
		checker.after_block()
	})
}

/// A signed extrinsic from account `i`, its nonce off by `nonce_offset`.
fn sign(world: &World, i: u8, call: RuntimeCall, nonce_offset: i8) -> UncheckedExtrinsic {
	let pair = &world.pairs[usize::from(i % action::ACCOUNTS)];
	let who: AccountId = pair.public().into();
	let nonce = System::account_nonce(&who).saturating_add_signed(i32::from(nonce_offset));
	signed(pair, call, nonce)
}

/// Shrinks a failing sequence: drops actions while it keeps failing the same way, within
/// `budget` runs.
pub fn shrink(actions: &[Action], failure: &Failure, budget: usize) -> (Vec<Action>, Failure) {
	let mut best: Vec<Action> = actions[..(failure.at + 1).min(actions.len())].to_vec();
	let mut best_failure = failure.clone();
	let mut runs = 0;
	let mut chunk = best.len().div_ceil(2).max(1);
	while runs < budget {
		let mut removed_any = false;
		let mut start = 0;
		while start < best.len() && runs < budget {
			let mut candidate = best.clone();
			let end = (start + chunk).min(candidate.len());
			candidate.drain(start..end);
			runs += 1;
			match run(&candidate) {
				Err(f) if f.kind == failure.kind => {
					candidate.truncate(f.at + 1);
					best = candidate;
					best_failure = f;
					removed_any = true;
				}
				_ => start += chunk,
			}
		}
		if chunk == 1 && !removed_any {
			break;
		}
		chunk = (chunk / 2).max(1);
	}
	(best, best_failure)
}

/// A regression test that replays `actions`, to paste into `fuzz/tests/bounded.rs`.
pub fn reproduction(name: &str, actions: &[Action], failure: &Failure) -> String {
	let mut text = String::new();
	text.push_str(&format!("// Found: {failure}\n"));
	for action in actions {
		text.push_str(&format!("// {action:?}\n"));
	}
	text.push_str(&format!(
		"#[test]\nfn {name}() {{\n\tcpchain_fuzz::replay(\"{}\").unwrap();\n}}\n",
		hex_encode(&actions.to_vec().encode())
	));
	text
}

fn hex_encode(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
	let text = text.trim_start_matches("0x");
	if !text.len().is_multiple_of(2) {
		return None;
	}
	(0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hex_round_trips() {
		let bytes = vec![0, 1, 0xab, 0xff];
		assert_eq!(hex_decode(&hex_encode(&bytes)), Some(bytes));
		assert_eq!(hex_decode("0xabc"), None);
		assert_eq!(hex_decode("zz"), None);
	}

	#[test]
	fn a_seed_always_draws_the_same_sequence() {
		assert_eq!(sequence_of_seed(7, 50), sequence_of_seed(7, 50));
		assert_ne!(sequence_of_seed(7, 50), sequence_of_seed(8, 50));
		assert_eq!(sequence_of_seed(7, 50).len(), 50);
	}

	#[test]
	fn a_reproduction_replays_its_sequence() {
		let actions = sequence_of_seed(3, 40);
		let failure = Failure { at: 39, kind: "example", detail: String::new() };
		let text = reproduction("example", &actions, &failure);
		let hex = text.split('"').nth(1).expect("the test quotes the sequence");
		assert_eq!(replay(hex), run(&actions));
		assert!(replay("0x12").is_err());
	}

	#[test]
	fn a_hold_that_storage_does_not_explain_is_found() {
		use cpchain_runtime::{Balances, RuntimeHoldReason, CPC};
		use frame_support::traits::fungible::MutateHold;
		let mut chain = Chain::new().unwrap();
		chain.start_block(0).unwrap();
		chain.execute_with(|| {
			assert_eq!(check::holds_are_explained(), Ok(()));
			let alice = world::KEYRINGS[0].to_account_id();
			let reason: RuntimeHoldReason =
				cpchain_runtime::pallet_data_registry::HoldReason::Device.into();
			Balances::hold(&reason, &alice, CPC).unwrap();
			let error = check::holds_are_explained().unwrap_err();
			assert!(error.contains("storage explains 0"), "{error}");
		});
	}

	#[test]
	fn issuance_that_no_rule_explains_is_found() {
		use cpchain_runtime::{Balances, CPC};
		use frame_support::traits::fungible::Mutate;
		let mut chain = Chain::new().unwrap();
		chain.start_block(0).unwrap();
		let mut checker = chain.execute_with(Checker::new);
		chain.finish_block().unwrap();
		assert_eq!(chain.execute_with(|| checker.after_block()), Ok(()));
		chain.start_block(0).unwrap();
		chain.execute_with(|| {
			Balances::mint_into(&world::KEYRINGS[1].to_account_id(), CPC).unwrap();
		});
		chain.finish_block().unwrap();
		let error = chain.execute_with(|| checker.after_block()).unwrap_err();
		assert!(error.contains("issuance went from"), "{error}");
	}

	#[test]
	fn an_extrinsic_s_storage_proof_is_measured_against_its_weight() {
		let world = World::new();
		let mut chain = Chain::new().unwrap();
		chain.start_block(0).unwrap();
		let transfer: RuntimeCall = pallet_balances::Call::transfer_keep_alive {
			dest: world.account(1).into(),
			value: cpchain_runtime::CPC,
		}
		.into();
		let extrinsic = chain.execute_with(|| sign(&world, 0, transfer, 0));
		let applied = chain.apply(extrinsic);
		assert_eq!(applied.result, Ok(Ok(())));
		// Two accounts and the fee's storage, read from the trie: more than their values,
		// less than the worst case the weights declare.
		assert!(applied.proof_size > 2 * 80, "{applied:?}");
		assert!(applied.proof_size < applied.declared.proof_size(), "{applied:?}");
		// A refused extrinsic leaves nothing behind.
		let stale =
			chain.execute_with(|| sign(&world, 0, pallet_session::Call::purge_keys {}.into(), -1));
		let before = chain.execute_with(|| System::account_nonce(world.account(0)));
		assert!(chain.apply(stale).result.is_err());
		assert_eq!(chain.execute_with(|| System::account_nonce(world.account(0))), before);
	}

	#[test]
	fn bytes_that_run_out_end_the_sequence() {
		assert!(action::draw_sequence(&mut input::Source::from_bytes(&[]), 10).is_empty());
		assert!(action::draw_sequence(&mut input::Source::from_bytes(&[1; 12]), 10).len() <= 10);
	}
}
