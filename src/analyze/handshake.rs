//! Grouping IIS requests into NTLM / Negotiate handshakes and classifying their outcome.
//!
//! The types live here; [`HandshakeGrouper`] (in `handshake/group.rs`) is the streaming
//! [`crate::record::RequestSink`] that builds them from W3C requests in file order.

mod group;
mod key;
mod output;
mod pending;
mod slots;
#[cfg(test)]
pub(crate) mod testlog;
#[cfg(test)]
mod tests;

pub use group::{HORIZON_MS, HandshakeGrouper};
pub use key::filter_cell;
pub use output::{GroupResult, HandshakeTally, MAX_KEPT};

use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;

/// One logged request that is part of a handshake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leg {
    /// Source file of the leg.
    pub source: SourceId,
    /// 1-based line number.
    pub line: u64,
    /// Byte offset of the line.
    pub offset: u64,
    /// Instant (UTC).
    pub ts: UtcMs,
    /// `sc-status`.
    pub status: u16,
    /// `sc-substatus`.
    pub substatus: u16,
    /// `sc-win32-status`.
    pub win32: u32,
    /// `cs-username` (empty when `-`).
    pub user: String,
}

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

/// How sure the grouping is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Client port or X-Forwarded-For tie the legs, or only one client was active.
    High,
    /// Several handshakes from the same client overlapped.
    Medium,
    /// Many concurrent handshakes from one address (agent, load balancer, NAT).
    Low,
}

/// A reconstructed handshake.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handshake {
    /// Server label.
    pub server: String,
    /// `c-ip` (or X-Forwarded-For when logged).
    pub client: String,
    /// `cs-method`.
    pub method: String,
    /// `cs-uri-stem`.
    pub uri: String,
    /// `cs(User-Agent)`.
    pub user_agent: String,
    /// Instant of the first leg.
    pub start: UtcMs,
    /// Legs in order.
    pub legs: Vec<Leg>,
    /// Outcome.
    pub outcome: HandshakeOutcome,
    /// Protocol.
    pub auth: AuthKind,
    /// Final `sc-win32-status` of a failed handshake.
    pub failure_code: Option<u32>,
    /// Grouping confidence.
    pub confidence: Confidence,
    /// Index into the analysis' cmdlet list of the correlated call.
    pub cmdlet: Option<usize>,
    /// The most other handshakes from the same key (server, client, method, uri, agent) that
    /// were open at the same time; the reason for a lowered [`Confidence`].
    pub concurrent: u32,
}

impl Handshake {
    /// The last leg (the one that decided the outcome).
    pub fn final_leg(&self) -> Option<&Leg> {
        self.legs.last()
    }
}

/// `SEC_E_NO_CREDENTIALS`: the normal NTLM challenge leg (`401 1 2148074254`).
pub const SEC_E_NO_CREDENTIALS: u32 = 0x8009_030E;
/// `SEC_E_INVALID_TOKEN`: legs split across connections or servers.
pub const SEC_E_INVALID_TOKEN: u32 = 0x8009_0308;
/// `SEC_E_LOGON_DENIED`: credentials rejected.
pub const SEC_E_LOGON_DENIED: u32 = 0x8009_030C;
/// `SEC_E_UNKNOWN_CREDENTIALS`: credentials not recognised.
pub const SEC_E_UNKNOWN_CREDENTIALS: u32 = 0x8009_030D;
/// `SEC_E_BAD_BINDINGS`: channel binding mismatch, the Extended Protection failure.
pub const SEC_E_BAD_BINDINGS: u32 = 0x8009_0346;

/// How far apart (ms) two legs of one handshake may start.
pub const WINDOW_MS: i64 = 5_000;
