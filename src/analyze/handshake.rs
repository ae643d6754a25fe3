//! Grouping IIS requests into NTLM / Negotiate handshakes and classifying their outcome.

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
}
