//! START and FINISH texts of scoped HCW entries: the command line, `Time=` and `Results=`.
//!
//! A FINISH sits on the header line (`… FINISH Time=189.1ms Results=0`) or, when objects were
//! returned, on the first continuation line with the object dump below it. `Time=` switches
//! from `ms` to `s` at 10 s and uses the culture's decimal separator (`5428,0ms`).

use super::unwrap::{is_indented, unwrap_text};
use crate::record::HcwEntry;

/// The FINISH part of an entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finish<'a> {
    /// `Time=` in milliseconds.
    pub time_ms: Option<f64>,
    /// Text after `Results=` on the FINISH line, trimmed.
    pub results: Option<&'a str>,
    /// Continuation text after the FINISH line (the object dump), possibly empty.
    pub dump: &'a str,
}

/// The FINISH of an entry, when its message (or first body line) starts with `FINISH`.
pub fn finish_of(e: &HcwEntry) -> Option<Finish<'_>> {
    let (line, dump) = if e.message.trim().is_empty() {
        let body = e.body.trim_start_matches(['\n', ' ']);
        match body.split_once('\n') {
            Some((first, rest)) => (first, rest),
            None => (body, ""),
        }
    } else {
        (e.message.as_str(), e.body.as_str())
    };
    let line = line.trim_start();
    if !starts_with_word(line, "FINISH") {
        return None;
    }
    let time_ms = line.find("Time=").and_then(|at| {
        let v = &line[at + 5..];
        let end = v.find(char::is_whitespace).unwrap_or(v.len());
        parse_duration(&v[..end])
    });
    let results = line.find("Results=").map(|at| line[at + 8..].trim());
    Some(Finish {
        time_ms,
        results,
        dump,
    })
}

/// The text after `START` (the command line of a cmdlet, the request of an HTTP call); empty
/// for a bare `START `. None when the entry is not a START.
pub fn start_text(e: &HcwEntry) -> Option<String> {
    let msg = e.message.trim_start();
    if !msg.trim_end().is_empty() {
        if !starts_with_word(msg, "START") {
            return None;
        }
        let mut out = msg[5..].trim_start().to_string();
        // A command line the wizard hard-wrapped at a width the parser did not recognise
        // goes on in the first body line (not indented, unlike a real continuation).
        let body = unwrap_text(&e.body);
        let first = body.split('\n').next().unwrap_or("");
        if !out.trim_end().is_empty() && !first.is_empty() && !is_indented(first) {
            out.push_str(first);
        }
        return Some(out.trim_end().to_string());
    }
    let mut lines = e.body.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    if !starts_with_word(first, "START") {
        return None;
    }
    let mut out = first[5..].trim().to_string();
    for l in lines {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(l);
    }
    Some(out)
}

fn starts_with_word(s: &str, word: &str) -> bool {
    s.starts_with(word)
        && s[word.len()..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// `5428,0ms`, `5428.0ms`, `51.4s`, `51,4s`, `12ms` → milliseconds.
pub fn parse_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    let digits_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(digits_end);
    let scale = match unit {
        "ms" => 1.0,
        "s" | "sec" => 1000.0,
        _ => return None,
    };
    let seps = number.matches(['.', ',']).count();
    if number.is_empty()
        || seps > 1
        || number.starts_with(['.', ','])
        || number.ends_with(['.', ','])
    {
        return None;
    }
    number
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .map(|v| v * scale)
}
