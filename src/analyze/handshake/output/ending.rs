//! A handshake's end: counted in its uri's tally, then (when it is kept) parked small or built
//! with its legs, its key and user names shared; the unreadable `sc-win32-status` texts of its
//! open legs go with it.

use super::{Ending, Output};
use crate::analyze::handshake::key::KeyView;
use crate::analyze::handshake::parked::Parked;
use crate::analyze::handshake::pending::{FinalLeg, Partial};
use crate::analyze::handshake::users::Users;
use crate::analyze::handshake::{
    AbandonedAt, AuthKind, Confidence, Handshake, HandshakeKey, HandshakeOutcome, Leg, Text,
    shared_users,
};
use crate::source::SourceId;
use crate::time::UtcMs;

impl Output {
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
            // In the file's last seconds every one is built: its answer may be in the next
            // file, or the log ends there, which its words say (`log_end.rs`).
            && self.tail_from.is_none_or(|t| p.last_ts < t)
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
    fn key_of(&mut self, key: &KeyView<'_>) -> std::sync::Arc<HandshakeKey> {
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
                shared_users(users.count_of(key.client))
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
