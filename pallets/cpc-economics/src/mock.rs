//! A test runtime: System, Balances, the real vesting pallet and this pallet, with a block
//! author set by the test.

use core::cell::Cell;

use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, WithdrawReasons},
};
use sp_runtime::{traits::ConvertInto, BuildStorage, Perbill};

use crate::{self as pallet_cpc_economics, Allocation, Category, Release};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

/// Every unit there is.
pub const SUPPLY: Balance = 1_000_000;
pub const ED: Balance = 10;
pub const TREASURY: AccountId = 100;
pub const COMMUNITY: AccountId = 1;
pub const INVESTORS: AccountId = 2;
pub const TEAM: AccountId = 3;
pub const FOUNDATION: AccountId = 4;
/// The team's share, and its batches: the first at block `YEAR`, one each `YEAR` after.
pub const TEAM_SHARE: Balance = 200_003;
pub const YEAR: BlockNumber = 100;
pub const BATCHES: u32 = 4;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Vesting: pallet_vesting,
		TransactionPayment: pallet_transaction_payment,
		CpcParameters: pallet_cpc_parameters,
		Economics: pallet_cpc_economics,
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
	type ExistentialDeposit = ConstU128<ED>;
	type DustRemoval = crate::ToTreasury<Test>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_transaction_payment::config_preludes::TestDefaultConfig)]
impl pallet_transaction_payment::Config for Test {
	type OnChargeTransaction =
		pallet_transaction_payment::FungibleAdapter<Balances, crate::SplitFees<Test>>;
	// A few units a transaction, so that test accounts can pay many.
	type WeightToFee = frame_support::weights::FixedFee<5, Balance>;
	type LengthToFee = frame_support::weights::FixedFee<1, Balance>;
}

parameter_types! {
	pub UnvestedFundsAllowedWithdrawReasons: WithdrawReasons =
		WithdrawReasons::except(WithdrawReasons::TRANSFER | WithdrawReasons::RESERVE);
	pub const Supply: Balance = SUPPLY;
	pub const Treasury: AccountId = TREASURY;
	pub const AuthorShare: Perbill = Perbill::from_percent(80);
	pub const FreeShare: Perbill = Perbill::from_percent(20);
	pub const Defaults: crate::Parameters<Balance, BlockNumber> = crate::Parameters {
		author_share: AuthorShare::get(),
		day_length: DAY,
		quota_min_freeze: QUOTA_MIN,
		freeze_per_free_transaction: PER_FREE,
		max_free_per_day: MAX_FREE,
		min_free_spacing: SPACING,
		free_block_share: FreeShare::get(),
		free_transaction_share: Perbill::from_percent(10),
		max_free_length: MAX_FREE_LENGTH,
		unfreeze_delay: UNFREEZE_DELAY,
		dapp_min_stake: DAPP_MIN_STAKE,
		dapp_stake_per_ms: DAPP_STAKE_PER_MS,
		dapp_user_deposit: USER_DEPOSIT,
		min_lease: MIN_LEASE,
		dapp_unstake_delay: UNSTAKE_DELAY,
		lease_recall_delay: RECALL_DELAY,
	};
}

/// Blocks in a quota day.
pub const DAY: BlockNumber = 20;
/// The least frozen for any free transaction.
pub const QUOTA_MIN: Balance = 1_000;
/// Frozen per free transaction a day.
pub const PER_FREE: Balance = 500;
/// The most free transactions a day.
pub const MAX_FREE: u32 = 5;
/// Blocks between two free transactions.
pub const SPACING: BlockNumber = 2;
/// The longest free transaction.
pub const MAX_FREE_LENGTH: u32 = 100;
/// Blocks from asking a freeze back to its release.
pub const UNFREEZE_DELAY: BlockNumber = 25;
/// The least stake of a DApp.
pub const DAPP_MIN_STAKE: Balance = 1_000;
/// Stake per millisecond a day: the minimum pays for 10 ms a day.
pub const DAPP_STAKE_PER_MS: Balance = 100;
/// The deposit per admitted user.
pub const USER_DEPOSIT: Balance = 10;
/// The least lease.
pub const MIN_LEASE: Balance = 100;
/// Blocks from asking a DApp's stake back to its release.
pub const UNSTAKE_DELAY: BlockNumber = 30;
/// Blocks from recalling a lease to its release.
pub const RECALL_DELAY: BlockNumber = 35;

impl pallet_vesting::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type BlockNumberToBalance = ConvertInto;
	type MinVestedTransfer = ConstU128<100>;
	type WeightInfo = ();
	type UnvestedFundsAllowedWithdrawReasons = UnvestedFundsAllowedWithdrawReasons;
	type BlockNumberProvider = System;
	const MAX_VESTING_SCHEDULES: u32 = 28;
}

thread_local! {
	static AUTHOR: Cell<Option<AccountId>> = const { Cell::new(None) };
}

/// The block author the fee split pays: set by tests.
pub struct Author;
impl frame_support::traits::Get<Option<AccountId>> for Author {
	fn get() -> Option<AccountId> {
		AUTHOR.with(Cell::get)
	}
}

/// Sets the block author.
pub fn set_author(author: Option<AccountId>) {
	AUTHOR.with(|cell| cell.set(author));
}

impl pallet_cpc_economics::Config for Test {
	type Currency = Balances;
	type Frozen = cpchain_primitives::funds::BalancesFrozen<Test>;
	type Vesting = Vesting;
	type TotalSupply = Supply;
	type TreasuryAccount = Treasury;
	type BlockAuthor = Author;
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FreeCalls = FreeCalls;
	type DefaultParameters = Defaults;
	type Parameters = pallet_cpc_parameters::Economics<Test>;
	type WeightInfo = ();
}

// The economics' parameters live in CPChain's parameters pallet, as in the runtime.
impl pallet_cpc_parameters::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Committee = pallet_cpc_parameters::NoParameters;
	type Economics = Economics;
	type Market = pallet_cpc_parameters::NoParameters;
	type Registry = pallet_cpc_parameters::NoParameters;
	type AdminOrigin =
		frame_support::traits::AsEnsureOriginWithArg<frame_system::EnsureRoot<AccountId>>;
	type WeightInfo = ();
}

/// Every call may go free but `sudo`-like ones: here, `system.set_code`.
pub struct FreeCalls;
impl frame_support::traits::Contains<RuntimeCall> for FreeCalls {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::System(frame_system::Call::set_code { .. }))
	}
}

/// The test table: a community, investors, a locked team and a foundation that endows the
/// treasury; the foundation and the treasury are reserves. Adds up to [`SUPPLY`].
pub fn allocations() -> Vec<Allocation<AccountId, Balance, BlockNumber>> {
	let line = |category, account, amount, release| Allocation {
		category,
		account,
		amount,
		release,
		reserve: false,
	};
	let reserve = |line: Allocation<_, _, _>| Allocation { reserve: true, ..line };
	vec![
		line(Category::Community, COMMUNITY, 300_000, Release::Liquid),
		line(Category::Investors, INVESTORS, 250_000, Release::Liquid),
		line(
			Category::Team,
			TEAM,
			TEAM_SHARE,
			Release::Batches { first: YEAR, every: YEAR, count: BATCHES },
		),
		reserve(line(Category::Foundation, FOUNDATION, 249_997 - 1_000, Release::Liquid)),
		reserve(line(Category::Foundation, TREASURY, 1_000, Release::Liquid)),
	]
}

/// Externalities built from `allocations`, at block 1.
pub fn new_test_ext_with(
	allocations: Vec<Allocation<AccountId, Balance, BlockNumber>>,
) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_cpc_economics::GenesisConfig::<Test> { allocations }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_author(None);
	});
	ext
}

/// Externalities built from the test table.
pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(allocations())
}
