//! The fixed supply, the team's yearly batches and the fee split, in the composed runtime.

use codec::Encode;
use frame_support::traits::{
	fungible::Inspect,
	tokens::{Fortitude, Preservation},
};
use pallet_cpc_economics::Category;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_runtime::{generic::Era, Digest, DigestItem};

use super::*;
use crate::{
	configs::cpc_economics::TreasuryAccount,
	genesis_config_presets::{allocation_account, split},
};

fn issuance() -> Balance {
	<Balances as Inspect<AccountId>>::total_issuance()
}

fn transferable(who: &AccountId) -> Balance {
	<Balances as Inspect<AccountId>>::reducible_balance(
		who,
		Preservation::Expendable,
		Fortitude::Polite,
	)
}

#[test]
fn the_example_split_is_the_whole_supply() {
	assert_eq!(split::COMMUNITY + split::INVESTORS + split::TEAM + split::FOUNDATION, TOTAL_SUPPLY);
	assert_eq!(TOTAL_SUPPLY, 1_000_000_000 * CPC);
	const { assert!(split::TREASURY >= 1_000 * EXISTENTIAL_DEPOSIT) };
	// pallet-treasury's account, as the README names it.
	use sp_core::crypto::Ss58Codec;
	assert_eq!(
		TreasuryAccount::get().to_ss58check(),
		"5EYCAe5ijiYfyeZ2JJCGq56LmPyNRAKzpG4QkoQkkQNB5e6Z"
	);
}

#[test]
fn every_preset_mints_exactly_a_billion_cpc_by_the_table() {
	for preset in preset_names() {
		preset_ext(&preset).execute_with(|| {
			assert_eq!(issuance(), 1_000_000_000 * CPC, "{preset}");
			assert_eq!(Balances::free_balance(TreasuryAccount::get()), split::TREASURY);
			assert_eq!(
				Balances::free_balance(allocation_account(Category::Investors)),
				split::INVESTORS
			);
			assert_eq!(Balances::total_balance(&allocation_account(Category::Team)), split::TEAM);
			// The community's share holds the development accounts' endowments.
			let dev: Balance = Sr25519Keyring::well_known()
				.map(|k| Balances::total_balance(&k.to_account_id()))
				.sum();
			assert_eq!(
				dev + Balances::free_balance(allocation_account(Category::Community)),
				split::COMMUNITY,
				"{preset}"
			);
			assert_ok!(CpcEconomics::do_try_state());
		});
	}
}

#[test]
fn the_team_share_moves_one_batch_a_year_from_the_first_years_end() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let team = allocation_account(Category::Team);
		let batch = split::TEAM / split::TEAM_BATCHES as Balance;
		let anyone = RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id());
		assert_eq!(transferable(&team), 0);
		for k in 0..split::TEAM_BATCHES {
			let due = YEARS * (k + 1);
			System::set_block_number(due - 1);
			assert_ok!(Vesting::vest_other(anyone.clone(), team.clone().into()));
			assert_eq!(transferable(&team), batch * k as Balance, "one block before batch {k}");
			System::set_block_number(due);
			assert_ok!(Vesting::vest_other(anyone.clone(), team.clone().into()));
			assert_eq!(transferable(&team), batch * (k as Balance + 1), "at batch {k}");
		}
		assert_eq!(transferable(&team), split::TEAM);
	});
}

/// `who`'s signed transfer of 1 CPC to Bob with `tip`.
fn transfer(who: Sr25519Keyring, nonce: Nonce, tip: Balance) -> UncheckedExtrinsic {
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Sr25519Keyring::Bob.to_account_id().into(),
		value: CPC,
	});
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_cpc_economics::ChargeCpcFee::<Runtime>::new(nonce, tip),
	)
		.into();
	let payload = SignedPayload::new(call.clone(), extension.clone()).unwrap();
	let signature = payload.using_encoded(|bytes| who.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		who.to_account_id().into(),
		Signature::Sr25519(signature),
		extension,
	)
}

#[test]
fn fees_pay_the_author_most_and_the_treasury_the_rest_and_tips_pay_the_author() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		// Block 2 in slot 0: the first session validator authors it.
		let digest =
			Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(0).encode())] };
		System::initialize(&2, &System::parent_hash(), &digest);
		let author = Authorship::author().expect("the digest names the author");
		let sender = Sr25519Keyring::Ferdie;
		assert_ne!(author, sender.to_account_id());
		let balance = |who: &AccountId| Balances::free_balance(who);
		let mut total_fees = 0;
		for (nonce, tip) in [(0, 0), (1, 7 * MILLI_CPC), (2, 1)] {
			let (before_sender, before_author, before_treasury) = (
				balance(&sender.to_account_id()),
				balance(&author),
				balance(&TreasuryAccount::get()),
			);
			let applied = Executive::apply_extrinsic(transfer(sender, nonce, tip));
			assert_ok!(applied.expect("valid"));
			let paid = before_sender - balance(&sender.to_account_id()) - CPC;
			let fee = paid - tip;
			assert!(fee > 0);
			let to_author = pallet_cpc_parameters::Economics::<Runtime>::get().author_share * fee;
			assert_eq!(balance(&author) - before_author, to_author + tip, "tip {tip}");
			assert_eq!(balance(&TreasuryAccount::get()) - before_treasury, fee - to_author);
			assert_eq!(CpcEconomics::treasury_part(fee), fee - to_author);
			total_fees += paid;
		}
		assert!(total_fees > 0);
		assert_eq!(issuance(), TOTAL_SUPPLY, "nothing burnt");
		assert_ok!(CpcEconomics::do_try_state());
	});
}

#[test]
fn the_fee_query_reports_nothing_inside_the_quota_and_the_fee_past_it() {
	use pallet_transaction_payment_rpc_runtime_api::runtime_decl_for_transaction_payment_api::TransactionPaymentApiV4;
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let sender = Sr25519Keyring::Ferdie;
		let who = sender.to_account_id();
		let xt = transfer(sender, 0, 0);
		let len = xt.encoded_size() as u32;
		let fee = Runtime::query_info(xt.clone(), len).partial_fee;
		assert!(fee > 0, "no freeze: the fee");
		assert_ok!(CpcEconomics::freeze_for_quota(
			RuntimeOrigin::signed(who.clone()),
			pallet_cpc_parameters::Economics::<Runtime>::get().quota_min_freeze
		));
		assert_eq!(Runtime::query_info(xt.clone(), len).partial_fee, 0, "inside the quota");
		assert_eq!(Runtime::query_fee_details(xt.clone(), len).final_fee(), 0);
		// With a tip it pays, and says so.
		let tipped = transfer(sender, 0, 1);
		assert!(Runtime::query_info(tipped.clone(), tipped.encoded_size() as u32).partial_fee > 0);
		// Applied, it is charged what the query said: nothing.
		let before = Balances::free_balance(&who);
		System::set_block_number(System::block_number() + 1);
		assert_ok!(Executive::apply_extrinsic(xt).expect("valid"));
		assert_eq!(before - Balances::free_balance(&who), CPC, "only the transfer itself");
	});
}

/// A transfer of 1 CPC to Bob from any key, with no tip: free if the sender has quota.
fn transfer_from(pair: &sp_core::sr25519::Pair, nonce: Nonce) -> UncheckedExtrinsic {
	use sp_core::Pair as _;
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Sr25519Keyring::Bob.to_account_id().into(),
		value: CPC,
	});
	let extension = tx_extension(nonce, Era::Immortal);
	let payload = SignedPayload::new(call.clone(), extension.clone()).unwrap();
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	let who: AccountId = pair.public().into();
	UncheckedExtrinsic::new_signed(call, who.into(), Signature::Sr25519(signature), extension)
}

/// Free transactions fill their share of a block and no more; the figures the performance
/// notes quote (`cargo test -p cpchain-runtime free_transactions -- --nocapture` prints them).
#[test]
fn free_transactions_fill_their_share_of_a_block_and_then_wait() {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_core::Pair as _;
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let params = pallet_cpc_parameters::Economics::<Runtime>::get();
		let limit = CpcEconomics::free_weight_limit();
		let xt = transfer_from(&sp_core::sr25519::Pair::from_string("//probe", None).unwrap(), 0);
		let weight = xt.get_dispatch_info().total_weight();
		// Both dimensions bound it: time and the proof's size.
		let per_block = (limit.ref_time() / weight.ref_time())
			.min(limit.proof_size() / weight.proof_size().max(1));
		assert!(per_block > 10, "{per_block} free transfers a block");
		// More senders than fit, each with the minimum freeze.
		let funder = Sr25519Keyring::Ferdie.to_account_id();
		let senders: Vec<_> = (0..per_block + 20)
			.map(|i| sp_core::sr25519::Pair::from_string(&format!("//sender/{i}"), None).unwrap())
			.collect();
		for pair in &senders {
			let who: AccountId = pair.public().into();
			assert_ok!(Balances::transfer_keep_alive(
				RuntimeOrigin::signed(funder.clone()),
				who.clone().into(),
				params.quota_min_freeze + 10 * CPC
			));
			assert_ok!(CpcEconomics::freeze_for_quota(
				RuntimeOrigin::signed(who),
				params.quota_min_freeze
			));
		}
		System::set_block_number(System::block_number() + 1);
		let mut free = 0u64;
		let mut waiting = 0;
		for pair in &senders {
			let who: AccountId = pair.public().into();
			let before = Balances::free_balance(&who);
			match Executive::apply_extrinsic(transfer_from(pair, 0)) {
				Ok(applied) => {
					assert_ok!(applied);
					assert_eq!(before - Balances::free_balance(&who), CPC, "free: only the CPC");
					free += 1;
				}
				Err(e) => {
					assert_eq!(
						e,
						TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)
					);
					assert_eq!(Balances::free_balance(&who), before, "nothing charged");
					waiting += 1;
				}
			}
		}
		assert_eq!(free, per_block, "the share holds {per_block}");
		assert_eq!(waiting, 20);
		assert_eq!(issuance(), TOTAL_SUPPLY);
		assert_ok!(CpcEconomics::do_try_state());

		// What a spammer with a fixed stake gets through in a day, by how it splits the stake.
		// A day of the runtime's defaults, not the development preset's short one.
		let blocks_per_day =
			u64::from(crate::configs::cpc_economics::DefaultParameters::get().day_length);
		let chain_cap = per_block * blocks_per_day;
		println!("free share {limit:?}; a free transfer weighs {weight:?}");
		println!("free transfers per block: {per_block}; per day at most {chain_cap}");
		for stake in [1_000 * CPC, 100_000 * CPC, 10_000_000 * CPC] {
			for accounts in [1u128, 100, 10_000] {
				let each = CpcEconomics::daily_quota(stake / accounts) as u128;
				// One free transaction an account a block at most (the spacing).
				let spacing =
					u128::from(blocks_per_day / u64::from(params.min_free_spacing.max(1)));
				let own = accounts * each.min(spacing);
				let through = own.min(u128::from(chain_cap));
				println!(
					"stake {:>10} CPC in {accounts:>6} accounts: {each:>3} each, {through:>7} a day",
					stake / CPC
				);
				assert!(own <= stake / params.freeze_per_free_transaction, "splitting never pays");
			}
		}
	});
}

/// CPC kept for the quota is CPC no other hold counts: a freeze would overlap the account's
/// holds (an escrow, a bond), so the same CPC could earn quota and back an escrow, and the
/// free CPC beside it could leave.
#[test]
fn cpc_kept_for_the_quota_is_not_also_held_for_anything_else() {
	use frame_support::traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Preservation},
	};
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let who = Sr25519Keyring::Ferdie.to_account_id();
		let escrow: RuntimeHoldReason = pallet_access_grants::HoldReason::Escrow.into();
		let quota = pallet_cpc_parameters::Economics::<Runtime>::get().quota_min_freeze;
		let free = Balances::free_balance(&who);
		// Half on hold as a buyer's escrow, then the quota's minimum kept for the quota.
		assert_ok!(<Balances as MutateHold<AccountId>>::hold(&escrow, &who, free / 2));
		let movable =
			|| Balances::reducible_balance(&who, Preservation::Preserve, Fortitude::Polite);
		let before = movable();
		assert_ok!(CpcEconomics::freeze_for_quota(RuntimeOrigin::signed(who.clone()), quota));
		assert_eq!(movable(), before - quota, "the quota's CPC cannot leave");
		assert_ok!(CpcEconomics::do_try_state());
	});
}
