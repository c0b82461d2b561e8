//! The gateway side of the node: the `gateway_*` RPC methods that take devices' readings, and
//! the start-up settings of the data registry's offchain worker.
//!
//! Readings are checked and stored by the runtime itself (`DataRegistryApi::submit_readings`,
//! called with this node's offchain database), so the node holds no rules of its own.
//!
//! The methods that change what the gateway stores (`gateway_submitReadings`,
//! `gateway_retryBatch`, `gateway_dropBatch`) are unsafe: a node serving RPC with
//! `--rpc-methods safe` (the default when it listens beyond 127.0.0.1) refuses them, so devices
//! reach them only through an endpoint the operator opened for them.

use std::sync::Arc;

use codec::Encode;
use cpchain_primitives::record::{DeviceId, Reading, RecordId};
use cpchain_runtime::pallet_data_registry::runtime_api::DataRegistryApi;
use cpchain_runtime::{
	opaque::Block, pallet_data_registry::gateway as worker, AccountId, DeviceOf, RecordOf,
};
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObjectOwned,
	Extensions,
};
use serde::{Deserialize, Serialize};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::{
	offchain::{storage::OffchainDb, DbExternalities, OffchainDbExt, OffchainStorage, StorageKind},
	Bytes,
};
use sp_runtime::traits::Block as BlockT;

/// One reading as JSON: `{ "timestampMs": 1732500000000, "payload": "0x…", "signature": "0x…" }`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadingJson {
	/// Milliseconds since the Unix epoch.
	pub timestamp_ms: u64,
	/// The measurement.
	pub payload: Bytes,
	/// The device's sr25519 signature over the reading statement (64 bytes).
	pub signature: Bytes,
}

/// A batch the gateway holds, as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchJson {
	/// The device.
	pub device: DeviceId,
	/// The interval.
	pub interval: u64,
	/// Readings in it.
	pub readings: u32,
	/// Bytes they take in the gateway's storage.
	pub bytes: u32,
	/// `open`, `uploaded`, `submitted`, or `dead` for a dead letter.
	pub state: String,
	/// The blob's CID once uploaded.
	pub cid: Option<String>,
	/// Why the worker gave up on a dead letter, such as `NoGatewayKey`.
	pub reason: Option<String>,
	/// The block at which it gave up.
	pub dead_since: Option<u64>,
}

/// The gateway's RPC methods.
#[rpc(server, namespace = "gateway")]
pub trait GatewayApi {
	/// Checks a device's readings against the chain (registered device, device signature, size,
	/// open interval) and queues them for the interval's record. Returns how many were stored.
	/// Unsafe.
	#[method(name = "submitReadings", with_extensions)]
	fn submit_readings(&self, device: DeviceId, readings: Vec<ReadingJson>) -> RpcResult<u32>;

	/// The batches waiting to become records, dead letters included.
	#[method(name = "batches")]
	fn batches(&self) -> RpcResult<Vec<BatchJson>>;

	/// Puts a dead letter back in the worker's rounds, once its cause is mended. Unsafe.
	#[method(name = "retryBatch", with_extensions)]
	fn retry_batch(&self, device: DeviceId, interval: u64) -> RpcResult<()>;

	/// Deletes a dead letter and its readings. Unsafe.
	#[method(name = "dropBatch", with_extensions)]
	fn drop_batch(&self, device: DeviceId, interval: u64) -> RpcResult<()>;
}

/// Serves [`GatewayApiServer`] from the client and the offchain database.
pub struct Gateway<C, S> {
	client: Arc<C>,
	storage: S,
}

impl<C, S> Gateway<C, S> {
	/// A gateway over `client` and the node's offchain storage.
	pub fn new(client: Arc<C>, storage: S) -> Self {
		Self { client, storage }
	}
}

impl<C, S> Gateway<C, S>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	S: OffchainStorage + 'static,
{
	/// The runtime API at the best block, with this node's offchain database, where the
	/// gateway's batches live.
	fn api_with_offchain_db(&self) -> (sp_api::ApiRef<'_, C::Api>, <Block as BlockT>::Hash) {
		let mut api = self.client.runtime_api();
		api.register_extension(OffchainDbExt::new(OffchainDb::new(self.storage.clone())));
		(api, self.client.info().best_hash)
	}

	/// Retries or drops a dead letter (`act`), for an unsafe method.
	fn on_dead_letter(
		&self,
		ext: &Extensions,
		act: impl FnOnce(&C::Api, <Block as BlockT>::Hash) -> Result<bool, sp_api::ApiError>,
	) -> RpcResult<()> {
		check_if_safe(ext)?;
		let (api, best) = self.api_with_offchain_db();
		let done = act(&*api, best).map_err(|e| error(RUNTIME_ERROR, e.to_string()))?;
		done.then_some(()).ok_or_else(|| error(NOT_A_DEAD_LETTER, "not a dead letter"))
	}
}

/// JSON-RPC error codes of the gateway methods.
const INVALID_READINGS: i32 = 1001;
const RUNTIME_ERROR: i32 = 1002;
const NOT_A_DEAD_LETTER: i32 = 1003;

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

/// Refuses an unsafe call on an RPC endpoint serving safe methods only. The node's RPC server
/// always says which; a call that arrives without saying is refused too.
fn check_if_safe(ext: &Extensions) -> RpcResult<()> {
	match ext.get::<sc_rpc::DenyUnsafe>() {
		Some(sc_rpc::DenyUnsafe::No) => Ok(()),
		_ => Err(ErrorObjectOwned::owned(
			jsonrpsee::types::error::ErrorCode::MethodNotFound.code(),
			"RPC call is unsafe to be called externally",
			None::<()>,
		)),
	}
}

#[async_trait]
impl<C, S> GatewayApiServer for Gateway<C, S>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DataRegistryApi<Block, AccountId, DeviceOf, RecordOf>,
	S: OffchainStorage + 'static,
{
	fn submit_readings(
		&self,
		ext: &Extensions,
		device: DeviceId,
		readings: Vec<ReadingJson>,
	) -> RpcResult<u32> {
		check_if_safe(ext)?;
		let readings = readings
			.into_iter()
			.enumerate()
			.map(|(index, reading)| {
				let signature = <[u8; 64]>::try_from(&reading.signature.0[..]).map_err(|_| {
					error(INVALID_READINGS, format!("reading {index}: a signature is 64 bytes"))
				})?;
				Ok(Reading {
					timestamp_ms: reading.timestamp_ms,
					payload: reading.payload.0,
					signature,
				})
			})
			.collect::<RpcResult<Vec<_>>>()?;
		let (api, best) = self.api_with_offchain_db();
		api.submit_readings(best, device, readings)
			.map_err(|e| error(RUNTIME_ERROR, e.to_string()))?
			.map_err(|refusal| error(INVALID_READINGS, format!("{refusal:?}")))
	}

	fn batches(&self) -> RpcResult<Vec<BatchJson>> {
		let (api, best) = self.api_with_offchain_db();
		let batches = api.gateway_batches(best).map_err(|e| error(RUNTIME_ERROR, e.to_string()))?;
		Ok(batches
			.into_iter()
			.map(|batch| {
				let RecordId { device, interval } = batch.record;
				let state = match (&batch.dead, &batch.state) {
					(Some(_), _) => "dead",
					(None, worker::BatchState::Open) => "open",
					(None, worker::BatchState::Uploaded(_)) => "uploaded",
					(None, worker::BatchState::Submitted { .. }) => "submitted",
				};
				BatchJson {
					device,
					interval,
					readings: batch.readings,
					bytes: batch.bytes,
					state: state.into(),
					cid: batch.state.upload().map(|upload| upload.cid.to_text()),
					reason: batch.dead.map(|dead| format!("{:?}", dead.reason)),
					dead_since: batch.dead.map(|dead| dead.at),
				}
			})
			.collect())
	}

	fn retry_batch(&self, ext: &Extensions, device: DeviceId, interval: u64) -> RpcResult<()> {
		self.on_dead_letter(ext, |api, at| api.gateway_retry(at, RecordId { device, interval }))
	}

	fn drop_batch(&self, ext: &Extensions, device: DeviceId, interval: u64) -> RpcResult<()> {
		self.on_dead_letter(ext, |api, at| api.gateway_drop(at, RecordId { device, interval }))
	}
}

/// Readies the offchain worker's storage as the node starts: where the IPFS RPC API is, and no
/// worker lock. A lock found now was left by a node that died mid-pass (its deadline covers a
/// whole pass of uploads, minutes), and no worker of this process runs yet to hold it.
pub fn prepare_worker(storage: impl OffchainStorage + 'static, ipfs_api: &str) {
	let mut db = OffchainDb::new(storage);
	db.local_storage_set(
		StorageKind::PERSISTENT,
		worker::IPFS_API_KEY,
		&ipfs_api.as_bytes().to_vec().encode(),
	);
	db.local_storage_clear(StorageKind::PERSISTENT, worker::LOCK_KEY);
}
