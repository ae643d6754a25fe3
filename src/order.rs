//! Stable sorts of big lists in place. The standard stable sorts take a scratch copy of up to
//! half the list, and `sort_by_cached_key` a key per element: for the hundreds of thousands of
//! handshakes of a busy log either is tens of megabytes at the load's peak. Here only a list of
//! 4-byte positions is sorted, then the elements are moved along the permutation's cycles.

use std::cmp::Ordering;

/// Sorts `v` by `cmp` keeping equal elements in their order, with 4 bytes of scratch an
/// element.
pub fn sort_stable_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.is_sorted_by(|a, b| cmp(a, b).is_le()) {
        return;
    }
    let Ok(n) = u32::try_from(v.len()) else {
        v.sort_by(cmp);
        return;
    };
    let mut from: Vec<u32> = (0..n).collect();
    from.sort_unstable_by(|&a, &b| cmp(&v[a as usize], &v[b as usize]).then(a.cmp(&b)));
    permute(v, &mut from);
}

/// Sorts `v` by the key `key` gives, keeping equal elements in their order.
pub fn sort_stable_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_stable_by(v, |a, b| key(a).cmp(&key(b)));
}

const DONE: u32 = u32::MAX;

/// Puts `v[from[i]]` at `i` for every `i` (`from` a permutation; it is used up).
fn permute<T>(v: &mut [T], from: &mut [u32]) {
    for start in 0..from.len() {
        let mut at = start;
        loop {
            let src = from[at];
            if src == DONE {
                break;
            }
            from[at] = DONE;
            let src = src as usize;
            if src == start {
                break;
            }
            v.swap(at, src);
            at = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn equals_the_standard_stable_sort(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..300)) {
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            let mut got = v;
            sort_stable_by_key(&mut got, |x| x.0);
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn equal_keys_keep_their_order() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_stable_by(&mut v, |x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }
}
