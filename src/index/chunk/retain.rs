//! A block's chunk cut down to the rows inside a time window: the rows kept, with only the
//! values they use, numbered again from 0.

use super::{FIELDS, IndexChunk};

impl IndexChunk {
    /// A copy holding only the rows whose logged instant `keep` accepts (a time window), with
    /// only their values; None when it accepts every row.
    pub fn retained(&self, keep: &dyn Fn(i64) -> bool) -> Option<IndexChunk> {
        if self.ts.iter().all(|&t| keep(t)) {
            return None;
        }
        let rows: Vec<usize> = (0..self.len()).filter(|&i| keep(self.ts[i])).collect();
        let mut out = IndexChunk::default();
        for &i in &rows {
            out.ts.push(self.ts[i]);
            out.line.push(self.line[i]);
            out.offset.push(self.offset[i]);
            out.time_taken.push(self.time_taken[i]);
        }
        keep_used(
            &rows,
            &self.status,
            &self.statuses,
            &mut out.status,
            &mut out.statuses,
        );
        for f in 0..FIELDS {
            let (ids, values) = (&mut out.ids[f], &mut out.values[f]);
            keep_used(&rows, &self.ids[f], &self.values[f], ids, values);
        }
        Some(out)
    }
}

/// The local ids of `rows` and the values they use, numbered again from 0 in order of use.
fn keep_used<T: Copy>(
    rows: &[usize],
    ids: &[u32],
    values: &[T],
    out_ids: &mut Vec<u32>,
    out_values: &mut Vec<T>,
) {
    let mut renumbered = vec![u32::MAX; values.len()];
    for &i in rows {
        let old = ids[i] as usize;
        if renumbered[old] == u32::MAX {
            renumbered[old] = u32::try_from(out_values.len()).unwrap_or(u32::MAX);
            out_values.push(values[old]);
        }
        out_ids.push(renumbered[old]);
    }
}
