//! What a parse of an HttpProxy log gives: its rows ([`ProxyRequest`], the columns the
//! explorer, the reports and the join to IIS legs read), what its `#` lines say, its counts.

use crate::source::{SourceId, SourceStats};
use crate::time::UtcMs;
use serde::Serialize;

/// One request as the front end logged it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProxyRequest {
    /// Source file.
    pub source: SourceId,
    /// 1-based physical line where the row starts.
    pub line: u64,
    /// Byte offset of that line in the decoded text.
    pub offset: u64,
    /// `DateTime` (UTC).
    #[serde(serialize_with = "ser_ts")]
    pub ts: UtcMs,
    /// `RequestId`: the GUID front-end IIS lines carry as `cafeReqId=`.
    pub request_id: String,
    /// `Protocol` (Ews, Autodiscover, Mapi…).
    pub protocol: String,
    /// `UrlHost` (absent in old builds: empty).
    pub url_host: String,
    /// `UrlStem`.
    pub url_stem: String,
    /// `UrlQuery`.
    pub url_query: String,
    /// `AuthenticationType` (NTLM, Negotiate, Basic, FBA, Kerberos, OAuth…).
    pub authentication_type: String,
    /// `IsAuthenticated`, when logged as true/false.
    pub is_authenticated: Option<bool>,
    /// `AuthenticatedUser`.
    pub authenticated_user: String,
    /// `ClientIpAddress` as logged (IPv6 may carry a zone, `fe80::1%3`).
    pub client_ip: String,
    /// `ServerHostName`: the front end that logged the row.
    pub server_host_name: String,
    /// `HttpStatus` returned to the client.
    pub http_status: Option<u16>,
    /// `BackEndStatus`: what the back end answered.
    pub backend_status: Option<u16>,
    /// `TargetServer`: the back end the request went to.
    pub target_server: String,
    /// `GenericErrors`.
    pub generic_errors: String,
    /// `GenericInfo`.
    pub generic_info: String,
    /// `Method`.
    pub method: String,
    /// `UserAgent`.
    pub user_agent: String,
}

/// Serialises an instant as RFC 3339.
fn ser_ts<S: serde::Serializer>(ts: &UtcMs, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ts.rfc3339())
}

/// What the `#` lines say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyHeader {
    /// `#Version`: the Exchange build.
    pub version: Option<String>,
    /// `#Log-type`.
    pub log_type: Option<String>,
    /// The first `ServerHostName` of the rows: the front end that wrote the file.
    pub server: Option<String>,
}

/// A parsed file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProxyLog {
    /// Rows in file order (those kept).
    pub rows: Vec<ProxyRequest>,
    /// Header values.
    pub header: ProxyHeader,
    /// Line counts and diagnostics.
    pub stats: SourceStats,
}
