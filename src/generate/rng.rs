//! The generator's own pseudo-random numbers: SplitMix64, seeded explicitly, no clock, no crate.

/// A SplitMix64 stream. Same seed, same numbers, on every platform.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

/// Mixes two values into a well-spread seed (SplitMix64 finaliser over their combination).
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    finalize(a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29))
}

fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A stream for one seed.
    pub(crate) fn new(seed: u64) -> Self {
        Rng {
            state: finalize(seed ^ 0x6A09_E667_F3BC_C909),
        }
    }

    /// The next 64 random bits.
    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        finalize(self.state)
    }

    /// A value in `0..n` (0 when `n` is 0), by multiply-shift.
    #[inline]
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }

    /// A value in `lo..=hi`.
    #[inline]
    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// One element of a non-empty slice (the first when empty is impossible by construction).
    #[inline]
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len() as u32) as usize;
        &items[i.min(items.len().saturating_sub(1))]
    }

    /// A skewed duration in ms: mostly short, with a long tail up to `max`.
    #[inline]
    pub(crate) fn latency(&mut self, typical: u32, max: u32) -> u32 {
        let r = self.below(1000);
        let v = match r {
            0..=699 => self.range(typical / 4, typical),
            700..=949 => self.range(typical, typical * 4),
            _ => self.range(typical * 4, max.max(typical * 4)),
        };
        v.min(max)
    }
}
