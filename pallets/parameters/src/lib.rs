//! # CPChain parameters
//!
//! The governable values of CPChain's pallets in one place.
//!
//! ## Overview
//!
//! Each CPChain pallet with governable values has a *section* here: a record of all its
//! parameters, which the pallet reads in one storage read ([`Committee`], [`Economics`],
//! [`Market`], [`Registry`]; the runtime gives each pallet its storage value). A parameter is set on its own with [`Pallet::set_parameter`],
//! so that two referenda on two parameters never undo each other, as two referenda each
//! setting a whole record would.
//!
//! - **Bounds, whoever proposes.** Every change is checked against the section's rules
//!   ([`Section::check`]: each parameter's hard bounds and the rules between parameters)
//!   before it is stored; a value beyond them is refused with the section's typed error,
//!   whichever origin proposed it.
//! - **An origin per parameter.** [`Config::AdminOrigin`] is asked with the parameter's
//!   [`Key`]: the runtime lets root and the parameter setter's track set every parameter, and
//!   the executive committee only the ones it lists.
//!
//! ## Terminology
//!
//! - *Section*: one pallet's parameters ([`Section`]).
//! - *Record*: a section's values, stored together.
//! - *Key*: the name of one parameter; *change*: a parameter and its new value.
//!
//! ## Calls
//!
//! - [`Pallet::set_parameter`]: sets one parameter. Errors: `BadOrigin` if the origin may not
//!   set that parameter; the section's own error if the new record breaks its rules.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

/// A section's key, by the pallet's configuration.
pub type KeyOf<T> = Key<
	<<T as Config>::Committee as Section>::Key,
	<<T as Config>::Economics as Section>::Key,
	<<T as Config>::Market as Section>::Key,
	<<T as Config>::Registry as Section>::Key,
>;

/// A change of one parameter, by the pallet's configuration.
pub type ChangeOf<T> = Change<
	<<T as Config>::Committee as Section>::Change,
	<<T as Config>::Economics as Section>::Change,
	<<T as Config>::Market as Section>::Change,
	<<T as Config>::Registry as Section>::Change,
>;

/// A section's record.
pub type RecordOf<S> = <S as Section>::Record;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::EnsureOriginWithArg};
	use frame_system::pallet_prelude::*;

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The collator committee's parameters.
		type Committee: Section;
		/// The CPC economics' parameters.
		type Economics: Section;
		/// The data market's parameters.
		type Market: Section;
		/// The data registry's parameters.
		type Registry: Section;

		/// Who may set a parameter, asked with its key.
		type AdminOrigin: EnsureOriginWithArg<Self::RuntimeOrigin, KeyOf<Self>>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The initial record of section `S`, for the storage defaults.
	pub struct Initial<S>(PhantomData<S>);
	impl<S: Section> Get<S::Record> for Initial<S> {
		fn get() -> S::Record {
			S::initial()
		}
	}

	/// The collator committee's parameters.
	#[pallet::storage]
	pub type Committee<T: Config> =
		StorageValue<_, RecordOf<T::Committee>, ValueQuery, Initial<T::Committee>>;

	/// The CPC economics' parameters.
	#[pallet::storage]
	pub type Economics<T: Config> =
		StorageValue<_, RecordOf<T::Economics>, ValueQuery, Initial<T::Economics>>;

	/// The data market's parameters.
	#[pallet::storage]
	pub type Market<T: Config> =
		StorageValue<_, RecordOf<T::Market>, ValueQuery, Initial<T::Market>>;

	/// The data registry's parameters.
	#[pallet::storage]
	pub type Registry<T: Config> =
		StorageValue<_, RecordOf<T::Registry>, ValueQuery, Initial<T::Registry>>;

	/// The events of the pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A parameter was set.
		Updated {
			/// The parameter and its new value.
			change: ChangeOf<T>,
		},
	}

	/// The records a chain starts with; a section left out starts with its initial record.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The collator committee's parameters.
		pub committee: Option<RecordOf<T::Committee>>,
		/// The CPC economics' parameters.
		pub economics: Option<RecordOf<T::Economics>>,
		/// The data market's parameters.
		pub market: Option<RecordOf<T::Market>>,
		/// The data registry's parameters.
		pub registry: Option<RecordOf<T::Registry>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A chain spec with a value beyond its bounds is refused at genesis.
			fn put<S: Section>(record: &Option<S::Record>, store: impl FnOnce(S::Record)) {
				if let Some(record) = record {
					if let Err(e) = S::check(record) {
						panic!("cpc-parameters genesis: a record beyond its bounds: {e:?}");
					}
					store(record.clone());
				}
			}
			put::<T::Committee>(&self.committee, Committee::<T>::put);
			put::<T::Economics>(&self.economics, Economics::<T>::put);
			put::<T::Market>(&self.market, Market::<T>::put);
			put::<T::Registry>(&self.registry, Registry::<T>::put);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// A chain that names no parameters starts within the bounds.
			assert!(T::Committee::check(&T::Committee::initial()).is_ok(), "committee");
			assert!(T::Economics::check(&T::Economics::initial()).is_ok(), "economics");
			assert!(T::Market::check(&T::Market::initial()).is_ok(), "market");
			assert!(T::Registry::check(&T::Registry::initial()).is_ok(), "registry");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets one parameter to a new value.
		///
		/// The origin must be one [`Config::AdminOrigin`] allows for the parameter. The
		/// section's record with the new value must keep the section's rules.
		///
		/// Errors: `BadOrigin`; the section's pallet's error for a value beyond the rules.
		#[pallet::call_index(0)]
		#[pallet::weight(match change {
			Change::Committee(_) => T::WeightInfo::set_committee_parameter(),
			Change::Economics(_) => T::WeightInfo::set_economics_parameter(),
			Change::Market(_) => T::WeightInfo::set_market_parameter(),
			Change::Registry(_) => T::WeightInfo::set_registry_parameter(),
		})]
		pub fn set_parameter(origin: OriginFor<T>, change: ChangeOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin, &Self::key(&change))?;
			match change.clone() {
				Change::Committee(c) => {
					Self::update::<T::Committee>(c, Committee::<T>::get, Committee::<T>::put)?
				}
				Change::Economics(c) => {
					Self::update::<T::Economics>(c, Economics::<T>::get, Economics::<T>::put)?
				}
				Change::Market(c) => {
					Self::update::<T::Market>(c, Market::<T>::get, Market::<T>::put)?
				}
				Change::Registry(c) => {
					Self::update::<T::Registry>(c, Registry::<T>::get, Registry::<T>::put)?
				}
			}
			Self::deposit_event(Event::Updated { change });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The parameter `change` sets.
		pub fn key(change: &ChangeOf<T>) -> KeyOf<T> {
			match change {
				Change::Committee(c) => Key::Committee(T::Committee::key(c)),
				Change::Economics(c) => Key::Economics(T::Economics::key(c)),
				Change::Market(c) => Key::Market(T::Market::key(c)),
				Change::Registry(c) => Key::Registry(T::Registry::key(c)),
			}
		}

		/// Every parameter of every section.
		pub fn keys() -> alloc::vec::Vec<KeyOf<T>> {
			let mut keys = alloc::vec::Vec::new();
			keys.extend(T::Committee::keys().into_iter().map(Key::Committee));
			keys.extend(T::Economics::keys().into_iter().map(Key::Economics));
			keys.extend(T::Market::keys().into_iter().map(Key::Market));
			keys.extend(T::Registry::keys().into_iter().map(Key::Registry));
			keys
		}

		/// Makes `change` to the record `get` reads and `put` writes, if the result keeps the
		/// section's rules; otherwise nothing changes.
		fn update<S: Section>(
			change: S::Change,
			get: impl FnOnce() -> S::Record,
			put: impl FnOnce(S::Record),
		) -> DispatchResult {
			let old = get();
			let mut record = old.clone();
			S::apply(&mut record, change);
			S::check(&record)?;
			put(record.clone());
			S::changed(&old, &record);
			Ok(())
		}

		/// Every stored record keeps its section's rules.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			T::Committee::check(&Committee::<T>::get()).map_err(|_| "committee record")?;
			T::Economics::check(&Economics::<T>::get()).map_err(|_| "economics record")?;
			T::Market::check(&Market::<T>::get()).map_err(|_| "market record")?;
			T::Registry::check(&Registry::<T>::get()).map_err(|_| "registry record")?;
			Ok(())
		}
	}
}
