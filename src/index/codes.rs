//! The dense codes of one interned column: each column numbers its own distinct values from 0
//! in the order they first appear (so a column of a few methods packs into two bits however
//! many strings the pool holds), and maps each code to the value's id in the shared pool.
//!
//! Values are found by their [`hash::bytes`], which the parser threads work out for each
//! distinct value of a block: taking in a block's value then costs a probe of this column's
//! table and one comparison with the pooled text, and the pool itself is only asked about
//! values new to the column.

use super::Interner;
use crate::hash;
use crate::hash::same;

/// Codes of one column ↔ pool ids.
#[derive(Debug, Clone, Default)]
pub struct FieldCodes {
    /// Code → pool id.
    ids: Vec<u32>,
    /// Open addressing by hash (code + 1; 0: a free slot).
    slots: Vec<Slot>,
}

/// A filed code and what tells its value apart: a value of up to fifteen bytes (an address, a
/// method, a status) by its bytes, so that finding it reads nothing else; a longer one by its
/// hash, confirmed against the pooled text.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    check: (u64, u64),
    code: u32,
}

/// The second word of a longer value's check (never that of a short value's).
const LONG: u64 = u64::MAX;

/// The check of a value hashed to `hash` ([`hash::short_words`], or its hash), and whether it
/// settles equality.
fn check_of(text: &[u8], hash: u64) -> ((u64, u64), bool) {
    match hash::short_words(text) {
        Some(words) => (words, true),
        None => ((hash, LONG), false),
    }
}

impl FieldCodes {
    /// The code of `text` (hashed as [`hash::bytes`] to `hash`), numbering it if new to the
    /// column and interning it in `pool` if new there.
    #[inline(always)]
    pub fn code(&mut self, pool: &mut Interner, text: &str, hash: u64) -> u32 {
        if let Some(code) = self.find(pool, text, hash) {
            return code;
        }
        let id = pool.intern_hashed(text, hash);
        self.add(pool, id, text.as_bytes(), hash)
    }

    /// The code of `text`, worked out here (`-` is the empty value).
    pub fn code_of(&mut self, pool: &mut Interner, text: &str) -> u32 {
        let text = if text == "-" { "" } else { text };
        self.code(pool, text, hash::bytes(text.as_bytes()))
    }

    fn find(&self, pool: &Interner, text: &str, hash: u64) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let (check, exact) = check_of(text.as_bytes(), hash);
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots.get(at).copied().unwrap_or_default();
            if slot.code == 0 {
                return None;
            }
            let code = slot.code - 1;
            if slot.check == check
                && (exact
                    || self
                        .ids
                        .get(code as usize)
                        .is_some_and(|&id| same(pool.bytes(id), text.as_bytes())))
            {
                return Some(code);
            }
            at = (at + 1) & mask;
        }
    }

    fn add(&mut self, pool: &Interner, id: u32, text: &[u8], hash: u64) -> u32 {
        let code = u32::try_from(self.ids.len()).unwrap_or(u32::MAX - 1);
        self.ids.push(id);
        if self.ids.len() * 8 > self.slots.len() * 7 {
            self.grow(pool);
        } else {
            self.file(check_of(text, hash).0, hash, code);
        }
        code
    }

    /// Grows the table (kept at most seven eighths full) and files every code again (their
    /// hashes and checks worked out from the pool).
    fn grow(&mut self, pool: &Interner) {
        let size = (self.ids.len() * 2).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(size, Slot::default());
        for code in 0..self.ids.len() {
            let text = pool.bytes(self.ids[code]);
            let hash = hash::bytes(text);
            self.file(check_of(text, hash).0, hash, code as u32);
        }
    }

    fn file(&mut self, check: (u64, u64), hash: u64, code: u32) {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        while self.slots.get(at).is_some_and(|s| s.code != 0) {
            at = (at + 1) & mask;
        }
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = Slot {
                check,
                code: code + 1,
            };
        }
    }

    /// The pool id of a code (0, the empty value, for an unknown one).
    #[inline]
    pub fn id(&self, code: i64) -> u32 {
        usize::try_from(code)
            .ok()
            .and_then(|c| self.ids.get(c))
            .copied()
            .unwrap_or_default()
    }

    /// The pool ids of the column's values, one per distinct value, in code order.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// Number of codes.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity() * 4 + self.slots.capacity() * std::mem::size_of::<Slot>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_count_from_zero_per_column_and_map_to_pool_ids() {
        let mut pool = Interner::default();
        let (mut a, mut b) = (FieldCodes::default(), FieldCodes::default());
        let x = pool.intern("x");
        assert_eq!(a.code_of(&mut pool, "GET"), 0);
        assert_eq!(a.code_of(&mut pool, "POST"), 1);
        assert_eq!(a.code_of(&mut pool, "GET"), 0);
        assert_eq!(b.code_of(&mut pool, "x"), 0);
        assert_eq!(b.code_of(&mut pool, "-"), 1);
        assert_eq!(b.code_of(&mut pool, ""), 1);
        assert_eq!(b.id(0), x);
        assert_eq!(b.id(1), 0, "the empty value is pool id 0");
        assert_eq!(pool.get(a.id(1)), "POST");
        assert_eq!(a.id(7), 0);
        assert_eq!((a.len(), b.len()), (2, 2));
    }

    #[test]
    fn values_sharing_a_hash_get_their_own_codes() {
        let mut pool = Interner::default();
        let mut c = FieldCodes::default();
        let h = hash::bytes(b"one");
        assert_eq!(c.code(&mut pool, "one", h), 0);
        // As if "two" had the same 64-bit hash.
        assert_eq!(c.code(&mut pool, "two", h), 1);
        assert_eq!(c.code(&mut pool, "one", h), 0);
        assert_eq!(c.code(&mut pool, "two", h), 1);
        assert_eq!(pool.get(c.id(1)), "two");
        // Longer values are told apart through the pool.
        let (long_a, long_b) = ("/EWS/mrsproxy.svc", "/EWS/Exchange.asmx");
        let h = hash::bytes(long_a.as_bytes());
        assert_eq!(c.code(&mut pool, long_a, h), 2);
        assert_eq!(c.code(&mut pool, long_b, h), 3);
        assert_eq!(c.code(&mut pool, long_a, h), 2);
        assert_eq!(c.code(&mut pool, long_b, h), 3);
        assert_eq!(pool.get(c.id(3)), long_b);
        // Short values of one length and one zero-padded form stay apart.
        for (i, v) in ["10.0.0.1", "10.0.0.1\0", "10.0.0.10", "123456789012345"]
            .into_iter()
            .enumerate()
        {
            assert_eq!(c.code(&mut pool, v, h), 4 + i as u32, "{v:?}");
        }
        assert_eq!(c.code(&mut pool, "10.0.0.1", h), 4);
    }

    proptest::proptest! {
        #[test]
        fn codes_survive_growth(values in proptest::collection::vec("[a-c]{0,3}|[ab]{14,17}", 0..300)) {
            let mut pool = Interner::default();
            let mut c = FieldCodes::default();
            let mut seen: Vec<String> = Vec::new();
            for v in &values {
                let code = c.code_of(&mut pool, v) as usize;
                match seen.iter().position(|s| s == v) {
                    Some(k) => proptest::prop_assert_eq!(code, k),
                    None => {
                        proptest::prop_assert_eq!(code, seen.len());
                        seen.push(v.clone());
                    }
                }
                proptest::prop_assert_eq!(pool.get(c.id(code as i64)), v.as_str());
            }
        }
    }
}
