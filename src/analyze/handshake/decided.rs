//! Handshakes as they are decided, for a sink that tags each leg's request with its handshake
//! (the JSON Lines export) without the handshake being built: which lines its legs are, how it
//! ended and how sure the grouping is — plain `Copy` data, noted by the grouper when asked
//! ([`HandshakeGrouper::deciding`](super::HandshakeGrouper::deciding)) and taken in the order
//! the handshakes ended. A successful handshake then costs no allocation at all; failed and
//! abandoned ones are still kept whole as well.

use super::key::KeyView;
use super::output::Ending;
use super::pending::Partial;
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
    pub abandoned_at: Option<AbandonedAt>,
    /// As [`Handshake::judge`](super::Handshake::judge) judges it when it is built.
    pub confidence: Confidence,
    /// Also kept whole: the kept handshakes, taken with
    /// [`HandshakeGrouper::take_finished`](super::HandshakeGrouper::take_finished), are the
    /// decided ones marked so, in the same order.
    pub kept: bool,
}

impl Decided {
    /// The lines of its legs.
    pub fn leg_lines(&self) -> &[u64] {
        &self.lines[..usize::from(self.legs).min(3)]
    }
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
        let mut start = None;
        let open = p.into_iter().flat_map(Partial::legs);
        for leg in open.chain(end.last.map(|f| f.leg)) {
            if let Some(slot) = lines.get_mut(legs) {
                *slot = leg.line;
                legs += 1;
            }
            start.get_or_insert(leg.ts);
        }
        let concurrent = p.map_or(0, |p| p.concurrent);
        let untied = (!key.tied).then(|| users.count_of(key.client));
        let confidence = super::judged(legs, untied, false, concurrent);
        let server = self.server_index(key.server);
        self.list.push(Decided {
            lines,
            legs: legs as u8,
            start: start.unwrap_or(0),
            server,
            outcome: end.outcome,
            auth: end.auth,
            failure_code: end.failure_code,
            abandoned_at: end.abandoned_at,
            confidence,
            kept: false,
        });
    }

    /// Marks the last one noted as kept whole, checking that it was judged alike.
    pub fn kept(&mut self, confidence: Confidence) {
        if let Some(d) = self.list.last_mut() {
            debug_assert_eq!(d.confidence, confidence, "decided as built");
            d.kept = true;
        }
    }
}
