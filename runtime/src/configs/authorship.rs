//! `pallet_authorship`: who authored the block, for collator rewards and liveness.

use crate::{Aura, CollatorSelection, Runtime};

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (CollatorSelection,);
}
