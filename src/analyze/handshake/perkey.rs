//! Facts about a handshake's key worked out once per shared key, for the steps that ask every
//! handshake of a load (the cross-source step): handshakes share their key (`text.rs`), so a
//! few thousand keys serve a million handshakes. Reading a key through its pointer is a cache
//! miss at that scale (the key and its strings lie elsewhere in memory); the pointer itself is
//! in the handshake, so the facts are found by it without reading the key.
//!
//! Computing a fact again is always right (it depends only on the key's strings): the table
//! only saves reading keys, so it may forget.

use super::HandshakeKey;
use crate::hash::finish;
use std::sync::Arc;

/// How many keys the memo holds (a power of two): the keys of a stretch of the list, which
/// is in time order. Fixed, so that a load of many distinct keys costs no more memory at its
/// peak (16 to 24 bytes a slot: at most 192 KiB). Tests take a tiny one, so that keys often
/// replace each other.
const SLOTS: usize = if cfg!(test) { 4 } else { 1 << 13 };

/// `T` per shared key: worked out on first sight, kept in a fixed table of recent keys (one
/// slot per key address, a key that lands on a taken slot replaces it and is worked out again
/// when it comes back). Every handshake asked is alive while the memo is, so no address is
/// reused for another key meanwhile.
pub(super) struct PerKey<T> {
    slots: Vec<(usize, T)>,
}

impl<T: Copy + Default> Default for PerKey<T> {
    fn default() -> Self {
        PerKey { slots: Vec::new() }
    }
}

impl<T: Copy + Default> PerKey<T> {
    /// The fact of `key`: `make` reads the key only when the table does not hold it.
    pub fn get<'k>(
        &mut self,
        key: &'k Arc<HandshakeKey>,
        make: impl FnOnce(&'k HandshakeKey) -> T,
    ) -> T {
        if self.slots.is_empty() {
            // Address 0 is no key's: every slot starts empty.
            self.slots = vec![(0, T::default()); SLOTS];
        }
        let addr = Arc::as_ptr(key) as usize;
        // The top bits of a spread address: aligned, nearby addresses land apart.
        let at = (finish(addr as u64) >> (64 - SLOTS.trailing_zeros())) as usize;
        let slot = &mut self.slots[at];
        if slot.0 != addr {
            *slot = (addr, make(key));
        }
        slot.1
    }
}
