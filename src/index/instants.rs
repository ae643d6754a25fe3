//! Reading many rows' instants in order: a segment's instants are unpacked at once, front to
//! back, into a buffer that the next rows of that segment are read from. Reading each row on
//! its own ([`RequestIndex::ts`]) finds its segment, slot and exceptions again every time.

use super::RequestIndex;
use super::segment::{Col, SEG_ROWS, SEG_SHIFT};

/// The instants of one index's rows, a segment unpacked at a time.
#[derive(Debug)]
pub struct Instants<'a> {
    index: &'a RequestIndex,
    /// The segment unpacked in `values` (`usize::MAX`: none yet).
    segment: usize,
    values: Vec<i64>,
}

impl<'a> Instants<'a> {
    /// A reader of `index`'s instants.
    pub fn new(index: &'a RequestIndex) -> Self {
        Instants {
            index,
            segment: usize::MAX,
            values: Vec::new(),
        }
    }

    /// The instant of row `r` in ms (as [`RequestIndex::ts`]; 0 past the end). Cheap while
    /// rows are read in or near order; a row of another segment unpacks that one.
    #[inline]
    pub fn get(&mut self, r: usize) -> i64 {
        let s = r >> SEG_SHIFT;
        if s != self.segment {
            self.values.clear();
            self.index
                .rows
                .decode(Col::Ts as usize, s, &mut self.values);
            self.segment = s;
        }
        if r >= self.index.len() {
            return 0;
        }
        self.values.get(r & (SEG_ROWS - 1)).copied().unwrap_or(0)
    }

    /// The first and last instant of the sealed segment holding row `r` when its instants never
    /// go down: a caller that needs only where instants go down can skip unpacking it.
    pub fn rising(&self, r: usize) -> Option<(i64, i64)> {
        self.index.rows.rising(r >> SEG_SHIFT)
    }

    /// The segment holding row `r`: its first row and the instants of its rows up to the
    /// index's end, each as [`Instants::get`] gives it (empty past the end). Lets a caller run
    /// through many rows as a slice.
    pub fn segment(&mut self, r: usize) -> (usize, &[i64]) {
        let base = r & !(SEG_ROWS - 1);
        let rows = self.index.len().saturating_sub(base).min(SEG_ROWS);
        if r >= self.index.len() {
            return (base, &[]);
        }
        self.get(r);
        if self.values.len() < rows {
            self.values.resize(rows, 0);
        }
        (base, self.values.get(..rows).unwrap_or_default())
    }
}
