//! Per client (address and user agent): how many NTLM handshakes it left at the challenge and
//! how many it completed, counted as each handshake ends.
//!
//! A client that keeps an old password after a change (Outlook for Mac and mobile mail apps on
//! EWS are the usual ones) sends leg 1, gets the challenge (`401 1 2148074254`) and starts
//! again, over and over; so does a monitor that only probes authentication. The counts are
//! taken where every handshake passes (kept or not, text report or explorer), so the finding
//! that reads them says the same whichever way the logs were loaded. Completed handshakes are
//! a count per hashed client; only a client that left a challenge keeps its strings.

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

/// One client's counts; its strings only once it left a challenge unanswered.
#[derive(Debug, Clone, Default, PartialEq)]
struct Row {
    hash: u64,
    completed: Completed,
    left: Option<Box<ClientTally>>,
}

/// The handshakes a client completed: how many, and the user name the latest one logged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completed {
    pub count: u64,
    /// `cs-username` of the latest completed handshake that logged one, and its instant.
    pub last_user: Option<(Box<str>, i64)>,
}

impl Completed {
    fn note_user(&mut self, user: &str, ts: i64) {
        if user.is_empty() || user == "-" {
            return;
        }
        match &mut self.last_user {
            Some((u, at)) if **u == *user => *at = (*at).max(ts),
            Some((_, at)) if *at > ts => {}
            _ => self.last_user = Some((user.into(), ts)),
        }
    }
}

/// No counts (what a load without W3C logs has).
pub static NO_CLIENTS: ClientTallies = ClientTallies {
    index: HashMap::with_hasher(SigBuild::new()),
    rows: Vec::new(),
};

/// A challenge left unanswered, as the grouper saw it end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Left<'a> {
    pub client: &'a str,
    pub agent: &'a str,
    pub uri: &'a str,
    pub server: &'a str,
    pub source: SourceId,
    pub line: u64,
    pub offset: u64,
    pub ts: i64,
}

impl ClientTallies {
    /// The row of a client (created on first use): the grouper asks once per key it
    /// remembers, then counts by row.
    pub(super) fn row(&mut self, client: &str, agent: &str) -> u32 {
        let hash = crate::hash::pair(client.as_bytes(), agent.as_bytes());
        self.row_of(hash)
    }

    fn row_of(&mut self, hash: u64) -> u32 {
        let next = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        let rows = &mut self.rows;
        *self.index.entry(hash).or_insert_with(|| {
            rows.push(Row {
                hash,
                ..Row::default()
            });
            next
        })
    }

    /// Counts a handshake of the client in `row` that completed, logging `user` at `ts`.
    pub(super) fn completed(&mut self, row: u32, user: &str, ts: i64) {
        if let Some(r) = self.rows.get_mut(row as usize) {
            r.completed.count += 1;
            r.completed.note_user(user, ts);
        }
    }

    /// Counts a handshake left at the challenge.
    pub(super) fn left(&mut self, l: Left<'_>) {
        let row = self.row(l.client, l.agent);
        let Some(r) = self.rows.get_mut(row as usize) else {
            return;
        };
        let t = r.left.get_or_insert_with(|| {
            Box::new(ClientTally {
                client: l.client.to_string(),
                agent: l.agent.to_string(),
                first: l.ts,
                last: l.ts,
                ..ClientTally::default()
            })
        });
        t.abandoned += 1;
        t.first = t.first.min(l.ts);
        t.last = t.last.max(l.ts);
        keep(&mut t.uris, l.uri);
        keep(&mut t.servers, l.server);
        if t.samples.len() < KEPT {
            t.samples.push(Sample {
                source: l.source,
                line: l.line,
                offset: l.offset,
                ts: l.ts,
            });
        }
    }

    /// Adds another grouping's counts (another source, or another server).
    pub fn merge(&mut self, other: ClientTallies) {
        if self.rows.is_empty() {
            *self = other;
            return;
        }
        for o in other.rows {
            let row = self.row_of(o.hash);
            let Some(r) = self.rows.get_mut(row as usize) else {
                continue;
            };
            r.completed.count += o.completed.count;
            if let Some((u, ts)) = &o.completed.last_user {
                r.completed.note_user(u, *ts);
            }
            match (&mut r.left, o.left) {
                (_, None) => {}
                (None, Some(l)) => r.left = Some(l),
                (Some(t), Some(o)) => {
                    t.abandoned += o.abandoned;
                    t.first = t.first.min(o.first);
                    t.last = t.last.max(o.last);
                    for u in &o.uris {
                        keep(&mut t.uris, u);
                    }
                    for s in &o.servers {
                        keep(&mut t.servers, s);
                    }
                    t.samples.extend(o.samples);
                    t.samples.sort_by_key(|s| (s.ts, s.source, s.line));
                    t.samples.truncate(KEPT);
                }
            }
        }
    }

    /// The byte offset of a sample line (for reading its text back).
    pub fn offset_of(&self, source: SourceId, line: u64) -> Option<u64> {
        self.rows
            .iter()
            .filter_map(|r| r.left.as_deref())
            .flat_map(|t| &t.samples)
            .find(|s| s.source == source && s.line == line)
            .map(|s| s.offset)
    }

    /// Every client that left a challenge unanswered, with the handshakes it completed.
    pub fn clients(&self) -> impl Iterator<Item = (&ClientTally, &Completed)> {
        self.rows
            .iter()
            .filter_map(|r| r.left.as_deref().map(|t| (t, &r.completed)))
    }
}

/// Adds `value` to a short list of distinct values.
fn keep(list: &mut Vec<String>, value: &str) {
    if list.len() < KEPT && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn left(client: &str, ts: i64, line: u64) -> Left<'_> {
        Left {
            client,
            agent: "MacOutlook/16.89",
            uri: "/EWS/Exchange.asmx",
            server: "EX01",
            source: SourceId(0),
            line,
            offset: line * 100,
            ts,
        }
    }

    #[test]
    fn counts_per_client_and_agent_and_merges() {
        let mut a = ClientTallies::default();
        for i in 0..5 {
            a.left(left("10.0.0.7", 1000 * i, 10 + i as u64));
        }
        let mac = a.row("10.0.0.7", "MacOutlook/16.89");
        a.completed(mac, "CONTOSO\\bob", 900);
        let other = a.row("10.0.0.7", "Outlook/16.0");
        a.completed(other, "CONTOSO\\eve", 5000);
        let mut b = ClientTallies::default();
        b.left(left("10.0.0.7", -50, 3));
        let mac = b.row("10.0.0.7", "MacOutlook/16.89");
        b.completed(mac, "-", 7000);
        b.completed(mac, "CONTOSO\\amy", 100);
        a.merge(b);
        let all: Vec<_> = a.clients().collect();
        assert_eq!(all.len(), 1);
        let (t, done) = all[0];
        assert_eq!((t.abandoned, done.count), (6, 3));
        let last = done.last_user.as_ref().map(|(u, ts)| (&**u, *ts));
        assert_eq!(
            last,
            Some(("CONTOSO\\bob", 900)),
            "the latest that logged a user"
        );
        assert_eq!((t.first, t.last), (-50, 4000));
        assert_eq!(t.samples.len(), KEPT);
        assert_eq!((t.samples[0].line, t.samples[0].ts), (3, -50));
        assert_eq!(a.offset_of(SourceId(0), 3), Some(300));
        assert_eq!(t.uris, vec!["/EWS/Exchange.asmx".to_string()]);
    }
}
