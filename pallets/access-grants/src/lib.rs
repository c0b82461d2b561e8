//! # Access grants pallet
//!
//! CPChain's data market and one-to-many sharing by Umbral proxy re-encryption.
//!
//! ## Overview
//!
//! A record's data is encrypted once, to its owner's Umbral key. To share it, the owner lists a
//! device's stream (priced per interval) or a set of records (priced as a whole). A buyer with an
//! Umbral key requests access and the price is held from it in escrow. The owner, or the
//! approver it named (its always-on gateway), answers with a grant: threshold M, and N key
//! fragments for the buyer, each encrypted to one proxy drawn from the proxy set (the
//! committee). Each proxy decrypts its fragment and re-encrypts every capsule the grant covers,
//! now and as new intervals are registered, and submits the capsule fragment here. The runtime
//! verifies every fragment against the owner's, the buyer's and the signing key, and keeps the
//! valid ones for a while (the buyer fetches them through the runtime API) before they are
//! pruned; nothing large stays in storage. M valid fragments settle that part: its price moves
//! from the buyer's escrow to the owner, less a proxy fee shared by the M proxies who delivered.
//! A fragment that fails verification is rejected and reported to [`Config::Observer`], which the
//! committee turns into a penalty.
//!
//! The buyer never pays for what it does not get: parts are paid only when settled, a part not
//! settled within its delivery window is never charged, and whatever is left in escrow goes back
//! when the request or the grant ends.
//!
//! ## Terminology
//!
//! - **Listing**: an owner's offer, with its price and terms (expiry, most buyers at a time).
//! - **Request**: a buyer's ask, with the price held in escrow until it is answered.
//! - **Grant**: an approved request: who may re-encrypt what for whom, and the escrow left.
//! - **Proxy**: an account of the proxy set that re-encrypts capsules for grants.
//! - **Key fragment (kfrag)**: one proxy's share of the owner's re-encryption key for a buyer,
//!   encrypted to the proxy's Umbral key.
//! - **Capsule fragment (cfrag)**: a proxy's re-encryption of one record's capsule for a buyer.
//! - **Part**: one record under one grant: paid for once `threshold` valid fragments arrive.
//! - **Delivery window**: how long after a record (or the grant, if later) proxies have to
//!   deliver its fragments.
//!
//! ## Calls
//!
//! - [`Pallet::create_listing`], [`Pallet::update_listing`], [`Pallet::delist`]: listings.
//! - [`Pallet::request_access`], [`Pallet::cancel_request`], [`Pallet::reject_request`],
//!   [`Pallet::approve_request`]: requests.
//! - [`Pallet::revoke_grant`], [`Pallet::close_grant`], [`Pallet::top_up`]: grants.
//! - [`Pallet::submit_cfrag`]: proxies' capsule fragments.
//!
//! The runtime API ([`runtime_api::AccessGrantsApi`]) lists listings, requests and grants, the
//! parts a proxy still owes, and the fragments delivered for a buyer's record.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod impl_delivery;
mod impl_market;
mod impl_queries;
#[cfg(any(feature = "try-runtime", test))]
mod impl_try_state;
#[cfg(test)]
mod mock;
mod parameters;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::access-grants";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::{
		impl_delivery::{expired, Admitted},
		impl_market::{hold, hold_escrow, release},
	};
	use alloc::vec::Vec;
	use cpchain_primitives::{
		interval::IntervalIndex,
		record::RecordId,
		umbral::{EncodedCapsuleFrag, EncryptedKeyFrag, UmbralError, UmbralPublicKey},
	};
	use frame_support::{
		pallet_prelude::*,
		storage::StorageValue as StoredValue,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			SortedMembers,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{Saturating, Zero},
		DispatchErrorWithPostInfo,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// The balance type of the currency escrow and deposits are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A listing as this runtime stores it.
	pub type ListingOf<T> =
		Listing<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// A request as this runtime stores it.
	pub type RequestOf<T> =
		Request<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// The market's parameters as this runtime stores them.
	pub type ParametersOf<T> = Parameters<BalanceOf<T>, BlockNumberFor<T>>;
	/// A grant as this runtime stores it.
	pub type GrantOf<T> =
		Grant<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// The key fragments an approval hands out: each proxy with its encrypted fragment.
	pub type KeyFragsOf<T> = BoundedVec<
		(<T as frame_system::Config>::AccountId, EncryptedKeyFrag),
		ConstU32<MAX_GRANT_PROXIES>,
	>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the market.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency escrow and deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>
			+ Mutate<Self::AccountId>;
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;
		/// What an account's locks and freezes cover: an escrow takes only CPC above it, and
		/// is settled as owed after every change, so that it never covers the buyer's locks.
		type Frozen: cpchain_primitives::funds::Frozen<Self::AccountId, BalanceOf<Self>>;
		/// Devices, records and Umbral keys.
		type Data: DataSource<Self::AccountId, BlockNumberFor<Self>>;
		/// The accounts that may serve as proxies: the committee.
		type Proxies: SortedMembers<Self::AccountId>;
		/// Told of delivered and rejected fragments and of sales.
		type Observer: SharingObserver<Self::AccountId, BalanceOf<Self>>;
		/// The market's parameters (deposits, the proxies' fee, timeouts): the market's section
		/// of CPChain's parameters, which this pallet's
		/// [`Section`](cpchain_primitives::parameters::Section) implementation bounds. The
		/// pallet only reads it (its benchmarks and tests write it).
		type Parameters: frame_support::storage::StorageValue<
			ParametersOf<Self>,
			Query = ParametersOf<Self>,
		>;
		/// The parameters a chain starts with when its genesis names none.
		type DefaultParameters: Get<ParametersOf<Self>>;
		/// What a listing's storage costs: the least listing deposit governance may set.
		#[pallet::constant]
		type MinListingDeposit: Get<BalanceOf<Self>>;
		/// What a request's storage costs: the least request deposit.
		#[pallet::constant]
		type MinRequestDeposit: Get<BalanceOf<Self>>;
		/// What a grant's storage costs: the least grant deposit.
		#[pallet::constant]
		type MinGrantDeposit: Get<BalanceOf<Self>>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
		/// Creates records for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds balance.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A buyer's payment, until parts are delivered or it is refunded.
		#[codec(index = 0)]
		Escrow,
		/// A listing is stored.
		#[codec(index = 1)]
		ListingDeposit,
		/// A grant is stored.
		#[codec(index = 2)]
		GrantDeposit,
		/// A request is stored.
		#[codec(index = 3)]
		RequestDeposit,
	}

	/// Listings.
	#[pallet::storage]
	pub type Listings<T: Config> = StorageMap<_, Twox64Concat, ListingId, ListingOf<T>>;

	/// The listings of each owner.
	#[pallet::storage]
	pub type OwnerListings<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ListingId, ()>;

	/// The id the next listing gets.
	#[pallet::storage]
	pub type NextListingId<T: Config> = StorageValue<_, ListingId, ValueQuery>;

	/// Requests waiting for an answer.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageMap<_, Twox64Concat, GrantId, RequestOf<T>>;

	/// The pending requests for each owner's listings.
	#[pallet::storage]
	pub type OwnerRequests<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, GrantId, ()>;

	/// The id the next request (and the grant it may become) gets.
	#[pallet::storage]
	pub type NextRequestId<T: Config> = StorageValue<_, GrantId, ValueQuery>;

	/// Live grants, under the id of the request they answered.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, GrantOf<T>>;

	/// Each buyer's pending requests and live grants.
	#[pallet::storage]
	pub type Purchases<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, GrantId, ()>;

	/// The live grants each proxy serves.
	#[pallet::storage]
	pub type ProxyGrants<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, GrantId, ()>;

	/// Each grant's key fragments, in the order of its proxies.
	#[pallet::storage]
	pub type KeyFrags<T: Config> = StorageMap<_, Twox64Concat, GrantId, GrantKeyFrags>;

	/// Parts with fragments delivered, by buyer and record, then grant; pruned after
	/// [`Parameters::cfrag_retention`].
	#[pallet::storage]
	pub type Parts<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		(T::AccountId, RecordId),
		Twox64Concat,
		GrantId,
		Part<BlockNumberFor<T>>,
	>;

	/// The verified capsule fragments of each part, by proxy index; pruned with their part.
	#[pallet::storage]
	pub type Cfrags<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		(T::AccountId, RecordId, GrantId),
		Twox64Concat,
		u8,
		EncodedCapsuleFrag,
	>;

	/// Parts to prune, in the order they were created; each waits at least until it is due.
	#[pallet::storage]
	pub type PruneQueue<T: Config> =
		StorageMap<_, Twox64Concat, u64, PruneEntry<T::AccountId, BlockNumberFor<T>>>;

	/// The first and one-past-last positions of [`PruneQueue`].
	#[pallet::storage]
	pub type PruneCursor<T: Config> = StorageValue<_, (u64, u64), ValueQuery>;

	/// A part due for pruning.
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
	)]
	pub struct PruneEntry<AccountId, BlockNumber> {
		/// The first block in which it may go.
		pub due: BlockNumber,
		/// The buyer.
		pub buyer: AccountId,
		/// The record.
		pub record: RecordId,
		/// The grant.
		pub grant: GrantId,
	}

	/// Why a grant ended.
	#[derive(
		Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug,
	)]
	pub enum EndReason {
		/// The owner revoked it.
		Revoked,
		/// The buyer closed it.
		Closed,
		/// Its listing's terms expired.
		Expired,
		/// Every part it covers was delivered and paid for.
		Completed,
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An owner listed data.
		Listed {
			/// The listing.
			listing: ListingId,
			/// Its owner.
			owner: T::AccountId,
		},
		/// A listing's price, terms or approver changed (pending requests and grants keep
		/// their price).
		ListingUpdated {
			/// The listing.
			listing: ListingId,
		},
		/// A listing was withdrawn; its grants go on until they end.
		Delisted {
			/// The listing.
			listing: ListingId,
		},
		/// A buyer asked for access; `escrow` is held from it.
		AccessRequested {
			/// The request.
			request: GrantId,
			/// The listing.
			listing: ListingId,
			/// The buyer.
			buyer: T::AccountId,
			/// Held in escrow.
			escrow: BalanceOf<T>,
		},
		/// A request was cancelled or rejected; its escrow went back to the buyer.
		RequestDropped {
			/// The request.
			request: GrantId,
			/// Whether the owner rejected it (rather than the buyer or a timeout cancelling it).
			rejected: bool,
			/// Returned to the buyer.
			refund: BalanceOf<T>,
		},
		/// A request was approved; the proxies were handed their key fragments.
		Granted {
			/// The grant (the request's id).
			grant: GrantId,
			/// The buyer.
			buyer: T::AccountId,
			/// Fragments needed per part.
			threshold: u8,
			/// The proxies, in the grant's order.
			proxies: Vec<T::AccountId>,
		},
		/// A grant ended; what was left in escrow went back to the buyer.
		GrantEnded {
			/// The grant.
			grant: GrantId,
			/// Why.
			reason: EndReason,
			/// Returned to the buyer.
			refund: BalanceOf<T>,
		},
		/// A buyer added to an open-ended grant's escrow.
		ToppedUp {
			/// The grant.
			grant: GrantId,
			/// Added.
			amount: BalanceOf<T>,
		},
		/// A proxy delivered a verified capsule fragment.
		CfragDelivered {
			/// The grant.
			grant: GrantId,
			/// The record.
			record: RecordId,
			/// The proxy.
			proxy: T::AccountId,
			/// The fragment.
			cfrag: EncodedCapsuleFrag,
		},
		/// A proxy's capsule fragment failed verification and was rejected; it was reported.
		CfragRejected {
			/// The grant.
			grant: GrantId,
			/// The record.
			record: RecordId,
			/// The proxy.
			proxy: T::AccountId,
		},
		/// A part got its last fragment and was paid for.
		PartSettled {
			/// The grant.
			grant: GrantId,
			/// The record.
			record: RecordId,
			/// Paid to the owner.
			to_owner: BalanceOf<T>,
			/// Paid to each proxy who delivered.
			to_each_proxy: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A deposit below what its item's storage costs, or above 100 times that
		/// (`cpchain_primitives::parameters::MAX_DEPOSIT_MULTIPLE`).
		BadDeposit,
		/// A proxy fee below `MIN_PROXY_FEE` or above `MAX_PROXY_FEE`.
		BadProxyFee,
		/// A request timeout outside `MIN_REQUEST_TIMEOUT..=MAX_REQUEST_TIMEOUT`.
		BadRequestTimeout,
		/// A delivery window outside `MIN_DELIVERY_WINDOW..=MAX_DELIVERY_WINDOW`.
		BadDeliveryWindow,
		/// A retention of delivered fragments outside
		/// `MIN_CFRAG_RETENTION..=MAX_CFRAG_RETENTION`.
		BadCfragRetention,
		/// The account has no Umbral key registered in the data registry.
		UmbralKeyMissing,
		/// No device with this id.
		UnknownDevice,
		/// Only the device's owner may list its stream.
		NotDeviceOwner,
		/// A listed record does not exist.
		UnknownRecord,
		/// Only a record's owner may list it.
		NotRecordOwner,
		/// A set of records must name at least one record.
		EmptyRecordSet,
		/// A record is named twice.
		DuplicateRecord,
		/// No listing with this id.
		UnknownListing,
		/// Only the listing's owner may do this.
		NotListingOwner,
		/// The listing's terms have expired.
		ListingExpired,
		/// The listing has as many buyers as its terms allow.
		TooManyBuyers,
		/// Owners cannot buy their own data.
		OwnListing,
		/// A stream needs the intervals asked for (`last` not before `first`); a set of
		/// records takes none.
		BadCoverage,
		/// The escrow must be the price of what is asked (at least one interval for an
		/// open-ended stream): the price may have changed.
		WrongEscrow,
		/// The price of the intervals asked for overflows.
		PriceOverflow,
		/// No pending request with this id.
		UnknownRequest,
		/// Only the buyer may cancel a request before it expires.
		NotBuyer,
		/// Only the listing's owner or approver may answer its requests.
		NotApprover,
		/// The request waited too long; it can only be cancelled now.
		RequestExpired,
		/// The threshold must be between 1 and the number of proxies.
		BadThreshold,
		/// A proxy is not in the proxy set.
		NotAProxy,
		/// A proxy is named twice.
		DuplicateProxy,
		/// A proxy has no Umbral key.
		ProxyKeyMissing,
		/// The verifying key is not a valid Umbral key.
		InvalidVerifyingKey,
		/// No live grant with this id.
		UnknownGrant,
		/// Only the data's owner may revoke a grant.
		NotGrantOwner,
		/// Only the buyer may close a grant before it expires.
		GrantNotExpired,
		/// Only open-ended grants take top-ups.
		NotOpenEnded,
		/// Nothing to add.
		ZeroAmount,
		/// The caller is not one of the grant's proxies.
		NotGrantProxy,
		/// The grant does not cover this record (or the record is no longer the owner's).
		NotCovered,
		/// The grant has expired.
		GrantExpired,
		/// The part's delivery window has closed.
		DeliveryWindowClosed,
		/// This proxy already delivered a fragment for this part.
		AlreadyDelivered,
		/// The part already has all the fragments it needs.
		PartSettled,
		/// The escrow left cannot pay for another part; the buyer may top it up.
		EscrowExhausted,
		/// The buyer has the CPC, but a lock or freeze (a referendum vote's, say) covers it: an
		/// escrow is paid to others, so it takes only CPC the buyer could transfer away.
		EscrowLocked,
		/// Ids are exhausted.
		IdOverflow,
		/// The capsule fragment is not one: it does not decode (a point not in compressed
		/// form, such as the point at infinity, or a wrong layout).
		MalformedCfrag,
		/// The record is encrypted to another of its owner's Umbral keys than the one the
		/// grant was made under: no fragment of this grant can open it, so it is not delivered
		/// (nor charged) under this grant.
		EncryptedToAnotherKey,
	}

	impl<T> From<ParameterError> for Error<T> {
		fn from(error: ParameterError) -> Self {
			match error {
				ParameterError::Deposit => Error::BadDeposit,
				ParameterError::ProxyFee => Error::BadProxyFee,
				ParameterError::RequestTimeout => Error::BadRequestTimeout,
				ParameterError::DeliveryWindow => Error::BadDeliveryWindow,
				ParameterError::CfragRetention => Error::BadCfragRetention,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::prune(now, remaining)
		}

		fn integrity_test() {
			assert_eq!(
				T::DefaultParameters::get().check(&Self::deposit_floors()),
				Ok(()),
				"the market's default parameters break their bounds"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Lists a device's stream or a set of the caller's records for sale, holding
		/// [`Parameters::listing_deposit`]. `approver` may answer requests for the caller.
		///
		/// Errors: `BadOrigin` unless signed; for a stream `UnknownDevice`, `NotDeviceOwner`;
		/// for a set `EmptyRecordSet`, `DuplicateRecord`, `UnknownRecord`, `NotRecordOwner`;
		/// then `IdOverflow`, and the currency's errors (`TokenError::FundsUnavailable`) when
		/// the deposit cannot be held.
		#[pallet::call_index(0)]
		// A stream reads its device, a set of records each record: two benchmarks.
		#[pallet::weight(match offer {
			Offer::Stream { .. } => T::WeightInfo::create_stream_listing(),
			Offer::Records { records, .. } => T::WeightInfo::create_listing(records.len() as u32),
		})]
		pub fn create_listing(
			origin: OriginFor<T>,
			offer: Offer<BalanceOf<T>>,
			terms: Terms<BlockNumberFor<T>>,
			approver: Option<T::AccountId>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::check_offer(&owner, &offer)?;
			let listing = NextListingId::<T>::get();
			let next = listing.checked_add(1).ok_or(Error::<T>::IdOverflow)?;
			let deposit = T::Parameters::get().listing_deposit;
			hold::<T>(HoldReason::ListingDeposit, &owner, deposit)?;
			NextListingId::<T>::put(next);
			OwnerListings::<T>::insert(&owner, listing, ());
			Listings::<T>::insert(
				listing,
				Listing { owner: owner.clone(), offer, terms, approver, buyers: 0, deposit },
			);
			Self::deposit_event(Event::Listed { listing, owner });
			Ok(())
		}

		/// Changes a listing's price, terms and approver. Pending requests and grants keep the
		/// price they were made at.
		///
		/// Errors: `BadOrigin` unless signed, `UnknownListing`, `NotListingOwner`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_listing())]
		pub fn update_listing(
			origin: OriginFor<T>,
			listing: ListingId,
			price: BalanceOf<T>,
			terms: Terms<BlockNumberFor<T>>,
			approver: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut entry = Self::owned_listing(&who, listing)?;
			match &mut entry.offer {
				Offer::Stream { price_per_interval, .. } => *price_per_interval = price,
				Offer::Records { price: set_price, .. } => *set_price = price,
			}
			entry.terms = terms;
			entry.approver = approver;
			Listings::<T>::insert(listing, entry);
			Self::deposit_event(Event::ListingUpdated { listing });
			Ok(())
		}

		/// Withdraws a listing and releases its deposit. Its grants go on until they end;
		/// its pending requests can no longer be approved and are left for their buyers to
		/// cancel.
		///
		/// Errors: `BadOrigin` unless signed, `UnknownListing`, `NotListingOwner`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::delist())]
		pub fn delist(origin: OriginFor<T>, listing: ListingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Self::owned_listing(&who, listing)?;
			release::<T>(HoldReason::ListingDeposit, &who, entry.deposit)?;
			OwnerListings::<T>::remove(&who, listing);
			Listings::<T>::remove(listing);
			Self::deposit_event(Event::Delisted { listing });
			Ok(())
		}

		/// Asks for access to a listing, holding `escrow` from the caller, who must have an
		/// Umbral key.
		///
		/// For a stream, `intervals` is `(first, last)`: the escrow is the price of
		/// `first..=last`, or, with no `last` (open-ended, until revoked), any amount that pays
		/// for at least one interval. A set of records takes no intervals and its price.
		///
		/// Errors: `BadOrigin` unless signed, `UmbralKeyMissing`, `UnknownListing`, `OwnListing`,
		/// `ListingExpired`, `TooManyBuyers`, `BadCoverage`, `PriceOverflow`, `WrongEscrow`,
		/// `IdOverflow`, `EscrowLocked` (a lock or freeze covers the CPC), and the currency's
		/// errors (`TokenError::FundsUnavailable`) when the escrow or the request deposit cannot
		/// be held.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::request_access(MAX_LISTED_RECORDS))]
		pub fn request_access(
			origin: OriginFor<T>,
			listing: ListingId,
			intervals: Option<(IntervalIndex, Option<IntervalIndex>)>,
			escrow: BalanceOf<T>,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			ensure!(T::Data::umbral_key(&buyer).is_some(), Error::<T>::UmbralKeyMissing);
			let mut entry = Listings::<T>::get(listing).ok_or(Error::<T>::UnknownListing)?;
			ensure!(entry.owner != buyer, Error::<T>::OwnListing);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(!expired(entry.terms.expires_at, now), Error::<T>::ListingExpired);
			ensure!(
				entry.terms.max_buyers.is_none_or(|max| entry.buyers < max),
				Error::<T>::TooManyBuyers
			);
			let coverage = match (&entry.offer, intervals) {
				(Offer::Stream { device, .. }, Some((first, last))) => {
					ensure!(last.is_none_or(|last| last >= first), Error::<T>::BadCoverage);
					Coverage::Intervals { device: *device, first, last }
				}
				(Offer::Records { records, .. }, None) => Coverage::Records(records.clone()),
				_ => return Err(Error::<T>::BadCoverage.into()),
			};
			let price = entry.offer.price();
			let expected = match (&entry.offer, coverage.parts()) {
				(Offer::Stream { .. }, Some(parts)) => {
					let parts = u32::try_from(parts).map_err(|_| Error::<T>::PriceOverflow)?;
					Some(price.checked_mul(&parts.into()).ok_or(Error::<T>::PriceOverflow)?)
				}
				(Offer::Stream { .. }, None) => None,
				(Offer::Records { .. }, _) => Some(price),
			};
			match expected {
				Some(expected) => ensure!(escrow == expected, Error::<T>::WrongEscrow),
				None => ensure!(escrow >= price, Error::<T>::WrongEscrow),
			}

			let request = NextRequestId::<T>::get();
			let next = request.checked_add(1).ok_or(Error::<T>::IdOverflow)?;
			hold_escrow::<T>(&buyer, escrow)?;
			let deposit = T::Parameters::get().request_deposit;
			hold::<T>(HoldReason::RequestDeposit, &buyer, deposit)?;
			NextRequestId::<T>::put(next);
			entry.buyers = entry.buyers.saturating_add(1);
			let owner = entry.owner.clone();
			Listings::<T>::insert(listing, entry);
			OwnerRequests::<T>::insert(&owner, request, ());
			Purchases::<T>::insert(&buyer, request, ());
			Requests::<T>::insert(
				request,
				Request {
					listing,
					owner,
					buyer: buyer.clone(),
					coverage,
					price,
					escrow,
					expires_at: now.saturating_add(T::Parameters::get().request_timeout),
					deposit,
				},
			);
			Self::deposit_event(Event::AccessRequested { request, listing, buyer, escrow });
			Ok(())
		}

		/// Cancels a pending request and returns its escrow: by its buyer at any time, by
		/// anyone once it has expired.
		///
		/// Errors: `BadOrigin` unless signed, `UnknownRequest`, `NotBuyer` (another caller before
		/// it expires).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::cancel_request())]
		pub fn cancel_request(origin: OriginFor<T>, request: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Requests::<T>::get(request).ok_or(Error::<T>::UnknownRequest)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(who == entry.buyer || now > entry.expires_at, Error::<T>::NotBuyer);
			Self::drop_request(request, entry, false)
		}

		/// Rejects a pending request and returns its escrow: by the listing's owner or
		/// approver.
		///
		/// Errors: `BadOrigin` unless signed, `UnknownRequest`, `UnknownListing` (the listing was
		/// withdrawn), `NotApprover`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::reject_request())]
		pub fn reject_request(origin: OriginFor<T>, request: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Requests::<T>::get(request).ok_or(Error::<T>::UnknownRequest)?;
			Self::ensure_approver(&who, &entry)?;
			Self::drop_request(request, entry, true)
		}

		/// Approves a pending request: `threshold` of the proxies named in `kfrags`, each with
		/// its key fragment encrypted to its Umbral key, will re-encrypt for the buyer. By the
		/// listing's owner or approver; the owner holds [`Parameters::grant_deposit`].
		///
		/// The fragments are generated off chain from the owner's Umbral secret for the buyer's
		/// key and signed by `verifying`'s secret; the runtime checks every capsule fragment
		/// made from them against these keys.
		///
		/// Errors: `BadOrigin` unless signed, `UnknownRequest`, `UnknownListing` (the listing was
		/// withdrawn), `NotApprover`, `RequestExpired`, `ListingExpired` (the grant would be
		/// expired from the start), `BadThreshold`, `InvalidVerifyingKey`,
		/// `UmbralKeyMissing` (the owner's or the buyer's), `NotAProxy`, `DuplicateProxy`,
		/// `ProxyKeyMissing`, and the currency's errors (`TokenError::FundsUnavailable`) when the
		/// grant deposit cannot be held from the owner.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::approve_request(kfrags.len() as u32))]
		pub fn approve_request(
			origin: OriginFor<T>,
			request: GrantId,
			threshold: u8,
			verifying: UmbralPublicKey,
			kfrags: KeyFragsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Requests::<T>::get(request).ok_or(Error::<T>::UnknownRequest)?;
			let listing = Self::ensure_approver(&who, &entry)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now <= entry.expires_at, Error::<T>::RequestExpired);
			// The grant would be expired from the start, holding deposit and escrow for nothing.
			ensure!(!expired(listing.terms.expires_at, now), Error::<T>::ListingExpired);
			ensure!(threshold >= 1 && threshold as usize <= kfrags.len(), Error::<T>::BadThreshold);
			verifying.to_umbral().map_err(|_| Error::<T>::InvalidVerifyingKey)?;
			let delegating =
				T::Data::umbral_key(&entry.owner).ok_or(Error::<T>::UmbralKeyMissing)?;
			let receiving =
				T::Data::umbral_key(&entry.buyer).ok_or(Error::<T>::UmbralKeyMissing)?;
			let mut proxies = GrantProxies::<T::AccountId>::default();
			let mut sealed = GrantKeyFrags::default();
			for (account, kfrag) in kfrags {
				ensure!(T::Proxies::contains(&account), Error::<T>::NotAProxy);
				ensure!(
					!proxies.iter().any(|proxy| proxy.account == account),
					Error::<T>::DuplicateProxy
				);
				ensure!(T::Data::umbral_key(&account).is_some(), Error::<T>::ProxyKeyMissing);
				proxies
					.try_push(GrantProxy { account, delivered: 0 })
					.map_err(|_| Error::<T>::BadThreshold)?;
				sealed.try_push(kfrag).map_err(|_| Error::<T>::BadThreshold)?;
			}

			let deposit = T::Parameters::get().grant_deposit;
			hold::<T>(HoldReason::GrantDeposit, &entry.owner, deposit)?;
			Self::release_request_deposit(&entry)?;
			Requests::<T>::remove(request);
			OwnerRequests::<T>::remove(&entry.owner, request);
			let accounts: Vec<T::AccountId> =
				proxies.iter().map(|proxy| proxy.account.clone()).collect();
			for account in &accounts {
				ProxyGrants::<T>::insert(account, request, ());
			}
			let buyer = entry.buyer.clone();
			KeyFrags::<T>::insert(request, sealed);
			Grants::<T>::insert(
				request,
				Grant {
					listing: entry.listing,
					owner: entry.owner,
					buyer: entry.buyer,
					coverage: entry.coverage,
					price: entry.price,
					escrow: entry.escrow,
					threshold,
					delegating,
					receiving,
					verifying,
					proxies,
					settled: 0,
					approved_at: now,
					expires_at: listing.terms.expires_at,
					deposit,
				},
			);
			Self::deposit_event(Event::Granted {
				grant: request,
				buyer,
				threshold,
				proxies: accounts,
			});
			Ok(())
		}

		/// Ends a grant at once, by the data's owner: proxies stop, later parts are not
		/// delivered, and what is left in escrow goes back to the buyer.
		///
		/// Errors: `BadOrigin` unless signed, `UnknownGrant`, `NotGrantOwner`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::revoke_grant())]
		pub fn revoke_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
			ensure!(entry.owner == who, Error::<T>::NotGrantOwner);
			Self::end_grant(grant, entry, EndReason::Revoked)
		}

		/// Ends a grant and returns what is left in escrow: by its buyer at any time (parts
		/// already delivered stay paid), by anyone once it has expired.
		///
		/// Errors: `BadOrigin` unless signed, `UnknownGrant`, `GrantNotExpired` (another caller
		/// than the buyer before it expires).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::close_grant())]
		pub fn close_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
			let now = frame_system::Pallet::<T>::block_number();
			let reason = if expired(entry.expires_at, now) {
				EndReason::Expired
			} else {
				ensure!(who == entry.buyer, Error::<T>::GrantNotExpired);
				EndReason::Closed
			};
			Self::end_grant(grant, entry, reason)
		}

		/// Adds `amount` to an open-ended grant's escrow, held from the caller (its buyer).
		///
		/// Errors: `BadOrigin` unless signed, `UnknownGrant`, `NotBuyer`, `NotOpenEnded`,
		/// `GrantExpired`, `ZeroAmount`, `EscrowLocked`, and the currency's errors (`TokenError::FundsUnavailable`)
		/// when the amount cannot be held.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(
			origin: OriginFor<T>,
			grant: GrantId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut entry = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
			ensure!(entry.buyer == who, Error::<T>::NotBuyer);
			ensure!(entry.coverage.parts().is_none(), Error::<T>::NotOpenEnded);
			// Nothing could spend escrow added to an expired grant.
			ensure!(
				!expired(entry.expires_at, frame_system::Pallet::<T>::block_number()),
				Error::<T>::GrantExpired
			);
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			hold_escrow::<T>(&who, amount)?;
			entry.escrow = entry.escrow.saturating_add(amount);
			Grants::<T>::insert(grant, entry);
			Self::deposit_event(Event::ToppedUp { grant, amount });
			Ok(())
		}

		/// Delivers the caller's capsule fragment of `record`'s capsule for `grant`'s buyer.
		///
		/// The caller must be one of the grant's proxies, the record covered, encrypted to the
		/// owner key the grant was made under, and in its delivery window, and the escrow able
		/// to pay for it. A fragment that verifies is kept for the buyer and the part settles
		/// with the `threshold`-th. A fragment that decodes but does not verify against the
		/// record's capsule (which never changes: an interval is registered once) is rejected:
		/// the call succeeds (the fee is paid) but nothing is kept, a [`Event::CfragRejected`]
		/// is emitted and the proxy is reported to [`Config::Observer`]. That is the only
		/// outcome that penalises a proxy.
		///
		/// Errors, none of which penalises: `BadOrigin` unless signed, `UnknownGrant`,
		/// `NotGrantProxy`, `GrantExpired`, `NotCovered` (not covered, not registered or removed,
		/// or not the owner's), `EncryptedToAnotherKey`, `DeliveryWindowClosed`, `PartSettled`,
		/// `AlreadyDelivered`, `EscrowExhausted`, `MalformedCfrag` (not a fragment at all: a point
		/// not in compressed form, such as the point at infinity); once the fragment verifies,
		/// the currency's errors should the part's payout fail (`TokenError::CannotCreate` for a
		/// payee's account that cannot take its share), and `IdOverflow` (the prune queue's
		/// positions are exhausted).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::submit_cfrag(MAX_GRANT_PROXIES)
			.max(T::WeightInfo::submit_rejected_cfrag()))]
		pub fn submit_cfrag(
			origin: OriginFor<T>,
			grant: GrantId,
			record: RecordId,
			cfrag: EncodedCapsuleFrag,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			// Refusals come before the verification: they are charged as a rejected fragment,
			// not as the dearest delivery (late proxies meet them routinely).
			let Admitted { mut entry, proxy, key, mut part, info, price } =
				Self::admit(&who, grant, record).map_err(|error| DispatchErrorWithPostInfo {
					post_info: Some(T::WeightInfo::submit_rejected_cfrag()).into(),
					error,
				})?;

			let verified =
				cfrag.verify(&info.capsule, &entry.verifying, &entry.delegating, &entry.receiving);
			if let Err(UmbralError::InvalidCapsuleFrag) = verified {
				// Not a fragment at all (a point at infinity, say): refused before umbral-pre
				// decodes it, with no penalty, as any malformed argument.
				return Err(DispatchErrorWithPostInfo {
					post_info: Some(T::WeightInfo::submit_rejected_cfrag()).into(),
					error: Error::<T>::MalformedCfrag.into(),
				});
			}
			if verified.is_err() {
				log::debug!(
					target: LOG_TARGET,
					"grant {grant}: invalid cfrag for {record} from proxy {proxy}"
				);
				T::Observer::cfrag_rejected(&who, grant);
				Self::deposit_event(Event::CfragRejected { grant, record, proxy: who });
				return Ok(Some(T::WeightInfo::submit_rejected_cfrag()).into());
			}

			let fresh = part.delivered == 0;
			part.mark(proxy);
			Cfrags::<T>::insert((key.0.clone(), record, grant), proxy, &cfrag);
			T::Observer::cfrag_accepted(&who, &entry.owner, &entry.buyer);
			Self::deposit_event(Event::CfragDelivered { grant, record, proxy: who, cfrag });
			let settled = part.is_settled();
			if settled {
				Self::settle(grant, &mut entry, &part, record, price)?;
			}
			if fresh {
				Self::queue_prune(&key, grant, part.deadline)?;
			}
			Parts::<T>::insert(&key, grant, &part);
			let completed =
				entry.coverage.parts().is_some_and(|parts| u64::from(entry.settled) >= parts);
			if completed {
				Self::end_grant(grant, entry, EndReason::Completed)?;
			} else if settled {
				Grants::<T>::insert(grant, entry);
			}
			let weight = if settled {
				T::WeightInfo::submit_cfrag(part.count())
			} else {
				T::WeightInfo::submit_cfrag(1)
			};
			Ok(Some(weight).into())
		}
	}
}
