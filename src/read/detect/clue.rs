//! What one line of a file's head says about the file: a directive (`#Software`, `#Log-type`,
//! `#Fields`) that settles it or hints at it, or a data line of a known layout.

use super::httpproxy::{is_httpproxy_fields, is_httpproxy_row};
use super::shape::{headerless_w3c, is_hcw_header};
use super::{Detected, skip};

/// What one line says about the file.
pub(super) enum Clue {
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

pub(super) fn line_kind(line: &str) -> Clue {
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
