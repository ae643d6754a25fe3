//! Rows of several request indexes merged by instant, kept as runs.
//!
//! A W3C file is in time order and IIS stamps whole seconds, so the merged order is long runs
//! of consecutive rows of one source (one run for a single server; a run per server and second
//! for several). A run costs 16 bytes however long it is; when runs turn out shorter than two
//! rows on average the order is kept as plain `(index, row)` pairs instead.

use super::segment::SEG_ROWS;
use super::{Instants, RequestIndex};
use crate::time::UtcMs;
use std::borrow::Borrow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Consecutive rows `row..` of index `k`, from merged position `start` to the next run's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    start: u64,
    row: u32,
    k: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Order {
    Runs(Vec<Run>),
    Pairs(Vec<(u16, u32)>),
}

/// `(index position, row)` pairs in time order; ties keep source order then file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    order: Order,
    len: usize,
}

impl Default for Merged {
    fn default() -> Self {
        Merged {
            order: Order::Runs(Vec::new()),
            len: 0,
        }
    }
}

impl Merged {
    /// Merges all rows of `indexes` by instant.
    pub fn build<I: Borrow<RequestIndex>>(indexes: &[I]) -> Self {
        Self::build_offset(indexes, &[])
    }

    /// Merges all rows of `indexes` by instant plus the index's offset in `offsets` (ms, 0 for
    /// an index without one). Each index's ascending stretches are merged through a heap that
    /// hands over whole stretches while they stay before every other index's next row.
    pub fn build_offset<I: Borrow<RequestIndex>>(indexes: &[I], offsets: &[i64]) -> Self {
        // The stretches are found a segment at a time, from a sealed segment's first and last
        // instant where it rises (most do) and else from its instants; the merge then reads
        // each index's rows in order.
        let mut instants: Vec<(Instants<'_>, i64)> = indexes
            .iter()
            .enumerate()
            .map(|(k, idx)| {
                let off = offsets.get(k).copied().unwrap_or(0);
                (Instants::new(idx.borrow()), off)
            })
            .collect();
        // (k, next row, end of its ascending stretch)
        let mut cursors: Vec<(u16, u32, u32)> = Vec::new();
        for (k, (rows, off)) in instants.iter_mut().enumerate() {
            let k = u16::try_from(k).unwrap_or(u16::MAX);
            stretches(rows, *off, k, &mut cursors);
        }
        let mut key = |k: u16, r: u32| {
            instants
                .get_mut(usize::from(k))
                .map_or(0, |(i, off)| i.get(r as usize).saturating_add(*off))
        };
        let mut heap: BinaryHeap<Reverse<(i64, u16, u32, usize)>> = cursors
            .iter()
            .enumerate()
            .map(|(c, &(k, r, _))| Reverse((key(k, r), k, r, c)))
            .collect();
        let mut out = Merged::default();
        while let Some(Reverse((_, k, first, c))) = heap.pop() {
            let Some(cur) = cursors.get_mut(c) else {
                continue;
            };
            let bound = heap.peek().map(|Reverse((t, k, r, _))| (*t, *k, *r));
            // With no other stretch left, the rest of this one follows as it is.
            let mut r = if bound.is_none() { cur.2 } else { first + 1 };
            while r < cur.2 {
                let t = key(k, r);
                if bound.is_some_and(|b| (t, k, r) > b) {
                    heap.push(Reverse((t, k, r, c)));
                    break;
                }
                r += 1;
            }
            cur.1 = r;
            out.push_run(k, first, r - first);
        }
        out.finish();
        out
    }

    /// The pairs of `rows`, in that order.
    pub fn from_rows(rows: impl IntoIterator<Item = (u16, u32)>) -> Self {
        let mut m = Merged::default();
        m.extend(rows);
        m.finish();
        m
    }

    /// Appends rows at the end (keep calling [`Merged::finish`] after a batch).
    pub fn extend(&mut self, rows: impl IntoIterator<Item = (u16, u32)>) {
        for (k, r) in rows {
            self.push_run(k, r, 1);
        }
    }

    fn push_run(&mut self, k: u16, row: u32, n: u32) {
        if n == 0 {
            return;
        }
        let len = self.len as u64;
        match &mut self.order {
            Order::Runs(runs) => {
                let joins = runs.last().is_some_and(|l| {
                    l.k == k && u64::from(l.row) + (len - l.start) == u64::from(row)
                });
                if !joins {
                    runs.push(Run { start: len, row, k });
                }
            }
            Order::Pairs(pairs) => pairs.extend((row..row.saturating_add(n)).map(|r| (k, r))),
        }
        self.len += n as usize;
    }

    /// Keeps the order as pairs when that is smaller than its runs.
    pub fn finish(&mut self) {
        if let Order::Runs(runs) = &self.order
            && runs.len() * std::mem::size_of::<Run>() > self.len * 8
        {
            let pairs: Vec<(u16, u32)> = self.iter().collect();
            self.order = Order::Pairs(pairs);
        }
    }

    /// The pair at merged position `m`.
    pub fn get(&self, m: usize) -> Option<(u16, u32)> {
        if m >= self.len {
            return None;
        }
        match &self.order {
            Order::Runs(runs) => {
                let i = runs
                    .partition_point(|r| r.start <= m as u64)
                    .checked_sub(1)?;
                let run = runs.get(i)?;
                let r = u64::from(run.row) + (m as u64 - run.start);
                Some((run.k, u32::try_from(r).ok()?))
            }
            Order::Pairs(pairs) => pairs.get(m).copied(),
        }
    }

    /// The last pair.
    pub fn last(&self) -> Option<(u16, u32)> {
        self.get(self.len.checked_sub(1)?)
    }

    /// Every pair, in merged order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (u16, u32)> + Send + '_> {
        match &self.order {
            Order::Runs(runs) => {
                let ends = runs
                    .iter()
                    .skip(1)
                    .map(|r| r.start)
                    .chain([self.len as u64]);
                Box::new(runs.iter().zip(ends).flat_map(|(run, end)| {
                    let n = u32::try_from(end - run.start).unwrap_or(u32::MAX);
                    (run.row..run.row.saturating_add(n)).map(move |r| (run.k, r))
                }))
            }
            Order::Pairs(pairs) => Box::new(pairs.iter().copied()),
        }
    }

    /// Every pair, collected (for tests and small orders).
    pub fn to_vec(&self) -> Vec<(u16, u32)> {
        self.iter().collect()
    }

    /// Instant of merged row `m`.
    pub fn ts<I: Borrow<RequestIndex>>(&self, indexes: &[I], m: usize) -> UtcMs {
        self.get(m)
            .and_then(|(k, r)| Some(indexes.get(usize::from(k))?.borrow().ts(r as usize)))
            .unwrap_or_default()
    }

    /// First merged row at or after `at`.
    pub fn lower_bound<I: Borrow<RequestIndex>>(&self, indexes: &[I], at: UtcMs) -> usize {
        super::partition(self.len, |m| self.ts(indexes, m) < at)
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        match &self.order {
            Order::Runs(runs) => runs.capacity() * std::mem::size_of::<Run>(),
            Order::Pairs(pairs) => pairs.capacity() * 8,
        }
    }
}

/// Appends index `k`'s ascending stretches of instants (plus `off`) to `cursors` as
/// `(k, first row, end)`: a stretch ends where an instant is before the one above it.
fn stretches(rows: &mut Instants<'_>, off: i64, k: u16, cursors: &mut Vec<(u16, u32, u32)>) {
    let mut start = 0;
    let mut prev = i64::MIN;
    let mut r = 0;
    loop {
        if let Some((first, last)) = rows.rising(r) {
            let t = first.saturating_add(off);
            if t < prev {
                let at = u32::try_from(r).unwrap_or(u32::MAX);
                cursors.push((k, start, at));
                start = at;
            }
            prev = last.saturating_add(off);
            r += SEG_ROWS;
            continue;
        }
        let (base, values) = rows.segment(r);
        if values.is_empty() {
            break;
        }
        for (i, v) in values.iter().enumerate() {
            let t = v.saturating_add(off);
            if t < prev {
                let at = u32::try_from(base + i).unwrap_or(u32::MAX);
                cursors.push((k, start, at));
                start = at;
            }
            prev = t;
        }
        r = base + values.len();
    }
    let n = u32::try_from(r).unwrap_or(u32::MAX);
    if start < n {
        cursors.push((k, start, n));
    }
}
