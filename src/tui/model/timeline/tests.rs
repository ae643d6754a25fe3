use super::*;
use crate::index::text::LineText;
use crate::record::W3cRecord;
use crate::source::SourceId;
use proptest::prelude::*;

fn index(source: u16, times: &[i64]) -> RequestIndex {
    let mut idx = RequestIndex::new(SourceId(source), LineText::None);
    for (i, &t) in times.iter().enumerate() {
        idx.push(&W3cRecord {
            line: i as u64 + 1,
            ts: UtcMs(t),
            ..Default::default()
        });
    }
    idx
}

proptest! {
    #[test]
    fn merge_is_a_sorted_permutation_under_any_offsets(
        a in proptest::collection::vec(0i64..10_000, 0..40),
        b in proptest::collection::vec(0i64..10_000, 0..40),
        off_a in -5_000i64..5_000,
        off_b in -5_000i64..5_000,
    ) {
        let mut a = a;
        let mut b = b;
        a.sort_unstable();
        b.sort_unstable();
        let indexes = [index(3, &a), index(7, &b)];
        let mut clock = Clock::default();
        clock.set_offset(SourceId(3), off_a);
        clock.set_offset(SourceId(7), off_b);
        let merged = merge(&indexes, &clock);
        prop_assert_eq!(merged.len(), a.len() + b.len());
        let mut seen = merged.rows.clone();
        seen.sort_unstable();
        seen.dedup();
        prop_assert_eq!(seen.len(), merged.len());
        let t = |&(k, r): &(u16, u32)| {
            indexes[usize::from(k)].ts(r as usize).0 + if k == 0 { off_a } else { off_b }
        };
        for w in merged.rows.windows(2) {
            prop_assert!(t(&w[0]) <= t(&w[1]));
        }
    }
}
