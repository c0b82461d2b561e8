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
