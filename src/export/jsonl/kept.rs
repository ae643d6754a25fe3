//! What the findings need of the handshakes, kept small while a long export runs.
//!
//! The findings look at failed handshakes, and at unanswered NTLM challenges only as the other
//! half of a failure on another server (a load balancer without affinity). A busy log has tens
//! of thousands of those challenges, so they are parked without their strings (the key of
//! server, client, method, uri and agent is stored once and shared) and rebuilt at the end
//! only when a failure of the same client and uri was logged by another server.

use crate::analyze::handshake::{
    AbandonedAt, AuthKind, Confidence, Handshake, HandshakeKey, HandshakeOutcome, Leg,
};
use crate::time::UtcMs;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
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

/// Failed handshakes whole, unanswered challenges parked.
#[derive(Debug, Default)]
pub struct Kept {
    failed: Vec<Handshake>,
    /// Open halves the stream joined with their rest in the next file of a rotated log: the
    /// cross-file step joins them again (their challenge was answered, `ntlm-stuck-client`).
    rotated: Vec<Handshake>,
    index: FxHashMap<Key, u32>,
    keys: Vec<Key>,
    parked: Vec<Parked>,
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
    /// them (same client and uri, another server), rebuilt.
    pub fn into_handshakes(self) -> Vec<Handshake> {
        let mut failed_on: HashMap<(&str, String), HashSet<&str>> = HashMap::new();
        for f in &self.failed {
            failed_on
                .entry((f.client.as_str(), f.uri.to_ascii_lowercase()))
                .or_default()
                .insert(f.server.as_str());
        }
        let wanted: Vec<bool> = self
            .keys
            .iter()
            .map(|k| {
                failed_on
                    .get(&(k.client.as_str(), k.uri.to_ascii_lowercase()))
                    .is_some_and(|servers| servers.iter().any(|s| k.server != *s))
            })
            .collect();
        let mut out = Vec::new();
        for p in self.parked {
            let Some(k) = self.keys.get(p.key as usize) else {
                continue;
            };
            if !wanted.get(p.key as usize).copied().unwrap_or(false) {
                continue;
            }
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
