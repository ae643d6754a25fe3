//! Which bytes of a JSON string can need an escape ([`flagged`]), found eight bytes at a time
//! in a machine word rather than byte by byte (tests compare them with the byte-wise answer).

/// A byte flagged by [`needs_escape`]: outside printable ASCII (a control, DEL or any non-ASCII
/// byte), a quote or a backslash.
#[inline(always)]
fn flagged(c: u8) -> bool {
    !(0x20..0x7f).contains(&c) | (c == b'"') | (c == b'\\')
}

/// Each byte `0x01` in a word.
const ONES: u64 = u64::from_le_bytes([1; 8]);
/// The high bit of each byte.
const HIGHS: u64 = ONES << 7;

/// The flagged bytes of a word of eight bytes, worked out on the whole word, as the high bit
/// of each byte with other bits besides ([`word_mask`] keeps the high bits): a byte below
/// `0x21` once `0x02` is flipped is a control or the quote (`0x22` becomes `0x20`) and borrows,
/// a zero once `0x5c` is flipped is the backslash and borrows, a byte with its high bit set is
/// not ASCII, and adding one to the low seven bits carries into the high bit of DEL only.
/// Any other printable byte keeps its high bit clear unless a borrow from a byte below reaches
/// it, and borrows start only at flagged bytes: so the lowest high bit set is the first flagged
/// byte, and a word has one set exactly when it holds a flagged byte.
#[inline(always)]
fn word_bits(x: u64) -> u64 {
    let low = (x ^ (ONES * 0x02)).wrapping_sub(ONES * 0x21);
    let backslash = (x ^ (ONES * 0x5c)).wrapping_sub(ONES);
    let del = (x & !HIGHS).wrapping_add(ONES);
    low | backslash | x | del
}

/// The high bits of [`word_bits`], one per byte.
#[inline(always)]
fn word_mask(x: u64) -> u64 {
    word_bits(x) & HIGHS
}

/// The position of the first [`flagged`] byte of `b`, eight bytes at a time: in the mask of
/// [`word_bits`] a byte's high bit can be wrong only above a flagged byte (a borrow starts
/// there), so the lowest one set is exact. The last word overlaps the one before, whose
/// bytes were not flagged.
#[inline]
pub fn first_flagged(b: &[u8]) -> Option<usize> {
    let Some(last) = b.len().checked_sub(8) else {
        return b.iter().position(|&c| flagged(c));
    };
    let mut next = 0;
    loop {
        let at = next.min(last);
        let mask = word_mask(u64::from_le_bytes(*b[at..].first_chunk::<8>()?));
        if mask != 0 {
            return Some(at + (mask.trailing_zeros() / 8) as usize);
        }
        if at == last {
            return None;
        }
        next += 8;
    }
}

/// Whether a JSON string can need escapes ([`flagged`]); a field it flags is then scanned for
/// the bytes that really need an escape ([`special`](super)), so text such as `é` is copied
/// unchanged. Checked eight bytes at a time, the last word overlapping the one before: most
/// fields are shorter than the loops a compiler vectorises, whose byte-at-a-time rest would
/// then do all the work. The words' bits are gathered and tested once.
#[inline(always)]
pub fn needs_escape(b: &[u8]) -> bool {
    let Some(at) = b.len().checked_sub(8) else {
        return b.iter().fold(false, |acc, &c| acc | flagged(c));
    };
    let (words, _) = b.as_chunks::<8>();
    let mut any = b[at..]
        .as_chunks::<8>()
        .0
        .first()
        .map_or(0, |w| word_bits(u64::from_le_bytes(*w)));
    for w in words {
        any |= word_bits(u64::from_le_bytes(*w));
    }
    any & HIGHS != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every byte value at every place of a word of printable text, with every byte value
    /// above it: the lowest high bit set is the first flagged byte, and none is set without one.
    #[test]
    fn word_masks_are_exact_at_the_lowest_flagged_byte() {
        for c in 0..=255u8 {
            for d in 0..=255u8 {
                for at in 0..7 {
                    let mut w = *b"aZ~ !#[]";
                    w[at] = c;
                    w[at + 1] = d;
                    let mask = word_mask(u64::from_le_bytes(w));
                    let want = w.iter().position(|&b| flagged(b));
                    let got = (mask != 0).then(|| (mask.trailing_zeros() / 8) as usize);
                    assert_eq!(got, want, "{w:?}");
                }
            }
        }
    }

    proptest! {
        /// The checks flag exactly the fields that hold a byte it must flag, at any
        /// length and position (whole words, the overlapping last word, short fields), among
        /// printable ASCII of every value (the neighbours of the thresholds included).
        #[test]
        fn needs_escape_is_the_byte_wise_check(
            b in proptest::collection::vec(any::<u8>(), 0..70),
            text in proptest::collection::vec(0x20u8..0x7f, 1..70),
            at in any::<usize>(),
        ) {
            let byte_wise = |b: &[u8]| b.iter().any(|&c| !(b' '..=b'~').contains(&c) || c == b'"' || c == b'\\');
            prop_assert_eq!(needs_escape(&b), byte_wise(&b));
            prop_assert_eq!(needs_escape(&text), byte_wise(&text));
            if let Some(&c) = b.first() {
                let mut one = text.clone();
                let at = at % one.len();
                one[at] = c;
                prop_assert_eq!(needs_escape(&one), byte_wise(&one));
            }
        }
    }

    proptest! {
        /// The searches find the first flagged byte, as a byte-wise one does.
        #[test]
        fn first_flagged_is_the_byte_wise_search(
            b in proptest::collection::vec(any::<u8>(), 0..70),
            text in proptest::collection::vec(0x20u8..0x7f, 1..70),
            c in any::<u8>(),
            at in any::<usize>(),
        ) {
            let byte_wise = |b: &[u8]| b.iter().position(|&c| flagged(c));
            prop_assert_eq!(first_flagged(&b), byte_wise(&b));
            prop_assert_eq!(first_flagged(&text), byte_wise(&text));
            let mut one = text.clone();
            let at = at % one.len();
            one[at] = c;
            prop_assert_eq!(first_flagged(&one), byte_wise(&one));
            one.push(c);
            prop_assert_eq!(first_flagged(&one), byte_wise(&one));
        }
    }
}
