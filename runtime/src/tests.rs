//! Tests of the composed runtime: genesis presets, the CPC token and fees.

use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect, weights::WeightToFee as _};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::TokenError;

use crate::{
	configs::transaction_payment::WeightToFee,
	genesis_config_presets::{get_preset, preset_names, DEV_ENDOWMENT, PARACHAIN_ID},
	weights::ExtrinsicBaseWeight,
	*,
};

mod economics;
mod governance;
mod parameters;
mod trust;
mod xcm;

/// Externalities holding the genesis state of the named preset.
fn preset_ext(name: &str) -> sp_io::TestExternalities {
	let storage = genesis_config_presets::preset_storage(&PresetId::from(name)).unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

#[test]
fn presets_are_development_and_local_testnet_only() {
	assert_eq!(
		preset_names(),
		vec![DEV_RUNTIME_PRESET.to_string(), LOCAL_TESTNET_RUNTIME_PRESET.to_string()]
	);
	assert!(get_preset(&PresetId::from("mainnet")).is_none());
}

#[test]
fn development_preset_seats_alice_and_two_candidates_and_endows_dev_accounts() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(ParachainInfo::parachain_id(), PARACHAIN_ID.into());
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice.clone()));
		assert_eq!(
			pallet_committee::Invulnerables::<Runtime>::get().into_inner(),
			vec![alice.clone()]
		);
		// Alice and the first two candidates by account: three seats.
		let committee = pallet_committee::Members::<Runtime>::get();
		assert_eq!(committee.len(), 3);
		assert_eq!(committee[0], alice);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
		assert_eq!(
			pallet_cpc_parameters::Committee::<Runtime>::get(),
			genesis_config_presets::dev_parameters()
		);
		// Every account is endowed; the candidates' bonds are held out of it.
		let bond = pallet_cpc_parameters::Committee::<Runtime>::get().min_bond;
		for keyring in Sr25519Keyring::well_known() {
			let held =
				if genesis_config_presets::dev_proxies().contains(&keyring) { bond } else { 0 };
			assert_eq!(Balances::free_balance(keyring.to_account_id()), DEV_ENDOWMENT - held);
		}
	});
}

#[test]
fn local_testnet_preset_has_two_invulnerables_and_three_candidates() {
	preset_ext(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		// Two invulnerables, two collators: candidates join later.
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
		assert!(pallet_committee::CandidateList::<Runtime>::get().is_empty());
		// The committee keeps its invulnerables sorted.
		let mut expected =
			vec![Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id()];
		expected.sort();
		assert_eq!(pallet_committee::Invulnerables::<Runtime>::get().into_inner(), expected);
		assert_eq!(
			pallet_cpc_parameters::Committee::<Runtime>::get(),
			crate::configs::committee::DefaultParameters::get()
		);
	});
}

#[test]
fn cpc_has_eighteen_decimals() {
	assert_eq!(CPC, 10u128.pow(CPC_DECIMALS as u32));
	assert_eq!(CPC_DECIMALS, 18);
	assert_eq!(CPC_SYMBOL, "CPC");
	// The planned genesis supply of one billion CPC fits the balance type with room to spare.
	assert!(1_000_000_000u128.checked_mul(CPC).is_some());
}

#[test]
fn transfers_move_cpc_and_respect_the_existential_deposit() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let fresh = Sr25519Keyring::One.to_account_id();
		let origin = RuntimeOrigin::signed(alice.clone());

		// Below the existential deposit a new account cannot be created.
		assert_noop!(
			Balances::transfer_keep_alive(
				origin.clone(),
				fresh.clone().into(),
				EXISTENTIAL_DEPOSIT - 1
			),
			TokenError::BelowMinimum
		);
		assert_ok!(Balances::transfer_keep_alive(origin.clone(), fresh.clone().into(), 5 * CPC));
		assert_eq!(Balances::free_balance(&fresh), 5 * CPC);
		assert_eq!(Balances::free_balance(&alice), DEV_ENDOWMENT - 5 * CPC);

		// More than the sender holds fails and changes nothing.
		assert_noop!(
			Balances::transfer_keep_alive(
				RuntimeOrigin::signed(fresh.clone()),
				alice.into(),
				6 * CPC
			),
			TokenError::FundsUnavailable
		);
		assert_eq!(<Balances as Inspect<_>>::minimum_balance(), EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn base_extrinsic_weight_costs_a_tenth_of_a_milli_cpc() {
	assert_eq!(WeightToFee::weight_to_fee(&ExtrinsicBaseWeight::get()), MILLI_CPC / 10);
	// Fees grow with weight.
	assert!(
		WeightToFee::weight_to_fee(&(ExtrinsicBaseWeight::get() * 2))
			> WeightToFee::weight_to_fee(&ExtrinsicBaseWeight::get())
	);
}

#[test]
fn runtime_apis_are_declared() {
	use sp_api::RuntimeApiInfo;
	let has = |id: [u8; 8]| VERSION.apis.iter().any(|(api, _)| *api == id);
	assert!(has(<dyn sp_api::Core<Block>>::ID));
	assert!(has(<dyn sp_consensus_aura::AuraApi<Block, AuraId>>::ID));
	assert!(has(<dyn cumulus_primitives_aura::AuraUnincludedSegmentApi<Block>>::ID));
	assert!(has(<dyn cumulus_primitives_core::CollectCollationInfo<Block>>::ID));
	assert!(has(<dyn sp_genesis_builder::GenesisBuilder<Block>>::ID));
	assert!(has(<dyn sp_offchain::OffchainWorkerApi<Block>>::ID));
	assert!(has(<dyn pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<
		Block,
		Balance,
	>>::ID));
	assert!(has(<dyn frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce>>::ID));
	assert!(has(<dyn pallet_data_registry::runtime_api::DataRegistryApi<
		Block,
		AccountId,
		DeviceOf,
		RecordOf,
	>>::ID));
	assert!(has(<dyn pallet_access_grants::runtime_api::AccessGrantsApi<
		Block,
		AccountId,
		ListingOf,
		RequestOf,
		GrantOf,
	>>::ID));
}

/// What a stock `polkadot-omni-node` (`polkadot-omni-node-lib` 0.24, stable2609) reads from
/// this runtime and calls in it, so that it, as well as `cpchain-node`, can run the chain:
/// - from the metadata: `System::Number` is u32 (it runs `Block<u32>`), the parachain system
///   pallet is there, and Aura's authorities are sr25519 keys (it reads `Aura::Authorities`);
/// - the runtime APIs it needs to import, author and collate blocks and to serve its RPC
///   methods (`system_accountNextIndex`, `payment_queryInfo`, `author_rotateKeys`). The APIs it
///   calls only when present, or with a fallback (`RelayParentOffsetApi`, `TargetBlockRate`,
///   `SchedulingV3EnabledApi`, `TransactionStorageApi`, `AuthorityDiscoveryApi`), are not
///   required; `KeyToIncludeInRelayProof` is among those for omni-node, but Cumulus's lookahead
///   collator in `cpchain-node --features collator` needs it.
#[test]
fn a_stock_omni_node_can_run_this_runtime() {
	// `frame-metadata`, as FRAME re-exports it.
	use frame_support::__private::metadata::{
		v14::{RuntimeMetadataV14, StorageEntryType},
		RuntimeMetadata,
	};
	use scale_info::{form::PortableForm, Type, TypeDef, TypeDefPrimitive};
	use sp_api::RuntimeApiInfo;

	fn plain_storage<'a>(
		metadata: &'a RuntimeMetadataV14,
		pallet: &str,
		entry: &str,
	) -> Option<&'a Type<PortableForm>> {
		let pallet = metadata.pallets.iter().find(|p| p.name == pallet)?;
		let entry = pallet.storage.as_ref()?.entries.iter().find(|e| e.name == entry)?;
		match &entry.ty {
			StorageEntryType::Plain(ty) => metadata.types.resolve(ty.id),
			StorageEntryType::Map { .. } => None,
		}
	}

	// The node's own types, with which it encodes RPC calls into the runtime: 32-byte accounts,
	// u128 balances, u32 nonces and u32 block numbers. These only compile if they match.
	let _: fn(AccountId) -> sp_runtime::AccountId32 = |account| account;
	let _: fn(Balance) -> u128 = |balance| balance;
	let _: fn(Nonce) -> u32 = |nonce| nonce;
	let _: fn(BlockNumber) -> u32 = |number| number;

	// Some constants read the parameters' storage (`cpcParameters`), as a node does at a block.
	let metadata = preset_ext(DEV_RUNTIME_PRESET).execute_with(|| Runtime::metadata().1);
	let RuntimeMetadata::V14(metadata) = metadata else {
		panic!("the runtime's metadata is V14");
	};
	let number = plain_storage(&metadata, "System", "Number").expect("System::Number");
	assert_eq!(number.type_def, TypeDef::Primitive(TypeDefPrimitive::U32));
	assert!(metadata.pallets.iter().any(|p| p.name == "ParachainSystem"));
	let authorities = plain_storage(&metadata, "Aura", "Authorities").expect("Aura::Authorities");
	let authority = authorities
		.type_params
		.first()
		.and_then(|param| param.ty)
		.and_then(|ty| metadata.types.resolve(ty.id))
		.expect("the type of Aura's authorities");
	assert!(
		authority.path.segments.iter().any(|segment| segment.contains("sr25519")),
		"Aura's authority type: {:?}",
		authority.path.segments
	);

	let version_of =
		|id: [u8; 8]| VERSION.apis.iter().find(|(api, _)| *api == id).map(|(_, version)| *version);
	let needed: [(&str, [u8; 8], u32); 14] =
		[
			("Core", <dyn sp_api::Core<Block>>::ID, 1),
			("Metadata", <dyn sp_api::Metadata<Block>>::ID, 1),
			("BlockBuilder", <dyn sp_block_builder::BlockBuilder<Block>>::ID, 1),
			(
				"TaggedTransactionQueue",
				<dyn sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block>>::ID,
				1,
			),
			("OffchainWorkerApi", <dyn sp_offchain::OffchainWorkerApi<Block>>::ID, 1),
			("SessionKeys", <dyn sp_session::SessionKeys<Block>>::ID, 1),
			("GenesisBuilder", <dyn sp_genesis_builder::GenesisBuilder<Block>>::ID, 1),
			("AuraApi", <dyn sp_consensus_aura::AuraApi<Block, AuraId>>::ID, 1),
			// Version 2 takes the relay chain slot, which the lookahead collator then passes.
			(
				"AuraUnincludedSegmentApi",
				<dyn cumulus_primitives_aura::AuraUnincludedSegmentApi<Block>>::ID,
				2,
			),
			// Version 2 takes the header: the collator service calls the older one otherwise.
			(
				"CollectCollationInfo",
				<dyn cumulus_primitives_core::CollectCollationInfo<Block>>::ID,
				2,
			),
			("GetParachainInfo", <dyn cumulus_primitives_core::GetParachainInfo<Block>>::ID, 1),
			(
				"KeyToIncludeInRelayProof",
				<dyn cumulus_primitives_core::KeyToIncludeInRelayProof<Block>>::ID,
				1,
			),
			(
				"AccountNonceApi",
				<dyn frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce>>::ID,
				1,
			),
			(
				"TransactionPaymentApi",
				<dyn pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<
					Block,
					Balance,
				>>::ID,
				1,
			),
		];
	for (name, id, at_least) in needed {
		let version = version_of(id).unwrap_or_else(|| panic!("the runtime lacks {name}"));
		assert!(version >= at_least, "{name} is at version {version}, below {at_least}");
	}
}

#[test]
fn a_record_takes_under_300_bytes_whatever_its_data() {
	use codec::MaxEncodedLen;
	// The value's bound; the keys of the record and of its owner-index entry come on top and
	// do not depend on the data either.
	assert!(RecordOf::max_encoded_len() < 300, "{} bytes", RecordOf::max_encoded_len());
}

#[test]
fn deposits_cover_what_users_store() {
	use codec::MaxEncodedLen;
	use configs::data_registry::{DeviceDeposit, RecordDeposit, UmbralKeyDeposit};
	assert!(RecordDeposit::get() >= deposit(2, RecordOf::max_encoded_len() as u32));
	assert!(DeviceDeposit::get() >= deposit(3, DeviceOf::max_encoded_len() as u32));
	assert!(UmbralKeyDeposit::get() > EXISTENTIAL_DEPOSIT);

	use configs::access_grants::{GrantDeposit, ListingDeposit, RequestDeposit};
	assert!(ListingDeposit::get() >= deposit(2, ListingOf::max_encoded_len() as u32));
	assert!(RequestDeposit::get() >= deposit(3, RequestOf::max_encoded_len() as u32));
	assert!(GrantDeposit::get() >= deposit(2, GrantOf::max_encoded_len() as u32));
	// A grant's sealed key fragments make it the largest thing users store: still well under
	// a CPC.
	assert!(GrantDeposit::get() < CPC, "{}", GrantDeposit::get());
}

#[test]
fn development_proxies_are_charlie_dave_and_eve() {
	use frame_support::traits::{fungible::InspectHold, SortedMembers};
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let mut expected: Vec<AccountId> =
			genesis_config_presets::dev_proxies().iter().map(|k| k.to_account_id()).collect();
		expected.sort();
		assert_eq!(Committee::sorted_members(), expected);
		assert!(<Committee as SortedMembers<AccountId>>::contains(
			&Sr25519Keyring::Dave.to_account_id()
		));
		let bond = pallet_cpc_parameters::Committee::<Runtime>::get().min_bond;
		assert_eq!(
			Balances::balance_on_hold(
				&pallet_committee::HoldReason::CandidacyBond.into(),
				&Sr25519Keyring::Eve.to_account_id()
			),
			bond
		);
	});
}

#[test]
fn the_market_reads_records_and_keys_from_the_data_registry() {
	use configs::access_grants::Registry;
	use cpchain_primitives::{record::RecordId, umbral::UmbralPublicKey};
	use pallet_access_grants::DataSource;
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(Registry::umbral_key(&alice), None);
		// The secp256k1 generator, compressed: a valid key.
		let key = [
			0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce,
			0x87, 0x0b, 0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81,
			0x5b, 0x16, 0xf8, 0x17, 0x98,
		];
		assert_ok!(DataRegistry::set_umbral_key(
			RuntimeOrigin::signed(alice.clone()),
			UmbralPublicKey(key)
		));
		assert_eq!(Registry::umbral_key(&alice), Some(UmbralPublicKey(key)));
		assert_eq!(Registry::device_owner(0), None);
		assert_eq!(Registry::record(&RecordId { device: 0, interval: 0 }), None);
		assert!(Registry::records_of_device(0, None, 10).is_empty());
	});
}

#[test]
fn the_gateway_signs_transactions_the_runtime_accepts() {
	use frame_system::offchain::CreateSignedTransaction;
	use sp_runtime::{transaction_validity::TransactionSource, MultiSigner};

	let mut ext = preset_ext(DEV_RUNTIME_PRESET);
	let keystore = sp_keystore::testing::MemoryKeystore::new();
	let public = sp_keystore::Keystore::sr25519_generate_new(
		&keystore,
		pallet_data_registry::GATEWAY_KEY_TYPE,
		Some("//Alice"),
	)
	.unwrap();
	ext.register_extension(sp_keystore::KeystoreExt::new(keystore));
	ext.execute_with(|| {
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		let xt = <Runtime as CreateSignedTransaction<RuntimeCall>>::create_signed_transaction::<
			pallet_data_registry::gateway_crypto::GatewayId,
		>(call, MultiSigner::from(public), Sr25519Keyring::Alice.to_account_id(), 0)
		.expect("the keystore holds the key");
		assert_ok!(Executive::validate_transaction(
			TransactionSource::Local,
			xt,
			System::parent_hash()
		));
	});
}

mod committee {
	use super::*;
	use crate::configs::committee::{AuraEquivocation, CommitteeInputs, RelayRandomness};
	use pallet_committee::{ElectionRandomness, EquivocationCheck};
	use sp_consensus_aura::{digests::CompatibleDigestItem, Slot};
	use sp_consensus_slots::EquivocationProof;
	use sp_runtime::{traits::Header as _, DigestItem};

	/// A header at `number` in `slot`, built on this chain's block `number - 1` (as the test
	/// set it up), sealed by `author`'s key; `salt` tells forks apart.
	fn sealed(author: Sr25519Keyring, number: BlockNumber, slot: u64, salt: u8) -> Header {
		let parent = System::block_hash(number - 1);
		sealed_on(author, number, parent, slot, salt)
	}

	fn sealed_on(
		author: Sr25519Keyring,
		number: BlockNumber,
		parent: Hash,
		slot: u64,
		salt: u8,
	) -> Header {
		let mut header =
			Header::new(number, Default::default(), [salt; 32].into(), parent, Default::default());
		header.digest_mut().push(<DigestItem as CompatibleDigestItem<
			sp_consensus_aura::sr25519::AuthoritySignature,
		>>::aura_pre_digest(Slot::from(slot)));
		let signature = sp_core::Pair::sign(&author.pair(), header.hash().as_ref());
		header.digest_mut().push(<DigestItem as CompatibleDigestItem<
			sp_consensus_aura::sr25519::AuthoritySignature,
		>>::aura_seal(signature.into()));
		header
	}

	fn proof(
		offender: Sr25519Keyring,
		first: Header,
		second: Header,
	) -> EquivocationProof<Header, AuraId> {
		EquivocationProof {
			offender: offender.public().into(),
			slot: 7.into(),
			first_header: first,
			second_header: second,
		}
	}

	/// Blocks 1..=9 of this chain, the last in slot 10.
	fn chain_at_slot_ten() {
		for number in 1..10u32 {
			frame_system::BlockHash::<Runtime>::insert(number, Hash::repeat_byte(number as u8));
		}
		System::set_block_number(10);
		pallet_aura::CurrentSlot::<Runtime>::put(Slot::from(10));
	}

	#[test]
	fn an_aura_equivocation_is_two_blocks_of_one_height_sealed_in_one_slot() {
		use Sr25519Keyring::{Charlie, Dave, Ferdie};
		preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
			chain_at_slot_ten();
			let charlie = Charlie.to_account_id();
			let good = proof(Charlie, sealed(Charlie, 5, 7, 1), sealed(Charlie, 5, 7, 2));
			assert_eq!(AuraEquivocation::check(&good), Some((charlie.clone(), 7)));
			// The same block twice; two heights (async backing); another slot; another sealer;
			// a key no one registered.
			let cases = [
				proof(Charlie, sealed(Charlie, 5, 7, 1), sealed(Charlie, 5, 7, 1)),
				proof(Charlie, sealed(Charlie, 5, 7, 1), sealed(Charlie, 6, 7, 2)),
				proof(Charlie, sealed(Charlie, 5, 7, 1), sealed(Charlie, 5, 8, 2)),
				proof(Charlie, sealed(Charlie, 5, 7, 1), sealed(Dave, 5, 7, 2)),
				proof(Ferdie, sealed(Ferdie, 5, 7, 1), sealed(Ferdie, 5, 7, 2)),
			];
			for case in cases {
				assert_eq!(AuraEquivocation::check(&case), None);
			}
			// Two blocks of another chain (or a fork this chain does not know), and two built on
			// different parents.
			let elsewhere = Hash::repeat_byte(0xee);
			let foreign = proof(
				Charlie,
				sealed_on(Charlie, 5, elsewhere, 7, 1),
				sealed_on(Charlie, 5, elsewhere, 7, 2),
			);
			assert_eq!(AuraEquivocation::check(&foreign), None);
			let split =
				proof(Charlie, sealed(Charlie, 5, 7, 1), sealed_on(Charlie, 5, elsewhere, 7, 2));
			assert_eq!(AuraEquivocation::check(&split), None);
			// A slot not yet reached, and one older than the reporting window.
			let future = EquivocationProof {
				slot: 11.into(),
				..proof(Charlie, sealed(Charlie, 5, 11, 1), sealed(Charlie, 5, 11, 2))
			};
			assert_eq!(AuraEquivocation::check(&future), None);
			let window = crate::configs::committee::EquivocationReportWindow::get();
			pallet_aura::CurrentSlot::<Runtime>::put(Slot::from(7 + window + 1));
			assert_eq!(AuraEquivocation::check(&good), None, "too old to report");
			pallet_aura::CurrentSlot::<Runtime>::put(Slot::from(7 + window));
			assert_eq!(AuraEquivocation::check(&good), Some((charlie.clone(), 7)));
			// Reported through the pallet: Charlie's credit is zeroed and part of its bond goes.
			let bond = pallet_cpc_parameters::Committee::<Runtime>::get().min_bond;
			assert_ok!(Committee::report_equivocation(
				RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id()),
				Box::new(good)
			));
			let record =
				pallet_committee::Candidates::<Runtime>::get(Charlie.to_account_id()).unwrap();
			assert_eq!(record.credit.total, 0);
			assert_eq!(record.bond, bond - Perbill::from_percent(20) * bond);
		});
	}

	#[test]
	fn the_relay_chain_s_epoch_randomness_is_kept_for_elections() {
		use cumulus_pallet_parachain_system::{OnSystemEvent, RelayChainStateProof};
		preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
			assert_eq!(RelayRandomness::random_value(), None);
			let builder = cumulus_test_relay_sproof_builder::RelayStateSproofBuilder {
				para_id: PARACHAIN_ID.into(),
				randomness: [9; 32].into(),
				..Default::default()
			};
			let (root, proof) = builder.into_state_root_and_proof();
			let proof = RelayChainStateProof::new(PARACHAIN_ID.into(), root, proof).unwrap();
			RelayRandomness::on_relay_state_proof(&proof);
			assert_eq!(RelayRandomness::random_value(), Some([9; 32]));
		});
	}

	#[test]
	fn authorship_the_market_and_the_registry_feed_the_committee() {
		use pallet_access_grants::SharingObserver;
		use pallet_authorship::EventHandler;
		use pallet_data_registry::RecordObserver;
		preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
			let eve = Sr25519Keyring::Eve.to_account_id();
			let (alice, bob) =
				(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
			CommitteeInputs::note_author(eve.clone());
			CommitteeInputs::cfrag_accepted(&eve, &alice, &bob);
			// Eve's own data: not service to others.
			CommitteeInputs::cfrag_accepted(&eve, &eve, &bob);
			// Bob bought Eve's data; Eve and Charlie delivered it, 21 each.
			let charlie = Sr25519Keyring::Charlie.to_account_id();
			CommitteeInputs::part_settled(&eve, &bob, &[eve.clone(), charlie], 21);
			// A removal lowers the records Eve held through the session (none yet).
			CommitteeInputs::record_removed(&eve);
			let record = pallet_committee::Candidates::<Runtime>::get(&eve).unwrap();
			let current = record.current;
			assert_eq!((current.authored, current.cfrags, current.sold), (1, 1, 21));
			assert_eq!(record.records_low, 0);
			let bond = pallet_cpc_parameters::Committee::<Runtime>::get().min_bond;
			CommitteeInputs::cfrag_rejected(&eve, 0);
			let record = pallet_committee::Candidates::<Runtime>::get(&eve).unwrap();
			assert_eq!(record.current.invalid_cfrags, 1);
			assert_eq!(record.bond, bond - Perbill::from_percent(1) * bond);
		});
	}
}
