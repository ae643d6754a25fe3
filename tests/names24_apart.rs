//! HCW logs and IIS logs that do not overlap (the wizard's log of 2025-03-10 loaded with an
//! IIS day of 2024-11-05, of another server or an old copy): no request can be lined up with
//! the wizard's calls. The reports say so at their top, and the explorer's strip and the HTML
//! timeline span the HCW runs, saying where the IIS logs lie, instead of one bar holding all.

use crate::explorer;
use crate::fixtures;

use fixtures::{fixture, load_all};
use hcwlens::analyze::overview::keep_all;
use hcwlens::analyze::overview::timeline::timeline;
use hcwlens::pipeline::Analysis;
use hcwlens::source::SourceKind;
use hcwlens::time::UtcMs;
use std::path::PathBuf;

/// The HCW run of `catalogue/forbidden` (2025-03-10) and the IIS day of `stuck` (2024-11-05).
fn apart() -> Vec<PathBuf> {
    vec![fixture("catalogue/forbidden/hcw"), fixture("stuck")]
}

/// The first and last instant of the HCW logs.
fn hcw_span(a: &Analysis) -> (UtcMs, UtcMs) {
    let spans = a
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .filter_map(|s| s.span);
    (
        spans.clone().map(|s| s.0).min().expect("an HCW span"),
        spans.map(|s| s.1).max().expect("an HCW span"),
    )
}

const SAID: &str = "The HCW runs (2025-03-10 09:00:00 UTC to 2025-03-10 09:00:54 UTC) and the \
                    IIS logs (2024-11-05 09:00:00 UTC to 2024-11-05 09:44:25 UTC) do not overlap";

#[test]
fn the_reports_say_at_their_top_that_the_hcw_runs_and_the_iis_logs_do_not_overlap() {
    let a = load_all(&apart());
    let text = hcwlens::report::text::render(&a);
    let top = &text[..text.find("Findings").expect("findings")];
    assert!(top.contains(SAID), "{top}");
    assert!(top.contains("u_ex250310.log"), "{top}");
    let md = hcwlens::report::markdown::render(&a);
    assert!(md.contains(SAID), "{md}");
    let html = hcwlens::report::html::render(&a, false);
    assert!(html.contains(SAID), "{html}");
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    assert_eq!(json["apart"]["kinds"], serde_json::json!(["iis"]), "{json}");
    assert_eq!(json["apart"]["logs_first"], "2024-11-05T09:00:00.000Z");
    assert!(
        json["apart"]["said"]
            .as_str()
            .is_some_and(|s| s.starts_with(SAID))
    );
    // Logs that overlap say nothing of it.
    let together = load_all(&[fixture("catalogue/forbidden")]);
    assert!(!hcwlens::report::text::render(&together).contains("do not overlap"));
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&together)).expect("json");
    assert!(json.get("apart").is_none());
}

#[test]
fn the_html_timeline_spans_the_hcw_runs_and_says_where_the_iis_log_lies() {
    let a = load_all(&apart());
    let (lo, hi) = hcw_span(&a);
    let t = timeline(&a, &keep_all, 120);
    assert_eq!(t.start, lo, "{t:?}");
    assert!(t.end() >= hi && t.end().0 - hi.0 <= t.bucket_ms, "{t:?}");
    assert!(!t.calls.is_empty() && !t.runs.is_empty(), "{t:?}");
    let html = hcwlens::report::html::render(&a, false);
    assert!(
        html.contains(
            "Not in the chart: the log EX01, 2024-11-05 09:00:00 UTC to 2024-11-05 09:44:25 \
             UTC, which does not overlap the HCW runs."
        ),
        "{}",
        &html[html.find("Timeline").unwrap_or(0)..][..1500]
    );
}

#[test]
fn the_strip_spans_the_hcw_runs_and_marks_the_iis_log_before_them() {
    let m = explorer::loaded(&apart(), (100, 30));
    assert_eq!(
        m.strip.outside[0].map(|(at, kind)| (at.rfc3339(), kind)),
        Some(("2024-11-05T09:00:00.000Z".to_string(), SourceKind::Iis))
    );
    assert_eq!(m.strip.outside[1], None);
    let row = explorer::row_with(&m, "IIS 2024<");
    assert!(row.starts_with("IIS 2024< 09:00:00 "), "{row}");
    assert!(row.ends_with(" 09:00:54"), "{row}");
    // And the explorer says why as it opens.
    let note = m.note.as_ref().map(|n| n.text.as_str()).unwrap_or("");
    assert!(
        note.starts_with("IIS logs (2024-11-05) and HCW runs (2025-03-10) do not overlap"),
        "{note}"
    );
}
