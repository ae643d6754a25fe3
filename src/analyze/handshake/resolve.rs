//! The step after every source is grouped: legs cut by a log rotation and legs split over two
//! servers are joined and every kept handshake is judged with the users seen through its
//! address over the whole load.

use super::judged;
use super::perkey::PerKey;
use super::result::{by_order_key, tally_order};
use super::{AbandonedAt, GroupResult, Handshake, HandshakeOutcome, HandshakeTally};

/// From how many handshakes on they are judged on two threads (a thread costs tens of
/// microseconds; a handshake judged a few nanoseconds). Tests take both ways.
const HALVES_FROM: usize = if cfg!(test) { 8 } else { 1 << 16 };

impl GroupResult {
    /// Joins split handshakes and judges every handshake over the whole load. Call once, after
    /// merging every source's result.
    pub fn resolve(&mut self) {
        self.resolve_given_up();
    }

    /// [`GroupResult::resolve`], handing back the handshakes the join gave up (lone failed
    /// legs and challenges joined into one handshake split over two servers, successes whose
    /// glued challenge went to such a join), in their order before.
    pub fn resolve_given_up(&mut self) -> Vec<Handshake> {
        self.unpark();
        let mut given_up = self.join_rotated();
        given_up.extend(self.join_split());
        self.clients.settle();
        self.judge_all();
        self.clients.attach(&self.users);
        // In order unless splits were joined or parked ones built (appended at the end): those
        // are merged in. The start decides almost every comparison without reading legs.
        if !crate::order::sort_appended_by(&mut self.handshakes, by_order_key, Handshake::hollow) {
            // Keys are unique (a handshake's first leg): the unstable order is the stable one.
            self.handshakes.sort_unstable_by(by_order_key);
        }
        self.counts.retain(|c| c.count > 0);
        self.counts.sort_by(tally_order);
        self.glued = Vec::new();
        self.rests = Vec::new();
        given_up
    }

    /// Judges every handshake with the users seen through its address over the load
    /// ([`Handshake::judge`]). What it reads of a key (split, users of its client) is worked
    /// out once per shared key, so the walk over the list reads no key; a long list is judged
    /// in two halves at once (each handshake on its own).
    fn judge_all(&mut self) {
        let users = &self.users;
        let judge = |part: &mut [Handshake]| {
            let mut facts: PerKey<(bool, u8, bool)> = PerKey::default();
            for h in part {
                let (split, shared, named) = facts.get(&h.key, |k| {
                    (
                        k.split.is_some(),
                        super::shared_users(users.count(&k.client)),
                        !k.client.is_empty(),
                    )
                });
                if h.untied {
                    h.shared_users = shared;
                }
                let untied = h.untied.then_some(u32::from(h.shared_users));
                h.confidence = judged(h.legs.len(), untied, split, h.concurrent, named);
            }
        };
        if self.handshakes.len() < HALVES_FROM {
            judge(&mut self.handshakes);
            return;
        }
        let half = self.handshakes.len() / 2;
        let (front, back) = self.handshakes.split_at_mut(half);
        std::thread::scope(|s| {
            s.spawn(|| judge(back));
            judge(front);
        });
    }

    /// Adds `delta` to a tally (created when missing).
    fn bump(
        &mut self,
        uri: &str,
        outcome: HandshakeOutcome,
        failure_code: Option<u32>,
        abandoned_at: Option<AbandonedAt>,
        delta: i64,
    ) {
        let found = self.counts.iter_mut().find(|c| {
            c.uri == uri
                && c.outcome == outcome
                && c.failure_code == failure_code
                && c.abandoned_at == abandoned_at
        });
        match found {
            Some(c) => c.count = c.count.saturating_add_signed(delta),
            None if delta > 0 => self.counts.push(HandshakeTally {
                uri: uri.to_string(),
                outcome,
                failure_code,
                abandoned_at,
                count: delta.unsigned_abs(),
            }),
            None => {}
        }
    }
}

mod rotation;
mod split;
#[cfg(test)]
use split::{Cand, EARLY_MS, key_of};
#[cfg(test)]
mod tests;
