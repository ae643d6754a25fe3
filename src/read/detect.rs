//! Recognising a file from its content (never its name): HCW text log, IIS W3C log, HTTPERR
//! log, Exchange HttpProxy log, a W3C log of another writer (Oracle, CDNs, WAFs: `#Software`
//! not Microsoft's, or a `#Fields` list without IIS-only fields and no `#Software`), or
//! something to skip with a reason the user can act on.
//!
//! This file owns the verdict on a file's head; what each line says is read in `clue`, data
//! lines told by their shape in `shape`, HttpProxy logs in `httpproxy`.

mod clue;
mod httpproxy;
mod shape;

use super::binary::{after_zeroed_head, looks_binary};
use super::encoding::{Utf8Quality, bom, decode, utf8_quality, utf16_without_bom};
use crate::source::TextEncoding;
use clue::{Clue, line_kind};

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

fn is_json_object(body: &str) -> bool {
    body.strip_prefix('{')
        .map(str::trim_start)
        .is_some_and(|rest| rest.starts_with('"') || rest.starts_with('}'))
}
