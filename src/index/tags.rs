//! A set of rows of one index, one bit a row (an eighth of a byte a row), such as the rows
//! that are a leg of some handshake.

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

    /// Adds the rows of `other` (rows past this set's index stay out).
    pub fn union(&mut self, other: &RowSet) {
        for (w, o) in self.bits.iter_mut().zip(&other.bits) {
            *w |= o;
        }
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
        let mut t = RowSet::new(200);
        for r in [2, 9, 64, 198] {
            t.insert(r);
        }
        t.union(&s);
        assert_eq!(t.len(), 9);
        assert!([2, 3, 9, 63, 64, 130, 198, 199].iter().all(|&r| t.contains(r)));
        assert!(!t.contains(4));
    }
}
