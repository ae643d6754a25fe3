//! The merged order equals a stable sort by `(instant + offset, index, row)`, stored as runs
//! or pairs.

use crate::index::{Merged, RequestIndex};
use crate::read::text::LineText;
use crate::record::W3cRecord;
use crate::source::SourceId;
use crate::time::UtcMs;
use proptest::prelude::*;

fn index(times: &[i64]) -> RequestIndex {
    let mut idx = RequestIndex::new(SourceId(0), LineText::None);
    for (i, &t) in times.iter().enumerate() {
        idx.push(&W3cRecord {
            line: i as u64 + 1,
            ts: UtcMs(t),
            ..Default::default()
        });
    }
    idx
}

fn reference(indexes: &[RequestIndex], offsets: &[i64]) -> Vec<(u16, u32)> {
    let mut rows: Vec<(u16, u32)> = Vec::new();
    for (k, idx) in indexes.iter().enumerate() {
        rows.extend((0..idx.len()).map(|r| (k as u16, r as u32)));
    }
    rows.sort_by_key(|&(k, r)| {
        let off = offsets.get(usize::from(k)).copied().unwrap_or(0);
        (
            indexes[usize::from(k)].ts(r as usize).0.saturating_add(off),
            k,
            r,
        )
    });
    rows
}

fn check(m: &Merged, want: &[(u16, u32)]) {
    assert_eq!(m.len(), want.len());
    assert_eq!(m.to_vec(), want);
    for (pos, &pair) in want.iter().enumerate() {
        assert_eq!(m.get(pos), Some(pair), "position {pos}");
    }
    assert_eq!(m.get(want.len()), None);
    assert_eq!(m.last(), want.last().copied());
}

#[test]
fn one_sorted_source_is_one_run() {
    let times: Vec<i64> = (0..50_000).map(|i| i / 40 * 1000).collect();
    let indexes = [index(&times)];
    let m = Merged::build(&indexes);
    check(&m, &reference(&indexes, &[]));
    assert!(m.heap_bytes() <= 64, "{}", m.heap_bytes());
}

#[test]
fn servers_interleaved_by_second_merge_in_runs_per_second() {
    let times: Vec<i64> = (0..20_000).map(|i| i / 40 * 1000).collect();
    let indexes = [index(&times), index(&times), index(&times)];
    let m = Merged::build(&indexes);
    check(&m, &reference(&indexes, &[]));
    assert!(m.heap_bytes() < 60_000, "{}", m.heap_bytes());
}

#[test]
fn alternating_rows_fall_back_to_pairs() {
    let a: Vec<i64> = (0..1000).map(|i| i * 2).collect();
    let b: Vec<i64> = (0..1000).map(|i| i * 2 + 1).collect();
    let indexes = [index(&a), index(&b)];
    let m = Merged::build(&indexes);
    check(&m, &reference(&indexes, &[]));
    assert!(m.heap_bytes() <= 2000 * 8 * 2, "{}", m.heap_bytes());
}

proptest! {
    #[test]
    fn merge_equals_a_stable_sort(
        sources in proptest::collection::vec(
            proptest::collection::vec(0i64..50, 0..60), 0..4),
        sorted in proptest::collection::vec(proptest::bool::ANY, 4),
        offsets in proptest::collection::vec(-20i64..20, 4),
        extra in proptest::collection::vec((0u16..4, 0u32..3), 0..10),
    ) {
        let indexes: Vec<RequestIndex> = sources
            .iter()
            .zip(&sorted)
            .map(|(t, &s)| {
                let mut t = t.clone();
                if s {
                    t.sort_unstable();
                }
                index(&t)
            })
            .collect();
        let want = reference(&indexes, &offsets);
        let m = Merged::build_offset(&indexes, &offsets);
        check(&m, &want);
        // Extending keeps the order given.
        let mut m = m;
        m.extend(extra.iter().copied());
        m.finish();
        let mut all = want.clone();
        all.extend(extra.iter().copied());
        check(&m, &all);
        check(&Merged::from_rows(all.iter().copied()), &all);
    }
}

#[test]
fn sealed_segments_with_stretches_and_rare_instants_merge_as_a_stable_sort() {
    // Past two sealed segments each; the clock steps back inside the second segment, and a
    // few instants far from the others are packed as exceptions.
    let a: Vec<i64> = (0..10_000i64)
        .map(|i| match i {
            6_000..=6_999 => (i - 3_000) / 7 * 1000,
            4_100 | 8_200 => i / 7 * 1000 + 40_000_000,
            _ => i / 7 * 1000,
        })
        .collect();
    let b: Vec<i64> = (0..9_000i64).map(|i| i / 5 * 1000 + 333).collect();
    let indexes = [index(&a), index(&b), index(&a[..4_500])];
    let offsets = [0, -2_000, 1_000];
    check(
        &Merged::build_offset(&indexes, &offsets),
        &reference(&indexes, &offsets),
    );
}

#[test]
fn instants_read_in_any_order_equal_each_rows_own() {
    let times: Vec<i64> = (0..9_000i64)
        .map(|i| if i % 997 == 0 { i << 30 } else { i * 250 })
        .collect();
    let idx = index(&times);
    let mut instants = crate::index::Instants::new(&idx);
    let order = (0..9_100)
        .chain((0..9_100).rev())
        .chain((0..9_100).step_by(4_093));
    for r in order {
        assert_eq!(instants.get(r), idx.ts(r).0, "row {r}");
    }
    // A segment at a time, as the merge reads them: every row once, nothing past the end.
    let mut r = 0;
    let mut seen = Vec::new();
    loop {
        let (base, values) = instants.segment(r);
        if values.is_empty() {
            break;
        }
        assert_eq!(base, seen.len());
        seen.extend_from_slice(values);
        r = base + values.len();
    }
    let want: Vec<i64> = (0..9_000).map(|r| idx.ts(r).0).collect();
    assert_eq!(seen, want);
    assert_eq!(
        instants.segment(5_000).0,
        4_096,
        "a row's segment starts before it"
    );
    assert!(instants.segment(9_000).1.is_empty());
    assert!(instants.segment(8_999 + 4_096).1.is_empty());
}

#[test]
fn a_step_back_between_rising_sealed_segments_starts_a_stretch_after_a_shift_too() {
    // Each sealed segment rises on its own; the clock goes back exactly where the second
    // begins, and the third starts level with the second's end.
    let a: Vec<i64> = (0..12_500i64)
        .map(|i| match i {
            0..4_096 => 1_000_000 + i * 100,
            4_096..8_192 => 500_000 + (i - 4_096) * 100,
            _ => 500_000 + 4_095 * 100 + (i - 8_192) * 50,
        })
        .collect();
    let b: Vec<i64> = (0..9_000i64).map(|i| 400_000 + i * 130).collect();
    let mut indexes = [index(&a), index(&b)];
    check(&Merged::build(&indexes), &reference(&indexes, &[]));
    indexes[0].shift(-70_000);
    check(
        &Merged::build_offset(&indexes, &[0, 25_000]),
        &reference(&indexes, &[0, 25_000]),
    );
}
