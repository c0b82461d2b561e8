//! The treasury's paymaster.
//!
//! `frame_support`'s `PayFromAccount` pays with `Preservation::Expendable`: a spend of the
//! treasury's whole balance would reap its account. The treasury receives a share of every
//! fee, and a credit smaller than the existential deposit to a reaped account is dropped, so
//! the treasury must stay alive whatever a referendum spends. [`PayKeepingAlive`] refuses a
//! payment that would take the account below its existential deposit; the spend stays
//! pending and may be paid once the treasury holds enough.

use core::marker::PhantomData;

use frame_support::traits::{
	fungible,
	tokens::{Pay, PaymentStatus, Preservation},
	TypedGet,
};
use sp_runtime::DispatchError;

/// Pays from the account `A` names in the fungible `F`, never below its existential deposit.
pub struct PayKeepingAlive<F, A>(PhantomData<(F, A)>);

impl<A, F> Pay for PayKeepingAlive<F, A>
where
	A: TypedGet,
	F: fungible::Mutate<A::Type>,
	A::Type: Eq,
{
	type Balance = F::Balance;
	type Beneficiary = A::Type;
	type AssetKind = ();
	type Id = ();
	type Error = DispatchError;

	fn pay(
		who: &Self::Beneficiary,
		_: Self::AssetKind,
		amount: Self::Balance,
	) -> Result<Self::Id, Self::Error> {
		<F as fungible::Mutate<_>>::transfer(&A::get(), who, amount, Preservation::Preserve)?;
		Ok(())
	}

	fn check_payment(_: ()) -> PaymentStatus {
		// A transfer is final once made.
		PaymentStatus::Success
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn ensure_successful(_: &Self::Beneficiary, _: Self::AssetKind, amount: Self::Balance) {
		use sp_runtime::traits::Saturating;
		// The amount and the existential deposit that must stay behind.
		let needed = amount.saturating_add(<F as fungible::Inspect<_>>::minimum_balance());
		// Benchmarks only: a failure shows as the benchmark's own failure to pay.
		let _ = <F as fungible::Mutate<_>>::mint_into(&A::get(), needed);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn ensure_concluded(_: Self::Id) {}
}
