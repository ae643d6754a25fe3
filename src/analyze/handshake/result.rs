//! What grouping produced ([`GroupResult`]: the kept handshakes, per-uri tallies, users and
//! clients, glued challenges) and how results of several sources merge into one, in the order
//! the grouper lists handshakes ([`order_key`]).

use super::clients::ClientTallies;
use super::parked::ParkedList;
use super::pending::PendingLeg;
use super::users::UserCounts;
use super::{AbandonedAt, Handshake, HandshakeOutcome};
use crate::hash::SigBuild;
use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;
use std::collections::HashMap;

/// How many handshakes ended one way, per uri.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandshakeTally {
    /// `cs-uri-stem` as logged.
    pub uri: String,
    /// Outcome.
    pub outcome: HandshakeOutcome,
    /// Final `sc-win32-status` of failed handshakes.
    pub failure_code: Option<u32>,
    /// Where abandoned handshakes stopped.
    pub abandoned_at: Option<AbandonedAt>,
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
    /// `401 2 5` legs never followed by anything from their key (also counted and kept as
    /// handshakes abandoned at the anonymous leg).
    pub lone_anonymous: u64,
    /// Challenges an authenticated request closed on an address carrying several users
    /// (guessed successes): [`GroupResult::resolve`] gives one to a failed leg on another
    /// server when that fits better.
    pub glued: Vec<GluedChallenge>,
    /// Server names the glued challenges refer to.
    pub servers: Vec<String>,
    /// Abandoned handshakes counted but not kept
    /// ([`HandshakeGrouper::listed`](super::HandshakeGrouper::listed)).
    pub unkept: u64,
    /// Abandoned handshakes without their strings, until [`GroupResult::resolve`] keeps those
    /// a finding may read.
    pub(super) parked: ParkedList,
    /// Users seen per client address.
    pub users: UserCounts,
    /// Challenges left unanswered and handshakes completed, per client.
    pub clients: ClientTallies,
    /// Successful ends near the start of a file, not kept as handshakes, that may continue a
    /// handshake cut by a log rotation (`resolve/rotation.rs`); emptied by the resolve.
    pub(super) rests: Vec<Handshake>,
    /// Successful handshakes are kept (the explorer): a success joined across a rotation is.
    pub(super) keep_success: bool,
}

/// A challenge (with its anonymous leg, if any) closed by an authenticated request on an
/// address carrying several users, kept without its strings.
#[derive(Debug, Clone, PartialEq)]
pub struct GluedChallenge {
    /// [`cross_key`] of its handshake.
    pub(super) xkey: u64,
    /// Index in [`GroupResult::servers`].
    pub(super) server: u16,
    pub(super) source: SourceId,
    pub(super) first: PendingLeg,
    pub(super) second: Option<PendingLeg>,
}

impl GluedChallenge {
    /// The challenge leg.
    pub(super) fn challenge(&self) -> PendingLeg {
        self.second.unwrap_or(self.first)
    }
}

/// A hash of what legs on two servers share: client, via, method, uri and agent.
pub(super) fn cross_key(client: &str, via: &str, method: &str, uri: &str, agent: &str) -> u64 {
    use std::hash::BuildHasher;
    SigBuild::default().hash_one((client, via, method, uri, agent))
}

impl GroupResult {
    /// The results of several sources merged at once: their handshakes are joined in one
    /// list, grown once to its size and sorted once, so a load of many files never holds a
    /// second copy of the list or a sort buffer of half of it.
    pub fn merge_all(results: Vec<GroupResult>) -> GroupResult {
        let total: usize = results.iter().map(|r| r.handshakes.len()).sum();
        let mut out = GroupResult::default();
        let mut handshakes: Vec<Handshake> = Vec::new();
        for mut r in results {
            if handshakes.is_empty() {
                handshakes = std::mem::take(&mut r.handshakes);
                handshakes.reserve_exact(total - handshakes.len());
            } else {
                handshakes.append(&mut r.handshakes);
            }
            out.merge(r);
        }
        if !handshakes.is_sorted_by_key(order_key) {
            // Keys are unique (a handshake's first leg), so the order is the stable one.
            sort_in_place(&mut handshakes);
        }
        out.handshakes = handshakes;
        out
    }

    /// Adds another grouper's result (e.g. of a source parsed on another thread).
    pub fn merge(&mut self, other: GroupResult) {
        // The list is large: the first one is moved, not copied, and two lists in order are
        // two runs that a stable sort merges in one pass.
        if self.handshakes.is_empty() {
            self.handshakes = other.handshakes;
        } else {
            self.handshakes.extend(other.handshakes);
        }
        if !self.handshakes.is_sorted_by_key(order_key) {
            sort_in_place(&mut self.handshakes);
        }
        for mut g in other.glued {
            let name = other
                .servers
                .get(usize::from(g.server))
                .map_or("", String::as_str);
            g.server = server_index(&mut self.servers, name);
            self.glued.push(g);
        }
        self.users.merge(other.users);
        self.clients.merge(other.clients);
        let mut at: HashMap<TallyKey, usize> = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| (tally_key(c), i))
            .collect();
        for t in other.counts {
            let key = tally_key(&t);
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
        self.unkept += other.unkept;
        self.parked.append(other.parked);
        self.rests.extend(other.rests);
        self.keep_success |= other.keep_success;
    }
}

impl GroupResult {
    /// Where its glued challenges were logged: a successful handshake holding one of these
    /// lines may be given up by [`GroupResult::resolve`] (its challenge joined to a failed leg
    /// on another server).
    pub fn glued_lines(&self) -> Vec<(SourceId, u64)> {
        self.glued
            .iter()
            .map(|g| (g.source, g.challenge().line))
            .collect()
    }
}

type TallyKey = (String, HandshakeOutcome, Option<u32>, Option<AbandonedAt>);

fn tally_key(t: &HandshakeTally) -> TallyKey {
    (t.uri.clone(), t.outcome, t.failure_code, t.abandoned_at)
}

/// The index of `name` in `servers` (added when missing).
pub(super) fn server_index(servers: &mut Vec<String>, name: &str) -> u16 {
    match servers.iter().position(|s| s == name) {
        Some(i) => u16::try_from(i).unwrap_or(u16::MAX),
        None => {
            servers.push(name.to_string());
            u16::try_from(servers.len() - 1).unwrap_or(u16::MAX)
        }
    }
}

/// A handshake's identity: its start and first leg (source, line). Unique among the handshakes
/// of one grouping (a line is a leg of one handshake at most); the order the grouper lists in.
pub fn order_key(h: &Handshake) -> (UtcMs, SourceId, u64) {
    (
        h.start,
        h.legs.first().map(|l| l.source).unwrap_or_default(),
        h.legs.first().map_or(0, |l| u64::from(l.line)),
    )
}

/// The order of [`order_key`]; the start decides almost every comparison without reading a
/// handshake's legs.
pub fn by_order_key(a: &Handshake, b: &Handshake) -> std::cmp::Ordering {
    a.start
        .cmp(&b.start)
        .then_with(|| order_key(a).cmp(&order_key(b)))
}

/// Sorts handshakes by [`order_key`] without a second buffer (a list of keys would be a third
/// of the list's size again): the keys are unique (a handshake's first leg), so the unstable
/// order is the stable one.
pub(super) fn sort_in_place(handshakes: &mut [Handshake]) {
    handshakes.sort_unstable_by(by_order_key);
}

pub(super) fn tally_order(a: &HandshakeTally, b: &HandshakeTally) -> std::cmp::Ordering {
    (&a.uri, a.outcome, a.failure_code, a.abandoned_at).cmp(&(
        &b.uri,
        b.outcome,
        b.failure_code,
        b.abandoned_at,
    ))
}
