//! Facts about a handshake's key worked out once per shared key, for the steps that ask every
//! handshake of a load (the cross-source step): handshakes share their key (`text.rs`), so a
//! few thousand keys serve a million handshakes. Reading a key through its pointer is a cache
//! miss at that scale (the key and its strings lie elsewhere in memory); the pointer itself is
//! in the handshake, so the facts are found by it without reading the key.

use super::HandshakeKey;
use crate::hash::finish;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

/// The address of a shared key: equal addresses are one key (every handshake asked is alive
/// while the memo is, so no address is reused for another key meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Addr(usize);

impl Hash for Addr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Addresses are aligned and close together: spread them over the whole word.
        state.write_u64(finish(self.0 as u64));
    }
}

/// A hasher that passes a spread word through.
#[derive(Debug, Default, Clone, Copy)]
struct Passed(u64);

impl Hasher for Passed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// `T` per shared key, worked out on first sight.
pub(super) struct PerKey<T> {
    map: HashMap<Addr, T, BuildHasherDefault<Passed>>,
}

impl<T> Default for PerKey<T> {
    fn default() -> Self {
        PerKey {
            map: HashMap::default(),
        }
    }
}

impl<T: Copy> PerKey<T> {
    /// The fact of `key`: `make` reads the key only the first time it is asked about.
    pub fn get<'k>(
        &mut self,
        key: &'k Arc<HandshakeKey>,
        make: impl FnOnce(&'k HandshakeKey) -> T,
    ) -> T {
        let addr = Addr(Arc::as_ptr(key) as usize);
        *self.map.entry(addr).or_insert_with(|| make(key))
    }
}
