//! Per client (address and user agent): how many NTLM handshakes it left at the challenge,
//! counted as each handshake ends, and how many its address completed.
//!
//! A client that keeps an old password after a change (Outlook for Mac and mobile mail apps on
//! EWS are the usual ones) sends leg 1, gets the challenge (`401 1 2148074254`) and starts
//! again, over and over; so does a monitor that only probes authentication. The counts are
//! taken where every handshake passes (kept or not, text report or explorer), so the finding
//! that reads them says the same whichever way the logs were loaded. Only a client that left a
//! challenge has a row; the handshakes its address completed are counted where the grouper
//! already keeps each address (`users.rs`, no lookup of its own on the hot path) and attached
//! once the load is grouped ([`ClientTallies::attach`]).
//!
//! A challenge left in a file's last seconds may be answered in the next file of the rotated
//! log: it is held aside until the cross-source step has joined such halves, and counted only
//! if it stayed unanswered (`clients/settle.rs`).

use super::key::KeyView;
use super::pending::PendingLeg;
use super::users::UserCounts;
use crate::hash::SigBuild;
use crate::source::SourceId;
use std::collections::HashMap;

/// Uris, servers and sample lines kept per client.
const KEPT: usize = 3;

/// What one client left at the challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientTally {
    /// `c-ip` (or the X-Forwarded-For client).
    pub client: String,
    /// `cs(User-Agent)` (empty when `-`).
    pub agent: String,
    /// Handshakes left at the challenge.
    pub abandoned: u64,
    /// Instants (UTC ms) of the first and last challenge left unanswered.
    pub first: i64,
    pub last: i64,
    /// The first few uris and servers of those handshakes.
    pub uris: Vec<String>,
    pub servers: Vec<String>,
    /// The first few challenge lines left unanswered.
    pub samples: Vec<Sample>,
}

/// A challenge line left unanswered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub source: SourceId,
    pub line: u64,
    /// Byte offset of the line (its text is read back from the file).
    pub offset: u64,
    /// Instant (UTC ms).
    pub ts: i64,
}

/// Handshakes left at the challenge and completed, per client, for one grouping or merged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientTallies {
    /// Row of each client, by hash of address and agent.
    index: HashMap<u64, u32, SigBuild>,
    rows: Vec<Row>,
}

/// One client that left a challenge unanswered, and what its address completed.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    hash: u64,
    left: Box<ClientTally>,
    completed: Completed,
    /// Challenges left in a file's last seconds, not counted yet ([`ClientTallies::settle`]).
    held: Vec<settle::Held>,
    /// The earliest and latest challenges counted, to correct the span when one is taken back.
    ends: span::Ends,
}

/// No counts (what a load without W3C logs has).
pub static NO_CLIENTS: ClientTallies = ClientTallies {
    index: HashMap::with_hasher(SigBuild::new()),
    rows: Vec::new(),
};

impl ClientTallies {
    /// Counts a handshake of `key` left at its `challenge`, logged in `source`; one left in
    /// its file's last seconds (`held`) is only noted, until [`ClientTallies::settle`].
    pub(super) fn left(
        &mut self,
        key: &KeyView<'_>,
        source: SourceId,
        challenge: &PendingLeg,
        held: bool,
    ) {
        let sample = Sample {
            source,
            line: challenge.line,
            offset: challenge.offset,
            ts: challenge.ts,
        };
        let r = self.row(key.client, key.agent);
        if held {
            r.held.push(settle::Held {
                sample,
                uri: key.uri.to_string(),
                server: key.server.to_string(),
            });
        } else {
            r.count(sample, key.uri, key.server);
        }
    }

    /// The row of a client (created with nothing counted).
    fn row(&mut self, client: &str, agent: &str) -> &mut Row {
        let hash = crate::hash::pair(client.as_bytes(), agent.as_bytes());
        let next = self.rows.len();
        let at = *self
            .index
            .entry(hash)
            .or_insert(u32::try_from(next).unwrap_or(u32::MAX)) as usize;
        if at >= self.rows.len() {
            self.rows.push(Row {
                hash,
                left: Box::new(ClientTally {
                    client: client.to_string(),
                    agent: agent.to_string(),
                    ..ClientTally::default()
                }),
                completed: Completed::default(),
                held: Vec::new(),
                ends: span::Ends::default(),
            });
        }
        let last = self.rows.len() - 1;
        &mut self.rows[at.min(last)]
    }

    /// Sets what each client's address completed, from the users table of the whole load.
    pub(super) fn attach(&mut self, users: &UserCounts) {
        for r in &mut self.rows {
            r.completed = users.completed(&r.left.client).cloned().unwrap_or_default();
        }
    }

    /// Adds another grouping's counts (another source, or another server).
    pub fn merge(&mut self, other: ClientTallies) {
        if self.rows.is_empty() {
            *self = other;
            return;
        }
        for o in other.rows {
            let next = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
            let at = *self.index.entry(o.hash).or_insert(next);
            if at == next {
                self.rows.push(o);
                continue;
            }
            let Some(r) = self.rows.get_mut(at as usize) else {
                continue;
            };
            r.held.extend(o.held);
            if o.left.abandoned == 0 {
                continue;
            }
            let t = &mut r.left;
            t.abandoned += o.left.abandoned;
            for u in &o.left.uris {
                keep(&mut t.uris, u);
            }
            for s in &o.left.servers {
                keep(&mut t.servers, s);
            }
            r.ends.merge(&o.ends);
            r.spanned();
        }
    }

    /// The byte offset of a sample line (for reading its text back).
    pub fn offset_of(&self, source: SourceId, line: u64) -> Option<u64> {
        self.rows
            .iter()
            .flat_map(|r| &r.left.samples)
            .find(|s| s.source == source && s.line == line)
            .map(|s| s.offset)
    }

    /// Every client that left a challenge unanswered, with what its address completed.
    pub fn clients(&self) -> impl Iterator<Item = (&ClientTally, &Completed)> {
        self.rows
            .iter()
            .filter(|r| r.left.abandoned > 0)
            .map(|r| (&*r.left, &r.completed))
    }
}

impl Row {
    /// Counts one challenge left unanswered.
    fn count(&mut self, s: Sample, uri: &str, server: &str) {
        let t = &mut self.left;
        t.abandoned += 1;
        keep(&mut t.uris, uri);
        keep(&mut t.servers, server);
        // The earliest few, whatever order handshakes end in (held ones are counted last).
        self.ends.note(s);
        self.spanned();
    }

    /// Sets the span and the samples from the ends kept (an end emptied by take-backs stays
    /// as it was: see `clients/span.rs`).
    fn spanned(&mut self) {
        let t = &mut self.left;
        t.first = self.ends.first().unwrap_or(t.first);
        t.last = self.ends.last().unwrap_or(t.last);
        t.samples.clear();
        t.samples.extend_from_slice(self.ends.earliest(KEPT));
    }
}

/// Adds `value` to a short list of distinct values.
fn keep(list: &mut Vec<String>, value: &str) {
    if list.len() < KEPT && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

mod completed;
mod settle;
mod span;
pub use completed::Completed;
pub(super) use settle::Answered;

#[cfg(test)]
mod tests {
    use super::*;

    fn left(t: &mut ClientTallies, ts: i64, line: u64) {
        let key = KeyView {
            server: "EX01",
            client: "10.0.0.7",
            via: "",
            port: "",
            method: "POST",
            uri: "/EWS/Exchange.asmx",
            agent: "MacOutlook/16.89",
            tied: false,
        };
        let leg = PendingLeg {
            line,
            offset: line * 100,
            ts,
            status: 401,
            substatus: 1,
            win32: Some(2_148_074_254),
            unlogged: Default::default(),
        };
        t.left(&key, SourceId(0), &leg, false);
    }

    #[test]
    fn counts_per_client_and_agent_and_merges() {
        let mut a = ClientTallies::default();
        for i in 0..5 {
            left(&mut a, 1000 * i, 10 + i as u64);
        }
        let mut b = ClientTallies::default();
        left(&mut b, -50, 3);
        a.merge(b);
        let all: Vec<_> = a.clients().collect();
        assert_eq!(all.len(), 1);
        let (t, done) = all[0];
        assert_eq!((t.abandoned, done.count), (6, 0));
        assert_eq!((t.first, t.last), (-50, 4000));
        assert_eq!(t.samples.len(), KEPT);
        assert_eq!((t.samples[0].line, t.samples[0].ts), (3, -50));
        assert_eq!(a.offset_of(SourceId(0), 3), Some(300));
        assert_eq!(t.uris, vec!["/EWS/Exchange.asmx".to_string()]);
    }

    #[test]
    fn the_latest_user_that_was_logged_is_kept() {
        let mut a = Completed::default();
        a.add("CONTOSO\\bob", 900);
        a.add("-", 7000);
        let mut b = Completed::default();
        b.add("CONTOSO\\amy", 100);
        b.merge(&a);
        assert_eq!(b.count, 3);
        let last = b.last_user.as_ref().map(|(u, ts)| (u.as_str(), *ts));
        assert_eq!(last, Some(("CONTOSO\\bob", 900)));
    }
}
