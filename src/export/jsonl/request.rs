//! One W3C request (IIS or HTTPERR) as one JSON object with Elastic Common Schema names:
//! `@timestamp`, `event.*`, `source.*`, `client.*`, `destination.*`, `url.*`, `http.*`,
//! `user.name`, `user_agent.original`, `log.file.path`, and the decoded codes and handshake
//! under `hcwlens.*`. The object's frame is written from constant pieces (this runs for every
//! line of a GB log); values go through `json.rs`, which copies a string only when nothing in
//! it needs an escape and leaves every escape to serde_json.

use super::json::{agent, is_ipv4, logged, needs_escape, number, text};
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
struct HandshakeRef<'a> {
    leg: &'static str,
    #[serde(flatten)]
    tag: &'a Tag,
}

/// What a request line needs besides the record: its kind of log, the file and the formatted
/// instant.
pub struct Context<'a> {
    pub kind: SourceKind,
    pub file: &'a str,
    pub timestamp: &'a str,
}

/// The role of a request in its handshake: `anonymous`, `challenge` or `final`.
pub fn leg_name(rec: &W3cRecord<'_>) -> &'static str {
    match Leg::of_record(rec) {
        Leg::Anonymous => "anonymous",
        Leg::Challenge => "challenge",
        Leg::None | Leg::Failure | Leg::Authenticated => "final",
    }
}

/// `,"key":"value"` when `v` is not empty (`key` is a constant with its quotes and colon).
fn field(out: &mut Vec<u8>, key: &[u8], v: &str, clean: bool) {
    if !v.is_empty() {
        out.extend_from_slice(key);
        logged(out, v, clean);
    }
}

/// An endpoint object: `ip` when the logged text is an IP address, else `address` as
/// logged; `port` when it is a number. Nothing when the address is empty.
fn endpoint(out: &mut Vec<u8>, name: &[u8], addr: &str, port: &str, clean: bool) {
    if addr.is_empty() {
        return;
    }
    out.extend_from_slice(name);
    if is_ipv4(addr.as_bytes()) || addr.parse::<std::net::IpAddr>().is_ok() {
        out.extend_from_slice(b"{\"ip\":");
    } else {
        out.extend_from_slice(b"{\"address\":");
    }
    logged(out, addr, clean);
    if let Ok(p) = port.parse::<u16>() {
        out.extend_from_slice(b",\"port\":");
        number(out, u64::from(p));
    }
    out.push(b'}');
}

/// `event.outcome` of a request: by status for IIS, by reason class for HTTPERR.
fn outcome(rec: &W3cRecord<'_>, httperr: bool) -> &'static [u8] {
    if httperr && !rec.reason.is_empty() {
        return if codes::httperr::httperr_is_failure(rec.reason) {
            b"failure"
        } else {
            b"unknown"
        };
    }
    match rec.status {
        Some(s) if s >= 400 => b"failure",
        Some(_) => b"success",
        None => b"unknown",
    }
}

/// `hcwlens.iis`: sub-status, Win32 status and their meanings (for statuses from 300 and
/// non-zero Win32 codes).
fn iis_codes(out: &mut Vec<u8>, rec: &W3cRecord<'_>) {
    if rec.substatus.is_none() && rec.win32.is_none() {
        return;
    }
    out.extend_from_slice(b",\"iis\":{");
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, k: &[u8]| {
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(k);
    };
    if let Some(v) = rec.substatus {
        key(out, b"\"substatus\":");
        number(out, u64::from(v));
    }
    if let Some(v) = rec.win32 {
        key(out, b"\"win32_status\":");
        number(out, u64::from(v));
        if let Some(name) = codes::failure_name(v) {
            key(out, b"\"win32_name\":");
            text(out, name);
        }
    }
    if let Some(s) = rec.status.filter(|s| *s >= 300)
        && let Some(meaning) = codes::iis_status(s, rec.substatus.unwrap_or(0))
    {
        key(out, b"\"status_text\":");
        text(out, meaning);
    }
    out.push(b'}');
}

/// Writes `rec` as one JSON object (no newline) to `out`. The object's members come in a
/// fixed order and `hcwlens` is always last (see [`add_tag`]).
pub fn write(out: &mut Vec<u8>, rec: &W3cRecord<'_>, cx: &Context<'_>) {
    let httperr = cx.kind == SourceKind::Httperr;
    // Every string below but the server label is a slice of the logged line.
    let clean = !needs_escape(rec.text.as_bytes());
    out.extend_from_slice(b"{\"@timestamp\":");
    text(out, cx.timestamp);
    out.extend_from_slice(if httperr {
        b",\"event\":{\"kind\":\"event\",\"category\":[\"web\"],\"type\":[\"error\"],\"dataset\":\"hcwlens.httperr\",\"outcome\":\""
    } else {
        b",\"event\":{\"kind\":\"event\",\"category\":[\"web\"],\"type\":[\"access\"],\"dataset\":\"hcwlens.iis\",\"outcome\":\""
    });
    out.extend_from_slice(outcome(rec, httperr));
    out.push(b'"');
    if let Some(ms) = rec.time_taken {
        out.extend_from_slice(b",\"duration\":");
        number(out, u64::from(ms) * 1_000_000);
    }
    field(out, b",\"reason\":", rec.reason, clean);
    out.push(b'}');
    endpoint(out, b",\"source\":", rec.client_ip, rec.client_port, clean);
    if !rec.forwarded_for.is_empty() {
        let first = rec.forwarded_for.split(',').next().unwrap_or("").trim();
        endpoint(out, b",\"client\":", first, "", clean);
    }
    endpoint(
        out,
        b",\"destination\":",
        rec.server_ip,
        rec.server_port,
        clean,
    );
    out.extend_from_slice(b",\"host\":{\"name\":");
    text(out, rec.server);
    out.extend_from_slice(b"},\"url\":{\"path\":");
    logged(out, rec.uri_stem, clean);
    field(out, b",\"query\":", rec.uri_query, clean);
    field(out, b",\"domain\":", rec.host, clean);
    out.extend_from_slice(b"},\"http\":{\"request\":{");
    match (rec.method.is_empty(), rec.referer.is_empty()) {
        (false, false) => {
            out.extend_from_slice(b"\"method\":");
            logged(out, rec.method, clean);
            out.extend_from_slice(b",\"referrer\":");
            logged(out, rec.referer, clean);
        }
        (false, true) => {
            out.extend_from_slice(b"\"method\":");
            logged(out, rec.method, clean);
        }
        (true, false) => {
            out.extend_from_slice(b"\"referrer\":");
            logged(out, rec.referer, clean);
        }
        (true, true) => {}
    }
    out.push(b'}');
    if let Some(status) = rec.status {
        out.extend_from_slice(b",\"response\":{\"status_code\":");
        number(out, u64::from(status));
        out.push(b'}');
    }
    out.push(b'}');
    if !rec.username.is_empty() {
        out.extend_from_slice(b",\"user\":{\"name\":");
        logged(out, rec.username, clean);
        out.push(b'}');
    }
    if !rec.user_agent.is_empty() {
        out.extend_from_slice(b",\"user_agent\":{\"original\":");
        agent(out, rec.user_agent, clean);
        out.push(b'}');
    }
    out.extend_from_slice(b",\"log\":{\"file\":{\"path\":");
    text(out, cx.file);
    out.extend_from_slice(b"}},\"hcwlens\":{\"line\":");
    number(out, rec.line);
    if httperr {
        if !rec.reason.is_empty() {
            out.extend_from_slice(b",\"httperr\":{\"reason\":");
            text(out, rec.reason);
            if let Some(r) = codes::httperr_reason(rec.reason) {
                out.extend_from_slice(b",\"reason_text\":");
                text(out, r.meaning);
            }
            out.push(b'}');
        }
    } else {
        iis_codes(out, rec);
    }
    if let Some(raw) = rec.raw.filter(|r| !r.is_empty()) {
        out.extend_from_slice(b",\"unparsed\":");
        let _ = serde_json::to_writer(
            &mut *out,
            &Unparsed {
                status: raw.status,
                substatus: raw.substatus,
                win32_status: raw.win32,
                time_taken: raw.time_taken,
            },
        );
    }
    out.extend_from_slice(b"}}");
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
