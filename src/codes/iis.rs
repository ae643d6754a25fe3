//! IIS `sc-status` + `sc-substatus` meanings (log-formats §4.1), falling back to the plain HTTP
//! status phrase for any status 100–599.

use super::http::{http_phrase, is_registered};
use serde::Serialize;

/// One IIS `status.substatus` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    status: u16,
    substatus: u16,
    meaning: &'static str,
    detail: Option<&'static str>,
}

const fn r(status: u16, substatus: u16, meaning: &'static str) -> Row {
    Row {
        status,
        substatus,
        meaning,
        detail: None,
    }
}

const fn rd(status: u16, substatus: u16, meaning: &'static str, detail: &'static str) -> Row {
    Row {
        status,
        substatus,
        meaning,
        detail: Some(detail),
    }
}

const HTTPPROXY: &str = "Exchange front-end (HttpProxy) errors usually carry substatus 0; the \
     HttpProxy log (Logging\\HttpProxy\\<protocol>) has the reason.";

static ROWS: &[Row] = &[
    r(400, 1, "Invalid Destination header (WebDAV)"),
    r(400, 2, "Invalid Depth header (WebDAV)"),
    r(400, 3, "Invalid If header (WebDAV)"),
    r(400, 4, "Invalid Overwrite header (WebDAV)"),
    r(400, 5, "Invalid Translate header (WebDAV)"),
    r(400, 6, "Invalid request body"),
    r(400, 7, "Invalid Content-Length"),
    r(400, 8, "Invalid Timeout header"),
    r(400, 9, "Invalid lock token (WebDAV)"),
    r(400, 10, "Invalid X-Forwarded-For header"),
    r(400, 11, "Invalid WebSocket request"),
    r(400, 601, "Bad client request (ARR)"),
    r(400, 602, "Invalid time format (ARR)"),
    r(400, 603, "Parse range error (ARR)"),
    r(400, 604, "Client gone (ARR)"),
    r(400, 605, "Maximum number of forwards (ARR)"),
    r(400, 606, "Asynchronous completion error (ARR)"),
    rd(
        401,
        1,
        "Logon failed",
        "Credentials or SSPI failure; the win32 column says which (2148074254 = normal NTLM \
         challenge leg, 2148074310 = Extended Protection, 2148074248 = legs split).",
    ),
    rd(
        401,
        2,
        "Logon failed due to server configuration",
        "In practice the request carried no (acceptable) Authorization header yet.",
    ),
    r(401, 3, "Unauthorized due to ACL on resource"),
    r(401, 4, "Authorization failed by filter"),
    r(401, 5, "Authorization failed by ISAPI/CGI application"),
    r(
        401,
        501,
        "Dynamic IP restriction: concurrent request limit reached",
    ),
    r(
        401,
        502,
        "Dynamic IP restriction: request rate limit reached",
    ),
    r(401, 503, "Dynamic IP restriction: IP address denied"),
    r(401, 504, "Dynamic IP restriction: host name denied"),
    rd(
        403,
        0,
        "Forbidden",
        "On /EWS/mrsproxy.svc: MRSProxy is probably disabled on the EWS virtual directory \
         (Get-WebServicesVirtualDirectory | Format-Table Identity,MRSProxyEnabled).",
    ),
    r(403, 1, "Execute access forbidden"),
    r(403, 2, "Read access forbidden"),
    r(403, 3, "Write access forbidden"),
    r(403, 4, "SSL required"),
    r(403, 5, "SSL 128 required"),
    r(403, 6, "IP address rejected"),
    r(403, 7, "Client certificate required"),
    r(403, 8, "Site access denied (DNS name restriction)"),
    r(403, 9, "Too many concurrent connections"),
    r(403, 10, "Execute access denied"),
    r(403, 11, "Password changed"),
    r(403, 12, "Mapper denied access (client certificate mapping)"),
    r(403, 13, "Client certificate revoked"),
    r(403, 14, "Directory listing denied"),
    r(403, 15, "Client access licenses exceeded"),
    r(403, 16, "Client certificate untrusted or invalid"),
    r(403, 17, "Client certificate expired or not yet valid"),
    r(
        403,
        18,
        "Cannot execute requested URL in the current application pool",
    ),
    r(403, 19, "Cannot execute CGI in this application pool"),
    r(403, 20, "Passport logon failed"),
    r(403, 21, "Source access denied (WebDAV)"),
    r(403, 22, "Infinite depth denied (WebDAV)"),
    r(
        403,
        501,
        "Dynamic IP restriction: concurrent request limit reached",
    ),
    r(
        403,
        502,
        "Dynamic IP restriction: request rate limit reached",
    ),
    r(403, 503, "Dynamic IP restriction: IP address denied"),
    r(403, 504, "Dynamic IP restriction: host name denied"),
    r(404, 0, "Not found"),
    r(404, 1, "Site not found"),
    r(404, 2, "ISAPI/CGI restriction"),
    r(404, 3, "MIME type restriction"),
    r(404, 4, "No handler configured"),
    r(404, 5, "Denied by request filtering (URL sequence)"),
    r(404, 6, "Verb denied"),
    r(404, 7, "File extension denied"),
    r(404, 8, "Hidden namespace"),
    r(404, 9, "File attribute hidden"),
    r(404, 10, "Request header too long"),
    r(404, 11, "Request contains double escape sequence"),
    r(404, 12, "Request contains high-bit characters"),
    r(404, 13, "Content length too large"),
    r(404, 14, "Request URL too long"),
    r(404, 15, "Query string too long"),
    r(404, 16, "WebDAV request sent to the static file handler"),
    r(404, 17, "Dynamic content mapped to the static file handler"),
    r(404, 18, "Query string sequence denied"),
    r(404, 19, "Denied by filtering rule"),
    r(404, 20, "Too many URL segments"),
    r(
        404,
        501,
        "Dynamic IP restriction: concurrent request limit reached",
    ),
    r(
        404,
        502,
        "Dynamic IP restriction: request rate limit reached",
    ),
    r(404, 503, "Dynamic IP restriction: IP address denied"),
    r(404, 504, "Dynamic IP restriction: host name denied"),
    rd(
        405,
        0,
        "Method not allowed",
        "`405 0 1` on /EWS/mrsproxy.svc: the svc-Integrated handler mapping is missing (or \
         web.config was overwritten by an upgrade).",
    ),
    r(406, 0, "Not acceptable"),
    r(408, 0, "Request timed out"),
    r(412, 0, "Precondition failed"),
    rd(
        413,
        0,
        "Request entity too large",
        "Seen as (413) RequestEntityTooLarge in Hybrid Agent validation: request size limits \
         (uploadReadAheadSize / maxRequestEntityAllowed) or client-certificate renegotiation \
         (uncertain).",
    ),
    rd(500, 0, "Module or ISAPI error", HTTPPROXY),
    r(500, 11, "Application is shutting down"),
    r(500, 12, "Application is busy restarting"),
    r(500, 13, "Server too busy"),
    r(500, 15, "Direct requests for Global.asax are not allowed"),
    r(
        500,
        19,
        "Configuration data is invalid (applicationHost.config / web.config)",
    ),
    r(500, 21, "Module not recognized"),
    r(
        500,
        22,
        "httpModules configuration not valid in Integrated pipeline",
    ),
    r(
        500,
        23,
        "httpHandlers configuration not valid in Integrated pipeline",
    ),
    r(
        500,
        24,
        "Impersonation configuration not valid in Integrated pipeline",
    ),
    r(500, 50, "URL Rewrite error in RQ_BEGIN_REQUEST"),
    r(500, 51, "URL Rewrite error in GL_PRE_BEGIN_REQUEST"),
    r(500, 52, "URL Rewrite error in RQ_SEND_RESPONSE"),
    r(500, 53, "URL Rewrite error in RQ_RELEASE_REQUEST_STATE"),
    r(500, 100, "Internal ASP error"),
    r(502, 1, "CGI application timeout"),
    r(
        502,
        2,
        "CGI premature exit (ARR 3.0.1916+: map request failure)",
    ),
    r(502, 3, "Forwarder connection error (ARR)"),
    r(502, 4, "No server (ARR)"),
    r(502, 5, "WebSocket failure (ARR)"),
    r(502, 6, "Forwarded request failure (ARR)"),
    r(502, 7, "Execute request failure (ARR)"),
    rd(
        503,
        0,
        "Application pool unavailable",
        "The application pool is stopped or disabled (for EWS / mrsproxy: \
         MSExchangeServicesAppPool). Exchange HttpProxy 503s also show substatus 0; the \
         HttpProxy log has the reason.",
    ),
    r(
        503,
        2,
        "Concurrent request limit exceeded (appConcurrentRequestLimit)",
    ),
    r(503, 3, "ASP.NET queue full"),
    r(503, 4, "FastCGI queue full"),
];

/// The meaning of an IIS status/substatus pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IisInfo {
    /// `sc-status`.
    pub status: u16,
    /// `sc-substatus`.
    pub substatus: u16,
    /// Short meaning, e.g. `Logon failed`.
    pub meaning: &'static str,
    /// Longer Exchange / IIS context, where known.
    pub detail: Option<&'static str>,
    /// `false` when only the plain HTTP status (or its class) was known.
    pub exact: bool,
}

/// Meaning and detail of `status.substatus`; `exact` is false when only the status is known.
pub fn iis_info(status: u16, substatus: u16) -> Option<IisInfo> {
    if let Some(row) = ROWS
        .iter()
        .find(|row| row.status == status && row.substatus == substatus)
    {
        return Some(IisInfo {
            status,
            substatus,
            meaning: row.meaning,
            detail: row.detail,
            exact: true,
        });
    }
    http_phrase(status).map(|meaning| IisInfo {
        status,
        substatus,
        meaning,
        detail: None,
        exact: substatus == 0 && is_registered(status),
    })
}

/// Short meaning of `status.substatus` (e.g. 401.1 → `Logon failed`), falling back to the plain
/// HTTP status meaning for any status 100–599.
pub fn iis_status(status: u16, substatus: u16) -> Option<&'static str> {
    iis_info(status, substatus).map(|info| info.meaning)
}

/// Every `(status, substatus)` with its own row (for tests and completion lists).
pub fn rows() -> impl Iterator<Item = (u16, u16, &'static str)> {
    ROWS.iter()
        .map(|row| (row.status, row.substatus, row.meaning))
}
