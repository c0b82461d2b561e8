//! The values the access-grants pallet stores, and the traits through which it reads the data
//! registry and reports proxies' service.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use cpchain_primitives::{
	interval::IntervalIndex,
	record::{DeviceId, RecordId},
	umbral::{
		EncodedCapsule, EncodedCapsuleFrag, EncryptedKeyFrag, KeyFingerprint, UmbralPublicKey,
	},
};
use frame_support::BoundedVec;
use scale_info::TypeInfo;
use sp_core::ConstU32;

/// A listing's id.
pub type ListingId = u64;
/// A request's id; an approved request becomes the grant with the same id.
pub type GrantId = u64;

/// The most records one listing may offer as a set.
pub const MAX_LISTED_RECORDS: u32 = 128;
/// The most proxies one grant may name (N of M-of-N).
pub const MAX_GRANT_PROXIES: u32 = 32;
// A part notes its proxies in a `u32` bitmask.
const _: () = assert!(MAX_GRANT_PROXIES <= 32);

/// The records a listing offers as one set.
pub type RecordSet = BoundedVec<RecordId, ConstU32<MAX_LISTED_RECORDS>>;

/// What a listing sells.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum Offer<Balance> {
	/// A device's stream of records, priced per interval.
	Stream {
		/// The device.
		device: DeviceId,
		/// The price of one interval.
		price_per_interval: Balance,
	},
	/// A fixed set of records, priced as a whole.
	Records {
		/// The records.
		records: RecordSet,
		/// The price of the set.
		price: Balance,
	},
}

impl<Balance: Copy> Offer<Balance> {
	/// The listed price: per interval for a stream, for the whole set otherwise.
	pub fn price(&self) -> Balance {
		match self {
			Self::Stream { price_per_interval, .. } => *price_per_interval,
			Self::Records { price, .. } => *price,
		}
	}
}

/// A listing's terms.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Default,
)]
pub struct Terms<BlockNumber> {
	/// The block after which the listing takes no requests and its grants end.
	pub expires_at: Option<BlockNumber>,
	/// The most buyers (pending requests and live grants) at a time.
	pub max_buyers: Option<u32>,
}

/// An owner's offer on the market.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Listing<AccountId, Balance, BlockNumber> {
	/// Whose data it is.
	pub owner: AccountId,
	/// What is sold, at what price.
	pub offer: Offer<Balance>,
	/// Expiry and buyer limit.
	pub terms: Terms<BlockNumber>,
	/// An account that may approve and reject requests for the owner: its always-on gateway.
	pub approver: Option<AccountId>,
	/// Pending requests and live grants from this listing.
	pub buyers: u32,
	/// The deposit held from the owner while the listing exists.
	pub deposit: Balance,
}

/// What a request or grant covers.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum Coverage {
	/// A device's intervals from `first` to `last` inclusive, or open-ended ("until revoked")
	/// when `last` is `None`.
	Intervals {
		/// The device.
		device: DeviceId,
		/// The first interval covered.
		first: IntervalIndex,
		/// The last interval covered, if any.
		last: Option<IntervalIndex>,
	},
	/// A set of records.
	Records(RecordSet),
}

impl Coverage {
	/// Whether `record` is covered.
	pub fn covers(&self, record: &RecordId) -> bool {
		match self {
			Self::Intervals { device, first, last } => {
				record.device == *device
					&& record.interval >= *first
					&& last.is_none_or(|last| record.interval <= last)
			}
			Self::Records(records) => records.contains(record),
		}
	}

	/// How many parts (records) are covered, or `None` when open-ended.
	pub fn parts(&self) -> Option<u64> {
		match self {
			Self::Intervals { first, last, .. } => {
				last.map(|last| last.saturating_sub(*first).saturating_add(1))
			}
			Self::Records(records) => Some(records.len() as u64),
		}
	}
}

/// A buyer's request for access, with the price held in escrow.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Request<AccountId, Balance, BlockNumber> {
	/// The listing answered.
	pub listing: ListingId,
	/// The data's owner.
	pub owner: AccountId,
	/// Who asks.
	pub buyer: AccountId,
	/// What is asked for.
	pub coverage: Coverage,
	/// The listing's price when asked (per interval for a stream, for the set otherwise).
	pub price: Balance,
	/// Held from the buyer.
	pub escrow: Balance,
	/// The last block in which the request may be approved.
	pub expires_at: BlockNumber,
	/// The deposit held from the buyer while the request is pending.
	pub deposit: Balance,
}

/// One of a grant's proxies.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct GrantProxy<AccountId> {
	/// The proxy's account.
	pub account: AccountId,
	/// Parts settled with a capsule fragment of this proxy: who serves and who is missing.
	pub delivered: u32,
}

/// A grant's key fragments, each encrypted to the proxy at the same position. Kept apart from
/// the grant, which every delivery reads, since only the proxies need them.
pub type GrantKeyFrags = BoundedVec<EncryptedKeyFrag, ConstU32<MAX_GRANT_PROXIES>>;

/// The proxies of a grant.
pub type GrantProxies<AccountId> = BoundedVec<GrantProxy<AccountId>, ConstU32<MAX_GRANT_PROXIES>>;

/// An approved request: `threshold` of its proxies re-encrypt each covered capsule for the
/// buyer, and each part so delivered is paid from the escrow.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Grant<AccountId, Balance, BlockNumber> {
	/// The listing it came from.
	pub listing: ListingId,
	/// The data's owner (the delegator).
	pub owner: AccountId,
	/// The buyer (the receiver).
	pub buyer: AccountId,
	/// What is covered.
	pub coverage: Coverage,
	/// The price agreed (per interval for a stream, for the set otherwise).
	pub price: Balance,
	/// What is left in escrow, held from the buyer.
	pub escrow: Balance,
	/// Capsule fragments needed per part (M).
	pub threshold: u8,
	/// The owner's Umbral key the records are encrypted to.
	pub delegating: UmbralPublicKey,
	/// The buyer's Umbral key the fragments re-encrypt to.
	pub receiving: UmbralPublicKey,
	/// The key that signed the key fragments.
	pub verifying: UmbralPublicKey,
	/// The proxies (N) and their encrypted key fragments.
	pub proxies: GrantProxies<AccountId>,
	/// Parts settled so far.
	pub settled: u32,
	/// The block the grant was approved in.
	pub approved_at: BlockNumber,
	/// The block after which the grant ends, from the listing's terms.
	pub expires_at: Option<BlockNumber>,
	/// The deposit held from the owner while the grant exists.
	pub deposit: Balance,
}

impl<AccountId: PartialEq, Balance, BlockNumber> Grant<AccountId, Balance, BlockNumber> {
	/// The index of `who` among the grant's proxies.
	pub fn proxy_index(&self, who: &AccountId) -> Option<u8> {
		self.proxies.iter().position(|proxy| &proxy.account == who).map(|index| index as u8)
	}
}

/// One record under one grant: who has delivered its capsule fragment so far. The fragments
/// themselves are kept beside it, one entry each, for the buyer to fetch; all are pruned a while
/// after the part's delivery window.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Part<BlockNumber> {
	/// The owner's key the record is encrypted to (what the buyer decrypts against).
	pub delegating: UmbralPublicKey,
	/// Fragments needed.
	pub threshold: u8,
	/// The grant's proxies who delivered a verified fragment, one bit per proxy index.
	pub delivered: u32,
	/// The last block in which fragments are accepted.
	pub deadline: BlockNumber,
}

impl<BlockNumber> Part<BlockNumber> {
	/// How many proxies delivered.
	pub fn count(&self) -> u32 {
		self.delivered.count_ones()
	}

	/// Whether the proxy at `index` delivered.
	pub fn has(&self, index: u8) -> bool {
		self.delivered.checked_shr(index.into()).is_some_and(|bits| bits & 1 == 1)
	}

	/// Notes the proxy at `index` as delivered.
	pub fn mark(&mut self, index: u8) {
		self.delivered |= 1u32.checked_shl(index.into()).unwrap_or(0);
	}

	/// The indices of the proxies who delivered.
	pub fn proxies(&self) -> impl Iterator<Item = u8> + '_ {
		(0..MAX_GRANT_PROXIES as u8).filter(|index| self.has(*index))
	}

	/// Whether `threshold` fragments have been delivered (the part is paid for).
	pub fn is_settled(&self) -> bool {
		self.count() >= u32::from(self.threshold)
	}
}

/// The capsule fragments a buyer can decrypt a record with, as the runtime API returns them.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Delivery {
	/// The grant they were delivered under.
	pub grant: GrantId,
	/// The owner's key the record is encrypted to.
	pub delegating: UmbralPublicKey,
	/// Fragments needed.
	pub threshold: u8,
	/// The fragments delivered, each verified by the runtime.
	pub cfrags: Vec<EncodedCapsuleFrag>,
}

/// What the market needs to know of a record.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RecordInfo<AccountId, BlockNumber> {
	/// Whose data it is.
	pub owner: AccountId,
	/// Its capsule.
	pub capsule: EncodedCapsule,
	/// The fingerprint of the owner's Umbral key it is encrypted to.
	pub owner_key: KeyFingerprint,
	/// The block it was registered in.
	pub registered_at: BlockNumber,
}

/// The data registry as the market sees it.
pub trait DataSource<AccountId, BlockNumber> {
	/// An account's Umbral public key.
	fn umbral_key(who: &AccountId) -> Option<UmbralPublicKey>;
	/// A device's owner.
	fn device_owner(device: DeviceId) -> Option<AccountId>;
	/// A record.
	fn record(record: &RecordId) -> Option<RecordInfo<AccountId, BlockNumber>>;
	/// Up to `limit` of a device's recorded intervals after `after`, in storage order.
	fn records_of_device(
		device: DeviceId,
		after: Option<IntervalIndex>,
		limit: u32,
	) -> Vec<IntervalIndex>;
}

/// Told of proxies' service and of sales, for the committee's credit model.
pub trait SharingObserver<AccountId, Balance> {
	/// A proxy delivered a valid capsule fragment of `owner`'s data for `buyer`.
	fn cfrag_accepted(_proxy: &AccountId, _owner: &AccountId, _buyer: &AccountId) {}
	/// A proxy delivered a capsule fragment that failed verification: the committee penalises
	/// it.
	fn cfrag_rejected(_proxy: &AccountId, _grant: GrantId) {}
	/// A part of `owner`'s data was paid for by `buyer`: `to_each_proxy` went to each of
	/// `proxies`, the rest of the price to the owner.
	fn part_settled(
		_owner: &AccountId,
		_buyer: &AccountId,
		_proxies: &[AccountId],
		_to_each_proxy: Balance,
	) {
	}
}

impl<AccountId, Balance> SharingObserver<AccountId, Balance> for () {}

/// The market's governable parameters: one record, read in one storage read. Set one at a
/// time by CPChain's parameters pallet, within the bounds [`Parameters::check`] holds.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Parameters<Balance, BlockNumber> {
	/// Held from the owner per listing.
	pub listing_deposit: Balance,
	/// Held from the buyer per pending request.
	pub request_deposit: Balance,
	/// Held from the owner per grant (its key fragments are stored).
	pub grant_deposit: Balance,
	/// The part of each settled part's price shared by the proxies who delivered it.
	pub proxy_fee: sp_runtime::Perbill,
	/// Blocks a request may wait for approval.
	pub request_timeout: BlockNumber,
	/// Blocks proxies have to deliver a part's fragments after its record is registered (or
	/// after the grant is approved, if later).
	pub delivery_window: BlockNumber,
	/// Blocks delivered fragments are kept after their delivery window, for the buyer.
	pub cfrag_retention: BlockNumber,
}

/// The least deposits governance may set: what each item's storage costs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DepositFloors<Balance> {
	/// A listing's storage.
	pub listing: Balance,
	/// A request's storage.
	pub request: Balance,
	/// A grant's storage.
	pub grant: Balance,
}

/// The least share of a part's price for its proxies: re-encrypting is paid service.
pub const MIN_PROXY_FEE: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(1);
/// The most share of a part's price for its proxies: the owner keeps at least half.
pub const MAX_PROXY_FEE: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
/// The shortest request timeout, in blocks: ten minutes at six-second blocks, time for an
/// owner's approver to answer.
pub const MIN_REQUEST_TIMEOUT: u32 = 100;
/// The longest request timeout: thirty days, so a request's deposit and escrow are not held
/// indefinitely.
pub const MAX_REQUEST_TIMEOUT: u32 = 432_000;
/// The shortest delivery window: a minute, time for a proxy to see a record and answer.
pub const MIN_DELIVERY_WINDOW: u32 = 10;
/// The longest delivery window: a day, so a buyer's escrow for an undelivered part returns.
pub const MAX_DELIVERY_WINDOW: u32 = 14_400;
/// The shortest retention of delivered fragments: a minute, time for the buyer to fetch.
pub const MIN_CFRAG_RETENTION: u32 = 10;
/// The longest retention: a week, which bounds how long fragments stay stored.
pub const MAX_CFRAG_RETENTION: u32 = 100_800;

/// Which rule a market parameter breaks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParameterError {
	/// A deposit below its storage's cost or above
	/// [`MAX_DEPOSIT_MULTIPLE`](cpchain_primitives::parameters::MAX_DEPOSIT_MULTIPLE) times it.
	Deposit,
	/// A proxy fee outside [`MIN_PROXY_FEE`]`..=`[`MAX_PROXY_FEE`].
	ProxyFee,
	/// A request timeout outside its bounds.
	RequestTimeout,
	/// A delivery window outside its bounds.
	DeliveryWindow,
	/// A retention of delivered fragments outside its bounds.
	CfragRetention,
}

impl<Balance, BlockNumber> Parameters<Balance, BlockNumber>
where
	Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy,
	BlockNumber: sp_runtime::traits::AtLeast32BitUnsigned + Copy,
{
	/// Whether every parameter keeps its bounds, the deposits against `floors`.
	pub fn check(&self, floors: &DepositFloors<Balance>) -> Result<(), ParameterError> {
		use cpchain_primitives::parameters::deposit_within as within;
		if !within(self.listing_deposit, floors.listing)
			|| !within(self.request_deposit, floors.request)
			|| !within(self.grant_deposit, floors.grant)
		{
			return Err(ParameterError::Deposit);
		}
		if self.proxy_fee < MIN_PROXY_FEE || self.proxy_fee > MAX_PROXY_FEE {
			return Err(ParameterError::ProxyFee);
		}
		let blocks = |n: BlockNumber, min: u32, max: u32| {
			n >= BlockNumber::from(min) && n <= BlockNumber::from(max)
		};
		if !blocks(self.request_timeout, MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT) {
			return Err(ParameterError::RequestTimeout);
		}
		if !blocks(self.delivery_window, MIN_DELIVERY_WINDOW, MAX_DELIVERY_WINDOW) {
			return Err(ParameterError::DeliveryWindow);
		}
		if !blocks(self.cfrag_retention, MIN_CFRAG_RETENTION, MAX_CFRAG_RETENTION) {
			return Err(ParameterError::CfragRetention);
		}
		Ok(())
	}
}

cpchain_primitives::section_parameters! {
	/// The name of one of the market's parameters.
	pub enum ParameterKey;
	/// One of the market's parameters and its new value.
	pub enum ParameterChange<Balance, BlockNumber> for Parameters {
		ListingDeposit(listing_deposit): Balance,
		RequestDeposit(request_deposit): Balance,
		GrantDeposit(grant_deposit): Balance,
		ProxyFee(proxy_fee): sp_runtime::Perbill,
		RequestTimeout(request_timeout): BlockNumber,
		DeliveryWindow(delivery_window): BlockNumber,
		CfragRetention(cfrag_retention): BlockNumber,
	}
}
