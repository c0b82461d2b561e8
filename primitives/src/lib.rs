//! # CPChain primitives
//!
//! `no_std` types shared by CPChain's pallets, runtime, node and client:
//!
//! - [`cid`]: the IPFS content identifier of an encrypted blob, bounded and checked;
//! - [`funds`]: which CPC may go on a hold that is paid to another account;
//! - [`parameters`]: what a pallet's section of governable parameters is;
//! - [`paging`]: listing storage maps page by page for runtime APIs;
//! - [`interval`]: the arithmetic of encryption intervals (one blob per device per interval);
//! - [`record`]: device and record ids, readings, and the statements a device signs;
//! - [`umbral`]: Umbral public keys, capsules and capsule fragments in the compact, bounded
//!   encodings the chain stores and verifies.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod cid;
pub mod funds;
pub mod interval;
pub mod paging;
pub mod parameters;
pub mod record;
pub mod umbral;
