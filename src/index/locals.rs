//! Block-local ids of distinct values, found by hash while a parser thread builds an
//! [`super::IndexChunk`] a column at a time. The table is reused for every column of every
//! block: a new round forgets every id at once without clearing a slot.

/// One slot: a value's hash and local id, valid in the round it was filed in.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    hash: u64,
    id: u32,
    round: u32,
}

/// Open addressing by hash, sized to at least twice the values of a round.
#[derive(Debug, Default)]
pub(super) struct Locals {
    slots: Vec<Slot>,
    round: u32,
}

impl Locals {
    /// Forgets every id, making room for up to `n` distinct values.
    pub fn start(&mut self, n: usize) {
        let size = (n.saturating_mul(2)).next_power_of_two().max(64);
        if self.slots.len() < size || self.round == u32::MAX {
            self.slots.clear();
            self.slots.resize(size, Slot::default());
            self.round = 0;
        }
        self.round += 1;
    }

    /// The id filed under `hash` for which `same` is true, else `next`, filed under `hash`
    /// (true: it is new). At most `n` values (of [`Locals::start`]) may be filed in a round.
    #[inline]
    pub fn find_or_add(
        &mut self,
        hash: u64,
        next: u32,
        mut same: impl FnMut(u32) -> bool,
    ) -> (u32, bool) {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = &mut self.slots[at];
            if slot.round != self.round {
                *slot = Slot {
                    hash,
                    id: next,
                    round: self.round,
                };
                return (next, true);
            }
            if slot.hash == hash && same(slot.id) {
                return (slot.id, false);
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_again_and_forgotten_by_a_new_round() {
        let mut l = Locals::default();
        l.start(3);
        assert_eq!(l.find_or_add(7, 0, |_| true), (0, true));
        assert_eq!(l.find_or_add(7, 1, |id| id == 0), (0, false));
        // Same hash, another value.
        assert_eq!(l.find_or_add(7, 1, |_| false), (1, true));
        assert_eq!(l.find_or_add(7, 2, |id| id == 1), (1, false));
        assert_eq!(l.find_or_add(8, 2, |_| true), (2, true));
        l.start(3);
        assert_eq!(l.find_or_add(7, 0, |_| true), (0, true));
    }

    #[test]
    fn a_full_round_of_distinct_values_fits() {
        let mut l = Locals::default();
        for round in 0..3 {
            l.start(500);
            for k in 0..500u32 {
                let h = u64::from(k) << 6 | round;
                assert_eq!(l.find_or_add(h, k, |_| false), (k, true));
            }
        }
    }
}
