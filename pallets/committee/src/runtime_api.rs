//! The runtime API through which clients, collator operators and polkadot.js read the committee.

use alloc::vec::Vec;

use codec::Codec;

use crate::{Credit, ElectionInfo};

sp_api::decl_runtime_apis! {
	/// Reads credits, the committee and the next election.
	pub trait CommitteeApi<AccountId, Candidate, Parameters, BlockNumber>
	where
		AccountId: Codec,
		Candidate: Codec,
		Parameters: Codec,
		BlockNumber: Codec,
	{
		/// A candidate's credit as computed at the last session change (lowered by penalties
		/// since), with its components.
		fn credit(who: AccountId) -> Option<Credit>;
		/// A candidate's record: bond, status, activity in the session and the window, credit.
		fn candidate(who: AccountId) -> Option<Candidate>;
		/// The active candidates, sorted.
		fn candidates() -> Vec<AccountId>;
		/// The committee serving this session.
		fn committee() -> Vec<AccountId>;
		/// The committee decided for the next session.
		fn queued() -> Vec<AccountId>;
		/// The invulnerables.
		fn invulnerables() -> Vec<AccountId>;
		/// When the next election happens and whom it draws from.
		fn next_election() -> ElectionInfo<BlockNumber>;
		/// The parameters in force.
		fn parameters() -> Parameters;
	}
}
