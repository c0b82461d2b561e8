//! The draw: weighted random sampling without replacement (Efraimidis–Spirakis).
//!
//! Every candidate gets a lucky value `H(randomness ‖ account)`, read as `u` in (0, 1], and the
//! key `u^(1/credit)`; the largest keys win. Drawing seats one by one, each with probability
//! proportional to credit among those left, gives the same distribution. Comparing
//! `u^(1/credit)` is comparing `log2(u) / credit`, done here in integers so every node agrees
//! to the bit: the smallest `-log2(u) / credit` wins.

use alloc::vec::Vec;
use codec::Encode;
use sp_runtime::Perbill;

/// Fractional bits of the fixed-point logarithm.
const LOG_FRACTION_BITS: u32 = 32;
/// Extra bits kept when dividing by the credit, so close keys stay apart.
const KEY_SCALE_BITS: u32 = 20;

/// `H(randomness ‖ account)`: the candidate's lucky value for one draw.
pub fn lucky_value<AccountId: Encode>(randomness: &[u8; 32], who: &AccountId) -> [u8; 32] {
	let mut input = randomness.to_vec();
	who.encode_to(&mut input);
	sp_io::hashing::blake2_256(&input)
}

/// The sort key of a candidate: `-log2(u) / credit`, smaller first; `None` for no credit.
pub fn key(lucky: &[u8; 32], credit: u32) -> Option<u128> {
	if credit == 0 {
		return None;
	}
	let mut head = [0u8; 8];
	head.copy_from_slice(&lucky[..8]);
	let neg_log = neg_log2(u64::from_le_bytes(head));
	Some((neg_log << KEY_SCALE_BITS) / u128::from(credit))
}

/// `-log2((x + 1) / 2^64)` with [`LOG_FRACTION_BITS`] fractional bits: 0 for the largest `x`,
/// 64 for zero.
pub fn neg_log2(x: u64) -> u128 {
	let y = u128::from(x) + 1;
	// y is in 1..=2^64, so its integer logarithm is 0..=64.
	let int_part = 127 - y.leading_zeros();
	// The mantissa y / 2^int_part in [1, 2), with 62 fractional bits.
	let mut mantissa = if int_part >= 62 { y >> (int_part - 62) } else { y << (62 - int_part) };
	let mut fraction: u128 = 0;
	for _ in 0..LOG_FRACTION_BITS {
		// mantissa < 2^63, so its square < 2^126.
		mantissa = (mantissa * mantissa) >> 62;
		fraction <<= 1;
		if mantissa >= 1 << 63 {
			mantissa >>= 1;
			fraction |= 1;
		}
	}
	let log = (u128::from(int_part) << LOG_FRACTION_BITS) | fraction;
	(64u128 << LOG_FRACTION_BITS) - log
}

/// The candidates of `pool` in the order they are drawn; those without credit are left out.
pub fn draw_order<AccountId: Encode + Clone>(
	randomness: &[u8; 32],
	pool: &[(AccountId, u32)],
) -> Vec<AccountId> {
	let mut keyed: Vec<(u128, usize)> = pool
		.iter()
		.enumerate()
		.filter_map(|(i, (who, credit))| {
			key(&lucky_value(randomness, who), *credit).map(|k| (k, i))
		})
		.collect();
	// Equal keys need equal 256-bit hashes' heads and credits; the pool's order settles them.
	keyed.sort_unstable();
	keyed.into_iter().map(|(_, i)| pool[i].0.clone()).collect()
}

/// Draws `seats` from `pool`, `low_share` of them from its lower-credit half, so that newer
/// candidates can rise. A half with too few candidates leaves its seats to the other.
pub fn elect<AccountId: Encode + Clone>(
	randomness: &[u8; 32],
	pool: &[(AccountId, u32)],
	seats: u32,
	low_share: Perbill,
) -> Vec<AccountId> {
	let (high, low) = split_by_credit(pool);
	let high = draw_order(randomness, &high);
	let low = draw_order(randomness, &low);
	let seats = seats as usize;
	let reserved = (low_share.mul_floor(seats as u32) as usize).min(low.len());
	let from_high = (seats - reserved).min(high.len());
	let from_low = (seats - from_high).min(low.len());
	low.iter().take(from_low).chain(high.iter().take(from_high)).cloned().collect()
}

/// The pool's upper half by credit (the larger half when odd) and its lower half.
pub fn split_by_credit<AccountId: Clone>(
	pool: &[(AccountId, u32)],
) -> (Vec<(AccountId, u32)>, Vec<(AccountId, u32)>) {
	let mut sorted = pool.to_vec();
	// Stable: equal credits keep the pool's (account) order.
	sorted.sort_by_key(|(_, credit)| core::cmp::Reverse(*credit));
	let low = sorted.split_off(sorted.len().div_ceil(2));
	(sorted, low)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_logarithm_is_exact_at_powers_of_two_and_monotonic() {
		assert_eq!(neg_log2(u64::MAX), 0);
		assert_eq!(neg_log2(0), 64 << LOG_FRACTION_BITS);
		assert_eq!(neg_log2((1 << 63) - 1), 1 << LOG_FRACTION_BITS);
		// -log2(0.75) = 0.415037...
		let three_quarters = neg_log2(3 * (1 << 62) - 1);
		let expected = (0.415_037_499_278_843_8 * (1u64 << 32) as f64) as u128;
		assert!(three_quarters.abs_diff(expected) <= 1, "{three_quarters} vs {expected}");
		let mut last = u128::MAX;
		for x in (0..64).map(|bits| (1u64 << bits) + 12_345) {
			let value = neg_log2(x);
			assert!(value < last);
			last = value;
		}
	}

	#[test]
	fn no_credit_is_never_drawn() {
		let pool = [(1u64, 0u32), (2, 5), (3, 0)];
		assert_eq!(draw_order(&[7; 32], &pool), vec![2]);
		assert_eq!(key(&[0; 32], 0), None);
	}

	#[test]
	fn first_seat_odds_follow_credit() {
		// Credits 1, 2 and 5 of 8: the first seat goes to each about 1/8, 2/8 and 5/8 of the time.
		let pool = [(1u64, 100u32), (2, 200), (3, 500)];
		let mut firsts = [0u32; 3];
		let rounds = 20_000u32;
		for round in 0..rounds {
			let randomness = sp_io::hashing::blake2_256(&round.to_le_bytes());
			let first = draw_order(&randomness, &pool)[0];
			firsts[(first - 1) as usize] += 1;
		}
		for (i, expected) in [1.0 / 8.0, 2.0 / 8.0, 5.0 / 8.0].iter().enumerate() {
			let share = f64::from(firsts[i]) / f64::from(rounds);
			assert!((share - expected).abs() < 0.015, "candidate {} drew {share}", i + 1);
		}
	}

	#[test]
	fn the_lower_half_gets_its_share_of_seats() {
		let pool: Vec<(u64, u32)> = (0..10).map(|i| (i, 100 + 100 * i as u32)).collect();
		let (high, low) = split_by_credit(&pool);
		assert!(high.iter().all(|(_, credit)| *credit >= 600));
		assert!(low.iter().all(|(_, credit)| *credit <= 500));
		let elected = elect(&[3; 32], &pool, 4, Perbill::from_percent(50));
		assert_eq!(elected.len(), 4);
		assert_eq!(elected.iter().filter(|who| **who < 5).count(), 2);
		// Not enough in one half: the other fills the seats.
		let elected = elect(&[3; 32], &pool, 8, Perbill::from_percent(0));
		assert_eq!(elected.len(), 8);
		assert_eq!(elected.iter().filter(|who| **who < 5).count(), 3);
		assert_eq!(elect(&[3; 32], &pool, 20, Perbill::from_percent(30)).len(), 10);
	}
}
