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
    /// Open addressing by hash: the hash's high half and code + 1 (0: a free slot).
    slots: Vec<(u32, u32)>,
}

impl FieldCodes {
    /// The code of `text` (hashed as [`hash::bytes`] to `hash`), numbering it if new to the
    /// column and interning it in `pool` if new there.
    #[inline]
    pub fn code(&mut self, pool: &mut Interner, text: &str, hash: u64) -> u32 {
        if let Some(code) = self.find(pool, text, hash) {
            return code;
        }
        let id = pool.intern_hashed(text, hash);
        self.add(pool, id, hash)
    }

    /// The code of `text`, worked out here (`-` is the empty value).
    pub fn code_of(&mut self, pool: &mut Interner, text: &str) -> u32 {
        let text = if text == "-" { "" } else { text };
        self.code(pool, text, hash::bytes(text.as_bytes()))
    }

    fn find(&self, pool: &Interner, text: &str, hash: u64) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let tag = (hash >> 32) as u32;
        let mut at = hash as usize & mask;
        loop {
            let (t, code) = self.slots.get(at).copied().unwrap_or_default();
            if code == 0 {
                return None;
            }
            let code = code - 1;
            if t == tag
                && self
                    .ids
                    .get(code as usize)
                    .is_some_and(|&id| same(pool.bytes(id), text.as_bytes()))
            {
                return Some(code);
            }
            at = (at + 1) & mask;
        }
    }

    fn add(&mut self, pool: &Interner, id: u32, hash: u64) -> u32 {
        let code = u32::try_from(self.ids.len()).unwrap_or(u32::MAX - 1);
        self.ids.push(id);
        if self.ids.len() * 8 > self.slots.len() * 7 {
            self.grow(pool);
        } else {
            self.file(hash, code);
        }
        code
    }

    /// Grows the table (kept at most seven eighths full) and files every code again (their
    /// hashes worked out from the pool).
    fn grow(&mut self, pool: &Interner) {
        let size = (self.ids.len() * 2).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(size, (0, 0));
        for code in 0..self.ids.len() {
            let id = self.ids[code];
            self.file(hash::bytes(pool.bytes(id)), code as u32);
        }
    }

    fn file(&mut self, hash: u64, code: u32) {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        while self.slots.get(at).is_some_and(|s| s.1 != 0) {
            at = (at + 1) & mask;
        }
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = ((hash >> 32) as u32, code + 1);
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

    /// Number of codes.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity() * 4 + self.slots.capacity() * 8
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
    }

    proptest::proptest! {
        #[test]
        fn codes_survive_growth(values in proptest::collection::vec("[a-e]{0,4}", 0..300)) {
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
