//! `handshake_summary[]` of the JSON report: handshakes counted by uri, outcome and failure.
//! The uri is a log value, escaped as every log value of the report is ([`escape_control`]:
//! `\xNN`), the same text as the `uri` of the handshakes it counts.

use crate::analyze::handshake::{AbandonedAt, HandshakeOutcome};
use crate::escape::escape_control;
use crate::pipeline::HandshakeCount;
use serde::Serialize;
use std::borrow::Cow;

/// One count, in the members' order of [`HandshakeCount`].
#[derive(Serialize)]
pub struct SummaryOut<'a> {
    uri: Cow<'a, str>,
    outcome: HandshakeOutcome,
    failure_name: Option<String>,
    abandoned_at: Option<AbandonedAt>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    log_end: bool,
    count: u64,
}

/// The counts as the report writes them (owned: the counts are worked out for the report,
/// [`crate::pipeline::Analysis::handshake_counts`]).
pub fn summary<'a>(counts: &[HandshakeCount]) -> Vec<SummaryOut<'a>> {
    counts
        .iter()
        .map(|c| SummaryOut {
            uri: Cow::Owned(escape_control(&c.uri).into_owned()),
            outcome: c.outcome,
            failure_name: c.failure_name.clone(),
            abandoned_at: c.abandoned_at,
            log_end: c.log_end,
            count: c.count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uri_is_escaped_like_every_log_value_and_the_rest_as_before() {
        let count = HandshakeCount {
            uri: "/owa/\u{1b}[31m\u{9b}\u{7f}".into(),
            outcome: HandshakeOutcome::Failed,
            failure_name: Some("SEC_E_BAD_BINDINGS".into()),
            abandoned_at: None,
            log_end: false,
            count: 3,
        };
        let ours = serde_json::to_value(summary(std::slice::from_ref(&count))).expect("json");
        let mut want = serde_json::to_value([&count]).expect("json");
        want[0]["uri"] = "/owa/\\x1B[31m\\x9B\\x7F".into();
        assert_eq!(ours, want);
    }
}
