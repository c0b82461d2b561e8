//! A test runtime: the system and this pallet, over referenda kept in a table.

use core::cell::RefCell;
use std::collections::BTreeMap;

use frame_support::{derive_impl, dispatch::DispatchResult};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

use crate::{self as pallet_cpc_governance, *};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Governance: pallet_cpc_governance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The council's track in the test runtime.
pub const COUNCIL_TRACK: u16 = 1;
/// Another track.
pub const ROOT_TRACK: u16 = 0;

frame_support::parameter_types! {
	pub const Small: u128 = 10;
	pub const Big: u128 = 1_000;
	pub const CouncilTrack: u16 = COUNCIL_TRACK;
}

thread_local! {
	/// The ongoing referenda, by index: their tracks.
	static ONGOING: RefCell<BTreeMap<u32, u16>> = const { RefCell::new(BTreeMap::new()) };
	/// The referenda cancelled, in order.
	static CANCELLED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
	/// The rejected referenda, by index: whether their submission deposit is still held.
	static REJECTED: RefCell<BTreeMap<u32, bool>> = const { RefCell::new(BTreeMap::new()) };
}

/// Referenda kept in a table: a test puts them on tracks.
pub struct TableReferenda;

impl TableReferenda {
	/// Referendum `index` is ongoing on `track`.
	pub fn open(index: u32, track: u16) {
		ONGOING.with(|o| o.borrow_mut().insert(index, track));
	}
	/// Referendum `index` was rejected, its submission deposit held.
	pub fn reject(index: u32) {
		REJECTED.with(|r| r.borrow_mut().insert(index, true));
	}
	/// Whether rejected referendum `index` still holds its submission deposit.
	pub fn holds_submission(index: u32) -> bool {
		REJECTED.with(|r| r.borrow().get(&index).copied().unwrap_or(false))
	}
	/// The referenda cancelled so far.
	pub fn cancelled() -> Vec<u32> {
		CANCELLED.with(|c| c.borrow().clone())
	}
}

impl Referenda for TableReferenda {
	type Index = u32;
	type Track = u16;
	fn ongoing_track(index: u32) -> Option<u16> {
		ONGOING.with(|o| o.borrow().get(&index).copied())
	}
	fn cancel(index: u32) -> DispatchResult {
		ONGOING.with(|o| o.borrow_mut().remove(&index)).ok_or("not ongoing")?;
		CANCELLED.with(|c| c.borrow_mut().push(index));
		Ok(())
	}
	fn refund_rejected_submission(index: u32) -> Result<(), RefundError> {
		REJECTED.with(|r| match r.borrow_mut().get_mut(&index) {
			None => Err(RefundError::NotRejected),
			Some(false) => Err(RefundError::AlreadyRefunded),
			Some(held) => {
				*held = false;
				Ok(())
			}
		})
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn rejected() -> Result<u32, &'static str> {
		let index = REJECTED.with(|r| r.borrow().keys().last().map_or(0, |last| last + 1));
		Self::reject(index);
		Ok(index)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn ongoing_on(track: u16) -> Result<u32, &'static str> {
		let index = ONGOING.with(|o| o.borrow().keys().last().map_or(0, |last| last + 1));
		Self::open(index, track);
		Ok(index)
	}
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Referenda = TableReferenda;
	type CouncilTrack = CouncilTrack;
	// Root stands for the council's motion here.
	type CouncilOrigin = EnsureRoot<u64>;
	type WeightInfo = ();
}

/// Externalities at the given pace, at block 1.
pub fn ext(pace: u32) -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		governance: GenesisConfig { pace, ..Default::default() },
		..Default::default()
	}
	.build_storage()
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Externalities at the live pace.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ext(1)
}
