//! The other half of a split NTLM handshake: a challenge from the same client for the same uri
//! (case-insensitive) left unanswered on another server shortly before the failure.
//!
//! The abandoned NTLM handshakes are put in buckets by (client, lower-case uri), worked out once
//! per distinct key (handshakes share their key), and each bucket is kept by start, so a failure
//! looks only at the challenges inside its time window. The answer is the one a scan of the
//! bucket in handshake order finds first: the lowest-numbered challenge that fits.

use super::super::census::Abandoned;
use crate::analyze::handshake::{Handshake, HandshakeKey, WINDOW_MS};
use crate::hash::SigBuild;
use std::collections::HashMap;

/// How far a challenge may lie after the failure, and before it beyond [`WINDOW_MS`].
const SLACK_MS: i64 = 1_000;

/// Abandoned NTLM handshakes by (client, lower-case uri), each bucket by start.
pub struct Halves<'a, 'c> {
    hs: &'a [Handshake],
    /// The abandoned NTLM handshakes, by number.
    abandoned: &'c [Abandoned<'a>],
    /// Bucket of each (client, lower-case uri).
    by_name: HashMap<(&'a str, String), usize>,
    /// Bucket of each key already looked up, by the key's address.
    by_key: HashMap<usize, Option<usize>, SigBuild>,
    buckets: Vec<Bucket>,
}

#[derive(Default)]
struct Bucket {
    /// Positions in the abandoned list, by start, then number.
    items: Vec<u32>,
    /// Whether handshake order is start order, so the first fitting item is the lowest numbered.
    by_number: bool,
}

impl<'a, 'c> Halves<'a, 'c> {
    /// Buckets the abandoned NTLM handshakes (by number) of `hs`.
    pub fn new(hs: &'a [Handshake], abandoned: &'c [Abandoned<'a>]) -> Self {
        let mut me = Halves {
            hs,
            abandoned,
            by_name: HashMap::new(),
            by_key: HashMap::default(),
            buckets: Vec::new(),
        };
        // Handshakes of one key often follow each other.
        let mut last: Option<(usize, usize)> = None;
        for (pos, a) in abandoned.iter().enumerate() {
            let addr = key_addr(a.key);
            let b = match last {
                Some((k, b)) if k == addr => b,
                _ => match me.by_key.get(&addr) {
                    Some(&Some(b)) => b,
                    _ => {
                        let next = me.buckets.len();
                        let b = *me
                            .by_name
                            .entry((a.key.client.as_str(), a.key.uri.to_ascii_lowercase()))
                            .or_insert(next);
                        if b == next {
                            me.buckets.push(Bucket::default());
                        }
                        me.by_key.insert(addr, Some(b));
                        b
                    }
                },
            };
            last = Some((addr, b));
            me.buckets[b].items.push(to_u32(pos));
        }
        let start = |p: &u32| abandoned[*p as usize].start;
        for b in &mut me.buckets {
            b.by_number = b.items.is_sorted_by_key(start);
            if !b.by_number {
                // Positions rise with numbers: (start, position) is (start, number).
                b.items.sort_unstable_by_key(|p| (start(p), *p));
            }
        }
        me
    }

    /// The challenge on another server, from `h`'s client for its uri, that started at most
    /// [`WINDOW_MS`] + 1 s before `h` and at most 1 s after it; the lowest numbered one.
    pub fn other_half(&mut self, h: &Handshake) -> Option<&'a Handshake> {
        let b = self.bucket_of(h)?;
        let bucket = &self.buckets[b];
        let t = h.start.0;
        let items = &bucket.items;
        let of = |p: &u32| &self.abandoned[*p as usize];
        let lo = items.partition_point(|p| t.saturating_sub(of(p).start) > WINDOW_MS + SLACK_MS);
        let hi = items.partition_point(|p| of(p).start <= t.saturating_add(SLACK_MS));
        let mut fits = items[lo..hi.max(lo)]
            .iter()
            .map(of)
            .filter(|a| !std::ptr::eq(a.key, &*h.key) && a.key.server != h.server)
            .map(|a| a.at);
        let found = if bucket.by_number {
            fits.next()
        } else {
            fits.min()
        };
        found.map(|i| &self.hs[i])
    }

    fn bucket_of(&mut self, h: &Handshake) -> Option<usize> {
        let addr = key_addr(&h.key);
        if let Some(&b) = self.by_key.get(&addr) {
            return b;
        }
        let b = self
            .by_name
            .get(&(h.client.as_str(), h.uri.to_ascii_lowercase()))
            .copied();
        self.by_key.insert(addr, b);
        b
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The address of a shared key: equal for handshakes of one key.
fn key_addr(key: &HandshakeKey) -> usize {
    std::ptr::from_ref(key) as usize
}

#[cfg(test)]
mod tests;
