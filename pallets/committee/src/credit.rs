//! Credit: a weighted mean of rank scores, scaled by recent availability, less penalties.
//!
//! Ranks rather than raw amounts, so no single component can be bought outright: doubling a
//! bond that is already the largest gains nothing, and the score of each component is spread
//! over 0..=1000 whatever its unit.

use crate::types::{Credit, CreditWeights, Tally, MAX_SCORE};
use alloc::vec::Vec;
use sp_runtime::{traits::UniqueSaturatedInto, Perbill};

/// What one candidate's credit is computed from.
#[derive(Clone, Copy, Debug, Default)]
pub struct CreditInput<Balance> {
	/// The bond.
	pub bond: Balance,
	/// Activity over the closed sessions of the window.
	pub window: Tally<Balance>,
	/// The last session's availability while in the committee.
	pub recent_availability: Perbill,
	/// Whether an equivocation was reported within the window.
	pub equivocated: bool,
}

/// Credits of all candidates, in the order of `inputs`: ranks are relative to one another.
pub fn credits<Balance: Copy + UniqueSaturatedInto<u128>>(
	inputs: &[CreditInput<Balance>],
	weights: &CreditWeights,
	invalid_cfrag_penalty: u32,
) -> Vec<Credit> {
	let stake = rank_scores(inputs.iter().map(|input| input.bond.unique_saturated_into()));
	let activity =
		rank_scores(inputs.iter().map(|input| input.window.fees.unique_saturated_into()));
	let records = rank_scores(inputs.iter().map(|input| u128::from(input.window.records)));
	let sold = rank_scores(inputs.iter().map(|input| input.window.sold.unique_saturated_into()));
	let proxy = rank_scores(inputs.iter().map(|input| u128::from(input.window.cfrags)));

	inputs
		.iter()
		.enumerate()
		.map(|(i, input)| {
			let mut credit = Credit {
				stake: stake[i],
				activity: activity[i],
				// Both halves are ranks (<= 1000), so their sum cannot overflow.
				data: (records[i] + sold[i]) / 2,
				proxy: proxy[i],
				availability: availability(input.window.authored, input.window.expected),
				recent_availability: input.recent_availability,
				penalty: input
					.window
					.invalid_cfrags
					.saturating_mul(invalid_cfrag_penalty)
					.min(MAX_SCORE),
				equivocated: input.equivocated,
				..Default::default()
			};
			credit.base = weighted_mean(&credit, weights);
			credit.total = total(&credit);
			credit
		})
		.collect()
}

/// The credit that counts: base scaled by recent availability, less the penalty, or zero.
pub fn total(credit: &Credit) -> u32 {
	if credit.equivocated {
		return 0;
	}
	credit.recent_availability.mul_floor(credit.base).saturating_sub(credit.penalty)
}

/// Blocks authored per slot expected, in thousandths; full marks if none were expected.
pub fn availability(authored: u32, expected: u32) -> u32 {
	if expected == 0 {
		return MAX_SCORE;
	}
	// Async backing may let a collator author more than one block in a slot: cap at full.
	let authored = u64::from(authored.min(expected));
	(authored * u64::from(MAX_SCORE) / u64::from(expected)) as u32
}

/// Blocks authored per slot expected, as a fraction; whole if none were expected.
pub fn availability_ratio(authored: u32, expected: u32) -> Perbill {
	if expected == 0 {
		return Perbill::one();
	}
	Perbill::from_rational(authored.min(expected), expected)
}

fn weighted_mean(credit: &Credit, weights: &CreditWeights) -> u32 {
	let total = weights.total();
	if total == 0 {
		return 0;
	}
	let sum: u64 = [
		(credit.stake, weights.stake),
		(credit.activity, weights.activity),
		(credit.data, weights.data),
		(credit.proxy, weights.proxy),
		(credit.availability, weights.availability),
	]
	.iter()
	.map(|(score, weight)| u64::from(*score) * u64::from(*weight))
	.sum();
	// A mean of scores <= 1000 is <= 1000.
	(sum / total) as u32
}

/// Each value's rank among all, spread over 0..=1000: the largest scores 1000, ties share the
/// mean of their ranks, and nothing (a zero) scores 0.
pub fn rank_scores(values: impl Iterator<Item = u128>) -> Vec<u32> {
	let values: Vec<u128> = values.collect();
	let mut sorted = values.clone();
	sorted.sort_unstable();
	let n = sorted.len() as u64;
	values
		.iter()
		.map(|value| {
			if *value == 0 {
				return 0;
			}
			if n == 1 {
				return MAX_SCORE;
			}
			let below = sorted.partition_point(|other| other < value) as u64;
			let equal = sorted.partition_point(|other| other <= value) as u64 - below;
			// The mean rank of the ties, (below + (below + equal - 1)) / 2, over n - 1.
			((2 * below + equal - 1) * u64::from(MAX_SCORE) / (2 * (n - 1))) as u32
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ranks_spread_over_the_scale_and_ties_share() {
		assert_eq!(rank_scores([10u128, 20, 30].into_iter()), vec![0, 500, 1000]);
		assert_eq!(rank_scores([5u128, 5, 5, 5].into_iter()), vec![500; 4]);
		assert_eq!(rank_scores([0u128, 7, 7].into_iter()), vec![0, 750, 750]);
		// Magnitude does not matter, order does.
		assert_eq!(rank_scores([1u128, u128::MAX].into_iter()), vec![0, 1000]);
		assert_eq!(rank_scores([9u128].into_iter()), vec![1000]);
		assert_eq!(rank_scores([0u128].into_iter()), vec![0]);
		assert!(rank_scores(core::iter::empty()).is_empty());
	}

	#[test]
	fn availability_is_capped_and_full_when_nothing_expected() {
		assert_eq!(availability(0, 0), 1000);
		assert_eq!(availability(5, 10), 500);
		assert_eq!(availability(12, 10), 1000);
		assert_eq!(availability_ratio(3, 4), Perbill::from_percent(75));
		assert_eq!(availability_ratio(0, 0), Perbill::one());
	}

	#[test]
	fn credit_weighs_scales_and_penalises() {
		let weights = CreditWeights { stake: 1, activity: 1, data: 0, proxy: 0, availability: 0 };
		let busy = Tally::<u128> { fees: 9, ..Default::default() };
		let inputs = [
			CreditInput {
				bond: 100u128,
				window: busy,
				recent_availability: Perbill::one(),
				equivocated: false,
			},
			CreditInput {
				bond: 50,
				window: Tally { fees: 1, invalid_cfrags: 2, ..Default::default() },
				recent_availability: Perbill::one(),
				equivocated: false,
			},
			CreditInput {
				bond: 100,
				window: busy,
				recent_availability: Perbill::from_percent(50),
				equivocated: false,
			},
			CreditInput {
				bond: 100,
				window: busy,
				recent_availability: Perbill::one(),
				equivocated: true,
			},
		];
		let credits = credits(&inputs, &weights, 100);
		// Stake: three tie at the top (ranks 1..=3 of 0..=3, mean 2/3), one at the bottom.
		assert_eq!(credits[0].stake, 666);
		assert_eq!(credits[1].stake, 0);
		assert_eq!(credits[0].base, (666 + 666) / 2);
		assert_eq!(credits[0].total, 666);
		assert_eq!(credits[1].penalty, 200);
		assert_eq!(credits[1].total, 0);
		assert_eq!(credits[2].total, 333);
		assert_eq!(credits[3].base, 666);
		assert_eq!(credits[3].total, 0);
		// No weights, no credit.
		let none = CreditWeights { stake: 0, activity: 0, data: 0, proxy: 0, availability: 0 };
		assert!(super::credits(&inputs, &none, 0).iter().all(|credit| credit.total == 0));
	}
}
