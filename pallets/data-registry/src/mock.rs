//! A test runtime: System, Balances, Timestamp and the data registry, with sr25519 accounts so
//! the gateway's keystore keys are accounts.

use crate::{self as pallet_data_registry, gateway_crypto::GatewayId};
use frame_support::{derive_impl, parameter_types};
use sp_core::{sr25519, Pair};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	generic::UncheckedExtrinsic, traits::IdentifyAccount, AccountId32, BuildStorage,
	MultiSignature, MultiSigner,
};
use std::sync::Mutex;

pub type AccountId = AccountId32;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;
/// What the gateway's transactions look like in tests: the signer and nonce, no signature.
pub type Extrinsic = UncheckedExtrinsic<AccountId, RuntimeCall, (), u32>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Timestamp: pallet_timestamp,
		DataRegistry: pallet_data_registry,
		CpcParameters: pallet_cpc_parameters,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

impl frame_system::offchain::SigningTypes for Test {
	type Public = MultiSigner;
	type Signature = MultiSignature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<
		A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		_public: MultiSigner,
		account: AccountId,
		nonce: u32,
	) -> Option<Extrinsic> {
		Some(UncheckedExtrinsic::new_signed(call, account, (), nonce))
	}
}

pub const KEY_DEPOSIT: Balance = 10;
pub const DEVICE_DEPOSIT: Balance = 100;
pub const RECORD_DEPOSIT: Balance = 30;
pub const MIN_INTERVAL: u64 = 6_000;
pub const MAX_INTERVAL: u64 = 86_400_000;
pub const RESUBMIT_AFTER: u64 = 5;

parameter_types! {
	pub const UmbralKeyDeposit: Balance = KEY_DEPOSIT;
	pub const DeviceDeposit: Balance = DEVICE_DEPOSIT;
	pub const RecordDeposit: Balance = RECORD_DEPOSIT;
	pub const MinIntervalLength: u64 = MIN_INTERVAL;
	pub const GatewayResubmitAfter: u64 = RESUBMIT_AFTER;
	pub const DefaultParameters: pallet_data_registry::ParametersOf<Test> =
		pallet_data_registry::Parameters {
			umbral_key_deposit: KEY_DEPOSIT,
			device_deposit: DEVICE_DEPOSIT,
			record_deposit: RECORD_DEPOSIT,
			min_interval_length: MIN_INTERVAL,
			max_interval_length: MAX_INTERVAL,
		};
}

// The registry's parameters live in CPChain's parameters pallet, as in the runtime.
impl pallet_cpc_parameters::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Committee = pallet_cpc_parameters::NoParameters;
	type Economics = pallet_cpc_parameters::NoParameters;
	type Market = pallet_cpc_parameters::NoParameters;
	type Registry = DataRegistry;
	type AdminOrigin =
		frame_support::traits::AsEnsureOriginWithArg<frame_system::EnsureRoot<AccountId>>;
	type WeightInfo = ();
}

impl pallet_data_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type GatewayId = GatewayId;
	type Parameters = pallet_cpc_parameters::Registry<Test>;
	type DefaultParameters = DefaultParameters;
	type MinUmbralKeyDeposit = UmbralKeyDeposit;
	type MinDeviceDeposit = DeviceDeposit;
	type MinRecordDeposit = RecordDeposit;
	type ShortestInterval = MinIntervalLength;
	type GatewayResubmitAfter = GatewayResubmitAfter;
	type Observer = RecordCounter;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetTimestamp;
}

thread_local! {
	static RECORDS_OBSERVED: core::cell::RefCell<std::collections::BTreeMap<AccountId, u32>> =
		Default::default();
}

/// Counts the records each owner removed, as the committee would hear of them.
pub struct RecordCounter;
impl crate::RecordObserver<AccountId> for RecordCounter {
	fn record_removed(owner: &AccountId) {
		RECORDS_OBSERVED.with(|seen| *seen.borrow_mut().entry(owner.clone()).or_default() += 1);
	}
}

/// Removals the observer heard of for `owner`.
pub fn records_observed(owner: &AccountId) -> u32 {
	RECORDS_OBSERVED.with(|seen| seen.borrow().get(owner).copied().unwrap_or_default())
}

/// Benchmarks move the clock through the timestamp pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct SetTimestamp;

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper for SetTimestamp {
	fn set_now(ms: u64) {
		Timestamp::set_timestamp(ms);
	}
}

/// The account of an sr25519 key pair made from `seed`.
pub fn account(seed: &str) -> AccountId {
	MultiSigner::from(sr25519::Pair::from_string(&format!("//{seed}"), None).unwrap().public())
		.into_account()
}

pub fn alice() -> AccountId {
	account("Alice")
}
pub fn bob() -> AccountId {
	account("Bob")
}
pub fn charlie() -> AccountId {
	account("Charlie")
}
/// An account with no balance at all.
pub fn pauper() -> AccountId {
	account("Pauper")
}

pub const ENDOWMENT: Balance = 1_000;
/// 2024-11-25T00:00:00Z, a start time far from zero like a real chain's.
pub const GENESIS_TIME_MS: u64 = 1_732_492_800_000;

/// Alice, Bob and Charlie endowed; the clock at [`GENESIS_TIME_MS`]; block 1; a keystore.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(alice(), ENDOWMENT), (bob(), ENDOWMENT), (charlie(), ENDOWMENT)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(GENESIS_TIME_MS);
	});
	ext
}

/// A fresh device key pair in the test keystore (as a gateway holds it).
pub fn new_device_key() -> sr25519::Public {
	sp_io::crypto::sr25519_generate(crate::DEVICE_KEY_TYPE, None)
}

/// Signs with a key in the test keystore.
pub fn sign(key: &sr25519::Public, message: &[u8]) -> sr25519::Signature {
	sp_io::crypto::sr25519_sign(crate::DEVICE_KEY_TYPE, key, message).unwrap()
}

/// Runs the pallet's invariant checks.
pub fn check_state() {
	DataRegistry::do_try_state().unwrap();
}

/// An IPFS RPC API as the offchain worker sees it over HTTP: records every request and answers
/// `/api/v0/add` with a fresh CID, or fails every request while `down` is set.
#[derive(Clone, Default)]
pub struct IpfsStub(pub std::sync::Arc<Mutex<IpfsStubState>>);

/// What the stub saw and how it behaves.
#[derive(Default)]
pub struct IpfsStubState {
	/// Requests so far: method, URI, headers, body.
	pub requests: Vec<(String, String, Vec<(String, String)>, Vec<u8>)>,
	/// Refuse connections.
	pub down: bool,
	read: usize,
}

/// The CIDs the stub hands out, in order.
pub const STUB_CIDS: [&str; 3] = [
	"bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
	"bafkreie7q3iidccmpvszul7kudcvvuavuo7u6gzlbobczuk5nqk3b4akba",
	"bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq",
];

impl IpfsStub {
	fn response(&self) -> Vec<u8> {
		let n = self.0.lock().unwrap().requests.len().saturating_sub(1) % STUB_CIDS.len();
		format!("{{\"Name\":\"blob\",\"Hash\":\"{}\",\"Size\":\"1\"}}\n", STUB_CIDS[n]).into_bytes()
	}
}

impl sp_core::offchain::Externalities for IpfsStub {
	fn is_validator(&self) -> bool {
		true
	}
	fn network_state(&self) -> Result<sp_core::offchain::OpaqueNetworkState, ()> {
		Err(())
	}
	fn timestamp(&mut self) -> sp_core::offchain::Timestamp {
		sp_core::offchain::Timestamp::from_unix_millis(GENESIS_TIME_MS)
	}
	fn sleep_until(&mut self, _: sp_core::offchain::Timestamp) {}
	fn random_seed(&mut self) -> [u8; 32] {
		[7u8; 32]
	}
	fn http_request_start(
		&mut self,
		method: &str,
		uri: &str,
		_: &[u8],
	) -> Result<sp_core::offchain::HttpRequestId, ()> {
		let mut state = self.0.lock().unwrap();
		if state.down {
			return Err(());
		}
		state.requests.push((method.into(), uri.into(), vec![], vec![]));
		state.read = 0;
		Ok(sp_core::offchain::HttpRequestId(state.requests.len() as u16))
	}
	fn http_request_add_header(
		&mut self,
		_: sp_core::offchain::HttpRequestId,
		name: &str,
		value: &str,
	) -> Result<(), ()> {
		let mut state = self.0.lock().unwrap();
		state.requests.last_mut().ok_or(())?.2.push((name.into(), value.into()));
		Ok(())
	}
	fn http_request_write_body(
		&mut self,
		_: sp_core::offchain::HttpRequestId,
		chunk: &[u8],
		_: Option<sp_core::offchain::Timestamp>,
	) -> Result<(), sp_core::offchain::HttpError> {
		let mut state = self.0.lock().unwrap();
		let request = state.requests.last_mut().ok_or(sp_core::offchain::HttpError::IoError)?;
		request.3.extend_from_slice(chunk);
		Ok(())
	}
	fn http_response_wait(
		&mut self,
		ids: &[sp_core::offchain::HttpRequestId],
		_: Option<sp_core::offchain::Timestamp>,
	) -> Vec<sp_core::offchain::HttpRequestStatus> {
		ids.iter().map(|_| sp_core::offchain::HttpRequestStatus::Finished(200)).collect()
	}
	fn http_response_headers(
		&mut self,
		_: sp_core::offchain::HttpRequestId,
	) -> Vec<(Vec<u8>, Vec<u8>)> {
		vec![]
	}
	fn http_response_read_body(
		&mut self,
		_: sp_core::offchain::HttpRequestId,
		buffer: &mut [u8],
		_: Option<sp_core::offchain::Timestamp>,
	) -> Result<usize, sp_core::offchain::HttpError> {
		let response = self.response();
		let mut state = self.0.lock().unwrap();
		let rest = &response[state.read.min(response.len())..];
		let n = rest.len().min(buffer.len());
		buffer[..n].copy_from_slice(&rest[..n]);
		state.read += n;
		Ok(n)
	}
	fn set_authorized_nodes(&mut self, _: Vec<sp_core::OpaquePeerId>, _: bool) {}
}
