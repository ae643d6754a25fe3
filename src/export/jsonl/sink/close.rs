//! How a decided handshake's legs leave the sink: each held leg written with the handshake's
//! tag (`tag.rs`), from the block it was written in or from its copy; the rest of a handshake
//! the file before left open joined to it under one tag (`carry.rs`); what a finding may need
//! of it kept.

use super::{FileSink, Place, SPARE_BUFFERS, SPARE_BYTES, shown_server};
use crate::analyze::handshake::{AbandonedAt, Decided, Handshake};
use crate::export::jsonl::{carry, split, tag};

impl FileSink<'_, '_> {
    /// Writes the held legs of the handshakes the grouper decided, with their tags.
    pub(super) fn settle(&mut self) {
        let mut whole = self.grouper.drain_kept().into_iter();
        let mut decided = std::mem::take(&mut self.decided);
        self.grouper.take_decided(&mut decided);
        for d in &decided {
            let h = if d.kept { whole.next() } else { None };
            self.close(d, h);
        }
        self.decided = decided;
    }

    /// Writes the held legs of a decided handshake with its tag; keeps what a finding may
    /// need of it (`whole`, when the grouper kept it).
    pub(super) fn close(&mut self, d: &Decided, whole: Option<Handshake>) {
        let continued = match self.carried.is_empty() {
            true => None,
            false => carry::take_continued(&mut self.carried, d),
        };
        match &continued {
            // The rest of a handshake the file before left open: one tag for both halves.
            Some(c) => {
                let j = carry::joined(c, d);
                tag::render(&j, &c.server, &c.id_middle, &mut self.rendered);
            }
            // A possible rest that continues nothing is no handshake: its request goes out
            // plain.
            None if d.rest => return,
            // Failed or abandoned (maybe half of a handshake a load balancer split over two
            // servers): it waits for the end, when the report's cross-file step has run
            // (`split.rs`).
            None if split::waits(d) && self.waiting.room(d, self.held_bytes(d)) => {
                let mut c = self.carry(*d, None);
                if let Some(h) = whole {
                    c.client = h.untied.then(|| Box::from(h.client.as_str()));
                    self.kept.push(h);
                }
                self.waiting.hold(c);
                return;
            }
            None => {
                let server = shown_server(&mut self.shown, &self.grouper, &self.frame, d.server);
                tag::render(d, server, self.ids.middle(server), &mut self.rendered);
            }
        }
        if let Some(c) = continued {
            carry::put(self.out, self.kept, c, &self.rendered, true);
        }
        let n = d.leg_lines().len();
        for (k, line) in d.leg_lines().iter().enumerate() {
            let Some(held) = self.held.remove(line) else {
                continue;
            };
            let role = role_in(d, k, n, held.role);
            let rendered = &self.rendered;
            match held.place {
                // The hook wrote it (`request::Memo::write`, which ends every object so): not
                // read back here, where its bytes are still in the other core's cache.
                Place::Block(a, b) if a + 2 <= b && b <= self.out.block().len() => {
                    self.out.run(a..b - 2, 0);
                    self.out.made(1, |o| {
                        tag::tail(o, role, rendered);
                        o.push(b'\n');
                    });
                }
                Place::Copied(json) if tagged(&json) => {
                    self.out.made(1, |o| {
                        o.extend_from_slice(&json[..json.len() - 2]);
                        tag::tail(o, role, rendered);
                        o.push(b'\n');
                    });
                    self.recycle(json);
                }
                place => self.plain(place),
            }
        }
        if let Some(h) = whole {
            self.kept.push(h);
        }
    }

    /// How many bytes the held legs of `d` take.
    pub(super) fn held_bytes(&self, d: &Decided) -> usize {
        let size = |line| match self.held.get(line).map(|h| &h.place) {
            Some(Place::Block(a, b)) => b.saturating_sub(*a),
            Some(Place::Copied(json)) => json.len(),
            None => 0,
        };
        d.leg_lines().iter().map(size).sum()
    }

    /// Writes a held object as it is.
    pub(super) fn plain(&mut self, place: Place) {
        match place {
            Place::Block(a, b) => self.out.run(a..b + 1, 1),
            Place::Copied(json) => {
                self.out.raw(&json);
                self.recycle(json);
            }
        }
    }

    pub(super) fn recycle(&mut self, mut json: Vec<u8>) {
        // A leg of a very long line does not keep its buffer.
        if self.spare.len() < SPARE_BUFFERS && json.capacity() <= SPARE_BYTES {
            json.clear();
            self.spare.push(json);
        }
    }
}

/// Whether an object ends as a request object does, so it can take a handshake tag.
fn tagged(json: &[u8]) -> bool {
    json.ends_with(b"}}")
}

/// The role of leg `k` of the `n` of `d` that was held as `role`: a 401.1 without a logged
/// code that the grouper took for the challenge is the challenge.
pub(super) fn role_in(d: &Decided, k: usize, n: usize, role: &'static str) -> &'static str {
    match role {
        "final" if k + 1 < n || d.abandoned_at == Some(AbandonedAt::Challenge) => "challenge",
        role => role,
    }
}
