//! Legs a load balancer split over two servers: a lone failed leg on one server and a
//! challenge of the same client, via, method, uri and agent on another shortly before it
//! (unanswered there, or closed by a guessed answer on a shared address) are joined into one
//! split handshake; the closest challenge in time wins, and the counts follow.

use super::super::clients::Answered;
use super::super::result::{GluedChallenge, cross_key};
use super::super::text::SharedFields;
use super::super::{AbandonedAt, AuthKind, GroupResult, Handshake, HandshakeKey, HandshakeOutcome};
use super::super::{Leg, Text, WINDOW_MS};
use super::PerKey;
use crate::hash::SigBuild;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// How much earlier than the challenge a final leg may be logged (second resolution, clocks of
/// two servers).
pub(super) const EARLY_MS: i64 = 1_000;

pub(super) fn key_of(k: &HandshakeKey) -> u64 {
    let via = k.via.as_deref().unwrap_or("");
    cross_key(&k.client, via, &k.method, &k.uri, &k.user_agent)
}

/// A challenge that may belong to a failed leg on another server: unanswered, or closed by a
/// request on a shared address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cand {
    Abandoned(usize),
    Glued(usize),
}

impl GroupResult {
    pub(super) fn cand_server(&self, c: Cand) -> &str {
        match c {
            Cand::Abandoned(i) => &self.handshakes[i].server,
            Cand::Glued(j) => self
                .servers
                .get(usize::from(self.glued[j].server))
                .map_or("", String::as_str),
        }
    }

    /// The file candidate `c`'s challenge was logged in.
    fn cand_source(&self, c: Cand) -> Option<crate::source::SourceId> {
        match c {
            Cand::Abandoned(i) => self.handshakes[i].legs.last().map(|l| l.source),
            Cand::Glued(j) => Some(self.glued[j].source),
        }
    }

    fn cand_challenge_ts(&self, c: Cand) -> Option<i64> {
        match c {
            Cand::Abandoned(i) => self.handshakes[i].legs.last().map(|l| l.ts.0),
            Cand::Glued(j) => Some(self.glued[j].challenge().ts),
        }
    }

    /// A lone failed leg on one server and a challenge of the same client, method, uri and
    /// agent on another server shortly before it (unanswered there, or closed by a request
    /// on an address carrying several users) are one handshake whose legs a load balancer
    /// sent to two servers.
    pub(super) fn join_split(&mut self) -> Vec<Handshake> {
        let lone = |h: &Handshake| {
            h.outcome == HandshakeOutcome::Failed && h.legs.len() == 1 && h.split.is_none()
        };
        // Asking for a lone failure first reads no key: most loads have none, or one server.
        if !self.handshakes.iter().any(lone) || self.one_server() {
            return Vec::new();
        }
        // Only keys with a lone failed leg can join: index just those candidates, and hash
        // the whole key of a challenge only when its client has a lone failed leg. A key is
        // read once per shared key (whether it is split, its hash), never per handshake.
        let mut cands: HashMap<u64, Vec<Cand>, SigBuild> = HashMap::default();
        let mut clients: HashSet<&str, SigBuild> = HashSet::default();
        let mut facts: PerKey<(bool, u64)> = PerKey::default();
        for h in &self.handshakes {
            if h.outcome != HandshakeOutcome::Failed || h.legs.len() != 1 {
                continue;
            }
            let (split, xkey) = facts.get(&h.key, |k| {
                if k.split.is_none() {
                    clients.insert(&k.client);
                }
                (k.split.is_some(), key_of(k))
            });
            if !split {
                cands.entry(xkey).or_default();
            }
        }
        let mut joinable: PerKey<Option<u64>> = PerKey::default();
        for (i, h) in self.handshakes.iter().enumerate() {
            if h.abandoned_at != Some(AbandonedAt::Challenge) {
                continue;
            }
            let xkey = joinable.get(&h.key, |k| {
                (k.split.is_none() && clients.contains(k.client.as_str())).then(|| key_of(k))
            });
            if let Some(v) = xkey.and_then(|x| cands.get_mut(&x)) {
                v.push(Cand::Abandoned(i));
            }
        }
        for (j, g) in self.glued.iter().enumerate() {
            if let Some(v) = cands.get_mut(&g.xkey) {
                v.push(Cand::Glued(j));
            }
        }
        // Each bucket by challenge time, so a failure looks only at challenges near it.
        let mut cands: HashMap<u64, Vec<(i64, Cand)>, SigBuild> = cands
            .into_iter()
            .map(|(k, v)| {
                let mut v: Vec<(i64, Cand)> = v
                    .into_iter()
                    .filter_map(|c| Some((self.cand_challenge_ts(c)?, c)))
                    .collect();
                v.sort_by_key(|&(t, _)| t);
                (k, v)
            })
            .collect();
        let mut pairs: Vec<(usize, Cand)> = Vec::new();
        // The lone failed legs again, in order (a list of them would cost memory at the load's
        // peak); their keys' facts are mostly still in the memo.
        for (f, h) in self.handshakes.iter().enumerate() {
            if h.outcome != HandshakeOutcome::Failed || h.legs.len() != 1 {
                continue;
            }
            let (split, xkey) = facts.get(&h.key, |k| (k.split.is_some(), key_of(k)));
            let (false, Some(fl)) = (split, h.legs.first()) else {
                continue;
            };
            let Some(bucket) = cands.get_mut(&xkey) else {
                continue;
            };
            let t = fl.ts.0;
            let from = bucket.partition_point(|&(c, _)| c < t.saturating_sub(WINDOW_MS));
            let best = bucket[from..]
                .iter()
                .enumerate()
                .take_while(|(_, (c, _))| *c <= t.saturating_add(EARLY_MS))
                // One file is one server's log, whatever server names its lines give: legs
                // in the same file were never split over two servers.
                .filter(|(_, (_, c))| {
                    self.cand_server(*c) != &*h.server
                        && self.cand_source(*c) != Some(fl.source)
                        && self.same_key(*c, h)
                })
                .min_by_key(|(_, (c, k))| ((t - c).abs(), matches!(k, Cand::Glued(_))))
                .map(|(i, &(_, c))| (from + i, c));
            if let Some((at, c)) = best {
                // A challenge answers one failure only.
                bucket.remove(at);
                pairs.push((f, c));
            }
        }
        self.apply_joins(pairs)
    }

    /// Whether every handshake and glued challenge is of one server: nothing can be split.
    fn one_server(&self) -> bool {
        let Some(first) = self.handshakes.first() else {
            return true;
        };
        let (key, server) = (&first.key, first.server.as_str());
        let mut same: PerKey<bool> = PerKey::default();
        self.handshakes
            .iter()
            .all(|h| Arc::ptr_eq(&h.key, key) || same.get(&h.key, |k| k.server == server))
            && self.servers.iter().all(|s| s == server)
    }

    /// Whether candidate `c` really has the key of `h` (hashes can collide).
    fn same_key(&self, c: Cand, h: &Handshake) -> bool {
        match c {
            Cand::Abandoned(i) => {
                let o = &self.handshakes[i];
                (&o.client, &o.via, &o.method, &o.uri, &o.user_agent)
                    == (&h.client, &h.via, &h.method, &h.uri, &h.user_agent)
            }
            // Glued challenges keep no strings; the hash covers the whole key.
            Cand::Glued(_) => true,
        }
    }

    /// Replaces each pair by its joined handshake; the handshakes taken out are returned.
    pub(super) fn apply_joins(&mut self, pairs: Vec<(usize, Cand)>) -> Vec<Handshake> {
        let mut gone = vec![false; self.handshakes.len()];
        let mut stolen: Vec<(crate::source::SourceId, u64)> = Vec::new();
        let mut joined = Vec::with_capacity(pairs.len());
        let mut uncount: Vec<(String, HandshakeOutcome, Option<AbandonedAt>)> = Vec::new();
        let mut answered = Vec::new();
        for (f, c) in pairs {
            let fail = &self.handshakes[f];
            let mut h = match c {
                Cand::Abandoned(i) => {
                    gone[i] = true;
                    let o = &self.handshakes[i];
                    let mut h = o.clone();
                    h.untied |= fail.untied;
                    h.concurrent = h.concurrent.max(fail.concurrent);
                    h.cmdlet = h.cmdlet.or(fail.cmdlet);
                    let at = Some(AbandonedAt::Challenge);
                    uncount.push((o.uri.to_string(), HandshakeOutcome::Abandoned, at));
                    // Answered, on another server: not left unanswered.
                    answered.extend(Answered::of(o));
                    h
                }
                Cand::Glued(j) => {
                    let g = &self.glued[j];
                    let mut h = fail.clone();
                    h.server = self.cand_server(c).into();
                    h.legs = glued_legs(g).into();
                    h.start = h.legs.first().map_or(fail.start, |l| l.ts);
                    stolen.push((g.source, g.challenge().line));
                    uncount.push((fail.uri.to_string(), HandshakeOutcome::Success, None));
                    h
                }
            };
            h.legs = h.legs.iter().chain(fail.legs.iter()).cloned().collect();
            h.outcome = HandshakeOutcome::Failed;
            h.auth = AuthKind::Ntlm;
            h.failure_code = fail.failure_code;
            h.abandoned_at = None;
            h.split = Some(Text::from(fail.server.as_str()));
            joined.push(h);
            gone[f] = true;
        }
        for (uri, outcome, at) in uncount {
            self.bump(&uri, outcome, None, at, -1);
        }
        for a in answered {
            self.clients.answer(a);
        }
        stolen.sort_unstable();
        let took = |h: &Handshake| {
            !stolen.is_empty()
                && h.outcome == HandshakeOutcome::Success
                && h.legs
                    .iter()
                    .any(|l| stolen.binary_search(&(l.source, u64::from(l.line))).is_ok())
        };
        let mut i = 0;
        let out = self
            .handshakes
            .extract_if(.., |h| {
                i += 1;
                gone[i - 1] || took(h)
            })
            .collect();
        self.handshakes.extend(joined);
        out
    }
}

/// The legs of a glued challenge.
fn glued_legs(g: &GluedChallenge) -> Vec<Leg> {
    std::iter::once(g.first)
        .chain(g.second)
        .map(|l| {
            l.to_leg(
                g.source,
                Text::default(),
                None,
                &mut SharedFields::default(),
            )
        })
        .collect()
}
