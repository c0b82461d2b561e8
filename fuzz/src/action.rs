//! What a sequence is made of. Actions name accounts, devices, listings, grants and records by
//! small indices that are resolved against the chain's state when the action runs, so removing
//! actions from a failing sequence (shrinking) leaves the others meaningful, and a sequence's
//! `Debug` output is Rust that builds it again.

use codec::{Decode, Encode};

use crate::input::Source;

/// The accounts actions are signed by: the endowed development accounts, then two that hold
/// nothing.
pub const ACCOUNTS: u8 = 8;
/// Device keys the fuzzer knows the secrets of.
pub const DEVICE_KEYS: u8 = 6;
/// An index that resolves to no existing item: the next free id, or beyond.
pub const NONE_SUCH: u8 = u8::MAX;

/// One step of a sequence.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Action {
	/// Ends the block and starts the next, `skip` slots later than the next slot.
	NextBlock {
		/// Slots left empty in between.
		skip: u8,
	},
	/// Ends blocks until a session has changed.
	NextSession,
	/// An extrinsic.
	Call {
		/// Who sends it.
		origin: Origin,
		/// What it calls.
		call: Call,
		/// How its nonce relates to the sender's: 0 is the right one.
		nonce_offset: i8,
	},
}

/// Who sends an extrinsic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Origin {
	/// Signed by the account with this index.
	Signed(u8),
	/// Wrapped in `sudo` by the sudo key (Alice): root.
	Root,
	/// Wrapped in `sudo` by an account that is not the sudo key.
	NotSudo(u8),
	/// Unsigned and not an inherent: every pool and block must refuse it.
	Bare,
}

/// An amount of CPC, at the edges that matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Amount {
	/// Nothing.
	Zero,
	/// The smallest unit.
	One,
	/// Just under the existential deposit.
	BelowExistential,
	/// The existential deposit.
	Existential,
	/// A number of milli-CPC.
	Milli(u16),
	/// A number of CPC.
	Cpc(u32),
	/// The committee's minimum bond, less one unit.
	BelowMinBond,
	/// The committee's minimum bond.
	MinBond,
	/// The quota's minimum freeze.
	QuotaMinimum,
	/// A DApp's minimum stake.
	DappMinimum,
	/// Half of what the sender has free.
	HalfFree,
	/// Everything the sender has free.
	AllFree,
	/// The largest balance.
	Max,
}

/// A signature, good or bad in one of the ways that matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Signature {
	/// By the right key over the right statement.
	Valid,
	/// By another key over the right statement.
	OtherKey,
	/// By the right key over another statement (another owner, count or record).
	OtherStatement,
	/// Not a signature at all.
	Garbage,
}

/// An Umbral key to publish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum UmbralKey {
	/// A fresh key the sender holds the secret of.
	Fresh,
	/// The key the account with this index published.
	Copied(u8),
	/// Bytes that are not a curve point.
	Invalid,
}

/// A record's interval, relative to the chain's clock for the device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Interval {
	/// Closed this many intervals ago (0 is the last closed one).
	Closed(u8),
	/// Still open.
	Open,
	/// In the future.
	Future,
	/// The largest index.
	Max,
}

/// The capsule a record carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Capsule {
	/// Encrypted to the owner's published key.
	OwnerKey,
	/// Encrypted to a key the owner did not publish.
	OtherKey,
	/// Bytes that are not a capsule.
	Invalid,
}

/// What a listing offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Offer {
	/// A device's stream.
	Stream {
		/// The device, by index.
		device: u8,
	},
	/// The first `count` records of the sender, from `skip` on.
	Records {
		/// Records skipped.
		skip: u8,
		/// Records listed (0 lists none).
		count: u8,
	},
}

/// The key fragments a grant is approved with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum KeyFrags {
	/// From the owner's secret for the buyer, each sealed to its proxy.
	Valid,
	/// Sealed to the wrong proxy.
	SealedToOther,
	/// Made for another receiver than the buyer.
	OtherReceiver,
}

/// A capsule fragment a proxy submits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum CapsuleFrag {
	/// Re-encrypted honestly from the proxy's key fragment.
	Valid,
	/// Re-encrypted from another record's capsule.
	OtherCapsule,
	/// Re-encrypted from a key fragment that is not this grant's.
	OtherKeyFrag,
	/// Bytes that are not a fragment.
	Invalid,
}

/// An equivocation report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Equivocation {
	/// Two different blocks sealed by the offender at one height in its slot.
	TwoBlocks,
	/// The same block sealed twice.
	SameBlock,
	/// Two blocks at different heights.
	OtherHeights,
	/// Seals by someone other than the named offender.
	OtherSealer,
}

/// A call, with its arguments drawn at the edges.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Call {
	/// `balances.transfer_allow_death` or `transfer_keep_alive`.
	Transfer {
		/// Recipient, by account index.
		to: u8,
		/// How much.
		amount: Amount,
		/// Whether the sender must stay alive.
		keep_alive: bool,
	},
	/// `balances.transfer_all`.
	TransferAll {
		/// Recipient, by account index.
		to: u8,
		/// Whether the sender must stay alive.
		keep_alive: bool,
	},
	/// `session.set_keys` with the Aura key of an account (valid proof only for the sender's).
	SetKeys {
		/// Whose development key.
		key_of: u8,
		/// Whether the proof is made by the key.
		valid_proof: bool,
	},
	/// `session.purge_keys`.
	PurgeKeys,
	/// `data_registry.set_umbral_key`.
	SetUmbralKey {
		/// The key.
		key: UmbralKey,
	},
	/// `data_registry.remove_umbral_key`.
	RemoveUmbralKey,
	/// `data_registry.register_device`.
	RegisterDevice {
		/// Which of the known device keys.
		key: u8,
		/// The device's consent.
		proof: Signature,
		/// Interval length in blocks' worth of milliseconds; 0 and 255 are out of bounds.
		interval_blocks: u8,
		/// Bytes of metadata (above the bound is cut to it).
		metadata: u8,
		/// A gateway, by account index.
		gateway: Option<u8>,
	},
	/// `data_registry.deregister_device`.
	DeregisterDevice {
		/// The device, by index.
		device: u8,
	},
	/// `data_registry.transfer_device`.
	TransferDevice {
		/// The device, by index.
		device: u8,
		/// The new owner, by account index.
		to: u8,
	},
	/// `data_registry.set_device_gateway`.
	SetDeviceGateway {
		/// The device, by index.
		device: u8,
		/// The gateway, by account index.
		gateway: Option<u8>,
	},
	/// `data_registry.register_data`.
	RegisterData {
		/// The device, by index.
		device: u8,
		/// Which interval.
		interval: Interval,
		/// The device's signature.
		signature: Signature,
		/// The capsule.
		capsule: Capsule,
		/// Bytes of ciphertext claimed (0 is refused).
		size: u32,
	},
	/// `data_registry.remove_data`.
	RemoveData {
		/// The record, by index.
		record: u8,
	},
	/// `access_grants.create_listing`.
	CreateListing {
		/// What is offered.
		offer: Offer,
		/// The price.
		price: Amount,
		/// Blocks until it expires.
		expires_in: Option<u8>,
		/// The most buyers at a time.
		max_buyers: Option<u8>,
		/// An approver, by account index.
		approver: Option<u8>,
	},
	/// `access_grants.update_listing`.
	UpdateListing {
		/// The listing, by index.
		listing: u8,
		/// The new price.
		price: Amount,
		/// Blocks until it expires.
		expires_in: Option<u8>,
		/// The most buyers at a time.
		max_buyers: Option<u8>,
		/// An approver, by account index.
		approver: Option<u8>,
	},
	/// `access_grants.delist`.
	Delist {
		/// The listing, by index.
		listing: u8,
	},
	/// `access_grants.request_access`.
	RequestAccess {
		/// The listing, by index.
		listing: u8,
		/// A stream's intervals, relative to the last closed one: first, and last if any.
		intervals: Option<(i8, Option<u8>)>,
		/// What the buyer puts in escrow.
		escrow: Amount,
	},
	/// `access_grants.cancel_request`.
	CancelRequest {
		/// The request, by index.
		request: u8,
	},
	/// `access_grants.reject_request`.
	RejectRequest {
		/// The request, by index.
		request: u8,
	},
	/// `access_grants.approve_request`.
	ApproveRequest {
		/// The request, by index.
		request: u8,
		/// The proxies: bit i picks the i-th account (a non-candidate is refused).
		proxies: u8,
		/// Fragments needed to open a record.
		threshold: u8,
		/// The fragments.
		key_frags: KeyFrags,
	},
	/// `access_grants.revoke_grant`.
	RevokeGrant {
		/// The grant, by index.
		grant: u8,
	},
	/// `access_grants.close_grant`.
	CloseGrant {
		/// The grant, by index.
		grant: u8,
	},
	/// `access_grants.top_up`.
	TopUp {
		/// The grant, by index.
		grant: u8,
		/// How much.
		amount: Amount,
	},
	/// `access_grants.submit_cfrag`.
	SubmitCfrag {
		/// The grant, by index.
		grant: u8,
		/// The record, by index among all records.
		record: u8,
		/// The fragment.
		cfrag: CapsuleFrag,
	},
	/// `committee.register_candidate`.
	RegisterCandidate {
		/// The bond.
		bond: Amount,
	},
	/// `committee.bond_extra`.
	BondExtra {
		/// How much more.
		amount: Amount,
	},
	/// `committee.leave`.
	Leave,
	/// `committee.withdraw`.
	Withdraw,
	/// `committee.report_equivocation`.
	ReportEquivocation {
		/// The offender, by account index.
		offender: u8,
		/// What the proof shows.
		proof: Equivocation,
	},
	/// `cpc_parameters.set_parameter` of one of the committee's parameters.
	SetParameters {
		/// Which field.
		field: u8,
		/// Its new value, scaled to the field.
		value: u32,
	},
	/// `committee.set_invulnerables`: bit i picks the i-th account.
	SetInvulnerables {
		/// The accounts.
		accounts: u8,
	},
	/// `cpc_economics.freeze_for_quota`.
	FreezeForQuota {
		/// How much more.
		amount: Amount,
	},
	/// `cpc_economics.unfreeze_quota`.
	UnfreezeQuota {
		/// How much to ask back.
		amount: Amount,
	},
	/// `cpc_economics.withdraw_unfrozen`.
	WithdrawUnfrozen,
	/// `cpc_economics.register_dapp`.
	RegisterDapp {
		/// Its own stake.
		stake: Amount,
		/// Transactions a day per user.
		allowance: u8,
		/// The lenders' fee a block.
		fee: Amount,
	},
	/// `cpc_economics.set_dapp_terms`.
	SetDappTerms {
		/// Transactions a day per user.
		allowance: u8,
		/// The lenders' fee a block.
		fee: Amount,
	},
	/// `cpc_economics.stake_dapp`.
	StakeDapp {
		/// How much more.
		amount: Amount,
	},
	/// `cpc_economics.unstake_dapp`.
	UnstakeDapp {
		/// How much to ask back.
		amount: Amount,
	},
	/// `cpc_economics.withdraw_dapp_unstaked`.
	WithdrawDappUnstaked,
	/// `cpc_economics.fund_lease_fees`.
	FundLeaseFees {
		/// How much to put aside.
		amount: Amount,
	},
	/// `cpc_economics.reclaim_lease_fees`.
	ReclaimLeaseFees {
		/// How much to take back.
		amount: Amount,
	},
	/// `cpc_economics.admit_user`.
	AdmitUser {
		/// The user, by account index.
		user: u8,
	},
	/// `cpc_economics.dismiss_user`.
	DismissUser {
		/// The user, by account index.
		user: u8,
	},
	/// `cpc_economics.choose_sponsor`.
	ChooseSponsor {
		/// The DApp, by account index, or none.
		dapp: Option<u8>,
	},
	/// `cpc_economics.lease`.
	Lease {
		/// The DApp, by account index.
		dapp: u8,
		/// How much more.
		amount: Amount,
	},
	/// `cpc_economics.recall_lease`.
	RecallLease {
		/// The DApp, by account index.
		dapp: u8,
		/// How much.
		amount: Amount,
	},
	/// `cpc_economics.withdraw_recalled`.
	WithdrawRecalled {
		/// The DApp, by account index.
		dapp: u8,
	},
	/// `cpc_economics.claim_lease_fees`.
	ClaimLeaseFees {
		/// The DApp, by account index.
		dapp: u8,
	},
	/// `cpc_parameters.set_parameter` of one of the economics' parameters.
	SetEconomics {
		/// Which field.
		field: u8,
		/// Its raw value.
		value: u32,
	},
	/// `cpc_parameters.set_parameter` of one of the market's parameters.
	SetMarket {
		/// Which field.
		field: u8,
		/// Its raw value.
		value: u32,
	},
	/// `preimage.note_preimage` of a proposal.
	NotePreimage {
		/// The proposal.
		proposal: Proposal,
	},
	/// `preimage.unnote_preimage` of a proposal.
	UnnotePreimage {
		/// The proposal.
		proposal: Proposal,
	},
	/// `referenda.submit` of a proposal by its hash (noted or not), or inline.
	Submit {
		/// The track, by index into the runtime's origins, or none such.
		track: u8,
		/// The proposal.
		proposal: Proposal,
		/// Inline rather than by hash.
		inline: bool,
		/// Blocks after approval it is enacted.
		enact_after: u8,
	},
	/// `referenda.place_decision_deposit`.
	PlaceDecisionDeposit {
		/// The referendum, by index among those there are.
		referendum: u8,
	},
	/// `referenda.refund_decision_deposit`.
	RefundDecisionDeposit {
		/// The referendum.
		referendum: u8,
	},
	/// `referenda.refund_submission_deposit`.
	RefundSubmissionDeposit {
		/// The referendum.
		referendum: u8,
	},
	/// `origins.refund_rejected_submission`.
	RefundRejectedSubmission {
		/// The referendum.
		referendum: u8,
	},
	/// `conviction_voting.vote`.
	Vote {
		/// The referendum.
		referendum: u8,
		/// How: aye, nay, split or abstain.
		how: VoteKind,
		/// Conviction, 0 to 6 (beyond is out of range and stays 6).
		conviction: u8,
		/// How much.
		amount: Amount,
	},
	/// `conviction_voting.remove_vote`.
	RemoveVote {
		/// The referendum.
		referendum: u8,
		/// On its own track, or on another.
		own_track: bool,
	},
	/// `conviction_voting.delegate`.
	Delegate {
		/// The track, by index into the runtime's origins.
		track: u8,
		/// To whom.
		to: u8,
		/// Conviction, 0 to 6.
		conviction: u8,
		/// How much.
		amount: Amount,
	},
	/// `conviction_voting.undelegate`.
	Undelegate {
		/// The track.
		track: u8,
	},
	/// `conviction_voting.unlock`.
	Unlock {
		/// The track.
		track: u8,
		/// Whose votes.
		target: u8,
	},
}

/// What a referendum proposes: a remark of some length (a root call), or a parameter change
/// (the parameter setter's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Proposal {
	/// `system.remark_with_event` of this many bytes.
	Remark(u16),
	/// A committee parameter set to a raw value.
	Parameter {
		/// Which field.
		field: u8,
		/// Its raw value.
		value: u32,
	},
}

/// How a vote is cast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum VoteKind {
	/// For.
	Aye,
	/// Against.
	Nay,
	/// Half for, half against.
	Split,
	/// A third each for, against and abstaining.
	Abstain,
}

impl Call {
	/// The call's name, as its variant is named.
	pub fn name(&self) -> String {
		let debug = format!("{self:?}");
		debug.split([' ', '{', '(']).next().unwrap_or_default().to_string()
	}
}

/// Draws `count` actions.
pub fn draw_sequence(source: &mut Source<'_>, count: usize) -> Vec<Action> {
	let mut actions = Vec::with_capacity(count);
	while actions.len() < count && !source.is_empty() {
		actions.push(draw(source));
	}
	actions
}

/// Draws one action: mostly calls, a block end about once in six, a session end rarely.
pub fn draw(s: &mut Source<'_>) -> Action {
	match s.below(100) {
		0..=1 => Action::NextSession,
		2..=16 => Action::NextBlock { skip: if s.chance(90) { 0 } else { s.below(4) as u8 } },
		_ => {
			let call = draw_call(s);
			// Root-only calls come from root mostly; the others from root now and then.
			let root = match call {
				Call::SetParameters { .. }
				| Call::SetInvulnerables { .. }
				| Call::SetEconomics { .. }
				| Call::SetMarket { .. } => 70,
				_ => 3,
			};
			let origin = match s.below(100) {
				n if n < root => Origin::Root,
				n if n == root => Origin::NotSudo(account(s)),
				n if n == root + 1 => Origin::Bare,
				_ => Origin::Signed(account(s)),
			};
			let nonce_offset = match s.below(100) {
				0 => -1,
				1 => 1,
				_ => 0,
			};
			Action::Call { origin, call, nonce_offset }
		}
	}
}

/// An account: one of the two empty ones about one time in ten.
fn account(s: &mut Source<'_>) -> u8 {
	if s.chance(10) {
		ACCOUNTS - 1 - s.below(2) as u8
	} else {
		s.below(u32::from(ACCOUNTS) - 2) as u8
	}
}

/// An index into existing items, now and then one that names none.
fn index(s: &mut Source<'_>) -> u8 {
	if s.chance(5) {
		NONE_SUCH
	} else {
		s.below(8) as u8
	}
}

fn amount(s: &mut Source<'_>) -> Amount {
	match s.below(24) {
		23 => Amount::DappMinimum,
		22 => Amount::QuotaMinimum,
		0 => Amount::Zero,
		1 => Amount::One,
		2 => Amount::BelowExistential,
		3 => Amount::Existential,
		4..=8 => Amount::Milli(s.below(5_000) as u16),
		9..=14 => Amount::Cpc(s.below(200)),
		15 => Amount::Cpc(s.below(2_000_000)),
		16 => Amount::BelowMinBond,
		17..=18 => Amount::MinBond,
		19 => Amount::HalfFree,
		20 => Amount::AllFree,
		_ => Amount::Max,
	}
}

fn signature(s: &mut Source<'_>) -> Signature {
	match s.below(20) {
		0 => Signature::OtherKey,
		1 => Signature::OtherStatement,
		2 => Signature::Garbage,
		_ => Signature::Valid,
	}
}

fn draw_call(s: &mut Source<'_>) -> Call {
	match s.below(40) {
		36..=39 => draw_governance(s),
		31 | 32 => match s.below(8) {
			0..=3 => Call::FreezeForQuota { amount: amount(s) },
			4 | 5 => Call::UnfreezeQuota { amount: amount(s) },
			6 => Call::WithdrawUnfrozen,
			_ if s.below(4) == 0 => {
				Call::SetMarket { field: s.below(7) as u8, value: s.below(1_000) }
			}
			_ => Call::SetEconomics { field: s.below(16) as u8, value: s.below(1_000) },
		},
		33..=35 => match s.below(20) {
			0 | 1 => {
				Call::RegisterDapp { stake: amount(s), allowance: s.byte() % 8, fee: amount(s) }
			}
			2 => Call::SetDappTerms { allowance: s.byte() % 8, fee: amount(s) },
			3 => Call::StakeDapp { amount: amount(s) },
			4 => Call::UnstakeDapp { amount: amount(s) },
			5 => Call::WithdrawDappUnstaked,
			6 | 7 => Call::FundLeaseFees { amount: amount(s) },
			8 => Call::ReclaimLeaseFees { amount: amount(s) },
			9 | 10 => Call::AdmitUser { user: account(s) },
			11 => Call::DismissUser { user: account(s) },
			12 | 13 => Call::ChooseSponsor { dapp: s.chance(85).then(|| account(s)) },
			14 | 15 => Call::Lease { dapp: account(s), amount: amount(s) },
			16 => Call::RecallLease { dapp: account(s), amount: amount(s) },
			17 => Call::WithdrawRecalled { dapp: account(s) },
			_ => Call::ClaimLeaseFees { dapp: account(s) },
		},
		0 | 1 => Call::Transfer { to: account(s), amount: amount(s), keep_alive: s.chance(50) },
		// Emptying an account ends what it can do, so rarely.
		2 if s.chance(25) => Call::TransferAll { to: account(s), keep_alive: s.chance(85) },
		2 => Call::Transfer { to: account(s), amount: Amount::Cpc(s.below(100)), keep_alive: true },
		3 => Call::SetKeys { key_of: account(s), valid_proof: s.chance(80) },
		4 => Call::PurgeKeys,
		5 | 6 => Call::SetUmbralKey {
			key: match s.below(10) {
				0 => UmbralKey::Invalid,
				1 => UmbralKey::Copied(account(s)),
				_ => UmbralKey::Fresh,
			},
		},
		7 => Call::RemoveUmbralKey,
		8 | 9 => Call::RegisterDevice {
			key: s.below(u32::from(DEVICE_KEYS)) as u8,
			proof: signature(s),
			interval_blocks: s.pick(&[0, 1, 1, 1, 2, 3, 10, 255]),
			metadata: s.pick(&[0, 3, 64, 255]),
			gateway: s.maybe(30, account),
		},
		10 => Call::DeregisterDevice { device: index(s) },
		11 => Call::TransferDevice { device: index(s), to: account(s) },
		12 => Call::SetDeviceGateway { device: index(s), gateway: s.maybe(60, account) },
		13..=16 => Call::RegisterData {
			device: index(s),
			interval: match s.below(20) {
				0 => Interval::Open,
				1 => Interval::Future,
				2 => Interval::Max,
				_ => Interval::Closed(s.below(6) as u8),
			},
			signature: signature(s),
			capsule: match s.below(20) {
				0 => Capsule::OtherKey,
				1 => Capsule::Invalid,
				_ => Capsule::OwnerKey,
			},
			size: s.pick(&[0, 1, 1_024, u32::MAX]),
		},
		17 => Call::RemoveData { record: index(s) },
		18 | 19 => Call::CreateListing {
			offer: if s.chance(60) {
				Offer::Stream { device: index(s) }
			} else {
				Offer::Records { skip: s.below(3) as u8, count: s.below(5) as u8 }
			},
			price: amount(s),
			expires_in: s.maybe(30, |s| s.below(40) as u8),
			max_buyers: s.maybe(30, |s| s.below(3) as u8),
			approver: s.maybe(20, account),
		},
		20 => Call::UpdateListing {
			listing: index(s),
			price: amount(s),
			expires_in: s.maybe(30, |s| s.below(40) as u8),
			max_buyers: s.maybe(30, |s| s.below(3) as u8),
			approver: s.maybe(20, account),
		},
		21 => Call::Delist { listing: index(s) },
		22 | 23 => Call::RequestAccess {
			listing: index(s),
			intervals: s.maybe(80, |s| (s.below(12) as i8 - 4, s.maybe(60, |s| s.below(8) as u8))),
			escrow: amount(s),
		},
		24 => match s.below(3) {
			0 => Call::CancelRequest { request: index(s) },
			1 => Call::RejectRequest { request: index(s) },
			_ => Call::RevokeGrant { grant: index(s) },
		},
		25 | 26 => Call::ApproveRequest {
			request: index(s),
			proxies: s.pick(&[0b0001_0000, 0b0000_1000, 0b0001_1100, 0b0000_0001, 0, 0xff]),
			threshold: s.pick(&[1, 1, 2, 0, 9]),
			key_frags: match s.below(10) {
				0 => KeyFrags::SealedToOther,
				1 => KeyFrags::OtherReceiver,
				_ => KeyFrags::Valid,
			},
		},
		27 => match s.below(2) {
			0 => Call::CloseGrant { grant: index(s) },
			_ => Call::TopUp { grant: index(s), amount: amount(s) },
		},
		28 | 29 => Call::SubmitCfrag {
			grant: index(s),
			record: index(s),
			cfrag: match s.below(12) {
				0 => CapsuleFrag::OtherCapsule,
				1 => CapsuleFrag::OtherKeyFrag,
				2 => CapsuleFrag::Invalid,
				_ => CapsuleFrag::Valid,
			},
		},
		_ => match s.below(12) {
			0..=2 => Call::RegisterCandidate { bond: amount(s) },
			3 => Call::BondExtra { amount: amount(s) },
			4 => Call::Leave,
			5 => Call::Withdraw,
			6 | 7 => Call::ReportEquivocation {
				offender: account(s),
				proof: match s.below(6) {
					0 => Equivocation::SameBlock,
					1 => Equivocation::OtherHeights,
					2 => Equivocation::OtherSealer,
					_ => Equivocation::TwoBlocks,
				},
			},
			8..=10 => Call::SetParameters { field: s.below(12) as u8, value: s.below(1_000) },
			_ => Call::SetInvulnerables { accounts: s.byte() },
		},
	}
}

fn proposal(s: &mut Source<'_>) -> Proposal {
	if s.chance(30) {
		Proposal::Parameter { field: s.below(12) as u8, value: s.below(1_000) }
	} else {
		// A few lengths, so that submissions find the preimages noted before them.
		Proposal::Remark(s.pick(&[0, 1, 32, 4_000]))
	}
}

/// A track, by index into the runtime's origins; now and then one that is none.
fn track(s: &mut Source<'_>) -> u8 {
	if s.chance(5) {
		NONE_SUCH
	} else {
		s.below(7) as u8
	}
}

fn draw_governance(s: &mut Source<'_>) -> Call {
	let conviction = |s: &mut Source<'_>| s.pick(&[0, 1, 1, 2, 6, 7]);
	match s.below(20) {
		0 | 1 => Call::NotePreimage { proposal: proposal(s) },
		2 => Call::UnnotePreimage { proposal: proposal(s) },
		3 | 4 => Call::Submit {
			track: track(s),
			proposal: proposal(s),
			inline: s.chance(20),
			enact_after: s.pick(&[0, 1, 5]),
		},
		5 | 6 => Call::PlaceDecisionDeposit { referendum: index(s) },
		7 => match s.below(3) {
			0 => Call::RefundDecisionDeposit { referendum: index(s) },
			1 => Call::RefundSubmissionDeposit { referendum: index(s) },
			_ => Call::RefundRejectedSubmission { referendum: index(s) },
		},
		8..=12 => Call::Vote {
			referendum: index(s),
			how: match s.below(10) {
				0 => VoteKind::Split,
				1 => VoteKind::Abstain,
				2..=4 => VoteKind::Nay,
				_ => VoteKind::Aye,
			},
			conviction: conviction(s),
			amount: amount(s),
		},
		13 => Call::RemoveVote { referendum: index(s), own_track: s.chance(90) },
		14 | 15 => Call::Delegate {
			track: track(s),
			to: account(s),
			conviction: conviction(s),
			amount: amount(s),
		},
		16 => Call::Undelegate { track: track(s) },
		_ => Call::Unlock { track: track(s), target: account(s) },
	}
}
