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

proptest! {
    /// A few sorted lists joined (a load's sources): merged rather than sorted.
    #[test]
    fn joined_sorted_lists_equal_the_standard_stable_sort(
        lists in proptest::collection::vec(
            proptest::collection::vec((0u8..50, any::<u16>()), 0..60),
            1..12,
        )
    ) {
        let (mut v, want) = joined_sorted(lists, |x| x.0);
        sort_stable_by_key(&mut v, |x| x.0);
        prop_assert_eq!(v, want);
    }
}

proptest! {
    /// A sorted list with a few elements appended, or any list: the standard stable sort.
    #[test]
    fn appended_elements_merge_like_the_standard_stable_sort(
        mut head in proptest::collection::vec((0u8..40, any::<u16>()), 0..200),
        tail in proptest::collection::vec((0u8..40, any::<u16>()), 0..40),
        shuffled in any::<bool>(),
    ) {
        if !shuffled {
            head.sort_by_key(|x| x.0);
        }
        let mut v = head;
        v.extend(tail);
        let mut want = v.clone();
        want.sort_by_key(|x| x.0);
        let cmp = |a: &(u8, u16), b: &(u8, u16)| a.0.cmp(&b.0);
        if !sort_appended_by(&mut v, cmp, |_| (u8::MAX, u16::MAX)) {
            sort_stable_by(&mut v, cmp);
        }
        prop_assert_eq!(v, want);
    }
}

proptest! {
    #[test]
    fn unique_keys_sort_like_the_standard_sort(v in proptest::collection::vec(any::<u16>(), 0..300)) {
        let mut v: Vec<(u16, u32)> = v.into_iter().zip(0..).collect();
        let mut want = v.clone();
        want.sort();
        sort_by_unique_key(&mut v, |x| (i64::from(x.0) - 100, x.1));
        prop_assert_eq!(v, want);
    }

    /// A list in order by a coarse key, its ties sorted by a finer one: a stable sort.
    #[test]
    fn sorted_ties_equal_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, 0u8..4, any::<u16>()), 0..300)) {
        let mut v = v;
        v.sort_by_key(|x| x.0);
        let mut want = v.clone();
        want.sort_by_key(|x| (x.0, x.1));
        sort_ties(&mut v, |a, b| a.0 == b.0, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        prop_assert_eq!(v, want);
    }
}

#[test]
fn many_runs_are_sorted_too() {
    let mut v: Vec<(u32, u32)> = (0..3000).map(|i| ((3000 - i) / 2, i)).collect();
    let mut want = v.clone();
    want.sort_by_key(|x| x.0);
    sort_stable_by_key(&mut v, |x| x.0);
    assert_eq!(v, want);
}

#[test]
fn equal_keys_keep_their_order() {
    let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
    sort_stable_by(&mut v, |x, y| x.0.cmp(&y.0));
    assert_eq!(v, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
}
