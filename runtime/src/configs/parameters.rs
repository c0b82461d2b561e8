//! `pallet_cpc_parameters`: CPChain's governable values in one place, each within the bounds
//! its pallet checks, set one at a time: any of them by root or a referendum on the parameter
//! setter's track, the listed operational ones also by a majority of the executive committee.

use frame_support::traits::{EnsureOrigin, EnsureOriginWithArg};
use frame_system::EnsureRoot;
use pallet_collective::EnsureProportionMoreThan;
use pallet_cpc_governance::EnsureParameterSetter;
use pallet_cpc_parameters::{Key, KeyOf};

use crate::{
	configs::executive::ExecutiveCollective, AccessGrants, AccountId, Committee, CpcEconomics,
	DataRegistry, Runtime, RuntimeEvent, RuntimeOrigin,
};

impl pallet_cpc_parameters::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Committee = Committee;
	type Economics = CpcEconomics;
	type Market = AccessGrants;
	type Registry = DataRegistry;
	type AdminOrigin = ParameterAdmin;
	type WeightInfo = pallet_cpc_parameters::weights::SubstrateWeight<Runtime>;
}

/// A majority of the executive committee.
pub type ExecutiveMajority = EnsureProportionMoreThan<AccountId, ExecutiveCollective, 1, 2>;

/// The parameters the executive committee may set: day-to-day tuning of the quota, the DApps'
/// deposits, what counts for credit and the market's timeouts. Never money leaving anyone's
/// account (slashes, the fee split, the proxies' fee, bonds), the committee's size or its
/// terms, nor the market's deposits: those take a referendum.
pub fn executive_may_set(key: &KeyOf<Runtime>) -> bool {
	use pallet_access_grants::ParameterKey as Market;
	use pallet_committee::ParameterKey as Committee;
	use pallet_cpc_economics::ParameterKey as Economics;
	matches!(
		key,
		Key::Committee(Committee::Caps | Committee::MinCredit | Committee::InvalidCfragPenalty)
			| Key::Market(Market::RequestTimeout | Market::DeliveryWindow | Market::CfragRetention)
			| Key::Economics(
				Economics::MaxFreePerDay
					| Economics::MinFreeSpacing
					| Economics::FreeBlockShare
					| Economics::FreeTransactionShare
					| Economics::MaxFreeLength
					| Economics::DappUserDeposit
					| Economics::MinLease
			)
	)
}

/// Who may set a parameter: root and the parameter setter's track any of them, a majority of
/// the executive committee those [`executive_may_set`] lists. The bounds are the pallets'
/// own, checked whoever proposes.
pub struct ParameterAdmin;
impl EnsureOriginWithArg<RuntimeOrigin, KeyOf<Runtime>> for ParameterAdmin {
	type Success = ();

	fn try_origin(o: RuntimeOrigin, key: &KeyOf<Runtime>) -> Result<(), RuntimeOrigin> {
		let o = match <EnsureRoot<AccountId> as EnsureOrigin<RuntimeOrigin>>::try_origin(o) {
			Ok(()) => return Ok(()),
			Err(o) => o,
		};
		let o = match EnsureParameterSetter::try_origin(o) {
			Ok(_) => return Ok(()),
			Err(o) => o,
		};
		if executive_may_set(key) {
			return <ExecutiveMajority as EnsureOrigin<RuntimeOrigin>>::try_origin(o).map(|_| ());
		}
		Err(o)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(_: &KeyOf<Runtime>) -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}
