//! Where the fuzzer's choices come from: bytes from a coverage-guided engine, or a seeded
//! stream for the bounded and long runs. Every choice is a pure function of the bytes, so a
//! sequence decoded once replays the same way everywhere.

use rand_chacha::{rand_core::SeedableRng, ChaCha8Rng};
use rand_core::RngCore;

/// A stream of choices.
pub struct Source<'a> {
	bytes: &'a [u8],
	rng: Option<ChaCha8Rng>,
}

impl<'a> Source<'a> {
	/// Choices read from `bytes`; once they run out, every choice is the smallest.
	pub fn from_bytes(bytes: &'a [u8]) -> Self {
		Self { bytes, rng: None }
	}

	/// An endless stream of choices from `seed`.
	pub fn from_seed(seed: u64) -> Source<'static> {
		Source { bytes: &[], rng: Some(ChaCha8Rng::seed_from_u64(seed)) }
	}

	/// Whether a byte stream has run out (a seeded stream never does).
	pub fn is_empty(&self) -> bool {
		self.rng.is_none() && self.bytes.is_empty()
	}

	/// The next byte.
	pub fn byte(&mut self) -> u8 {
		if let Some(rng) = &mut self.rng {
			return (rng.next_u32() & 0xff) as u8;
		}
		match self.bytes.split_first() {
			Some((first, rest)) => {
				self.bytes = rest;
				*first
			}
			None => 0,
		}
	}

	/// A number below `bound` (0 when `bound` is 0).
	pub fn below(&mut self, bound: u32) -> u32 {
		if bound == 0 {
			return 0;
		}
		let wide = u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()]);
		wide % bound
	}

	/// True with probability `percent` in a hundred.
	pub fn chance(&mut self, percent: u8) -> bool {
		self.below(100) < u32::from(percent)
	}

	/// Some value with probability `percent` in a hundred.
	pub fn maybe<T>(&mut self, percent: u8, value: impl FnOnce(&mut Self) -> T) -> Option<T> {
		self.chance(percent).then(|| value(self))
	}

	/// One of `options`, by index.
	pub fn pick<T: Clone>(&mut self, options: &[T]) -> T {
		options[self.below(options.len() as u32) as usize].clone()
	}
}
