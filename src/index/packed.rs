//! Bit-packed integer columns of one sealed segment of the request index.
//!
//! A column of a segment is stored as the residual of each value from a prediction: a straight
//! line from the first value (instants, line numbers and offsets grow steadily) or a constant.
//! Residuals are offset from their minimum and packed at the fewest bits that suit most of
//! them; the few that do not fit (a 20-minute request among millisecond ones, a segment's only
//! HTTPERR reason) are exceptions kept aside with their row, marked by an all-ones slot. A
//! column whose values are all equal takes no bits. All arithmetic wraps, so every `i64`
//! round-trips exactly whatever the prediction was.

use slots::{mask, pack_slots};

mod slots;

/// Bits of an exception: its row within the segment (16) and its slot value (64).
const EXCEPTION_BITS: u64 = 16 + 64;

/// How values are predicted before packing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predict {
    /// A constant (codes, durations).
    Constant,
    /// A line from the first value (values that grow with the row).
    Linear,
    /// A line in whole seconds when every value is whole seconds from the first (instants);
    /// a line in units otherwise.
    LinearSeconds,
}

/// One packed column of a segment: where its slots and exceptions are, and how to decode them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Packed {
    /// The value of row 0.
    base: i64,
    /// Units per value unit (1000 when every value is whole seconds from `base`, else 1).
    scale: i64,
    /// The prediction's growth per row, in 1/65536 units.
    slope: i64,
    /// The smallest residual.
    min: i64,
    /// Bits per slot (0..=64).
    bits: u32,
    /// First word of the slots in the segment's words.
    word: u32,
    /// First exception of the column in the segment's exception rows (values are in the words
    /// at `exc_word`).
    exc: u32,
    exc_len: u32,
    exc_word: u32,
}

/// The storage of a sealed segment, shared by its columns.
#[derive(Debug, Default, Clone)]
pub struct Store {
    pub words: Vec<u64>,
    pub exc_rows: Vec<u16>,
    /// Room for one column's residuals, reused.
    scratch: Vec<i64>,
}

/// The smallest and largest value ((0, 0) for none). Two values at a time: the smaller of
/// the pair is the only one that can be a new smallest, the larger a new largest.
fn min_max(values: &[i64]) -> (i64, i64) {
    let Some(&first) = values.first() else {
        return (0, 0);
    };
    let (mut min, mut max) = (first, first);
    let mut pairs = values.chunks_exact(2);
    for pair in &mut pairs {
        let (a, b) = (pair[0], pair[1]);
        let (small, large) = if a <= b { (a, b) } else { (b, a) };
        min = min.min(small);
        max = max.max(large);
    }
    for &v in pairs.remainder() {
        min = min.min(v);
        max = max.max(v);
    }
    (min, max)
}

fn read_bits(words: &[u64], word: usize, i: usize, bits: u32) -> u64 {
    if bits == 0 {
        return 0;
    }
    let bit = i * bits as usize;
    let w = word + bit / 64;
    let shift = (bit % 64) as u32;
    let mut v = words.get(w).copied().unwrap_or(0) >> shift;
    if shift + bits > 64 {
        v |= words.get(w + 1).copied().unwrap_or(0) << (64 - shift);
    }
    v & mask(bits)
}

impl Packed {
    /// The prediction's offset of row `i` from the first value, in value units.
    fn predicted(&self, i: usize) -> i64 {
        ((i as i64).wrapping_mul(self.slope)) >> 16
    }

    /// Packs `values` (at most 65,536) into `store`.
    pub fn encode(values: &[i64], predict: Predict, store: &mut Store) -> Packed {
        let base = values.first().copied().unwrap_or(0);
        let seconds = predict == Predict::LinearSeconds
            && values.iter().all(|&v| v.wrapping_sub(base) % 1000 == 0);
        let scale = if seconds { 1000 } else { 1 };
        let unit = |v: i64| {
            let d = v.wrapping_sub(base);
            if seconds { d / 1000 } else { d }
        };
        let slope = match (predict, values.len(), values.last()) {
            (Predict::Constant, ..) | (_, 0 | 1, _) | (_, _, None) => 0,
            (_, n, Some(&last)) => {
                let rise = i128::from(unit(last)) << 16;
                let per_row = rise / (n as i128 - 1);
                i64::try_from(per_row).unwrap_or(0)
            }
        };
        let mut p = Packed {
            base,
            scale,
            slope,
            ..Packed::default()
        };
        p.word = u32::try_from(store.words.len()).unwrap_or(u32::MAX);
        p.exc = u32::try_from(store.exc_rows.len()).unwrap_or(u32::MAX);
        p.exc_word = p.word;
        if slope == 0 && !seconds {
            let (lo, hi) = min_max(values);
            if lo == hi {
                // One value (a column a log does not have): no bits.
                return p;
            }
            // Codes and durations: residuals are the values less the first, and when no
            // difference of two values overflows, slots are the values less the smallest.
            if hi.checked_sub(lo).is_some() {
                p.min = lo.wrapping_sub(base);
                p.pack(values, lo, store);
                return p;
            }
        }
        let mut residuals = std::mem::take(&mut store.scratch);
        residuals.clear();
        // One plain loop per case, so the common ones are a subtraction.
        let line = p;
        let numbered = values.iter().enumerate();
        match (seconds, slope == 0) {
            (false, true) => residuals.extend(values.iter().map(|&v| v.wrapping_sub(base))),
            (false, false) => residuals.extend(
                numbered.map(|(i, &v)| v.wrapping_sub(base).wrapping_sub(line.predicted(i))),
            ),
            (true, _) => residuals.extend(
                numbered
                    .map(|(i, &v)| (v.wrapping_sub(base) / 1000).wrapping_sub(line.predicted(i))),
            ),
        }
        let (min, max) = min_max(&residuals);
        p.min = min;
        if min != max {
            // Otherwise every value is on the prediction: no bits at all.
            p.pack(&residuals, min, store);
        }
        store.scratch = residuals;
        p
    }

    /// Packs the slots of `values` (each less `lo`, the smallest) at the width that costs
    /// least, slots too wide for it kept as exceptions.
    fn pack(&mut self, values: &[i64], lo: i64, store: &mut Store) {
        let slot = |v: i64| v.wrapping_sub(lo) as u64;
        // How many slots need more than b bits, for each b.
        let mut longer = [0u64; 66];
        for &v in values {
            longer[(64 - slot(v).leading_zeros()) as usize] += 1;
        }
        for b in (0..65).rev() {
            longer[b] += longer[b + 1];
        }
        let count = values.len() as u64;
        let cost = |b: u32| count * u64::from(b) + longer[b as usize + 1] * EXCEPTION_BITS;
        self.bits = (0..=64).min_by_key(|&b| cost(b)).unwrap_or(64);
        let top = mask(self.bits);
        let mut exceptions = Vec::new();
        let wide = longer.get(self.bits as usize + 1).copied().unwrap_or(0);
        if wide > 0 {
            exceptions.reserve_exact(usize::try_from(wide).unwrap_or(0));
            // Up to the last of the `wide` slots too wide for the width.
            for (i, &v) in values.iter().enumerate() {
                if slot(v) > top {
                    exceptions.push(slot(v));
                    store.exc_rows.push(u16::try_from(i).unwrap_or(u16::MAX));
                    if exceptions.len() as u64 == wide {
                        break;
                    }
                }
            }
        }
        if self.bits > 0 {
            pack_slots(values, lo, self.bits, &mut store.words);
        }
        self.exc_len = u32::try_from(exceptions.len()).unwrap_or(u32::MAX);
        self.exc_word = u32::try_from(store.words.len()).unwrap_or(u32::MAX);
        store.words.extend(exceptions);
    }

    /// The value of row `i` of the segment.
    #[inline]
    pub fn get(&self, words: &[u64], exc_rows: &[u16], i: usize) -> i64 {
        let mut s = read_bits(words, self.word as usize, i, self.bits);
        if self.exc_len > 0 && s == mask(self.bits) {
            let first = self.exc as usize;
            let rows = exc_rows
                .get(first..first + self.exc_len as usize)
                .unwrap_or(&[]);
            if let Ok(k) = rows.binary_search(&u16::try_from(i).unwrap_or(u16::MAX)) {
                s = words.get(self.exc_word as usize + k).copied().unwrap_or(0);
            }
        }
        let unit = self
            .predicted(i)
            .wrapping_add(self.min.wrapping_add(s as i64));
        self.base.wrapping_add(unit.wrapping_mul(self.scale))
    }

    /// Appends the values of rows `0..n` of the segment to `out`, in order: what `get` gives
    /// for each row, reading the slots front to back, then putting in the exceptions (each
    /// one's slot is all ones).
    pub fn decode(&self, words: &[u64], exc_rows: &[u16], n: usize, out: &mut Vec<i64>) {
        let value = |i: usize, s: u64| {
            let unit = self
                .predicted(i)
                .wrapping_add(self.min.wrapping_add(s as i64));
            self.base.wrapping_add(unit.wrapping_mul(self.scale))
        };
        let start = out.len();
        let bits = self.bits as usize;
        if bits == 0 {
            out.extend((0..n).map(|i| value(i, 0)));
        } else {
            let (top, slots) = (mask(self.bits), words.get(self.word as usize..));
            let slots = slots.unwrap_or(&[]);
            out.extend((0..n).map(|i| {
                let bit = i * bits;
                let (w, shift) = (bit / 64, bit % 64);
                let mut v = slots.get(w).copied().unwrap_or(0) >> shift;
                if shift + bits > 64 {
                    v |= slots.get(w + 1).copied().unwrap_or(0) << (64 - shift);
                }
                value(i, v & top)
            }));
        }
        let first = self.exc as usize;
        let rows = exc_rows
            .get(first..first + self.exc_len as usize)
            .unwrap_or(&[]);
        let values = words.get(self.exc_word as usize..).unwrap_or(&[]);
        for (&row, &v) in rows.iter().zip(values) {
            let row = usize::from(row);
            if row < n
                && let Some(slot) = out.get_mut(start + row)
            {
                *slot = value(row, v);
            }
        }
    }

    /// Adds `delta` to every value.
    pub fn shift(&mut self, delta: i64) {
        self.base = self.base.wrapping_add(delta);
    }

    /// Bits per slot (for tests).
    #[cfg(test)]
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Number of exceptions (for tests).
    #[cfg(test)]
    pub fn exceptions(&self) -> usize {
        self.exc_len as usize
    }
}

#[cfg(test)]
mod tests;
