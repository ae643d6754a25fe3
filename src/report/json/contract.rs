//! The `handshakes` array of the JSON report as serde writes it: the contract's structs for a
//! handshake, its legs and a leg's front-end row, and what every handshake line needs worked
//! out once ([`Shared`]). `handshakes.rs` writes the same bytes faster for the whole list.

use super::{esc, source_path};
use crate::analyze::handshake::Handshake;
use crate::escape::escape_control;
use crate::parse::httpproxy::ProxyRequest;
use crate::pipeline::Analysis;
use crate::time::UtcMs;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashMap;

#[derive(Serialize)]
pub(super) struct LegOut<'a> {
    source: &'a str,
    line: u64,
    time: UtcMs,
    status: u16,
    substatus: Option<u16>,
    /// Null when the logged value is not a number that fits (see `win32_text`).
    win32: Option<u32>,
    /// `sc-win32-status` as logged when it is not a number that fits in 32 bits.
    #[serde(skip_serializing_if = "Option::is_none")]
    win32_text: Option<Cow<'a, str>>,
    /// The log ends inside `sc-win32-status`: `win32_text` holds its digits so far.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    win32_cut: bool,
    /// Null when the log's `#Fields` has no `cs-username` ("" is `-`).
    user: Option<Cow<'a, str>>,
    decoded: Cow<'a, str>,
    /// The front end's view of this request (its HttpProxy row), when joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    front_end: Option<FrontEndOut<'a>>,
}

/// A leg's HttpProxy row: how the front end authenticated it and where it sent it.
#[derive(Serialize)]
pub(super) struct FrontEndOut<'a> {
    source: &'a str,
    line: u64,
    request_id: Cow<'a, str>,
    authentication_type: Cow<'a, str>,
    is_authenticated: Option<bool>,
    authenticated_user: Cow<'a, str>,
    http_status: Option<u16>,
    target_server: Cow<'a, str>,
    backend_status: Option<u16>,
    generic_errors: Cow<'a, str>,
}

pub(super) fn front_end_out<'a>(shared: &'a Shared, r: &'a ProxyRequest) -> FrontEndOut<'a> {
    FrontEndOut {
        source: shared.path(r.source),
        line: r.line,
        request_id: escape_control(&r.request_id),
        authentication_type: escape_control(&r.authentication_type),
        is_authenticated: r.is_authenticated,
        authenticated_user: escape_control(&r.authenticated_user),
        http_status: r.http_status,
        target_server: escape_control(&r.target_server),
        backend_status: r.backend_status,
        generic_errors: escape_control(&r.generic_errors),
    }
}

#[derive(Serialize)]
pub(super) struct HandshakeOut<'a> {
    server: Cow<'a, str>,
    /// The server of the final leg when the legs were split over two servers.
    split: Option<Cow<'a, str>>,
    client: Cow<'a, str>,
    /// The `c-ip` when X-Forwarded-For named the client: the device in the middle.
    via: Option<Cow<'a, str>>,
    method: Cow<'a, str>,
    uri: Cow<'a, str>,
    user_agent: Cow<'a, str>,
    start: UtcMs,
    legs: Legs<'a>,
    outcome: crate::analyze::handshake::HandshakeOutcome,
    auth: crate::analyze::handshake::AuthKind,
    confidence: crate::analyze::handshake::Confidence,
    /// The grouping and its evidence in words ("grouping guessed: 10.1.0.5 carries 37 users").
    grouping: String,
    /// Distinct users seen authenticating from the client address (0 when legs are tied).
    shared_users: u32,
    failure_code: Option<u32>,
    failure_name: Option<&'static str>,
    /// The failed final leg's `sc-win32-status` is cut off (the log ends inside it): no code.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    failure_code_cut: bool,
    abandoned_at: Option<crate::analyze::handshake::AbandonedAt>,
    /// An abandoned handshake whose log ends right after it, in words: no answer could be
    /// logged.
    log_end: Option<String>,
    cmdlet: Option<usize>,
}

/// What every handshake line needs, worked out once: source paths and leg descriptions.
pub(super) struct Shared {
    pub(super) paths: Vec<String>,
    pub(super) decoded: HashMap<(u16, u16, u32), String>,
}

impl Shared {
    pub(super) fn new(a: &Analysis) -> Self {
        let paths = (0..a.sources.len())
            .map(|i| {
                source_path(
                    a,
                    crate::source::SourceId(u16::try_from(i).unwrap_or(u16::MAX)),
                )
            })
            .collect();
        let mut decoded = HashMap::new();
        for l in a.handshakes.iter().flat_map(|h| &h.legs) {
            decoded
                .entry((l.status, l.substatus, l.win32))
                .or_insert_with(|| crate::codes::describe_leg(l.status, l.substatus, l.win32));
        }
        Shared { paths, decoded }
    }

    pub(super) fn path(&self, id: crate::source::SourceId) -> &str {
        self.paths.get(usize::from(id.0)).map_or("", String::as_str)
    }
}

/// The failed and abandoned handshakes, serialised one by one (a large log has many).
pub(super) struct Handshakes<'a> {
    pub(super) list: &'a [Handshake],
    pub(super) shared: Shared,
    pub(super) analysis: &'a Analysis,
    /// Serialised as `[]`: [`handshakes::write`] writes the list in its place.
    pub(super) placeholder: bool,
}

impl Serialize for Handshakes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.placeholder {
            return s.collect_seq(std::iter::empty::<()>());
        }
        s.collect_seq(
            self.list
                .iter()
                .filter(|h| h.outcome != crate::analyze::handshake::HandshakeOutcome::Success)
                .map(|h| handshake_out(&self.shared, self.analysis, h)),
        )
    }
}

pub(super) struct Legs<'a> {
    legs: &'a [crate::analyze::handshake::Leg],
    shared: &'a Shared,
    analysis: &'a Analysis,
}

impl Serialize for Legs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.legs.iter().map(|l| {
            LegOut {
                source: self.shared.path(l.source),
                line: u64::from(l.line),
                time: l.ts,
                status: l.status,
                substatus: l.substatus_code(),
                win32: l.win32_code(),
                win32_text: l.win32_text().map(escape_control),
                win32_cut: l.unlogged.win32_cut(),
                user: (!l.user.is_empty()
                    || crate::source::user_logged(
                        &self.analysis.sources,
                        l.source,
                        u64::from(l.line),
                    ))
                .then(|| escape_control(&l.user)),
                decoded: match l.win32_text() {
                    Some(_) => Cow::Owned(esc(&l.describe())),
                    None if l.unlogged.substatus() => Cow::Owned(esc(&l.describe())),
                    None => Cow::Borrowed(
                        self.shared
                            .decoded
                            .get(&(l.status, l.substatus, l.win32))
                            .map_or("", String::as_str),
                    ),
                },
                front_end: self
                    .analysis
                    .proxy_of(l.source, u64::from(l.line))
                    .map(|r| front_end_out(self.shared, r)),
            }
        }))
    }
}

pub(super) fn handshake_out<'a>(
    shared: &'a Shared,
    analysis: &'a Analysis,
    h: &'a Handshake,
) -> HandshakeOut<'a> {
    HandshakeOut {
        server: escape_control(analysis.server_shown(&h.server)),
        split: h
            .split
            .as_deref()
            .map(|s| escape_control(analysis.server_shown(s))),
        client: escape_control(&h.client),
        via: h.via.as_deref().map(escape_control),
        method: escape_control(&h.method),
        uri: escape_control(&h.uri),
        user_agent: escape_control(&h.user_agent),
        start: h.start,
        legs: Legs {
            legs: &h.legs,
            shared,
            analysis,
        },
        outcome: h.outcome,
        auth: h.auth,
        confidence: h.confidence,
        grouping: esc(&analysis.grouping_words(h)),
        shared_users: u32::from(h.shared_users),
        failure_code: h.failure_code,
        failure_name: h.failure_code.and_then(crate::codes::failure_name),
        failure_code_cut: h.failure_cut().is_some(),
        abandoned_at: h.abandoned_at,
        log_end: h.log_end(&analysis.sources).map(|e| e.words()),
        cmdlet: h.cmdlet.map(|c| c.at()),
    }
}
