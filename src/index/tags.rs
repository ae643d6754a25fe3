//! A value for a few rows of an index, such as the handshake a request is a leg of: one bit a
//! row says which rows are tagged, their values follow in row order (four bytes a tagged row
//! plus about a twentieth of a byte a row), and no sort is needed to build it.

/// Values of some rows of one index.
#[derive(Debug, Default, Clone)]
pub struct RowTags {
    /// One bit per row: set when the row is tagged.
    bits: Vec<u64>,
    /// Tagged rows before each word of `bits`.
    before: Vec<u32>,
    /// The values of the tagged rows, in row order.
    values: Vec<u32>,
}

impl RowTags {
    /// Marks the `rows` (of an index of `len` rows; rows past it are left out) as tagged, each
    /// with no value yet ([`RowTags::set`] gives it one).
    pub fn marking(len: usize, rows: impl IntoIterator<Item = u32>) -> Self {
        let mut bits = vec![0u64; len.div_ceil(64)];
        for r in rows {
            if let Some(w) = bits.get_mut((r / 64) as usize) {
                *w |= 1 << (r % 64);
            }
        }
        let mut before = Vec::with_capacity(bits.len());
        let mut n = 0u32;
        for w in &bits {
            before.push(n);
            n += w.count_ones();
        }
        RowTags {
            bits,
            before,
            values: vec![u32::MAX; n as usize],
        }
    }

    /// Where the value of a tagged `row` is kept.
    fn slot(&self, row: u32) -> Option<usize> {
        let w = (row / 64) as usize;
        let word = *self.bits.get(w)?;
        let bit = 1u64 << (row % 64);
        if word & bit == 0 {
            return None;
        }
        let below = (word & (bit - 1)).count_ones();
        Some((*self.before.get(w)? + below) as usize)
    }

    /// Gives a marked `row` its value; a later value replaces an earlier one (values are set
    /// in rising order, so for a row tagged twice the larger, later one wins). False when the
    /// row was not marked.
    pub fn set(&mut self, row: u32, value: u32) -> bool {
        match self.slot(row).and_then(|i| self.values.get_mut(i)) {
            Some(v) => {
                *v = value;
                true
            }
            None => false,
        }
    }

    /// The value of `row`, if tagged and given one.
    pub fn get(&self, row: u32) -> Option<u32> {
        let v = *self.values.get(self.slot(row)?)?;
        (v != u32::MAX).then_some(v)
    }

    /// Every tagged row with its value ([`u32::MAX`] when it has none), in row order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let rows = self.bits.iter().enumerate().flat_map(|(w, &word)| {
            let base = u32::try_from(w * 64).unwrap_or(u32::MAX);
            let mut left = word;
            std::iter::from_fn(move || {
                (left != 0).then(|| {
                    let bit = left.trailing_zeros();
                    left &= left - 1;
                    base + bit
                })
            })
        });
        rows.zip(self.values.iter().copied())
    }

    /// Number of tagged rows.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no row is tagged.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bits.len() * 8 + self.before.len() * 4 + self.values.len() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_back_and_the_larger_later_value_wins() {
        let t = RowTags::default();
        assert_eq!(t.get(0), None);
        let mut t = RowTags::marking(200, [9, 3, 9, 130, 64, 63, 500]);
        assert_eq!(t.len(), 5, "each row once, rows past the index left out");
        assert_eq!(t.get(9), None, "marked, no value yet");
        assert!(t.set(9, 1));
        assert!(t.set(3, 2));
        assert!(t.set(9, 4));
        assert!(!t.set(4, 5), "not marked");
        assert!(t.set(130, 6));
        assert!(t.set(64, 7));
        assert!(t.set(63, 8));
        assert_eq!(
            [3, 4, 9, 63, 64, 130, 199, 500].map(|r| t.get(r)),
            [
                Some(2),
                None,
                Some(4),
                Some(8),
                Some(7),
                Some(6),
                None,
                None
            ]
        );
        assert!(!t.is_empty());
        let all: Vec<(u32, u32)> = t.iter().collect();
        assert_eq!(all, [(3, 2), (9, 4), (63, 8), (64, 7), (130, 6)]);
    }
}
