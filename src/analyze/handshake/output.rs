//! Where finished handshakes go: the kept list (with a cap), per-uri tallies, counters, and a
//! pool of leg vectors so healthy traffic reuses allocations.

use super::key::{KeyView, OwnedKey};
use super::{AuthKind, Confidence, Handshake, HandshakeOutcome, Leg, WINDOW_MS};
use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;
use std::collections::HashMap;

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
        let mut at: HashMap<(String, HandshakeOutcome, Option<u32>), usize> = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.uri.clone(), c.outcome, c.failure_code), i))
            .collect();
        for t in other.counts {
            let key = (t.uri.clone(), t.outcome, t.failure_code);
            match at.get(&key) {
                Some(&i) => self.counts[i].count += t.count,
                None => {
                    at.insert(key, self.counts.len());
                    self.counts.push(t);
                }
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

#[derive(Debug)]
pub(super) struct Partial {
    pub legs: Vec<Leg>,
    pub challenged: bool,
    pub last_ts: i64,
    pub concurrent: u32,
}

impl Partial {
    /// Whether a leg that completed at `ts` after starting at `start` can follow this one.
    pub fn fits(&self, start: i64, ts: i64) -> bool {
        ts >= self.last_ts.saturating_sub(1_000) && start <= self.last_ts.saturating_add(WINDOW_MS)
    }
}

/// Where finished handshakes go: kept list, tallies, counters, and a pool of leg vectors.
#[derive(Debug, Default)]
pub(super) struct Output {
    pub keep_success: bool,
    max_kept: usize,
    handshakes: Vec<Handshake>,
    tally: HashMap<String, Vec<(HandshakeOutcome, Option<u32>, u64)>>,
    lone_anonymous: u64,
    dropped: u64,
    pub spare: Vec<Vec<Leg>>,
}

fn confidence(tied: bool, concurrent: u32) -> Confidence {
    match (tied, concurrent) {
        (true, _) | (false, 0) => Confidence::High,
        (false, 1..=3) => Confidence::Medium,
        _ => Confidence::Low,
    }
}

impl Output {
    pub fn new(keep_success: bool, max_kept: usize) -> Self {
        Output {
            keep_success,
            max_kept,
            ..Output::default()
        }
    }

    pub fn into_result(self) -> GroupResult {
        let mut handshakes = self.handshakes;
        handshakes.sort_by_key(order_key);
        let mut counts: Vec<HandshakeTally> = self
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
            lone_anonymous: self.lone_anonymous,
            dropped: self.dropped,
        }
    }

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
    pub fn expire(&mut self, key: &OwnedKey, p: Partial) {
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

    pub fn recycle(&mut self, mut legs: Vec<Leg>) {
        if self.spare.len() < MAX_SPARE {
            legs.clear();
            self.spare.push(legs);
        }
    }

    pub fn complete(
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
    pub fn single_failure(&mut self, view: &KeyView<'_>, leg: Leg) {
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
