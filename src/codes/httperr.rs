//! HTTP.sys error-log (`HTTPERR`) reason phrases, `s-reason` (log-formats §4.4).

use serde::Serialize;

/// One `s-reason` phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HttpErrReason {
    /// The phrase exactly as logged, e.g. `Timer_ConnectionIdle`.
    pub reason: &'static str,
    /// Status usually logged with it (`503`, `501 / 503`); `None` when no response is sent.
    pub status: Option<&'static str>,
    /// `false` when the status is inferred rather than documented.
    pub status_documented: bool,
    /// What it means.
    pub meaning: &'static str,
    /// Exchange / hybrid context, where known.
    pub hint: Option<&'static str>,
}

const fn x(
    reason: &'static str,
    status: Option<&'static str>,
    status_documented: bool,
    meaning: &'static str,
    hint: Option<&'static str>,
) -> HttpErrReason {
    HttpErrReason {
        reason,
        status,
        status_documented,
        meaning,
        hint,
    }
}

const NOT_IN_IIS: &str = "A request rejected by HTTP.sys never reaches IIS: a failing \
     /EWS/mrsproxy.svc call found here is usually absent from the W3SVC and HttpProxy logs.";

const POOL_DOWN: &str = "The application pool is down or unhealthy (for EWS / mrsproxy: \
     MSExchangeServicesAppPool); check the Application event log at that time.";

const PARSE: &str = "HTTP.sys rejected a malformed request before IIS saw it; the line's \
     sc-status column is authoritative.";

/// The table, alphabetical.
#[rustfmt::skip]
pub static TABLE: &[HttpErrReason] = &[
    x(
        "AppOffline",
        Some("503"),
        true,
        "Application errors caused the application to be taken offline",
        Some(POOL_DOWN),
    ),
    x(
        "AppPoolTimer",
        Some("503"),
        true,
        "The application pool process is too busy to handle the request",
        Some(POOL_DOWN),
    ),
    x(
        "AppShutdown",
        Some("503"),
        true,
        "The application shut down automatically in response to administrator policy",
        Some(POOL_DOWN),
    ),
    x(
        "BadRequest",
        Some("400"),
        false,
        "Parse error while processing the request",
        Some(PARSE),
    ),
    x(
        "Client_Reset",
        None,
        true,
        "Connection closed before the request could be assigned to a worker process (most often the client closed it early)",
        Some("Usually benign client behaviour."),
    ),
    x(
        "Connection_Abandoned_By_AppPool",
        None,
        true,
        "A worker process quit unexpectedly or orphaned a pending request by closing its handle",
        Some(POOL_DOWN),
    ),
    x(
        "Connection_Abandoned_By_ReqQueue",
        None,
        true,
        "A worker process quit unexpectedly or orphaned a pending request in the request queue",
        Some(POOL_DOWN),
    ),
    x(
        "Connection_Dropped",
        None,
        true,
        "Connection closed before the server could send its final response (most often the client closed it early)",
        Some(NOT_IN_IIS),
    ),
    x("Connection_Dropped_List_Full", None, true, "The list of dropped connections between clients and the server is full", None),
    x("ConnLimit", Some("503"), true, "The site-level connection limit was reached or exceeded", None),
    x(
        "Connections_Refused",
        None,
        true,
        "Kernel NonPagedPool fell below 20 MB; HTTP.sys stopped accepting new connections",
        Some("Server memory pressure: every client is affected, not only hybrid."),
    ),
    x(
        "Disabled",
        Some("503"),
        true,
        "An administrator took the application offline",
        Some(POOL_DOWN),
    ),
    x(
        "EntityTooLarge",
        Some("413"),
        false,
        "An entity exceeded the maximum permitted size",
        Some("Compare with the (413) RequestEntityTooLarge seen in Hybrid Agent validation."),
    ),
    x(
        "FieldLength",
        Some("400"),
        false,
        "A field length limit was exceeded",
        Some(PARSE),
    ),
    x(
        "Forbidden",
        Some("400"),
        false,
        "A forbidden element or sequence was found while parsing",
        Some(PARSE),
    ),
    x(
        "Header",
        Some("400"),
        false,
        "Parse error in a header",
        Some(PARSE),
    ),
    x(
        "Hostname",
        Some("400"),
        false,
        "Parse error while processing a host name",
        Some(PARSE),
    ),
    x("Internal", Some("500"), true, "Internal server error", None),
    x(
        "Invalid_CR/LF",
        Some("400"),
        false,
        "An illegal carriage return or line feed was found",
        Some(PARSE),
    ),
    x(
        "LengthRequired",
        Some("411"),
        false,
        "A required length value was missing",
        Some(PARSE),
    ),
    x("N/A", Some("503"), true, "Internal error, e.g. a memory allocation failure or a URL reservation list conflict", None),
    x("N/I", Some("501 / 503"), true, "Not implemented (501), or service unavailable (503) because of an unknown transfer encoding", None),
    x(
        "Number",
        Some("400"),
        false,
        "Parse error while processing a number",
        Some(PARSE),
    ),
    x(
        "Precondition",
        Some("400"),
        false,
        "A required precondition was missing",
        Some(PARSE),
    ),
    x(
        "QueueFull",
        Some("503"),
        true,
        "The application request queue is full",
        Some(POOL_DOWN),
    ),
    x(
        "RequestLength",
        Some("400"),
        false,
        "A request length limit was exceeded",
        Some(PARSE),
    ),
    x(
        "Timer_AppPool",
        None,
        true,
        "A request waited too long in an application pool queue (ConnectionTimeout, default 2 min)",
        Some(POOL_DOWN),
    ),
    x(
        "Timer_ConnectionIdle",
        None,
        true,
        "An idle connection expired (ConnectionTimeout, default 2 min)",
        Some("Normal keep-alive housekeeping; usually noise."),
    ),
    x(
        "Timer_EntityBody",
        None,
        true,
        "The request entity body did not arrive in time (default 2 min)",
        Some(NOT_IN_IIS),
    ),
    x(
        "Timer_HeaderWait",
        None,
        true,
        "Header parsing took longer than the limit (default 2 min)",
        Some(NOT_IN_IIS),
    ),
    x("Timer_MinBytesPerSecond", None, true, "The client was not receiving the response fast enough (below 240 bytes/s by default)", None),
    x(
        "Timer_ReqQueue",
        None,
        true,
        "A request waited too long in the request queue (default 2 min)",
        Some(POOL_DOWN),
    ),
    x("Timer_Response", None, true, "Reserved, not used", None),
    x(
        "Timer_SslRenegotiation",
        None,
        true,
        "SSL renegotiation between client and server took longer than the timeout (default 2 min)",
        Some(
            "Possibly a client-certificate negotiation (sslFlags SslNegotiateCert) the client \
             never answered (uncertain).",
        ),
    ),
    x(
        "URL",
        Some("400"),
        false,
        "Parse error while processing the URL",
        Some(PARSE),
    ),
    x(
        "URL_Length",
        Some("414"),
        false,
        "The URL exceeded the maximum permitted size",
        Some(PARSE),
    ),
    x(
        "Verb",
        Some("400"),
        false,
        "Parse error while processing the verb",
        Some(PARSE),
    ),
    x("Version_N/S", Some("505"), true, "HTTP version not supported", None),
];

/// Looks a reason phrase up, case-insensitively.
pub fn httperr_reason(reason: &str) -> Option<&'static HttpErrReason> {
    let reason = reason.trim();
    TABLE
        .iter()
        .find(|row| row.reason.eq_ignore_ascii_case(reason))
}

/// What kind of event an `s-reason` records, for deciding what counts as a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HttpErrClass {
    /// The server side failed: application pool down, busy or crashed, queues full or timed
    /// out, kernel out of memory, site disabled.
    ServerFailure,
    /// HTTP.sys rejected the request (parse error, a size limit, unsupported version).
    Rejected,
    /// The connection ended on the client's or the network's side, or idled out: normal noise.
    Connection,
}

impl HttpErrClass {
    /// True for the classes that count as failures (server failures and rejected requests).
    pub fn is_failure(self) -> bool {
        !matches!(self, HttpErrClass::Connection)
    }
}

impl HttpErrReason {
    /// The class of this reason.
    pub fn class(&self) -> HttpErrClass {
        match self.reason {
            "AppOffline"
            | "AppPoolTimer"
            | "AppShutdown"
            | "Connection_Abandoned_By_AppPool"
            | "Connection_Abandoned_By_ReqQueue"
            | "Connections_Refused"
            | "Disabled"
            | "QueueFull"
            | "Timer_AppPool"
            | "Timer_ReqQueue" => HttpErrClass::ServerFailure,
            "Client_Reset"
            | "Connection_Dropped"
            | "Timer_ConnectionIdle"
            | "Timer_EntityBody"
            | "Timer_HeaderWait"
            | "Timer_MinBytesPerSecond"
            | "Timer_SslRenegotiation" => HttpErrClass::Connection,
            _ => HttpErrClass::Rejected,
        }
    }
}

/// True when an `s-reason` (as logged) is of a failure class; unknown phrases are not.
pub fn httperr_is_failure(reason: &str) -> bool {
    httperr_reason(reason).is_some_and(|r| r.class().is_failure())
}

#[cfg(test)]
mod class_tests {
    use super::*;

    #[test]
    fn classes_of_reasons() {
        assert!(httperr_is_failure("Connection_Abandoned_By_ReqQueue"));
        assert!(httperr_is_failure("AppOffline"));
        assert!(httperr_is_failure("EntityTooLarge"));
        assert!(httperr_is_failure("hostname"), "case-insensitive");
        assert!(!httperr_is_failure("Timer_ConnectionIdle"));
        assert!(!httperr_is_failure("Client_Reset"));
        assert!(!httperr_is_failure("Connection_Dropped"));
        assert!(!httperr_is_failure("Something_New"));
        assert!(!httperr_is_failure(""));
        // Every row has a class; the connection class holds only timer and connection rows.
        for row in TABLE {
            if row.class() == HttpErrClass::Connection {
                assert!(
                    row.reason.starts_with("Timer_")
                        || row.reason.contains("Conn")
                        || row.reason.contains("Client"),
                    "{}",
                    row.reason
                );
            }
        }
    }
}
