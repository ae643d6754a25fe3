//! Streaming handshake grouping: a [`RequestSink`] that turns `401 2 5` → `401 1 2148074254` →
//! final legs into [`Handshake`]s with an outcome and a confidence.
//!
//! Cost model: a line that is not a 401 and carries no user name returns after two compares; an
//! authenticated line costs a hash lookup only while some handshake is open. Allocation happens
//! only for 401 legs of a key not seen in the last minute and for handshakes that are kept.
//! Pending legs expire by the log's own clock ([`HORIZON_MS`] after their last leg).

use super::key::{KeyView, OwnedKey, SigBuild};
use super::output::{GroupResult, MAX_KEPT, Output, Partial};
use super::{AuthKind, HandshakeOutcome, Leg, SEC_E_NO_CREDENTIALS, WINDOW_MS};
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use std::collections::HashMap;

/// How long (log time) an open handshake waits for its next leg before it counts as abandoned.
/// Generous because a final leg is logged at completion, which can be long after it started.
pub const HORIZON_MS: i64 = WINDOW_MS + 60_000;
/// How often (log time) expired handshakes are swept out. Matching checks the window itself,
/// so a late sweep changes memory use, never outcomes.
const SWEEP_EVERY_MS: i64 = 15_000;
/// Open handshakes kept per key; beyond that the oldest is resolved early.
const MAX_PER_KEY: usize = 64;
#[derive(Clone, Copy, PartialEq, Eq)]
enum LegKind {
    Anonymous,
    Challenge,
    Failure,
    Authenticated,
}

#[derive(Debug)]
struct Slot {
    key: OwnedKey,
    partials: Vec<Partial>,
    last_ts: i64,
}

/// Groups W3C requests into handshakes. Feed it requests of one source at a time, in file order.
#[derive(Debug)]
pub struct HandshakeGrouper {
    source: Option<SourceId>,
    slots: HashMap<u64, Vec<Slot>, SigBuild>,
    open: usize,
    latest: i64,
    next_sweep: i64,
    out: Output,
}

impl HandshakeGrouper {
    /// A grouper; successful handshakes are kept only when `keep_success` (always counted).
    pub fn new(keep_success: bool) -> Self {
        Self::with_cap(keep_success, MAX_KEPT)
    }

    /// Like [`HandshakeGrouper::new`] with a cap on kept handshakes.
    pub fn with_cap(keep_success: bool, max_kept: usize) -> Self {
        HandshakeGrouper {
            source: None,
            slots: HashMap::default(),
            open: 0,
            latest: i64::MIN,
            next_sweep: i64::MIN,
            out: Output::new(keep_success, max_kept),
        }
    }

    /// Handshakes waiting for their next leg.
    pub fn open(&self) -> usize {
        self.open
    }

    /// Keys remembered (open or recently used).
    pub fn keys(&self) -> usize {
        self.slots.values().map(Vec::len).sum()
    }

    /// Resolves everything still open and returns the result.
    pub fn finish(mut self) -> GroupResult {
        self.flush();
        self.out.into_result()
    }

    fn flush(&mut self) {
        for (_, bucket) in self.slots.drain() {
            for slot in bucket {
                for p in slot.partials {
                    self.out.expire(&slot.key, p);
                }
            }
        }
        self.open = 0;
        self.latest = i64::MIN;
        self.next_sweep = i64::MIN;
    }

    fn sweep(&mut self) {
        let latest = self.latest;
        let out = &mut self.out;
        let mut closed = 0;
        self.slots.retain(|_, bucket| {
            bucket.retain_mut(|slot| {
                let mut i = 0;
                while i < slot.partials.len() {
                    if latest.saturating_sub(slot.partials[i].last_ts) > HORIZON_MS {
                        let p = slot.partials.remove(i);
                        out.expire(&slot.key, p);
                        closed += 1;
                    } else {
                        i += 1;
                    }
                }
                !slot.partials.is_empty() || latest.saturating_sub(slot.last_ts) <= HORIZON_MS
            });
            !bucket.is_empty()
        });
        self.open -= closed;
        self.next_sweep = latest.saturating_add(SWEEP_EVERY_MS);
    }

    fn classify(&self, rec: &W3cRecord<'_>) -> Option<LegKind> {
        let status = rec.status?;
        if status == 401 {
            return match rec.substatus {
                Some(2) => Some(LegKind::Anonymous),
                Some(1) if rec.win32 == Some(SEC_E_NO_CREDENTIALS) => Some(LegKind::Challenge),
                Some(1) => Some(LegKind::Failure),
                _ => None,
            };
        }
        if self.open == 0 || rec.username.is_empty() || rec.username == "-" {
            return None;
        }
        Some(LegKind::Authenticated)
    }

    fn on_leg(&mut self, source: SourceId, rec: &W3cRecord<'_>, kind: LegKind) {
        let ts = rec.ts.0;
        if ts > self.latest {
            self.latest = ts;
        }
        if self.latest >= self.next_sweep && !self.slots.is_empty() {
            self.sweep();
        }
        let start = ts.saturating_sub(i64::from(rec.time_taken.unwrap_or(0)));
        let view = KeyView::of(rec);
        let sig = view.sig();
        match kind {
            LegKind::Anonymous | LegKind::Challenge => {
                let challenge = kind == LegKind::Challenge;
                let leg = leg_of(source, rec, false);
                let bucket = self.slots.entry(sig).or_default();
                let idx = match bucket.iter().position(|s| s.key.matches(&view)) {
                    Some(i) => i,
                    None => {
                        bucket.push(Slot {
                            key: OwnedKey::from_view(&view),
                            partials: Vec::new(),
                            last_ts: ts,
                        });
                        bucket.len() - 1
                    }
                };
                let slot = &mut bucket[idx];
                slot.last_ts = ts;
                let found = challenge
                    .then(|| {
                        slot.partials
                            .iter()
                            .position(|p| !p.challenged && p.fits(start, ts))
                    })
                    .flatten();
                match found {
                    Some(i) => {
                        let p = &mut slot.partials[i];
                        p.legs.push(leg);
                        p.challenged = true;
                        p.last_ts = ts;
                    }
                    None => {
                        if slot.partials.len() >= MAX_PER_KEY {
                            let oldest = slot.partials.remove(0);
                            self.out.expire(&slot.key, oldest);
                            self.open -= 1;
                        }
                        let mut legs = self.out.spare.pop().unwrap_or_default();
                        legs.push(leg);
                        slot.partials.push(Partial {
                            legs,
                            challenged: challenge,
                            last_ts: ts,
                            concurrent: 0,
                        });
                        self.open += 1;
                    }
                }
                note_concurrency(slot, ts);
            }
            LegKind::Failure | LegKind::Authenticated => {
                let failure = kind == LegKind::Failure;
                let slot = self
                    .slots
                    .get_mut(&sig)
                    .and_then(|b| b.iter_mut().find(|s| s.key.matches(&view)));
                let Some(slot) = slot else {
                    if failure {
                        self.out.single_failure(&view, leg_of(source, rec, true));
                    }
                    return;
                };
                let pos = slot
                    .partials
                    .iter()
                    .position(|p| p.challenged && p.fits(start, ts))
                    .or_else(|| {
                        slot.partials
                            .iter()
                            .position(|p| !p.challenged && p.fits(start, ts))
                    });
                let Some(i) = pos else {
                    if failure {
                        self.out.single_failure(&view, leg_of(source, rec, true));
                    }
                    return;
                };
                slot.last_ts = ts;
                note_concurrency(slot, ts);
                let p = slot.partials.remove(i);
                self.open -= 1;
                if failure {
                    let code = rec.win32.unwrap_or(0);
                    let auth = if p.challenged {
                        AuthKind::Ntlm
                    } else {
                        AuthKind::Unknown
                    };
                    let leg = leg_of(source, rec, true);
                    self.out.complete(
                        &slot.key,
                        p,
                        Some(leg),
                        HandshakeOutcome::Failed,
                        auth,
                        Some(code),
                    );
                } else {
                    let auth = if p.challenged {
                        AuthKind::Ntlm
                    } else {
                        AuthKind::Kerberos
                    };
                    let leg = self.out.keep_success.then(|| leg_of(source, rec, true));
                    self.out
                        .complete(&slot.key, p, leg, HandshakeOutcome::Success, auth, None);
                }
            }
        }
    }
}

impl RequestSink for HandshakeGrouper {
    fn request(&mut self, source: SourceId, rec: &W3cRecord<'_>) {
        if self.open > 0 && self.source != Some(source) {
            self.flush();
        }
        self.source = Some(source);
        if let Some(kind) = self.classify(rec) {
            self.on_leg(source, rec, kind);
        }
    }
}

/// Records, for every live handshake of a slot, how many others were live with it.
fn note_concurrency(slot: &mut Slot, now: i64) {
    let live = slot
        .partials
        .iter()
        .filter(|p| now.saturating_sub(p.last_ts) <= WINDOW_MS)
        .count() as u32;
    if live < 2 {
        return;
    }
    for p in slot
        .partials
        .iter_mut()
        .filter(|p| now.saturating_sub(p.last_ts) <= WINDOW_MS)
    {
        p.concurrent = p.concurrent.max(live - 1);
    }
}

fn leg_of(source: SourceId, rec: &W3cRecord<'_>, with_user: bool) -> Leg {
    let user = if with_user && rec.username != "-" {
        rec.username.to_string()
    } else {
        String::new()
    };
    Leg {
        source,
        line: rec.line,
        offset: rec.offset,
        ts: rec.ts,
        status: rec.status.unwrap_or(0),
        substatus: rec.substatus.unwrap_or(0),
        win32: rec.win32.unwrap_or(0),
        user,
    }
}
