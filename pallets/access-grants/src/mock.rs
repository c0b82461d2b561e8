//! A test runtime: System, Balances and the market, with an in-memory data registry, proxy set
//! and observer.

use crate::{self as pallet_access_grants, DataSource, GrantId, RecordInfo, SharingObserver};
use cpchain_primitives::{
	interval::IntervalIndex,
	record::{DeviceId, RecordId},
	umbral::UmbralPublicKey,
};
use frame_support::{derive_impl, parameter_types, traits::SortedMembers};
use sp_runtime::{BuildStorage, Perbill};
use std::{cell::RefCell, collections::BTreeMap};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		AccessGrants: pallet_access_grants,
		CpcParameters: pallet_cpc_parameters,
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
	// Above a proxy's share of a cheap part, as a live chain's is: a payee without an account
	// cannot take such a share.
	type ExistentialDeposit = frame_support::traits::ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// What the in-memory registry, proxy set and observer hold.
#[derive(Default)]
pub struct World {
	pub keys: BTreeMap<AccountId, UmbralPublicKey>,
	pub devices: BTreeMap<DeviceId, AccountId>,
	pub records: BTreeMap<RecordId, RecordInfo<AccountId, BlockNumber>>,
	pub proxies: Vec<AccountId>,
	/// Valid fragments per proxy.
	pub accepted: BTreeMap<AccountId, u32>,
	/// Rejected fragments: proxy and grant.
	pub rejected: Vec<(AccountId, GrantId)>,
	/// Parts paid for: owner, buyer, what the proxies were paid together.
	pub sales: Vec<(AccountId, AccountId, Balance)>,
}

thread_local! {
	pub static WORLD: RefCell<World> = RefCell::new(World::default());
}

/// Reads or changes the in-memory world.
pub fn world<R>(f: impl FnOnce(&mut World) -> R) -> R {
	WORLD.with(|world| f(&mut world.borrow_mut()))
}

/// The data registry, in memory.
pub struct Registry;

impl DataSource<AccountId, BlockNumber> for Registry {
	fn umbral_key(who: &AccountId) -> Option<UmbralPublicKey> {
		world(|w| w.keys.get(who).copied())
	}
	fn device_owner(device: DeviceId) -> Option<AccountId> {
		world(|w| w.devices.get(&device).copied())
	}
	fn record(record: &RecordId) -> Option<RecordInfo<AccountId, BlockNumber>> {
		world(|w| w.records.get(record).cloned())
	}
	fn records_of_device(
		device: DeviceId,
		after: Option<IntervalIndex>,
		limit: u32,
	) -> Vec<IntervalIndex> {
		world(|w| {
			w.records
				.keys()
				.filter(|record| record.device == device)
				.map(|record| record.interval)
				.filter(|interval| after.is_none_or(|after| *interval > after))
				.take(limit as usize)
				.collect()
		})
	}
}

/// The proxy set, in memory and sorted.
pub struct ProxySet;

impl SortedMembers<AccountId> for ProxySet {
	fn sorted_members() -> Vec<AccountId> {
		world(|w| w.proxies.clone())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &AccountId) {
		world(|w| {
			if let Err(at) = w.proxies.binary_search(who) {
				w.proxies.insert(at, *who);
			}
		})
	}
}

/// Records what the market reports.
pub struct Observer;

impl SharingObserver<AccountId, Balance> for Observer {
	fn cfrag_accepted(proxy: &AccountId, _owner: &AccountId, _buyer: &AccountId) {
		world(|w| *w.accepted.entry(*proxy).or_default() += 1);
	}
	fn cfrag_rejected(proxy: &AccountId, grant: GrantId) {
		world(|w| w.rejected.push((*proxy, grant)));
	}
	fn part_settled(owner: &AccountId, buyer: &AccountId, proxies: &[AccountId], each: Balance) {
		world(|w| w.sales.push((*owner, *buyer, proxies.len() as Balance * each)));
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for Registry {
	fn set_umbral_key(who: &AccountId, key: UmbralPublicKey) {
		world(|w| w.keys.insert(*who, key));
	}
	fn add_device(owner: &AccountId) -> DeviceId {
		world(|w| {
			let device = w.devices.len() as DeviceId;
			w.devices.insert(device, *owner);
			device
		})
	}
	fn add_record(
		owner: &AccountId,
		record: RecordId,
		capsule: cpchain_primitives::umbral::EncodedCapsule,
	) {
		let registered_at = System::block_number();
		world(|w| {
			let owner_key = w.keys[owner].fingerprint();
			w.records
				.insert(record, RecordInfo { owner: *owner, capsule, owner_key, registered_at })
		});
	}
}

pub const LISTING_DEPOSIT: Balance = 50;
pub const GRANT_DEPOSIT: Balance = 70;
pub const REQUEST_DEPOSIT: Balance = 20;
pub const REQUEST_TIMEOUT: BlockNumber = 100;
pub const DELIVERY_WINDOW: BlockNumber = 20;
pub const CFRAG_RETENTION: BlockNumber = 30;

parameter_types! {
	pub const ListingDeposit: Balance = LISTING_DEPOSIT;
	pub const GrantDeposit: Balance = GRANT_DEPOSIT;
	pub const RequestDeposit: Balance = REQUEST_DEPOSIT;
	pub const DefaultParameters: pallet_access_grants::ParametersOf<Test> =
		pallet_access_grants::Parameters {
			listing_deposit: LISTING_DEPOSIT,
			request_deposit: REQUEST_DEPOSIT,
			grant_deposit: GRANT_DEPOSIT,
			proxy_fee: Perbill::from_percent(10),
			request_timeout: REQUEST_TIMEOUT,
			delivery_window: DELIVERY_WINDOW,
			cfrag_retention: CFRAG_RETENTION,
		};
}

// The market's parameters live in CPChain's parameters pallet, as in the runtime.
impl pallet_cpc_parameters::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Committee = pallet_cpc_parameters::NoParameters;
	type Economics = pallet_cpc_parameters::NoParameters;
	type Market = AccessGrants;
	type Registry = pallet_cpc_parameters::NoParameters;
	type AdminOrigin =
		frame_support::traits::AsEnsureOriginWithArg<frame_system::EnsureRoot<AccountId>>;
	type WeightInfo = ();
}

impl pallet_access_grants::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Data = Registry;
	type Frozen = cpchain_primitives::funds::BalancesFrozen<Test>;
	type Proxies = ProxySet;
	type Observer = Observer;
	type Parameters = pallet_cpc_parameters::Market<Test>;
	type DefaultParameters = DefaultParameters;
	type MinListingDeposit = ListingDeposit;
	type MinRequestDeposit = RequestDeposit;
	type MinGrantDeposit = GrantDeposit;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Registry;
}

pub const OWNER: AccountId = 1;
pub const BUYER: AccountId = 2;
pub const OTHER_BUYER: AccountId = 3;
pub const PROXIES: [AccountId; 3] = [11, 12, 13];
/// An account with keys but no balance.
pub const PAUPER: AccountId = 99;
pub const ENDOWMENT: Balance = 100_000;
/// The least balance an account exists with.
pub const EXISTENTIAL_DEPOSIT: Balance = 10;

/// The owner, two buyers and three proxies endowed; an empty world; block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	world(|w| *w = World::default());
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let endowed = [OWNER, BUYER, OTHER_BUYER].into_iter().chain(PROXIES);
	pallet_balances::GenesisConfig::<Test> {
		balances: endowed.map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs the pallet's invariant checks.
pub fn check_state() {
	AccessGrants::do_try_state().unwrap();
}
