//! Fast non-cryptographic hashing for the hot paths: handshake keys, the filter cells, string
//! interning. Word-at-a-time mixing with a folded 128-bit multiply at the end, so both low bits
//! (table buckets) and high bits (filter cells, hash tags) are usable. No resistance to chosen
//! keys is needed: the keys come from one log file, not from a peer probing the table.

pub(crate) fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// Spreads the bits of a mixed value over the whole word (a folded 128-bit multiply), so that
/// low bits (table buckets) and high bits (filter cells) are both usable.
pub(crate) fn finish(h: u64) -> u64 {
    let p = u128::from(h ^ 0x2d35_8dcc_aa6c_78a5).wrapping_mul(0x8bb8_4b93_962e_acc9);
    (p as u64) ^ ((p >> 64) as u64)
}

fn hash_bytes(mut h: u64, b: &[u8]) -> u64 {
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, word(c, 0));
    }
    mix(h, short(chunks.remainder()) ^ (b.len() as u64) << 56)
}

/// The hash of a byte string: the same on every thread, so a value hashed where a block is
/// parsed is looked up with that hash where the block is taken in (the request index).
pub(crate) fn bytes(b: &[u8]) -> u64 {
    finish(hash_bytes(0, b))
}

/// The hash of two byte strings together (each one's length is in its last word, so `("ab",
/// "c")` and `("a", "bc")` differ).
pub(crate) fn pair(a: &[u8], b: &[u8]) -> u64 {
    finish(hash_bytes(hash_bytes(0, a), b))
}

/// Eight bytes at `at` (little endian); zero when out of range.
fn word(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map_or(0, u64::from_le_bytes)
}

/// Up to seven bytes as one word, read in at most two loads (no copy loop).
fn short(b: &[u8]) -> u64 {
    let n = b.len();
    let four = |at: usize| {
        b.get(at..at + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
    };
    match n {
        0 => 0,
        1..=3 => u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
        _ => four(0) | four(n - 4) << 32,
    }
}

/// All bytes of a short string (the first and last eight of a longer one) and its length.
pub(crate) fn quick(b: &[u8]) -> u64 {
    let n = b.len();
    let w = match n {
        0..8 => short(b),
        _ => mix(word(b, 0), word(b, n - 8)),
    };
    w ^ (n as u64) << 56
}

/// The last eight bytes (fewer when shorter).
pub(crate) fn tail8(b: &[u8]) -> u64 {
    match b.len() {
        n @ 8.. => word(b, n - 8),
        _ => short(b),
    }
}

/// Whether two values are equal: short ones in a few word compares, longer ones told apart
/// by their last eight bytes before a full compare.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        // Every byte of a value shorter than eight is in its quick hash.
        return quick(a) == quick(b);
    }
    if tail8(a) != tail8(b) {
        return false;
    }
    if n <= 16 {
        return head8(a) == head8(b);
    }
    a == b
}

/// The first eight bytes (little endian; the value has at least eight).
#[inline]
pub(crate) fn head8(b: &[u8]) -> u64 {
    b.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w))
}

/// A value of up to fifteen bytes as two words that tell it from any other (its bytes, zero
/// padded, and its length in the top byte, so the second word is never all ones); none for a
/// longer one. Kept beside a table entry, it settles equality without reading the value.
pub(crate) fn short_words(b: &[u8]) -> Option<(u64, u64)> {
    if b.len() > 15 {
        return None;
    }
    let word = |part: &[u8]| {
        let mut w = [0u8; 8];
        w[..part.len()].copy_from_slice(part);
        u64::from_le_bytes(w)
    };
    let (head, tail) = b.split_at(b.len().min(8));
    Some((word(head), word(tail) | (b.len() as u64) << 56))
}

/// A hasher for keys that already are good 64-bit hashes (`write_u64` passes them through) and
/// a quick one for short strings.
#[derive(Debug, Default, Clone, Copy)]
pub struct SigHasher(u64);

impl std::hash::Hasher for SigHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = finish(hash_bytes(self.0, bytes));
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub type SigBuild = std::hash::BuildHasherDefault<SigHasher>;

/// Ids of values found by their 64-bit hash: each hash names its newest id, and each id the
/// previous one with the same hash, so values that share a hash stay apart. The values live
/// with the caller, which says through [`HashChains::find`] whether an id holds the value.
#[derive(Debug, Default, Clone)]
pub struct HashChains {
    newest: std::collections::HashMap<u64, u32, SigBuild>,
    previous: Vec<u32>,
}

/// The end of a chain.
const NO_ID: u32 = u32::MAX;

impl HashChains {
    /// The hash of `value` (the one [`HashChains::add`] and [`HashChains::find`] expect).
    pub fn hash<T: std::hash::Hash + ?Sized>(&self, value: &T) -> u64 {
        use std::hash::BuildHasher;
        self.newest.hasher().hash_one(value)
    }

    /// The id under `hash` for which `holds` is true.
    pub fn find(&self, hash: u64, mut holds: impl FnMut(u32) -> bool) -> Option<u32> {
        let mut id = *self.newest.get(&hash)?;
        while id != NO_ID {
            if holds(id) {
                return Some(id);
            }
            id = self.previous.get(id as usize).copied().unwrap_or(NO_ID);
        }
        None
    }

    /// Gives the next id (ids count from 0) and files it under `hash`.
    pub fn add(&mut self, hash: u64) -> u32 {
        let id = self.next_id();
        let previous = self.newest.insert(hash, id).unwrap_or(NO_ID);
        self.previous.push(previous);
        id
    }

    /// Gives the next id without filing it: [`HashChains::find`] never returns it.
    pub fn add_unfiled(&mut self) -> u32 {
        let id = self.next_id();
        self.previous.push(NO_ID);
        id
    }

    fn next_id(&self) -> u32 {
        u32::try_from(self.previous.len()).unwrap_or(NO_ID)
    }

    /// Forgets every id, keeping the storage.
    pub fn clear(&mut self) {
        self.newest.clear();
        self.previous.clear();
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.previous.capacity() * 4 + self.newest.capacity() * 17
    }
}

#[cfg(test)]
mod tests {
    use super::same;

    proptest::proptest! {
        #[test]
        fn same_is_equality(a in "[ab]{0,40}", b in "[ab]{0,40}") {
            proptest::prop_assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b);
            proptest::prop_assert!(same(a.as_bytes(), a.as_bytes()));
        }
    }

    #[test]
    fn values_differing_in_one_byte_are_not_the_same() {
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for n in 0..base.len() {
            for k in 0..n {
                let mut other = base[..n].to_vec();
                other[k] ^= 1;
                assert!(!same(&base[..n], &other), "length {n}, byte {k}");
            }
            let copy = base[..n].to_vec();
            assert!(same(&base[..n], &copy));
        }
    }
}
