//! The kind of a finding, one variant per diagnosis of the catalogue. Its text (`ep-hybrid-agent`,
//! `hcw-HCW8078` …) is part of the JSON contract; code matches on the variant, never on the text.
//!
//! A new diagnosis adds a variant here, its text in [`FindingId::name`] and, for a fixed text,
//! an entry in [`FindingId::FIXED`].

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

/// The kind of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// `ntlm-stuck-client`: a client leaves NTLM handshakes at the challenge again and again.
    NtlmStuckClient,
    /// `mrs-refused`: IIS refused MRS proxy requests (403, 405, 413, 500, 503) no other finding
    /// explains.
    MrsRefused,
    /// `hcw-dns`: a name HCW called did not resolve.
    HcwDns,
    /// `hcw-network-path`: a call timed out on the way.
    HcwNetworkPath,
    /// `hcw-no-endpoint`: nothing listened where HCW called.
    HcwNoEndpoint,
    /// `hcw-unauthorized`: a call was refused as unauthorized.
    HcwUnauthorized,
    /// `hcw-tls`: the TLS certificate was not trusted.
    HcwTls,
    /// `hcw-server-error`: the server answered with an error.
    HcwServerError,
    /// `hcw-method-not-allowed`: the MRS proxy answered (405): no handler for the POST.
    HcwMethodNotAllowed,
    /// `hcw-request-too-large`: a request-size limit answered (413).
    HcwRequestTooLarge,
    /// `hcw-no-mrsproxy`: Autodiscover found no MRS proxy running on the server.
    HcwNoMrsProxy,
    /// `hcw-autodiscover`: the migration endpoint could not be found through Autodiscover.
    HcwAutodiscover,
    /// `hcw-agent-registration`: the Hybrid Agent's application proxy registration failed.
    HcwAgentRegistration,
    /// `hcw-error`, or `hcw-error-<event id>`: an HCW `*ERROR*` without an HCW code.
    HcwError(Option<u32>),
    /// `hcw-<code>` (`hcw-HCW8078`): an HCW code the log reported.
    HcwCode(String),
}

impl FindingId {
    /// The kinds whose text is fixed.
    pub const FIXED: [FindingId; 21] = [
        FindingId::EpHybridAgent,
        FindingId::EpTlsOffload,
        FindingId::NtlmSplitConnection,
        FindingId::CredentialsRejected,
        FindingId::MrsUnreachable,
        FindingId::IisNoCoverage,
        FindingId::HcwPhaseFailed,
        FindingId::NtlmV1Logon,
        FindingId::NtlmStuckClient,
        FindingId::MrsRefused,
        FindingId::HcwDns,
        FindingId::HcwNetworkPath,
        FindingId::HcwNoEndpoint,
        FindingId::HcwUnauthorized,
        FindingId::HcwTls,
        FindingId::HcwServerError,
        FindingId::HcwMethodNotAllowed,
        FindingId::HcwRequestTooLarge,
        FindingId::HcwNoMrsProxy,
        FindingId::HcwAutodiscover,
        FindingId::HcwAgentRegistration,
    ];

    /// The id of the JSON contract.
    pub fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            FindingId::EpHybridAgent => "ep-hybrid-agent",
            FindingId::EpTlsOffload => "ep-tls-offload",
            FindingId::NtlmSplitConnection => "ntlm-split-connection",
            FindingId::CredentialsRejected => "credentials-rejected",
            FindingId::MrsUnreachable => "mrs-unreachable",
            FindingId::IisNoCoverage => "iis-no-coverage",
            FindingId::HcwPhaseFailed => "hcw-phase-failed",
            FindingId::NtlmV1Logon => "ntlm-v1-logon",
            FindingId::NtlmStuckClient => "ntlm-stuck-client",
            FindingId::MrsRefused => "mrs-refused",
            FindingId::HcwDns => "hcw-dns",
            FindingId::HcwNetworkPath => "hcw-network-path",
            FindingId::HcwNoEndpoint => "hcw-no-endpoint",
            FindingId::HcwUnauthorized => "hcw-unauthorized",
            FindingId::HcwTls => "hcw-tls",
            FindingId::HcwServerError => "hcw-server-error",
            FindingId::HcwMethodNotAllowed => "hcw-method-not-allowed",
            FindingId::HcwRequestTooLarge => "hcw-request-too-large",
            FindingId::HcwNoMrsProxy => "hcw-no-mrsproxy",
            FindingId::HcwAutodiscover => "hcw-autodiscover",
            FindingId::HcwAgentRegistration => "hcw-agent-registration",
            FindingId::HcwError(None) => "hcw-error",
            FindingId::HcwError(Some(id)) => return Cow::Owned(format!("hcw-error-{id}")),
            FindingId::HcwCode(code) => return Cow::Owned(format!("hcw-{code}")),
        })
    }

    /// The kind of a JSON id (the inverse of [`FindingId::name`]).
    pub fn of(id: &str) -> Option<FindingId> {
        if let Some(k) = FindingId::FIXED.into_iter().find(|k| k.name() == id) {
            return Some(k);
        }
        if id == "hcw-error" {
            return Some(FindingId::HcwError(None));
        }
        if let Some(n) = id.strip_prefix("hcw-error-") {
            return n.parse().ok().map(|n| FindingId::HcwError(Some(n)));
        }
        let code = id.strip_prefix("hcw-")?;
        let digits = code.strip_prefix("HCW")?;
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| FindingId::HcwCode(code.to_string()))
    }
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for FindingId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

/// Ordered by their text, so findings of equal rank list in the same order as by id.
impl Ord for FindingId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.name().cmp(&other.name())
    }
}

impl PartialOrd for FindingId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::FindingId;

    #[test]
    fn every_id_reads_back_as_its_kind() {
        let mut all = FindingId::FIXED.to_vec();
        all.extend([
            FindingId::HcwError(None),
            FindingId::HcwError(Some(10277)),
            FindingId::HcwCode("HCW8078".into()),
        ]);
        for k in all {
            assert_eq!(FindingId::of(&k.name()), Some(k.clone()), "{k}");
        }
        assert_eq!(FindingId::of("hcw-nonsense"), None);
        assert_eq!(FindingId::of("hcw-error-x"), None);
    }

    #[test]
    fn serializes_as_the_json_id() {
        let json = serde_json::to_string(&FindingId::HcwCode("HCW8078".into())).expect("json");
        assert_eq!(json, "\"hcw-HCW8078\"");
        let json = serde_json::to_string(&FindingId::EpHybridAgent).expect("json");
        assert_eq!(json, "\"ep-hybrid-agent\"");
    }
}
