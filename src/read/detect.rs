//! Recognising a file from its content (never its name): HCW text log, IIS W3C log, HTTPERR
//! log, Exchange HttpProxy log, a W3C log of another writer (Oracle, CDNs, WAFs: `#Software`
//! not Microsoft's, or a `#Fields` list without IIS-only fields and no `#Software`), or
//! something to skip with a reason the user can act on.

mod httpproxy;

use super::binary::{after_zeroed_head, looks_binary};
use super::encoding::{Utf8Quality, bom, decode, utf8_quality, utf16_without_bom};
use crate::source::TextEncoding;
use httpproxy::{is_httpproxy_fields, is_httpproxy_row};

/// What a file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// Hybrid Configuration Wizard text log (`.log` / `.boot`).
    Hcw,
    /// IIS W3C extended log.
    Iis,
    /// HTTP.sys error log.
    Httperr,
    /// W3C extended log of another writer (read with the same grammar).
    W3c,
    /// Exchange HttpProxy CSV log.
    HttpProxy,
    /// Windows event log (`.evtx`, binary, starts with `ElfFile\0`).
    Evtx,
    /// Not loaded; the reason is one line for the user.
    Skip(String),
}

/// The outcome of sniffing a file's first bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// How to decode the file.
    pub encoding: TextEncoding,
    /// What it is.
    pub kind: Detected,
}

/// How many lines of the head are looked at.
const LINES: usize = 32;

/// Sniffs the start of a file (`complete` when `head` is the whole file).
pub fn sniff(head: &[u8], complete: bool) -> Sniffed {
    if head.is_empty() {
        return Sniffed {
            encoding: TextEncoding::Utf8,
            kind: Detected::Skip("empty file".to_string()),
        };
    }
    if head.starts_with(crate::parse::evtx::MAGIC) {
        return Sniffed {
            encoding: TextEncoding::Utf8,
            kind: Detected::Evtx,
        };
    }
    let head = after_zeroed_head(head);
    if head.is_empty() {
        return Sniffed {
            encoding: TextEncoding::Utf8,
            kind: skip(
                "only NUL bytes (a zeroed file: the server stopped before its buffered lines \
                 reached the disk)",
            ),
        };
    }
    let (encoding, quality) = match bom(head).map(|b| b.0).or_else(|| utf16_without_bom(head)) {
        Some(enc) => (enc, Utf8Quality::Valid),
        None => (TextEncoding::Utf8, utf8_quality(head, complete)),
    };
    let text = decode(head.to_vec(), encoding);
    let kind = kind_of(&text);
    let w3c = matches!(kind, Detected::Iis | Detected::Httperr | Detected::W3c);
    let encoding = if encoding == TextEncoding::Utf8 && quality == Utf8Quality::Foreign && w3c {
        TextEncoding::Windows1252
    } else {
        encoding
    };
    Sniffed { encoding, kind }
}

fn skip(reason: &str) -> Detected {
    Detected::Skip(reason.to_string())
}

/// The kind of decoded text.
fn kind_of(text: &str) -> Detected {
    let body = text.trim_start();
    if body.is_empty() {
        return skip("empty file (only blank lines)");
    }
    if looks_binary(text) {
        return skip("binary data, not a text log");
    }
    if body.starts_with('<') && body.contains("<invoke ") {
        return skip("HCW XML cmdlet trace (.xhcw); the .log of the same run holds the same calls");
    }
    if is_json_object(body) {
        if body.contains("\"DateTimeUtcTicks\"") || body.contains("\"CurrentDomain\"") {
            return skip("HCW client configuration cache (.cc, JSON), not a log");
        }
        return skip("JSON data, not a log");
    }
    let mut hint = None;
    for line in body
        .lines()
        .map(|l| l.trim_start_matches('\0').trim_end())
        .filter(|l| !l.is_empty())
        .take(LINES)
    {
        match line_kind(line) {
            Clue::Proof(kind) => return kind,
            Clue::Hint(kind) => hint = Some(kind),
            Clue::Fields { iis_only } => {
                return match hint {
                    Some(Detected::W3c) => Detected::W3c,
                    // Microsoft's writers (IIS, HTTP Server API request logs).
                    Some(_) => Detected::Iis,
                    None if iis_only => Detected::Iis,
                    None => Detected::W3c,
                };
            }
            Clue::Data(kind) => return hint.unwrap_or(kind),
            Clue::Nothing => {}
        }
    }
    if let Some(kind) = hint {
        return kind;
    }
    let first = body.lines().next().unwrap_or("");
    if let Some(format) = other_iis_format(first) {
        return Detected::Skip(format!(
            "{format}, not W3C: hcwlens reads W3C logs (the site's log format in IIS Manager, \
             Logging: W3C, with the Substatus and Win32 Status fields)"
        ));
    }
    let mut cut = first.len().min(80);
    while !first.is_char_boundary(cut) {
        cut -= 1;
    }
    let ellipsis = if cut < first.len() { "…" } else { "" };
    Detected::Skip(format!(
        "unknown text format (first line: \"{}{ellipsis}\")",
        crate::escape::escape_control(&first[..cut])
    ))
}

/// The other formats IIS can log in: its own comma-separated "IIS log file format"
/// (`52.98.71.12, -, 11/5/2024, 14:50:02, W3SVC1, EX01, …`, local time) and NCSA Common
/// (`52.98.71.12 - - [05/Nov/2024:14:50:02 +0000] "POST /EWS/mrsproxy.svc HTTP/1.1" 401 1293`).
fn other_iis_format(line: &str) -> Option<&'static str> {
    let f: Vec<&str> = line.split(", ").collect();
    let service = |s: &str| {
        ["W3SVC", "MSFTPSVC", "SMTPSVC", "NNTPSVC"]
            .iter()
            .any(|p| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
    };
    if f.len() >= 14 && f[2].matches('/').count() == 2 && f[3].contains(':') && service(f[4]) {
        return Some("IIS log file format (comma-separated, in the server's local time)");
    }
    let (_, rest) = line.split_once(" [")?;
    let (stamp, request) = rest.split_once("] \"")?;
    let ncsa = stamp.len() >= 20 && stamp.matches('/').count() == 2 && stamp.contains(':');
    (ncsa && request.contains(" HTTP/")).then_some("NCSA Common log format")
}

/// What one line says about the file.
enum Clue {
    /// Settles it (`#Fields`, an HCW header, an Exchange CSV header).
    Proof(Detected),
    /// Likely, unless a `#Fields` line says otherwise (`#Software`).
    Hint(Detected),
    /// A W3C request-log `#Fields` list: the writer is the `#Software` hint's, else IIS when
    /// the list has fields only IIS writes (`sc-substatus`, `sc-win32-status`), else another.
    Fields {
        iis_only: bool,
    },
    /// A data line of a known headerless layout.
    Data(Detected),
    Nothing,
}

fn line_kind(line: &str) -> Clue {
    if let Some(value) = directive(line, "#Software:") {
        let value = value.to_ascii_lowercase();
        if value.contains("internet information services") {
            return Clue::Hint(Detected::Iis);
        }
        // HTTP.sys writes both its error log and (for hosts using it) request logs.
        if value.contains("http api") || value.contains("http server api") {
            return Clue::Hint(Detected::Httperr);
        }
        if value.contains("exchange server") {
            return Clue::Hint(skip(
                "Exchange CSV log (#Software: Microsoft Exchange Server), not supported",
            ));
        }
        // IIS Advanced Logging and other Microsoft IIS modules write IIS request logs.
        if value.contains("iis") {
            return Clue::Hint(Detected::Iis);
        }
        return Clue::Hint(Detected::W3c);
    }
    if let Some(value) = directive(line, "#Log-type:")
        && value.trim().eq_ignore_ascii_case("HttpProxy Logs")
    {
        return Clue::Proof(Detected::HttpProxy);
    }
    if let Some(value) = directive(line, "#Fields:") {
        if is_httpproxy_fields(value) {
            return Clue::Proof(Detected::HttpProxy);
        }
        let names: Vec<String> = value
            .split_ascii_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        let has = |n: &str| names.iter().any(|x| x == n);
        if has("s-reason") {
            return Clue::Proof(Detected::Httperr);
        }
        const REQUEST: [&str; 6] = [
            "cs-uri-stem",
            "cs-uri",
            "sc-status",
            "cs-method",
            "c-ip",
            "time",
        ];
        if REQUEST.iter().any(|n| has(n)) {
            return Clue::Fields {
                iis_only: has("sc-substatus") || has("sc-win32-status"),
            };
        }
        return Clue::Nothing;
    }
    if line.starts_with('#') {
        return Clue::Nothing;
    }
    if is_hcw_header(line.as_bytes()) || crate::parse::hcw::starts_entry(line) {
        return Clue::Proof(Detected::Hcw);
    }
    if is_httpproxy_row(line) {
        return Clue::Data(Detected::HttpProxy);
    }
    headerless_w3c(line).map_or(Clue::Nothing, Clue::Data)
}

fn directive<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let head = line.get(..name.len())?;
    head.eq_ignore_ascii_case(name).then(|| &line[name.len()..])
}

/// `YYYY.MM.DD HH:MM:SS.fff ` at the start of a line; the time separator is the culture's
/// (`:`, or `.` as in fi-FI), the same twice.
fn is_hcw_header(b: &[u8]) -> bool {
    const SHAPE: &[u8] = b"dddd.dd.dd ddtddtdd.ddd ";
    let sep = b.get(13).copied().filter(|c| matches!(c, b':' | b'.'));
    b.len() >= SHAPE.len()
        && SHAPE.iter().zip(b).all(|(&s, &c)| match s {
            b'd' => c.is_ascii_digit(),
            b't' => Some(c) == sep,
            _ => c == s,
        })
}

/// A data line of a file without header: the Exchange default IIS layout (15 fields), the
/// HTTPERR layout (13 fields, 12 on old systems without `s-queuename`), or other IIS fields in
/// IIS order ([`crate::parse::w3c::fields_of`]).
fn headerless_w3c(line: &str) -> Option<Detected> {
    let f: Vec<&str> = line.split(' ').collect();
    if f.len() < 6 || !is_date(f[0]) || !is_time(f[1]) {
        return None;
    }
    let num = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let num_or_dash = |s: &str| s == "-" || num(s);
    if f.len() == 15 && num(f[11]) && num(f[12]) && num(f[13]) && num(f[14]) {
        return Some(Detected::Iis);
    }
    let httperr = (f.len() == 12 || f.len() == 13)
        && num_or_dash(f[3])
        && num_or_dash(f[5])
        && num_or_dash(f[9])
        && !num(f[11])
        && f[11] != "-";
    if httperr {
        return Some(Detected::Httperr);
    }
    // Another selection of IIS fields, in IIS order.
    crate::parse::w3c::fields_of(line).map(|_| Detected::Iis)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b[..8].iter().enumerate().all(|(i, c)| {
            if i == 2 || i == 5 {
                *c == b':'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_json_object(body: &str) -> bool {
    body.strip_prefix('{')
        .map(str::trim_start)
        .is_some_and(|rest| rest.starts_with('"') || rest.starts_with('}'))
}
