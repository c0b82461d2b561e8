//! Encryption intervals.
//!
//! Time (milliseconds since the Unix epoch) is cut into intervals of a fixed length per device;
//! interval `i` covers `[i * length, (i + 1) * length)`. A gateway encrypts each interval's
//! readings into one blob, so an interval is also the unit of sharing and sale.

/// The index of an interval: how many whole intervals lie between the epoch and its start.
pub type IntervalIndex = u64;

/// The interval holding `timestamp_ms`, or `None` for a zero length.
pub fn interval_of(timestamp_ms: u64, length_ms: u64) -> Option<IntervalIndex> {
	timestamp_ms.checked_div(length_ms)
}

/// The start (inclusive) and end (exclusive) of interval `index`, or `None` if the length is
/// zero or the end does not fit in a `u64`.
pub fn bounds(index: IntervalIndex, length_ms: u64) -> Option<(u64, u64)> {
	if length_ms == 0 {
		return None;
	}
	let start = index.checked_mul(length_ms)?;
	let end = start.checked_add(length_ms)?;
	Some((start, end))
}

/// Whether interval `index` has ended at `now_ms`, so its blob can be sealed. An interval whose
/// bounds do not exist never closes.
pub fn is_closed(index: IntervalIndex, length_ms: u64, now_ms: u64) -> bool {
	bounds(index, length_ms).is_some_and(|(_, end)| now_ms >= end)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn timestamps_fall_in_the_interval_that_covers_them() {
		assert_eq!(interval_of(0, 60_000), Some(0));
		assert_eq!(interval_of(59_999, 60_000), Some(0));
		assert_eq!(interval_of(60_000, 60_000), Some(1));
		assert_eq!(interval_of(u64::MAX, 1), Some(u64::MAX));
	}

	#[test]
	fn zero_length_has_no_intervals() {
		assert_eq!(interval_of(5, 0), None);
		assert_eq!(bounds(5, 0), None);
		assert!(!is_closed(0, 0, u64::MAX));
	}

	#[test]
	fn bounds_are_half_open_and_adjacent() {
		assert_eq!(bounds(0, 10), Some((0, 10)));
		assert_eq!(bounds(3, 10), Some((30, 40)));
		let (_, end) = bounds(3, 10).unwrap();
		assert_eq!(bounds(4, 10).unwrap().0, end);
	}

	#[test]
	fn bounds_that_overflow_do_not_exist() {
		assert_eq!(bounds(u64::MAX, 2), None);
		// The last interval whose end still fits.
		assert_eq!(bounds(u64::MAX / 2 - 1, 2), Some((u64::MAX - 3, u64::MAX - 1)));
		assert!(!is_closed(u64::MAX, 2, u64::MAX));
	}

	#[test]
	fn an_interval_closes_at_its_end() {
		assert!(!is_closed(1, 60_000, 119_999));
		assert!(is_closed(1, 60_000, 120_000));
		// Every timestamp lies in an interval that is not yet closed at that time.
		for t in [0u64, 1, 59_999, 60_000, 1_732_500_000_000] {
			let i = interval_of(t, 60_000).unwrap();
			assert!(!is_closed(i, 60_000, t));
		}
	}
}
