//! Merging a few sorted runs that lie one after another in one list (a load's sources, each
//! sorted on the thread that parsed it) without a second list and without moving the elements
//! along the merge's cycles: for a list of a hundred megabytes every step of a cycle is two
//! cache misses.
//!
//! The merged order is written out a block at a time, into blocks of the list whose elements
//! have all been taken already (a few blocks of stand-ins are added when none is free yet: the
//! runs' heads keep at most one partly taken block each). Each element moves once, reading
//! every run front to back and writing one block front to back. The blocks are then put in
//! order by swapping whole blocks, and the stand-ins cut off.

use std::cmp::Ordering;

/// Sorts `v` by `cmp` keeping equal elements in their order, like
/// [`super::sort_stable_by`], when `v` is a few sorted runs one after another: the runs are
/// merged a block at a time (scratch: 4 bytes an element, and a few blocks of stand-ins that
/// `hollow` makes and that are dropped again). A list of many runs is sorted by
/// [`super::sort_stable_by`].
pub fn sort_runs_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering, hollow: impl Fn(&T) -> T) {
    let Ok(n) = u32::try_from(v.len()) else {
        v.sort_by(cmp);
        return;
    };
    let bounds = super::runs(v, &cmp);
    let runs = bounds.len() - 1;
    if runs <= 1 {
        return;
    }
    if runs > super::MAX_RUNS {
        super::sort_stable_by(v, cmp);
        return;
    }
    let from = super::merged(v, &cmp, &bounds, n);
    apply_in_blocks(v, &from, block_len(v.len(), runs), hollow);
}

/// Elements a block: large enough that a block moves as one sequential copy, small enough that
/// the stand-in blocks (about one per run) stay a small part of the list.
fn block_len(n: usize, runs: usize) -> usize {
    (n / (16 * (runs + 2))).clamp(64, 4096)
}

/// A block written with the merged order (its count of elements still to take is meaningless).
const OUT: usize = usize::MAX;

/// Puts `v[from[i]]` at `i` for every `i`, `from` being a merge of a few runs of `v` (any
/// permutation is applied right; a merge of a few runs needs only a few stand-in blocks).
fn apply_in_blocks<T>(v: &mut Vec<T>, from: &[u32], b: usize, hollow: impl Fn(&T) -> T) {
    let n = v.len();
    let Some(first) = v.first() else {
        return;
    };
    let proto = hollow(first);
    let padded = n.div_ceil(b) * b;
    v.reserve_exact(padded - n + 4 * b);
    v.resize_with(padded, || hollow(&proto));
    // Per block, how many of the list's own elements it still holds; blocks holding none are
    // free to take a block of the merged order.
    let mut left: Vec<usize> = (0..padded / b)
        .map(|j| n.saturating_sub(j * b).min(b))
        .collect();
    let mut free: Vec<usize> = (0..left.len()).rev().filter(|&j| left[j] == 0).collect();
    // The block the merged order's block `o` was written to.
    let mut home: Vec<usize> = Vec::with_capacity(n.div_ceil(b));
    let mut at = 0;
    for (i, &src) in from.iter().enumerate() {
        let off = i % b;
        if off == 0 {
            let block = free.pop().unwrap_or_else(|| {
                v.extend((0..b).map(|_| hollow(&proto)));
                left.push(0);
                left.len() - 1
            });
            left[block] = OUT;
            home.push(block);
            at = block * b;
        }
        let src = src as usize;
        v.swap(src, at + off);
        let j = src / b;
        left[j] -= 1;
        if left[j] == 0 {
            free.push(j);
        }
    }
    order_blocks(v, &home, left.len(), b);
    v.truncate(n);
}

/// Swaps whole blocks so that block `home[o]` ends at `o` (the blocks no `home` names fill the
/// places after).
fn order_blocks<T>(v: &mut [T], home: &[usize], blocks: usize, b: usize) {
    let mut used = vec![false; blocks];
    for &h in home {
        used[h] = true;
    }
    let mut from: Vec<usize> = home.to_vec();
    from.extend((0..blocks).filter(|&j| !used[j]));
    super::walk_cycles(
        &mut from,
        usize::MAX,
        |j| j,
        |at, src| {
            swap_blocks(v, at, src, b);
        },
    );
}

fn swap_blocks<T>(v: &mut [T], x: usize, y: usize, b: usize) {
    let (lo, hi) = (x.min(y), x.max(y));
    let (left, right) = v.split_at_mut(hi * b);
    left[lo * b..(lo + 1) * b].swap_with_slice(&mut right[..b]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOLLOW: (u16, u32) = (u16::MAX, u32::MAX);

    fn by_key(a: &(u16, u32), b: &(u16, u32)) -> Ordering {
        a.0.cmp(&b.0)
    }

    proptest! {
        /// A few sorted lists joined: merged block by block, as the standard stable sort orders
        /// them, every stand-in gone.
        #[test]
        fn joined_sorted_lists_merge_like_the_standard_stable_sort(
            lists in proptest::collection::vec(
                proptest::collection::vec((0u16..60, any::<u32>()), 0..400),
                1..9,
            )
        ) {
            let (mut v, want) = crate::order::joined_sorted(lists, |x| x.0);
            sort_runs_by(&mut v, by_key, |_| HOLLOW);
            prop_assert_eq!(v, want);
        }

        /// Any permutation is applied right, whatever the block length.
        #[test]
        fn any_permutation_is_applied(
            v in proptest::collection::vec(any::<u32>(), 1..300),
            seed in any::<u64>(),
            b in 1usize..40,
        ) {
            let n = v.len();
            let mut from: Vec<u32> = (0..n as u32).collect();
            let mut s = seed | 1;
            for i in (1..n).rev() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                from.swap(i, (s % (i as u64 + 1)) as usize);
            }
            let want: Vec<(u16, u32)> = from.iter().map(|&f| (0, v[f as usize])).collect();
            let mut got: Vec<(u16, u32)> = v.iter().map(|&x| (0, x)).collect();
            apply_in_blocks(&mut got, &from, b, |_| HOLLOW);
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn lists_of_many_runs_and_long_lists_are_sorted() {
        // More runs than are merged (sorted instead), then four long runs (several blocks each,
        // the length not a multiple of the block).
        let mut many: Vec<(u16, u32)> = (0..3000).map(|i| (((3000 - i) / 2) as u16, i)).collect();
        let mut four: Vec<(u16, u32)> = (0..4)
            .flat_map(|r| (0..9_999u32).map(move |i| ((i / 3 + r * 7) as u16, r * 10_000 + i)))
            .collect();
        for v in [&mut many, &mut four] {
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            sort_runs_by(v, by_key, |_| HOLLOW);
            assert_eq!(*v, want);
        }
    }

    #[test]
    fn blocks_stay_a_small_part_of_the_list() {
        assert_eq!(block_len(100, 4), 64);
        assert_eq!(block_len(1_900_000, 4), 4096);
        assert_eq!(block_len(200_000, 100), 122);
    }
}
