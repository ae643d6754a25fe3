//! One W3C request (IIS or HTTPERR) as one JSON object with Elastic Common Schema names:
//! `@timestamp`, `event.*`, `source.*`, `client.*`, `destination.*`, `url.*`, `http.*`,
//! `user.name`, `user_agent.original`, `log.file.path`, and the decoded codes and handshake
//! under `hcwlens.*`. Every value goes through serde_json; nothing is escaped by hand.

use crate::analyze::hint::Leg;
use crate::codes;
use crate::record::W3cRecord;
use crate::source::SourceKind;
use serde::Serialize;

/// The handshake a request is a leg of, as the export names it.
#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    /// `server:file:line of the first leg`, the same on every leg.
    pub id: String,
    /// `success`, `failure` or `abandoned`.
    pub outcome: &'static str,
    /// `ntlm`, `kerberos` or `unknown`.
    pub auth: &'static str,
    /// Symbolic name of the final `sc-win32-status` of a failed handshake (`SEC_E_BAD_BINDINGS`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<&'static str>,
    /// That status as a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<u32>,
    /// Where an abandoned handshake stopped (`anonymous`, `challenge`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abandoned_at: Option<&'static str>,
    /// Number of legs.
    pub legs: usize,
    /// Grouping confidence within the file (`high`, `medium`, `low`).
    pub confidence: &'static str,
}

#[derive(Serialize)]
struct Line<'a> {
    #[serde(rename = "@timestamp")]
    timestamp: &'a str,
    event: Event<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Addr<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client: Option<Addr<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination: Option<Addr<'a>>,
    host: Name<'a>,
    url: Url<'a>,
    http: Http<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<Name<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_agent: Option<Original<'a>>,
    log: Log<'a>,
    hcwlens: Ext<'a>,
}

#[derive(Serialize)]
struct Event<'a> {
    kind: &'static str,
    category: [&'static str; 1],
    #[serde(rename = "type")]
    kind_of: [&'static str; 1],
    dataset: &'static str,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// An endpoint: `ip` when the logged text is an IP address, else `address` as logged.
#[derive(Serialize)]
struct Addr<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    ip: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port: Option<u16>,
}

#[derive(Serialize)]
struct Name<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Original<'a> {
    original: &'a str,
}

#[derive(Serialize)]
struct Url<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    query: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    domain: &'a str,
}

#[derive(Serialize)]
struct Http<'a> {
    request: Request<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<Response>,
}

#[derive(Serialize)]
struct Request<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    method: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    referrer: &'a str,
}

#[derive(Serialize)]
struct Response {
    status_code: u16,
}

#[derive(Serialize)]
struct Log<'a> {
    file: Path<'a>,
}

#[derive(Serialize)]
struct Path<'a> {
    path: &'a str,
}

#[derive(Serialize)]
struct Ext<'a> {
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    iis: Option<Iis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    httperr: Option<HttpErr<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unparsed: Option<Unparsed<'a>>,
}

/// Numeric fields whose logged text was not a number that fits, as logged.
#[derive(Serialize)]
struct Unparsed<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    status: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    substatus: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    win32_status: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    time_taken: &'a str,
}

#[derive(Serialize)]
struct Iis {
    #[serde(skip_serializing_if = "Option::is_none")]
    substatus: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    win32_status: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    win32_name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_text: Option<&'static str>,
}

#[derive(Serialize)]
struct HttpErr<'a> {
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason_text: Option<&'static str>,
}

#[derive(Serialize)]
struct HandshakeRef<'a> {
    leg: &'static str,
    #[serde(flatten)]
    tag: &'a Tag,
}

/// What a request line needs besides the record: the file, the formatted instant and the user
/// agent with `+` read as spaces.
pub struct Context<'a> {
    pub kind: SourceKind,
    pub file: &'a str,
    pub timestamp: &'a str,
    pub agent: &'a str,
}

/// The role of a request in its handshake: `anonymous`, `challenge` or `final`.
pub fn leg_name(rec: &W3cRecord<'_>) -> &'static str {
    match Leg::of_record(rec) {
        Leg::Anonymous => "anonymous",
        Leg::Challenge => "challenge",
        Leg::None | Leg::Failure | Leg::Authenticated => "final",
    }
}

fn addr(text: &str, port: Option<u16>) -> Option<Addr<'_>> {
    if text.is_empty() {
        return None;
    }
    let is_ip = text.parse::<std::net::IpAddr>().is_ok();
    Some(Addr {
        ip: is_ip.then_some(text),
        address: (!is_ip).then_some(text),
        port,
    })
}

fn port(text: &str) -> Option<u16> {
    text.parse().ok()
}

/// `event.outcome` of a request: by status for IIS, by reason class for HTTPERR.
fn outcome(rec: &W3cRecord<'_>, httperr: bool) -> &'static str {
    if httperr && !rec.reason.is_empty() {
        return if codes::httperr::httperr_is_failure(rec.reason) {
            "failure"
        } else {
            "unknown"
        };
    }
    match rec.status {
        Some(s) if s >= 400 => "failure",
        Some(_) => "success",
        None => "unknown",
    }
}

fn iis_codes(rec: &W3cRecord<'_>) -> Option<Iis> {
    if rec.substatus.is_none() && rec.win32.is_none() && rec.status.is_none() {
        return None;
    }
    let unusual = rec.status.is_some_and(|s| s >= 300);
    Some(Iis {
        substatus: rec.substatus,
        win32_status: rec.win32,
        win32_name: rec.win32.and_then(codes::failure_name),
        status_text: rec
            .status
            .filter(|_| unusual)
            .and_then(|s| codes::iis_status(s, rec.substatus.unwrap_or(0))),
    })
}

/// Writes `rec` as one JSON object (no newline) to `out`.
pub fn write(
    out: &mut Vec<u8>,
    rec: &W3cRecord<'_>,
    cx: &Context<'_>,
) -> Result<(), serde_json::Error> {
    let httperr = cx.kind == SourceKind::Httperr;
    let forwarded = rec.forwarded_for.split(',').next().unwrap_or("").trim();
    let line = Line {
        timestamp: cx.timestamp,
        event: Event {
            kind: "event",
            category: ["web"],
            kind_of: [if httperr { "error" } else { "access" }],
            dataset: if httperr {
                "hcwlens.httperr"
            } else {
                "hcwlens.iis"
            },
            outcome: outcome(rec, httperr),
            duration: rec.time_taken.map(|ms| u64::from(ms) * 1_000_000),
            reason: (!rec.reason.is_empty()).then_some(rec.reason),
        },
        source: addr(rec.client_ip, port(rec.client_port)),
        client: addr(forwarded, None),
        destination: addr(rec.server_ip, port(rec.server_port)),
        host: Name { name: rec.server },
        url: Url {
            path: rec.uri_stem,
            query: rec.uri_query,
            domain: rec.host,
        },
        http: Http {
            request: Request {
                method: rec.method,
                referrer: rec.referer,
            },
            response: rec.status.map(|status_code| Response { status_code }),
        },
        user: (!rec.username.is_empty()).then_some(Name { name: rec.username }),
        user_agent: (!cx.agent.is_empty()).then_some(Original { original: cx.agent }),
        log: Log {
            file: Path { path: cx.file },
        },
        hcwlens: Ext {
            line: rec.line,
            iis: if httperr { None } else { iis_codes(rec) },
            httperr: (httperr && !rec.reason.is_empty()).then(|| HttpErr {
                reason: rec.reason,
                reason_text: codes::httperr_reason(rec.reason).map(|r| r.meaning),
            }),
            unparsed: rec.raw.filter(|r| !r.is_empty()).map(|r| Unparsed {
                status: r.status,
                substatus: r.substatus,
                win32_status: r.win32,
                time_taken: r.time_taken,
            }),
        },
    };
    serde_json::to_writer(out, &line)
}

/// Adds `hcwlens.handshake` to a request object [`write`] produced: `hcwlens` is its last
/// member, so the object ends in `}}` and the handshake goes in before them.
pub fn add_tag(json: &mut Vec<u8>, leg: &'static str, tag: &Tag) -> Result<(), serde_json::Error> {
    if !json.ends_with(b"}}") {
        return Ok(());
    }
    json.truncate(json.len() - 2);
    json.extend_from_slice(b",\"handshake\":");
    serde_json::to_writer(&mut *json, &HandshakeRef { leg, tag })?;
    json.extend_from_slice(b"}}");
    Ok(())
}
