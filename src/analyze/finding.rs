//! A diagnosis: what is wrong, the evidence lines that show it, and what to do.

use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks the hybrid setup or a migration.
    Error,
    /// Worth fixing; may explain a symptom.
    Warning,
    /// Context.
    Info,
}

/// A line that supports a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// Source file.
    pub source: SourceId,
    /// 1-based line number.
    pub line: u64,
}

/// The later run of the wizard that no longer shows a finding's failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct FixedBy {
    /// The HCW log of that run.
    pub source: SourceId,
    /// When it got past the failure (UTC): the successful call, or the end of its workflow.
    pub time: UtcMs,
}

/// One diagnosis with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable id, part of the JSON contract (`ep-hybrid-agent`, `hcw-HCW8078` …).
    pub id: String,
    /// Severity.
    pub severity: Severity,
    /// One-line title.
    pub title: String,
    /// Plain-language explanation.
    pub explanation: String,
    /// What to do, with exact commands.
    pub remedy: String,
    /// Supporting lines.
    pub evidence: Vec<Evidence>,
    /// Documentation links.
    pub references: Vec<String>,
    /// When it happened (UTC), if known.
    pub time: Option<UtcMs>,
    /// Set when every HCW line behind the finding is from runs that a later run got past;
    /// such findings are listed after the open ones.
    pub fixed_by: Option<FixedBy>,
}

/// The catalogue's fixed finding kinds, for matching findings without comparing id strings.
/// [`FindingId::as_str`] is the id of the JSON contract; `hcw-<code>` findings (one per HCW
/// code) have no variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingId {
    /// `ep-hybrid-agent`.
    EpHybridAgent,
    /// `ep-tls-offload`.
    EpTlsOffload,
    /// `ntlm-split-connection`.
    NtlmSplitConnection,
    /// `credentials-rejected`.
    CredentialsRejected,
    /// `mrs-unreachable`.
    MrsUnreachable,
    /// `iis-no-coverage`.
    IisNoCoverage,
    /// `hcw-phase-failed`.
    HcwPhaseFailed,
    /// `ntlm-v1-logon`: the Security log shows successful NTLM V1 logons (4624).
    NtlmV1Logon,
}

impl FindingId {
    /// Every variant.
    pub const ALL: [FindingId; 8] = [
        FindingId::EpHybridAgent,
        FindingId::EpTlsOffload,
        FindingId::NtlmSplitConnection,
        FindingId::CredentialsRejected,
        FindingId::MrsUnreachable,
        FindingId::IisNoCoverage,
        FindingId::HcwPhaseFailed,
        FindingId::NtlmV1Logon,
    ];

    /// The JSON id.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingId::EpHybridAgent => "ep-hybrid-agent",
            FindingId::EpTlsOffload => "ep-tls-offload",
            FindingId::NtlmSplitConnection => "ntlm-split-connection",
            FindingId::CredentialsRejected => "credentials-rejected",
            FindingId::MrsUnreachable => "mrs-unreachable",
            FindingId::IisNoCoverage => "iis-no-coverage",
            FindingId::HcwPhaseFailed => "hcw-phase-failed",
            FindingId::NtlmV1Logon => "ntlm-v1-logon",
        }
    }

    /// The kind of a JSON id, if it is a fixed one.
    pub fn of(id: &str) -> Option<FindingId> {
        FindingId::ALL.into_iter().find(|k| k.as_str() == id)
    }
}

impl From<FindingId> for String {
    fn from(id: FindingId) -> String {
        id.as_str().to_string()
    }
}

impl Finding {
    /// The finding's fixed kind (`None` for `hcw-<code>` findings).
    pub fn kind(&self) -> Option<FindingId> {
        FindingId::of(&self.id)
    }
}
