//! Abandoned handshakes the text report may never print, parked small until it is known.
//!
//! A busy log abandons hundreds of thousands of handshakes (probes, clients that give up at the
//! challenge). The text report lists only the first few and reads an unanswered challenge only
//! as the other half of a failure: the cross-server join and `ntlm-split-connection` look
//! for a challenge of the failed client on the same uri. So while it loads
//! ([`HandshakeGrouper::listed`](super::HandshakeGrouper::listed)), an abandoned handshake is
//! parked as about a dozen bytes (`parked/run.rs`: its key as an index, its open legs as
//! differences), and one abandoned at the anonymous leg only while it is among the first
//! listed (`parked/first.rs`); each source builds its first listed ones,
//! [`GroupResult::resolve`](super::GroupResult::resolve) builds the challenges whose client
//! failed on the same uri (`parked/near.rs`), and the rest are only counted
//! ([`GroupResult::unkept`](super::GroupResult::unkept)).

use super::pending::{Partial, PendingLeg};
use super::text::SharedFields;
use super::{AbandonedAt, AuthKind, Confidence, Handshake, HandshakeKey, HandshakeOutcome, Text};
use crate::source::SourceId;
use crate::time::UtcMs;
use first::First;
use run::{Entry, Run};
use std::sync::Arc;

mod first;
mod near;
mod run;

/// An abandoned handshake to park: its shared key and its open legs.
#[derive(Debug, Clone)]
pub(crate) struct Parked {
    key: Arc<HandshakeKey>,
    source: SourceId,
    p: Partial,
    untied: bool,
}

impl Parked {
    pub fn new(key: Arc<HandshakeKey>, source: SourceId, p: &Partial, untied: bool) -> Self {
        Parked {
            key,
            source,
            p: *p,
            untied,
        }
    }
}

/// When an entry's challenge was logged.
fn challenge_ts(e: &Entry) -> i64 {
    e.second.as_ref().map_or(e.first.ts, |l| l.ts)
}

/// The handshake of an entry, as the grouper would have kept it (judged again by `resolve`).
fn build(
    e: &Entry,
    key: &Arc<HandshakeKey>,
    source: SourceId,
    shared: &mut SharedFields,
) -> Handshake {
    let mut legs = Vec::with_capacity(1 + usize::from(e.second.is_some()));
    legs.push(e.first.to_leg(source, Text::default(), None, shared));
    legs.extend(
        e.second
            .map(|l: PendingLeg| l.to_leg(source, Text::default(), None, shared)),
    );
    let mut h = Handshake {
        key: Arc::clone(key),
        start: UtcMs(e.first.ts),
        legs: legs.into(),
        outcome: HandshakeOutcome::Abandoned,
        auth: if e.challenged {
            AuthKind::Ntlm
        } else {
            AuthKind::Unknown
        },
        failure_code: None,
        abandoned_at: Some(if e.challenged {
            AbandonedAt::Challenge
        } else {
            AbandonedAt::Anonymous
        }),
        confidence: Confidence::Medium,
        cmdlet: None,
        concurrent: e.concurrent,
        shared_users: 0,
        untied: e.untied,
    };
    h.confidence = h.judge();
    h
}

/// Parked handshakes, a run of bytes per source (`parked/run.rs`), and while a source is
/// grouped the first ones the report lists (`parked/first.rs`); nothing until something is
/// parked, so a result without parked handshakes carries one pointer.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ParkedList(Option<Box<Parking>>);

#[derive(Debug, Clone, Default, PartialEq)]
struct Parking {
    runs: Vec<Run>,
    first: First,
    /// Entries stored so far (the place of the next one).
    stored: u64,
    /// Entries stored that were abandoned at the anonymous leg.
    anonymous: u64,
    /// Abandoned at the anonymous leg and never among the first: counted, not stored.
    dropped: u64,
}

impl ParkedList {
    /// Parks `p` when the report can need it ([`Parking::push`]).
    pub fn push(&mut self, p: Parked, n: usize) {
        self.0.get_or_insert_default().push(p, n);
    }

    /// Adds the runs of `other` (moved, not copied); both already past [`unpark_listed`].
    pub fn append(&mut self, other: ParkedList) {
        match (&mut self.0, other.0) {
            (_, None) => {}
            (None, Some(o)) => self.0 = Some(o),
            (Some(s), Some(o)) => s.append(*o),
        }
    }

    fn is_empty(&self) -> bool {
        self.0
            .as_ref()
            .is_none_or(|p| p.runs.iter().all(|r| r.len() == 0))
    }

    /// Bytes the parked entries take.
    #[cfg(test)]
    pub(super) fn bytes(&self) -> usize {
        self.0
            .as_ref()
            .map_or(0, |p| p.runs.iter().map(Run::bytes).sum())
    }

    /// Entries stored.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.0
            .as_ref()
            .map_or(0, |p| p.runs.iter().map(Run::len).sum())
    }

    /// The entries [`GroupResult::resolve`](super::GroupResult::resolve) still looks at, with
    /// their keys.
    #[cfg(test)]
    fn waiting(&self) -> Vec<(Entry, Arc<HandshakeKey>)> {
        let mut out = Vec::new();
        for run in self.0.iter().flat_map(|p| &p.runs) {
            run.each(|i, e| {
                if waits(run, i, e) {
                    out.push((*e, Arc::clone(&run.keys()[e.key as usize])));
                }
                true
            });
        }
        out
    }
}

impl Parking {
    /// Parks `p` when the report can need it: while it is among the first `n` parked so far,
    /// or abandoned at its challenge (a failure elsewhere may need it). Any other is only
    /// counted: later ones can push it out of the first `n`, never back in.
    fn push(&mut self, p: Parked, n: usize) {
        let Parked {
            key,
            source,
            p,
            untied,
        } = p;
        let first = self
            .first
            .offer(n, p.first.ts, &key, p.first.line, self.stored);
        if !first && !p.challenged {
            self.dropped += 1;
            return;
        }
        let run = match self.runs.last_mut() {
            Some(r) if r.source == source => r,
            _ => {
                self.runs.push(Run::new(source));
                let Some(r) = self.runs.last_mut() else {
                    return;
                };
                r
            }
        };
        let entry = Entry {
            key: run.key_index(&key),
            first: p.first,
            second: p.second,
            challenged: p.challenged,
            untied,
            concurrent: p.concurrent,
        };
        run.push(&entry);
        self.stored += 1;
        self.anonymous += u64::from(!p.challenged);
    }

    fn append(&mut self, other: Parking) {
        self.runs.extend(other.runs);
        self.stored += other.stored;
        self.anonymous += other.anonymous;
        self.dropped += other.dropped;
    }
}

/// Whether entry `i` of `run` is still parked after [`unpark_listed`]: a challenge not built.
fn waits(run: &Run, i: usize, e: &Entry) -> bool {
    e.challenged && run.built.binary_search(&i).is_err()
}

/// Builds the first `n` parked handshakes of a source into `kept` (the report lists no more
/// of them); the parked ones abandoned at the anonymous leg stay where they are, no finding
/// reads them. Returns how many are not kept (with those never stored).
pub(super) fn unpark_listed(parked: &mut ParkedList, n: usize, kept: &mut Vec<Handshake>) -> u64 {
    let Some(parked) = parked.0.as_mut() else {
        return 0;
    };
    let first = parked.first.take();
    debug_assert!(first.len() <= n);
    let mut anonymous_kept = 0;
    let (mut start, mut rest) = (0u64, first.as_slice());
    let mut shared = SharedFields::default();
    for run in &mut parked.runs {
        let end = start + run.len() as u64;
        let here = rest.partition_point(|&s| s < end);
        let built: Vec<usize> = rest[..here].iter().map(|&s| (s - start) as usize).collect();
        rest = &rest[here..];
        start = end;
        if built.is_empty() {
            continue;
        }
        // The first listed are usually near the start of the run: read no further.
        let mut want = built.iter().copied().peekable();
        run.each(|i, e| {
            if want.peek() == Some(&i) {
                want.next();
                if let Some(key) = run.keys().get(e.key as usize) {
                    kept.push(build(e, key, run.source, &mut shared));
                    anonymous_kept += u64::from(!e.challenged);
                }
            }
            want.peek().is_some()
        });
        run.built = built;
    }
    let unkept = parked.dropped + parked.anonymous - anonymous_kept;
    (parked.dropped, parked.anonymous) = (0, 0);
    unkept
}

#[cfg(test)]
mod tests;
