//! Challenges left in a file's last seconds, settled once the load is grouped: the next file of
//! a rotated log may hold their answer (`resolve/rotation.rs`), and a challenge whose failed
//! answer went to another server is one handshake split over two (`resolve.rs`). A challenge
//! answered either way was not left unanswered: a held one is dropped, one counted already
//! (a split, anywhere in its file) is taken back out of its client's count, samples and span
//! (`clients/span.rs`).

use super::{ClientTallies, Sample};
use crate::analyze::handshake::{Handshake, Leg};
use crate::source::SourceId;

/// A challenge left in a file's last seconds, not counted yet.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Held {
    pub sample: Sample,
    pub uri: String,
    pub server: String,
}

/// A challenge a joined handshake answered: its client and the leg.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answered {
    /// Hash of the client's address and user agent (a row's).
    hash: u64,
    source: SourceId,
    /// [`Leg::line`] (saturating).
    line: u32,
    ts: i64,
}

impl Answered {
    /// The challenge that `open`, a handshake left at its challenge, ended with (none when it
    /// ended otherwise).
    pub fn of(open: &Handshake) -> Option<Answered> {
        if open.abandoned_at != Some(crate::analyze::handshake::AbandonedAt::Challenge) {
            return None;
        }
        let l = open.legs.last()?;
        Some(Answered {
            hash: crate::hash::pair(open.client.as_bytes(), open.user_agent.as_bytes()),
            source: l.source,
            line: l.line,
            ts: l.ts.0,
        })
    }

    pub(super) fn is(&self, s: &Sample) -> bool {
        (s.source, Leg::line_of(s.line), s.ts) == (self.source, self.line, self.ts)
    }
}

impl ClientTallies {
    /// Takes a challenge a joined handshake answered out: held, it is dropped; counted
    /// already, its count and sample go.
    pub(in crate::analyze::handshake) fn answer(&mut self, a: Answered) {
        let Some(r) = self
            .index
            .get(&a.hash)
            .and_then(|&at| self.rows.get_mut(at as usize))
        else {
            return;
        };
        if let Some(i) = r.held.iter().position(|h| a.is(&h.sample)) {
            r.held.swap_remove(i);
            return;
        }
        if r.left.abandoned > 0 {
            r.left.abandoned -= 1;
            r.ends.take(&a);
            r.spanned();
        }
    }

    /// Counts the held challenges nothing answered. Call once, after the cross-source joins.
    pub(in crate::analyze::handshake) fn settle(&mut self) {
        for r in &mut self.rows {
            let mut held = std::mem::take(&mut r.held);
            held.sort_by_key(|h| (h.sample.ts, h.sample.source, h.sample.line));
            for h in held {
                r.count(h.sample, &h.uri, &h.server);
            }
        }
    }
}
