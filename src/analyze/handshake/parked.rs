//! Abandoned handshakes the text report may never print, parked small until it is known.
//!
//! A busy log abandons hundreds of thousands of handshakes (probes, clients that give up at the
//! challenge). The text report lists only the first few and reads an unanswered challenge only
//! as the other half of a failure: the cross-server join and `ntlm-split-connection` look
//! for a challenge of the failed client on the same uri. So while it loads
//! ([`HandshakeGrouper::listed`](super::HandshakeGrouper::listed)), an abandoned handshake is
//! parked as its shared key and its open legs (no strings, no leg list); each source builds its
//! first listed ones, [`GroupResult::resolve`] builds the challenges whose client failed on the
//! same uri, and the rest are only counted ([`GroupResult::unkept`]).

use super::pending::{Partial, PendingLeg};
use super::{
    AbandonedAt, AuthKind, Confidence, GroupResult, Handshake, HandshakeKey, HandshakeOutcome,
    Text, WINDOW_MS,
};
use crate::hash::SigBuild;
use crate::source::SourceId;
use crate::time::UtcMs;
use std::collections::HashMap;
use std::sync::Arc;

/// An abandoned handshake without its strings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parked {
    key: Arc<HandshakeKey>,
    source: SourceId,
    first: PendingLeg,
    /// The challenge after an anonymous first leg (rare enough to live apart).
    second: Option<Box<PendingLeg>>,
    challenged: bool,
    untied: bool,
    concurrent: u32,
}

impl Parked {
    pub fn new(key: Arc<HandshakeKey>, source: SourceId, p: &Partial, untied: bool) -> Self {
        Parked {
            key,
            source,
            first: p.first,
            second: p.second.map(Box::new),
            challenged: p.challenged,
            untied,
            concurrent: p.concurrent,
        }
    }

    /// When its challenge was logged.
    fn challenge_ts(&self) -> i64 {
        self.second.as_ref().map_or(self.first.ts, |l| l.ts)
    }

    /// Where it comes in the report's list (start, server, first line).
    fn rank(&self) -> (i64, &str, u64) {
        (self.first.ts, &self.key.server, self.first.line)
    }

    /// The handshake, as the grouper would have kept it (judged again by `resolve`).
    fn build(self) -> Handshake {
        let source = self.source;
        let mut legs = Vec::with_capacity(1 + usize::from(self.second.is_some()));
        legs.push(self.first.to_leg(source, Text::default(), None));
        legs.extend(self.second.map(|l| l.to_leg(source, Text::default(), None)));
        let mut h = Handshake {
            key: self.key,
            start: UtcMs(self.first.ts),
            legs: legs.into(),
            outcome: HandshakeOutcome::Abandoned,
            auth: if self.challenged {
                AuthKind::Ntlm
            } else {
                AuthKind::Unknown
            },
            failure_code: None,
            abandoned_at: Some(if self.challenged {
                AbandonedAt::Challenge
            } else {
                AbandonedAt::Anonymous
            }),
            split: None,
            confidence: Confidence::Medium,
            cmdlet: None,
            concurrent: self.concurrent,
            shared_users: 0,
            untied: self.untied,
        };
        h.confidence = h.judge();
        h
    }
}

/// Parked handshakes in chunks of a fixed size: a long load never grows (and copies) one big
/// list, whose old copies the allocator would keep as its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ParkedList {
    chunks: Vec<Vec<Parked>>,
}

/// Parked handshakes per chunk (256 KiB).
const CHUNK: usize = 4096;

impl ParkedList {
    pub fn push(&mut self, p: Parked) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(p),
            _ => {
                let mut c = Vec::with_capacity(CHUNK);
                c.push(p);
                self.chunks.push(c);
            }
        }
    }

    /// Adds the chunks of `other` (moved, not copied).
    pub fn append(&mut self, other: ParkedList) {
        self.chunks.extend(other.chunks);
    }

    fn is_empty(&self) -> bool {
        self.chunks.iter().all(Vec::is_empty)
    }

    fn iter(&self) -> impl Iterator<Item = &Parked> {
        self.chunks.iter().flatten()
    }

    /// Every parked handshake with its position; each chunk is freed once passed.
    fn drain(&mut self) -> impl Iterator<Item = ((usize, usize), Parked)> {
        std::mem::take(&mut self.chunks)
            .into_iter()
            .enumerate()
            .flat_map(|(c, chunk)| chunk.into_iter().enumerate().map(move |(i, p)| ((c, i), p)))
    }
}

/// Builds the first `n` parked handshakes of a source into `kept` (the report lists no more
/// of them), drops the parked ones abandoned at the anonymous leg (no finding reads them) and
/// returns how many were dropped.
pub(super) fn unpark_listed(parked: &mut ParkedList, n: usize, kept: &mut Vec<Handshake>) -> u64 {
    let mut first: Vec<(usize, usize)> = {
        let mut ranked: Vec<_> = parked
            .chunks
            .iter()
            .enumerate()
            .flat_map(|(c, chunk)| {
                chunk
                    .iter()
                    .enumerate()
                    .map(move |(i, p)| (p.rank(), (c, i)))
            })
            .collect();
        if ranked.len() > n {
            ranked.select_nth_unstable_by(n, |a, b| a.0.cmp(&b.0));
            ranked.truncate(n);
        }
        ranked.into_iter().map(|(_, at)| at).collect()
    };
    first.sort_unstable();
    let (mut rest, mut dropped) = (ParkedList::default(), 0);
    for (at, p) in parked.drain() {
        if first.binary_search(&at).is_ok() {
            kept.push(p.build());
        } else if p.challenged {
            rest.push(p);
        } else {
            dropped += 1;
        }
    }
    *parked = rest;
    dropped
}

/// A hash of a client and a uri compared without case (as `ntlm-split-connection` does).
fn client_uri(client: &str, uri: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = SigBuild::default().build_hasher();
    h.write(client.as_bytes());
    h.write_u8(0xff);
    for b in uri.bytes() {
        h.write_u8(b.to_ascii_lowercase());
    }
    h.finish()
}

/// How close (ms) to a failure of its client on its uri an unanswered challenge must be to
/// matter: the join looks [`WINDOW_MS`] before a failed leg and a second after it, and
/// `ntlm-split-connection` as far around a failure's start; twice that leaves room for the
/// legs of one handshake.
const NEAR_MS: i64 = 2 * (WINDOW_MS + 1_000);

/// Instants by client and uri (sorted once filled).
#[derive(Default)]
struct Times(HashMap<u64, Vec<i64>, SigBuild>);

impl Times {
    fn near(&self, key: u64, t: i64) -> bool {
        let Some(v) = self.0.get(&key) else {
            return false;
        };
        let from = v.partition_point(|&x| x < t.saturating_sub(NEAR_MS));
        v.get(from).is_some_and(|&x| x <= t.saturating_add(NEAR_MS))
    }

    fn sort(&mut self) {
        for v in self.0.values_mut() {
            v.sort_unstable();
        }
    }
}

impl GroupResult {
    /// Builds the parked challenges that the join or a finding may read (a failure of the same
    /// client on the same uri, any server, close in time; then challenges close to those) and
    /// counts the others as not kept.
    pub(super) fn unpark(&mut self) {
        if self.parked.is_empty() {
            return;
        }
        let mut times = Times::default();
        for h in self
            .handshakes
            .iter()
            .filter(|h| h.outcome == HandshakeOutcome::Failed)
        {
            let key = client_uri(&h.client, &h.uri);
            times.0.entry(key).or_default().push(h.start.0);
        }
        times.sort();
        let mut parked = std::mem::take(&mut self.parked);
        let keys: Vec<u64> = parked
            .iter()
            .map(|p| client_uri(&p.key.client, &p.key.uri))
            .collect();
        let first: Vec<bool> = parked
            .iter()
            .zip(&keys)
            .map(|(p, &k)| times.near(k, p.first.ts) || times.near(k, p.challenge_ts()))
            .collect();
        // A joined handshake starts at its challenge: a finding looks around that start too.
        for ((p, &k), _) in parked.iter().zip(&keys).zip(&first).filter(|(_, f)| **f) {
            if let Some(v) = times.0.get_mut(&k) {
                v.push(p.first.ts);
            }
        }
        times.sort();
        for (((_, p), k), f) in parked.drain().zip(keys).zip(first) {
            if f || times.near(k, p.first.ts) {
                self.handshakes.push(p.build());
            } else {
                self.unkept += 1;
            }
        }
    }
}
