//! Dense codes per column: each stored column numbers its own distinct values from 0 in the
//! order they first appear, so a column of a few methods packs into two bits however many
//! strings the shared pool holds. A code maps back to the pool id (interned fields) or to the
//! value itself (the status tuple).

use crate::hash::SigBuild;
use std::collections::HashMap;
use std::hash::Hash;

/// Values ↔ dense codes.
#[derive(Debug, Clone)]
pub struct Dict<T> {
    values: Vec<T>,
    codes: HashMap<T, u32, SigBuild>,
}

impl<T> Default for Dict<T> {
    fn default() -> Self {
        Dict {
            values: Vec::new(),
            codes: HashMap::default(),
        }
    }
}

impl<T: Copy + Eq + Hash + Default> Dict<T> {
    /// Code of `value`, numbering it if new.
    #[inline]
    pub fn code(&mut self, value: T) -> u32 {
        let next = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        let code = *self.codes.entry(value).or_insert(next);
        if code == next {
            self.values.push(value);
        }
        code
    }

    /// Value of a code (the default for an unknown one).
    #[inline]
    pub fn value(&self, code: i64) -> T {
        usize::try_from(code)
            .ok()
            .and_then(|c| self.values.get(c))
            .copied()
            .unwrap_or_default()
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        let each = std::mem::size_of::<T>();
        self.values.capacity() * each + self.codes.capacity() * (each + 5)
    }
}
