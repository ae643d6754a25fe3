use super::*;
use crate::read::text::LineText;
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
        let indexes = [Arc::new(index(3, &a)), Arc::new(index(7, &b))];
        let mut clock = Clock::default();
        clock.set_offset(SourceId(3), off_a);
        clock.set_offset(SourceId(7), off_b);
        let merged = merge(&indexes, &clock);
        prop_assert_eq!(merged.len(), a.len() + b.len());
        let mut seen = merged.to_vec();
        seen.sort_unstable();
        seen.dedup();
        prop_assert_eq!(seen.len(), merged.len());
        let t = |&(k, r): &(u16, u32)| {
            indexes[usize::from(k)].ts(r as usize).0 + if k == 0 { off_a } else { off_b }
        };
        for w in merged.to_vec().windows(2) {
            prop_assert!(t(&w[0]) <= t(&w[1]));
        }
    }
}

#[test]
fn appended_rows_are_merged_in_time_order() {
    use crate::index::{Merged, RequestIndex};
    use crate::read::text::LineText;
    use crate::record::W3cRecord;
    use crate::source::SourceId;
    use crate::time::UtcMs;
    let rec = |line: u64, ts: i64| W3cRecord {
        line,
        ts: UtcMs(ts),
        ..Default::default()
    };
    let mut a = RequestIndex::new(SourceId(0), LineText::None);
    let mut b = RequestIndex::new(SourceId(1), LineText::None);
    for (i, t) in [10, 30, 50].into_iter().enumerate() {
        a.push(&rec(i as u64 + 1, t));
    }
    b.push(&rec(1, 20));
    let analysis = crate::pipeline::Analysis {
        requests: vec![Arc::new(a), Arc::new(b)],
        ..Default::default()
    };
    let mut data = Data::new(analysis);
    let clock = Clock::default();
    let mut merged: Merged = merge(&data.analysis.requests, &clock);
    let mut more = RequestIndex::new(SourceId(1), LineText::None);
    more.push(&rec(2, 40));
    more.push(&rec(3, 60));
    let new = data.append_rows(1, &more);
    insert(
        &mut merged,
        &data,
        &clock,
        new.map(|r| (1u16, r as u32)).collect(),
    );
    assert_eq!(
        merged.to_vec(),
        vec![(0, 0), (1, 0), (0, 1), (1, 1), (0, 2), (1, 2)]
    );
    let mut late = RequestIndex::new(SourceId(0), LineText::None);
    late.push(&rec(3, 50));
    late.push(&rec(4, 70));
    let new = data.append_rows(0, &late);
    assert_eq!(new, 3..4, "line 3 was loaded already");
    insert(
        &mut merged,
        &data,
        &clock,
        new.map(|r| (0u16, r as u32)).collect(),
    );
    assert_eq!(merged.last(), Some((0, 3)));
}

/// The order `merge_runs` must give, the plain way: every item keyed by (time, list,
/// position) and sorted.
fn merged_by_sort(lists: &[Vec<(u32, u32)>], time: impl Fn(usize, u32) -> i64) -> Vec<u32> {
    let mut all: Vec<(i64, usize, usize, u32)> = lists
        .iter()
        .enumerate()
        .flat_map(|(k, l)| {
            let time = &time;
            l.iter()
                .enumerate()
                .map(move |(i, &(r, h))| (time(k, r), k, i, h))
        })
        .collect();
    all.sort_unstable();
    all.into_iter().map(|(_, _, _, h)| h).collect()
}

proptest! {
    #[test]
    fn final_legs_are_merged_as_a_sort_by_time_list_and_position_would(
        lists in proptest::collection::vec(
            proptest::collection::vec((0i64..6, any::<u32>()), 0..30),
            0..6,
        ),
        offsets in proptest::collection::vec(-3i64..3, 6),
    ) {
        // Rows are positions; each list in the order of its times (few distinct: many ties).
        let times: Vec<Vec<i64>> = lists
            .iter()
            .map(|l| {
                let mut t: Vec<i64> = l.iter().map(|&(t, _)| t).collect();
                t.sort_unstable();
                t
            })
            .collect();
        let lists: Vec<Vec<(u32, u32)>> = lists
            .iter()
            .map(|l| l.iter().enumerate().map(|(r, &(_, h))| (r as u32, h)).collect())
            .collect();
        let time = |k: usize, r: u32| times[k][r as usize] + offsets[k];
        let slices: Vec<&[(u32, u32)]> = lists.iter().map(Vec::as_slice).collect();
        prop_assert_eq!(merge_runs(&slices, vec![7], time), merged_by_sort(&lists, time));
    }
}
