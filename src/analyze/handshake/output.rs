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
use super::parked::{Parked, ParkedList};
use super::pending::{FinalLeg, Partial};
use super::result::{
    GluedChallenge, GroupResult, HandshakeTally, cross_key, server_index, sort_in_place,
    tally_order,
};
use super::text::{SharedFields, Texts};
use super::users::Users;
use super::{AbandonedAt, AuthKind, Confidence, Handshake, HandshakeOutcome, Leg, Text};
use crate::hash::SigBuild;
use crate::source::SourceId;
use crate::time::UtcMs;
use std::collections::HashMap;

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

    fn count(
        &mut self,
        tally: u32,
        outcome: HandshakeOutcome,
        code: Option<u32>,
        at: Option<AbandonedAt>,
    ) {
        let Some((_, entries)) = self.tallies.get_mut(tally as usize) else {
            return;
        };
        match entries
            .iter_mut()
            .find(|(o, c, a, _)| *o == outcome && *c == code && *a == at)
        {
            Some(e) => e.3 += 1,
            None => entries.push((outcome, code, at, 1)),
        }
    }

    /// Keeps the logged text of an open leg's unreadable `sc-win32-status` until its
    /// handshake ends.
    pub fn note_unread(&mut self, line: u64, text: &str) {
        self.unread.push((line, text.to_string()));
    }

    /// Takes the kept texts of the unreadable `sc-win32-status` of `p`'s legs, in leg order.
    fn take_unread(&mut self, p: Option<&Partial>) -> [Option<String>; 2] {
        let mut out = [None, None];
        if self.unread.is_empty() {
            return out;
        }
        for (slot, leg) in out.iter_mut().zip(p.into_iter().flat_map(Partial::legs)) {
            if leg.win32.is_none()
                && let Some(i) = self.unread.iter().position(|(l, _)| *l == leg.line)
            {
                *slot = Some(self.unread.swap_remove(i).1);
            }
        }
        out
    }

    /// A handshake that timed out: abandoned at its challenge or at its lone anonymous leg.
    pub fn expire(&mut self, source: SourceId, key: &KeyView<'_>, p: Partial, users: &Users) {
        let tally = self.tally_of(key.uri);
        if p.challenged {
            // In the file's last seconds: the next file may hold its answer.
            let held = self.tail_from.is_some_and(|t| p.last_ts >= t);
            self.clients
                .left(key, source, &p.second.unwrap_or(p.first), held);
        }
        let ending = if p.challenged {
            Ending {
                last: None,
                outcome: HandshakeOutcome::Abandoned,
                auth: AuthKind::Ntlm,
                failure_code: None,
                abandoned_at: Some(AbandonedAt::Challenge),
            }
        } else {
            self.lone_anonymous += 1;
            Ending {
                last: None,
                outcome: HandshakeOutcome::Abandoned,
                auth: AuthKind::Unknown,
                failure_code: None,
                abandoned_at: Some(AbandonedAt::Anonymous),
            }
        };
        self.complete(source, key, tally, Some(&p), ending, users);
    }

    /// Counts a finished handshake (`p` holds its open legs, if any) and keeps it when asked.
    pub fn complete(
        &mut self,
        source: SourceId,
        key: &KeyView<'_>,
        tally: u32,
        p: Option<&Partial>,
        end: Ending<'_>,
        users: &Users,
    ) {
        self.count(tally, end.outcome, end.failure_code, end.abandoned_at);
        if self.decisions.on {
            self.decisions.note(key, p, &end, users);
        }
        let raws = self.take_unread(p);
        let success = end.outcome == HandshakeOutcome::Success;
        if success && !self.keep_success {
            return;
        }
        if self.listed.is_some()
            && end.outcome == HandshakeOutcome::Abandoned
            && raws.iter().all(Option::is_none)
            && let Some(p) = p
            && (p.challenged || self.tail_from.is_none_or(|t| p.last_ts < t))
        {
            let shared = self.key_of(key);
            self.parked.push(
                Parked::new(shared, source, p, !key.tied),
                self.listed.unwrap_or(0),
            );
            return;
        }
        let last = end
            .last
            .map(|f| f.to_leg(source, &mut self.texts, &mut self.fields));
        let mut h = self.build(source, key, p, raws, last, users);
        h.outcome = end.outcome;
        h.auth = end.auth;
        h.failure_code = end.failure_code;
        h.abandoned_at = end.abandoned_at;
        if self.decisions.on {
            self.decisions.kept(h.confidence);
        }
        self.handshakes.push(h);
    }

    /// The shared key of a key view.
    fn key_of(&mut self, key: &KeyView<'_>) -> std::sync::Arc<super::HandshakeKey> {
        self.keys.get((
            key.server, key.client, key.via, key.method, key.uri, key.agent,
        ))
    }

    /// A handshake of `key` with the open legs of `p` and `last`, judged with the users seen
    /// through its address so far (the resolve step judges again over the whole load).
    fn build(
        &mut self,
        source: SourceId,
        key: &KeyView<'_>,
        p: Option<&Partial>,
        raws: [Option<String>; 2],
        last: Option<Leg>,
        users: &Users,
    ) -> Handshake {
        // Exactly sized: a collected iterator would reserve room for four legs, and a large
        // log keeps tens of thousands of handshakes.
        let open = p.map_or(0, |p| 1 + usize::from(p.second.is_some()));
        let mut legs: Vec<Leg> = Vec::with_capacity(open + usize::from(last.is_some()));
        legs.extend(
            p.into_iter()
                .flat_map(Partial::legs)
                .zip(raws)
                .map(|(l, raw)| {
                    l.to_leg(source, Text::default(), raw.as_deref(), &mut self.fields)
                }),
        );
        legs.extend(last);
        let (start, concurrent) = match (legs.first(), p) {
            (Some(first), Some(p)) => (first.ts, p.concurrent),
            (Some(first), None) => (first.ts, 0),
            (None, _) => (UtcMs(0), 0),
        };
        let shared = self.key_of(key);
        let mut h = Handshake {
            key: shared,
            start,
            legs: legs.into(),
            outcome: HandshakeOutcome::Abandoned,
            auth: AuthKind::Unknown,
            failure_code: None,
            abandoned_at: None,
            confidence: Confidence::Medium,
            cmdlet: None,
            concurrent,
            shared_users: if key.tied {
                0
            } else {
                super::shared_users(users.count_of(key.client))
            },
            untied: !key.tied,
        };
        h.confidence = h.judge();
        h
    }

    /// Notes a successful end near the start of a file (an authenticated request that closed
    /// nothing, or a handshake that began at its challenge) that may be the rest of a handshake
    /// whose earlier legs the previous file of the rotated log holds: the cross-source step
    /// joins the two ([`GroupResult::resolve`]). One per key, the first; not counted, and not
    /// noted when it is kept as a handshake already.
    pub fn rest(
        &mut self,
        source: SourceId,
        key: &KeyView<'_>,
        p: Option<&Partial>,
        last: FinalLeg<'_>,
        users: &Users,
    ) {
        if p.is_some() && self.keep_success {
            return;
        }
        let shared = self.key_of(key);
        if !self
            .rest_keys
            .insert(std::sync::Arc::as_ptr(&shared) as usize)
        {
            return;
        }
        if self.decisions.on && p.is_none() {
            self.decisions.note_rest(key, &last.leg, users);
        }
        let last = last.to_leg(source, &mut self.texts, &mut self.fields);
        let mut h = self.build(source, key, p, [None, None], Some(last), users);
        h.outcome = HandshakeOutcome::Success;
        h.auth = if p.is_some_and(|p| p.challenged) {
            AuthKind::Ntlm
        } else {
            AuthKind::Kerberos
        };
        self.rests.push(h);
    }

    /// A `401 1 <code>` with nothing open from its key: a failed handshake of one leg.
    pub fn single_failure(
        &mut self,
        source: SourceId,
        view: &KeyView<'_>,
        last: FinalLeg<'_>,
        users: &Users,
    ) {
        let tally = self.tally_of(view.uri);
        let ending = Ending {
            last: Some(last),
            outcome: HandshakeOutcome::Failed,
            auth: AuthKind::Unknown,
            failure_code: last.code,
            abandoned_at: None,
        };
        self.complete(source, view, tally, None, ending, users);
    }
}
