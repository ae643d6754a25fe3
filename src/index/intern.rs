//! A string pool: each distinct field value is stored once and named by a `u32`.
//!
//! The text of all values lives in one buffer, and the table maps a value's 64-bit hash to its
//! id (values sharing a hash are chained). A lookup therefore compares against densely packed
//! text that stays in cache, not against strings scattered over the heap: this runs for every
//! field of every row while the explorer indexes GB logs.

use crate::hash::{self, HashChains};

/// Interns strings; id 0 is always the empty string.
#[derive(Debug, Clone)]
pub struct Interner {
    chains: HashChains,
    /// Per id: its text in `text`.
    spans: Vec<(u32, u32)>,
    text: String,
}

impl Default for Interner {
    fn default() -> Self {
        let mut s = Interner {
            chains: HashChains::default(),
            spans: Vec::new(),
            text: String::new(),
        };
        s.push("", hash::bytes(b""));
        s
    }
}

impl Interner {
    fn push(&mut self, text: &str, hash: u64) -> u32 {
        let start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.text.push_str(text);
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.spans.push((start, end));
        self.chains.add(hash)
    }

    fn find(&self, text: &str, hash: u64) -> Option<u32> {
        self.chains
            .find(hash, |id| self.bytes(id) == text.as_bytes())
    }

    /// Id of `text`, adding it if new. `-` is stored as the empty string.
    pub fn intern(&mut self, text: &str) -> u32 {
        let text = if text == "-" { "" } else { text };
        self.intern_hashed(text, hash::bytes(text.as_bytes()))
    }

    /// Id of `text` whose [`hash::bytes`] is `hash` (worked out elsewhere, e.g. on the thread
    /// that parsed it), adding it if new. `text` is taken as it is (no `-` rule).
    pub fn intern_hashed(&mut self, text: &str, hash: u64) -> u32 {
        match self.find(text, hash) {
            Some(id) => id,
            None => self.push(text, hash),
        }
    }

    /// Text of an id (empty for unknown ids).
    pub fn get(&self, id: u32) -> &str {
        self.spans
            .get(id as usize)
            .and_then(|&(a, b)| self.text.get(a as usize..b as usize))
            .unwrap_or("")
    }

    /// Bytes of an id (empty for unknown ids): [`Interner::get`] without the character
    /// boundary checks, for comparisons.
    #[inline]
    pub fn bytes(&self, id: u32) -> &[u8] {
        self.spans
            .get(id as usize)
            .and_then(|&(a, b)| self.text.as_bytes().get(a as usize..b as usize))
            .unwrap_or_default()
    }

    /// Id of `text` if it was interned.
    pub fn lookup(&self, text: &str) -> Option<u32> {
        self.find(text, hash::bytes(text.as_bytes()))
    }

    /// Number of distinct strings (including the empty one).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when only the empty string is stored.
    pub fn is_empty(&self) -> bool {
        self.spans.len() <= 1
    }

    /// All strings with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        (0..self.spans.len()).map(|i| {
            let id = i as u32;
            (id, self.get(id))
        })
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.spans.capacity() * 8 + self.chains.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_get_stable_ids_and_read_back() {
        let mut s = Interner::default();
        assert!(s.is_empty());
        assert_eq!(s.intern(""), 0);
        assert_eq!(s.intern("-"), 0, "a dash is the empty value");
        let a = s.intern("10.0.5.20");
        let b = s.intern("/EWS/mrsproxy.svc");
        assert_ne!(a, b);
        assert_eq!(s.intern("10.0.5.20"), a);
        assert_eq!(s.get(a), "10.0.5.20");
        assert_eq!(s.get(b), "/EWS/mrsproxy.svc");
        assert_eq!(s.get(999), "");
        assert_eq!(s.lookup("/EWS/mrsproxy.svc"), Some(b));
        assert_eq!(s.lookup("/ews/mrsproxy.svc"), None);
        assert_eq!(s.len(), 3);
        let all: Vec<_> = s.iter().collect();
        assert_eq!(all, [(0, ""), (a, "10.0.5.20"), (b, "/EWS/mrsproxy.svc")]);
    }

    #[test]
    fn values_sharing_a_hash_are_told_apart() {
        let mut s = Interner::default();
        let a = s.intern("first");
        // Chain a second value under the same hash, as a 64-bit collision would.
        let h = hash::bytes(b"first");
        let b = s.push("second", h);
        assert_eq!(s.find("first", h), Some(a));
        assert_eq!(s.find("second", h), Some(b));
        assert_eq!(s.find("third", h), None);
    }

    proptest::proptest! {
        #[test]
        fn interning_round_trips(values in proptest::collection::vec("[a-c]{0,3}", 0..40)) {
            let mut s = Interner::default();
            let ids: Vec<u32> = values.iter().map(|v| s.intern(v)).collect();
            for (v, id) in values.iter().zip(&ids) {
                proptest::prop_assert_eq!(s.get(*id), v.as_str());
                proptest::prop_assert_eq!(s.lookup(v), Some(*id));
            }
            let distinct: std::collections::BTreeSet<&String> = values.iter().collect();
            let extra = usize::from(!distinct.iter().any(|v| v.is_empty()));
            proptest::prop_assert_eq!(s.len(), distinct.len() + extra);
        }
    }
}
