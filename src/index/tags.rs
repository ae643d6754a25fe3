//! A set of rows of one index, one bit a row (an eighth of a byte a row), such as the rows
//! that are a leg of some handshake; its parts, filled on their own threads.

/// Some rows of one index.
#[derive(Debug, Default, Clone)]
pub struct RowSet {
    /// One bit per row: set when the row is in the set.
    bits: Vec<u64>,
}

impl RowSet {
    /// An empty set for an index of `len` rows (rows past it are never in it).
    pub fn new(len: usize) -> Self {
        RowSet {
            bits: vec![0; len.div_ceil(64)],
        }
    }

    /// Puts `row` in the set; false when it lies past the index.
    pub fn insert(&mut self, row: u32) -> bool {
        match self.bits.get_mut((row / 64) as usize) {
            Some(w) => {
                *w |= 1 << (row % 64);
                true
            }
            None => false,
        }
    }

    /// The set cut before each row of `at` (ascending; rounded down to a whole word of rows)
    /// into `at.len() + 1` parts that note rows on their own.
    pub fn parts(&mut self, at: &[u32]) -> Vec<RowPart<'_>> {
        let mut out = Vec::with_capacity(at.len() + 1);
        let mut rest: &mut [u64] = &mut self.bits;
        let mut first = 0;
        for &row in at {
            let w = ((row / 64) as usize).clamp(first, first + rest.len());
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(w - first);
            out.push(RowPart { first, bits: head });
            first = w;
            rest = tail;
        }
        out.push(RowPart { first, bits: rest });
        out
    }

    /// Whether `row` is in the set.
    pub fn contains(&self, row: u32) -> bool {
        self.bits
            .get((row / 64) as usize)
            .is_some_and(|w| w >> (row % 64) & 1 == 1)
    }

    /// Number of rows in the set.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// True when no row is in the set.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bits.len() * 8
    }
}

/// A part of a [`RowSet`]: the rows of a range of its words, noted on their own (on another
/// thread than the other parts).
#[derive(Debug)]
pub struct RowPart<'a> {
    /// The word of `bits[0]`.
    first: usize,
    bits: &'a mut [u64],
}

impl RowPart<'_> {
    /// Puts `row` in the set; false when it lies outside this part.
    #[inline]
    pub fn insert(&mut self, row: u32) -> bool {
        let w = (row / 64) as usize;
        match w.checked_sub(self.first).and_then(|i| self.bits.get_mut(i)) {
            Some(word) => {
                *word |= 1 << (row % 64);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_in_the_set_read_back_and_rows_past_the_index_stay_out() {
        assert!(!RowSet::default().contains(0));
        let mut s = RowSet::new(200);
        assert!(s.is_empty());
        for r in [9, 3, 9, 130, 64, 63] {
            assert!(s.insert(r));
        }
        assert!(s.insert(199));
        assert!(!s.insert(256), "past the index");
        assert_eq!(s.len(), 6);
        assert_eq!(
            [0, 3, 4, 9, 63, 64, 65, 130, 199, 200, 256, 500].map(|r| s.contains(r)),
            [
                false, true, false, true, true, true, false, true, true, false, false, false
            ]
        );
        assert_eq!(s.heap_bytes(), 32);
    }

    #[test]
    fn parts_note_their_own_rows_into_the_set() {
        let mut s = RowSet::new(1_000);
        let mut parts = s.parts(&[130, 100, 700, 5_000]);
        assert_eq!(parts.len(), 5);
        // Cut at words 2, 2 (not before the last cut), 10, 16 (the end).
        let noted =
            |p: &mut RowPart, rows: &[u32]| rows.iter().map(|&r| p.insert(r)).collect::<Vec<_>>();
        assert_eq!(noted(&mut parts[0], &[0, 127, 128]), [true, true, false]);
        assert_eq!(noted(&mut parts[1], &[128, 200]), [false, false]);
        assert_eq!(
            noted(&mut parts[2], &[127, 128, 639, 640]),
            [false, true, true, false]
        );
        assert_eq!(
            noted(&mut parts[3], &[640, 999, 1_023, 1_024]),
            [true, true, true, false]
        );
        assert_eq!(
            noted(&mut parts[4], &[0, 999, 1_024]),
            [false, false, false]
        );
        let rows: Vec<u32> = (0..1_100).filter(|&r| s.contains(r)).collect();
        // Like the set itself, a part holds the whole last word.
        assert_eq!(rows, [0, 127, 128, 639, 640, 999, 1_023]);
    }
}
