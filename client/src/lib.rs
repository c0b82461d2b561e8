//! # cpchain client
//!
//! The library behind the `cpchain` command: keys ([`keys`]), the chain ([`chain`]: typed
//! transactions and runtime-API queries over the node's JSON-RPC, built from the runtime's own
//! types), IPFS ([`ipfs`]: the Kubo RPC API through `ipfs-api-backend-hyper`), the data
//! workflows ([`data`]: encrypt, upload, register; fetch, check, decrypt as owner or buyer), the
//! market ([`market`]: list, buy, approve, revoke), and the long-running workers ([`proxy`]:
//! re-encryption for grants; [`worker`]: the reconnecting loop they and the auto-approver run
//! in).

use std::path::PathBuf;

use cpchain_primitives::record::{DeviceId, RecordId};

pub mod chain;
pub mod data;
pub mod device;
pub mod ipfs;
pub mod keys;
pub mod market;
pub mod proxy;
pub mod worker;

/// What went wrong, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The node did not answer.
	#[error("cannot reach the CPChain node at {0}: {1} (is `cpchain-node` running?)")]
	NodeUnreachable(String, String),
	/// IPFS did not answer.
	#[error("cannot reach the IPFS API at {0}: {1} (is the IPFS daemon running?)")]
	IpfsUnreachable(String, String),
	/// No keys file.
	#[error("no keys file at {0}; create one with `cpchain keys generate`")]
	NoKeys(PathBuf),
	/// The keys file is readable by others.
	#[error("the keys file {0} may be read by other users; run `chmod 600` on it")]
	KeysReadableByOthers(PathBuf),
	/// The keys file does not parse.
	#[error("the keys file {0} is damaged: {1}")]
	BadKeys(PathBuf, String),
	/// A secret phrase or URI does not parse.
	#[error("bad secret key: {0}")]
	BadSecret(String),
	/// The keys file has no key for a device.
	#[error("the keys file has no key for device {0}")]
	NoDeviceKey(DeviceId),
	/// No such device on chain.
	#[error("device {0} is not registered")]
	UnknownDevice(DeviceId),
	/// No such record on chain.
	#[error("there is no record {0}")]
	UnknownRecord(RecordId),
	/// The node refused the transaction before it entered a block.
	#[error("the node refused the transaction: {0}")]
	Rejected(String),
	/// The transaction failed in its block.
	#[error("the transaction failed: {0}")]
	Failed(String),
	/// What IPFS returned is not what the record names.
	#[error("the blob IPFS returned for record {0} does not match the record's hash")]
	HashMismatch(RecordId),
	/// The key cannot open the blob and no proxy delivered for this reader.
	#[error(
		"cannot decrypt record {0}: it is not encrypted to this keys file's Umbral key and no \
		 proxy delivered it to you (buy access with `cpchain market buy`)"
	)]
	NotDecryptable(RecordId),
	/// Some but not enough fragments have arrived.
	#[error("record {0}: not enough proxies have delivered yet; try again shortly")]
	AwaitingProxies(RecordId),
	/// A file could not be read or written.
	#[error("{0}: {1}")]
	Io(PathBuf, std::io::Error),
	/// IPFS answered with an error.
	#[error("IPFS: {0}")]
	Ipfs(String),
	/// The node answered with an error.
	#[error("node: {0}")]
	Rpc(String),
	/// Anything else.
	#[error("{0}")]
	Other(String),
}
