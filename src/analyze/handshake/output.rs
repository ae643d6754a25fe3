//! Where finished handshakes go: the kept list, per-uri tallies and counters. Every failed
//! and abandoned handshake is kept (the explorer reaches each one), abandoned ones parked
//! small while the text report loads (`parked.rs`); successful ones are kept when asked for,
//! else only counted, which allocates nothing. Keys and user names are shared (`text.rs`).
//! Challenges closed on an address that carries several users are noted compactly
//! ([`GluedChallenge`]) for [`GroupResult::resolve`].

use super::clients::ClientTallies;
use super::decided::Decisions;
use super::key::KeyView;
use super::keys::Keys;
use super::parked::ParkedList;
use super::pending::{FinalLeg, Partial};
use super::result::{
    GluedChallenge, GroupResult, HandshakeTally, cross_key, server_index, sort_in_place,
    tally_order,
};
use super::text::{SharedFields, Texts};
use super::users::Users;
use super::{AbandonedAt, AuthKind, Handshake, HandshakeOutcome};
use crate::hash::SigBuild;
use crate::source::SourceId;
use std::collections::HashMap;

mod ending;

/// How many handshakes of one uri ended with one outcome, failure code and abandoned leg.
type Count = (HandshakeOutcome, Option<u32>, Option<AbandonedAt>, u64);

/// Where finished handshakes go: kept list, per-uri tallies and counters.
#[derive(Debug, Default, Clone)]
pub(super) struct Output {
    pub keep_success: bool,
    /// How many handshakes the report lists: abandoned ones are parked when set.
    pub listed: Option<usize>,
    /// While the end of a file closes what is open: a handshake abandoned at its anonymous leg
    /// at or after this instant is kept built, not parked (its rest may open the next file of
    /// the rotated log, `resolve/rotation.rs`, and past the first listed it would not be
    /// parked at all; a challenge is parked and built when such a rest is near, `parked/near.rs`).
    pub tail_from: Option<i64>,
    parked: ParkedList,
    handshakes: Vec<Handshake>,
    glued: Vec<GluedChallenge>,
    servers: Vec<String>,
    /// Tally index of each uri seen.
    uris: HashMap<String, u32, SigBuild>,
    /// Per tally: its uri and counts by outcome and failure code.
    tallies: Vec<(String, Vec<Count>)>,
    lone_anonymous: u64,
    /// Logged text of an open leg's `sc-win32-status` that is not a number that fits, by
    /// line (rare: an allocation only for such a leg, dropped when its handshake ends).
    unread: Vec<(u64, String)>,
    /// The keys and user names of kept handshakes, each stored once.
    keys: Keys,
    texts: Texts,
    /// The user names and status codes of kept legs, each combination stored once.
    fields: SharedFields,
    /// Every handshake as decided, when asked for (`decided.rs`).
    pub decisions: Decisions,
    /// Successful ends near the start of a file that may continue a handshake its log
    /// rotated away from, not kept otherwise ([`Output::rest`]).
    rests: Vec<Handshake>,
    /// The keys of `rests`, by pointer: one rest per key is enough (the earliest).
    rest_keys: std::collections::HashSet<usize, SigBuild>,
    /// Challenges left unanswered and handshakes completed, per client.
    pub clients: ClientTallies,
}

/// How a handshake ended, for [`Output::complete`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Ending<'a> {
    /// The closing leg, absent for abandoned handshakes.
    pub last: Option<FinalLeg<'a>>,
    pub outcome: HandshakeOutcome,
    pub auth: AuthKind,
    pub failure_code: Option<u32>,
    pub abandoned_at: Option<AbandonedAt>,
}

impl Output {
    pub fn new(keep_success: bool) -> Self {
        Output {
            keep_success,
            ..Output::default()
        }
    }

    pub fn into_result(self, users: Users) -> GroupResult {
        let mut handshakes = self.handshakes;
        let (mut parked, mut unkept) = (self.parked, 0);
        if let Some(n) = self.listed {
            unkept = super::parked::unpark_listed(&mut parked, n, &mut handshakes);
        }
        sort_in_place(&mut handshakes);
        // The list grew by doubling; a large one gives its spare room back (in place).
        handshakes.shrink_to_fit();
        let mut counts: Vec<HandshakeTally> = self
            .tallies
            .into_iter()
            .flat_map(|(uri, v)| {
                v.into_iter()
                    .map(
                        move |(outcome, failure_code, abandoned_at, count)| HandshakeTally {
                            uri: uri.clone(),
                            outcome,
                            failure_code,
                            abandoned_at,
                            count,
                        },
                    )
            })
            .collect();
        counts.sort_by(tally_order);
        GroupResult {
            handshakes,
            counts,
            lone_anonymous: self.lone_anonymous,
            unkept,
            parked,
            glued: self.glued,
            servers: self.servers,
            users: users.into_counts(),
            clients: self.clients,
            rests: self.rests,
            keep_success: self.keep_success,
        }
    }

    /// Room for `n` more handshakes, exactly: the list of a busy load (or a copy of it, which
    /// has no spare room) would otherwise double for the few that the end closes.
    pub fn reserve(&mut self, n: usize) {
        self.handshakes.reserve_exact(n);
    }

    /// Takes the handshakes kept so far (counts stay).
    pub fn take_kept(&mut self) -> Vec<Handshake> {
        self.glued.clear();
        std::mem::take(&mut self.handshakes)
    }

    /// Takes the handshakes kept so far, in the order they ended (counts and glued challenges
    /// stay, for the cross-source step over the whole log).
    pub fn drain_kept(&mut self) -> Vec<Handshake> {
        std::mem::take(&mut self.handshakes)
    }

    /// A copy without the kept handshakes and their shared texts: what the handshakes still
    /// open need to end as if the log ended now.
    pub fn without_kept(&self) -> Output {
        Output {
            keep_success: self.keep_success,
            listed: self.listed,
            tail_from: None,
            parked: self.parked.clone(),
            handshakes: Vec::new(),
            glued: self.glued.clone(),
            servers: self.servers.clone(),
            uris: self.uris.clone(),
            tallies: self.tallies.clone(),
            lone_anonymous: self.lone_anonymous,
            unread: self.unread.clone(),
            keys: Keys::default(),
            texts: Texts::default(),
            fields: SharedFields::default(),
            decisions: self.decisions.clone(),
            clients: self.clients.clone(),
            rests: self.rests.clone(),
            rest_keys: self.rest_keys.clone(),
        }
    }

    /// Notes a challenge closed by an authenticated request on a shared address.
    pub fn glued(&mut self, source: SourceId, key: &KeyView<'_>, p: &Partial) {
        let server = server_index(&mut self.servers, key.server);
        self.glued.push(GluedChallenge {
            xkey: cross_key(key.client, key.via, key.method, key.uri, key.agent),
            server,
            source,
            first: p.first,
            second: p.second,
        });
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
}
