//! The committee's records, parameters and the traits its inputs come through.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_runtime::{traits::Saturating, Perbill};

/// A session's index, as pallet-session counts them.
pub type SessionIndex = u32;

/// The top of every rank score and of a credit.
pub const MAX_SCORE: u32 = 1000;

/// How much each component counts in a credit. Only the ratios matter.
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
pub struct CreditWeights {
	/// The bond.
	pub stake: u32,
	/// Transaction fees paid that no one gets back.
	pub activity: u32,
	/// Records held through whole sessions, and proxy fees the candidate's sales paid others.
	pub data: u32,
	/// Valid capsule fragments delivered for others' grants.
	pub proxy: u32,
	/// Blocks authored against slots expected.
	pub availability: u32,
}

impl CreditWeights {
	/// The weights' sum, the divisor of a credit.
	pub fn total(&self) -> u64 {
		[self.stake, self.activity, self.data, self.proxy, self.availability]
			.iter()
			.map(|weight| u64::from(*weight))
			.sum()
	}
}

/// The most each session may add to a candidate's activity, so no amount of spending buys an
/// activity rank outright: past the cap, more of it gains nothing.
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
pub struct ActivityCaps<Balance> {
	/// Unrecoverable transaction fees counted per session.
	pub fees: Balance,
	/// Records held through a session counted per session.
	pub records: u32,
	/// Proxy fees paid to others for the candidate's data, counted per session.
	pub sold: Balance,
	/// Capsule fragments delivered for others counted per session.
	pub cfrags: u32,
}

/// What governance tunes: the committee's section of CPChain's parameters, read in one read
/// and set one parameter at a time ([`ParameterChange`]).
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
pub struct Parameters<Balance> {
	/// The least bond of a candidate.
	pub min_bond: Balance,
	/// Blocks per session.
	pub session_length: u32,
	/// How much each component counts in a credit.
	pub weights: CreditWeights,
	/// Sessions a credit looks back over.
	pub window: SessionIndex,
	/// Sessions between elections.
	pub term: SessionIndex,
	/// Seats of the committee, invulnerables included.
	pub seats: u32,
	/// The share of elected seats drawn from the lower-credit half of the candidates.
	pub low_credit_seats: Perbill,
	/// The credit a member must keep to stay, and a candidate must have to be drawn.
	pub min_credit: u32,
	/// Credit lost per invalid capsule fragment in the window.
	pub invalid_cfrag_penalty: u32,
	/// The share of the bond slashed per invalid capsule fragment.
	pub invalid_cfrag_slash: Perbill,
	/// The share of the bond slashed for an equivocation.
	pub equivocation_slash: Perbill,
	/// The most one session adds to each activity input.
	pub caps: ActivityCaps<Balance>,
}

/// The longest session: a week of six-second blocks. Longer, a stalled committee would keep
/// its seats for longer than anyone waits.
pub const MAX_SESSION_LENGTH: u32 = 7 * 14_400;
/// The longest term, in sessions.
pub const MAX_TERM: SessionIndex = 1_000;
/// The most any one credit component may weigh (only the ratios matter).
pub const MAX_CREDIT_WEIGHT: u32 = 1_000;
/// The most of the elected seats drawn from the lower-credit half: the majority always
/// comes from the higher-credit half.
pub const MAX_LOW_CREDIT_SEATS: Perbill = Perbill::from_percent(50);
/// The most of a bond one invalid capsule fragment slashes.
pub const MAX_INVALID_CFRAG_SLASH: Perbill = Perbill::from_percent(10);
/// The most of a bond an equivocation slashes.
pub const MAX_EQUIVOCATION_SLASH: Perbill = Perbill::from_percent(50);

/// Why a set of parameters is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParameterError {
	/// All weights are zero (every credit would be zero), or one above
	/// [`MAX_CREDIT_WEIGHT`].
	Weights,
	/// A session shorter than two blocks or longer than [`MAX_SESSION_LENGTH`].
	SessionLength,
	/// The window is zero or longer than the pallet keeps.
	Window,
	/// The term is zero or above [`MAX_TERM`].
	Term,
	/// No seats, or more than the pallet keeps.
	Seats,
	/// A credit threshold or penalty above the top score.
	Score,
	/// A least bond of zero, or above the pallet's highest.
	MinBond,
	/// More low-credit seats than [`MAX_LOW_CREDIT_SEATS`].
	LowCreditSeats,
	/// A slash above [`MAX_INVALID_CFRAG_SLASH`] or [`MAX_EQUIVOCATION_SLASH`].
	Slash,
	/// A cap of zero: the input would count for nothing (set its weight to zero instead).
	Caps,
}

/// The pallet's limits a set of parameters is checked against.
pub struct ParameterLimits<Balance> {
	/// The longest window the pallet keeps.
	pub max_window: u32,
	/// The most seats the pallet keeps.
	pub max_seats: u32,
	/// The highest least bond.
	pub max_min_bond: Balance,
}

impl<Balance: Copy + PartialOrd + sp_runtime::traits::Zero> Parameters<Balance> {
	/// Checks the parameters against their hard bounds and the pallet's limits.
	pub fn check(&self, limits: &ParameterLimits<Balance>) -> Result<(), ParameterError> {
		let weights = self.weights;
		let each = [weights.stake, weights.activity, weights.data, weights.proxy];
		if weights.total() == 0
			|| each.into_iter().chain([weights.availability]).any(|w| w > MAX_CREDIT_WEIGHT)
		{
			return Err(ParameterError::Weights);
		}
		if !(2..=MAX_SESSION_LENGTH).contains(&self.session_length) {
			return Err(ParameterError::SessionLength);
		}
		if self.window == 0 || self.window > limits.max_window {
			return Err(ParameterError::Window);
		}
		if !(1..=MAX_TERM).contains(&self.term) {
			return Err(ParameterError::Term);
		}
		if self.seats == 0 || self.seats > limits.max_seats {
			return Err(ParameterError::Seats);
		}
		if self.min_credit > MAX_SCORE || self.invalid_cfrag_penalty > MAX_SCORE {
			return Err(ParameterError::Score);
		}
		if self.min_bond.is_zero() || self.min_bond > limits.max_min_bond {
			return Err(ParameterError::MinBond);
		}
		if self.low_credit_seats > MAX_LOW_CREDIT_SEATS {
			return Err(ParameterError::LowCreditSeats);
		}
		if self.invalid_cfrag_slash > MAX_INVALID_CFRAG_SLASH
			|| self.equivocation_slash > MAX_EQUIVOCATION_SLASH
		{
			return Err(ParameterError::Slash);
		}
		let caps = self.caps;
		if caps.fees.is_zero() || caps.sold.is_zero() || caps.records == 0 || caps.cfrags == 0 {
			return Err(ParameterError::Caps);
		}
		Ok(())
	}
}

cpchain_primitives::section_parameters! {
	/// The name of one of the committee's parameters.
	pub enum ParameterKey;
	/// One of the committee's parameters and its new value.
	pub enum ParameterChange<Balance> for Parameters {
		MinBond(min_bond): Balance,
		SessionLength(session_length): u32,
		Weights(weights): CreditWeights,
		Window(window): SessionIndex,
		Term(term): SessionIndex,
		Seats(seats): u32,
		LowCreditSeats(low_credit_seats): Perbill,
		MinCredit(min_credit): u32,
		InvalidCfragPenalty(invalid_cfrag_penalty): u32,
		InvalidCfragSlash(invalid_cfrag_slash): Perbill,
		EquivocationSlash(equivocation_slash): Perbill,
		Caps(caps): ActivityCaps<Balance>,
	}
}

/// One candidate's activity in one session, or summed over sessions.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Tally<Balance> {
	/// Transaction fees paid that no one gets back (burnt, or the treasury's).
	pub fees: Balance,
	/// Records held through the whole session (the fewest held at any time in it).
	pub records: u32,
	/// Proxy fees paid to proxies other than the candidate and the buyer, for the candidate's
	/// data.
	pub sold: Balance,
	/// Valid capsule fragments delivered for grants of others' data to others.
	pub cfrags: u32,
	/// Capsule fragments that failed verification.
	pub invalid_cfrags: u32,
	/// Blocks authored.
	pub authored: u32,
	/// Slots the candidate was expected to author, as a committee member.
	pub expected: u32,
}

impl<Balance: Saturating + Copy + Default + PartialEq> Tally<Balance> {
	// Balances are added with `saturating_add`: `saturating_accrue` would need `One`.
	/// Adds another tally.
	pub fn add(&mut self, other: &Self) {
		self.fees = self.fees.saturating_add(other.fees);
		self.records.saturating_accrue(other.records);
		self.sold = self.sold.saturating_add(other.sold);
		self.cfrags.saturating_accrue(other.cfrags);
		self.invalid_cfrags.saturating_accrue(other.invalid_cfrags);
		self.authored.saturating_accrue(other.authored);
		self.expected.saturating_accrue(other.expected);
	}

	/// Takes away a tally added before.
	pub fn subtract(&mut self, other: &Self) {
		self.fees = self.fees.saturating_sub(other.fees);
		self.records.saturating_reduce(other.records);
		self.sold = self.sold.saturating_sub(other.sold);
		self.cfrags.saturating_reduce(other.cfrags);
		self.invalid_cfrags.saturating_reduce(other.invalid_cfrags);
		self.authored.saturating_reduce(other.authored);
		self.expected.saturating_reduce(other.expected);
	}

	/// Whether nothing happened.
	pub fn is_empty(&self) -> bool {
		*self == Self::default()
	}
}

impl<Balance: Ord + Copy> Tally<Balance> {
	/// The tally with each activity input held to its cap.
	pub fn capped(mut self, caps: &ActivityCaps<Balance>) -> Self {
		self.fees = self.fees.min(caps.fees);
		self.records = self.records.min(caps.records);
		self.sold = self.sold.min(caps.sold);
		self.cfrags = self.cfrags.min(caps.cfrags);
		self
	}
}

/// A credit and what it is made of, each score 0..=1000.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Credit {
	/// Rank of the bond among the candidates.
	pub stake: u32,
	/// Rank of unrecoverable fees paid in the window.
	pub activity: u32,
	/// Mean of the ranks of records held and proxy fees paid to others for sales in the
	/// window.
	pub data: u32,
	/// Rank of valid capsule fragments delivered for others in the window.
	pub proxy: u32,
	/// Blocks authored per slot expected in the window (1000 if never expected).
	pub availability: u32,
	/// The weighted mean of the five scores.
	pub base: u32,
	/// The last session's blocks authored per slot expected: missed slots scale the credit.
	pub recent_availability: Perbill,
	/// Credit lost to invalid capsule fragments in the window.
	pub penalty: u32,
	/// Whether an equivocation in the window zeroed the credit.
	pub equivocated: bool,
	/// What counts: base scaled by recent availability, less the penalty; zero after an
	/// equivocation.
	pub total: u32,
}

/// Where a candidate stands.
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
)]
pub enum Status<BlockNumber> {
	/// Standing for election and serving as a proxy.
	Active,
	/// Left; the bond stays held (and slashable) until the block given.
	Leaving {
		/// When `withdraw` may release the bond.
		unbonds_at: BlockNumber,
	},
}

/// A candidate: its bond, standing, activity and last computed credit.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Candidate<Balance, BlockNumber> {
	/// Held under [`crate::HoldReason::CandidacyBond`].
	pub bond: Balance,
	/// Active or leaving.
	pub status: Status<BlockNumber>,
	/// The session the candidate registered in.
	pub joined: SessionIndex,
	/// Activity in the session under way.
	pub current: Tally<Balance>,
	/// Activity summed over the closed sessions of the window.
	pub window: Tally<Balance>,
	/// The oldest session summed in `window`; older ones have been taken out.
	pub window_start: SessionIndex,
	/// The fewest records the candidate has held since its current session began (none in
	/// the session it registered in: a record counts only once held through a whole session).
	pub records_low: u32,
	/// The last session's availability while in the committee (100 % otherwise).
	pub recent_availability: Perbill,
	/// The session of the last equivocation reported, and its slot.
	pub equivocation: Option<(SessionIndex, u64)>,
	/// The credit computed at the last session change, lowered by penalties since.
	pub credit: Credit,
}

/// The draw's input, fixed one session before the randomness it is used with is known.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCandidates))]
pub struct Snapshot<AccountId, MaxCandidates: Get<u32>> {
	/// The session change it was taken at.
	pub session: SessionIndex,
	/// The random value current when it was taken: a draw needs a newer one.
	pub seen: Option<[u8; 32]>,
	/// Every candidate that may be drawn, with its credit.
	pub credits: BoundedVec<(AccountId, u32), MaxCandidates>,
}

/// The next election, for the runtime API.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct ElectionInfo<BlockNumber> {
	/// The session the elected committee serves from.
	pub serves_from: SessionIndex,
	/// The session change the draw happens at (one session earlier, when the next set is
	/// queued).
	pub drawn_at: SessionIndex,
	/// The block of that session change, as the session pallet estimates it.
	pub drawn_at_block: Option<BlockNumber>,
	/// The session under way.
	pub current_session: SessionIndex,
	/// Candidates in the snapshot the draw will use.
	pub snapshot_candidates: u32,
}

/// The random value elections draw with.
pub trait ElectionRandomness {
	/// The newest random value the source vouches for, or `None` while it has none. It must
	/// change over time: a draw waits for a value newer than the one current at its snapshot.
	fn random_value() -> Option<[u8; 32]>;
}

/// How many records an account holds now (the data registry's count).
pub trait RecordHoldings<AccountId> {
	/// Records `who` owns.
	fn records_held(who: &AccountId) -> u32;
}

/// Checks a report of two blocks authored in one slot by one authority.
pub trait EquivocationCheck<AccountId> {
	/// The proof a reporter submits.
	type Proof: Parameter;
	/// The offending account and the slot, if the proof holds.
	fn check(proof: &Self::Proof) -> Option<(AccountId, u64)>;
}
