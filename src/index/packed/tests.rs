use super::*;
use proptest::prelude::*;

/// Packs `values`, checks every one reads back, and returns the packing.
fn round_trip(values: &[i64], predict: Predict) -> Packed {
    let mut store = Store::default();
    // Another column first, so offsets into the shared storage are exercised.
    let _ = Packed::encode(&[7, 1 << 40, -3], Predict::Constant, &mut store);
    let p = Packed::encode(values, predict, &mut store);
    for (i, &v) in values.iter().enumerate() {
        assert_eq!(
            p.get(&store.words, &store.exc_rows, i),
            v,
            "row {i} of {values:?}"
        );
    }
    let mut decoded = vec![-1];
    p.decode(&store.words, &store.exc_rows, values.len(), &mut decoded);
    assert_eq!(decoded[1..], *values, "decoded front to back");
    p
}

#[test]
fn equal_values_take_no_bits() {
    let p = round_trip(&[42; 4096], Predict::Constant);
    assert_eq!((p.bits(), p.exceptions()), (0, 0));
    let p = round_trip(&[0; 10], Predict::LinearSeconds);
    assert_eq!(p.bits(), 0);
}

#[test]
fn width_grows_with_the_values() {
    let small: Vec<i64> = (0..4096).map(|i| i % 4).collect();
    assert_eq!(round_trip(&small, Predict::Constant).bits(), 2);
    let bytes: Vec<i64> = (0..4096).map(|i| i % 256).collect();
    assert_eq!(round_trip(&bytes, Predict::Constant).bits(), 8);
    let codes: Vec<i64> = (0..4096).map(|i| i * 13 % 3000).collect();
    assert_eq!(round_trip(&codes, Predict::Constant).bits(), 12);
    let wide: Vec<i64> = (0..4096).map(|i| i << 40).collect();
    let p = round_trip(&wide, Predict::Constant);
    assert!(p.bits() >= 52 && p.exceptions() == 0, "{}", p.bits());
}

#[test]
fn rare_big_values_are_exceptions_and_read_back() {
    // Durations: mostly a few ms, a long poll now and then.
    let mut v: Vec<i64> = (0..4096).map(|i| i % 15).collect();
    v[17] = 1_800_000;
    v[4095] = u32::MAX.into();
    let p = round_trip(&v, Predict::Constant);
    assert_eq!((p.bits(), p.exceptions()), (4, 2));
    // A value equal to the all-ones slot that is not an exception.
    let mut v: Vec<i64> = (0..4096).map(|i| i % 16).collect();
    v[5] = 1 << 50;
    let p = round_trip(&v, Predict::Constant);
    assert_eq!((p.bits(), p.exceptions()), (4, 1));
}

#[test]
fn a_sparse_column_is_zero_bits_plus_its_few_values() {
    let mut v = vec![0i64; 4096];
    for (i, id) in [(3, 9), (2000, 1), (4095, 70_000)] {
        v[i] = id;
    }
    let p = round_trip(&v, Predict::Constant);
    assert_eq!((p.bits(), p.exceptions()), (0, 3));
}

#[test]
fn instants_in_whole_seconds_pack_per_second() {
    let base = 1_730_764_800_000i64;
    // ~40 rows a second with some jitter backwards.
    let v: Vec<i64> = (0..4096)
        .map(|i| base + (i / 40) * 1000 - if i % 7 == 0 { 1000 } else { 0 })
        .collect();
    let p = round_trip(&v, Predict::LinearSeconds);
    assert!(p.bits() <= 3, "{}", p.bits());
    // One instant with milliseconds: the column falls back to ms, still exact.
    let mut ms = v.clone();
    ms[100] += 1;
    let p = round_trip(&ms, Predict::LinearSeconds);
    assert!(p.bits() > 3);
}

#[test]
fn line_numbers_and_offsets_follow_a_line() {
    let lines: Vec<i64> = (0..4096).map(|i| 5 + i).collect();
    assert_eq!(round_trip(&lines, Predict::Linear).bits(), 0);
    let mut at = 0i64;
    let offsets: Vec<i64> = (0..4096)
        .map(|i| {
            let o = at;
            at += 250 + (i * 37 % 100);
            o
        })
        .collect();
    let p = round_trip(&offsets, Predict::Linear);
    assert!(p.bits() < 16, "{}", p.bits());
}

#[test]
fn deltas_that_overflow_any_narrow_width_still_round_trip() {
    // Offsets past 4 GiB, instants jumping by years and back, both ends of i64.
    let v = [
        0,
        5_000_000_000,
        i64::MAX,
        i64::MIN,
        -1,
        1,
        i64::MAX - 1,
        4_294_967_296,
    ];
    for predict in [Predict::Constant, Predict::Linear, Predict::LinearSeconds] {
        round_trip(&v, predict);
        round_trip(&v[..1], predict);
        round_trip(&[], predict);
    }
}

proptest! {
    #[test]
    fn any_values_round_trip(
        values in proptest::collection::vec(
            proptest::prop_oneof![
                0i64..16,
                0i64..100_000,
                proptest::num::i64::ANY,
                (0i64..1000).prop_map(|s| 1_700_000_000_000 + s * 1000),
            ],
            0..600,
        ),
        sorted in proptest::bool::ANY,
    ) {
        let mut values = values;
        if sorted {
            values.sort_unstable();
        }
        for predict in [Predict::Constant, Predict::Linear, Predict::LinearSeconds] {
            let mut store = Store::default();
            let p = Packed::encode(&values, predict, &mut store);
            for (i, &v) in values.iter().enumerate() {
                prop_assert_eq!(p.get(&store.words, &store.exc_rows, i), v);
            }
            let mut decoded = Vec::new();
            p.decode(&store.words, &store.exc_rows, values.len(), &mut decoded);
            prop_assert_eq!(&decoded, &values);
        }
    }
}

proptest! {
    /// The packing loop lays slots out exactly as setting their bits one by one would.
    #[test]
    fn slots_are_laid_out_bit_by_bit(
        values in proptest::collection::vec(proptest::num::i64::ANY, 0..200),
        lo in proptest::num::i64::ANY,
        bits in 1u32..=64,
    ) {
        let mut words = vec![7u64];
        pack_slots(&values, lo, bits, &mut words);
        let mut want = vec![0u64; (values.len() * bits as usize).div_ceil(64)];
        for (i, &v) in values.iter().enumerate() {
            let s = (v.wrapping_sub(lo) as u64).min(mask(bits));
            for k in 0..bits as usize {
                if s >> k & 1 == 1 {
                    let bit = i * bits as usize + k;
                    want[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        prop_assert_eq!(words[0], 7);
        prop_assert_eq!(&words[1..], &want[..]);
    }
}

#[test]
fn min_max_takes_pairs_and_the_odd_value_out() {
    assert_eq!(min_max(&[]), (0, 0));
    assert_eq!(min_max(&[i64::MIN]), (i64::MIN, i64::MIN));
    assert_eq!(min_max(&[i64::MAX, i64::MIN]), (i64::MIN, i64::MAX));
    assert_eq!(min_max(&[3, 1, 2]), (1, 3));
    // The extremes only in the last, unpaired value.
    assert_eq!(min_max(&[0, 0, i64::MAX]), (0, i64::MAX));
    assert_eq!(min_max(&[0, 0, i64::MIN]), (i64::MIN, 0));
}

#[test]
fn exceptions_first_and_last_in_a_segment_read_back() {
    let mut v: Vec<i64> = (0..4096).map(|i| i % 3).collect();
    v[0] = i64::MAX;
    v[4095] = i64::MIN;
    let p = round_trip(&v, Predict::Constant);
    assert_eq!((p.bits(), p.exceptions()), (2, 2));
    // One row that differs from the rest: no bits, that row an exception.
    let mut v = vec![5i64; 4096];
    v[4000] = 6;
    let p = round_trip(&v, Predict::Constant);
    assert_eq!((p.bits(), p.exceptions()), (0, 1));
    // Two rows, the smallest last: one bit each, no exception.
    let p = round_trip(&[6, 5], Predict::Constant);
    assert_eq!((p.bits(), p.exceptions()), (1, 0));
}

proptest! {
    #[test]
    fn min_max_is_the_smallest_and_largest(
        values in proptest::collection::vec(
            proptest::prop_oneof![proptest::num::i64::ANY, -3i64..3],
            0..40,
        ),
    ) {
        let want = match (values.iter().min(), values.iter().max()) {
            (Some(&lo), Some(&hi)) => (lo, hi),
            _ => (0, 0),
        };
        prop_assert_eq!(min_max(&values), want);
    }
}
