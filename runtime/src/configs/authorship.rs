//! `pallet_authorship`: who authored the block, for collator rewards and liveness.

use super::committee::CommitteeInputs;
use crate::{Aura, Runtime};

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (CommitteeInputs,);
}
