//! Reading storage maps page by page, for runtime APIs that list what an account has.

use alloc::vec::Vec;
use frame_support::storage::{
	IterableStorageDoubleMap, IterableStorageMap, StorageDoubleMap, StorageMap,
};

/// Up to `limit` keys of a map after `after`, in storage order (the order of the hashed keys).
pub fn keys<Map, K, V>(after: Option<K>, limit: u32) -> Vec<K>
where
	Map: IterableStorageMap<K, V> + StorageMap<K, V>,
	K: codec::FullCodec,
	V: codec::FullCodec,
{
	let keys = match after {
		Some(after) => Map::iter_keys_from(Map::hashed_key_for(after)),
		None => Map::iter_keys(),
	};
	keys.take(limit as usize).collect()
}

/// Up to `limit` second keys under `first` in a double map, after `after` in storage order.
pub fn keys_under<Map, K1, K2, V>(first: &K1, after: Option<K2>, limit: u32) -> Vec<K2>
where
	Map: IterableStorageDoubleMap<K1, K2, V> + StorageDoubleMap<K1, K2, V>,
	K1: codec::FullCodec,
	K2: codec::FullCodec,
	V: codec::FullCodec,
{
	let keys = match after {
		Some(after) => Map::iter_key_prefix_from(first, Map::hashed_key_for(first, after)),
		None => Map::iter_key_prefix(first),
	};
	keys.take(limit as usize).collect()
}
