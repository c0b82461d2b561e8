//! The chain, over the node's JSON-RPC (WebSocket): signed transactions built and decoded
//! with the runtime's own types, runtime-API calls and storage reads.

use std::time::Duration;

use codec::{Decode, Encode};
use cpchain_primitives::{
	interval::IntervalIndex,
	record::{DeviceId, Reading, RecordId},
	umbral::UmbralPublicKey,
};
use cpchain_runtime::{
	AccountId, DeviceOf, Nonce, RecordOf, Runtime, RuntimeCall, RuntimeError, RuntimeEvent,
	SignedPayload, UncheckedExtrinsic,
};
use frame_system::{EventRecord, Phase};
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value;
use sp_core::{crypto::Ss58Codec, sr25519, Bytes, Pair, H256};
use sp_runtime::{
	generic::Era, traits::IdentifyAccount, MultiAddress, MultiSignature, MultiSigner,
};

use crate::Error;

/// How long a transaction may take to reach a block.
const INCLUSION_TIMEOUT: Duration = Duration::from_secs(120);

/// A connection to a CPChain node.
pub struct Chain {
	rpc: WsClient,
	/// The chain's genesis hash, which transactions and device statements name.
	pub genesis: H256,
	spec_version: u32,
	transaction_version: u32,
}

/// The account of an sr25519 key.
pub fn account_of(public: sr25519::Public) -> AccountId {
	MultiSigner::from(public).into_account()
}

fn rpc_error(error: jsonrpsee::core::ClientError) -> Error {
	match error {
		jsonrpsee::core::ClientError::Call(call) => Error::Rpc(call.message().to_string()),
		other => Error::Rpc(other.to_string()),
	}
}

impl Chain {
	/// Connects to the node at `url` (`ws://127.0.0.1:9944`).
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let unreachable =
			|e: &dyn std::fmt::Display| Error::NodeUnreachable(url.into(), e.to_string());
		let rpc = WsClientBuilder::default()
			.max_request_size(16 << 20)
			.max_response_size(64 << 20)
			.connection_timeout(Duration::from_secs(10))
			.build(url)
			.await
			.map_err(|e| unreachable(&e))?;
		let genesis: H256 =
			rpc.request("chain_getBlockHash", rpc_params![0]).await.map_err(|e| unreachable(&e))?;
		let version: Value = rpc
			.request("state_getRuntimeVersion", rpc_params![])
			.await
			.map_err(|e| unreachable(&e))?;
		let number = |field: &str| {
			version[field]
				.as_u64()
				.map(|n| n as u32)
				.ok_or_else(|| Error::Rpc(format!("the runtime version lacks {field}")))
		};
		Ok(Self {
			spec_version: number("specVersion")?,
			transaction_version: number("transactionVersion")?,
			genesis,
			rpc,
		})
	}

	/// Calls a runtime API method (`DataRegistryApi_record`) at the best block.
	pub async fn runtime_call<R: Decode>(
		&self,
		method: &str,
		args: impl Encode,
	) -> Result<R, Error> {
		let bytes: Bytes = self
			.rpc
			.request("state_call", rpc_params![method, Bytes(args.encode())])
			.await
			.map_err(rpc_error)?;
		R::decode(&mut &bytes[..])
			.map_err(|e| Error::Rpc(format!("{method} answered something else: {e}")))
	}

	/// Reads a storage value at `at` (the best block if `None`).
	pub async fn storage<R: Decode>(
		&self,
		key: &[u8],
		at: Option<H256>,
	) -> Result<Option<R>, Error> {
		let bytes: Option<Bytes> = self
			.rpc
			.request("state_getStorage", rpc_params![Bytes(key.to_vec()), at])
			.await
			.map_err(rpc_error)?;
		bytes
			.map(|bytes| R::decode(&mut &bytes[..]).map_err(|e| Error::Rpc(e.to_string())))
			.transpose()
	}

	/// The chain's clock at the best block, in milliseconds since the Unix epoch.
	pub async fn now_ms(&self) -> Result<u64, Error> {
		Ok(self.storage(&pallet_timestamp::Now::<Runtime>::hashed_key(), None).await?.unwrap_or(0))
	}

	/// An account's Umbral key.
	pub async fn umbral_key(&self, who: &AccountId) -> Result<Option<UmbralPublicKey>, Error> {
		self.runtime_call("DataRegistryApi_umbral_key", who).await
	}

	/// A device.
	pub async fn device(&self, device: DeviceId) -> Result<DeviceOf, Error> {
		self.runtime_call::<Option<DeviceOf>>("DataRegistryApi_device", device)
			.await?
			.ok_or(Error::UnknownDevice(device))
	}

	/// All of an owner's devices.
	pub async fn devices_of(&self, owner: &AccountId) -> Result<Vec<DeviceId>, Error> {
		self.pages(|after| self.runtime_call("DataRegistryApi_devices_of", (owner, after, PAGE)))
			.await
	}

	/// A record.
	pub async fn record(&self, record: RecordId) -> Result<RecordOf, Error> {
		self.runtime_call::<Option<RecordOf>>("DataRegistryApi_record", record)
			.await?
			.ok_or(Error::UnknownRecord(record))
	}

	/// All of an owner's records.
	pub async fn records_of_owner(&self, owner: &AccountId) -> Result<Vec<RecordId>, Error> {
		self.pages(|after| {
			self.runtime_call("DataRegistryApi_records_of_owner", (owner, after, PAGE))
		})
		.await
	}

	/// All of a device's recorded intervals.
	pub async fn records_of_device(&self, device: DeviceId) -> Result<Vec<IntervalIndex>, Error> {
		self.pages(|after| {
			self.runtime_call("DataRegistryApi_records_of_device", (device, after, PAGE))
		})
		.await
	}

	/// Collects every page of a paged runtime-API listing.
	pub(crate) async fn pages<K: Copy, F, Fut>(&self, page: F) -> Result<Vec<K>, Error>
	where
		F: Fn(Option<K>) -> Fut,
		Fut: std::future::Future<Output = Result<Vec<K>, Error>>,
	{
		let mut all = Vec::new();
		let mut after = None;
		loop {
			let next = page(after).await?;
			let full = next.len() == PAGE as usize;
			after = next.last().copied();
			all.extend(next);
			if !full {
				return Ok(all);
			}
		}
	}

	/// Puts a key into the node's keystore (`author_insertKey`; the node must allow unsafe RPC
	/// methods, as a local node does).
	pub async fn insert_key(&self, key_type: &str, suri: &str, public: &[u8]) -> Result<(), Error> {
		self.rpc
			.request::<Value, _>(
				"author_insertKey",
				rpc_params![key_type, suri, Bytes(public.to_vec())],
			)
			.await
			.map(|_| ())
			.map_err(rpc_error)
	}

	/// Hands readings to the node's gateway (`gateway_submitReadings`).
	pub async fn submit_readings(
		&self,
		device: DeviceId,
		readings: &[Reading],
	) -> Result<u32, Error> {
		let readings: Vec<Value> = readings
			.iter()
			.map(|reading| {
				serde_json::json!({
					"timestampMs": reading.timestamp_ms,
					"payload": Bytes(reading.payload.clone()),
					"signature": Bytes(reading.signature.to_vec()),
				})
			})
			.collect();
		self.rpc
			.request("gateway_submitReadings", rpc_params![device, readings])
			.await
			.map_err(rpc_error)
	}

	/// The batches the node's gateway holds (`gateway_batches`), as the node reports them.
	pub async fn gateway_batches(&self) -> Result<Vec<Value>, Error> {
		self.rpc.request("gateway_batches", rpc_params![]).await.map_err(rpc_error)
	}

	/// Retries or drops one of the gateway's dead letters: `method` is `gateway_retryBatch` or
	/// `gateway_dropBatch`.
	pub async fn gateway_dead_letter(&self, method: &str, record: RecordId) -> Result<(), Error> {
		self.rpc
			.request::<Value, _>(method, rpc_params![record.device, record.interval])
			.await
			.map(|_| ())
			.map_err(rpc_error)
	}

	/// The best block's number and hash.
	pub async fn best_block(&self) -> Result<(u64, H256), Error> {
		let header: Value =
			self.rpc.request("chain_getHeader", rpc_params![]).await.map_err(rpc_error)?;
		let number = header["number"]
			.as_str()
			.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
			.ok_or_else(|| Error::Rpc("the header has no number".into()))?;
		let hash: H256 =
			self.rpc.request("chain_getBlockHash", rpc_params![number]).await.map_err(rpc_error)?;
		Ok((number, hash))
	}

	/// A mortal era of about `period` blocks starting at the best block: a transaction signed
	/// in it cannot be included after [`Mortality::death`], so it is safe to send again then.
	pub async fn mortality(&self, period: u64) -> Result<Mortality, Error> {
		let (number, _) = self.best_block().await?;
		let era = Era::mortal(period, number);
		let birth = era.birth(number);
		let birth_hash: H256 =
			self.rpc.request("chain_getBlockHash", rpc_params![birth]).await.map_err(rpc_error)?;
		Ok(Mortality { era, birth_hash, death: era.death(number) })
	}

	/// Signs `call` with `signer`, submits it and waits for its block. Returns the events it
	/// emitted, or why it failed.
	pub async fn submit(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
	) -> Result<Vec<RuntimeEvent>, Error> {
		self.submit_in(signer, call, None).await
	}

	/// [`Chain::submit`], in a mortal era if one is given (immortal otherwise).
	pub async fn submit_in(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
		mortality: Option<&Mortality>,
	) -> Result<Vec<RuntimeEvent>, Error> {
		let account = account_of(signer.public());
		let nonce: Nonce = self
			.rpc
			.request("system_accountNextIndex", rpc_params![account.to_ss58check()])
			.await
			.map_err(rpc_error)?;
		let (era, era_block) = match mortality {
			Some(mortality) => (mortality.era, mortality.birth_hash),
			None => (Era::Immortal, self.genesis),
		};
		let extension = cpchain_runtime::tx_extension(nonce, era);
		// What the extension implies: spec and transaction versions, genesis hash, and the
		// era's first block (the genesis for an immortal transaction).
		let implicit =
			((), self.spec_version, self.transaction_version, self.genesis, era_block, (), ());
		let payload = SignedPayload::from_raw(call, extension, implicit);
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		let (call, extension, _) = payload.deconstruct();
		let transaction = UncheckedExtrinsic::new_signed(
			call,
			MultiAddress::Id(account),
			MultiSignature::Sr25519(signature),
			extension,
		)
		.encode();

		let mut status: Subscription<Value> = self
			.rpc
			.subscribe(
				"author_submitAndWatchExtrinsic",
				rpc_params![Bytes(transaction.clone())],
				"author_unwatchExtrinsic",
			)
			.await
			.map_err(|e| match rpc_error(e) {
				Error::Rpc(message) => Error::Rejected(message),
				other => other,
			})?;
		let block = tokio::time::timeout(INCLUSION_TIMEOUT, async {
			while let Some(update) = status.next().await {
				let update = update.map_err(|e| Error::Rpc(e.to_string()))?;
				if let Some(hash) = update.get("inBlock").or_else(|| update.get("finalized")) {
					return serde_json::from_value::<H256>(hash.clone())
						.map_err(|e| Error::Rpc(e.to_string()));
				}
				if let Some(outcome) = ["invalid", "dropped", "usurped"]
					.into_iter()
					.find(|outcome| update == *outcome || update.get(outcome).is_some())
				{
					return Err(Error::Rejected(format!("the transaction was {outcome}")));
				}
			}
			Err(Error::Rejected("the node stopped reporting on the transaction".into()))
		})
		.await
		.map_err(|_| Error::Rejected("the transaction did not reach a block in time".into()))??;

		let body: Value =
			self.rpc.request("chain_getBlock", rpc_params![block]).await.map_err(rpc_error)?;
		let wanted = format!("0x{}", hex::encode(&transaction));
		let index = body["block"]["extrinsics"]
			.as_array()
			.and_then(|all| all.iter().position(|xt| xt.as_str() == Some(wanted.as_str())))
			.ok_or_else(|| Error::Rpc("the transaction is not in the block reported".into()))?;
		let events: Vec<EventRecord<RuntimeEvent, H256>> =
			self.storage(&events_key(), Some(block)).await?.unwrap_or_default();
		let events: Vec<RuntimeEvent> = events
			.into_iter()
			.filter(|record| record.phase == Phase::ApplyExtrinsic(index as u32))
			.map(|record| record.event)
			.collect();
		for event in &events {
			if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error,
				..
			}) = event
			{
				let reason = match RuntimeError::from_dispatch_error(*dispatch_error) {
					Some(error) => format!("{error:?}"),
					None => format!("{dispatch_error:?}"),
				};
				return Err(Error::Failed(reason));
			}
		}
		Ok(events)
	}
}

/// The first event `pick` recognises among `events`; `what` names it if none is there.
pub fn find_event<T>(
	events: &[RuntimeEvent],
	what: &str,
	pick: impl Fn(&RuntimeEvent) -> Option<T>,
) -> Result<T, Error> {
	events.iter().find_map(pick).ok_or_else(|| Error::Rpc(format!("no {what} event")))
}

/// The era a transaction is valid in.
#[derive(Clone, Copy, Debug)]
pub struct Mortality {
	/// The era.
	pub era: Era,
	/// The hash of its first block.
	pub birth_hash: H256,
	/// The first block in which a transaction of this era is no longer valid.
	pub death: u64,
}

/// Ids per runtime-API page.
pub(crate) const PAGE: u32 = 500;

/// The storage key of `System::Events`.
fn events_key() -> Vec<u8> {
	[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat()
}
