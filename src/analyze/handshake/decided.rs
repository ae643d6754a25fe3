//! Handshakes as they are decided, for a sink that tags each leg's request with its handshake
//! (the JSON Lines export) without the handshake being built: which lines its legs are, how it
//! ended and how sure the grouping is — plain `Copy` data, noted by the grouper when asked
//! ([`HandshakeGrouper::deciding`](super::HandshakeGrouper::deciding)) and taken in the order
//! the handshakes ended. A successful handshake then costs no allocation at all; failed and
//! abandoned ones are still kept whole as well.

use super::key::KeyView;
use super::output::Ending;
use super::pending::{Partial, PendingLeg};
use super::users::Users;
use super::{AbandonedAt, AuthKind, Confidence, HandshakeOutcome};
use crate::hash::SigBuild;
use std::collections::HashMap;

/// One decided handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    /// Lines of its legs in order; `lines[..legs]` are used.
    pub lines: [u64; 3],
    /// How many legs it has (1 to 3).
    pub legs: u8,
    /// Instant of the first leg (log clock, as the records handed to the grouper).
    pub start: i64,
    /// Its server's name: [`HandshakeGrouper::decided_server`](super::HandshakeGrouper::decided_server).
    pub server: u32,
    pub outcome: HandshakeOutcome,
    pub auth: AuthKind,
    pub failure_code: Option<u32>,
    /// Failed at a final leg whose `sc-win32-status` the log ends inside
    /// ([`Handshake::failure_cut`](super::Handshake::failure_cut)): no code, not an unknown one.
    pub failure_cut: bool,
    pub abandoned_at: Option<AbandonedAt>,
    /// As [`Handshake::judge`](super::Handshake::judge) judges it when it is built.
    pub confidence: Confidence,
    /// Also kept whole: the kept handshakes, taken with
    /// [`HandshakeGrouper::take_finished`](super::HandshakeGrouper::take_finished), are the
    /// decided ones marked so, in the same order.
    pub kept: bool,
    /// Instant of the last leg.
    pub last_ts: i64,
    /// Hash of its server, client, via, method, uri and agent (what two halves of a handshake
    /// cut by a log rotation share).
    pub key: u64,
    /// The open halves it can continue when it begins a file, as `resolve/rotation.rs`
    /// judges them: [`Decided::AFTER_ANONYMOUS`], [`Decided::AFTER_CHALLENGE`].
    pub continues: u8,
    /// Only a possible rest of a handshake cut by a rotation, not a handshake of its own: an
    /// authenticated request near its file's start that closed nothing (as
    /// [`GroupResult::rests`](super::GroupResult) notes one).
    pub rest: bool,
    /// Users seen through its address when decided (`None`: legs tied to their client), and
    /// how many handshakes of its client were open at once: to judge a joined one.
    pub untied: Option<u32>,
    pub concurrent: u32,
    /// Whether the log names its client (`c-ip`, X-Forwarded-For): to judge a joined one.
    pub named: bool,
}

impl Decided {
    /// It can continue a handshake left at its anonymous leg.
    pub const AFTER_ANONYMOUS: u8 = 1;
    /// It can continue a handshake left at its challenge.
    pub const AFTER_CHALLENGE: u8 = 2;

    /// The open half it can continue, from its first leg, legs and outcome (the rules of
    /// `resolve/rotation.rs`: a failed challenge-first one follows an anonymous leg, a lone
    /// failed leg a challenge; a successful challenge-first one an anonymous leg, one whose
    /// first leg is not a 401 either).
    fn continues(first: &PendingLeg, legs: usize, outcome: HandshakeOutcome) -> u8 {
        let challenge = first.status == 401
            && first.substatus == 1
            && first.win32 == Some(super::SEC_E_NO_CREDENTIALS);
        match outcome {
            HandshakeOutcome::Failed if challenge => Self::AFTER_ANONYMOUS,
            HandshakeOutcome::Failed
                if legs == 1 && first.status == 401 && first.substatus == 1 =>
            {
                Self::AFTER_CHALLENGE
            }
            HandshakeOutcome::Success if challenge => Self::AFTER_ANONYMOUS,
            HandshakeOutcome::Success if first.status != 401 => {
                Self::AFTER_ANONYMOUS | Self::AFTER_CHALLENGE
            }
            _ => 0,
        }
    }

    /// The lines of its legs.
    pub fn leg_lines(&self) -> &[u64] {
        &self.lines[..usize::from(self.legs).min(3)]
    }
}

/// Hash of what two halves of one handshake share: server, client, via, method, uri, agent.
fn key_hash(k: &KeyView<'_>) -> u64 {
    use std::hash::BuildHasher;
    SigBuild::default().hash_one((k.server, k.client, k.via, k.method, k.uri, k.agent))
}

/// The decided handshakes not yet taken, and the server names they refer to.
#[derive(Debug, Clone, Default)]
pub(super) struct Decisions {
    pub on: bool,
    pub list: Vec<Decided>,
    servers: Vec<Box<str>>,
    index: HashMap<Box<str>, u32, SigBuild>,
}

impl Decisions {
    /// The name of server `i`.
    pub fn server(&self, i: u32) -> &str {
        self.servers.get(i as usize).map_or("", |s| s)
    }

    fn server_index(&mut self, name: &str) -> u32 {
        // A log names one server on (nearly) every line.
        if let Some(last) = self.servers.len().checked_sub(1)
            && self.servers.get(last).is_some_and(|s| &**s == name)
        {
            return u32::try_from(last).unwrap_or(u32::MAX);
        }
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = u32::try_from(self.servers.len()).unwrap_or(u32::MAX);
        self.servers.push(Box::from(name));
        self.index.insert(Box::from(name), i);
        i
    }

    /// Notes a handshake of `key` with the open legs of `p` that ended as `end` (with the users
    /// seen through its address so far).
    pub fn note(
        &mut self,
        key: &KeyView<'_>,
        p: Option<&Partial>,
        end: &Ending<'_>,
        users: &Users,
    ) {
        let mut lines = [0u64; 3];
        let mut legs = 0usize;
        let (mut first, mut last_ts) = (None, 0);
        let open = p.into_iter().flat_map(Partial::legs);
        for leg in open.chain(end.last.map(|f| f.leg)) {
            if let Some(slot) = lines.get_mut(legs) {
                *slot = leg.line;
                legs += 1;
            }
            first.get_or_insert(leg);
            last_ts = leg.ts;
        }
        let continues = first.map_or(0, |f| Decided::continues(&f, legs, end.outcome));
        let concurrent = p.map_or(0, |p| p.concurrent);
        let untied = (!key.tied).then(|| users.count_of(key.client));
        let named = !key.client.is_empty();
        let confidence = super::judged(legs, untied, false, concurrent, named);
        let server = self.server_index(key.server);
        self.list.push(Decided {
            lines,
            legs: legs as u8,
            start: first.map_or(0, |f| f.ts),
            server,
            outcome: end.outcome,
            auth: end.auth,
            failure_code: end.failure_code,
            failure_cut: end.outcome == HandshakeOutcome::Failed
                && end.last.is_some_and(|f| f.leg.unlogged.win32_cut()),
            abandoned_at: end.abandoned_at,
            confidence,
            kept: false,
            last_ts,
            key: key_hash(key),
            continues,
            rest: false,
            untied,
            concurrent,
            named,
        });
    }

    /// Notes an authenticated request near its file's start that closed nothing: only a
    /// possible rest of a handshake the file before left open (`Output::rest`).
    pub fn note_rest(&mut self, key: &KeyView<'_>, last: &PendingLeg, users: &Users) {
        let end = Ending {
            last: None,
            outcome: HandshakeOutcome::Success,
            auth: AuthKind::Kerberos,
            failure_code: None,
            abandoned_at: None,
        };
        let lone = Partial {
            first: *last,
            second: None,
            challenged: false,
            last_ts: last.ts,
            concurrent: 0,
        };
        self.note(key, Some(&lone), &end, users);
        if let Some(d) = self.list.last_mut() {
            d.rest = true;
        }
    }

    /// Marks the last one noted as kept whole, checking that it was judged alike.
    pub fn kept(&mut self, confidence: Confidence) {
        if let Some(d) = self.list.last_mut() {
            debug_assert_eq!(d.confidence, confidence, "decided as built");
            d.kept = true;
        }
    }
}
