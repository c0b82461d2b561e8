//! Benchmarks of the committee's calls and session changes, each in its worst case; the session
//! change runs an election over up to `MaxCandidates` candidates with full windows.

use super::*;
use crate::pallet::{
	BalanceOf, CandidateList, Candidates, CurrentSession, ElectionSnapshot, Invulnerables,
	NextElection, Past, Queued,
};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	storage::StorageValue as StoredValue,
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use pallet_session::SessionManager;
use sp_runtime::{traits::Bounded, Perbill};

/// What benchmarks need from the rest of the runtime.
pub trait BenchmarkHelper<T: Config> {
	/// Gives `who` (funded) session keys and a published Umbral key.
	fn prepare_candidate(who: &T::AccountId);
	/// Makes [`Config::Randomness`] return `value`.
	fn set_randomness(value: [u8; 32]);
	/// A valid proof that `who`, prepared as a candidate, authored two blocks in one slot.
	fn equivocation_proof(
		who: &T::AccountId,
	) -> <T::Equivocation as EquivocationCheck<T::AccountId>>::Proof;
}

const SEED: u32 = 0;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

/// A funded candidate with keys, bonded with the least bond.
fn candidate<T: Config>(index: u32) -> T::AccountId {
	let who = funded::<T>("candidate", index);
	T::BenchmarkHelper::prepare_candidate(&who);
	Pallet::<T>::add_candidate(&who, T::Parameters::get().min_bond).expect("room for candidates");
	who
}

/// Adds candidates until there are `c` (genesis may have some already); returns them all.
fn fill_candidates<T: Config>(c: u32) -> Vec<T::AccountId> {
	let mut index = 0;
	while (CandidateList::<T>::decode_len().unwrap_or(0) as u32) < c {
		candidate::<T>(index);
		index += 1;
	}
	CandidateList::<T>::get().into_inner()
}

fn min_bond<T: Config>() -> BalanceOf<T> {
	T::Parameters::get().min_bond
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `c` candidates already: the new one is inserted into a list that long.
	#[benchmark]
	fn register_candidate(c: Linear<1, { T::MaxCandidates::get() - 1 }>) {
		fill_candidates::<T>(c);
		let who = funded::<T>("new", 0);
		T::BenchmarkHelper::prepare_candidate(&who);
		let bond = min_bond::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), bond);

		assert!(Candidates::<T>::contains_key(&who));
	}

	#[benchmark]
	fn bond_extra() {
		let who = candidate::<T>(0);
		let amount = min_bond::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);

		assert_eq!(Candidates::<T>::get(&who).map(|c| c.bond), Some(min_bond::<T>() + amount));
	}

	/// The first of `c` candidates leaves: the whole list shifts.
	#[benchmark]
	fn leave(c: Linear<1, { T::MaxCandidates::get() }>) {
		let who = fill_candidates::<T>(c).first().cloned().expect("c >= 1");

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!CandidateList::<T>::get().contains(&who));
	}

	/// `w` closed sessions of the candidate are still kept and removed.
	#[benchmark]
	fn withdraw(w: Linear<1, { T::MaxWindow::get() }>) {
		let who = candidate::<T>(0);
		let tally = Tally { fees: 1u32.into(), ..Default::default() };
		for session in 0..w {
			Past::<T>::insert(session, &who, tally);
		}
		let mut record = Candidates::<T>::get(&who).expect("just added");
		record.window_start = 0;
		Candidates::<T>::insert(&who, record);
		CurrentSession::<T>::put(w);
		Pallet::<T>::leave(RawOrigin::Signed(who.clone()).into()).expect("a candidate");
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + T::UnbondingDelay::get(),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Candidates::<T>::contains_key(&who));
	}

	#[benchmark]
	fn report_equivocation() {
		let who = candidate::<T>(0);
		let proof = T::BenchmarkHelper::equivocation_proof(&who);
		let reporter = funded::<T>("reporter", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), alloc::boxed::Box::new(proof));

		assert!(Candidates::<T>::get(&who).is_some_and(|c| c.equivocation.is_some()));
	}

	#[benchmark]
	fn set_invulnerables(
		n: Linear<1, { T::MaxInvulnerables::get() }>,
	) -> Result<(), BenchmarkError> {
		let origin =
			T::UpdateOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut parameters = T::Parameters::get();
		parameters.seats = parameters.seats.max(n).min(T::MaxSeats::get());
		T::Parameters::put(parameters);
		let invulnerables: Vec<T::AccountId> = (0..n)
			.map(|i| {
				let who = funded::<T>("invulnerable", i);
				T::BenchmarkHelper::prepare_candidate(&who);
				who
			})
			.collect();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, invulnerables);

		assert_eq!(Invulnerables::<T>::get().len() as u32, n);
		Ok(())
	}

	#[benchmark]
	fn note_author() {
		let who = candidate::<T>(0);

		#[block]
		{
			Pallet::<T>::note_author(&who);
		}

		assert!(Candidates::<T>::get(&who).is_some_and(|c| c.current.authored == 1));
	}

	#[benchmark]
	fn note_fees() {
		let who = candidate::<T>(0);
		let fee = min_bond::<T>();

		#[block]
		{
			Pallet::<T>::note_fees(&who, fee);
		}

		assert!(Candidates::<T>::get(&who).is_some_and(|c| c.current.fees == fee));
	}

	#[benchmark]
	fn note_cfrag_rejected() {
		let who = candidate::<T>(0);

		#[block]
		{
			Pallet::<T>::note_cfrag_rejected(&who);
		}

		assert!(Candidates::<T>::get(&who).is_some_and(|c| c.current.invalid_cfrags == 1));
	}

	/// A session change with an election: `c` candidates, each with activity to close into its
	/// window and an old session to drop from it, all in the snapshot, a committee of 21 (or
	/// the most seats, if fewer) drawn, a quarter from the lower-credit half.
	#[benchmark]
	fn session_change(c: Linear<1, { T::MaxCandidates::get() }>) {
		let mut parameters = T::Parameters::get();
		parameters.seats = 21u32.min(T::MaxSeats::get());
		parameters.low_credit_seats = Perbill::from_percent(25);
		parameters.min_credit = 0;
		T::Parameters::put(parameters);
		let session = parameters.window + 1;
		CurrentSession::<T>::put(session);
		let candidates = fill_candidates::<T>(c);
		let activity = Tally {
			fees: min_bond::<T>(),
			records: 2,
			sold: min_bond::<T>(),
			cfrags: 5,
			invalid_cfrags: 0,
			authored: 4,
			expected: 4,
		};
		for who in &candidates {
			let mut record = Candidates::<T>::get(who).expect("just added");
			record.current = activity;
			// The oldest session kept leaves the window at this change.
			record.window_start = 0;
			record.window = activity;
			Past::<T>::insert(0, who, activity);
			Candidates::<T>::insert(who, record);
		}
		let credits: Vec<_> = candidates
			.iter()
			.enumerate()
			.map(|(i, who)| (who.clone(), 1 + i as u32 % 1000))
			.collect();
		ElectionSnapshot::<T>::put(Snapshot {
			session,
			seen: Some([0; 32]),
			credits: BoundedVec::truncate_from(credits),
		});
		T::BenchmarkHelper::set_randomness([1; 32]);
		NextElection::<T>::put(session + 1);
		let members: Vec<_> = candidates.iter().take(parameters.seats as usize).cloned().collect();
		Queued::<T>::put(BoundedVec::truncate_from(members));

		#[block]
		{
			Pallet::<T>::end_session(session - 1);
			Pallet::<T>::start_session(session);
			Pallet::<T>::new_session(session + 1);
		}

		assert_eq!(NextElection::<T>::get(), session + 1 + parameters.term);
		assert!(candidates.iter().all(|who| !Past::<T>::contains_key(0, who)));
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::new_test_ext(vec![], vec![]),
		crate::mock::Test
	);
}
