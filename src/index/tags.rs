//! A value for a few rows of an index, such as the handshake a request is a leg of: sorted
//! `(row, value)` pairs, eight bytes a tagged row instead of four bytes every row.

/// Values of some rows of one index.
#[derive(Debug, Default, Clone)]
pub struct RowTags {
    /// Sorted by row up to `settled`; pairs set since follow in the order set.
    pairs: Vec<(u32, u32)>,
    settled: usize,
}

impl RowTags {
    /// Tags `row` with `value` (seen once [`RowTags::settle`] has run). Values are set in
    /// rising order (handshake numbers), so for a row tagged twice the larger, later one wins.
    pub fn set(&mut self, row: u32, value: u32) {
        self.pairs.push((row, value));
    }

    /// Sorts in the values set since the last call.
    pub fn settle(&mut self) {
        if self.settled == self.pairs.len() {
            return;
        }
        self.pairs.sort_unstable();
        self.pairs.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = later.1;
            }
            same
        });
        self.pairs.shrink_to_fit();
        self.settled = self.pairs.len();
    }

    /// The value of `row`, if tagged (and settled).
    pub fn get(&self, row: u32) -> Option<u32> {
        let settled = self.pairs.get(..self.settled)?;
        let i = settled.binary_search_by_key(&row, |&(r, _)| r).ok()?;
        settled.get(i).map(|&(_, v)| v)
    }

    /// Number of tagged rows (settled).
    pub fn len(&self) -> usize {
        self.settled
    }

    /// True when no row is tagged.
    pub fn is_empty(&self) -> bool {
        self.settled == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_back_after_settling_and_the_larger_later_value_wins() {
        let mut t = RowTags::default();
        assert_eq!(t.get(0), None);
        t.set(9, 1);
        t.set(3, 2);
        t.set(9, 4);
        assert_eq!(t.get(9), None, "not settled yet");
        t.settle();
        assert_eq!((t.get(9), t.get(3), t.get(4)), (Some(4), Some(2), None));
        assert_eq!(t.len(), 2);
        t.set(1, 7);
        t.set(3, 8);
        t.settle();
        assert_eq!((t.get(1), t.get(3), t.get(9)), (Some(7), Some(8), Some(4)));
    }
}
