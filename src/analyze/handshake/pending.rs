//! A handshake while it waits for its next leg, as plain `Copy` data.
//!
//! An open handshake holds at most two legs: an anonymous `401 2 5` and/or the challenge
//! `401 1 2148074254` (a challenge only joins a handshake that has none yet, and any other leg
//! closes it). Neither leg carries a user name, so nothing here owns memory: healthy traffic is
//! grouped without allocating, and [`Leg`]s are built only for handshakes that are kept.

use super::Leg;
use super::leg::Unlogged;
use super::text::{SharedFields, Text, Texts};
use crate::record::W3cRecord;
use crate::source::SourceId;
use crate::time::UtcMs;

/// One leg, without its source (constant while handshakes are open) and user name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PendingLeg {
    pub line: u64,
    pub offset: u64,
    pub ts: i64,
    pub status: u16,
    pub substatus: u16,
    /// `None` when the logged value is not a number that fits (0 when not logged).
    pub win32: Option<u32>,
    /// Which codes the line did not log (then 0 above).
    pub unlogged: Unlogged,
}

impl PendingLeg {
    pub fn of(rec: &W3cRecord<'_>) -> Self {
        PendingLeg {
            line: rec.line,
            offset: rec.offset,
            ts: rec.ts.0,
            status: rec.status.unwrap_or(0),
            // The digits of a substatus the log ends inside, shown as cut off
            // (`Unlogged::substatus_cut`), never as its code.
            substatus: rec
                .substatus
                .or_else(|| rec.raw?.substatus_cut()?.parse().ok())
                .unwrap_or(0),
            win32: match rec.win32 {
                Some(w) => Some(w),
                None if win32_text(rec).is_some() => None,
                None => Some(0),
            },
            unlogged: Unlogged::of(rec),
        }
    }

    /// The public leg, with its user name and the logged text of an unreadable
    /// `sc-win32-status` (`?` when not kept), its fields shared through `shared`.
    pub fn to_leg(
        self,
        source: SourceId,
        user: Text,
        win32_raw: Option<&str>,
        shared: &mut SharedFields,
    ) -> Leg {
        let high = Leg::offset_high(self.offset);
        let codes = (
            source,
            self.status,
            self.substatus,
            self.win32,
            high,
            self.unlogged,
        );
        let fields = shared.get(user, codes, win32_raw);
        Leg::with_fields(fields, Leg::line_of(self.line), self.offset, UtcMs(self.ts))
    }
}

/// The logged text of a request's `sc-win32-status` when it is not a number that fits.
pub(super) fn win32_text<'a>(rec: &W3cRecord<'a>) -> Option<&'a str> {
    rec.raw.map(|r| r.win32).filter(|t| !t.is_empty())
}

/// The leg that closes a handshake, with its user name (and unreadable `sc-win32-status`)
/// borrowed from the request.
#[derive(Debug, Clone, Copy)]
pub(super) struct FinalLeg<'a> {
    pub leg: PendingLeg,
    pub user: &'a str,
    pub win32_raw: Option<&'a str>,
    /// The `sc-win32-status` code: `None` when not logged or not a number that fits.
    pub code: Option<u32>,
}

impl<'a> FinalLeg<'a> {
    pub fn of(rec: &W3cRecord<'a>) -> Self {
        // Without `sc-win32-status` (`-`, or a field set without it) its code is not known,
        // never 0 (ERROR_SUCCESS): `PendingLeg::unlogged` says so, as for any other leg.
        FinalLeg {
            leg: PendingLeg::of(rec),
            user: rec.username,
            win32_raw: win32_text(rec),
            code: rec.win32,
        }
    }

    /// The public leg, its user name (`-` becomes empty) shared through `texts`.
    pub fn to_leg(self, source: SourceId, texts: &mut Texts, shared: &mut SharedFields) -> Leg {
        let user = if self.user == "-" { "" } else { self.user };
        self.leg
            .to_leg(source, texts.get(user), self.win32_raw, shared)
    }
}

/// An open handshake.
#[derive(Debug, Clone, Copy)]
pub(super) struct Partial {
    pub first: PendingLeg,
    /// The challenge that followed an anonymous first leg.
    pub second: Option<PendingLeg>,
    pub challenged: bool,
    pub last_ts: i64,
    pub concurrent: u32,
}

impl Partial {
    pub fn new(leg: PendingLeg, challenged: bool) -> Self {
        Partial {
            first: leg,
            second: None,
            challenged,
            last_ts: leg.ts,
            concurrent: 0,
        }
    }

    /// Whether a leg that completed at `ts` after starting at `start` can follow this one
    /// (started at most `window` ms after its last leg).
    pub fn fits(&self, start: i64, ts: i64, window: i64) -> bool {
        ts >= self.last_ts.saturating_sub(1_000) && start <= self.last_ts.saturating_add(window)
    }

    /// The legs so far, in order.
    pub fn legs(&self) -> impl Iterator<Item = PendingLeg> {
        std::iter::once(self.first).chain(self.second)
    }
}

const NONE: u32 = u32::MAX;

/// The open handshakes of one key, oldest first: a list threaded through a [`PartialPool`].
#[derive(Debug, Clone, Copy)]
pub(super) struct List {
    head: u32,
    tail: u32,
    len: u32,
}

impl Default for List {
    fn default() -> Self {
        List {
            head: NONE,
            tail: NONE,
            len: 0,
        }
    }
}

impl List {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    p: Partial,
    next: u32,
}

/// Storage shared by all open handshakes. Freed nodes are reused first, so the memory a new
/// handshake lands in is usually still in cache.
#[derive(Debug, Default, Clone)]
pub(super) struct PartialPool {
    nodes: Vec<Node>,
    free: Vec<u32>,
}

impl PartialPool {
    /// Appends `p` to `list`.
    pub fn push(&mut self, list: &mut List, p: Partial) {
        let node = Node { p, next: NONE };
        let at = match self.free.pop() {
            Some(at) => {
                self.nodes[at as usize] = node;
                at
            }
            None => {
                self.nodes.push(node);
                u32::try_from(self.nodes.len() - 1).unwrap_or(NONE)
            }
        };
        match list.tail {
            NONE => list.head = at,
            tail => self.nodes[tail as usize].next = at,
        }
        list.tail = at;
        list.len += 1;
    }

    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.nodes.capacity() + self.free.capacity()
    }

    /// The handshakes of `list` in order, with their node ids.
    pub fn iter<'a>(&'a self, list: &List) -> impl Iterator<Item = (u32, &'a Partial)> + 'a {
        let mut at = list.head;
        std::iter::from_fn(move || {
            let node = self.nodes.get(at as usize)?;
            let id = at;
            at = node.next;
            Some((id, &node.p))
        })
    }

    /// The first handshake of `list` for which `pred` holds.
    pub fn position(&self, list: &List, mut pred: impl FnMut(&Partial) -> bool) -> Option<u32> {
        self.iter(list).find(|(_, p)| pred(p)).map(|(id, _)| id)
    }

    pub fn get_mut(&mut self, id: u32) -> Option<&mut Partial> {
        self.nodes.get_mut(id as usize).map(|n| &mut n.p)
    }

    /// Applies `f` to every handshake of `list`.
    pub fn for_each_mut(&mut self, list: &List, mut f: impl FnMut(&mut Partial)) {
        let mut at = list.head;
        while let Some(node) = self.nodes.get_mut(at as usize) {
            f(&mut node.p);
            at = node.next;
        }
    }

    /// Takes handshake `id` out of `list`.
    pub fn remove(&mut self, list: &mut List, id: u32) -> Option<Partial> {
        let mut prev = NONE;
        let mut at = list.head;
        while at != id {
            prev = at;
            at = self.nodes.get(at as usize)?.next;
        }
        let node = *self.nodes.get(id as usize)?;
        match prev {
            NONE => list.head = node.next,
            prev => self.nodes[prev as usize].next = node.next,
        }
        if list.tail == id {
            list.tail = prev;
        }
        list.len -= 1;
        self.free.push(id);
        Some(node.p)
    }

    /// Keeps the handshakes of `list` for which `keep` holds, passing the others to `gone` in
    /// order.
    pub fn retain(
        &mut self,
        list: &mut List,
        mut keep: impl FnMut(&Partial) -> bool,
        mut gone: impl FnMut(Partial),
    ) {
        let mut prev = NONE;
        let mut at = list.head;
        while let Some(&node) = self.nodes.get(at as usize) {
            if keep(&node.p) {
                prev = at;
            } else {
                gone(node.p);
                match prev {
                    NONE => list.head = node.next,
                    prev => self.nodes[prev as usize].next = node.next,
                }
                if list.tail == at {
                    list.tail = prev;
                }
                list.len -= 1;
                self.free.push(at);
            }
            at = node.next;
        }
    }
}
