//! `pallet_cpc_economics`: the fixed supply, the team's batches, the fee split, the free
//! daily quota and the DApps.

use frame_support::{parameter_types, PalletId};
use sp_runtime::{traits::AccountIdConversion, Perbill};

use crate::{
	AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, Vesting, CPC, DAYS, TOTAL_SUPPLY,
};

parameter_types! {
	pub const TotalSupply: Balance = TOTAL_SUPPLY;
	/// `pallet-treasury`'s default id, so the treasury pallet takes over this account.
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	/// The economics' parameters unless a genesis names others; governance sets them after.
	pub DefaultParameters: pallet_cpc_economics::Parameters<Balance, BlockNumber> =
		pallet_cpc_economics::Parameters {
			// Most of each fee pays the committee member who authored the block.
			author_share: Perbill::from_percent(80),
			// A quota day: a day of six-second blocks.
			day_length: DAYS,
			// The least kept frozen for any free transaction: 100 CPC, ten a day.
			quota_min_freeze: 100 * CPC,
			// Ten CPC frozen per free transaction a day.
			freeze_per_free_transaction: 10 * CPC,
			// At most a hundred free transactions an account a day (1,000 CPC frozen).
			max_free_per_day: 100,
			// One free transaction an account per block at most.
			min_free_spacing: 1,
			// Free transactions take at most a tenth of a block.
			free_block_share: Perbill::from_percent(10),
			// One free transaction at most a hundredth: fifty times a transfer, the weight
			// of a full `register_data` or a `submit_cfrag`.
			free_transaction_share: Perbill::from_percent(1),
			// At most 4 KiB: a record's registration is under 400 bytes.
			max_free_length: 4 * 1024,
			// A freeze asked back is released after two days: past the day it earned quota in.
			unfreeze_delay: 2 * DAYS,
			// A DApp keeps at least 1,000 CPC of its own: 20 ms a day, about a hundred
			// transfers.
			dapp_min_stake: 1_000 * CPC,
			// 50 CPC per millisecond a day: the quota's rate (10 CPC per transaction a day,
			// a transaction of about 0.2 ms), so staking for others costs what it costs for
			// oneself.
			dapp_stake_per_ms: 50 * CPC,
			// 1 CPC per admitted user: an admission is about 100 bytes of state.
			dapp_user_deposit: CPC,
			// Leases of at least 100 CPC, so a lender pays for its lease's state.
			min_lease: 100 * CPC,
			// Stake and leases come back after two days: past the day they paid for.
			dapp_unstake_delay: 2 * DAYS,
			lease_recall_delay: 2 * DAYS,
		};
}

/// The calls that may go free: the chain's own pallets, transfers, session keys and vesting.
/// Calls whose declared weight the sender picks or that fail at once with all of it (sudo, XCM,
/// root's system and parachain calls) always pay: they would fill the free share for nothing.
/// A pallet added later pays until it is listed here.
pub struct FreeCalls;
impl frame_support::traits::Contains<RuntimeCall> for FreeCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::Balances(_)
				| RuntimeCall::DataRegistry(_)
				| RuntimeCall::AccessGrants(_)
				| RuntimeCall::Committee(_)
				| RuntimeCall::CpcEconomics(_)
				| RuntimeCall::Session(_)
				| RuntimeCall::Vesting(_)
				// Holders vote under their quota: a vote earns nothing but a lock.
				| RuntimeCall::ConvictionVoting(_)
				| RuntimeCall::System(
					frame_system::Call::remark { .. }
						| frame_system::Call::remark_with_event { .. }
				)
		)
	}
}

/// The author of the block being built, as `pallet_authorship` finds it in the digest.
pub struct BlockAuthor;
impl frame_support::traits::Get<Option<AccountId>> for BlockAuthor {
	fn get() -> Option<AccountId> {
		pallet_authorship::Pallet::<Runtime>::author()
	}
}

impl pallet_cpc_economics::Config for Runtime {
	type Currency = Balances;
	type Frozen = super::balances::Frozen;
	type Vesting = Vesting;
	type TotalSupply = TotalSupply;
	type TreasuryAccount = TreasuryAccount;
	type BlockAuthor = BlockAuthor;
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FreeCalls = FreeCalls;
	type DefaultParameters = DefaultParameters;
	// Set one at a time through `CpcParameters`, within the bounds this pallet checks.
	type Parameters = pallet_cpc_parameters::Economics<Runtime>;
	type WeightInfo = pallet_cpc_economics::weights::SubstrateWeight<Runtime>;
}

/// Whether `uxt` would cost its sender nothing (free under the daily quota, or paid by a DApp)
/// if the pool validated it now (on top of the best block, as the pool does): for the fee
/// queries, which must report what the sender will really be charged.
pub fn costs_sender_nothing(uxt: &crate::UncheckedExtrinsic, len: u32) -> bool {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::{generic::Preamble, traits::StaticLookup};
	let Preamble::Signed(address, _, extension) = &uxt.preamble else { return false };
	let Ok(who) = <Runtime as frame_system::Config>::Lookup::lookup(address.clone()) else {
		return false;
	};
	// The extrinsic's info, with its extensions' weight, as the pool's validation has it.
	let info = uxt.get_dispatch_info();
	let now = frame_system::Pallet::<Runtime>::block_number().saturating_add(1);
	extension.0 .6.costs_sender_nothing(&who, &uxt.function, &info, len as usize, now)
}
