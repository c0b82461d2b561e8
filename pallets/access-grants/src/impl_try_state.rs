//! The pallet's invariants, checked by `try_state` and the tests.

use alloc::vec::Vec;
use cpchain_primitives::funds::HeldTally;
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The invariants between the maps, the counters, the escrow and the deposits held.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;

		let mut buyers: BTreeMap<ListingId, u32> = BTreeMap::new();

		let next_listing = NextListingId::<T>::get();
		for (id, listing) in Listings::<T>::iter() {
			ensure!(id < next_listing, "a listing id is not below NextListingId");
			ensure!(
				OwnerListings::<T>::contains_key(&listing.owner, id),
				"owner listing index broken"
			);
		}
		ensure!(
			OwnerListings::<T>::iter().count() == Listings::<T>::iter().count(),
			"stale owner listing index"
		);

		let next_request = NextRequestId::<T>::get();
		for (id, request) in Requests::<T>::iter() {
			ensure!(id < next_request, "a request id is not below NextRequestId");
			ensure!(!Grants::<T>::contains_key(id), "a request is also a grant");
			ensure!(
				OwnerRequests::<T>::contains_key(&request.owner, id),
				"owner request index broken"
			);
			ensure!(Purchases::<T>::contains_key(&request.buyer, id), "purchase index broken");
			*buyers.entry(request.listing).or_default() += 1;
		}
		ensure!(
			OwnerRequests::<T>::iter().count() == Requests::<T>::iter().count(),
			"stale owner request index"
		);

		let mut proxy_entries = 0usize;
		for (id, grant) in Grants::<T>::iter() {
			ensure!(id < next_request, "a grant id is not below NextRequestId");
			ensure!(
				grant.threshold >= 1 && grant.threshold as usize <= grant.proxies.len(),
				"a grant's threshold is out of range"
			);
			ensure!(Purchases::<T>::contains_key(&grant.buyer, id), "purchase index broken");
			for proxy in &grant.proxies {
				ensure!(
					ProxyGrants::<T>::contains_key(&proxy.account, id),
					"proxy grant index broken"
				);
			}
			ensure!(
				grant.coverage.parts().is_none_or(|parts| u64::from(grant.settled) < parts),
				"a completed grant was kept"
			);
			ensure!(
				KeyFrags::<T>::get(id).map(|kfrags| kfrags.len()) == Some(grant.proxies.len()),
				"a grant's key fragments do not match its proxies"
			);
			proxy_entries += grant.proxies.len();
			*buyers.entry(grant.listing).or_default() += 1;
		}
		ensure!(
			Purchases::<T>::iter().count()
				== Requests::<T>::iter().count() + Grants::<T>::iter().count(),
			"stale purchase index"
		);
		ensure!(ProxyGrants::<T>::iter().count() == proxy_entries, "stale proxy grant index");
		ensure!(
			KeyFrags::<T>::iter().count() == Grants::<T>::iter().count(),
			"key fragments of an ended grant were kept"
		);

		for (id, listing) in Listings::<T>::iter() {
			ensure!(
				listing.buyers == buyers.get(&id).copied().unwrap_or(0),
				"a listing's buyer count differs from its requests and grants"
			);
		}

		let (head, tail) = PruneCursor::<T>::get();
		ensure!(head <= tail, "prune cursor reversed");
		let mut parts = 0u64;
		let mut cfrags = 0usize;
		for ((buyer, record), grant, part) in Parts::<T>::iter() {
			parts += 1;
			ensure!(
				part.count() >= 1 && part.count() <= u32::from(part.threshold),
				"a part holds no fragment or more than its threshold"
			);
			let kept: Vec<u8> = Cfrags::<T>::iter_key_prefix((buyer, record, grant)).collect();
			ensure!(
				kept.len() as u32 == part.count() && kept.iter().all(|index| part.has(*index)),
				"a part's fragments differ from who it says delivered"
			);
			cfrags += kept.len();
		}
		ensure!(Cfrags::<T>::iter().count() == cfrags, "fragments without their part");
		ensure!(
			PruneQueue::<T>::iter().count() as u64 == tail - head && parts <= tail - head,
			"a part is not queued for pruning"
		);

		for (who, reason, amount) in Self::held_by_storage() {
			ensure!(
				T::Currency::balance_on_hold(&reason.into(), &who) == amount,
				"escrow or deposits held differ from what storage accounts for"
			);
		}
		Ok(())
	}

	/// What storage says each account has held, by reason: buyers' escrow and request
	/// deposits, owners' listing and grant deposits. `try_state` checks the holds against
	/// it; a whole-runtime check can also find holds that nothing explains.
	pub fn held_by_storage() -> Vec<(T::AccountId, HoldReason, BalanceOf<T>)> {
		let mut held = HeldTally::default();
		for (_, listing) in Listings::<T>::iter() {
			held.add(&listing.owner, HoldReason::ListingDeposit, listing.deposit);
		}
		for (_, request) in Requests::<T>::iter() {
			held.add(&request.buyer, HoldReason::Escrow, request.escrow);
			held.add(&request.buyer, HoldReason::RequestDeposit, request.deposit);
		}
		for (_, grant) in Grants::<T>::iter() {
			held.add(&grant.buyer, HoldReason::Escrow, grant.escrow);
			held.add(&grant.owner, HoldReason::GrantDeposit, grant.deposit);
		}
		held.into_vec()
	}
}
