//! Where finished handshakes go: the kept list (with a cap), per-uri tallies and counters.
//! Successful handshakes that are not kept are only counted, which allocates nothing.

use super::key::KeyView;
use super::pending::{FinalLeg, Partial};
use super::{AuthKind, Confidence, Handshake, HandshakeOutcome, Leg};
use crate::hash::SigBuild;
use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;
use std::collections::HashMap;

/// Handshakes kept in the result by default; beyond that they are only counted.
pub const MAX_KEPT: usize = 200_000;

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

/// How many handshakes of one uri ended with one outcome and failure code.
type Count = (HandshakeOutcome, Option<u32>, u64);

/// Where finished handshakes go: kept list, per-uri tallies and counters.
#[derive(Debug, Default)]
pub(super) struct Output {
    pub keep_success: bool,
    max_kept: usize,
    /// Kept so far: successes, and the others (failed, abandoned). Each has its own budget of
    /// `max_kept`, so a busy log's healthy handshakes never crowd out a failure.
    kept_success: usize,
    kept_other: usize,
    handshakes: Vec<Handshake>,
    /// Tally index of each uri seen.
    uris: HashMap<String, u32, SigBuild>,
    /// Per tally: its uri and counts by outcome and failure code.
    tallies: Vec<(String, Vec<Count>)>,
    lone_anonymous: u64,
    dropped: u64,
}

fn confidence(tied: bool, concurrent: u32) -> Confidence {
    match (tied, concurrent) {
        (true, _) | (false, 0) => Confidence::High,
        (false, 1..=3) => Confidence::Medium,
        _ => Confidence::Low,
    }
}

/// How a handshake ended, for [`Output::complete`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Ending<'a> {
    /// The closing leg, absent for abandoned handshakes.
    pub last: Option<FinalLeg<'a>>,
    pub outcome: HandshakeOutcome,
    pub auth: AuthKind,
    pub failure_code: Option<u32>,
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
        // Handshakes are large: sort indices, then move each once.
        handshakes.sort_by_cached_key(order_key);
        let mut counts: Vec<HandshakeTally> = self
            .tallies
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

    /// Takes the handshakes kept so far (counts stay).
    pub fn take_kept(&mut self) -> Vec<Handshake> {
        std::mem::take(&mut self.handshakes)
    }

    #[cfg(test)]
    pub fn kept(&self) -> usize {
        self.handshakes.capacity()
    }

    /// The tally of a uri (created on first use).
    pub fn tally_of(&mut self, uri: &str) -> u32 {
        if let Some(&t) = self.uris.get(uri) {
            return t;
        }
        let t = u32::try_from(self.tallies.len()).unwrap_or(u32::MAX);
        self.uris.insert(uri.to_string(), t);
        self.tallies.push((uri.to_string(), Vec::new()));
        t
    }

    fn count(&mut self, tally: u32, outcome: HandshakeOutcome, code: Option<u32>) {
        let Some((_, entries)) = self.tallies.get_mut(tally as usize) else {
            return;
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
    pub fn expire(&mut self, source: SourceId, key: &KeyView<'_>, p: Partial) {
        if p.challenged {
            let tally = self.tally_of(key.uri);
            let ending = Ending {
                last: None,
                outcome: HandshakeOutcome::Abandoned,
                auth: AuthKind::Ntlm,
                failure_code: None,
            };
            self.complete(source, key, tally, Some(&p), ending);
        } else {
            self.lone_anonymous += 1;
        }
    }

    /// Counts a finished handshake (`p` holds its open legs, if any) and keeps it when asked.
    pub fn complete(
        &mut self,
        source: SourceId,
        key: &KeyView<'_>,
        tally: u32,
        p: Option<&Partial>,
        end: Ending<'_>,
    ) {
        self.count(tally, end.outcome, end.failure_code);
        let success = end.outcome == HandshakeOutcome::Success;
        if success && !self.keep_success {
            return;
        }
        let kept = if success {
            &mut self.kept_success
        } else {
            &mut self.kept_other
        };
        if *kept >= self.max_kept {
            self.dropped += 1;
            return;
        }
        *kept += 1;
        let mut legs: Vec<Leg> = p
            .into_iter()
            .flat_map(Partial::legs)
            .map(|l| l.to_leg(source, ""))
            .collect();
        legs.extend(end.last.map(|f| f.leg.to_leg(source, f.user)));
        let (start, concurrent) = match (legs.first(), p) {
            (Some(first), Some(p)) => (first.ts, p.concurrent),
            (Some(first), None) => (first.ts, 0),
            (None, _) => (UtcMs(0), 0),
        };
        self.handshakes.push(Handshake {
            server: key.server.to_string(),
            client: key.client.to_string(),
            method: key.method.to_string(),
            uri: key.uri.to_string(),
            user_agent: key.agent.to_string(),
            start,
            legs,
            outcome: end.outcome,
            auth: end.auth,
            failure_code: end.failure_code,
            confidence: confidence(key.tied, concurrent),
            cmdlet: None,
            concurrent,
        });
    }

    /// A `401 1 <code>` with nothing open from its key: a failed handshake of one leg.
    pub fn single_failure(&mut self, source: SourceId, view: &KeyView<'_>, last: FinalLeg<'_>) {
        let tally = self.tally_of(view.uri);
        let ending = Ending {
            last: Some(last),
            outcome: HandshakeOutcome::Failed,
            auth: AuthKind::Unknown,
            failure_code: Some(last.leg.win32),
        };
        self.complete(source, view, tally, None, ending);
    }
}
