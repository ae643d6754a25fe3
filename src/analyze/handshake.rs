//! Grouping IIS requests into NTLM / Negotiate handshakes and classifying their outcome.
//!
//! The types live here (a leg and its shared fields: `handshake/leg.rs`); [`HandshakeGrouper`]
//! (in `handshake/group.rs`) is the streaming [`crate::record::RequestSink`] that builds them
//! from W3C requests in file order, one source at a time; [`GroupResult::resolve`] (in
//! `handshake/resolve.rs`) then works across sources.
//!
//! # How legs are tied, and how sure that is
//!
//! Legs of one handshake share server, client, method, uri stem and user agent. When the log
//! has a client port or X-Forwarded-For, they tie the legs to one connection or client and the
//! grouping is sure ([`Confidence::High`]); X-Forwarded-For then names the client and the
//! `c-ip` is kept as [`Handshake::via`], the device in the middle.
//!
//! Without them, grouping is a guess whenever one address carries several users (a load
//! balancer, reverse proxy, NAT or terminal server): the grouper counts the distinct user names
//! that authenticated from each client address it has a handshake for (a small bounded set per
//! address, [`USERS_CAP`]), over the source and then over the whole load. A handshake from an
//! address that carries two or more users is [`Confidence::Low`] and says so
//! ([`Handshake::grouping_words`]: "grouping guessed: 10.1.0.5 carries 37 users"). A handshake
//! of a single leg is never sure either: nothing was grouped.
//!
//! The answer to a challenge is the client's next request. On an address carrying many users
//! ([`BUSY_USERS`], a load balancer or reverse proxy rather than a few people behind a NAT) an
//! authenticated request counts as the answer only when it starts within [`SHARED_WINDOW_MS`]
//! of the challenge: a request seconds later is another user's traffic, and the challenge
//! stays unanswered. An answer that fits is still a guess there: the challenge it closed is
//! noted ([`GluedChallenge`], without strings) so that the cross-source step can give it to a
//! failed leg on another server instead (a load balancer that splits legs over servers is what
//! puts many users behind one address).
//!
//! A load balancer without affinity can send the challenge to one server and the answer to
//! another, which then fails with `SEC_E_INVALID_TOKEN` (or another `401 1` code). A lone
//! failed leg and a challenge of the same client, via, method, uri and agent on another server
//! at most [`WINDOW_MS`] before it (unanswered there, or closed by a guessed answer on a shared
//! address) are joined into one split handshake ([`HandshakeKey::split`] names the server of the
//! final leg), failed with the final leg's code; the counts follow (the abandoned or guessed
//! successful handshake it replaces is no longer counted). The closest challenge in time wins.
//!
//! A lone `401 2 5` with nothing after it and a lone challenge are both abandoned handshakes,
//! told apart by [`Handshake::abandoned_at`].

mod backend;
mod clients;
mod confidence;
mod decided;
mod forwarded;
mod group;
mod key;
mod keys;
mod leg;
mod log_end;
mod output;
mod parked;
mod pending;
mod perkey;
mod resolve;
mod result;
mod slots;
#[cfg(test)]
pub(crate) mod testlog;
#[cfg(test)]
mod tests;
mod text;
mod users;

pub use backend::is_back_end_hop;
pub use clients::{ClientTallies, ClientTally, Completed, NO_CLIENTS, Sample};
pub use confidence::Confidence;
pub(crate) use confidence::judged;
pub use decided::Decided;
pub(crate) use forwarded::{
    first_forwarded, first_forwarded_in, forwarded_parts, forwarded_parts_in,
};
pub use group::{BUSY_USERS, HORIZON_MS, HandshakeGrouper, SHARED_WINDOW_MS};
pub use key::filter_cell;
pub use leg::{Leg, LegFields, Unlogged, Win32Status};
pub use log_end::LogEnd;
pub use result::{GluedChallenge, GroupResult, HandshakeTally, by_order_key, order_key};
pub use text::Text;
pub use users::{USERS_CAP, UserCounts};

use crate::time::UtcMs;
use serde::Serialize;
use std::sync::Arc;

/// How a handshake ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum HandshakeOutcome {
    /// Final leg 2xx/3xx with a user name.
    Success,
    /// Final leg `401 1 <code>` other than the challenge.
    Failed,
    /// Nothing after the challenge.
    Abandoned,
}

/// Which protocol the legs show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthKind {
    /// A `401 1 2148074254` challenge leg was seen.
    Ntlm,
    /// Anonymous 401 then success without a challenge.
    Kerberos,
    /// Not enough legs to say.
    Unknown,
}

/// The leg an abandoned handshake stopped at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum AbandonedAt {
    /// Only the anonymous `401 2 5`: the client never sent credentials.
    Anonymous,
    /// The challenge `401 1 2148074254` was never answered.
    Challenge,
}

/// What the legs of a handshake share: server, client, method, uri stem and user agent. Kept
/// once per distinct key and shared by its handshakes ([`Handshake::key`]); a split
/// handshake's other server too.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HandshakeKey {
    /// Server label.
    pub server: Text,
    /// `c-ip` (or X-Forwarded-For when logged).
    pub client: Text,
    /// The `c-ip` when X-Forwarded-For named the client: the device in the middle.
    pub via: Option<Text>,
    /// `cs-method`.
    pub method: Text,
    /// `cs-uri-stem`.
    pub uri: Text,
    /// `cs(User-Agent)`.
    pub user_agent: Text,
    /// The server that logged the final leg when it is not [`HandshakeKey::server`]: the legs
    /// were split over two servers (load balancer without affinity). Rare: such a handshake
    /// has a key of its own (`h.split = …` through `DerefMut`).
    pub split: Option<Text>,
}

/// A reconstructed handshake. Its key's fields read as its own (`h.client`, through
/// `Deref`); changing one (`h.server = …`) gives the handshake a key of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Handshake {
    /// Server, client, via, method, uri and agent, shared with the other handshakes of the key.
    pub key: Arc<HandshakeKey>,
    /// Instant of the first leg.
    pub start: UtcMs,
    /// Legs in order (one allocation of exactly their number).
    pub legs: Box<[Leg]>,
    /// Outcome.
    pub outcome: HandshakeOutcome,
    /// Protocol.
    pub auth: AuthKind,
    /// Final `sc-win32-status` of a failed handshake.
    pub failure_code: Option<u32>,
    /// Where an abandoned handshake stopped.
    pub abandoned_at: Option<AbandonedAt>,
    /// Grouping confidence.
    pub confidence: Confidence,
    /// Index into the analysis' cmdlet list of the correlated call ([`CallIx`]: a handshake is kept
    /// by the hundred thousand, calls are far fewer).
    pub cmdlet: Option<CallIx>,
    /// The most other handshakes from the same key (server, client, method, uri, agent) that
    /// were open at the same time; the reason for a lowered [`Confidence`].
    pub concurrent: u32,
    /// Distinct user names seen authenticating from this handshake's client address over the
    /// load (at most [`USERS_CAP`]); 0 when client port or X-Forwarded-For tie the legs.
    pub shared_users: u8,
    /// The legs were not tied by client port or X-Forwarded-For.
    pub untied: bool,
}

/// The index of a call in the analysis' cmdlet list, four bytes also as an `Option` (calls are
/// far fewer than four billion: [`CallIx::new`] has no index for `u32::MAX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallIx(std::num::NonZeroU32);

impl CallIx {
    /// The index `i` (`None` for `u32::MAX`).
    pub fn new(i: u32) -> Option<CallIx> {
        std::num::NonZeroU32::new(!i).map(CallIx)
    }

    /// The index.
    pub fn get(self) -> u32 {
        !self.0.get()
    }

    /// The index as a position in the list.
    pub fn at(self) -> usize {
        self.get() as usize
    }
}

/// A count of users as [`Handshake::shared_users`] holds it: counts stop at [`USERS_CAP`],
/// which fits a byte.
pub fn shared_users(count: u32) -> u8 {
    const { assert!(USERS_CAP <= u8::MAX as u32) };
    u8::try_from(count).unwrap_or(u8::MAX)
}

impl std::ops::Deref for Handshake {
    type Target = HandshakeKey;
    fn deref(&self) -> &HandshakeKey {
        &self.key
    }
}

impl std::ops::DerefMut for Handshake {
    fn deref_mut(&mut self) -> &mut HandshakeKey {
        Arc::make_mut(&mut self.key)
    }
}

impl Handshake {
    /// A cheap stand-in of this handshake (no legs) for the slots of a list being merged in
    /// place; never kept.
    pub fn hollow(&self) -> Handshake {
        Handshake {
            legs: Box::default(),
            ..self.clone()
        }
    }

    /// The last leg (the one that decided the outcome).
    pub fn final_leg(&self) -> Option<&Leg> {
        self.legs.last()
    }

    /// The digits of the failed final leg's `sc-win32-status` when the log ends inside it
    /// (`2148` of `2148074310`): the failure's code is not known, and is no unknown code.
    pub fn failure_cut(&self) -> Option<&str> {
        let last = self.final_leg()?;
        match (self.outcome, last.win32_status()) {
            (HandshakeOutcome::Failed, Win32Status::Cut(digits)) => Some(digits),
            _ => None,
        }
    }

    /// The leg of a successful logon's request that the server then refused (403 on a
    /// disabled MRS proxy, 500): "succeeded" alone beside such a leg reads as if the call
    /// worked. Its status is said by [`Leg::status_shown`] (a substatus not known is no `.0`).
    pub fn refused_after_logon(&self) -> Option<&Leg> {
        self.final_leg()
            .filter(|l| self.outcome == HandshakeOutcome::Success && l.status >= 400)
    }

    /// Whether its legs were logged in two files: joined across a log rotation or a split
    /// over two servers.
    pub fn spans_files(&self) -> bool {
        match (self.legs.first(), self.legs.last()) {
            (Some(a), Some(b)) => self.legs.len() > 1 && a.source != b.source,
            _ => false,
        }
    }
}

/// [`Leg::win32_text`] of a leg that logged no `sc-win32-status` (`-`, or a field set without
/// it): said from [`Unlogged::win32`], for a final leg as for any other, never stored as text.
pub const WIN32_NOT_LOGGED: &str = "-";

/// The SSPI codes the grouping and the diagnoses decide on (defined in [`crate::codes::sspi`]).
pub use crate::codes::sspi::{
    SEC_E_BAD_BINDINGS, SEC_E_INVALID_TOKEN, SEC_E_LOGON_DENIED, SEC_E_NO_CREDENTIALS,
    SEC_E_UNKNOWN_CREDENTIALS,
};

/// How far apart (ms) two legs of one handshake may start.
pub const WINDOW_MS: i64 = 5_000;

/// How close (ms) to a failure of its client on its uri an unanswered challenge must be to
/// matter: the join looks [`WINDOW_MS`] before a failed leg and a second after it, and
/// `ntlm-split-connection` as far around a failure's start; twice that leaves room for the
/// legs of one handshake. The report builds no parked challenge further away
/// (`parked/near.rs`), nor does the export (`export/jsonl/kept.rs`).
pub(crate) const NEAR_FAILURE_MS: i64 = 2 * (WINDOW_MS + 1_000);
