//! START/FINISH pairing of HCW scopes other than cmdlets: workflow, task, phase, wizard page,
//! detection and data retrieval activities, helper functions, HTTP calls, IIS reset, boot.
//!
//! Each scope kind has its START and FINISH ids and the context keys both carry (see
//! [`table`]); a FINISH closes the latest open START of the same kind, keys and thread (or,
//! for async continuations logged on another thread, of the same kind and keys).

mod table;

pub use table::{Rule, rule_for_finish, rule_for_start};

use crate::analyze::cmdlet::{clip, take_open};
use crate::escape::escape_control;
use crate::parse::hcw::{finish_of, start_text};
use crate::record::{HcwEntry, HcwLevel};
use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;
use std::collections::HashMap;

/// What a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeKind {
    /// `Workflow=Hybrid` (10267 → 10268 failed / 10269 passed).
    Workflow,
    /// `Task=MRSProxy` … (10272 → 10273).
    Task,
    /// `Task=…, Phase=Configure` … (10270 → 10271).
    Phase,
    /// A wizard page (10265 → 10266).
    Page,
    /// `Activity=Detection` (10274 → 10275).
    Activity,
    /// On-premises / tenant data retrieval (10255, 10256, 10258 → 10257, 10264, 10263).
    DataRetrieval,
    /// A named helper (`fn=GetClientNetInfo`, `START Updating the KeyCredential…`).
    Function,
    /// `ExecuteHighlandsServiceRequest=Ping` (10428 → 10429).
    ServiceRequest,
    /// An HTTP call (`fn=SendAsync`, 10453 → 10454).
    Http,
    /// `Action=ResetIIS` (10408 for both).
    IisReset,
    /// The bootstrapper run (10411 for both).
    Boot,
}

/// One START/FINISH scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopeSpan {
    /// Kind of scope.
    pub kind: ScopeKind,
    /// `Hybrid`, `MRSProxy/Configure`, `GET https://…`, `ResetIIS` …
    pub name: String,
    /// START instant (UTC); for a FINISH without START, the FINISH minus `Time=`.
    pub start: UtcMs,
    /// FINISH instant (UTC).
    pub end: Option<UtcMs>,
    /// `Time=` in milliseconds (falls back to end − start).
    pub duration_ms: Option<f64>,
    /// `Results=` text (first line, clipped, escaped).
    pub result: Option<String>,
    /// `Results=FAILED…`, a failure word, an HTTP error, or an `*ERROR*` FINISH.
    pub failed: bool,
    /// Source file.
    pub source: SourceId,
    /// 1-based line of the START (of the FINISH when the START is missing).
    pub line: u64,
    /// 1-based line of the FINISH.
    pub finish_line: Option<u64>,
    /// `Thread=`.
    pub thread: Option<String>,
    /// The FINISH was logged without a matching START.
    pub start_missing: bool,
}

/// (source, rule, key values) and the thread.
type Key = ((SourceId, usize, Vec<String>), Option<String>);

fn key(e: &HcwEntry, rule_index: usize, rule: &Rule) -> Key {
    let values = rule
        .keys
        .iter()
        .map(|k| e.ctx(k).unwrap_or("").to_string())
        .collect();
    (
        (e.source, rule_index, values),
        e.ctx("Thread").map(str::to_string),
    )
}

/// Pairs the scopes of HCW entries, ordered by start. Uses `ts`: call after the zone is
/// applied. Entries of several sources may be mixed.
pub fn pair_scopes(entries: &[HcwEntry]) -> Vec<ScopeSpan> {
    let mut spans: Vec<ScopeSpan> = Vec::new();
    let mut open: HashMap<Key, Vec<usize>> = HashMap::new();
    for e in entries {
        let Some(id) = e.event_id else { continue };
        if let Some((ri, rule)) = rule_for_start(id)
            && let Some(text) = start_text(e)
        {
            open.entry(key(e, ri, rule)).or_default().push(spans.len());
            spans.push(opened(e, rule, &text));
            continue;
        }
        let Some((ri, rule)) = rule_for_finish(id) else {
            continue;
        };
        if finish_of(e).is_none() && rule.finish.contains(&rule.start) {
            continue;
        }
        match take_open(&mut open, &key(e, ri, rule)) {
            Some(i) => close(&mut spans[i], e),
            None => {
                let mut span = opened(e, rule, "");
                span.start_missing = true;
                close(&mut span, e);
                let back = span.duration_ms.map_or(0, |d| d.round() as i64);
                span.start = e.ts.plus_ms(-back);
                spans.push(span);
            }
        }
    }
    spans.sort_by_key(|s| (s.start, s.source, s.line));
    spans
}

fn opened(e: &HcwEntry, rule: &Rule, start_text: &str) -> ScopeSpan {
    let from_keys: Vec<&str> = rule
        .keys
        .iter()
        .filter_map(|k| e.ctx(k))
        .filter(|v| !v.is_empty())
        .collect();
    let name = if !rule.name_from_start && !from_keys.is_empty() {
        from_keys.join("/")
    } else if !start_text.is_empty() {
        start_text.to_string()
    } else {
        rule.label.to_string()
    };
    ScopeSpan {
        kind: rule.kind,
        name: clip(&name),
        start: e.ts,
        end: None,
        duration_ms: None,
        result: None,
        failed: false,
        source: e.source,
        line: e.line,
        finish_line: None,
        thread: e.ctx("Thread").map(|t| escape_control(t).into_owned()),
        start_missing: false,
    }
}

fn close(span: &mut ScopeSpan, e: &HcwEntry) {
    span.end = Some(e.ts);
    span.finish_line = Some(e.line);
    let finish = finish_of(e);
    let time_ms = finish.and_then(|f| f.time_ms);
    span.duration_ms =
        time_ms.or_else(|| (!span.start_missing).then(|| (e.ts.0 - span.start.0) as f64));
    let results = finish.and_then(|f| f.results).unwrap_or("");
    span.result = Some(clip(results)).filter(|r| !r.is_empty());
    span.failed = e.level == HcwLevel::Error
        || failure_word(results)
        || (span.kind == ScopeKind::Http && http_error(results));
}

/// `FAILED`, `Failure` as a word (but not `FALSE (Configuration Good)`).
fn failure_word(results: &str) -> bool {
    results
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("failed") || w.eq_ignore_ascii_case("failure"))
}

/// `Results=NotFound`, `Results=Unauthorized`, `Results=503` … on an HTTP call.
fn http_error(results: &str) -> bool {
    const NAMES: &[&str] = &[
        "BadRequest",
        "Unauthorized",
        "PaymentRequired",
        "Forbidden",
        "NotFound",
        "MethodNotAllowed",
        "NotAcceptable",
        "ProxyAuthenticationRequired",
        "RequestTimeout",
        "Conflict",
        "Gone",
        "LengthRequired",
        "PreconditionFailed",
        "RequestEntityTooLarge",
        "RequestUriTooLong",
        "UnsupportedMediaType",
        "RequestedRangeNotSatisfiable",
        "ExpectationFailed",
        "MisdirectedRequest",
        "UnprocessableEntity",
        "UpgradeRequired",
        "TooManyRequests",
        "InternalServerError",
        "NotImplemented",
        "BadGateway",
        "ServiceUnavailable",
        "GatewayTimeout",
        "HttpVersionNotSupported",
    ];
    let first = results
        .split(|c: char| c.is_whitespace() || c == '{')
        .next()
        .unwrap_or("");
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(first))
        || first.parse::<u16>().is_ok_and(|c| (400..600).contains(&c))
}

#[cfg(test)]
mod tests;
