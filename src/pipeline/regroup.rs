//! Handshakes held once while logs are followed: the analysis keeps every handshake that
//! ended, live follow keeps only what is still open (`kept.rs`), and each poll hands over the
//! handshakes that ended since and the open ones closed as if the logs ended now
//! (provisional: taken back at the next poll).
//!
//! Taking them in ends as a load of the logs as they are now would: the cross-source step
//! ([`GroupResult::resolve`]: split legs joined, users per address) runs again over the
//! grouping as the sources left it. The analysis gets that grouping back from its resolved
//! handshakes: the joined ones out, and the few handshakes the step gave up ([`Regroup`]) in.

use super::Analysis;
use crate::analyze::handshake::{AbandonedAt, GroupResult, Handshake, HandshakeOutcome};
use crate::source::SourceId;
use crate::time::UtcMs;
use std::collections::HashSet;

/// A handshake's identity: its start and first leg (source, line), the grouper's order. Unique
/// among the handshakes of one grouping (a line is a leg of one handshake at most).
pub type HandshakeId = (UtcMs, SourceId, u64);

/// The identity of a handshake.
pub fn id_of(h: &Handshake) -> HandshakeId {
    let first = h.legs.first();
    (
        h.start,
        first.map(|l| l.source).unwrap_or_default(),
        first.map_or(0, |l| u64::from(l.line)),
    )
}

/// What an analysis followed live needs, besides its handshakes, to group them again.
#[derive(Debug, Clone, Default)]
pub struct Regroup {
    /// Handshakes the cross-source step gave up, as their source grouped them: lone failed
    /// legs and challenges joined into one handshake split over two servers, successes whose
    /// challenge went to such a join.
    replaced: Vec<Handshake>,
    /// The handshakes that were still open (closed as if the logs ended then), sorted.
    provisional: Vec<HandshakeId>,
}

impl Regroup {
    /// True when there is nothing to take back.
    fn is_empty(&self) -> bool {
        self.replaced.is_empty() && self.provisional.is_empty()
    }
}

/// Takes in a grouping: `grouped` holds every source's counts, users and glued challenges as
/// they are now, the handshakes that ended since the last grouping and the provisional ones
/// (`provisional`, sorted). The provisional handshakes of the last grouping and every
/// handshake of the sources in `reread` (read again from their start) go.
pub(super) fn regroup(
    a: &mut Analysis,
    mut grouped: GroupResult,
    provisional: Vec<HandshakeId>,
    reread: &[SourceId],
) {
    let mut added = std::mem::take(&mut grouped.handshakes);
    let mut list = std::mem::take(&mut a.handshakes);
    let old = std::mem::take(&mut a.regroup);
    let stays = |h: &Handshake| {
        let id = id_of(h);
        old.provisional.binary_search(&id).is_err() && !reread.contains(&id.1)
    };
    // Back to the grouping as the sources left it: joined handshakes out (they carry the
    // server of their final leg), the ones they replaced in.
    if !old.is_empty() || !reread.is_empty() || list.iter().any(|h| h.split.is_some()) {
        list.retain(|h| h.split.is_none() && stays(h));
    }
    added.extend(old.replaced.into_iter().filter(|h| stays(h)));
    crate::order::sort_stable_by_key(&mut list, id_of);
    crate::order::sort_stable_by_key(&mut added, id_of);
    merge_sorted(&mut list, added);
    grouped.handshakes = list;
    let candidates = candidates(&grouped);
    grouped.resolve();
    let replaced = given_up(candidates, &grouped.handshakes);
    crate::order::sort_stable_by(&mut grouped.handshakes, super::shown_order);
    a.handshakes_unkept = 0;
    super::w3c::set_resolved(a, grouped);
    a.regroup = Regroup {
        replaced,
        provisional,
    };
}

/// Merges `add` into `list`, both in identity order, moving only the part of `list` after the
/// first handshake added (appended handshakes are mostly the latest).
fn merge_sorted(list: &mut Vec<Handshake>, add: Vec<Handshake>) {
    let Some(first) = add.first().map(id_of) else {
        return;
    };
    if list.is_empty() {
        *list = add;
        return;
    }
    let at = list.partition_point(|h| id_of(h) < first);
    let tail = list.split_off(at);
    list.reserve_exact(tail.len() + add.len());
    let (mut tail, mut add) = (tail.into_iter().peekable(), add.into_iter().peekable());
    loop {
        let next = match (tail.peek(), add.peek()) {
            (Some(t), Some(n)) if id_of(t) <= id_of(n) => tail.next(),
            (_, Some(_)) => add.next(),
            (Some(_), None) => tail.next(),
            (None, None) => None,
        };
        match next {
            Some(h) => list.push(h),
            None => break,
        }
    }
}

/// Copies of the handshakes the cross-source step may give up (none when every handshake is
/// of one server): lone failed legs, challenges of their clients left unanswered, successes
/// holding a glued challenge.
fn candidates(g: &GroupResult) -> Vec<Handshake> {
    let first = g.handshakes.first().map(|h| h.server.as_str());
    let one_server = g
        .handshakes
        .iter()
        .all(|h| Some(h.server.as_str()) == first)
        && g.servers.iter().all(|s| Some(s.as_str()) == first);
    if one_server {
        return Vec::new();
    }
    let lone = |h: &Handshake| {
        h.outcome == HandshakeOutcome::Failed && h.legs.len() == 1 && h.split.is_none()
    };
    let clients: HashSet<&str> = g
        .handshakes
        .iter()
        .filter(|h| lone(h))
        .map(|h| h.client.as_str())
        .collect();
    if clients.is_empty() {
        return Vec::new();
    }
    let mut glued = g.glued_lines();
    glued.sort_unstable();
    g.handshakes
        .iter()
        .filter(|h| {
            lone(h)
                || (h.abandoned_at == Some(AbandonedAt::Challenge)
                    && clients.contains(h.client.as_str()))
                || (h.outcome == HandshakeOutcome::Success
                    && h.legs
                        .iter()
                        .any(|l| glued.binary_search(&(l.source, u64::from(l.line))).is_ok()))
        })
        .cloned()
        .collect()
}

/// The candidates no longer among the resolved handshakes as grouped (joined ones carry a
/// split).
fn given_up(candidates: Vec<Handshake>, resolved: &[Handshake]) -> Vec<Handshake> {
    if candidates.is_empty() {
        return candidates;
    }
    let mut missing: HashSet<HandshakeId> = candidates.iter().map(id_of).collect();
    for h in resolved.iter().filter(|h| h.split.is_none()) {
        missing.remove(&id_of(h));
    }
    candidates
        .into_iter()
        .filter(|h| missing.contains(&id_of(h)))
        .collect()
}
