//! The data market: owners list, buyers request with the price in escrow, owners (or their
//! approvers) grant access by handing key fragments to proxies, and revoke it.

use cpchain_primitives::{
	interval::IntervalIndex,
	umbral::{EncryptedKeyFrag, UmbralPublicKey},
};
use cpchain_runtime::{
	pallet_access_grants::{self, GrantId, ListingId, Offer, Terms},
	AccountId, Balance, BlockNumber, GrantOf, ListingOf, RequestOf, RuntimeCall, RuntimeEvent,
};
use rand_core::{OsRng, RngCore};
use sp_core::{sr25519, Pair};

use futures::future::BoxFuture;

use crate::{
	chain::{account_of, find_event, Chain, PAGE},
	keys::KeyFile,
	worker::Task,
	Error,
};

/// What a buyer holds under a purchase id.
#[derive(Debug)]
pub enum Purchase {
	/// Waiting for the owner.
	Pending(RequestOf),
	/// Granted.
	Granted(GrantOf),
}

impl Chain {
	/// A listing.
	pub async fn listing(&self, listing: ListingId) -> Result<ListingOf, Error> {
		self.runtime_call::<Option<ListingOf>>("AccessGrantsApi_listing", listing)
			.await?
			.ok_or_else(|| Error::Other(format!("there is no listing {listing}")))
	}

	/// A pending request.
	pub async fn request(&self, request: GrantId) -> Result<Option<RequestOf>, Error> {
		self.runtime_call("AccessGrantsApi_request", request).await
	}

	/// A live grant.
	pub async fn grant(&self, grant: GrantId) -> Result<Option<GrantOf>, Error> {
		self.runtime_call("AccessGrantsApi_grant", grant).await
	}

	/// The proxy set's members with Umbral keys.
	pub async fn proxies(&self) -> Result<Vec<(AccountId, UmbralPublicKey)>, Error> {
		self.runtime_call("AccessGrantsApi_proxies", ()).await
	}

	/// Every listing, or `owner`'s.
	pub async fn listing_ids(&self, owner: Option<&AccountId>) -> Result<Vec<ListingId>, Error> {
		self.pages(|after| async move {
			match owner {
				Some(owner) => {
					self.runtime_call("AccessGrantsApi_listings_of", (owner, after, PAGE)).await
				}
				None => self.runtime_call("AccessGrantsApi_listings", (after, PAGE)).await,
			}
		})
		.await
	}

	/// The pending requests for `owner`'s listings.
	pub async fn request_ids(&self, owner: &AccountId) -> Result<Vec<GrantId>, Error> {
		self.pages(|after| self.runtime_call("AccessGrantsApi_requests_for", (owner, after, PAGE)))
			.await
	}

	/// `buyer`'s pending requests and live grants.
	pub async fn purchase_ids(&self, buyer: &AccountId) -> Result<Vec<GrantId>, Error> {
		self.pages(|after| self.runtime_call("AccessGrantsApi_purchases", (buyer, after, PAGE)))
			.await
	}

	/// The live grants `proxy` serves.
	pub async fn proxy_grant_ids(&self, proxy: &AccountId) -> Result<Vec<GrantId>, Error> {
		self.pages(|after| {
			self.runtime_call("AccessGrantsApi_grants_of_proxy", (proxy, after, PAGE))
		})
		.await
	}
}

/// Lists `offer` for sale; returns the listing's id.
pub async fn sell(
	chain: &Chain,
	owner: &sr25519::Pair,
	offer: Offer<Balance>,
	terms: Terms<BlockNumber>,
	approver: Option<AccountId>,
) -> Result<ListingId, Error> {
	let call = RuntimeCall::AccessGrants(pallet_access_grants::Call::create_listing {
		offer,
		terms,
		approver,
	});
	let events = chain.submit(owner, call).await?;
	find_event(&events, "Listed", |event| match event {
		RuntimeEvent::AccessGrants(pallet_access_grants::Event::Listed { listing, .. }) => {
			Some(*listing)
		}
		_ => None,
	})
}

/// Every listing (or `owner`'s), sorted by id.
pub async fn listings(
	chain: &Chain,
	owner: Option<&AccountId>,
) -> Result<Vec<(ListingId, ListingOf)>, Error> {
	let mut ids = chain.listing_ids(owner).await?;
	ids.sort();
	let mut listings = Vec::with_capacity(ids.len());
	for id in ids {
		listings.push((id, chain.listing(id).await?));
	}
	Ok(listings)
}

/// The escrow a request needs: the price of `first..=last` for a stream, `budget` (at least one
/// interval) for an open-ended stream, the set's price for a set of records.
pub fn escrow_for(
	listing: &ListingOf,
	intervals: Option<(IntervalIndex, Option<IntervalIndex>)>,
	budget: Option<Balance>,
) -> Result<Balance, Error> {
	match (&listing.offer, intervals) {
		(Offer::Stream { price_per_interval, .. }, Some((first, Some(last)))) => {
			let count = last
				.checked_sub(first)
				.and_then(|n| n.checked_add(1))
				.ok_or_else(|| Error::Other("the last interval is before the first".into()))?;
			price_per_interval
				.checked_mul(Balance::from(count))
				.ok_or_else(|| Error::Other("the price overflows".into()))
		}
		(Offer::Stream { price_per_interval, .. }, Some((_, None))) => {
			Ok(budget.unwrap_or(*price_per_interval))
		}
		(Offer::Stream { .. }, None) => {
			Err(Error::Other("a stream needs the intervals to buy: --from (and --to)".into()))
		}
		(Offer::Records { price, .. }, None) => Ok(*price),
		(Offer::Records { .. }, Some(_)) => {
			Err(Error::Other("a set of records is bought whole: no --from/--to".into()))
		}
	}
}

/// Asks for access to `listing` with `escrow` held; returns the request's id (the grant's, once
/// approved).
pub async fn buy(
	chain: &Chain,
	buyer: &sr25519::Pair,
	listing: ListingId,
	intervals: Option<(IntervalIndex, Option<IntervalIndex>)>,
	escrow: Balance,
) -> Result<GrantId, Error> {
	let call = RuntimeCall::AccessGrants(pallet_access_grants::Call::request_access {
		listing,
		intervals,
		escrow,
	});
	let events = chain.submit(buyer, call).await?;
	find_event(&events, "AccessRequested", |event| match event {
		RuntimeEvent::AccessGrants(pallet_access_grants::Event::AccessRequested {
			request,
			..
		}) => Some(*request),
		_ => None,
	})
}

/// `buyer`'s pending requests and live grants, sorted by id.
pub async fn purchases(
	chain: &Chain,
	buyer: &AccountId,
) -> Result<Vec<(GrantId, Purchase)>, Error> {
	let mut ids = chain.purchase_ids(buyer).await?;
	ids.sort();
	let mut purchases = Vec::with_capacity(ids.len());
	for id in ids {
		if let Some(grant) = chain.grant(id).await? {
			purchases.push((id, Purchase::Granted(grant)));
		} else if let Some(request) = chain.request(id).await? {
			purchases.push((id, Purchase::Pending(request)));
		}
	}
	Ok(purchases)
}

/// The pending requests for `owner`'s listings, sorted by id.
pub async fn requests(
	chain: &Chain,
	owner: &AccountId,
) -> Result<Vec<(GrantId, RequestOf)>, Error> {
	let mut ids = chain.request_ids(owner).await?;
	ids.sort();
	let mut requests = Vec::with_capacity(ids.len());
	for id in ids {
		if let Some(request) = chain.request(id).await? {
			requests.push((id, request));
		}
	}
	Ok(requests)
}

/// How an approval picks its proxies.
pub enum ProxyChoice {
	/// These accounts, in this order.
	Named(Vec<AccountId>),
	/// This many, at random from the proxy set.
	Random(usize),
}

/// Approves `request`: generates `threshold`-of-N key fragments from the owner's Umbral key
/// (in `owner_keys`) for the buyer, seals each to one proxy, and submits them, signed by
/// `approver` (the owner or the listing's approver). Returns the proxies.
pub async fn approve(
	chain: &Chain,
	approver: &sr25519::Pair,
	owner_keys: &KeyFile,
	request: GrantId,
	threshold: u8,
	proxies: ProxyChoice,
) -> Result<Vec<AccountId>, Error> {
	let entry = chain
		.request(request)
		.await?
		.ok_or_else(|| Error::Other(format!("there is no pending request {request}")))?;
	let buyer_key = chain
		.umbral_key(&entry.buyer)
		.await?
		.ok_or_else(|| Error::Other("the buyer has no Umbral key".into()))?;
	let set = chain.proxies().await?;
	let chosen: Vec<(AccountId, UmbralPublicKey)> = match proxies {
		ProxyChoice::Named(accounts) => accounts
			.into_iter()
			.map(|account| {
				set.iter().find(|(proxy, _)| *proxy == account).cloned().ok_or_else(|| {
					Error::Other(format!("{account} is not in the proxy set or has no Umbral key"))
				})
			})
			.collect::<Result<_, _>>()?,
		ProxyChoice::Random(count) => {
			if count > set.len() {
				return Err(Error::Other(format!(
					"{count} proxies wanted, the proxy set has {} with keys",
					set.len()
				)));
			}
			let mut set = set;
			shuffle(&mut set);
			set.truncate(count);
			set
		}
	};
	let signer = owner_keys.kfrag_signer()?;
	let kfrags = umbral_pre::generate_kfrags(
		&owner_keys.umbral_secret()?,
		&buyer_key.to_umbral().map_err(|_| Error::Other("the buyer's key is invalid".into()))?,
		&signer,
		threshold as usize,
		chosen.len(),
		true,
		true,
	);
	let mut sealed = Vec::with_capacity(chosen.len());
	for ((proxy, key), kfrag) in chosen.iter().zip(kfrags.iter()) {
		let kfrag = EncryptedKeyFrag::seal(&mut OsRng, key, kfrag)
			.map_err(|e| Error::Other(format!("cannot seal a key fragment to {proxy}: {e:?}")))?;
		sealed.push((proxy.clone(), kfrag));
	}
	let call = RuntimeCall::AccessGrants(pallet_access_grants::Call::approve_request {
		request,
		threshold,
		verifying: UmbralPublicKey::from_umbral(&signer.verifying_key()),
		kfrags: sealed
			.try_into()
			.map_err(|_| Error::Other("too many proxies for one grant".into()))?,
	});
	chain.submit(approver, call).await?;
	Ok(chosen.into_iter().map(|(proxy, _)| proxy).collect())
}

/// Approves every pending request for `owner`'s listings that `approver` may answer, with
/// `threshold` of `shares` random proxies; a request that cannot be approved is reported and
/// left for the next pass. Returns the requests approved.
pub async fn approve_pending(
	chain: &Chain,
	approver: &sr25519::Pair,
	owner: &AccountId,
	owner_keys: &KeyFile,
	threshold: u8,
	shares: usize,
) -> Result<Vec<GrantId>, Error> {
	let me = account_of(approver.public());
	let (now, _) = chain.best_block().await?;
	let mut approved = Vec::new();
	for (id, request) in requests(chain, owner).await? {
		if u64::from(request.expires_at) < now {
			continue;
		}
		let Ok(listing) = chain.listing(request.listing).await else { continue };
		if &me != owner && listing.approver.as_ref() != Some(&me) {
			continue;
		}
		match approve(chain, approver, owner_keys, id, threshold, ProxyChoice::Random(shares)).await
		{
			Ok(_) => approved.push(id),
			Err(error) => eprintln!("request {id}: not approved: {error}"),
		}
	}
	Ok(approved)
}

/// Approves requests as they come, as a long-running [`Task`].
pub struct AutoApprover {
	/// Signs the approvals: the owner, or the listings' approver.
	pub approver: sr25519::Pair,
	/// Whose listings' requests are approved.
	pub owner: AccountId,
	/// The owner's keys file.
	pub owner_keys: KeyFile,
	/// Fragments needed (M).
	pub threshold: u8,
	/// Proxies drawn per grant (N).
	pub shares: usize,
}

impl Task for AutoApprover {
	fn pass<'a>(&'a mut self, chain: &'a Chain) -> BoxFuture<'a, Result<(), Error>> {
		Box::pin(async move {
			let approved = approve_pending(
				chain,
				&self.approver,
				&self.owner,
				&self.owner_keys,
				self.threshold,
				self.shares,
			)
			.await?;
			for request in approved {
				println!("{request}");
			}
			Ok(())
		})
	}
}

/// Sends a grant call (reject, revoke, close, top up) signed by `who`.
pub async fn send(
	chain: &Chain,
	who: &sr25519::Pair,
	call: pallet_access_grants::Call<cpchain_runtime::Runtime>,
) -> Result<(), Error> {
	chain.submit(who, RuntimeCall::AccessGrants(call)).await.map(|_| ())
}

/// Parses an amount: an integer in the smallest unit (`1500`), or CPC with up to 18 decimals
/// and a `CPC` suffix (`1.5CPC`, `2 CPC`).
pub fn parse_amount(text: &str) -> Result<Balance, String> {
	let text = text.trim();
	let Some(cpc) = text.strip_suffix("CPC").map(str::trim) else {
		return text.parse().map_err(|_| format!("not an amount: {text}"));
	};
	let (whole, fraction) = cpc.split_once('.').unwrap_or((cpc, ""));
	if fraction.len() > 18 || !fraction.chars().all(|c| c.is_ascii_digit()) {
		return Err(format!("not an amount of CPC: {text}"));
	}
	let whole: Balance = whole.parse().map_err(|_| format!("not an amount of CPC: {text}"))?;
	let fraction: Balance = format!("{fraction:0<18}").parse().unwrap_or(0);
	whole
		.checked_mul(cpchain_runtime::CPC)
		.and_then(|units| units.checked_add(fraction))
		.ok_or_else(|| format!("too large: {text}"))
}

/// Shuffles in place (Fisher–Yates with the OS's randomness).
fn shuffle<T>(items: &mut [T]) {
	for i in (1..items.len()).rev() {
		let j = (OsRng.next_u64() % (i as u64 + 1)) as usize;
		items.swap(i, j);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn listing(offer: Offer<Balance>) -> ListingOf {
		pallet_access_grants::Listing {
			owner: AccountId::new([1; 32]),
			offer,
			terms: Terms::default(),
			approver: None,
			buyers: 0,
			deposit: 0,
		}
	}

	#[test]
	fn escrow_is_the_price_of_what_is_asked() {
		let stream = listing(Offer::Stream { device: 0, price_per_interval: 10 });
		assert_eq!(escrow_for(&stream, Some((3, Some(5))), None).unwrap(), 30);
		assert_eq!(escrow_for(&stream, Some((3, None)), None).unwrap(), 10);
		assert_eq!(escrow_for(&stream, Some((3, None)), Some(55)).unwrap(), 55);
		assert!(escrow_for(&stream, Some((5, Some(3))), None).is_err());
		assert!(escrow_for(&stream, None, None).is_err());
		let set = listing(Offer::Records { records: Default::default(), price: 7 });
		assert_eq!(escrow_for(&set, None, None).unwrap(), 7);
		assert!(escrow_for(&set, Some((0, None)), None).is_err());
		let dear = listing(Offer::Stream { device: 0, price_per_interval: Balance::MAX });
		assert!(escrow_for(&dear, Some((0, Some(1))), None).is_err());
	}

	#[test]
	fn amounts_parse_in_units_or_cpc() {
		assert_eq!(parse_amount("1500"), Ok(1500));
		assert_eq!(parse_amount("1.5CPC"), Ok(1_500_000_000_000_000_000));
		assert_eq!(parse_amount("2 CPC"), Ok(2_000_000_000_000_000_000));
		assert_eq!(parse_amount("0.000000000000000001CPC"), Ok(1));
		assert!(parse_amount("0.0000000000000000001CPC").is_err());
		assert!(parse_amount("1.x CPC").is_err());
		assert!(parse_amount("ten").is_err());
		assert!(parse_amount("999999999999999999999999CPC").is_err());
	}

	#[test]
	fn shuffling_keeps_every_item() {
		let mut items: Vec<u32> = (0..20).collect();
		shuffle(&mut items);
		let mut sorted = items.clone();
		sorted.sort();
		assert_eq!(sorted, (0..20).collect::<Vec<_>>());
	}
}
