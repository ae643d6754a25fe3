//! The keys the grouper remembers, each with its open handshakes, in a slab that recycles
//! slots (the key buffer keeps its capacity) and a shared pool of open handshakes, so a busy
//! log settles into a steady state without allocating.
//!
//! Slots are found by signature (collisions chain through the slab and are told apart by the
//! full key). What the periodic sweep needs (last use, oldest open handshake) sits in a dense
//! array next to the slab, so a sweep over thousands of idle keys stays cheap. A small counting
//! filter, indexed by [`KeyView::cell`], says how many open handshakes each cell holds: most
//! authenticated lines fall in an empty cell and are done without computing a signature.

use super::WINDOW_MS;
use super::key::{KeyBuf, KeyView};
use super::pending::{List, Partial, PartialPool};
use crate::hash::SigBuild;
use std::collections::HashMap;

const NONE: u32 = u32::MAX;
const FILTER_BITS: u32 = 12;

/// One remembered key.
#[derive(Debug, Default, Clone)]
pub(super) struct Slot {
    pub key: KeyBuf,
    /// Open handshakes, oldest first.
    pub open: List,
    /// The output's tally for this key's uri, once known.
    pub tally: Option<u32>,
    /// The key's client address in the grouper's user table, once known.
    pub addr: Option<u32>,
    sig: u64,
    cell: u16,
    next: u32,
}

/// The sweep's view of a slot.
#[derive(Debug, Clone, Copy)]
struct Meta {
    /// Log time of the last leg of this key.
    last_ts: i64,
    /// At most the smallest `last_ts` of the open handshakes (`i64::MAX` when none).
    oldest: i64,
    live: bool,
}

/// The slab of slots, their open handshakes, the signature index and the filter.
#[derive(Debug, Clone)]
pub(super) struct Slots {
    slab: Vec<Slot>,
    meta: Vec<Meta>,
    free: Vec<u32>,
    heads: HashMap<u64, u32, SigBuild>,
    live: usize,
    pub pool: PartialPool,
    /// Open handshakes per cell; when a count would overflow the filter is switched off.
    filter: Vec<u16>,
    filter_off: bool,
}

impl Default for Slots {
    fn default() -> Self {
        Slots {
            slab: Vec::new(),
            meta: Vec::new(),
            free: Vec::new(),
            heads: HashMap::default(),
            live: 0,
            pool: PartialPool::default(),
            filter: vec![0; 1 << FILTER_BITS],
            filter_off: false,
        }
    }
}

fn cell_index(cell: u64) -> u16 {
    (cell >> (64 - FILTER_BITS)) as u16
}

impl Slots {
    /// Slots in use.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether some open handshake might have a key in `cell` (no false negatives).
    pub fn may_be_open(&self, cell: u64) -> bool {
        self.filter_off || self.filter[usize::from(cell_index(cell))] > 0
    }

    fn opened(&mut self, cell: u16) {
        let n = &mut self.filter[usize::from(cell)];
        match n.checked_add(1) {
            Some(v) => *n = v,
            None => self.filter_off = true,
        }
    }

    fn closed(&mut self, cell: u16) {
        let n = &mut self.filter[usize::from(cell)];
        *n = n.saturating_sub(1);
    }

    /// The slot of `view` (with signature `sig`), if remembered.
    pub fn find(&self, sig: u64, view: &KeyView<'_>) -> Option<usize> {
        let mut at = *self.heads.get(&sig)?;
        while let Some(slot) = self.slab.get(at as usize) {
            if slot.key.matches(view) {
                return Some(at as usize);
            }
            at = slot.next;
        }
        None
    }

    /// Remembers `view` in a recycled (or new) slot and returns it.
    pub fn insert(&mut self, sig: u64, cell: u64, view: &KeyView<'_>, ts: i64) -> usize {
        let meta = Meta {
            last_ts: ts,
            oldest: i64::MAX,
            live: true,
        };
        let at = match self.free.pop() {
            Some(at) => {
                self.meta[at as usize] = meta;
                at as usize
            }
            None => {
                self.slab.push(Slot::default());
                self.meta.push(meta);
                self.slab.len() - 1
            }
        };
        let head = self.heads.entry(sig).or_insert(NONE);
        let next = std::mem::replace(head, at as u32);
        let slot = &mut self.slab[at];
        slot.key.set(view);
        slot.open = List::default();
        slot.tally = None;
        slot.addr = None;
        slot.sig = sig;
        slot.cell = cell_index(cell);
        slot.next = next;
        self.live += 1;
        at
    }

    pub fn get(&self, at: usize) -> &Slot {
        &self.slab[at]
    }

    pub fn get_mut(&mut self, at: usize) -> &mut Slot {
        &mut self.slab[at]
    }

    /// Notes a leg of this key at `ts`.
    pub fn touch(&mut self, at: usize, ts: i64) {
        self.meta[at].last_ts = ts;
    }

    /// Notes that an open handshake of this slot now has its last leg at `ts`.
    pub fn extended(&mut self, at: usize, ts: i64) {
        let m = &mut self.meta[at];
        m.oldest = m.oldest.min(ts);
    }

    /// Adds an open handshake to a slot.
    pub fn push(&mut self, at: usize, p: Partial) {
        let slot = &mut self.slab[at];
        self.pool.push(&mut slot.open, p);
        let cell = slot.cell;
        self.opened(cell);
        self.extended(at, p.last_ts);
    }

    /// Takes the open handshake `id` (the oldest when `None`) out of a slot.
    pub fn take(&mut self, at: usize, id: Option<u32>) -> Option<Partial> {
        let slot = &mut self.slab[at];
        let list = &mut slot.open;
        let id = id.or_else(|| self.pool.iter(list).next().map(|(id, _)| id))?;
        let p = self.pool.remove(list, id)?;
        if list.is_empty() {
            self.meta[at].oldest = i64::MAX;
        }
        let cell = slot.cell;
        self.closed(cell);
        Some(p)
    }

    /// Records, for every handshake of a slot live at `now`, how many others were live with it.
    pub fn note_concurrency(&mut self, at: usize, now: i64) {
        let open = self.slab[at].open;
        let is_live = |p: &Partial| now.saturating_sub(p.last_ts) <= WINDOW_MS;
        if open.len() < 2 {
            return;
        }
        let live = self.pool.iter(&open).filter(|(_, p)| is_live(p)).count() as u32;
        if live < 2 {
            return;
        }
        self.pool.for_each_mut(&open, |p| {
            if is_live(p) {
                p.concurrent = p.concurrent.max(live - 1);
            }
        });
    }

    /// Closes every open handshake whose last leg time `expired` (passing it to `done` with
    /// its key, oldest first) and forgets keys whose last use was `idle`. Both tests must
    /// hold for every time before one they hold for. Returns how many handshakes closed.
    pub fn sweep(
        &mut self,
        expired: impl Fn(i64) -> bool,
        idle: impl Fn(i64) -> bool,
        mut done: impl FnMut(&KeyView<'_>, Partial),
    ) -> usize {
        let mut closed = 0;
        for at in 0..self.meta.len() {
            let meta = self.meta[at];
            if !meta.live {
                continue;
            }
            if expired(meta.oldest) {
                let slot = &mut self.slab[at];
                let mut oldest = i64::MAX;
                let mut gone = 0;
                let key = slot.key.view();
                self.pool.retain(
                    &mut slot.open,
                    |p| {
                        let keep = !expired(p.last_ts);
                        if keep {
                            oldest = oldest.min(p.last_ts);
                        }
                        keep
                    },
                    |p| {
                        done(&key, p);
                        gone += 1;
                    },
                );
                let cell = slot.cell;
                for _ in 0..gone {
                    self.closed(cell);
                }
                closed += gone;
                self.meta[at].oldest = oldest;
            }
            if self.meta[at].oldest == i64::MAX
                && idle(meta.last_ts)
                && self.slab[at].open.is_empty()
            {
                self.release(at);
            }
        }
        closed
    }

    /// Capacities of everything the slots own, to show that steady traffic stops allocating.
    #[cfg(test)]
    pub fn footprint(&self) -> Vec<usize> {
        let keys: usize = self.slab.iter().map(|s| s.key.capacity()).sum();
        vec![
            self.slab.capacity(),
            self.meta.capacity(),
            self.free.capacity(),
            self.heads.capacity(),
            self.pool.capacity(),
            keys,
        ]
    }

    fn release(&mut self, at: usize) {
        self.meta[at].live = false;
        let Slot { sig, next, .. } = self.slab[at];
        self.live -= 1;
        self.free.push(at as u32);
        let Some(head) = self.heads.get_mut(&sig) else {
            return;
        };
        if *head == at as u32 {
            if next == NONE {
                self.heads.remove(&sig);
            } else {
                *head = next;
            }
            return;
        }
        let mut prev = *head;
        while let Some(slot) = self.slab.get(prev as usize) {
            let after = slot.next;
            if after == at as u32 {
                self.slab[prev as usize].next = next;
                return;
            }
            prev = after;
        }
    }
}

#[cfg(test)]
mod tests;
