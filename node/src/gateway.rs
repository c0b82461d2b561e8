//! The gateway side of the node: the `gateway_*` RPC methods that take devices' readings, and
//! the start-up settings of the data registry's offchain worker.
//!
//! Readings are checked and stored by the runtime itself (`DataRegistryApi::submit_readings`,
//! called with this node's offchain database), so the node holds no rules of its own.

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
	/// `open`, `uploaded` or `submitted`.
	pub state: String,
	/// The blob's CID once uploaded.
	pub cid: Option<String>,
}

/// The gateway's RPC methods.
#[rpc(server, namespace = "gateway")]
pub trait GatewayApi {
	/// Checks a device's readings against the chain (registered device, device signature, size,
	/// open interval) and queues them for the interval's record. Returns how many were stored.
	#[method(name = "submitReadings")]
	fn submit_readings(&self, device: DeviceId, readings: Vec<ReadingJson>) -> RpcResult<u32>;

	/// The batches waiting to become records.
	#[method(name = "batches")]
	fn batches(&self) -> RpcResult<Vec<BatchJson>>;
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
}

/// JSON-RPC error codes of the gateway methods.
const INVALID_READINGS: i32 = 1001;
const RUNTIME_ERROR: i32 = 1002;

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

#[async_trait]
impl<C, S> GatewayApiServer for Gateway<C, S>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DataRegistryApi<Block, AccountId, DeviceOf, RecordOf>,
	S: OffchainStorage + 'static,
{
	fn submit_readings(&self, device: DeviceId, readings: Vec<ReadingJson>) -> RpcResult<u32> {
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
				let state = match batch.state {
					worker::BatchState::Open => "open",
					worker::BatchState::Uploaded(_) => "uploaded",
					worker::BatchState::Submitted { .. } => "submitted",
				};
				BatchJson {
					device,
					interval,
					readings: batch.readings,
					state: state.into(),
					cid: batch.state.upload().map(|upload| upload.cid.to_text()),
				}
			})
			.collect())
	}
}

/// Tells the offchain worker where the IPFS RPC API is.
pub fn set_ipfs_api(storage: impl OffchainStorage + 'static, url: &str) {
	OffchainDb::new(storage).local_storage_set(
		StorageKind::PERSISTENT,
		worker::IPFS_API_KEY,
		&url.as_bytes().to_vec().encode(),
	);
}
