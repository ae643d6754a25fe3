//! The other half of a split NTLM handshake: a challenge from the same client for the same uri
//! (case-insensitive) left unanswered on another server shortly before the failure.
//!
//! The abandoned NTLM handshakes are put in buckets by (client, lower-case uri), worked out once
//! per distinct key (handshakes share their key), and each bucket is kept by start, so a failure
//! looks only at the challenges inside its time window. The answer is the one a scan of the
//! bucket in handshake order finds first: the lowest-numbered challenge that fits.

use crate::analyze::handshake::{Handshake, HandshakeKey, WINDOW_MS};
use crate::hash::SigBuild;
use std::collections::HashMap;

/// How far a challenge may lie after the failure, and before it beyond [`WINDOW_MS`].
const SLACK_MS: i64 = 1_000;

/// Abandoned NTLM handshakes by (client, lower-case uri), each bucket by start.
pub struct Halves<'a> {
    hs: &'a [Handshake],
    /// Bucket of each (client, lower-case uri).
    by_name: HashMap<(&'a str, String), usize>,
    /// Bucket of each key already looked up, by the key's address.
    by_key: HashMap<usize, Option<usize>, SigBuild>,
    buckets: Vec<Bucket>,
}

#[derive(Default)]
struct Bucket {
    /// Handshake numbers, by start, then number (four bytes each: there may be many).
    items: Vec<u32>,
    /// Whether handshake order is start order, so the first fitting item is the lowest numbered.
    by_number: bool,
}

impl<'a> Halves<'a> {
    /// Buckets the abandoned NTLM handshakes `abandoned` (numbers into `hs`, rising).
    pub fn new(hs: &'a [Handshake], abandoned: &[u32]) -> Self {
        let mut me = Halves {
            hs,
            by_name: HashMap::new(),
            by_key: HashMap::default(),
            buckets: Vec::new(),
        };
        // Handshakes of one key often follow each other.
        let mut last: Option<(usize, usize)> = None;
        for &at in abandoned {
            let Some(a) = hs.get(at as usize) else {
                continue;
            };
            let addr = key_addr(&a.key);
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
            me.buckets[b].items.push(at);
        }
        let start = |at: &u32| hs[*at as usize].start.0;
        for b in &mut me.buckets {
            b.by_number = b.items.is_sorted_by_key(start);
            if !b.by_number {
                b.items.sort_unstable_by_key(|at| (start(at), *at));
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
        let hs = self.hs;
        let start = |at: &u32| hs[*at as usize].start.0;
        let lo = items.partition_point(|at| t.saturating_sub(start(at)) > WINDOW_MS + SLACK_MS);
        let hi = items.partition_point(|at| start(at) <= t.saturating_add(SLACK_MS));
        let mut fits = items[lo..hi.max(lo)]
            .iter()
            .map(|&at| at as usize)
            .filter(|&at| !std::ptr::eq(&*hs[at].key, &*h.key) && hs[at].server != h.server);
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

/// The address of a shared key: equal for handshakes of one key.
fn key_addr(key: &HandshakeKey) -> usize {
    std::ptr::from_ref(key) as usize
}

#[cfg(test)]
mod tests;
