//! A runtime with a toy section of two parameters in two places, and none in the others.

use alloc::{vec, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	derive_impl,
	pallet_prelude::{DispatchResult, TypeInfo},
	traits::EnsureOriginWithArg,
};
use frame_system::RawOrigin;
use sp_runtime::{BuildStorage, DispatchError};

use crate::{self as pallet_cpc_parameters, *};
use cpchain_primitives::parameters::ParameterOf;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Parameters: pallet_cpc_parameters,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// A toy record: `low` between 1 and 100, and `high` at least `low`.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Toy {
	pub low: u32,
	pub high: u32,
}

#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ToyKey {
	Low,
	High,
}

#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum ToyChange {
	Low(u32),
	High(u32),
}

/// The toy section's refusals, as a pallet's typed errors would be.
pub const LOW_OUT_OF_RANGE: DispatchError = DispatchError::Other("low out of range");
pub const HIGH_BELOW_LOW: DispatchError = DispatchError::Other("high below low");

impl ParameterOf<Toy> for ToyChange {
	type Key = ToyKey;

	fn key(&self) -> ToyKey {
		match self {
			ToyChange::Low(_) => ToyKey::Low,
			ToyChange::High(_) => ToyKey::High,
		}
	}

	fn apply_to(self, record: &mut Toy) {
		match self {
			ToyChange::Low(v) => record.low = v,
			ToyChange::High(v) => record.high = v,
		}
	}

	fn all() -> Vec<ToyKey> {
		vec![ToyKey::Low, ToyKey::High]
	}
}

pub struct ToySection;
impl Section for ToySection {
	type Record = Toy;
	type Change = ToyChange;
	type Key = ToyKey;

	fn initial() -> Toy {
		Toy { low: 10, high: 20 }
	}

	fn check(record: &Toy) -> DispatchResult {
		if !(1..=100).contains(&record.low) {
			return Err(LOW_OUT_OF_RANGE);
		}
		if record.high < record.low {
			return Err(HIGH_BELOW_LOW);
		}
		Ok(())
	}

	fn beyond_bounds(key: ToyKey) -> Vec<ToyChange> {
		match key {
			ToyKey::Low => vec![ToyChange::Low(0), ToyChange::Low(101)],
			ToyKey::High => vec![ToyChange::High(0)],
		}
	}

	fn within_bounds(key: ToyKey) -> ToyChange {
		match key {
			ToyKey::Low => ToyChange::Low(15),
			ToyKey::High => ToyChange::High(50),
		}
	}

	fn changed(old: &Toy, new: &Toy) {
		CHANGES.with(|c| c.borrow_mut().push((old.clone(), new.clone())));
	}
}

std::thread_local! {
	static CHANGES: core::cell::RefCell<Vec<(Toy, Toy)>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// The changes the toy section heard of since the last call, oldest first.
pub fn changes() -> Vec<(Toy, Toy)> {
	CHANGES.with(|c| core::mem::take(&mut *c.borrow_mut()))
}

/// The account that, like the executive committee, may set the committee's `low` only.
pub const EXECUTIVE: u64 = 7;

/// Root sets anything; [`EXECUTIVE`] only the committee's `low`.
pub struct Admin;
impl EnsureOriginWithArg<RuntimeOrigin, KeyOf<Test>> for Admin {
	type Success = ();
	fn try_origin(o: RuntimeOrigin, key: &KeyOf<Test>) -> Result<(), RuntimeOrigin> {
		let raw: Result<RawOrigin<u64>, RuntimeOrigin> = o.clone().into();
		match raw {
			Ok(RawOrigin::Root) => Ok(()),
			Ok(RawOrigin::Signed(EXECUTIVE)) if *key == Key::Committee(ToyKey::Low) => Ok(()),
			_ => Err(o),
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(_: &KeyOf<Test>) -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Committee = ToySection;
	type Economics = ToySection;
	type Market = NoParameters;
	type Registry = NoParameters;
	type AdminOrigin = Admin;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	ext(GenesisConfig::default())
}

pub fn ext(genesis: GenesisConfig<Test>) -> sp_io::TestExternalities {
	let storage =
		RuntimeGenesisConfig { parameters: genesis, ..Default::default() }.build_storage().unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}
