//! XCM: CPC is `Here` and the only asset `Balances` holds; the relay chain's token, or any
//! other foreign asset, mints nothing; CPC goes to siblings by reserve transfer.

use codec::Decode;
use cumulus_primitives_core::{relay_chain::AbridgedHrmpChannel, ParaId, XcmpMessageSource};
use frame_support::{assert_ok, traits::fungible::Inspect};
use sp_keyring::Sr25519Keyring;
use xcm::{latest::prelude::*, VersionedAssets, VersionedLocation};
use xcm_executor::{traits::ConvertLocation, XcmExecutor};

use super::preset_ext;
use crate::{
	configs::xcm::{LocationToAccountId, XcmConfig},
	genesis_config_presets::PARACHAIN_ID,
	*,
};

const SIBLING: u32 = 3000;

fn account(keyring: Sr25519Keyring) -> Location {
	AccountId32 { network: None, id: keyring.to_raw_public() }.into()
}

fn execute(origin: Location, message: Vec<Instruction<RuntimeCall>>) -> Outcome {
	let mut hash = [0u8; 32];
	XcmExecutor::<XcmConfig>::prepare_and_execute(
		origin,
		Xcm(message),
		&mut hash,
		Weight::MAX,
		Weight::zero(),
	)
}

/// Everyone's CPC and the total issuance, to compare before and after.
fn cpc_snapshot() -> (Vec<Balance>, Balance) {
	let balances = Sr25519Keyring::iter()
		.map(|keyring| Balances::total_balance(&keyring.to_account_id()))
		.collect();
	(balances, Balances::total_issuance())
}

#[test]
fn the_relay_chain_s_token_never_becomes_cpc() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let dot: Asset = (Parent, 10 * CPC).into();
		let deposit = || DepositAsset {
			assets: AllCounted(1).into(),
			beneficiary: account(Sr25519Keyring::Ferdie),
		};
		let before = cpc_snapshot();
		// The relay chain may execute unpaid: a reserve deposit of its token, then paid
		// execution with it, then a teleport of it, each as the relay chain would send them.
		let attempts: Vec<(Location, Vec<Instruction<RuntimeCall>>)> = vec![
			(
				Parent.into(),
				vec![
					UnpaidExecution { weight_limit: Unlimited, check_origin: None },
					ReserveAssetDeposited(dot.clone().into()),
					ClearOrigin,
					deposit(),
				],
			),
			(
				Parent.into(),
				vec![
					ReserveAssetDeposited(dot.clone().into()),
					ClearOrigin,
					BuyExecution { fees: dot.clone(), weight_limit: Unlimited },
					deposit(),
				],
			),
			(
				Parent.into(),
				vec![
					ReceiveTeleportedAsset(dot.clone().into()),
					ClearOrigin,
					BuyExecution { fees: dot.clone(), weight_limit: Unlimited },
					deposit(),
				],
			),
			// A sibling claiming to deposit the relay chain's token, or CPC it never held.
			(
				(Parent, Parachain(SIBLING)).into(),
				vec![
					ReserveAssetDeposited(dot.clone().into()),
					ClearOrigin,
					BuyExecution { fees: dot.clone(), weight_limit: Unlimited },
					deposit(),
				],
			),
			(
				(Parent, Parachain(SIBLING)).into(),
				vec![
					ReserveAssetDeposited((Here, 10 * CPC).into()),
					ClearOrigin,
					BuyExecution { fees: (Here, 10 * CPC).into(), weight_limit: Unlimited },
					deposit(),
				],
			),
		];
		for (origin, message) in attempts {
			let outcome = execute(origin.clone(), message);
			assert!(
				!matches!(outcome, Outcome::Complete { .. }),
				"{origin:?}: a foreign deposit completed: {outcome:?}"
			);
			assert_eq!(cpc_snapshot(), before, "{origin:?}: CPC balances or issuance changed");
		}
	});
}

#[test]
fn cpc_goes_to_a_sibling_by_reserve_transfer_and_comes_back_from_its_sovereign_account() {
	preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		// An HRMP channel to the sibling, as the relay chain's state would report it.
		cumulus_pallet_parachain_system::RelevantMessagingState::<Runtime>::put(
			cumulus_pallet_parachain_system::MessagingStateSnapshot {
				dmq_mqc_head: Default::default(),
				relay_dispatch_queue_remaining_capacity: Default::default(),
				ingress_channels: vec![],
				egress_channels: vec![(
					ParaId::from(SIBLING),
					AbridgedHrmpChannel {
						max_capacity: 8,
						max_total_size: 1 << 20,
						max_message_size: 1 << 16,
						msg_count: 0,
						total_size: 0,
						mqc_head: None,
					},
				)],
			},
		);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let sibling = Location::new(1, [Parachain(SIBLING)]);
		let sovereign = LocationToAccountId::convert_location(&sibling).unwrap();
		let issuance = Balances::total_issuance();
		let amount = 100 * CPC;
		let alice_before = Balances::free_balance(&alice);

		assert_ok!(PolkadotXcm::transfer_assets(
			RuntimeOrigin::signed(alice.clone()),
			Box::new(VersionedLocation::from(sibling.clone())),
			Box::new(VersionedLocation::from(account(Sr25519Keyring::Bob))),
			Box::new(VersionedAssets::from(Assets::from(Asset::from((Here, amount))))),
			0,
			Unlimited,
		));
		// The CPC moved into the sibling's sovereign account here, this chain being the reserve.
		assert_eq!(Balances::free_balance(&alice), alice_before - amount);
		assert_eq!(Balances::free_balance(&sovereign), amount);
		assert_eq!(Balances::total_issuance(), issuance);
		// One message queued for the sibling, telling it of a reserve deposit of this chain's CPC.
		let pages = <XcmpQueue as XcmpMessageSource>::take_outbound_messages(8, &[]);
		assert_eq!(pages.len(), 1);
		assert_eq!(pages[0].0, ParaId::from(SIBLING));
		let mut page = &pages[0].1[..];
		assert_eq!(
			cumulus_primitives_core::XcmpMessageFormat::decode(&mut page).unwrap(),
			cumulus_primitives_core::XcmpMessageFormat::ConcatenatedVersionedXcm
		);
		let message: Xcm<()> =
			xcm::VersionedXcm::<()>::decode(&mut page).unwrap().try_into().unwrap();
		let our_cpc = AssetId(Location::new(1, [Parachain(PARACHAIN_ID)]));
		match message.0.first() {
			Some(ReserveAssetDeposited(assets)) => {
				assert_eq!(assets.inner().len(), 1);
				assert_eq!(assets.inner()[0].id, our_cpc);
				assert_eq!(assets.inner()[0].fun, Fungible(amount));
			}
			other => panic!("the sibling is told {other:?}"),
		}

		// The sibling sends it back: withdrawn from its sovereign account, execution paid in CPC.
		let bob = Sr25519Keyring::Bob.to_account_id();
		let bob_before = Balances::free_balance(&bob);
		let back: Asset = (Here, amount).into();
		let outcome = execute(
			sibling,
			vec![
				WithdrawAsset(back.clone().into()),
				ClearOrigin,
				BuyExecution { fees: back, weight_limit: Unlimited },
				DepositAsset {
					assets: AllCounted(1).into(),
					beneficiary: account(Sr25519Keyring::Bob),
				},
			],
		);
		assert!(matches!(outcome, Outcome::Complete { .. }), "{outcome:?}");
		assert_eq!(Balances::free_balance(&sovereign), 0);
		let received = Balances::free_balance(&bob) - bob_before;
		assert!(received > amount / 2 && received < amount, "Bob got {received}, less the fee");
	});
}
