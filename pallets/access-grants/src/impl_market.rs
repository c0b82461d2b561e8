//! Listings, requests and grants: who may sell and answer what, the escrow and deposits held
//! and released, and a settled part's payout.

use alloc::vec::Vec;
use cpchain_primitives::{funds::Frozen as _, record::RecordId};
use frame_support::storage::StorageValue as StoredValue;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, MutateHold},
		tokens::{DepositConsequence, Fortitude, Precision, Preservation, Provenance, Restriction},
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{Saturating, Zero};

use crate::*;

/// Holds `amount` from `who`; holding nothing (free data, no deposit) is a no-op.
pub(crate) fn hold<T: Config>(
	reason: HoldReason,
	who: &T::AccountId,
	amount: BalanceOf<T>,
) -> DispatchResult {
	if amount.is_zero() {
		return Ok(());
	}
	T::Currency::hold(&reason.into(), who, amount)
}

/// Holds `amount` from `who` as a buyer's escrow: only out of CPC no lock or freeze covers,
/// since [`Pallet::settle`] pays it to others past the buyer's locks, and CPC a vote locked
/// must not vote again in the payee's account.
pub(crate) fn hold_escrow<T: Config>(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
	if amount > cpchain_primitives::funds::movable::<_, T::Currency, T::Frozen>(who) {
		let owned = T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Force);
		ensure!(amount > owned, Error::<T>::EscrowLocked);
	}
	hold::<T>(HoldReason::Escrow, who, amount)?;
	// Nor may the escrow cover the buyer's locks while it waits to be paid out.
	T::Frozen::settle_owed(who);
	Ok(())
}

/// Releases up to `amount` held from `who`; returns what was released.
pub(crate) fn release<T: Config>(
	reason: HoldReason,
	who: &T::AccountId,
	amount: BalanceOf<T>,
) -> Result<BalanceOf<T>, DispatchError> {
	T::Currency::release(&reason.into(), who, amount, Precision::BestEffort)
}

impl<T: Config> Pallet<T> {
	/// Checks that `owner` may sell `offer`.
	pub(crate) fn check_offer(owner: &T::AccountId, offer: &Offer<BalanceOf<T>>) -> DispatchResult {
		match offer {
			Offer::Stream { device, .. } => {
				let device_owner =
					T::Data::device_owner(*device).ok_or(Error::<T>::UnknownDevice)?;
				ensure!(&device_owner == owner, Error::<T>::NotDeviceOwner);
			}
			Offer::Records { records, .. } => {
				ensure!(!records.is_empty(), Error::<T>::EmptyRecordSet);
				let mut sorted: Vec<RecordId> = records.to_vec();
				sorted.sort_by_key(|record| (record.device, record.interval));
				ensure!(
					sorted.windows(2).all(|pair| pair[0] != pair[1]),
					Error::<T>::DuplicateRecord
				);
				for record in records {
					let info = T::Data::record(record).ok_or(Error::<T>::UnknownRecord)?;
					ensure!(&info.owner == owner, Error::<T>::NotRecordOwner);
				}
			}
		}
		Ok(())
	}

	/// A listing, if `who` owns it.
	pub(crate) fn owned_listing(
		who: &T::AccountId,
		listing: ListingId,
	) -> Result<ListingOf<T>, Error<T>> {
		let entry = Listings::<T>::get(listing).ok_or(Error::<T>::UnknownListing)?;
		ensure!(&entry.owner == who, Error::<T>::NotListingOwner);
		Ok(entry)
	}

	/// The request's listing, if `who` may answer the request for its owner.
	pub(crate) fn ensure_approver(
		who: &T::AccountId,
		request: &RequestOf<T>,
	) -> Result<ListingOf<T>, DispatchError> {
		let listing = Listings::<T>::get(request.listing).ok_or(Error::<T>::UnknownListing)?;
		ensure!(
			who == &request.owner || listing.approver.as_ref() == Some(who),
			Error::<T>::NotApprover
		);
		Ok(listing)
	}

	/// One buyer less for a listing, if it still exists.
	pub(crate) fn release_buyer(listing: ListingId) {
		Listings::<T>::mutate(listing, |entry| {
			if let Some(entry) = entry {
				entry.buyers = entry.buyers.saturating_sub(1);
			}
		});
	}

	/// Returns a request's deposit to its buyer.
	pub(crate) fn release_request_deposit(entry: &RequestOf<T>) -> DispatchResult {
		release::<T>(HoldReason::RequestDeposit, &entry.buyer, entry.deposit)?;
		Ok(())
	}

	/// Removes a pending request and returns its escrow and deposit.
	pub(crate) fn drop_request(
		request: GrantId,
		entry: RequestOf<T>,
		rejected: bool,
	) -> DispatchResult {
		let refund = release::<T>(HoldReason::Escrow, &entry.buyer, entry.escrow)?;
		T::Frozen::settle_owed(&entry.buyer);
		Self::release_request_deposit(&entry)?;
		Self::release_buyer(entry.listing);
		Requests::<T>::remove(request);
		OwnerRequests::<T>::remove(&entry.owner, request);
		Purchases::<T>::remove(&entry.buyer, request);
		Self::deposit_event(Event::RequestDropped { request, rejected, refund });
		Ok(())
	}

	/// Removes a grant, returns the escrow left to the buyer and the deposit to the owner.
	/// Fragments already delivered stay until pruned.
	pub(crate) fn end_grant(
		grant: GrantId,
		entry: GrantOf<T>,
		reason: EndReason,
	) -> DispatchResult {
		let refund = release::<T>(HoldReason::Escrow, &entry.buyer, entry.escrow)?;
		T::Frozen::settle_owed(&entry.buyer);
		release::<T>(HoldReason::GrantDeposit, &entry.owner, entry.deposit)?;
		Self::release_buyer(entry.listing);
		for proxy in &entry.proxies {
			ProxyGrants::<T>::remove(&proxy.account, grant);
		}
		Purchases::<T>::remove(&entry.buyer, grant);
		KeyFrags::<T>::remove(grant);
		Grants::<T>::remove(grant);
		Self::deposit_event(Event::GrantEnded { grant, reason, refund });
		Ok(())
	}

	/// What the next part of a grant costs, if its escrow can pay for it: a stream's
	/// price per interval; a set's price divided among its records, the last taking what
	/// is left.
	pub fn part_price(grant: &GrantOf<T>) -> Option<BalanceOf<T>> {
		let price = match &grant.coverage {
			Coverage::Intervals { .. } => grant.price,
			Coverage::Records(records) => {
				let parts = records.len() as u32;
				if grant.settled.saturating_add(1) >= parts {
					grant.escrow
				} else {
					grant.price / parts.max(1).into()
				}
			}
		};
		(price <= grant.escrow).then_some(price)
	}

	/// Pays for a part from the buyer's escrow: the proxy fee shared by the proxies who
	/// delivered it, the rest to the owner. A payee whose account cannot take its share (one
	/// that left the chain, its share below the existential deposit) is not paid and the share
	/// stays in the buyer's escrow (back when the grant ends; a record set's last part, priced
	/// at what is left, pays it): otherwise an account-less proxy among those who delivered
	/// would make every completion of the part fail, and stall it for the other proxies and
	/// the buyer.
	pub(crate) fn settle(
		grant: GrantId,
		entry: &mut GrantOf<T>,
		part: &Part<BlockNumberFor<T>>,
		record: RecordId,
		price: BalanceOf<T>,
	) -> DispatchResult {
		let proxies = part.count();
		let to_each_proxy = T::Parameters::get().proxy_fee.mul_floor(price) / proxies.max(1).into();
		let to_owner = price.saturating_sub(to_each_proxy.saturating_mul(proxies.into()));
		let mut unpaid = BalanceOf::<T>::zero();
		let mut pay = |to: &T::AccountId, amount: BalanceOf<T>| -> Result<bool, DispatchError> {
			if amount.is_zero() {
				return Ok(true);
			}
			if T::Currency::can_deposit(to, amount, Provenance::Extant)
				!= DepositConsequence::Success
			{
				unpaid.saturating_accrue(amount);
				return Ok(false);
			}
			T::Currency::transfer_on_hold(
				&HoldReason::Escrow.into(),
				&entry.buyer,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				// The escrow is owed: a lock or freeze the buyer took on since (it covers held
				// CPC too) must not stop the payout.
				Fortitude::Force,
			)?;
			Ok(true)
		};
		let mut paid = Vec::with_capacity(proxies as usize);
		for index in part.proxies() {
			let proxy = entry.proxies.get(index as usize).ok_or(Error::<T>::NotGrantProxy)?;
			if pay(&proxy.account, to_each_proxy)? {
				paid.push(proxy.account.clone());
			}
		}
		let to_owner = if pay(&entry.owner, to_owner)? { to_owner } else { Zero::zero() };
		T::Frozen::settle_owed(&entry.buyer);
		for index in part.proxies() {
			if let Some(proxy) = entry.proxies.get_mut(index as usize) {
				proxy.delivered = proxy.delivered.saturating_add(1);
			}
		}
		entry.escrow = entry.escrow.saturating_sub(price.saturating_sub(unpaid));
		entry.settled = entry.settled.saturating_add(1);
		T::Observer::part_settled(&entry.owner, &entry.buyer, &paid, to_each_proxy);
		Self::deposit_event(Event::PartSettled { grant, record, to_owner, to_each_proxy });
		Ok(())
	}
}
