//! A test runtime: System, Balances, the real session pallet and the committee, with the
//! committee's other inputs (randomness, slots, records held, Umbral keys, equivocation proofs)
//! in memory.

use crate::{
	self as pallet_committee, ActivityCaps, CreditWeights, ElectionRandomness, EquivocationCheck,
	Parameters, RecordHoldings,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{Contains, Hooks},
};
use frame_system::EnsureRoot;
use sp_runtime::{
	testing::UintAuthorityId,
	traits::{ConvertInto, OpaqueKeys},
	BuildStorage, Perbill, RuntimeAppPublic,
};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

/// Blocks per session.
pub const PERIOD: BlockNumber = 10;
/// The least bond.
pub const MIN_BOND: Balance = 100;
/// Blocks from leaving to withdrawing.
pub const UNBONDING: BlockNumber = 25;
/// Accounts with session keys at genesis (1..=KEYED).
pub const KEYED: AccountId = 40;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		CpcParameters: pallet_cpc_parameters,
		Committee: pallet_committee,
		Session: pallet_session,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

sp_runtime::impl_opaque_keys! {
	pub struct MockSessionKeys {
		pub aura: UintAuthorityId,
	}
}

/// Records the validator set the session pallet hands to consensus.
pub struct TestSessionHandler;
impl pallet_session::SessionHandler<AccountId> for TestSessionHandler {
	const KEY_TYPE_IDS: &'static [sp_runtime::KeyTypeId] = &[UintAuthorityId::ID];
	fn on_genesis_session<Ks: OpaqueKeys>(keys: &[(AccountId, Ks)]) {
		world(|w| w.authorities = keys.iter().map(|(who, _)| *who).collect());
	}
	fn on_new_session<Ks: OpaqueKeys>(
		_changed: bool,
		keys: &[(AccountId, Ks)],
		_queued: &[(AccountId, Ks)],
	) {
		world(|w| w.authorities = keys.iter().map(|(who, _)| *who).collect());
	}
	fn on_disabled(_: u32) {}
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Committee;
	type NextSessionRotation = Committee;
	type SessionManager = Committee;
	type SessionHandler = TestSessionHandler;
	type Keys = MockSessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ();
}

/// The rest of the chain, as the committee sees it.
#[derive(Default)]
pub struct World {
	/// The validator set consensus last got from the session pallet.
	pub authorities: Vec<AccountId>,
	/// The relay chain's random value.
	pub randomness: Option<[u8; 32]>,
	/// The Aura slot.
	pub slot: u64,
	/// Records each account holds.
	pub records: BTreeMap<AccountId, u32>,
	/// Accounts without a published Umbral key.
	pub no_umbral_key: BTreeSet<AccountId>,
	/// Authorities that miss their slots.
	pub offline: BTreeSet<AccountId>,
}

thread_local! {
	pub static WORLD: RefCell<World> = RefCell::new(World::default());
}

/// Reads or changes the rest of the chain.
pub fn world<R>(f: impl FnOnce(&mut World) -> R) -> R {
	WORLD.with(|world| f(&mut world.borrow_mut()))
}

pub struct Randomness;
impl ElectionRandomness for Randomness {
	fn random_value() -> Option<[u8; 32]> {
		world(|w| w.randomness)
	}
}

pub struct Records;
impl RecordHoldings<AccountId> for Records {
	fn records_held(who: &AccountId) -> u32 {
		world(|w| w.records.get(who).copied().unwrap_or_default())
	}
}

pub struct UmbralKeys;
impl Contains<AccountId> for UmbralKeys {
	fn contains(who: &AccountId) -> bool {
		world(|w| !w.no_umbral_key.contains(who))
	}
}

pub struct CurrentSlot;
impl frame_support::traits::Get<u64> for CurrentSlot {
	fn get() -> u64 {
		world(|w| w.slot)
	}
}

/// A stand-in for two headers of one slot: the offender, the slot, and whether the seals hold.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	scale_info::TypeInfo,
)]
pub struct TestProof {
	pub offender: AccountId,
	pub slot: u64,
	pub valid: bool,
}

pub struct Equivocations;
impl EquivocationCheck<AccountId> for Equivocations {
	type Proof = TestProof;
	fn check(proof: &TestProof) -> Option<(AccountId, u64)> {
		proof.valid.then_some((proof.offender, proof.slot))
	}
}

parameter_types! {
	pub DefaultParameters: Parameters<Balance> = default_parameters();
}

// The committee's parameters live in CPChain's parameters pallet, as in the runtime.
impl pallet_cpc_parameters::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Committee = Committee;
	type Economics = pallet_cpc_parameters::NoParameters;
	type Market = pallet_cpc_parameters::NoParameters;
	type Registry = pallet_cpc_parameters::NoParameters;
	type AdminOrigin = frame_support::traits::AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	type WeightInfo = ();
}

/// Sessions of two, terms of three sessions, four seats.
pub fn default_parameters() -> Parameters<Balance> {
	Parameters {
		min_bond: MIN_BOND,
		session_length: PERIOD as u32,
		weights: CreditWeights { stake: 1, activity: 1, data: 1, proxy: 1, availability: 1 },
		window: 4,
		term: 3,
		seats: 4,
		low_credit_seats: Perbill::from_percent(25),
		min_credit: 100,
		invalid_cfrag_penalty: 150,
		invalid_cfrag_slash: Perbill::from_percent(10),
		equivocation_slash: Perbill::from_percent(50),
		caps: ActivityCaps { fees: 1_000, records: 100, sold: 1_000, cfrags: 100 },
	}
}

impl pallet_committee::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Slashed = ();
	type ValidatorRegistration = Session;
	type ProxyKeys = UmbralKeys;
	type Records = Records;
	type CurrentSlot = CurrentSlot;
	type Randomness = Randomness;
	type Equivocation = Equivocations;
	type UpdateOrigin = EnsureRoot<AccountId>;
	type Parameters = pallet_cpc_parameters::Committee<Test>;
	type DefaultParameters = DefaultParameters;
	type MaxMinBond = frame_support::traits::ConstU128<{ 100 * MIN_BOND }>;
	type UnbondingDelay = frame_support::traits::ConstU64<UNBONDING>;
	type MaxCandidates = frame_support::traits::ConstU32<1000>;
	type MaxSeats = frame_support::traits::ConstU32<32>;
	type MaxInvulnerables = frame_support::traits::ConstU32<8>;
	type MaxWindow = frame_support::traits::ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Genesis: accounts 1..=KEYED with session keys and 10,000 each; `invulnerables`, and
/// `candidates` bonded with the least bond.
pub fn new_test_ext(
	invulnerables: Vec<AccountId>,
	candidates: Vec<AccountId>,
) -> sp_io::TestExternalities {
	world(|w| *w = World { randomness: Some([1; 32]), ..Default::default() });
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=KEYED + 10).map(|who| (who, 10_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	// The committee's genesis runs before the session's, which asks it for the first set.
	pallet_committee::GenesisConfig::<Test> {
		invulnerables,
		candidates: candidates.into_iter().map(|who| (who, MIN_BOND)).collect(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_session::GenesisConfig::<Test> {
		keys: (1..=KEYED)
			.map(|who| (who, who, MockSessionKeys { aura: UintAuthorityId(who) }))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs blocks up to `n`: each in the next slot, authored by its slot's authority unless that
/// one is offline, and the session pallet rotates on its period.
pub fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		let slot = world(|w| {
			w.slot += 1;
			w.slot
		});
		Session::on_initialize(next);
		let author = world(|w| {
			let authorities = &w.authorities;
			(!authorities.is_empty())
				.then(|| authorities[(slot % authorities.len() as u64) as usize])
				.filter(|author| !w.offline.contains(author))
		});
		if let Some(author) = author {
			Committee::note_author(&author);
		}
	}
}

/// Runs to the first block of session `index`.
pub fn run_to_session(index: u32) {
	run_to_block(BlockNumber::from(index) * PERIOD);
	assert_eq!(Session::current_index(), index);
}

/// Events of the committee since the last call.
pub fn committee_events() -> Vec<pallet_committee::Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Committee(event) => Some(event),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<Test> for () {
	fn prepare_candidate(who: &AccountId) {
		use codec::Encode;
		let generated = MockSessionKeys::generate(&who.encode(), None);
		Session::set_keys(RuntimeOrigin::signed(*who), generated.keys, generated.proof.encode())
			.expect("session keys for a funded account");
		world(|w| w.no_umbral_key.remove(who));
	}

	fn set_randomness(value: [u8; 32]) {
		world(|w| w.randomness = Some(value));
	}

	fn equivocation_proof(who: &AccountId) -> TestProof {
		TestProof { offender: *who, slot: 1, valid: true }
	}
}
