//! What the runtime API answers: key fragments, the proxy set, listings, requests, grants and
//! the fragments delivered for a buyer.

use alloc::vec::Vec;
use cpchain_primitives::{
	paging,
	record::RecordId,
	umbral::{EncryptedKeyFrag, UmbralPublicKey},
};
use frame_support::traits::SortedMembers;

use crate::*;

impl<T: Config> Pallet<T> {
	/// `proxy`'s key fragment of a live grant, sealed to its Umbral key.
	pub fn key_fragment(grant: GrantId, proxy: &T::AccountId) -> Option<EncryptedKeyFrag> {
		let index = Grants::<T>::get(grant)?.proxy_index(proxy)?;
		KeyFrags::<T>::get(grant)?.get(index as usize).cloned()
	}

	/// The proxy set's members that have an Umbral key, with it.
	pub fn proxies() -> Vec<(T::AccountId, UmbralPublicKey)> {
		T::Proxies::sorted_members()
			.into_iter()
			.filter_map(|proxy| T::Data::umbral_key(&proxy).map(|key| (proxy, key)))
			.collect()
	}

	/// Up to `limit` listings after `after`, in storage order.
	pub fn listing_ids(after: Option<ListingId>, limit: u32) -> Vec<ListingId> {
		paging::keys::<Listings<T>, _, _>(after, limit)
	}

	/// Up to `limit` of `owner`'s listings after `after`.
	pub fn listings_of(
		owner: &T::AccountId,
		after: Option<ListingId>,
		limit: u32,
	) -> Vec<ListingId> {
		paging::keys_under::<OwnerListings<T>, _, _, _>(owner, after, limit)
	}

	/// Up to `limit` pending requests for `owner`'s listings after `after`.
	pub fn requests_for(owner: &T::AccountId, after: Option<GrantId>, limit: u32) -> Vec<GrantId> {
		paging::keys_under::<OwnerRequests<T>, _, _, _>(owner, after, limit)
	}

	/// Up to `limit` of `buyer`'s pending requests and live grants after `after`.
	pub fn purchases_of(buyer: &T::AccountId, after: Option<GrantId>, limit: u32) -> Vec<GrantId> {
		paging::keys_under::<Purchases<T>, _, _, _>(buyer, after, limit)
	}

	/// Up to `limit` live grants `proxy` serves after `after`.
	pub fn grants_of_proxy(
		proxy: &T::AccountId,
		after: Option<GrantId>,
		limit: u32,
	) -> Vec<GrantId> {
		paging::keys_under::<ProxyGrants<T>, _, _, _>(proxy, after, limit)
	}

	/// The fragments delivered for `buyer` and `record` under each of its grants, kept
	/// until pruned.
	pub fn deliveries(buyer: &T::AccountId, record: RecordId) -> Vec<Delivery> {
		Parts::<T>::iter_prefix((buyer.clone(), record))
			.map(|(grant, part)| Delivery {
				grant,
				delegating: part.delegating,
				threshold: part.threshold,
				cfrags: Cfrags::<T>::iter_prefix_values((buyer.clone(), record, grant)).collect(),
			})
			.collect()
	}
}
