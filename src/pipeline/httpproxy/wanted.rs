//! The request ids the report keeps HttpProxy rows for (those of the failed and abandoned
//! handshake legs), looked up once per row. Nearly every row is not wanted, so a bit table
//! indexed by a hash of the id's first and last eight bytes (ASCII case folded) answers "no"
//! from one cache-resident word; only the rest go to the exact, case-insensitive set.

use crate::hash::{SigBuild, finish, mix};
use std::collections::HashSet;

/// Letters to lower case (and a few other bytes moved alike, on both sides), so ids that
/// differ only in case fold to the same hash.
const FOLD: u64 = 0x2020_2020_2020_2020;

/// The wanted ids.
pub(crate) struct Wanted<'a> {
    bits: Vec<u64>,
    mask: u64,
    exact: HashSet<&'a str, SigBuild>,
}

impl<'a> Wanted<'a> {
    /// The set of `ids` (lower case).
    pub(crate) fn new(ids: impl IntoIterator<Item = &'a str>) -> Self {
        let exact: HashSet<&'a str, SigBuild> = ids.into_iter().collect();
        let slots = (exact.len() * 16)
            .next_power_of_two()
            .clamp(1 << 12, 1 << 26);
        let mut w = Wanted {
            bits: vec![0; slots / 64],
            mask: slots as u64 - 1,
            exact,
        };
        let folded: Vec<Option<u64>> = w.exact.iter().map(|id| fold(id)).collect();
        for h in folded.into_iter().flatten() {
            let bit = h & w.mask;
            w.bits[(bit / 64) as usize] |= 1 << (bit % 64);
        }
        w
    }

    /// Whether `id` is wanted; an id with capitals matches its lower-case form.
    pub(crate) fn contains(&self, id: &str) -> bool {
        if let Some(h) = fold(id) {
            let bit = h & self.mask;
            if self.bits[(bit / 64) as usize] & (1 << (bit % 64)) == 0 {
                return false;
            }
        }
        self.exact.contains(id)
            || (id.bytes().any(|b| b.is_ascii_uppercase())
                && self.exact.contains(id.to_ascii_lowercase().as_str()))
    }
}

/// A hash of the first and last eight bytes and the length, case folded; `None` for ids
/// shorter than 16 bytes (those always ask the exact set).
fn fold(id: &str) -> Option<u64> {
    let b = id.as_bytes();
    let n = b.len();
    let head = u64::from_le_bytes(b.get(..8)?.try_into().ok()?);
    let tail = u64::from_le_bytes(b.get(n.checked_sub(8)?..)?.try_into().ok()?);
    (n >= 16).then(|| finish(mix(mix(n as u64, head | FOLD), tail | FOLD)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wanted_ids_match_in_any_case_and_others_do_not() {
        let ids = [
            "4cc0957d-2df1-4bcb-b521-4af26895ef8f",
            "short",
            "b07a8b1e-ec88-43e9-9170-4230a1229ab4",
        ];
        let w = Wanted::new(ids);
        for id in ids {
            assert!(w.contains(id), "{id}");
            assert!(w.contains(&id.to_ascii_uppercase()), "{id}");
        }
        assert!(!w.contains("3397842d-bc8f-4107-89e4-d8e6b30c10a0"));
        assert!(!w.contains("4cc0957d-2df1-4bcb-b521-4af26895ef8"));
        assert!(!w.contains(""));
        assert!(!w.contains("shorter"));
    }
}
