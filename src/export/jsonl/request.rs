//! One W3C request (IIS or HTTPERR) as one JSON object with Elastic Common Schema names:
//! `@timestamp`, `event.*`, `source.*`, `client.*`, `destination.*`, `url.*`, `http.*`,
//! `user.name`, `user_agent.original`, `log.file.path`, and the decoded codes under
//! `hcwlens.*` (the handshake is added by `tag.rs`). This runs for every line of a GB log, so
//! the object's frame is written from constant pieces, the file's own piece is escaped once,
//! values go through `json.rs` and decoded texts are looked up once per distinct code.
//!
//! The parsing threads write whole objects, line number included (the parser counts the lines
//! before each block for them); where the number went is noted, so that a line can still be
//! renumbered.

use super::json::{Counter, is_ipv4, number, port};
use super::stamp::Stamps;
use super::string::{agent, quoted, text};
use super::url;
use crate::analyze::hint::Leg;
use crate::codes;
use crate::record::W3cRecord;
use crate::source::SourceKind;
use rustc_hash::FxHashMap;

pub use fields::Fields;
pub use host::Machines;

mod fields;
mod host;
mod unread;

/// Distinct codes remembered per file before lookups are no longer cached (a damaged log can
/// hold any number of them).
const MEMO_CAP: usize = 4096;

/// What every request object of one file shares.
#[derive(Debug, Clone)]
pub struct Frame {
    httperr: bool,
    /// The export's machines, one name each (`host.name`).
    machines: Machines,
    /// `,"log":{"file":{"path":"…"}},"hcwlens":{"line":`
    file_part: Vec<u8>,
}

/// What a writing thread remembers between requests: the last second formatted, the decoded
/// codes, and the last `destination` written (a log has one server address and few ports).
#[derive(Debug, Clone, Default)]
pub struct Memo {
    stamps: Stamps,
    win32_names: FxHashMap<u32, Option<&'static str>>,
    status_texts: FxHashMap<(u16, u16), Option<&'static str>>,
    destination: Remembered,
    /// The last server's `host` member (`addr`: the server as logged).
    host: Remembered,
    lines: Counter,
}

/// An endpoint object written, and the address and port it was written from.
#[derive(Debug, Clone, Default)]
struct Remembered {
    addr: Vec<u8>,
    port: Vec<u8>,
    json: Vec<u8>,
}

/// The role of a request in its handshake: `anonymous`, `challenge` or `final`.
pub fn leg_name(rec: &W3cRecord<'_>) -> &'static str {
    match Leg::of_record(rec) {
        Leg::Anonymous => "anonymous",
        Leg::Challenge => "challenge",
        Leg::None | Leg::Failure | Leg::Authenticated => "final",
    }
}

/// `,"key":"value"` when `v` is not empty (`key` is a constant with its quotes, colon and the
/// value's opening quote).
#[inline(always)]
fn field(out: &mut Vec<u8>, key: &[u8], v: &[u8]) {
    if !v.is_empty() {
        quoted(out, key, v, b"\"");
    }
}

/// An endpoint object: `ip` when the logged text is an IP address, else `address` as
/// logged; `port` when it is a number. Nothing when the address is empty.
#[inline(always)]
fn endpoint(out: &mut Vec<u8>, name: &[u8], addr: &[u8], port_text: &[u8]) {
    if addr.is_empty() {
        return;
    }
    out.extend_from_slice(name);
    if is_ipv4(addr) {
        // Digits and dots need no escapes.
        out.extend_from_slice(b"{\"ip\":\"");
        out.extend_from_slice(addr);
        out.push(b'"');
    } else {
        let ip = std::str::from_utf8(addr).is_ok_and(|a| a.parse::<std::net::IpAddr>().is_ok());
        let key: &[u8] = if ip {
            b"{\"ip\":\""
        } else {
            b"{\"address\":\""
        };
        quoted(out, key, addr, b"\"");
    }
    if !port_text.is_empty() {
        let at = out.len();
        out.extend_from_slice(b",\"port\":");
        if !port(out, port_text) {
            out.truncate(at);
        }
    }
    out.push(b'}');
}

/// `event.outcome` of a request.
#[derive(Clone, Copy)]
enum Outcome {
    Success,
    Failure,
    Unknown,
}

/// The `event` object through `outcome` (its last member), of IIS requests then of HTTPERR
/// ones, by [`Outcome`].
const EVENT: [[&[u8]; 3]; 2] = {
    macro_rules! event {
        ($kind:literal, $dataset:literal, $outcome:literal) => {
            concat!(
                ",\"event\":{\"kind\":\"event\",\"category\":[\"web\"],\"type\":[\"",
                $kind,
                "\"],\"dataset\":\"",
                $dataset,
                "\",\"outcome\":\"",
                $outcome,
                "\""
            )
            .as_bytes()
        };
        ($kind:literal, $dataset:literal) => {
            [
                event!($kind, $dataset, "success"),
                event!($kind, $dataset, "failure"),
                event!($kind, $dataset, "unknown"),
            ]
        };
    }
    [
        event!("access", "hcwlens.iis"),
        event!("error", "hcwlens.httperr"),
    ]
};

/// `event.outcome` of a request: by status for IIS, by reason class for HTTPERR.
fn outcome(
    rec: &Fields<'_>,
    httperr: bool,
    reason: Option<&codes::httperr::HttpErrReason>,
) -> Outcome {
    if httperr && !rec.reason.is_empty() {
        return if reason.is_some_and(|r| r.class().is_failure()) {
            Outcome::Failure
        } else {
            Outcome::Unknown
        };
    }
    match rec.status {
        Some(s) if s >= 400 => Outcome::Failure,
        Some(_) => Outcome::Success,
        None => Outcome::Unknown,
    }
}

/// The value of `key` in `memo`, computed by `f` the first time (while the memo has room).
#[inline]
fn memo<K: std::hash::Hash + Eq + Copy>(
    memo: &mut FxHashMap<K, Option<&'static str>>,
    key: K,
    f: impl FnOnce() -> Option<&'static str>,
) -> Option<&'static str> {
    if let Some(v) = memo.get(&key) {
        return *v;
    }
    let v = f();
    if memo.len() < MEMO_CAP {
        memo.insert(key, v);
    }
    v
}

impl Frame {
    /// The frame of a file of `kind` shown as `file` in `log.file.path`, its servers named
    /// as `machines` name them.
    pub fn new(kind: SourceKind, file: &str, machines: Machines) -> Self {
        let mut file_part = b",\"log\":{\"file\":{\"path\":".to_vec();
        text(&mut file_part, file);
        file_part.extend_from_slice(b"}},\"hcwlens\":{\"line\":");
        Frame {
            httperr: kind == SourceKind::Httperr,
            machines,
            file_part,
        }
    }

    /// The export's machines, one name each.
    pub fn machines(&self) -> &[String] {
        &self.machines
    }
}

impl Memo {
    /// `destination` of a request: as the last one when it logged the same address and port.
    #[inline]
    fn destination(&mut self, out: &mut Vec<u8>, addr: &[u8], port: &[u8]) {
        let d = &mut self.destination;
        if d.addr != addr || d.port != port {
            d.json.clear();
            endpoint(&mut d.json, b",\"destination\":", addr, port);
            d.addr.clear();
            d.addr.extend_from_slice(addr);
            d.port.clear();
            d.port.extend_from_slice(port);
        }
        out.extend_from_slice(&d.json);
    }

    /// `hcwlens.iis`: sub-status, Win32 status and their meanings (for statuses from 300 and
    /// non-zero Win32 codes).
    fn iis_codes(&mut self, out: &mut Vec<u8>, rec: &Fields<'_>) {
        if rec.substatus.is_none() && rec.win32.is_none() {
            return;
        }
        if rec.substatus == Some(0) && rec.win32 == Some(0) && rec.status.is_none_or(|s| s < 300) {
            // Most requests: no code to look up.
            out.extend_from_slice(b",\"iis\":{\"substatus\":0,\"win32_status\":0}");
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
            if v != 0
                && let Some(name) = memo(&mut self.win32_names, v, || codes::failure_name(v))
            {
                key(out, b"\"win32_name\":");
                text(out, name);
            }
        }
        if let Some(s) = rec.status.filter(|s| *s >= 300) {
            let sub = rec.substatus.unwrap_or(0);
            if let Some(meaning) = memo(&mut self.status_texts, (s, sub), || {
                codes::iis_status(s, sub)
            }) {
                key(out, b"\"status_text\":");
                text(out, meaning);
            }
        }
        out.push(b'}');
    }

    /// Writes `rec` as one JSON object (no newline) to `out` with `line` as `hcwlens.line`, and
    /// returns where that number is in `out`. The object's members come in a fixed order and
    /// `hcwlens` is always last (see `tag::add`).
    pub fn write(
        &mut self,
        frame: &Frame,
        out: &mut Vec<u8>,
        rec: &Fields<'_>,
        line: u64,
    ) -> std::ops::Range<usize> {
        let httperr = frame.httperr;
        out.reserve(1024 + frame.file_part.len());
        out.extend_from_slice(b"{\"@timestamp\":");
        self.stamps.write(out, rec.ts);
        let reason = if httperr && !rec.reason.is_empty() {
            std::str::from_utf8(rec.reason)
                .ok()
                .and_then(codes::httperr_reason)
        } else {
            None
        };
        out.extend_from_slice(EVENT[usize::from(httperr)][outcome(rec, httperr, reason) as usize]);
        if let Some(ms) = rec.time_taken {
            // Nanoseconds: the milliseconds and six zeros.
            out.extend_from_slice(b",\"duration\":");
            number(out, u64::from(ms));
            if ms != 0 {
                out.extend_from_slice(b"000000");
            }
        }
        field(out, b",\"reason\":\"", rec.reason);
        out.push(b'}');
        endpoint(out, b",\"source\":", rec.client_ip, rec.client_port);
        if !rec.forwarded_for.is_empty() {
            // The first address, and the port some proxies add to it (`203.0.113.7:50001`).
            let first = crate::analyze::handshake::first_forwarded_in(rec.forwarded_for);
            let (addr, port) = crate::analyze::handshake::forwarded_parts_in(first);
            endpoint(out, b",\"client\":", addr, port);
        }
        self.destination(out, rec.server_ip, rec.server_port);
        let h = &mut self.host;
        if h.addr != rec.server || h.json.is_empty() {
            h.json.clear();
            host::write(&mut h.json, &frame.machines, rec.server);
            h.addr.clear();
            h.addr.extend_from_slice(rec.server);
        }
        out.extend_from_slice(&h.json);
        url::url(out, rec.uri_stem, rec.uri_query, rec.host);
        url::http(out, rec.method, rec.referer, rec.status);
        if !rec.username.is_empty() {
            quoted(out, b",\"user\":{\"name\":\"", rec.username, b"\"}");
        }
        if !rec.user_agent.is_empty() {
            agent(
                out,
                b",\"user_agent\":{\"original\":\"",
                rec.user_agent,
                b"\"}",
            );
        }
        out.extend_from_slice(&frame.file_part);
        let split = out.len();
        self.lines.write(out, line);
        let number_end = out.len();
        if httperr {
            if !rec.reason.is_empty() {
                out.extend_from_slice(b",\"httperr\":{\"reason\":");
                text(out, rec.reason);
                if let Some(r) = reason {
                    out.extend_from_slice(b",\"reason_text\":");
                    text(out, r.meaning);
                }
                out.push(b'}');
            }
        } else {
            self.iis_codes(out, rec);
        }
        if rec.unread.iter().any(|v| !v.is_empty()) {
            unread::unparsed(out, &rec.unread, rec.cut);
        }
        out.extend_from_slice(b"}}");
        split..number_end
    }
}
