//! The rows of the request index in fixed-size segments: every full segment is sealed into
//! bit-packed columns ([`super::packed`]) sized to its values, the last one stays open with
//! plain columns. Growth never copies what is already stored and leaves no spare capacity
//! behind, and a row's segment is its number shifted right.

use super::packed::{Packed, Predict, Store};

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
}

impl Sealed {
    /// Packs the open segment's rows (at most [`SEG_ROWS`]).
    pub fn seal(open: &Open) -> Sealed {
        let mut store = Store::default();
        let mut column = Vec::with_capacity(open.len());
        let cols = std::array::from_fn(|c| {
            column.clear();
            column.extend(open.rows.iter().map(|r| r[c]));
            Packed::encode(&column, PREDICT[c], &mut store)
        });
        Sealed {
            cols,
            words: store.words.into_boxed_slice(),
            exc_rows: store.exc_rows.into_boxed_slice(),
        }
    }

    /// Value of column `c` at row `i` of the segment.
    #[inline]
    pub fn get(&self, c: usize, i: usize) -> i64 {
        self.cols
            .get(c)
            .map_or(0, |p| p.get(&self.words, &self.exc_rows, i))
    }

    /// Adds `delta` to every value of column `c`.
    pub fn shift(&mut self, c: usize, delta: i64) {
        if let Some(p) = self.cols.get_mut(c) {
            p.shift(delta);
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

/// The segment being filled, row by row.
#[derive(Debug, Default, Clone)]
pub struct Open {
    rows: Vec<[i64; COLS]>,
}

impl Open {
    /// Rows held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Appends a row.
    #[inline]
    pub fn push(&mut self, row: &[i64; COLS]) {
        if self.rows.capacity() == 0 {
            self.rows.reserve_exact(SEG_ROWS);
        }
        self.rows.push(*row);
    }

    /// Empties the segment, keeping its storage.
    pub fn clear(&mut self) {
        self.rows.clear();
    }

    /// Value of column `c` at row `i`.
    #[inline]
    pub fn get(&self, c: usize, i: usize) -> i64 {
        self.rows
            .get(i)
            .and_then(|r| r.get(c))
            .copied()
            .unwrap_or(0)
    }

    /// Adds `delta` to every value of column `c`, saturating.
    pub fn shift(&mut self, c: usize, delta: i64) {
        for r in &mut self.rows {
            if let Some(v) = r.get_mut(c) {
                *v = v.saturating_add(delta);
            }
        }
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.rows.capacity() * std::mem::size_of::<[i64; COLS]>()
    }
}

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
        if self.open.len() == SEG_ROWS {
            self.sealed.push(Sealed::seal(&self.open));
            self.open.clear();
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
