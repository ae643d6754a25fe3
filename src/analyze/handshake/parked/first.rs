//! The first `n` parked handshakes of a load (by start, server, line), kept up to date while
//! they are parked: the report lists them, and an abandoned handshake that cannot be among
//! them is not kept at all unless a finding may read it.

use super::super::HandshakeKey;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

/// Where a parked handshake comes in the report's list, and its place in the parked list.
#[derive(Debug, Clone)]
struct Ranked {
    ts: i64,
    key: Arc<HandshakeKey>,
    line: u64,
    seq: u64,
}

impl Ranked {
    fn order(&self, other: &Self) -> Ordering {
        (self.ts, self.key.server.as_str(), self.line, self.seq).cmp(&(
            other.ts,
            other.key.server.as_str(),
            other.line,
            other.seq,
        ))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.order(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order(other)
    }
}

/// The `n` best-ranked so far; the worst of them on top, to be pushed out.
#[derive(Debug, Clone, Default)]
pub(super) struct First {
    heap: BinaryHeap<Ranked>,
}

impl PartialEq for First {
    fn eq(&self, other: &Self) -> bool {
        self.seqs() == other.seqs()
    }
}

impl First {
    /// Offers the parked handshake `seq` (started at `ts`, first leg on `line`): whether it is
    /// among the first `n` so far. One that is not can never be: later ones only push out.
    pub fn offer(
        &mut self,
        n: usize,
        ts: i64,
        key: &Arc<HandshakeKey>,
        line: u64,
        seq: u64,
    ) -> bool {
        if n == 0 {
            return false;
        }
        if self.heap.len() < n {
            self.heap.push(Ranked {
                ts,
                key: Arc::clone(key),
                line,
                seq,
            });
            return true;
        }
        let Some(mut worst) = self.heap.peek_mut() else {
            return false;
        };
        // Compared before the key is shared: most handshakes come after the first `n`.
        let before = (ts, key.server.as_str(), line, seq)
            < (worst.ts, worst.key.server.as_str(), worst.line, worst.seq);
        if before {
            *worst = Ranked {
                ts,
                key: Arc::clone(key),
                line,
                seq,
            };
        }
        before
    }

    /// The places of the first ones, in order; the ranking starts over.
    pub fn take(&mut self) -> Vec<u64> {
        let seqs = self.seqs();
        self.heap.clear();
        seqs
    }

    fn seqs(&self) -> Vec<u64> {
        let mut seqs: Vec<u64> = self.heap.iter().map(|r| r.seq).collect();
        seqs.sort_unstable();
        seqs
    }
}
