//! The allocation, the team's batches, and where fees, tips and dust go.

use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Balanced, Inspect, Mutate},
		tokens::{imbalance::OnUnbalanced, Fortitude, Precision, Preservation},
		Hooks, LockIdentifier,
	},
};
use sp_runtime::BuildStorage;

use crate::{mock::*, Allocation, Category, Pallet, Release, Reserves, SplitFees, MAX_RESERVES};

const VESTING_ID: LockIdentifier = *b"vesting ";

fn lock_of(who: AccountId) -> Balance {
	pallet_balances::Locks::<Test>::get(who)
		.iter()
		.filter(|lock| lock.id == VESTING_ID)
		.map(|lock| lock.amount)
		.sum()
}

fn transferable(who: AccountId) -> Balance {
	<Balances as Inspect<AccountId>>::reducible_balance(
		&who,
		Preservation::Expendable,
		Fortitude::Polite,
	)
}

fn issuance() -> Balance {
	<Balances as Inspect<AccountId>>::total_issuance()
}

#[test]
fn genesis_mints_exactly_the_supply_by_the_table() {
	new_test_ext().execute_with(|| {
		assert_eq!(issuance(), SUPPLY);
		for line in allocations() {
			assert_eq!(Balances::free_balance(line.account), line.amount, "{:?}", line.category);
		}
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn a_table_that_does_not_add_up_is_refused_and_mints_nothing() {
	let mut short = allocations();
	short[0].amount -= 1;
	let mut long = allocations();
	long[0].amount += 1;
	for table in [short, long] {
		sp_io::TestExternalities::new(Default::default()).execute_with(|| {
			assert_eq!(
				Pallet::<Test>::allocate(&table),
				Err("the allocations do not add up to the total supply")
			);
			assert_eq!(issuance(), 0);
		});
	}
}

#[test]
fn the_treasury_must_be_endowed_at_genesis() {
	let mut table = allocations();
	// The treasury's line moved to the foundation: the sum is right, the treasury empty.
	table.retain(|line| line.account != TREASURY);
	table[3].amount += 1_000;
	sp_io::TestExternalities::new(Default::default()).execute_with(|| {
		assert_eq!(
			Pallet::<Test>::allocate(&table),
			Err("the treasury must be endowed with at least the existential deposit")
		);
	});
	let mut table = allocations();
	let treasury = table.iter().position(|line| line.account == TREASURY).unwrap();
	table[treasury].amount = ED - 1;
	table[0].amount += 1_000 - (ED - 1);
	sp_io::TestExternalities::new(Default::default()).execute_with(|| {
		assert!(Pallet::<Test>::allocate(&table).is_err());
	});
}

#[test]
fn the_tables_reserves_are_recorded_once_each_and_bounded() {
	new_test_ext().execute_with(|| {
		assert_eq!(Reserves::<Test>::get().into_inner(), vec![FOUNDATION, TREASURY]);
	});
	// An account on two reserve lines is one reserve; a line that is no reserve adds none.
	let mut table = allocations();
	let foundation = table.iter().position(|line| line.account == FOUNDATION).unwrap();
	table[foundation].amount -= 2 * ED;
	table.push(Allocation { amount: ED, ..table[foundation].clone() });
	table.push(Allocation { account: 7, amount: ED, reserve: false, ..table[foundation].clone() });
	sp_io::TestExternalities::new(Default::default()).execute_with(|| {
		assert_ok!(Pallet::<Test>::allocate(&table));
		assert_eq!(Reserves::<Test>::get().into_inner(), vec![FOUNDATION, TREASURY]);
	});
	// More reserves than the bound: refused before anything is minted.
	let mut table = allocations();
	table[0].amount -= MAX_RESERVES as Balance * ED;
	for k in 0..MAX_RESERVES as AccountId {
		table.push(Allocation {
			category: Category::Foundation,
			account: 10_000 + k,
			amount: ED,
			release: Release::Liquid,
			reserve: true,
		});
	}
	sp_io::TestExternalities::new(Default::default()).execute_with(|| {
		assert_eq!(
			Pallet::<Test>::allocate(&table),
			Err("more reserve accounts than MAX_RESERVES")
		);
		assert_eq!(issuance(), 0);
	});
}

#[test]
fn batches_need_a_first_block_a_spacing_and_a_count() {
	for release in [
		Release::Batches { first: 0, every: YEAR, count: 4 },
		Release::Batches { first: YEAR, every: 0, count: 4 },
		Release::Batches { first: YEAR, every: YEAR, count: 0 },
	] {
		let mut table = allocations();
		table[2].release = release;
		sp_io::TestExternalities::new(Default::default()).execute_with(|| {
			assert!(Pallet::<Test>::allocate(&table).is_err(), "{release:?}");
			assert_eq!(issuance(), 0);
		});
	}
}

#[test]
#[should_panic(expected = "cpc-economics genesis: the allocations do not add up")]
fn a_bad_table_fails_the_genesis_build() {
	let mut table = allocations();
	table[0].amount += 1;
	new_test_ext_with(table);
}

/// pallet-vesting's own genesis, given the team's four batches as four entries, sets the lock
/// once per entry: the account ends up locked for the last entry only. This is why the pallet
/// adds the batches through `VestingSchedule`.
#[test]
fn pallet_vestings_genesis_would_lock_only_the_last_batch() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> { balances: vec![(TEAM, 400)], ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	// Four batches of 100 at blocks 100, 200, 300, 400; the last one is entry four.
	pallet_vesting::GenesisConfig::<Test> {
		vesting: (1..=4u64).map(|k| (TEAM, k * 100 - 1, 1, 400 - 100)).collect(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(lock_of(TEAM), 100, "locked for one batch of four");
	});
	new_test_ext().execute_with(|| assert_eq!(lock_of(TEAM), TEAM_SHARE));
}

#[test]
fn the_team_share_is_released_one_batch_a_year_at_the_block() {
	new_test_ext().execute_with(|| {
		let batch = TEAM_SHARE / BATCHES as u128;
		assert_eq!(lock_of(TEAM), TEAM_SHARE);
		assert_eq!(transferable(TEAM), 0);
		for k in 0..BATCHES as u64 {
			let release = YEAR + k * YEAR;
			// One block before: nothing of this batch, even after asking for what is due.
			System::set_block_number(release - 1);
			assert_ok!(Vesting::vest(RuntimeOrigin::signed(TEAM)));
			let released = batch * k as u128;
			assert_eq!(transferable(TEAM), released, "block {}", release - 1);
			assert_noop!(
				Balances::transfer_allow_death(
					RuntimeOrigin::signed(TEAM),
					COMMUNITY,
					released + 1
				),
				sp_runtime::TokenError::Frozen
			);
			// At the block: one batch more (the last one takes what division left).
			System::set_block_number(release);
			assert_ok!(Vesting::vest(RuntimeOrigin::signed(TEAM)));
			let released =
				if k + 1 == BATCHES as u64 { TEAM_SHARE } else { batch * (k as u128 + 1) };
			assert_eq!(transferable(TEAM), released, "block {release}");
			assert_eq!(lock_of(TEAM), TEAM_SHARE - released);
		}
		// All of it moves now, and the schedules are gone.
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(TEAM),
			COMMUNITY,
			TEAM_SHARE
		));
		assert!(pallet_vesting::Vesting::<Test>::get(TEAM).is_none());
		assert_eq!(issuance(), SUPPLY);
	});
}

#[test]
fn the_locked_team_share_cannot_leave_by_any_transfer() {
	new_test_ext().execute_with(|| {
		System::set_block_number(YEAR - 1);
		assert_noop!(
			Balances::transfer_keep_alive(RuntimeOrigin::signed(TEAM), COMMUNITY, 1),
			sp_runtime::TokenError::Frozen
		);
		assert!(<Balances as Mutate<AccountId>>::transfer(
			&TEAM,
			&COMMUNITY,
			1,
			Preservation::Expendable
		)
		.is_err());
	});
}

/// A fee of `fee` and a tip of `tip` withdrawn from the community, as the payment pallet
/// withdraws them, then handed to the split.
pub(super) fn charge(fee: Balance, tip: Balance) {
	let withdraw = |amount| {
		<Balances as Balanced<AccountId>>::withdraw(
			&COMMUNITY,
			amount,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.unwrap()
	};
	SplitFees::<Test>::on_unbalanceds([withdraw(fee), withdraw(tip)].into_iter());
}

#[test]
fn fees_go_mostly_to_the_author_and_tips_all_to_it() {
	new_test_ext().execute_with(|| {
		set_author(Some(INVESTORS));
		let (author, treasury) =
			(Balances::free_balance(INVESTORS), Balances::free_balance(TREASURY));
		charge(1_001, 50);
		// 80 % of 1,001 is 800.8, rounded to 801: the author gets that and the whole tip.
		assert_eq!(Balances::free_balance(INVESTORS) - author, 801 + 50);
		assert_eq!(Balances::free_balance(TREASURY) - treasury, 200);
		assert_eq!(Pallet::<Test>::treasury_part(1_001), 200);
		assert_eq!(issuance(), SUPPLY);
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn without_an_author_everything_goes_to_the_treasury() {
	new_test_ext().execute_with(|| {
		let treasury = Balances::free_balance(TREASURY);
		charge(1_000, 7);
		assert_eq!(Balances::free_balance(TREASURY) - treasury, 1_007);
		assert_eq!(issuance(), SUPPLY);
	});
}

#[test]
fn an_author_account_that_cannot_take_its_part_leaves_it_to_the_treasury() {
	new_test_ext().execute_with(|| {
		// Account 77 does not exist; its part (8 of 10, no tip) is below the existential
		// deposit, so it cannot be created with it.
		set_author(Some(77));
		let treasury = Balances::free_balance(TREASURY);
		charge(10, 0);
		assert_eq!(Balances::free_balance(77), 0);
		assert_eq!(Balances::free_balance(TREASURY) - treasury, 10);
		assert_eq!(issuance(), SUPPLY);
		// A part above the existential deposit creates the author's account.
		charge(100, 0);
		assert_eq!(Balances::free_balance(77), 80);
		assert_eq!(issuance(), SUPPLY);
	});
}

#[test]
fn dust_goes_to_the_treasury() {
	new_test_ext().execute_with(|| {
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(COMMUNITY), 50, ED + 3));
		let treasury = Balances::free_balance(TREASURY);
		// Account 50 sends away all but 3 units, below the existential deposit: the 3 are dust.
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(50), 51, ED));
		assert_eq!(Balances::free_balance(50), 0);
		assert_eq!(Balances::free_balance(TREASURY) - treasury, 3);
		assert_eq!(issuance(), SUPPLY);
	});
}

#[test]
fn try_state_sees_minted_and_burnt_cpc() {
	new_test_ext().execute_with(|| {
		assert_ok!(<Balances as Mutate<AccountId>>::mint_into(&COMMUNITY, 1));
		assert!(Pallet::<Test>::do_try_state().is_err());
		assert_ok!(<Balances as Mutate<AccountId>>::burn_from(
			&COMMUNITY,
			2,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite
		));
		assert!(Pallet::<Test>::do_try_state().is_err());
	});
}

#[test]
fn integrity_holds_for_the_test_runtime() {
	<Economics as Hooks<BlockNumber>>::integrity_test();
}

#[test]
fn the_table_reads_from_json_in_the_words_of_the_chain_spec() {
	let json = serde_json::json!([
		{ "category": "team", "account": 3, "amount": 10, "release": { "batches": { "first": 5, "every": 5, "count": 2 } } },
		{ "category": "foundation", "account": 100, "amount": 20, "release": "liquid" }
	]);
	let table: Vec<Allocation<AccountId, Balance, BlockNumber>> =
		serde_json::from_value(json).unwrap();
	assert_eq!(table[0].category, Category::Team);
	assert_eq!(table[0].release, Release::Batches { first: 5, every: 5, count: 2 });
	assert_eq!(table[1].release, Release::Liquid);
	// A line names itself a reserve, or is none.
	assert!(!table[0].reserve);
	let json = serde_json::json!({
		"category": "foundation", "account": 100, "amount": 20, "release": "liquid", "reserve": true
	});
	let line: Allocation<AccountId, Balance, BlockNumber> = serde_json::from_value(json).unwrap();
	assert!(line.reserve);
}
