//! The rows of the request index in fixed-size segments: every full segment is sealed into
//! bit-packed columns ([`super::packed`]) sized to its values, the last one stays open with
//! plain columns. Growth never copies what is already stored and leaves no spare capacity
//! behind, and a row's segment is its number shifted right.

use super::packed::{Packed, Predict, Store};
use std::ops::Range;

/// Rows per segment (a power of two).
pub const SEG_ROWS: usize = 1 << SEG_SHIFT;
/// log2 of [`SEG_ROWS`].
pub const SEG_SHIFT: u32 = 12;

/// The stored columns of a row, in [`Col`] order.
pub const COLS: usize = 13;

/// A stored column. Interned fields hold codes of the index's per-column dictionaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Ts = 0,
    Line = 1,
    Offset = 2,
    /// Code of the `(status, substatus, win32, numbers)` tuple.
    Status = 3,
    TimeTaken = 4,
    /// The first interned field; the others follow in [`super::Field`] order.
    Fields = 5,
}

/// How each column is predicted before packing.
const PREDICT: [Predict; COLS] = [
    Predict::LinearSeconds,
    Predict::Linear,
    Predict::Linear,
    Predict::Constant,
    Predict::Constant,
    Predict::Constant,
    Predict::Constant,
    Predict::Constant,
    Predict::Constant,
    Predict::Constant,
    Predict::Constant,
    Predict::Constant,
    Predict::Constant,
];

/// A full segment, packed.
#[derive(Debug, Clone)]
pub struct Sealed {
    cols: [Packed; COLS],
    words: Box<[u64]>,
    exc_rows: Box<[u16]>,
    /// The first and last instant when no instant is before the one above it: a merge then
    /// needs only these two.
    rising: Option<(i64, i64)>,
}

impl Sealed {
    /// Packs the open segment's rows (at most [`SEG_ROWS`]).
    pub fn seal(open: &Open) -> Sealed {
        let mut store = Store::default();
        let cols = std::array::from_fn(|c| Packed::encode(&open.cols[c], PREDICT[c], &mut store));
        let ts = &open.cols[Col::Ts as usize];
        let rising = match (ts.first(), ts.last()) {
            (Some(&first), Some(&last)) if ts.windows(2).all(|w| w[0] <= w[1]) => {
                Some((first, last))
            }
            _ => None,
        };
        Sealed {
            cols,
            words: store.words.into_boxed_slice(),
            exc_rows: store.exc_rows.into_boxed_slice(),
            rising,
        }
    }

    /// The first and last instant of the segment when its instants never go down.
    pub fn rising(&self) -> Option<(i64, i64)> {
        self.rising
    }

    /// Value of column `c` at row `i` of the segment.
    #[inline]
    pub fn get(&self, c: usize, i: usize) -> i64 {
        self.cols
            .get(c)
            .map_or(0, |p| p.get(&self.words, &self.exc_rows, i))
    }

    /// Appends column `c` of the segment's rows to `out`, in row order.
    pub fn decode(&self, c: usize, out: &mut Vec<i64>) {
        if let Some(p) = self.cols.get(c) {
            p.decode(&self.words, &self.exc_rows, SEG_ROWS, out);
        }
    }

    /// Adds `delta` to every value of column `c`.
    pub fn shift(&mut self, c: usize, delta: i64) {
        if let Some(p) = self.cols.get_mut(c) {
            p.shift(delta);
        }
        if c == Col::Ts as usize {
            // Values that wrap past the ends of time may no longer rise.
            self.rising = self
                .rising
                .and_then(|(a, b)| Some((a.checked_add(delta)?, b.checked_add(delta)?)));
        }
    }

    /// The packing of column `c` (for tests).
    #[cfg(test)]
    pub fn packed(&self, c: usize) -> Packed {
        self.cols[c]
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.words.len() * 8 + self.exc_rows.len() * 2
    }
}

/// The segment being filled: plain columns, so rows arrive a column at a time and are packed
/// without gathering.
#[derive(Debug, Default, Clone)]
pub struct Open {
    cols: [Vec<i64>; COLS],
}

impl Open {
    /// Rows held.
    pub fn len(&self) -> usize {
        self.cols[0].len()
    }

    fn reserve(&mut self) {
        if self.cols[0].capacity() == 0 {
            for col in &mut self.cols {
                col.reserve_exact(SEG_ROWS);
            }
        }
    }

    /// Appends a row.
    #[inline]
    pub fn push(&mut self, row: &[i64; COLS]) {
        self.reserve();
        for (col, &v) in self.cols.iter_mut().zip(row) {
            col.push(v);
        }
    }

    /// Empties the segment, keeping its storage.
    pub fn clear(&mut self) {
        for col in &mut self.cols {
            col.clear();
        }
    }

    /// Value of column `c` at row `i`.
    #[inline]
    pub fn get(&self, c: usize, i: usize) -> i64 {
        self.cols
            .get(c)
            .and_then(|col| col.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// Adds `delta` to every value of column `c`, saturating.
    pub fn shift(&mut self, c: usize, delta: i64) {
        if let Some(col) = self.cols.get_mut(c) {
            for v in col {
                *v = v.saturating_add(delta);
            }
        }
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.cols.iter().map(|c| c.capacity() * 8).sum()
    }
}

/// Pushes the values of column `c` of new rows `rows` onto `out` ([`Segments::extend`]).
pub type Fill<'a> = dyn FnMut(usize, Range<usize>, &mut Vec<i64>) + 'a;

/// Rows in segments: sealed ones, then the open one.
#[derive(Debug, Default, Clone)]
pub struct Segments {
    sealed: Vec<Sealed>,
    open: Open,
}

impl Segments {
    /// Rows held.
    pub fn len(&self) -> usize {
        (self.sealed.len() << SEG_SHIFT) + self.open.len()
    }

    /// Appends a row; seals the open segment once it is full.
    #[inline]
    pub fn push(&mut self, row: &[i64; COLS]) {
        self.open.push(row);
        self.seal_full();
    }

    fn seal_full(&mut self) {
        if self.open.len() == SEG_ROWS {
            self.sealed.push(Sealed::seal(&self.open));
            self.open.clear();
        }
    }

    /// Appends `n` rows a column at a time: `fill(c, rows, out)` pushes onto `out` the values
    /// of column `c` of the new rows `rows` (a part of `0..n` that fits the open segment).
    pub fn extend(&mut self, n: usize, fill: &mut Fill<'_>) {
        let mut done = 0;
        while done < n {
            self.open.reserve();
            let take = (n - done).min(SEG_ROWS - self.open.len());
            for (c, col) in self.open.cols.iter_mut().enumerate() {
                fill(c, done..done + take, col);
            }
            done += take;
            self.seal_full();
        }
    }

    /// Value of column `c` at row `i` (0 past the end).
    #[inline]
    pub fn get(&self, c: usize, i: usize) -> i64 {
        let (s, j) = (i >> SEG_SHIFT, i & (SEG_ROWS - 1));
        match self.sealed.get(s) {
            Some(seg) => seg.get(c, j),
            None if s == self.sealed.len() => self.open.get(c, j),
            None => 0,
        }
    }

    /// Appends column `c` of segment `s`'s rows to `out`, in row order (nothing for a
    /// segment past the open one).
    pub fn decode(&self, c: usize, s: usize, out: &mut Vec<i64>) {
        match self.sealed.get(s) {
            Some(seg) => seg.decode(c, out),
            None if s == self.sealed.len() => {
                out.extend_from_slice(self.open.cols.get(c).map_or(&[][..], |v| &v[..]));
            }
            None => {}
        }
    }

    /// The first and last instant of sealed segment `s` when its instants never go down
    /// ([`Sealed::rising`]); None for the open segment.
    pub fn rising(&self, s: usize) -> Option<(i64, i64)> {
        self.sealed.get(s)?.rising()
    }

    /// Adds `delta` to every value of column `c` (saturating in the open segment; sealed
    /// segments wrap, which only differs for instants at the ends of time).
    pub fn shift(&mut self, c: usize, delta: i64) {
        for seg in &mut self.sealed {
            seg.shift(c, delta);
        }
        self.open.shift(c, delta);
    }

    /// The sealed segments (for tests).
    #[cfg(test)]
    pub fn sealed(&self) -> &[Sealed] {
        &self.sealed
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.sealed.iter().map(Sealed::heap_bytes).sum::<usize>()
            + self.sealed.capacity() * std::mem::size_of::<Sealed>()
            + self.open.heap_bytes()
    }
}
