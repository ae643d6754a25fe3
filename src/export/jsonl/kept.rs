//! What the findings need of the handshakes, kept small while a long export runs.
//!
//! The findings look at failed handshakes, and at unanswered NTLM challenges only as the other
//! half of a failure on another server (a load balancer without affinity). A busy log has tens
//! of thousands of those challenges, so they are parked without their strings (the key of
//! server, client, method, uri and agent is stored once and shared) and rebuilt at the end
//! only when a failure of the same client and uri was logged by another server close in time
//! (`NEAR_FAILURE_MS`, the report's bound), or close to such a challenge.

use crate::analyze::handshake::NEAR_FAILURE_MS;
use crate::analyze::handshake::{
    AbandonedAt, AuthKind, Confidence, Handshake, HandshakeKey, HandshakeOutcome, Leg,
};
use crate::time::UtcMs;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;

/// The strings a parked handshake shares with others of its key.
type Key = Arc<HandshakeKey>;

/// An unanswered NTLM challenge without its strings.
#[derive(Debug)]
struct Parked {
    key: u32,
    start: UtcMs,
    first: Leg,
    second: Option<Leg>,
    abandoned_at: Option<AbandonedAt>,
    confidence: Confidence,
    concurrent: u32,
    shared_users: u32,
    untied: bool,
}

/// Parked challenges in chunks of [`CHUNK`]: the list grows without the copy a growing
/// `Vec` makes, which holds the old and the new storage at once (at 4 GiB of four servers'
/// logs, hundreds of thousands are parked).
#[derive(Debug, Default)]
struct Chunks(Vec<Vec<Parked>>);

/// Parked challenges per chunk.
const CHUNK: usize = 4096;

impl Chunks {
    fn push(&mut self, p: Parked) {
        match self.0.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(p),
            _ => {
                let mut c = Vec::with_capacity(CHUNK);
                c.push(p);
                self.0.push(c);
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Parked> {
        self.0.iter().flatten()
    }
}

/// Failed handshakes whole, unanswered challenges parked.
#[derive(Debug, Default)]
pub struct Kept {
    failed: Vec<Handshake>,
    /// Open halves the stream joined with their rest in the next file of a rotated log: the
    /// cross-file step joins them again (their challenge was answered, `ntlm-stuck-client`).
    rotated: Vec<Handshake>,
    index: FxHashMap<Key, u32>,
    keys: Vec<Key>,
    parked: Chunks,
}

impl Kept {
    /// Keeps `h` when a finding may need it.
    pub fn push(&mut self, mut h: Handshake) {
        match (h.outcome, h.auth) {
            (HandshakeOutcome::Failed, _) => self.failed.push(h),
            (HandshakeOutcome::Abandoned, AuthKind::Ntlm) if (1..=2).contains(&h.legs.len()) => {
                let mut legs = std::mem::take(&mut h.legs).into_vec();
                let second = (legs.len() == 2).then(|| legs.pop()).flatten();
                let Some(first) = legs.pop() else { return };
                let key = Arc::clone(&h.key);
                let id = match self.index.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
                        self.index.insert(key.clone(), id);
                        self.keys.push(key);
                        id
                    }
                };
                self.parked.push(Parked {
                    key: id,
                    start: h.start,
                    first,
                    second,
                    abandoned_at: h.abandoned_at,
                    confidence: h.confidence,
                    concurrent: h.concurrent,
                    shared_users: u32::from(h.shared_users),
                    untied: h.untied,
                });
            }
            _ => {}
        }
    }

    /// Keeps `h` whole: the open half of a handshake cut by a log rotation whose rest the
    /// next file holds.
    pub fn push_rotated(&mut self, h: Handshake) {
        self.rotated.push(h);
    }

    /// The failed handshakes and the parked challenges that may be the other half of one of
    /// them (same client and uri, another server, within [`NEAR_FAILURE_MS`] of the failure:
    /// the report builds none further away), and those close to such a challenge, rebuilt.
    pub fn into_handshakes(self) -> Vec<Handshake> {
        // The failures' starts by client and uri (case-insensitive), with their servers.
        let mut failed_on: HashMap<(&str, String), Vec<(i64, &str)>> = HashMap::new();
        for f in &self.failed {
            failed_on
                .entry((f.client.as_str(), f.uri.to_ascii_lowercase()))
                .or_default()
                .push((f.start.0, f.server.as_str()));
        }
        for v in failed_on.values_mut() {
            v.sort_unstable();
        }
        // Per key: its client and uri (case-insensitive), and its failures' list when one is
        // on another server.
        let client_uri: Vec<(&str, String)> = self
            .keys
            .iter()
            .map(|k| (k.client.as_str(), k.uri.to_ascii_lowercase()))
            .collect();
        let lists: Vec<Option<&Vec<(i64, &str)>>> = self
            .keys
            .iter()
            .zip(&client_uri)
            .map(|(k, cu)| {
                failed_on
                    .get(cu)
                    .filter(|v| v.iter().any(|(_, s)| k.server != *s))
            })
            .collect();
        let near = |list: &[(i64, &str)], server: &str, t: i64| {
            within(list, t, |x| x.0).iter().any(|(_, s)| *s != server)
        };
        let mut wanted: Vec<bool> = self
            .parked
            .iter()
            .map(|p| {
                let (Some(Some(list)), Some(k)) =
                    (lists.get(p.key as usize), self.keys.get(p.key as usize))
                else {
                    return false;
                };
                let challenge = p.second.as_ref().map_or(p.first.ts, |l| l.ts);
                near(list, &k.server, p.start.0) || near(list, &k.server, challenge.0)
            })
            .collect();
        // A joined handshake starts at its challenge: a finding looks around that start too
        // (for challenges of the same client and uri, on any server).
        let mut joined_at: HashMap<&(&str, String), Vec<i64>> = HashMap::new();
        for (p, _) in self.parked.iter().zip(&wanted).filter(|(_, w)| **w) {
            if let Some(cu) = client_uri.get(p.key as usize) {
                joined_at.entry(cu).or_default().push(p.start.0);
            }
        }
        for v in joined_at.values_mut() {
            v.sort_unstable();
        }
        for (p, w) in self.parked.iter().zip(wanted.iter_mut()) {
            let times = client_uri
                .get(p.key as usize)
                .and_then(|cu| joined_at.get(cu));
            if let (false, Some(v)) = (*w, times) {
                *w = !within(v, p.start.0, |x| *x).is_empty();
            }
        }
        let mut out = Vec::new();
        for (p, _) in self
            .parked
            .0
            .into_iter()
            .flatten()
            .zip(wanted)
            .filter(|(_, w)| *w)
        {
            let Some(k) = self.keys.get(p.key as usize) else {
                continue;
            };
            let mut legs = vec![p.first];
            legs.extend(p.second);
            out.push(Handshake {
                key: Arc::clone(k),
                start: p.start,
                legs: legs.into(),
                outcome: HandshakeOutcome::Abandoned,
                auth: AuthKind::Ntlm,
                failure_code: None,
                abandoned_at: p.abandoned_at,
                confidence: p.confidence,
                cmdlet: None,
                concurrent: p.concurrent,
                shared_users: crate::analyze::handshake::shared_users(p.shared_users),
                untied: p.untied,
            });
        }
        let mut all = self.failed;
        all.extend(out);
        all.extend(self.rotated);
        all
    }
}

/// The run of `sorted` (in the order of `at`) within [`NEAR_FAILURE_MS`] of `t`.
fn within<T>(sorted: &[T], t: i64, at: impl Fn(&T) -> i64) -> &[T] {
    let from = sorted.partition_point(|x| at(x) < t.saturating_sub(NEAR_FAILURE_MS));
    let rest = sorted.get(from..).unwrap_or_default();
    let len = rest.partition_point(|x| at(x) <= t.saturating_add(NEAR_FAILURE_MS));
    rest.get(..len).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::handshake::HandshakeGrouper;
    use crate::analyze::handshake::testlog::feed;

    const UA: &str = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5254;+Pro)";

    /// The handshakes one server's lines make.
    fn handshakes(server: &str, lines: &[String]) -> Vec<Handshake> {
        let mut g = HandshakeGrouper::new(true);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        feed(&mut g, 0, server, &lines);
        g.finish().handshakes
    }

    fn leg(time: &str, client: &str, codes: &str) -> String {
        format!(
            "2024-11-05 {time} 10.0.1.11 POST /EWS/mrsproxy.svc - 443 - {client} {UA} - {codes} 1"
        )
    }

    /// A failure on EX01 at 13:23:46; on EX02 the same client's challenges left unanswered at
    /// 13:23:48 (the other half a load balancer sent elsewhere), 13:24:00 (close to that one)
    /// and 13:40:00 (minutes away: no finding or join reads it).
    #[test]
    fn only_challenges_near_a_failure_of_their_client_on_another_server_are_rebuilt() {
        let client = "10.0.5.20";
        let failed = handshakes(
            "EX01",
            &[
                leg("13:23:46", client, "401 2 5"),
                leg("13:23:46", client, "401 1 2148074254"),
                leg("13:23:46", client, "401 1 2148074310"),
            ],
        );
        let open = handshakes(
            "EX02",
            &[
                leg("13:23:48", client, "401 2 5"),
                leg("13:23:48", client, "401 1 2148074254"),
                leg("13:24:00", client, "401 2 5"),
                leg("13:24:00", client, "401 1 2148074254"),
                leg("13:40:00", client, "401 2 5"),
                leg("13:40:00", client, "401 1 2148074254"),
            ],
        );
        assert_eq!(failed.len(), 1);
        assert_eq!(open.len(), 3);
        let mut kept = Kept::default();
        for h in failed.into_iter().chain(open) {
            kept.push(h);
        }
        let all = kept.into_handshakes();
        let starts: Vec<String> = all
            .iter()
            .map(|h| format!("{} {:?}", h.server.as_str(), h.outcome))
            .collect();
        assert_eq!(all.len(), 3, "{starts:?}");
        let far = crate::analyze::handshake::testlog::at("2024-11-05", "13:40:00");
        assert!(all.iter().all(|h| h.start != far), "{starts:?}");
    }
}
