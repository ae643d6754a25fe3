//! Which parked challenges the report must build after all: those of a client that failed on
//! the same uri close in time (on any server), which the cross-server join and
//! `ntlm-split-connection` read, or that succeeded there at the start of a file (the rotation
//! join reads them), and those close to such a challenge; the rest are counted as not kept.

use super::super::text::SharedFields;
use super::super::{GroupResult, HandshakeOutcome};
use super::run::Entry;
use super::{build, challenge_ts, waits};
use crate::hash::SigBuild;
use std::collections::HashMap;

/// A hash of a client and a uri compared without case (as `ntlm-split-connection` does).
fn client_uri(client: &str, uri: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = SigBuild::default().build_hasher();
    h.write(client.as_bytes());
    h.write_u8(0xff);
    for b in uri.bytes() {
        h.write_u8(b.to_ascii_lowercase());
    }
    h.finish()
}

use super::super::NEAR_FAILURE_MS as NEAR_MS;

/// Instants by client and uri (sorted once filled).
#[derive(Default)]
struct Times(HashMap<u64, Vec<i64>, SigBuild>);

impl Times {
    fn near(&self, key: u64, t: i64) -> bool {
        let Some(v) = self.0.get(&key) else {
            return false;
        };
        let from = v.partition_point(|&x| x < t.saturating_sub(NEAR_MS));
        v.get(from).is_some_and(|&x| x <= t.saturating_add(NEAR_MS))
    }

    fn sort(&mut self) {
        for v in self.0.values_mut() {
            v.sort_unstable();
        }
    }
}

impl GroupResult {
    /// Builds the parked challenges that the join or a finding may read (a failure of the same
    /// client on the same uri, any server, close in time; then challenges close to those) and
    /// counts the others as not kept.
    pub(in super::super) fn unpark(&mut self) {
        if self.parked.is_empty() {
            return;
        }
        let mut times = Times::default();
        // A failure, or a success near a file's start that may continue a handshake cut by a
        // log rotation (`resolve/rotation.rs`).
        let rests = self
            .handshakes
            .iter()
            .filter(|h| h.outcome == HandshakeOutcome::Failed)
            .chain(&self.rests);
        for h in rests {
            let key = client_uri(&h.client, &h.uri);
            times.0.entry(key).or_default().push(h.start.0);
        }
        times.sort();
        let Some(parked) = std::mem::take(&mut self.parked).0 else {
            return;
        };
        // The client and uri of each key of a run, hashed once.
        let hashes: Vec<Vec<u64>> = parked
            .runs
            .iter()
            .map(|r| {
                r.keys()
                    .iter()
                    .map(|k| client_uri(&k.client, &k.uri))
                    .collect()
            })
            .collect();
        let hash = |h: &[u64], e: &Entry| h.get(e.key as usize).copied().unwrap_or(0);
        let mut first = Vec::new();
        let mut starts = Vec::new();
        for (run, h) in parked.runs.iter().zip(&hashes) {
            run.each(|i, e| {
                if waits(run, i, e) {
                    let k = hash(h, e);
                    let near = times.near(k, e.first.ts) || times.near(k, challenge_ts(e));
                    if near {
                        starts.push((k, e.first.ts));
                    }
                    first.push(near);
                }
                true
            });
        }
        // A joined handshake starts at its challenge: a finding looks around that start too.
        for (k, ts) in starts {
            if let Some(v) = times.0.get_mut(&k) {
                v.push(ts);
            }
        }
        times.sort();
        let (handshakes, unkept) = (&mut self.handshakes, &mut self.unkept);
        let mut first = first.into_iter();
        let mut shared = SharedFields::default();
        for (run, h) in parked.runs.into_iter().zip(&hashes) {
            let (source, built) = (run.source, run.built.clone());
            run.drain(|keys, i, e| {
                if !e.challenged || built.binary_search(&i).is_ok() {
                    return;
                }
                let f = first.next().unwrap_or(false);
                match keys.get(e.key as usize) {
                    Some(key) if f || times.near(hash(h, e), e.first.ts) => {
                        handshakes.push(build(e, key, source, &mut shared));
                    }
                    _ => *unkept += 1,
                }
            });
        }
    }
}
