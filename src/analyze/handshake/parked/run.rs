//! The parked handshakes of one source as bytes: about a dozen per handshake instead of a
//! struct of 64.
//!
//! Each entry is a tag byte (challenged, untied, a second leg, a concurrency count, and which
//! of the two usual code triples each leg logged), the index of its key in the run's key
//! table, and its first leg as differences from the previous entry's first leg (instant, line,
//! offset), all as variable-length integers. Handshakes expire in sweeps of a few seconds of
//! log time, so the differences stay small. A second leg is written as differences from the
//! first. Entries go into chunks of fixed size, so a long load never grows (and copies) one big
//! buffer; a chunk is freed as soon as a drain has passed it.

mod bytes;

use super::super::HandshakeKey;
use super::super::pending::PendingLeg;
use crate::hash::SigBuild;
use crate::source::SourceId;
use bytes::{Base, read};
use std::collections::HashMap;
use std::sync::Arc;

/// Bytes per chunk.
const CHUNK: usize = 64 * 1024;
/// The most bytes one entry can take (tag, key, two legs of three numbers and codes, count).
const MAX_ENTRY: usize = 1 + 5 + 2 * (3 * 10 + 3 + 3 + 5) + 5;

/// A parked handshake as read back, its key an index in the run's table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(in super::super) struct Entry {
    pub key: u32,
    pub first: PendingLeg,
    pub second: Option<PendingLeg>,
    pub challenged: bool,
    pub untied: bool,
    pub concurrent: u32,
}

/// The parked handshakes of one source, in the order they were parked.
#[derive(Debug, Clone, PartialEq)]
pub(in super::super) struct Run {
    pub source: SourceId,
    keys: Vec<Arc<HandshakeKey>>,
    /// Index in `keys` by the key's address.
    key_at: HashMap<usize, u32, SigBuild>,
    chunks: Vec<Vec<u8>>,
    len: usize,
    last: Base,
    /// Places of the entries already built (the first listed), in order.
    pub built: Vec<usize>,
}

impl Run {
    pub fn new(source: SourceId) -> Self {
        Run {
            source,
            keys: Vec::new(),
            key_at: HashMap::default(),
            chunks: Vec::new(),
            len: 0,
            last: Base::default(),
            built: Vec::new(),
        }
    }

    /// Entries in the run.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The keys the entries index.
    pub fn keys(&self) -> &[Arc<HandshakeKey>] {
        &self.keys
    }

    /// Bytes the entries take.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    /// The index of `key` in the table (added when missing).
    pub fn key_index(&mut self, key: &Arc<HandshakeKey>) -> u32 {
        let at = Arc::as_ptr(key) as usize;
        if let Some(&i) = self.key_at.get(&at) {
            return i;
        }
        let i = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.keys.push(Arc::clone(key));
        self.key_at.insert(at, i);
        i
    }

    /// Appends an entry (its `key` an index from [`Run::key_index`]).
    pub fn push(&mut self, e: &Entry) {
        let buf = match self.chunks.last_mut() {
            Some(c) if c.capacity() - c.len() >= MAX_ENTRY => c,
            _ => {
                self.chunks.push(Vec::with_capacity(CHUNK));
                let Some(c) = self.chunks.last_mut() else {
                    return;
                };
                c
            }
        };
        let base = bytes::write(buf, e, &self.last);
        self.last = base;
        self.len += 1;
    }

    /// Every entry in order with its place, without consuming the run, until `f` says stop.
    pub fn each(&self, mut f: impl FnMut(usize, &Entry) -> bool) {
        let mut base = Base::default();
        let mut at = 0;
        for chunk in &self.chunks {
            let mut pos = 0;
            while let Some(e) = read(chunk, &mut pos, &mut base) {
                if !f(at, &e) {
                    return;
                }
                at += 1;
            }
        }
    }

    /// Every entry in order with its place and the key table; each chunk is freed once passed.
    pub fn drain(self, mut f: impl FnMut(&[Arc<HandshakeKey>], usize, &Entry)) {
        let mut base = Base::default();
        let mut at = 0;
        for chunk in self.chunks {
            let mut pos = 0;
            while let Some(e) = read(&chunk, &mut pos, &mut base) {
                f(&self.keys, at, &e);
                at += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::handshake::Unlogged;
    use crate::codes::sspi::SEC_E_NO_CREDENTIALS;

    fn leg(line: u64, offset: u64, ts: i64, codes: (u16, u16, Option<u32>)) -> PendingLeg {
        PendingLeg {
            line,
            offset,
            ts,
            status: codes.0,
            substatus: codes.1,
            win32: codes.2,
            unlogged: Unlogged::default(),
        }
    }

    fn run_of(entries: &[Entry]) -> Run {
        let mut run = Run::new(SourceId(0));
        for e in entries {
            run.push(e);
        }
        run
    }

    /// Entries come back exactly, whatever their numbers (extremes, backwards steps, unusual
    /// codes), across chunk boundaries.
    #[test]
    fn entries_read_back_as_written() {
        let mut run = Run::new(SourceId(3));
        let mut written = Vec::new();
        let codes = [
            (401, 1, Some(SEC_E_NO_CREDENTIALS)),
            (401, 2, Some(5)),
            (401, 2, Some(0)),
            (401, 1, None),
            (u16::MAX, u16::MAX, Some(u32::MAX)),
        ];
        for i in 0..20_000u64 {
            let ts = match i % 7 {
                0 => i64::MIN,
                1 => i64::MAX,
                _ => 1_730_800_000_000 + (i as i64 * 37) % 90_000 - 45_000,
            };
            let mut first = leg(
                i.wrapping_mul(0x9e37_79b9_7f4a_7c15) % 5_000_000,
                if i % 11 == 0 { u64::MAX } else { i * 300 },
                ts,
                codes[(i % 5) as usize],
            );
            // Codes a line did not log, or not whole, come back so, whatever the others are.
            first.unlogged = Unlogged::from_bits((i % 37) as u8 & 0x1f);
            let second = (i % 3 == 0).then(|| {
                leg(
                    first.line + 1,
                    first.offset.wrapping_add(280),
                    ts.wrapping_add(15),
                    codes[((i + 1) % 5) as usize],
                )
            });
            let e = Entry {
                key: (i % 1000) as u32,
                first,
                second,
                challenged: i % 2 == 0,
                untied: i % 4 < 2,
                concurrent: if i % 5 == 0 { u32::MAX } else { (i % 3) as u32 },
            };
            run.push(&e);
            written.push(e);
        }
        let mut read = Vec::new();
        run.each(|i, e| {
            assert_eq!(i, read.len());
            read.push(*e);
            true
        });
        assert_eq!(read, written);
        assert!(run.chunks.len() > 1, "several chunks");
        let mut drained = Vec::new();
        run.drain(|_, i, e| {
            assert_eq!(i, drained.len());
            drained.push(*e);
        });
        assert_eq!(drained, written);
        let mut few = 0;
        Run::each(&run_of(&written[..100]), |_, _| {
            few += 1;
            few < 10
        });
        assert_eq!(few, 10, "stops when asked");
    }
}
