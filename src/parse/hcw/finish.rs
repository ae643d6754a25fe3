//! START and FINISH texts of scoped HCW entries: the command line, `Time=` and `Results=`.
//!
//! A FINISH sits on the header line (`… FINISH Time=189.1ms Results=0`) or, when objects were
//! returned, on the first continuation line with the object dump below it. `Time=` switches
//! from `ms` to `s` at 10 s and uses the culture's decimal separator (`5428,0ms`), and
//! possibly its thousands separator (`5 428,0ms`, `5.428,0ms`).

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
        // The number may hold a culture's thousands separator (a no-break space): the value
        // ends after its unit.
        let unit = v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(0);
        let end = v[unit..]
            .find(char::is_whitespace)
            .map_or(v.len(), |e| unit + e);
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

/// `5428,0ms`, `5428.0ms`, `51.4s`, `51,4s`, `12ms`, `5 428,0ms`, `5.428,0ms`, `1,234.5ms`,
/// `5428/0ms` (fa-IR's decimal separator), `5٬428٫0ms` (the Arabic ones) → milliseconds.
pub fn parse_duration(s: &str) -> Option<f64> {
    let s: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\u{66B}' => '.',
            '\u{66C}' => '\u{A0}',
            _ => c,
        })
        .collect();
    let s = s.as_str();
    let digits_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || is_group(c)))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(digits_end);
    let scale = match unit {
        "ms" => 1.0,
        "s" | "sec" => 1000.0,
        _ => return None,
    };
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    if !digit(number.chars().next()) || !digit(number.chars().last()) {
        return None;
    }
    let number: String = number
        .chars()
        .map(|c| if is_group(c) { '_' } else { c })
        .collect();
    // The last separator is the decimal one unless its kind repeats (`1,234,567`); the other
    // kind before it groups thousands (`5.428,0` in de-DE, `1,234.5` in en-US).
    let decimal = number.rfind(['.', ',']).filter(|&i| {
        let c = &number[i..=i];
        number.matches(c).count() == 1
    });
    let whole = &number[..decimal.unwrap_or(number.len())];
    if decimal.is_some_and(|i| number[i + 1..].contains(['.', ',', '_'])) {
        return None;
    }
    // Groups of three digits after the first.
    let mut groups = whole.split(['.', ',', '_']);
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) || !whole.contains(['.', ',', '_']));
    if !first_ok || !groups.all(|g| g.len() == 3) {
        return None;
    }
    let plain: String = number
        .char_indices()
        .filter_map(|(i, c)| match c {
            '0'..='9' => Some(c),
            _ if Some(i) == decimal => Some('.'),
            _ => None,
        })
        .collect();
    plain.parse::<f64>().ok().map(|v| v * scale)
}

/// A thousands separator some cultures write in numbers: a (narrow) no-break space (fr-FR,
/// ru-RU), a space, an apostrophe (de-CH).
fn is_group(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\'' | '\u{2019}')
}
