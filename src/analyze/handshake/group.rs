//! Streaming handshake grouping: a [`RequestSink`] that turns `401 2 5` → `401 1 2148074254` →
//! final legs into [`Handshake`](super::Handshake)s with an outcome and a confidence.
//!
//! Cost model: a line that is not a 401 and carries no user name returns after two compares;
//! an authenticated line costs one filter probe while some handshake is open, and a signature
//! lookup only when its client has one open on a uri of that length. Open handshakes are
//! `Copy` data in recycled slots, so healthy traffic allocates nothing once the slab has grown;
//! owned [`Handshake`](super::Handshake)s are built only for handshakes that are kept. Pending
//! legs expire by the log's own clock ([`HORIZON_MS`] after their last leg).
//!
//! Authenticated requests that reach a key also feed the user table (`users.rs`). On an untied
//! key whose address carries many users ([`BUSY_USERS`]) an answer must follow its challenge
//! closely ([`SHARED_WINDOW_MS`]), and each challenge it closes is noted (`GluedChallenge`) so
//! that the cross-source step can still give it to a failed leg on another server.

use super::WINDOW_MS;
use super::output::Output;
use super::result::GroupResult;
use super::slots::Slots;
use super::users::Users;
use crate::analyze::hint::{Hint, Leg};
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;

mod legs;

/// How long (log time) an open handshake waits for its next leg before it counts as abandoned.
/// Generous because a final leg is logged at completion, which can be long after it started.
pub const HORIZON_MS: i64 = WINDOW_MS + 60_000;
/// How often (log time) expired handshakes are swept out.
const SWEEP_EVERY_MS: i64 = 15_000;
/// How long after its challenge an answer may start when the client address carries many users
/// ([`BUSY_USERS`]) and nothing ties the legs: the answer to a challenge is the client's next
/// request, so a request seconds later is most likely another user's.
pub const SHARED_WINDOW_MS: i64 = 2_000;
/// From this many distinct users behind one address (a load balancer or reverse proxy rather
/// than a few people behind a NAT) an answer must follow its challenge within
/// [`SHARED_WINDOW_MS`]. Below it a slow client's answer a few seconds later is as likely.
pub const BUSY_USERS: u32 = 10;
/// Open handshakes kept per key; beyond that the oldest is resolved early.
const MAX_PER_KEY: usize = 64;

/// Groups W3C requests into handshakes. Feed it requests of one source at a time, in file order.
#[derive(Debug, Clone)]
pub struct HandshakeGrouper {
    source: SourceId,
    slots: Slots,
    open: usize,
    latest: i64,
    next_sweep: i64,
    out: Output,
    users: Users,
    /// The source whose requests come now and the instant of its first: a successful end
    /// within [`WINDOW_MS`] of it may continue a handshake of the file before (a rotation).
    first: Option<(SourceId, i64)>,
}

impl HandshakeGrouper {
    /// A grouper; successful handshakes are kept only when `keep_success` (always counted).
    pub fn new(keep_success: bool) -> Self {
        HandshakeGrouper {
            source: SourceId::default(),
            slots: Slots::default(),
            open: 0,
            latest: i64::MIN,
            next_sweep: i64::MIN,
            out: Output::new(keep_success),
            users: Users::default(),
            first: None,
        }
    }

    /// Keeps only the abandoned handshakes a report that lists `n` of them prints: the first
    /// `n` of each kind (by start, server, line), and those abandoned at the challenge whose
    /// client failed on the same uri (decided by [`GroupResult::resolve`]); the rest are
    /// counted ([`GroupResult::unkept`]). `None` keeps every one.
    pub fn listed(mut self, n: Option<usize>) -> Self {
        self.out.listed = n;
        self
    }

    /// Notes every handshake as it is decided ([`Decided`](super::Decided)), for a sink that
    /// tags requests with their handshake without keeping successful ones.
    pub fn deciding(mut self) -> Self {
        self.out.decisions.on = true;
        self
    }

    /// Moves the handshakes decided since the last call into `into` (cleared first), in the
    /// order they ended.
    pub fn take_decided(&mut self, into: &mut Vec<super::Decided>) {
        into.clear();
        std::mem::swap(into, &mut self.out.decisions.list);
    }

    /// The server name a [`Decided`](super::Decided) refers to.
    pub fn decided_server(&self, server: u32) -> &str {
        self.out.decisions.server(server)
    }

    /// Ends every open handshake as abandoned, as the end of the log does; the grouper goes
    /// on (take what was decided before [`HandshakeGrouper::finish_unresolved`]).
    pub fn close_open(&mut self) {
        self.flush();
    }

    /// Handshakes waiting for their next leg.
    pub fn open(&self) -> usize {
        self.open
    }

    /// Keys remembered (open or recently used).
    pub fn keys(&self) -> usize {
        self.slots.len()
    }

    /// Capacities of the grouping state and of the kept list.
    #[cfg(test)]
    pub(super) fn footprint(&self) -> (Vec<usize>, usize) {
        (self.slots.footprint(), self.out.kept())
    }

    /// Takes the handshakes finished and kept so far, leaving open ones open (live follow
    /// hands them on as lines arrive).
    pub fn take_finished(&mut self) -> Vec<super::Handshake> {
        self.out.take_kept()
    }

    /// Takes the handshakes finished and kept so far, in the order they ended, leaving open
    /// ones open and the counts, users and glued challenges as they are (live follow moves
    /// them into the analysis as lines arrive).
    pub fn drain_kept(&mut self) -> Vec<super::Handshake> {
        self.out.drain_kept()
    }

    /// What [`HandshakeGrouper::finish_unresolved`] would return if the log ended now, less
    /// the handshakes kept so far (take them first with [`HandshakeGrouper::drain_kept`]):
    /// the open ones closed as abandoned in a copy, with every count. The grouper goes on.
    pub fn open_as_ended(&self) -> GroupResult {
        HandshakeGrouper {
            source: self.source,
            slots: self.slots.clone(),
            open: self.open,
            latest: self.latest,
            next_sweep: self.next_sweep,
            out: self.out.without_kept(),
            users: self.users.clone(),
            first: self.first,
        }
        .finish_unresolved()
    }

    /// Resolves everything still open and returns the result of this grouper alone
    /// ([`GroupResult::resolve`] done).
    pub fn finish(self) -> GroupResult {
        let mut r = self.finish_unresolved();
        r.resolve();
        r
    }

    /// Resolves everything still open and returns the result before the cross-source step:
    /// merge the results of every source, then call [`GroupResult::resolve`].
    pub fn finish_unresolved(mut self) -> GroupResult {
        self.flush();
        self.out.into_result(self.users)
    }

    fn flush(&mut self) {
        self.out.reserve(self.open);
        // The file's last seconds: what they leave open may go on in the next file.
        self.out.tail_from = Some(self.latest.saturating_sub(WINDOW_MS));
        let (out, source, users) = (&mut self.out, self.source, &self.users);
        self.slots.sweep(
            |_| true,
            |_| true,
            |key, p| out.expire(source, key, p, users),
        );
        self.out.tail_from = None;
        self.open = 0;
        self.latest = i64::MIN;
        self.next_sweep = i64::MIN;
    }

    fn sweep(&mut self) {
        let (out, source, latest) = (&mut self.out, self.source, self.latest);
        let users = &self.users;
        let closed = self.slots.sweep(
            |ts| latest.saturating_sub(ts) > HORIZON_MS,
            |ts| latest.saturating_sub(ts) > HORIZON_MS,
            |key, p| out.expire(source, key, p, users),
        );
        self.open -= closed;
        self.next_sweep = latest.saturating_add(SWEEP_EVERY_MS);
    }

    /// Notes the first instant of `source` when its requests begin.
    fn note_first(&mut self, source: SourceId, ts: i64) {
        if self.first.is_none_or(|(s, _)| s != source) {
            self.first = Some((source, ts));
        }
    }

    /// Whether `ts` lies within [`WINDOW_MS`] of the current source's first request: a
    /// successful end there may be the rest of a handshake cut by a log rotation.
    fn at_start(&self, ts: i64) -> bool {
        self.first
            .is_some_and(|(_, t)| ts <= t.saturating_add(WINDOW_MS))
    }

    /// Whether a request with this hint, logged at `ts`, can matter: a handshake 401, or a
    /// user name where some open handshake may have its key or near the file's start.
    fn relevant(&self, leg: Leg, cell: Option<u64>, ts: i64) -> bool {
        match leg {
            Leg::None => false,
            Leg::Authenticated => {
                (self.open > 0 && cell.is_none_or(|c| self.slots.may_be_open(c)))
                    || self.at_start(ts)
            }
            Leg::Anonymous | Leg::Challenge | Leg::Failure => true,
        }
    }
}

impl RequestSink for HandshakeGrouper {
    type Row = Hint;
    type Block = ();
    type Error = std::convert::Infallible;

    fn request(&mut self, source: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Self::Error> {
        if self.open > 0 && self.source != source {
            self.flush();
        }
        self.source = source;
        self.note_first(source, rec.ts.0);
        let kind = Leg::of_record(rec);
        if self.relevant(kind, None, rec.ts.0) {
            self.on_leg(rec, kind);
        }
        Ok(true)
    }

    fn wants(&mut self, source: SourceId, ts: UtcMs, hint: &Hint) -> bool {
        self.note_first(source, ts.0);
        self.relevant(hint.leg, Some(hint.cell), ts.0)
    }
}
