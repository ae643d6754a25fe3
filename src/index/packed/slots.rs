//! Writing a column's slots at a fixed width: the inner loop of sealing a segment, run for
//! every value of every column the explorer indexes.
//!
//! Sixty-four slots of `B` bits fill exactly `B` words, so for the narrow widths columns mostly
//! take (codes, durations, residuals of instants) a group of sixty-four values is packed by
//! code made for that width: every slot's word and shift are constants, and a value costs a
//! subtraction, a clamp, a shift and an or. Wider widths, and the values after the last whole
//! group, take the general loop. Both write the same bits.

/// Widest slot with a loop of its own.
const FIXED_MAX: u32 = 24;

/// All ones in the low `bits` bits.
pub(super) fn mask(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// Appends the slots of `values` (each less `lo`) at `bits` (1..=64) each to `words`, a slot
/// too wide stored all ones (an exception's mark).
pub(super) fn pack_slots(values: &[i64], lo: i64, bits: u32, words: &mut Vec<u64>) {
    let first = words.len();
    words.resize(first + (values.len() * bits as usize).div_ceil(64), 0);
    let out = &mut words[first..];
    let groups = match bits {
        1..=FIXED_MAX => fixed_groups(values, lo, bits, out),
        _ => 0,
    };
    let done = groups * 64;
    let rest_out = out.get_mut(groups * bits as usize..).unwrap_or_default();
    pack_any(values.get(done..).unwrap_or_default(), lo, bits, rest_out);
}

/// Packs the whole groups of sixty-four values with the loop made for `bits` (1..=
/// [`FIXED_MAX`]); the number of groups packed.
fn fixed_groups(values: &[i64], lo: i64, bits: u32, out: &mut [u64]) -> usize {
    macro_rules! widths {
        ($($b:literal)*) => {
            match bits {
                $($b => groups::<$b>(values, lo, out),)*
                _ => 0,
            }
        };
    }
    widths!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24)
}

/// Packs each whole group of sixty-four values into `B` words of `out`.
#[inline(never)]
fn groups<const B: u32>(values: &[i64], lo: i64, out: &mut [u64]) -> usize {
    let top = mask(B);
    let mut n = 0;
    for (group, words) in values
        .chunks_exact(64)
        .zip(out.chunks_exact_mut(B as usize))
    {
        let Ok(group) = <&[i64; 64]>::try_from(group) else {
            break;
        };
        let mut acc = [0u64; 64];
        // Written out for each of the sixty-four slots, so that with the width a constant every
        // slot's word and shift are constants too.
        macro_rules! slots {
            ($($k:literal)*) => {$(
                let s = (group[$k].wrapping_sub(lo) as u64).min(top);
                let bit = $k * B as usize;
                let (w, shift) = (bit / 64, (bit % 64) as u32);
                acc[w] |= s << shift;
                if shift + B > 64 {
                    acc[w + 1] |= s >> (64 - shift);
                }
            )*};
        }
        slots!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63);
        words.copy_from_slice(&acc[..B as usize]);
        n += 1;
    }
    n
}

/// Packs `values` at `bits` into `out` (zeroed, long enough), one slot after another. Its own
/// function over a plain slice, so the loop keeps its state in registers.
#[inline(never)]
fn pack_any(values: &[i64], lo: i64, bits: u32, out: &mut [u64]) {
    let top = mask(bits);
    let (mut acc, mut filled, mut at) = (0u64, 0u32, 0usize);
    for &v in values {
        let s = (v.wrapping_sub(lo) as u64).min(top);
        acc |= s << filled;
        filled += bits;
        if filled >= 64 {
            if let Some(w) = out.get_mut(at) {
                *w = acc;
            }
            at += 1;
            filled -= 64;
            // The bits of `s` that did not fit start the next word.
            acc = if filled == 0 { 0 } else { s >> (bits - filled) };
        }
    }
    if filled > 0
        && let Some(w) = out.get_mut(at)
    {
        *w = acc;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The slots one after another, the plain way.
    fn reference(values: &[i64], lo: i64, bits: u32) -> Vec<u64> {
        let mut out = vec![0u64; (values.len() * bits as usize).div_ceil(64)];
        pack_any(values, lo, bits, &mut out);
        out
    }

    proptest! {
        #[test]
        fn every_width_writes_the_bits_of_the_plain_loop(
            values in proptest::collection::vec(proptest::num::i64::ANY, 0..300),
            small in proptest::collection::vec(0i64..40, 0..300),
            lo in -5i64..5,
            bits in 1u32..=64,
        ) {
            for v in [&values, &small] {
                let mut words = vec![7u64];
                pack_slots(v, lo, bits, &mut words);
                prop_assert_eq!(words[0], 7);
                let want = reference(v, lo, bits);
                prop_assert_eq!(&words[1..], want.as_slice());
            }
        }
    }

    #[test]
    fn a_group_reads_back_slot_by_slot_at_every_fixed_width() {
        for bits in 1..=FIXED_MAX {
            let values: Vec<i64> = (0..200).map(|i| (i * 7919) % (1 << bits.min(20))).collect();
            let mut words = Vec::new();
            pack_slots(&values, 0, bits, &mut words);
            for (i, &v) in values.iter().enumerate() {
                let bit = i * bits as usize;
                let (w, shift) = (bit / 64, (bit % 64) as u32);
                let mut s = words[w] >> shift;
                if shift + bits > 64 {
                    s |= words[w + 1] << (64 - shift);
                }
                assert_eq!(
                    s & mask(bits),
                    v as u64 & mask(bits),
                    "width {bits}, slot {i}"
                );
            }
        }
    }
}
