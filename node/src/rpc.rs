//! The node's RPC methods beside Substrate's built-in ones (chain, state, author, system,
//! offchain): account nonces, fee queries, the `engine_*` seal commands (dev node only), and
//! the gateway's `gateway_*` methods.

use std::sync::Arc;

use cpchain_runtime::{
	opaque::Block, pallet_data_registry::runtime_api::DataRegistryApi, AccountId, Balance,
	DeviceOf, Nonce, RecordOf,
};
use futures::channel::mpsc;
use jsonrpsee::RpcModule;
use sc_consensus_manual_seal::{
	rpc::{ManualSeal, ManualSealApiServer},
	EngineCommand,
};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_core::offchain::OffchainStorage;

use crate::gateway::{Gateway, GatewayApiServer};

/// What the RPC methods need.
pub struct FullDeps<C, P, S> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// Where `engine_createBlock` sends its commands; `None` for a node that does not seal its
	/// own blocks (a parachain node following a relay chain), which serves no `engine_*`.
	pub seal: Option<SealSender>,
	/// The offchain database the gateway methods queue readings in, if the node has one.
	pub offchain_storage: Option<S>,
}

/// Where the dev node's `engine_*` methods send their commands: to its block production.
pub type SealSender = mpsc::Sender<EngineCommand<<Block as sp_runtime::traits::Block>::Hash>>;

/// Builds the RPC module.
pub fn create_full<C, P, S>(
	deps: FullDeps<C, P, S>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>
		+ DataRegistryApi<Block, AccountId, DeviceOf, RecordOf>,
	P: TransactionPool + 'static,
	S: OffchainStorage + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let FullDeps { client, pool, seal, offchain_storage } = deps;
	let mut module = RpcModule::new(());
	if let Some(storage) = offchain_storage {
		module.merge(Gateway::new(client.clone(), storage).into_rpc())?;
	}
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	if let Some(seal) = seal {
		module.merge(ManualSeal::new(seal).into_rpc())?;
	}
	Ok(module)
}
