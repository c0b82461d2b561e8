//! Which CPC may go on a hold that is later paid to another account.
//!
//! A hold overlaps the account's locks and freezes, and a hold that is owed to others (a
//! buyer's escrow, a DApp's leasing fees put aside) is paid out past them. Were such a hold
//! taken from CPC a lock covers, the CPC would leave an account whose lock still counted it:
//! CPC a referendum vote locked would vote again in the payee's account. So such holds take
//! only what the account could transfer away itself: no lock, freeze or existential deposit
//! covers it. (Conviction voting, for its part, does not count CPC owed on such holds.)

use frame_support::traits::{
	fungible::Inspect,
	tokens::{Fortitude, Preservation},
};

/// What `who` could transfer away: CPC no lock, freeze or existential deposit covers. A hold
/// that is paid to others takes only this.
pub fn movable<A, C: Inspect<A>>(who: &A) -> C::Balance {
	C::reducible_balance(who, Preservation::Preserve, Fortitude::Polite)
}
