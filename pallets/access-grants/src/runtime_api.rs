//! The runtime API through which clients, gateways and proxy workers read the market.

use alloc::vec::Vec;

use codec::Codec;
use cpchain_primitives::{
	record::RecordId,
	umbral::{EncryptedKeyFrag, UmbralPublicKey},
};

use crate::{Delivery, GrantId, ListingId};

/// The most ids one page returns.
pub const MAX_PAGE: u32 = 1000;

sp_api::decl_runtime_apis! {
	/// Reads listings, requests, grants and delivered capsule fragments.
	pub trait AccessGrantsApi<AccountId, Listing, Request, Grant>
	where
		AccountId: Codec,
		Listing: Codec,
		Request: Codec,
		Grant: Codec,
	{
		/// The proxy set's members that have an Umbral key, with it: whom grants may name.
		fn proxies() -> Vec<(AccountId, UmbralPublicKey)>;
		/// A listing.
		fn listing(listing: ListingId) -> Option<Listing>;
		/// Up to `limit` (at most [`MAX_PAGE`]) listings after `after`, in storage order.
		fn listings(after: Option<ListingId>, limit: u32) -> Vec<ListingId>;
		/// Up to `limit` (at most [`MAX_PAGE`]) of `owner`'s listings after `after`.
		fn listings_of(owner: AccountId, after: Option<ListingId>, limit: u32) -> Vec<ListingId>;
		/// A pending request.
		fn request(request: GrantId) -> Option<Request>;
		/// Up to `limit` (at most [`MAX_PAGE`]) pending requests for `owner`'s listings.
		fn requests_for(owner: AccountId, after: Option<GrantId>, limit: u32) -> Vec<GrantId>;
		/// A live grant.
		fn grant(grant: GrantId) -> Option<Grant>;
		/// `proxy`'s key fragment of a live grant, sealed to its Umbral key.
		fn key_fragment(grant: GrantId, proxy: AccountId) -> Option<EncryptedKeyFrag>;
		/// Up to `limit` (at most [`MAX_PAGE`]) of `buyer`'s pending requests and live grants.
		fn purchases(buyer: AccountId, after: Option<GrantId>, limit: u32) -> Vec<GrantId>;
		/// Up to `limit` (at most [`MAX_PAGE`]) live grants `proxy` serves.
		fn grants_of_proxy(proxy: AccountId, after: Option<GrantId>, limit: u32) -> Vec<GrantId>;
		/// Up to `limit` (at most [`MAX_PAGE`]) records for which `proxy` owes `grant` a
		/// capsule fragment now.
		fn due_parts(proxy: AccountId, grant: GrantId, limit: u32) -> Vec<RecordId>;
		/// The verified capsule fragments delivered for `buyer` and `record`, by grant.
		fn deliveries(buyer: AccountId, record: RecordId) -> Vec<Delivery>;
	}
}
