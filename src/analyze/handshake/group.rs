//! Streaming handshake grouping: a [`RequestSink`] that turns `401 2 5` → `401 1 2148074254` →
//! final legs into [`Handshake`]s with an outcome and a confidence.
//!
//! Cost model: a line that is not a 401 and carries no user name returns after two compares; an
//! authenticated line costs a hash lookup only while some handshake is open. Allocation happens
//! only for 401 legs of a key not seen in the last minute and for handshakes that are kept.
//! Pending legs expire by the log's own clock ([`HORIZON_MS`] after their last leg).

use super::key::{KeyView, OwnedKey, SigBuild};
use super::{
    AuthKind, Confidence, Handshake, HandshakeOutcome, Leg, SEC_E_NO_CREDENTIALS, WINDOW_MS,
};
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;
use std::collections::HashMap;

/// How long (log time) an open handshake waits for its next leg before it counts as abandoned.
/// Generous because a final leg is logged at completion, which can be long after it started.
pub const HORIZON_MS: i64 = WINDOW_MS + 60_000;
/// Open handshakes kept per key; beyond that the oldest is resolved early.
const MAX_PER_KEY: usize = 64;
/// Handshakes kept in the result by default; beyond that they are only counted.
pub const MAX_KEPT: usize = 200_000;
const MAX_SPARE: usize = 1024;

/// How many handshakes ended one way, per uri.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandshakeTally {
    /// `cs-uri-stem` as logged.
    pub uri: String,
    /// Outcome.
    pub outcome: HandshakeOutcome,
    /// Final `sc-win32-status` of failed handshakes.
    pub failure_code: Option<u32>,
    /// How many.
    pub count: u64,
}

/// What grouping produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupResult {
    /// Failed and abandoned handshakes, and successful ones when asked for, by start.
    pub handshakes: Vec<Handshake>,
    /// Counts of every handshake (kept or not), by uri, outcome and failure code.
    pub counts: Vec<HandshakeTally>,
    /// `401 2 5` legs never followed by anything from their key (browser probes, not failures).
    pub lone_anonymous: u64,
    /// Handshakes counted but not kept because of the cap.
    pub dropped: u64,
}

impl GroupResult {
    /// Adds another grouper's result (e.g. of a source parsed on another thread).
    pub fn merge(&mut self, other: GroupResult) {
        self.handshakes.extend(other.handshakes);
        self.handshakes.sort_by_key(order_key);
        for t in other.counts {
            match self.counts.iter_mut().find(|c| {
                c.uri == t.uri && c.outcome == t.outcome && c.failure_code == t.failure_code
            }) {
                Some(c) => c.count += t.count,
                None => self.counts.push(t),
            }
        }
        self.counts.sort_by(tally_order);
        self.lone_anonymous += other.lone_anonymous;
        self.dropped += other.dropped;
    }
}

fn order_key(h: &Handshake) -> (UtcMs, SourceId, u64) {
    (
        h.start,
        h.legs.first().map(|l| l.source).unwrap_or_default(),
        h.legs.first().map_or(0, |l| l.line),
    )
}

fn tally_order(a: &HandshakeTally, b: &HandshakeTally) -> std::cmp::Ordering {
    (&a.uri, a.outcome, a.failure_code).cmp(&(&b.uri, b.outcome, b.failure_code))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LegKind {
    Anonymous,
    Challenge,
    Failure,
    Authenticated,
}

#[derive(Debug)]
struct Partial {
    legs: Vec<Leg>,
    challenged: bool,
    last_ts: i64,
    concurrent: u32,
}

impl Partial {
    /// Whether a leg that completed at `ts` after starting at `start` can follow this one.
    fn fits(&self, start: i64, ts: i64) -> bool {
        ts >= self.last_ts - 1_000 && start <= self.last_ts + WINDOW_MS
    }
}

#[derive(Debug)]
struct Slot {
    key: OwnedKey,
    partials: Vec<Partial>,
    last_ts: i64,
}

/// Where finished handshakes go: kept list, tallies, counters, and a pool of leg vectors.
#[derive(Debug, Default)]
struct Output {
    keep_success: bool,
    max_kept: usize,
    handshakes: Vec<Handshake>,
    tally: HashMap<String, Vec<(HandshakeOutcome, Option<u32>, u64)>>,
    lone_anonymous: u64,
    dropped: u64,
    spare: Vec<Vec<Leg>>,
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
            out: Output {
                keep_success,
                max_kept,
                ..Output::default()
            },
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
        let mut handshakes = self.out.handshakes;
        handshakes.sort_by_key(order_key);
        let mut counts: Vec<HandshakeTally> = self
            .out
            .tally
            .into_iter()
            .flat_map(|(uri, v)| {
                v.into_iter()
                    .map(move |(outcome, failure_code, count)| HandshakeTally {
                        uri: uri.clone(),
                        outcome,
                        failure_code,
                        count,
                    })
            })
            .collect();
        counts.sort_by(tally_order);
        GroupResult {
            handshakes,
            counts,
            lone_anonymous: self.out.lone_anonymous,
            dropped: self.out.dropped,
        }
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
                    if latest - slot.partials[i].last_ts > HORIZON_MS {
                        let p = slot.partials.remove(i);
                        out.expire(&slot.key, p);
                        closed += 1;
                    } else {
                        i += 1;
                    }
                }
                !slot.partials.is_empty() || latest - slot.last_ts <= HORIZON_MS
            });
            !bucket.is_empty()
        });
        self.open -= closed;
        self.next_sweep = latest.saturating_add(1_000);
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
        let start = ts - i64::from(rec.time_taken.unwrap_or(0));
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
                        self.out.single_failure(&view, leg_of(source, rec, false));
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
                        self.out.single_failure(&view, leg_of(source, rec, false));
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
                    let leg = leg_of(source, rec, false);
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
        .filter(|p| now - p.last_ts <= WINDOW_MS)
        .count() as u32;
    if live < 2 {
        return;
    }
    for p in slot
        .partials
        .iter_mut()
        .filter(|p| now - p.last_ts <= WINDOW_MS)
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

fn confidence(tied: bool, concurrent: u32) -> Confidence {
    match (tied, concurrent) {
        (true, _) | (false, 0) => Confidence::High,
        (false, 1..=3) => Confidence::Medium,
        _ => Confidence::Low,
    }
}

impl Output {
    fn count(&mut self, uri: &str, outcome: HandshakeOutcome, code: Option<u32>) {
        let entries = match self.tally.get_mut(uri) {
            Some(e) => e,
            None => self.tally.entry(uri.to_string()).or_default(),
        };
        match entries
            .iter_mut()
            .find(|(o, c, _)| *o == outcome && *c == code)
        {
            Some(e) => e.2 += 1,
            None => entries.push((outcome, code, 1)),
        }
    }

    /// A handshake that timed out: abandoned after a challenge, a lone probe otherwise.
    fn expire(&mut self, key: &OwnedKey, p: Partial) {
        if p.challenged {
            self.complete(
                key,
                p,
                None,
                HandshakeOutcome::Abandoned,
                AuthKind::Ntlm,
                None,
            );
        } else {
            self.lone_anonymous += 1;
            self.recycle(p.legs);
        }
    }

    fn recycle(&mut self, mut legs: Vec<Leg>) {
        if self.spare.len() < MAX_SPARE {
            legs.clear();
            self.spare.push(legs);
        }
    }

    fn complete(
        &mut self,
        key: &OwnedKey,
        mut p: Partial,
        last: Option<Leg>,
        outcome: HandshakeOutcome,
        auth: AuthKind,
        failure_code: Option<u32>,
    ) {
        self.count(&key.uri, outcome, failure_code);
        let keep = outcome != HandshakeOutcome::Success || self.keep_success;
        if !keep {
            self.recycle(p.legs);
            return;
        }
        if self.handshakes.len() >= self.max_kept {
            self.dropped += 1;
            self.recycle(p.legs);
            return;
        }
        p.legs.extend(last);
        let start = p.legs.first().map_or(UtcMs(p.last_ts), |l| l.ts);
        self.handshakes.push(Handshake {
            server: key.server.clone(),
            client: key.client.clone(),
            method: key.method.clone(),
            uri: key.uri.clone(),
            user_agent: key.agent.clone(),
            start,
            legs: p.legs,
            outcome,
            auth,
            failure_code,
            confidence: confidence(key.tied, p.concurrent),
            cmdlet: None,
            concurrent: p.concurrent,
        });
    }

    /// A `401 1 <code>` with nothing open from its key: a failed handshake of one leg.
    fn single_failure(&mut self, view: &KeyView<'_>, leg: Leg) {
        let code = leg.win32;
        let p = Partial {
            legs: Vec::new(),
            challenged: false,
            last_ts: leg.ts.0,
            concurrent: 0,
        };
        let key = OwnedKey::from_view(view);
        self.complete(
            &key,
            p,
            Some(leg),
            HandshakeOutcome::Failed,
            AuthKind::Unknown,
            Some(code),
        );
    }
}
