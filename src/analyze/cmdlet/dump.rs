//! Reading a cmdlet's FINISH text: the `Result='…'` marker in the object dump, the error
//! detail, the URLs and HTTP status it names, and `-RemoteServer` of the command line.
//!
//! Object dumps look like `Type {ErrorDetail='…' IsValid=1 Message='…' Result='Failed' …}`.
//! Embedded single quotes are not escaped, so a value ends only at a `'` followed by
//! ` Key=` or `}`, and only `Result='…'` itself is trusted for the outcome. HCW hard-wraps long
//! lines at a width that differs between builds; [`unwrap_text`] undoes every wrap the parser
//! could not recognise before a value is read, so a value always runs to its closing quote.

use crate::escape::escape_control;
pub use crate::parse::hcw::{is_indented, unwrap_text};

/// The longest error text kept on a call (characters).
pub const ERROR_CHARS: usize = 1000;

/// What the `Result='…'` markers of a dump say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// Some object reported `Failed` or `Warning`.
    Failed,
    /// Objects reported `Success` only.
    Success,
    /// No marker.
    None,
}

/// Positions right after `key='` (or `key=`) where `key` starts a property (after `{`, a space or a line
/// start).
fn property_starts(text: &str, key: &str, assign: &str) -> Vec<usize> {
    let pat = format!("{key}{assign}");
    text.match_indices(pat.as_str())
        .map(|(at, _)| at)
        .filter(|&at| at == 0 || matches!(text.as_bytes()[at - 1], b'{' | b' ' | b'\n'))
        .map(|at| at + pat.len())
        .collect()
}

/// The `Result='…'` verdict over every object in the text.
pub fn result_marker(text: &str) -> Marker {
    let mut marker = Marker::None;
    for at in property_starts(text, "Result", "='") {
        let value = text[at..].split('\'').next().unwrap_or("");
        if value.eq_ignore_ascii_case("failed") || value.eq_ignore_ascii_case("warning") {
            return Marker::Failed;
        }
        if value.eq_ignore_ascii_case("success") {
            marker = Marker::Success;
        }
    }
    marker
}

/// The value of a quoted property, up to the `'` that is followed by ` Key=`, `}` or the end.
/// Condensed renderings without quotes (`{ErrorDetail=… IsValid=1}`) end at ` Key=` or `}`.
pub fn property<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    if let Some(&at) = property_starts(text, key, "='").first() {
        let rest = &text[at..];
        let end = rest
            .match_indices('\'')
            .map(|(i, _)| i)
            .find(|&i| closes_value(&rest[i + 1..]))
            .unwrap_or(rest.len());
        return Some(&rest[..end]);
    }
    let at = *property_starts(text, key, "=").first()?;
    let rest = &text[at..];
    let end = rest
        .char_indices()
        .find(|&(i, c)| c == '}' || (c == ' ' && closes_value(&rest[i..])))
        .map_or(rest.len(), |(i, _)| i);
    Some(rest[..end].trim_end())
}

/// Whether a quoted property's value runs to the end of the text without its closing quote:
/// the output was cut inside it.
pub fn property_open(text: &str, key: &str) -> bool {
    property_starts(text, key, "='").first().is_some_and(|&at| {
        let rest = &text[at..];
        !rest
            .match_indices('\'')
            .any(|(i, _)| closes_value(&rest[i + 1..]))
    })
}

fn closes_value(after: &str) -> bool {
    if after.is_empty() || after.starts_with('}') {
        return true;
    }
    let Some(key) = after.strip_prefix(' ') else {
        return false;
    };
    let name = key
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .count();
    name > 0 && key.as_bytes()[0].is_ascii_alphabetic() && key.as_bytes().get(name) == Some(&b'=')
}

/// The error a failed dump reports: `ErrorDetail`, else `Message` (the text must be
/// [`unwrap_text`]-ed already).
pub fn dump_error(text: &str) -> Option<String> {
    ["ErrorDetail", "Message"]
        .iter()
        .filter_map(|k| property(text, k).map(clip))
        .find(|s| !s.is_empty())
}

/// First line, at most [`ERROR_CHARS`] characters, control characters escaped.
pub fn clip(text: &str) -> String {
    let first = text.trim().lines().next().unwrap_or("").trim_end();
    escape_control(&crate::clip::clip(first, ERROR_CHARS)).into_owned()
}

/// Distinct `https?://…` targets of `The call to '…'`, in order.
pub fn call_urls(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (at, pat) in text.match_indices("The call to '") {
        let rest = &text[at + pat.len()..];
        let url = rest.split('\'').next().unwrap_or("");
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let web = lower.starts_with("http://") || lower.starts_with("https://");
        if web && !url.contains(char::is_whitespace) && !out.iter().any(|u| u == url) {
            out.push(escape_control(url).into_owned());
        }
    }
    out
}

/// The first `(401) `-style HTTP status in the text.
pub fn http_status(text: &str) -> Option<u16> {
    let b = text.as_bytes();
    b.windows(5).enumerate().find_map(|(i, w)| {
        let shaped = w[0] == b'(' && w[4] == b')' && w[1..4].iter().all(u8::is_ascii_digit);
        let after_ok = b
            .get(i + 5)
            .is_none_or(|c| matches!(c, b' ' | b'.' | b'\n'));
        let code = text.get(i + 1..i + 4)?.parse::<u16>().ok()?;
        (shaped && after_ok && (100..600).contains(&code)).then_some(code)
    })
}

/// The `-RemoteServer` argument of a command line, quoted or bare. A quoted one is only
/// taken with its closing quote: a line cut inside it names part of a host.
pub fn remote_server(command: &str) -> Option<String> {
    let lower = command.to_ascii_lowercase();
    let at = lower
        .match_indices("-remoteserver")
        .map(|(i, _)| i)
        .find(|&i| {
            lower[i + 13..]
                .chars()
                .next()
                .is_some_and(|c| c == ':' || c.is_whitespace())
        })?;
    let rest = command[at + 13..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    let value = match rest.chars().next()? {
        q @ ('\'' | '"') => rest[1..].split_once(q)?.0,
        _ => rest.split(char::is_whitespace).next()?,
    };
    (!value.is_empty()).then(|| escape_control(value).into_owned())
}
