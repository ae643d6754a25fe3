//! A set of rows of one index, one bit a row (an eighth of a byte a row), such as the rows
//! that are a leg of some handshake; and a window of one, over only the part of the index its
//! rows span.

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
    pub fn union(&mut self, other: &RowWindow) {
        let words = self.bits.get_mut(other.first..).unwrap_or_default();
        for (w, o) in words.iter_mut().zip(&other.bits) {
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

/// Rows of one index that lie near each other (the legs of a run of handshakes, which lie in
/// a part of the file), one bit a row over the words from the first row's to the last's.
#[derive(Debug, Default, Clone)]
pub struct RowWindow {
    /// The word of `bits[0]`.
    first: usize,
    /// One bit per row from row `64 * first` on.
    bits: Vec<u64>,
    /// Words of the whole index: rows past it are never in the window.
    words: usize,
}

impl RowWindow {
    /// An empty window on an index of `len` rows.
    pub fn new(len: usize) -> Self {
        Self::with_room(len, 0)
    }

    /// An empty window on an index of `len` rows, with room for `words` words of rows.
    pub fn with_room(len: usize, words: usize) -> Self {
        let all = len.div_ceil(64);
        RowWindow {
            first: 0,
            bits: Vec::with_capacity(words.min(all)),
            words: all,
        }
    }

    /// Puts `row` in the window, widening it; false when it lies past the index.
    pub fn insert(&mut self, row: u32) -> bool {
        let w = (row / 64) as usize;
        if w >= self.words {
            return false;
        }
        if self.bits.is_empty() {
            self.first = w;
        }
        if w < self.first {
            let grow = (self.first - w).max(self.bits.len() / 8).min(self.first);
            self.bits.splice(0..0, std::iter::repeat_n(0, grow));
            self.first -= grow;
        }
        let i = w - self.first;
        if i >= self.bits.len() {
            if i >= self.bits.capacity() {
                // Grown by an eighth at a time: spare room is what a window saves.
                let more = (i + 1 - self.bits.len()).max(self.bits.len() / 8);
                self.bits.reserve_exact(more);
            }
            self.bits.resize(i + 1, 0);
        }
        self.bits[i] |= 1 << (row % 64);
        true
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
    fn a_window_widens_both_ways_and_adds_its_rows_to_a_set() {
        let mut s = RowSet::new(1_000);
        for r in [2, 9, 640, 998] {
            s.insert(r);
        }
        let mut w = RowWindow::new(1_000);
        s.union(&w);
        assert_eq!(s.len(), 4, "an empty window adds nothing");
        for r in [500, 700, 130, 999, 3, 9] {
            assert!(w.insert(r));
        }
        assert!(!w.insert(1_024), "past the index");
        s.union(&w);
        assert_eq!(s.len(), 9);
        let rows: Vec<u32> = (0..1_100).filter(|&r| s.contains(r)).collect();
        assert_eq!(rows, [2, 3, 9, 130, 500, 640, 700, 998, 999]);
    }
}
