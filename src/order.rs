//! Stable sorts of big lists in place. The standard stable sorts take a scratch copy of up to
//! half the list, and `sort_by_cached_key` a key per element: for the hundreds of thousands of
//! handshakes of a busy log either is tens of megabytes at the load's peak. Here a list of
//! 4-byte positions is made (a few ascending runs, as a load's sources give, merged through a
//! heap of their heads; a list of many runs is first sorted in pieces of 32 Ki elements), then
//! the elements are moved along the permutation's cycles.

use std::cmp::Ordering;

mod blocks;
pub use blocks::sort_runs_by;

/// Test input for the merges: `lists`, each sorted by `key`, joined; and what the standard
/// stable sort makes of them.
#[cfg(test)]
fn joined_sorted<T: Clone, K: Ord>(lists: Vec<Vec<T>>, key: impl Fn(&T) -> K) -> (Vec<T>, Vec<T>) {
    let mut v = Vec::new();
    for mut l in lists {
        l.sort_by_key(&key);
        v.extend(l);
    }
    let mut want = v.clone();
    want.sort_by_key(&key);
    (v, want)
}

/// Sorts `v` by `cmp` keeping equal elements in their order, with 4 bytes of scratch an
/// element (and, for a list of many runs, half a piece).
pub fn sort_stable_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.is_sorted_by(|a, b| cmp(a, b).is_le()) {
        return;
    }
    let Ok(n) = u32::try_from(v.len()) else {
        v.sort_by(cmp);
        return;
    };
    let mut bounds = runs(v, &cmp);
    if bounds.len() > MAX_RUNS + 1 {
        // Many runs: each piece sorted on its own (a scratch copy of half a piece), leaving at
        // most MAX_RUNS runs to merge.
        let piece = (v.len() / MAX_RUNS + 1).max(PIECE);
        for p in v.chunks_mut(piece) {
            p.sort_by(&cmp);
        }
        bounds = runs(v, &cmp);
    }
    let mut from = merged(v, &cmp, &bounds, n);
    permute(v, &mut from);
}

/// Lists joined from a few sorted ones (a load's sources) are merged, not sorted again.
const MAX_RUNS: usize = 256;
/// Elements sorted at once when a list has more runs than [`MAX_RUNS`].
const PIECE: usize = 32 * 1024;

/// Starts of the ascending runs of `v`, then its length (stops past [`MAX_RUNS`] runs).
fn runs<T>(v: &[T], cmp: &impl Fn(&T, &T) -> Ordering) -> Vec<usize> {
    let mut out = vec![0];
    for i in 1..v.len() {
        if cmp(&v[i - 1], &v[i]).is_gt() {
            out.push(i);
            if out.len() > MAX_RUNS {
                out.push(v.len());
                return out;
            }
        }
    }
    out.push(v.len());
    out
}

/// The positions of `v` in stable order, merging its ascending runs (`bounds`: their starts,
/// then the end) through a heap of the runs' heads (ties: the earlier run first).
fn merged<T>(v: &[T], cmp: &impl Fn(&T, &T) -> Ordering, bounds: &[usize], n: u32) -> Vec<u32> {
    let mut heads: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
    heads.retain(|&(a, b)| a < b);
    let less =
        |a: &(usize, usize), b: &(usize, usize)| cmp(&v[a.0], &v[b.0]).then(a.0.cmp(&b.0)).is_lt();
    for i in (0..heads.len() / 2).rev() {
        sift_down(&mut heads, i, &less);
    }
    let mut from = Vec::with_capacity(n as usize);
    while let Some(&(at, end)) = heads.first() {
        from.push(at as u32);
        if at + 1 < end {
            heads[0].0 = at + 1;
        } else {
            heads.swap_remove(0);
        }
        sift_down(&mut heads, 0, &less);
    }
    from
}

fn sift_down<H>(heap: &mut [H], mut i: usize, less: &impl Fn(&H, &H) -> bool) {
    loop {
        let (l, r) = (2 * i + 1, 2 * i + 2);
        let mut m = i;
        if l < heap.len() && less(&heap[l], &heap[m]) {
            m = l;
        }
        if r < heap.len() && less(&heap[r], &heap[m]) {
            m = r;
        }
        if m == i {
            return;
        }
        heap.swap(i, m);
        i = m;
    }
}

/// Sorts `v` by unique keys that `key` reads once per element (16 bytes of scratch an
/// element: the keys with 4-byte positions), then moves the elements along the permutation's
/// cycles: for keys costly to read again at every comparison.
pub fn sort_by_unique_key<T>(v: &mut [T], key: impl Fn(&T) -> (i64, u32)) {
    let Ok(n) = u32::try_from(v.len()) else {
        v.sort_by_key(key);
        return;
    };
    let mut keys: Vec<(i64, u32, u32)> = v
        .iter()
        .zip(0..n)
        .map(|(x, i)| {
            let (a, b) = key(x);
            (a, b, i)
        })
        .collect();
    keys.sort_unstable();
    let mut from: Vec<u32> = keys.iter().map(|&(_, _, i)| i).collect();
    drop(keys);
    permute(v, &mut from);
}

/// Sorts each run of neighbours that `same` holds for by `cmp`, keeping equal elements in
/// their order: a list in order by a coarser key (`same` its ties) ends in order by `cmp`,
/// a finer one, as a stable sort by `cmp` would leave it.
pub fn sort_ties<T>(
    v: &mut [T],
    same: impl Fn(&T, &T) -> bool,
    cmp: impl Fn(&T, &T) -> Ordering + Copy,
) {
    for run in v.chunk_by_mut(same) {
        if run.len() > 1 {
            sort_stable_by(run, cmp);
        }
    }
}

/// Sorts `v` by the key `key` gives, keeping equal elements in their order.
pub fn sort_stable_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_stable_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` by `cmp` (stable) when it is in order but for a short tail, as a list is after
/// a few elements were appended to it: the tail is cut off and sorted, then merged in from the
/// back, so only the elements after the first appended one move, each once, in address order.
/// `hollow` makes a cheap stand-in for the slots not yet written (never kept). False, with `v`
/// as it was, when the tail is more than an eighth of the list: a sort suits that better.
#[must_use]
pub fn sort_appended_by<T: Clone>(
    v: &mut Vec<T>,
    cmp: impl Fn(&T, &T) -> Ordering + Copy,
    hollow: impl FnOnce(&T) -> T,
) -> bool {
    let sorted = v
        .windows(2)
        .position(|w| cmp(&w[0], &w[1]).is_gt())
        .map_or(v.len(), |i| i + 1);
    let tail_len = v.len() - sorted;
    if tail_len > v.len() / 8 {
        return false;
    }
    let mut tail = v.split_off(sorted);
    sort_stable_by(&mut tail, cmp);
    let Some(first) = tail.first() else {
        return true;
    };
    let stand_in = hollow(first);
    v.resize(sorted + tail.len(), stand_in);
    // [0, kept) is the unmerged sorted part, [kept, write) stand-ins, [write, len) merged.
    let (mut kept, mut write) = (sorted, v.len());
    while let Some(last) = tail.last() {
        write -= 1;
        if kept > 0 && cmp(&v[kept - 1], last).is_gt() {
            kept -= 1;
            v.swap(kept, write);
        } else if let Some(last) = tail.pop() {
            v[write] = last;
        }
    }
    true
}

const DONE: u32 = u32::MAX;

/// Puts `v[from[i]]` at `i` for every `i` (`from` a permutation; it is used up).
fn permute<T>(v: &mut [T], from: &mut [u32]) {
    walk_cycles(from, DONE, |i| i as usize, |at, src| v.swap(at, src));
}

/// Walks the cycles of the permutation `from` (place `i` takes what is at `from[i]`), calling
/// `swap(at, src)` along each so that every place ends with its element; `from` is used up
/// (each entry set to `done`).
fn walk_cycles<I: Copy + PartialEq>(
    from: &mut [I],
    done: I,
    index: impl Fn(I) -> usize,
    mut swap: impl FnMut(usize, usize),
) {
    for start in 0..from.len() {
        let mut at = start;
        loop {
            let src = from[at];
            if src == done {
                break;
            }
            from[at] = done;
            let src = index(src);
            if src == start {
                break;
            }
            swap(at, src);
            at = src;
        }
    }
}

#[cfg(test)]
mod tests;
