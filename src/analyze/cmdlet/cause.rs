//! Why a call failed, read from the exception chain HCW logged: the innermost exception of
//! `Outer: msg ---> Inner: msg` (and MRS's `Error details: a --> b`) decides the class.
//!
//! Markers are the texts and type names .NET, WCF and MRS really produce (WebException
//! statuses, SocketException messages, `EndpointNotFoundException`, `TimeoutException`,
//! `(401) Unauthorized` …), in English and a few common localisations; status codes in
//! parentheses are language-neutral. Each class is found by the end of its last marker, and the
//! class whose marker ends last (innermost) wins, so `no endpoint listening … --> The remote name
//! could not be resolved` is a DNS failure and `Unable to connect … ---> … actively refused it`
//! is nothing listening.

mod markers;
mod tls;

use super::dump::{is_indented, property, unwrap_text};
use crate::escape::escape_control;
use crate::record::HcwEntry;
use markers::MARKERS;
pub use tls::{TlsFault, certificate_refused, tls_faults};

/// The class of a failed call or error entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CauseKind {
    /// The host name does not resolve (`The remote name could not be resolved: 'x'`).
    NameNotResolved,
    /// Nothing answered in time (timeouts, `(504) Gateway Timeout`, connection resets).
    NetworkTimeout,
    /// The address answered but nothing serves the URL (`There was no endpoint listening`,
    /// connection refused, `(404)`, `(403)`).
    NoEndpoint,
    /// `(405)` / `http status 405: method not allowed`: IIS has no handler for the POST to the
    /// `.svc` (the `svc-Integrated` mapping missing or `web.config` overwritten).
    MethodNotAllowed,
    /// `(413) RequestEntityTooLarge`: a request-size limit on the way refused the request.
    RequestTooLarge,
    /// `No MRSProxy was found running at …`: Autodiscover found the server but no MRS proxy.
    NoMrsProxy,
    /// `AutoDiscover failed …`: the endpoint could not be found through Autodiscover.
    Autodiscover,
    /// `(401) Unauthorized`: credentials or Extended Protection.
    Unauthorized,
    /// The TLS channel could not be set up or its certificate is not trusted.
    TlsTrust,
    /// `(500)`, `(502)`, `(503)` from the server or a proxy in front of it.
    ServerError,
}

/// A classified failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The class.
    pub kind: CauseKind,
    /// The host the failure is about: the unresolved name, else the host of the called URL.
    pub host: Option<String>,
    /// The URL that was called, when the chain names one.
    pub url: Option<String>,
    /// The HTTP status the winning marker carries (`401`, `503` …).
    pub status: Option<u16>,
    /// `The authentication header received from the server was '…'`.
    pub auth_header: Option<String>,
    /// The innermost message that decided the class, escaped and shortened.
    pub detail: String,
}

/// The exception chain of an entry: the dump's `ErrorDetail` (else `Message`) when there is
/// one, else the entry's text; hard wraps undone, stack frames left out, one line.
pub fn error_chain(e: &HcwEntry) -> String {
    let full = e.full_text();
    let text = unwrap_text(&full);
    let source = ["ErrorDetail", "Message"]
        .iter()
        .filter_map(|k| property(&text, k))
        .find(|v| !v.trim().is_empty())
        .unwrap_or(&text);
    source
        .split('\n')
        .filter(|l| !is_indented(l))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Classifies an exception chain; None when no marker is present.
pub fn classify(chain: &str) -> Option<Cause> {
    // ASCII lower-casing keeps byte positions, so they index `chain` too; the localised
    // markers are lower case past their first letter.
    let lower = chain.to_ascii_lowercase();
    let (kind, at, end) = MARKERS
        .iter()
        .filter_map(|&(kind, m)| lower.rfind(m).map(|at| (kind, at, at + m.len())))
        .max_by_key(|&(kind, _, end)| (end, std::cmp::Reverse(kind)))?;
    let status = status_at(&lower, at, end);
    let url = first_url(chain);
    let named = (kind == CauseKind::NameNotResolved)
        .then(|| quoted_after(&lower, chain, end))
        .flatten();
    let host = named.or_else(|| url.as_deref().and_then(url_host));
    Some(Cause {
        kind,
        host: host.map(|h| escape_control(&h).into_owned()),
        url: url.map(|u| escape_control(&u).into_owned()),
        status,
        auth_header: auth_header(&lower, chain).map(|h| escape_control(&h).into_owned()),
        detail: detail(&lower, chain, at),
    })
}

/// The status of a `(503)`-style marker, or the last such status before a worded marker.
fn status_at(lower: &str, at: usize, end: usize) -> Option<u16> {
    let m = &lower[at..end];
    if m.len() == 5 && m.starts_with('(') {
        return m[1..4].parse().ok();
    }
    if let Some(code) = m
        .strip_prefix("http status ")
        .or_else(|| m.strip_prefix("http-status "))
    {
        return code.parse().ok();
    }
    if m == "method not allowed" {
        return Some(405);
    }
    let b = lower.as_bytes();
    (0..end.saturating_sub(4)).rev().find_map(|i| {
        let w = b.get(i..i + 5)?;
        (w[0] == b'(' && w[4] == b')' && w[1..4].iter().all(u8::is_ascii_digit) && w[1] != b'0')
            .then(|| lower[i + 1..i + 4].parse().ok())
            .flatten()
            .filter(|c| (400..600).contains(c))
    })
}

/// `: 'name'` right after the marker (the unresolved name), read from the original text.
fn quoted_after(lower: &str, chain: &str, end: usize) -> Option<String> {
    let rest = lower.get(end..)?;
    let skip = rest.len() - rest.trim_start_matches([':', ' ']).len();
    let start = end + skip;
    let q = lower[start..]
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"'))?;
    let orig = chain.get(start + 1..)?;
    let name = orig.split(q).next()?.trim();
    (!name.is_empty() && !name.contains(char::is_whitespace)).then(|| name.to_string())
}

/// The first `http(s)://…` URL in the chain (the outer message names the endpoint called).
pub fn first_url(chain: &str) -> Option<String> {
    let lower = chain.to_ascii_lowercase();
    let at = ["https://", "http://"]
        .iter()
        .filter_map(|p| lower.find(p))
        .min()?;
    let url: String = chain[at..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '\'' | '"' | ',' | ')' | '>'))
        .collect();
    let url = url.trim_end_matches('.').to_string();
    url_host(&url).map(|_| url)
}

/// The host of a URL, without user info and port.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if let Some(v6) = host.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_string())
}

fn auth_header(lower: &str, chain: &str) -> Option<String> {
    const PAT: &str = "authentication header received from the server was '";
    let at = lower.find(PAT)? + PAT.len();
    let rest = chain.get(at..)?;
    let end = rest.find("'.").or_else(|| rest.find('\''))?;
    Some(rest[..end].to_string())
}

/// The segment of the chain around the winning marker, without the exception type.
fn detail(lower: &str, chain: &str, at: usize) -> String {
    let start = ["--->", "-->", "error details:"]
        .iter()
        .filter_map(|sep| lower[..at].rfind(sep).map(|i| i + sep.len()))
        .max()
        .unwrap_or(0);
    let end = ["--->", "-->"]
        .iter()
        .filter_map(|sep| lower[at..].find(sep).map(|i| at + i))
        .min()
        .unwrap_or(lower.len());
    let seg = chain.get(start..end).unwrap_or(chain).trim();
    let seg = strip_type(seg);
    escape_control(&super::clip_error(seg, 300)).into_owned()
}

/// `Namespace.SomeException: message` → `message`.
pub fn strip_type(seg: &str) -> &str {
    match seg.split_once(": ") {
        Some((ty, msg))
            if !ty.contains(' ') && (ty.ends_with("Exception") || ty.ends_with("Fault")) =>
        {
            msg.trim()
        }
        _ => seg,
    }
}

/// The cause of an entry's failure, if its chain names one.
pub fn cause_of(e: &HcwEntry) -> Option<Cause> {
    classify(&error_chain(e))
}
