//! What the fuzzer knows that the chain does not: every secret it made (accounts' sr25519 and
//! Umbral keys, device keys, the key fragments of each grant), and how an abstract action
//! becomes a concrete call against the chain's current state.

use std::collections::BTreeMap;

use codec::Encode;
use cpchain_primitives::{
	cid::Cid,
	record::{self, RecordContent, RecordId},
	umbral::{self, EncodedCapsule, EncodedCapsuleFrag, EncryptedKeyFrag, UmbralPublicKey},
};
use cpchain_runtime::{
	pallet_access_grants, pallet_committee, pallet_conviction_voting, pallet_cpc_economics,
	pallet_cpc_governance, pallet_cpc_parameters, pallet_data_registry, pallet_preimage,
	pallet_referenda, AccountId, Balance, Balances, DataRegistry, Header, OriginCaller, Runtime,
	RuntimeCall, SessionKeys, System, Timestamp, CPC, EXISTENTIAL_DEPOSIT,
};
use frame_support::traits::fungible::Inspect;
use rand_chacha::{rand_core::SeedableRng, ChaCha8Rng};
use sp_consensus_aura::{digests::CompatibleDigestItem, sr25519::AuthoritySignature};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _, Header as _},
	DigestItem, MultiAddress, Perbill,
};
use umbral_pre::{SecretKey, Signer, VerifiedKeyFrag};

use crate::action::{
	Amount, Call, Capsule, CapsuleFrag, Equivocation, Interval, KeyFrags, Offer, Proposal,
	Signature, UmbralKey, VoteKind, ACCOUNTS, NONE_SUCH,
};

/// The accounts, by index: the six endowed development accounts, then two empty ones.
pub const KEYRINGS: [Sr25519Keyring; ACCOUNTS as usize] = [
	Sr25519Keyring::Alice,
	Sr25519Keyring::Bob,
	Sr25519Keyring::Charlie,
	Sr25519Keyring::Dave,
	Sr25519Keyring::Eve,
	Sr25519Keyring::Ferdie,
	Sr25519Keyring::One,
	Sr25519Keyring::Two,
];

/// The accounts' key pairs, derived once per process: derivation is slow.
fn account_pairs() -> &'static [sr25519::Pair] {
	static PAIRS: std::sync::OnceLock<Vec<sr25519::Pair>> = std::sync::OnceLock::new();
	PAIRS.get_or_init(|| KEYRINGS.iter().map(|keyring| keyring.pair()).collect())
}

/// A content identifier that passes the registry's check.
const CID: &[u8] = b"bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

/// The fuzzer's secrets.
pub struct World {
	/// Account key pairs, by index.
	pub pairs: Vec<sr25519::Pair>,
	/// Device key pairs, by index.
	devices: Vec<sr25519::Pair>,
	/// Every Umbral secret made, by its public key.
	umbral: BTreeMap<[u8; 33], SecretKey>,
	/// Each grant's key fragments, by grant and proxy.
	key_frags: BTreeMap<(u64, AccountId), VerifiedKeyFrag>,
	rng: ChaCha8Rng,
}

impl Default for World {
	fn default() -> Self {
		Self::new()
	}
}

impl World {
	/// The development accounts and six device keys; randomness from a fixed seed, so a
	/// sequence always replays the same way.
	pub fn new() -> Self {
		Self {
			pairs: account_pairs().to_vec(),
			devices: (1..=crate::action::DEVICE_KEYS)
				.map(|i| sr25519::Pair::from_seed(&[i; 32]))
				.collect(),
			umbral: BTreeMap::new(),
			key_frags: BTreeMap::new(),
			rng: ChaCha8Rng::seed_from_u64(0),
		}
	}

	/// The account with index `i`.
	pub fn account(&self, i: u8) -> AccountId {
		KEYRINGS[usize::from(i % ACCOUNTS)].to_account_id()
	}

	fn fresh_umbral(&mut self) -> (SecretKey, UmbralPublicKey) {
		let secret = SecretKey::random_with_rng(&mut self.rng);
		let public = UmbralPublicKey::from_umbral(&secret.public_key());
		self.umbral.insert(public.0, secret.clone());
		(secret, public)
	}

	/// The secret of a published key, if the fuzzer made it.
	fn secret_of(&self, key: &UmbralPublicKey) -> Option<SecretKey> {
		self.umbral.get(&key.0).cloned()
	}

	/// The Umbral key `who` has published, or a fresh one (so the call can be made and refused).
	fn key_or_fresh(&mut self, who: &AccountId) -> UmbralPublicKey {
		DataRegistry::umbral_key_of(who).unwrap_or_else(|| self.fresh_umbral().1)
	}

	/// Turns an action's call into a runtime call, for the sender `who`. Runs against the
	/// chain's state.
	pub fn build(&mut self, who: &AccountId, call: &Call, parent: &Header) -> RuntimeCall {
		match call.clone() {
			Call::Transfer { to, amount, keep_alive } => {
				let dest = MultiAddress::Id(self.account(to));
				let value = self.amount(who, amount);
				if keep_alive {
					pallet_balances::Call::transfer_keep_alive { dest, value }.into()
				} else {
					pallet_balances::Call::transfer_allow_death { dest, value }.into()
				}
			}
			Call::TransferAll { to, keep_alive } => pallet_balances::Call::transfer_all {
				dest: MultiAddress::Id(self.account(to)),
				keep_alive,
			}
			.into(),
			Call::SetKeys { key_of, valid_proof } => {
				let aura = KEYRINGS[usize::from(key_of % ACCOUNTS)].public().into();
				let mut keys = SessionKeys { aura };
				let proof = if valid_proof {
					keys.create_ownership_proof(&who.encode())
						.map(|p| p.encode())
						.unwrap_or_default()
				} else {
					vec![7; 64]
				};
				pallet_session::Call::set_keys { keys, proof }.into()
			}
			Call::PurgeKeys => pallet_session::Call::purge_keys {}.into(),
			Call::SetUmbralKey { key } => {
				let key = match key {
					UmbralKey::Fresh => self.fresh_umbral().1,
					UmbralKey::Copied(of) => self.key_or_fresh(&self.account(of)),
					UmbralKey::Invalid => UmbralPublicKey([0xff; 33]),
				};
				pallet_data_registry::Call::set_umbral_key { key }.into()
			}
			Call::RemoveUmbralKey => pallet_data_registry::Call::remove_umbral_key {}.into(),
			Call::RegisterDevice { key, proof, interval_blocks, metadata, gateway } => {
				let pair = self.devices[usize::from(key) % self.devices.len()].clone();
				let other = self.devices[(usize::from(key) + 1) % self.devices.len()].clone();
				let registration =
					pallet_data_registry::DeviceKeyRegistrations::<Runtime>::get(pair.public());
				let genesis = DataRegistry::genesis_hash();
				let ownership_proof = match proof {
					Signature::Valid => {
						pair.sign(&record::ownership_statement(&genesis, who, registration))
					}
					Signature::OtherKey => {
						other.sign(&record::ownership_statement(&genesis, who, registration))
					}
					Signature::OtherStatement => pair.sign(&record::ownership_statement(
						&genesis,
						who,
						registration.wrapping_add(1),
					)),
					Signature::Garbage => sr25519::Signature::from_raw([9; 64]),
				};
				let interval_length_ms = match interval_blocks {
					u8::MAX => u64::MAX,
					blocks => u64::from(blocks) * cpchain_runtime::MILLI_SECS_PER_BLOCK,
				};
				let bound = cpchain_primitives::record::MAX_DEVICE_METADATA_LEN as usize;
				let metadata = vec![b'm'; usize::from(metadata).min(bound)];
				pallet_data_registry::Call::register_device {
					key: pair.public(),
					ownership_proof,
					interval_length_ms,
					kind: b"sensor".to_vec().try_into().unwrap_or_default(),
					metadata: metadata.try_into().unwrap_or_default(),
					gateway: gateway.map(|g| self.account(g)),
				}
				.into()
			}
			Call::DeregisterDevice { device } => {
				pallet_data_registry::Call::deregister_device { device: device_id(device) }.into()
			}
			Call::TransferDevice { device, to } => pallet_data_registry::Call::transfer_device {
				device: device_id(device),
				new_owner: self.account(to),
			}
			.into(),
			Call::SetDeviceGateway { device, gateway } => {
				pallet_data_registry::Call::set_device_gateway {
					device: device_id(device),
					gateway: gateway.map(|g| self.account(g)),
				}
				.into()
			}
			Call::RegisterData { device, interval, signature, capsule, size } => {
				self.register_data(device_id(device), interval, signature, capsule, size)
			}
			Call::RemoveData { record } => {
				let RecordId { device, interval } = record_id(record);
				pallet_data_registry::Call::remove_data { device, interval }.into()
			}
			Call::CreateListing { offer, price, expires_in, max_buyers, approver } => {
				let price = self.amount(who, price);
				let offer = match offer {
					Offer::Stream { device } => pallet_access_grants::Offer::Stream {
						device: device_id(device),
						price_per_interval: price,
					},
					Offer::Records { skip, count } => pallet_access_grants::Offer::Records {
						records: pallet_data_registry::OwnerRecords::<Runtime>::iter_key_prefix(
							who,
						)
						.skip(usize::from(skip))
						.take(usize::from(count))
						.collect::<Vec<_>>()
						.try_into()
						.unwrap_or_default(),
						price,
					},
				};
				pallet_access_grants::Call::create_listing {
					offer,
					terms: terms(expires_in, max_buyers),
					approver: approver.map(|a| self.account(a)),
				}
				.into()
			}
			Call::UpdateListing { listing, price, expires_in, max_buyers, approver } => {
				pallet_access_grants::Call::update_listing {
					listing: listing_id(listing),
					price: self.amount(who, price),
					terms: terms(expires_in, max_buyers),
					approver: approver.map(|a| self.account(a)),
				}
				.into()
			}
			Call::Delist { listing } => {
				pallet_access_grants::Call::delist { listing: listing_id(listing) }.into()
			}
			Call::RequestAccess { listing, intervals, escrow } => {
				let listing = listing_id(listing);
				let intervals = intervals.map(|(first, last)| {
					let closed = pallet_access_grants::Listings::<Runtime>::get(listing)
						.and_then(|entry| match entry.offer {
							pallet_access_grants::Offer::Stream { device, .. } => {
								pallet_data_registry::Devices::<Runtime>::get(device)
							}
							_ => None,
						})
						.map(|device| last_closed(device.interval_length_ms))
						.unwrap_or_default();
					let first = closed.saturating_add_signed(i64::from(first));
					(first, last.map(|l| first.saturating_add(u64::from(l))))
				});
				pallet_access_grants::Call::request_access {
					listing,
					intervals,
					escrow: self.amount(who, escrow),
				}
				.into()
			}
			Call::CancelRequest { request } => {
				pallet_access_grants::Call::cancel_request { request: request_id(request) }.into()
			}
			Call::RejectRequest { request } => {
				pallet_access_grants::Call::reject_request { request: request_id(request) }.into()
			}
			Call::ApproveRequest { request, proxies, threshold, key_frags } => {
				self.approve_request(request_id(request), proxies, threshold, key_frags)
			}
			Call::RevokeGrant { grant } => {
				pallet_access_grants::Call::revoke_grant { grant: grant_id(grant) }.into()
			}
			Call::CloseGrant { grant } => {
				pallet_access_grants::Call::close_grant { grant: grant_id(grant) }.into()
			}
			Call::TopUp { grant, amount } => pallet_access_grants::Call::top_up {
				grant: grant_id(grant),
				amount: self.amount(who, amount),
			}
			.into(),
			Call::SubmitCfrag { grant, record, cfrag } => {
				self.submit_cfrag(who, grant_id(grant), record_id(record), cfrag)
			}
			Call::RegisterCandidate { bond } => {
				pallet_committee::Call::register_candidate { bond: self.amount(who, bond) }.into()
			}
			Call::BondExtra { amount } => {
				pallet_committee::Call::bond_extra { amount: self.amount(who, amount) }.into()
			}
			Call::Leave => pallet_committee::Call::leave {}.into(),
			Call::Withdraw => pallet_committee::Call::withdraw {}.into(),
			Call::ReportEquivocation { offender, proof } => {
				pallet_committee::Call::report_equivocation {
					proof: Box::new(self.equivocation(offender, proof, parent)),
				}
				.into()
			}
			Call::SetParameters { field, value } => {
				pallet_cpc_parameters::Call::set_parameter { change: parameters(field, value) }
					.into()
			}
			Call::FreezeForQuota { amount } => {
				pallet_cpc_economics::Call::freeze_for_quota { amount: self.amount(who, amount) }
					.into()
			}
			Call::UnfreezeQuota { amount } => {
				pallet_cpc_economics::Call::unfreeze_quota { amount: self.amount(who, amount) }
					.into()
			}
			Call::WithdrawUnfrozen => pallet_cpc_economics::Call::withdraw_unfrozen {}.into(),
			Call::RegisterDapp { stake, allowance, fee } => {
				pallet_cpc_economics::Call::register_dapp {
					stake: self.amount(who, stake),
					allowance_per_user: allowance.into(),
					lease_fee_per_block: self.amount(who, fee),
				}
				.into()
			}
			Call::SetDappTerms { allowance, fee } => pallet_cpc_economics::Call::set_dapp_terms {
				allowance_per_user: allowance.into(),
				lease_fee_per_block: self.amount(who, fee),
			}
			.into(),
			Call::StakeDapp { amount } => {
				pallet_cpc_economics::Call::stake_dapp { amount: self.amount(who, amount) }.into()
			}
			Call::UnstakeDapp { amount } => {
				pallet_cpc_economics::Call::unstake_dapp { amount: self.amount(who, amount) }.into()
			}
			Call::WithdrawDappUnstaked => {
				pallet_cpc_economics::Call::withdraw_dapp_unstaked {}.into()
			}
			Call::FundLeaseFees { amount } => {
				pallet_cpc_economics::Call::fund_lease_fees { amount: self.amount(who, amount) }
					.into()
			}
			Call::ReclaimLeaseFees { amount } => {
				pallet_cpc_economics::Call::reclaim_lease_fees { amount: self.amount(who, amount) }
					.into()
			}
			Call::AdmitUser { user } => {
				pallet_cpc_economics::Call::admit_user { user: self.account(user).into() }.into()
			}
			Call::DismissUser { user } => {
				pallet_cpc_economics::Call::dismiss_user { user: self.account(user).into() }.into()
			}
			Call::ChooseSponsor { dapp } => pallet_cpc_economics::Call::choose_sponsor {
				sponsor: dapp.map(|d| self.account(d).into()),
			}
			.into(),
			Call::Lease { dapp, amount } => pallet_cpc_economics::Call::lease {
				dapp: self.account(dapp).into(),
				amount: self.amount(who, amount),
			}
			.into(),
			Call::RecallLease { dapp, amount } => pallet_cpc_economics::Call::recall_lease {
				dapp: self.account(dapp).into(),
				amount: self.amount(who, amount),
			}
			.into(),
			Call::WithdrawRecalled { dapp } => {
				pallet_cpc_economics::Call::withdraw_recalled { dapp: self.account(dapp).into() }
					.into()
			}
			Call::ClaimLeaseFees { dapp } => {
				pallet_cpc_economics::Call::claim_lease_fees { dapp: self.account(dapp).into() }
					.into()
			}
			Call::SetEconomics { field, value } => {
				pallet_cpc_parameters::Call::set_parameter { change: economics(field, value) }
					.into()
			}
			Call::SetMarket { field, value } => {
				pallet_cpc_parameters::Call::set_parameter { change: market(field, value) }.into()
			}
			Call::NotePreimage { proposal } => {
				pallet_preimage::Call::note_preimage { bytes: self.proposal(proposal).encode() }
					.into()
			}
			Call::UnnotePreimage { proposal } => pallet_preimage::Call::unnote_preimage {
				hash: BlakeTwo256::hash_of(&self.proposal(proposal)),
			}
			.into(),
			Call::Submit { track, proposal, inline, enact_after } => {
				let call = self.proposal(proposal);
				let encoded = call.encode();
				let lookup = frame_support::traits::Bounded::Lookup {
					hash: BlakeTwo256::hash(&encoded),
					len: encoded.len() as u32,
				};
				let proposal = match inline {
					true => encoded.try_into().map(frame_support::traits::Bounded::Inline),
					false => Err(encoded),
				}
				.unwrap_or(lookup);
				pallet_referenda::Call::submit {
					proposal_origin: Box::new(track_origin(track, who)),
					proposal,
					enactment_moment: frame_support::traits::schedule::DispatchTime::After(
						enact_after.into(),
					),
				}
				.into()
			}
			Call::PlaceDecisionDeposit { referendum } => {
				pallet_referenda::Call::place_decision_deposit { index: referendum_id(referendum) }
					.into()
			}
			Call::RefundDecisionDeposit { referendum } => {
				pallet_referenda::Call::refund_decision_deposit { index: referendum_id(referendum) }
					.into()
			}
			Call::RefundSubmissionDeposit { referendum } => {
				pallet_referenda::Call::refund_submission_deposit {
					index: referendum_id(referendum),
				}
				.into()
			}
			Call::RefundRejectedSubmission { referendum } => {
				pallet_cpc_governance::Call::refund_rejected_submission {
					index: referendum_id(referendum),
				}
				.into()
			}
			Call::Vote { referendum, how, conviction: c, amount } => {
				use pallet_conviction_voting::{AccountVote, Vote};
				let balance = self.amount(who, amount);
				let vote = |aye| Vote { aye, conviction: conviction(c) };
				let vote = match how {
					VoteKind::Aye => AccountVote::Standard { vote: vote(true), balance },
					VoteKind::Nay => AccountVote::Standard { vote: vote(false), balance },
					VoteKind::Split => {
						AccountVote::Split { aye: balance / 2, nay: balance - balance / 2 }
					}
					VoteKind::Abstain => AccountVote::SplitAbstain {
						aye: balance / 3,
						nay: balance / 3,
						abstain: balance - 2 * (balance / 3),
					},
				};
				pallet_conviction_voting::Call::vote { poll_index: referendum_id(referendum), vote }
					.into()
			}
			Call::RemoveVote { referendum, own_track } => {
				let index = referendum_id(referendum);
				let class = pallet_referenda::ReferendumInfoFor::<Runtime>::get(index)
					.and_then(|info| match info {
						pallet_referenda::ReferendumInfo::Ongoing(status) => Some(status.track),
						_ => None,
					})
					.map(|track| if own_track { track } else { track.wrapping_add(1) });
				pallet_conviction_voting::Call::remove_vote { class, index }.into()
			}
			Call::Delegate { track, to, conviction: c, amount } => {
				pallet_conviction_voting::Call::delegate {
					class: track_id(track),
					to: MultiAddress::Id(self.account(to)),
					conviction: conviction(c),
					balance: self.amount(who, amount),
				}
				.into()
			}
			Call::Undelegate { track } => {
				pallet_conviction_voting::Call::undelegate { class: track_id(track) }.into()
			}
			Call::Unlock { track, target } => pallet_conviction_voting::Call::unlock {
				class: track_id(track),
				target: MultiAddress::Id(self.account(target)),
			}
			.into(),
			Call::SetInvulnerables { accounts } => pallet_committee::Call::set_invulnerables {
				invulnerables: (0..ACCOUNTS)
					.filter(|i| accounts & (1 << i) != 0)
					.map(|i| self.account(i))
					.collect(),
			}
			.into(),
		}
	}

	/// The call a proposal stands for.
	fn proposal(&self, proposal: Proposal) -> RuntimeCall {
		match proposal {
			Proposal::Remark(len) => {
				frame_system::Call::remark_with_event { remark: vec![b'r'; usize::from(len)] }
					.into()
			}
			Proposal::Parameter { field, value } => {
				pallet_cpc_parameters::Call::set_parameter { change: parameters(field, value) }
					.into()
			}
		}
	}

	/// An amount at one of the edges, for the sender `who`.
	fn amount(&self, who: &AccountId, amount: Amount) -> Balance {
		let free = Balances::balance(who);
		let min_bond = pallet_cpc_parameters::Committee::<Runtime>::get().min_bond;
		match amount {
			Amount::Zero => 0,
			Amount::One => 1,
			Amount::BelowExistential => EXISTENTIAL_DEPOSIT - 1,
			Amount::Existential => EXISTENTIAL_DEPOSIT,
			Amount::Milli(m) => Balance::from(m) * cpchain_runtime::MILLI_CPC,
			Amount::Cpc(c) => Balance::from(c) * CPC,
			Amount::BelowMinBond => min_bond.saturating_sub(1),
			Amount::MinBond => min_bond,
			Amount::QuotaMinimum => {
				pallet_cpc_parameters::Economics::<Runtime>::get().quota_min_freeze
			}
			Amount::DappMinimum => {
				pallet_cpc_parameters::Economics::<Runtime>::get().dapp_min_stake
			}
			Amount::HalfFree => free / 2,
			Amount::AllFree => free,
			Amount::Max => Balance::MAX,
		}
	}

	fn register_data(
		&mut self,
		device: u64,
		interval: Interval,
		signature: Signature,
		capsule: Capsule,
		size: u32,
	) -> RuntimeCall {
		let entry = pallet_data_registry::Devices::<Runtime>::get(device);
		let length = entry
			.as_ref()
			.map(|d| d.interval_length_ms)
			.unwrap_or(cpchain_runtime::MILLI_SECS_PER_BLOCK);
		let closed = last_closed(length);
		let interval = match interval {
			Interval::Closed(ago) => closed.saturating_sub(u64::from(ago)),
			Interval::Open => closed.saturating_add(1),
			Interval::Future => closed.saturating_add(5),
			Interval::Max => u64::MAX,
		};
		let owner = entry.as_ref().map(|d| d.owner.clone()).unwrap_or_else(|| self.account(0));
		let owner_key = self.key_or_fresh(&owner);
		let encrypt_to = match capsule {
			Capsule::OwnerKey => owner_key,
			_ => self.fresh_umbral().1,
		};
		let invalid = || EncodedCapsule(vec![3; 101].try_into().unwrap_or_default());
		let (mut encoded, ciphertext) =
			umbral::encrypt_with_rng(&mut self.rng, &encrypt_to, b"t=21.5C")
				.unwrap_or_else(|_| (invalid(), b"t=21.5C".to_vec()));
		if capsule == Capsule::Invalid {
			encoded = invalid();
		}
		let cid = Cid::parse(CID).expect("a valid CID");
		let hash = H256(sp_io::hashing::blake2_256(&ciphertext));
		let record = RecordId { device, interval };
		let statement = |record: RecordId| {
			record::record_statement(
				&DataRegistry::genesis_hash(),
				&RecordContent {
					record,
					owner: &owner,
					owner_key: &owner_key,
					cid: &cid,
					ciphertext_hash: hash.as_fixed_bytes(),
					capsule: &encoded,
					size: u64::from(size),
				},
			)
		};
		let key = entry
			.as_ref()
			.and_then(|d| self.devices.iter().find(|pair| pair.public() == d.key).cloned())
			.unwrap_or_else(|| self.devices[0].clone());
		let signature = match signature {
			Signature::Valid => key.sign(&statement(record)),
			Signature::OtherKey => self.pairs[0].sign(&statement(record)),
			Signature::OtherStatement => {
				key.sign(&statement(RecordId { device, interval: interval.wrapping_add(1) }))
			}
			Signature::Garbage => sr25519::Signature::from_raw([5; 64]),
		};
		pallet_data_registry::Call::register_data {
			device,
			interval,
			cid,
			ciphertext_hash: hash,
			capsule: encoded,
			size: u64::from(size),
			signature,
		}
		.into()
	}

	fn approve_request(
		&mut self,
		request: u64,
		proxies: u8,
		threshold: u8,
		key_frags: KeyFrags,
	) -> RuntimeCall {
		let accounts: Vec<AccountId> =
			(0..ACCOUNTS).filter(|i| proxies & (1 << i) != 0).map(|i| self.account(i)).collect();
		let entry = pallet_access_grants::Requests::<Runtime>::get(request);
		let (owner, buyer) =
			entry.map(|e| (e.owner, e.buyer)).unwrap_or_else(|| (self.account(0), self.account(1)));
		let delegating = self.key_or_fresh(&owner);
		let receiving = match key_frags {
			KeyFrags::OtherReceiver => self.fresh_umbral().1,
			_ => self.key_or_fresh(&buyer),
		};
		let delegating_secret =
			self.secret_of(&delegating).unwrap_or_else(|| self.fresh_umbral().0);
		let signer = Signer::new(SecretKey::random_with_rng(&mut self.rng));
		let verifying = UmbralPublicKey::from_umbral(&signer.verifying_key());
		let shares = accounts.len();
		let mut sealed = Vec::new();
		if let (Ok(receiving_key), true) = (receiving.to_umbral(), shares > 0) {
			let threshold = usize::from(threshold).clamp(1, shares);
			let frags = umbral_pre::generate_kfrags_with_rng(
				&mut self.rng,
				&delegating_secret,
				&receiving_key,
				&signer,
				threshold,
				shares,
				true,
				true,
			);
			for (proxy, kfrag) in accounts.iter().zip(frags.iter()) {
				let seal_to = match key_frags {
					KeyFrags::SealedToOther => self.fresh_umbral().1,
					_ => self.key_or_fresh(proxy),
				};
				self.key_frags.insert((request, proxy.clone()), kfrag.clone());
				if let Ok(frag) = EncryptedKeyFrag::seal(&mut self.rng, &seal_to, kfrag) {
					sealed.push((proxy.clone(), frag));
				}
			}
		}
		pallet_access_grants::Call::approve_request {
			request,
			threshold,
			verifying,
			kfrags: sealed.try_into().unwrap_or_default(),
		}
		.into()
	}

	fn submit_cfrag(
		&mut self,
		who: &AccountId,
		grant: u64,
		record: RecordId,
		cfrag: CapsuleFrag,
	) -> RuntimeCall {
		let stored = pallet_data_registry::Records::<Runtime>::get(record.device, record.interval)
			.and_then(|r| r.capsule.to_umbral().ok());
		let fresh_capsule = |world: &mut Self| {
			let key = world.fresh_umbral().1;
			umbral::encrypt_with_rng(&mut world.rng, &key, b"other")
				.ok()
				.and_then(|(capsule, _)| capsule.to_umbral().ok())
		};
		let capsule = match cfrag {
			CapsuleFrag::OtherCapsule => fresh_capsule(self),
			_ => stored.or_else(|| fresh_capsule(self)),
		};
		let kfrag = match cfrag {
			CapsuleFrag::OtherKeyFrag => None,
			_ => self
				.key_frags
				.get(&(grant, who.clone()))
				.or_else(|| {
					self.key_frags.range((grant, AccountId::new([0; 32]))..).next().map(|(_, k)| k)
				})
				.cloned(),
		};
		let kfrag = kfrag.unwrap_or_else(|| {
			let (delegating, _) = self.fresh_umbral();
			let (_, receiving) = self.fresh_umbral();
			let signer = Signer::new(SecretKey::random_with_rng(&mut self.rng));
			let receiving = receiving.to_umbral().expect("a fresh key is a key");
			umbral_pre::generate_kfrags_with_rng(
				&mut self.rng,
				&delegating,
				&receiving,
				&signer,
				1,
				1,
				true,
				true,
			)[0]
			.clone()
		});
		let encoded = match (cfrag, capsule) {
			(CapsuleFrag::Invalid, _) | (_, None) => {
				EncodedCapsuleFrag(vec![1; 64].try_into().unwrap_or_default())
			}
			(_, Some(capsule)) => {
				let verified = umbral_pre::reencrypt_with_rng(&mut self.rng, &capsule, kfrag);
				EncodedCapsuleFrag::from_umbral(&verified.unverify())
					.unwrap_or_else(|_| EncodedCapsuleFrag(Default::default()))
			}
		};
		pallet_access_grants::Call::submit_cfrag { grant, record, cfrag: encoded }.into()
	}

	/// An equivocation proof about the block being built: headers at its height in its slot.
	fn equivocation(
		&self,
		offender: u8,
		kind: Equivocation,
		parent: &Header,
	) -> sp_consensus_slots::EquivocationProof<Header, cpchain_runtime::AuraId> {
		let keyring = KEYRINGS[usize::from(offender % ACCOUNTS)];
		let sealer = match kind {
			Equivocation::OtherSealer => &self.pairs[usize::from((offender + 1) % ACCOUNTS)],
			_ => &self.pairs[usize::from(offender % ACCOUNTS)],
		};
		let slot = pallet_aura::CurrentSlot::<Runtime>::get();
		let number = System::block_number();
		let header =
			|root: u8, number: u32| {
				let mut header = Header::new(
				number,
				Default::default(),
				H256([root; 32]),
				parent.hash(),
				sp_runtime::Digest {
					logs: vec![<DigestItem as CompatibleDigestItem<AuthoritySignature>>::aura_pre_digest(
						slot,
					)],
				},
			);
				let signature = sealer.sign(&header.hash().encode());
				header.digest_mut().push(<DigestItem as CompatibleDigestItem<
					AuthoritySignature,
				>>::aura_seal(signature.into()));
				header
			};
		let first = header(1, number);
		let second = match kind {
			Equivocation::SameBlock => header(1, number),
			Equivocation::OtherHeights => header(2, number.saturating_sub(1)),
			_ => header(2, number),
		};
		sp_consensus_slots::EquivocationProof {
			offender: keyring.public().into(),
			slot,
			first_header: first,
			second_header: second,
		}
	}
}

/// The id an index names: indices above 250 name none.
fn nth<K: Ord + Copy>(index: u8, mut keys: Vec<K>) -> Option<K> {
	if index == NONE_SUCH || keys.is_empty() {
		return None;
	}
	keys.sort();
	Some(keys[usize::from(index) % keys.len()])
}

/// The origins that have a track, in the order actions name them.
fn track_origins() -> [OriginCaller; 7] {
	use pallet_cpc_governance::Origin;
	[
		OriginCaller::system(frame_system::RawOrigin::Root),
		Origin::WhitelistedCaller.into(),
		Origin::ParameterSetter.into(),
		Origin::ReferendumCanceller.into(),
		Origin::ReferendumKiller.into(),
		Origin::SmallSpender.into(),
		Origin::BigSpender.into(),
	]
}

/// The origin a referendum on track `index` dispatches as; beyond them, the sender's own
/// (which has no track).
fn track_origin(index: u8, who: &AccountId) -> OriginCaller {
	track_origins()
		.get(usize::from(index))
		.cloned()
		.unwrap_or_else(|| OriginCaller::system(frame_system::RawOrigin::Signed(who.clone())))
}

/// The track with index `index`; beyond them, a track that does not exist.
fn track_id(index: u8) -> u16 {
	use pallet_referenda::TracksInfo;
	track_origins()
		.get(usize::from(index))
		.and_then(|origin| cpchain_runtime::configs::referenda::Tracks::track_for(origin).ok())
		.unwrap_or(999)
}

fn conviction(value: u8) -> pallet_conviction_voting::Conviction {
	pallet_conviction_voting::Conviction::try_from(value.min(6)).unwrap_or_default()
}

fn referendum_id(index: u8) -> u32 {
	let keys = pallet_referenda::ReferendumInfoFor::<Runtime>::iter_keys().collect();
	nth(index, keys).unwrap_or_else(|| pallet_referenda::ReferendumCount::<Runtime>::get() + 3)
}

fn device_id(index: u8) -> u64 {
	let keys = pallet_data_registry::Devices::<Runtime>::iter_keys().collect();
	nth(index, keys).unwrap_or_else(|| pallet_data_registry::NextDeviceId::<Runtime>::get() + 3)
}

fn listing_id(index: u8) -> u64 {
	let keys = pallet_access_grants::Listings::<Runtime>::iter_keys().collect();
	nth(index, keys).unwrap_or_else(|| pallet_access_grants::NextListingId::<Runtime>::get() + 3)
}

fn request_id(index: u8) -> u64 {
	let keys = pallet_access_grants::Requests::<Runtime>::iter_keys().collect();
	nth(index, keys).unwrap_or_else(|| pallet_access_grants::NextRequestId::<Runtime>::get() + 3)
}

fn grant_id(index: u8) -> u64 {
	let keys = pallet_access_grants::Grants::<Runtime>::iter_keys().collect();
	nth(index, keys).unwrap_or_else(|| pallet_access_grants::NextRequestId::<Runtime>::get() + 5)
}

fn record_id(index: u8) -> RecordId {
	let keys = pallet_data_registry::Records::<Runtime>::iter_keys().collect();
	nth(index, keys)
		.map(|(device, interval)| RecordId { device, interval })
		.unwrap_or(RecordId { device: 0, interval: u64::MAX - 1 })
}

/// The last closed interval of a device with intervals of `length` milliseconds.
fn last_closed(length: u64) -> u64 {
	(<Timestamp as frame_support::traits::Time>::now() / length.max(1)).saturating_sub(1)
}

fn terms(expires_in: Option<u8>, max_buyers: Option<u8>) -> pallet_access_grants::Terms<u32> {
	pallet_access_grants::Terms {
		expires_at: expires_in.map(|blocks| System::block_number() + u32::from(blocks)),
		max_buyers: max_buyers.map(u32::from),
	}
}

/// A change of one of the committee's parameters, to a value drawn from `value`, within the
/// bounds or not.
fn parameters(field: u8, value: u32) -> pallet_cpc_parameters::ChangeOf<Runtime> {
	use pallet_committee::ParameterChange as C;
	let mut weights = pallet_cpc_parameters::Committee::<Runtime>::get().weights;
	let mut caps = pallet_cpc_parameters::Committee::<Runtime>::get().caps;
	let percent = Perbill::from_percent(value % 101);
	pallet_cpc_parameters::Change::Committee(match field % 12 {
		0 => C::MinBond(Balance::from(value) * CPC),
		// Short sessions keep elections coming; a long one would stall the run, not the chain.
		1 => C::SessionLength(value % 40),
		2 => C::Window(value % 70),
		3 => C::Term(value % 8),
		4 => C::Seats(value % 120),
		5 => C::LowCreditSeats(percent),
		6 => C::MinCredit(value),
		7 => C::InvalidCfragPenalty(value),
		8 => C::InvalidCfragSlash(percent),
		9 => C::EquivocationSlash(percent),
		10 => {
			weights.stake = value % 12;
			C::Weights(weights)
		}
		_ => {
			caps.records = value;
			C::Caps(caps)
		}
	})
}

/// A change of one of the economics' parameters, to a value drawn from `value`: short days
/// and delays keep the quota's day changes and the releases of freezes, stakes and leases
/// coming within a run.
fn economics(field: u8, value: u32) -> pallet_cpc_parameters::ChangeOf<Runtime> {
	use pallet_cpc_economics::ParameterChange as C;
	let percent = Perbill::from_percent(value % 101);
	pallet_cpc_parameters::Change::Economics(match field % 16 {
		10 => C::DappMinStake(Balance::from(value) * CPC),
		11 => C::DappStakePerMs(Balance::from(value) * cpchain_runtime::MILLI_CPC),
		12 => C::DappUserDeposit(Balance::from(value) * cpchain_runtime::MILLI_CPC),
		13 => C::MinLease(Balance::from(value) * CPC),
		14 => C::DappUnstakeDelay(value % 60),
		15 => C::LeaseRecallDelay(value % 60),
		8 => C::FreeTransactionShare(percent),
		9 => C::MaxFreeLength(value * 8),
		0 => C::AuthorShare(percent),
		1 => C::DayLength(value % 30),
		2 => C::QuotaMinFreeze(Balance::from(value) * CPC),
		3 => C::FreezePerFreeTransaction(Balance::from(value) * CPC),
		4 => C::MaxFreePerDay(value % 20),
		5 => C::MinFreeSpacing(value % 4),
		6 => C::FreeBlockShare(percent),
		_ => C::UnfreezeDelay(value % 60),
	})
}

/// A change of one of the market's parameters, to a value drawn from `value`: deposits around
/// their floors, windows and timeouts short enough to pass within a run.
fn market(field: u8, value: u32) -> pallet_cpc_parameters::ChangeOf<Runtime> {
	use cpchain_runtime::configs::access_grants::{GrantDeposit, ListingDeposit, RequestDeposit};
	use pallet_access_grants::ParameterChange as C;
	// From half the floor (refused) to five times it.
	let around = |floor: Balance| floor / 2 + floor / 100 * Balance::from(value % 450);
	pallet_cpc_parameters::Change::Market(match field % 7 {
		0 => C::ListingDeposit(around(ListingDeposit::get())),
		1 => C::RequestDeposit(around(RequestDeposit::get())),
		2 => C::GrantDeposit(around(GrantDeposit::get())),
		3 => C::ProxyFee(Perbill::from_percent(value % 60)),
		4 => C::RequestTimeout(value),
		5 => C::DeliveryWindow(value % 200),
		_ => C::CfragRetention(value % 200),
	})
}
