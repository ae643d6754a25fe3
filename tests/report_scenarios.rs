//! Each diagnosis scenario gives exactly its finding (plus the HCW warning it carries), and the
//! reports of the demo and the scenarios are pinned as golden snapshots.

use crate::stable;
use stable::stable;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn scenario(name: &str) -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios")
        .join(name);
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load scenario")
}

fn demo() -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load demo")
}

/// Finding ids above info level (info findings are context, not a diagnosis).
fn diagnoses(a: &Analysis) -> BTreeSet<String> {
    a.findings
        .iter()
        .filter(|f| f.severity != hcwlens::analyze::finding::Severity::Info)
        .map(|f| f.id.to_string())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn ep_hybrid_agent() {
    let a = scenario("ep-hybrid-agent");
    assert_eq!(diagnoses(&a), set(&["ep-hybrid-agent", "hcw-HCW8078"]));
    let ep = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-hybrid-agent")
        .expect("finding");
    let failing_lines: Vec<u64> = a
        .handshakes
        .iter()
        .filter(|h| h.failure_code == Some(2_148_074_310))
        .map(|h| u64::from(h.legs.last().expect("leg").line))
        .collect();
    assert!(!failing_lines.is_empty());
    assert!(
        failing_lines
            .iter()
            .all(|l| ep.evidence.iter().any(|e| e.line == *l))
    );
    assert!(
        a.handshakes
            .iter()
            .filter(|h| h.failure_code == Some(2_148_074_310))
            .all(|h| h.cmdlet.is_some())
    );
}

#[test]
fn ep_tls_offload() {
    assert_eq!(
        diagnoses(&scenario("ep-tls-offload")),
        set(&["ep-tls-offload"])
    );
}

#[test]
fn ntlm_split_connection() {
    let a = scenario("ntlm-split-connection");
    assert_eq!(diagnoses(&a), set(&["ntlm-split-connection"]));
    let servers: BTreeSet<&str> = a.sources.iter().map(|s| s.server.as_str()).collect();
    assert_eq!(servers.len(), 2, "{servers:?}");
}

#[test]
fn credentials_rejected() {
    let a = scenario("credentials-rejected");
    assert_eq!(diagnoses(&a), set(&["credentials-rejected", "hcw-HCW8078"]));
    // The calls it failed, in one sentence (was "Affected: A. Affected: B.").
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "credentials-rejected")
        .expect("finding");
    assert!(
        f.explanation.contains(
            "The refusal failed Test-MigrationServerAvailability (20241107_154210.log:199, \
             2024-11-07 15:43:46 UTC) and Test-MigrationServerAvailability \
             (20241107_154210.log:218, 2024-11-07 15:43:59 UTC)."
        ),
        "{}",
        f.explanation
    );
    assert!(!f.explanation.contains("Affected:"), "{}", f.explanation);
}

#[test]
fn mrs_unreachable() {
    let a = scenario("mrs-unreachable");
    assert_eq!(diagnoses(&a), set(&["mrs-unreachable", "hcw-HCW8078"]));
    // Two calls that failed with the same words: named together, the words quoted once.
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "mrs-unreachable")
        .expect("finding");
    assert!(
        f.explanation.starts_with(
            "Test-MigrationServerAvailability (20241106_080931.log:199, \
             2024-11-05 23:11:01 UTC) and Test-MigrationServerAvailability \
             (20241106_080931.log:218, 2024-11-05 23:11:59 UTC) failed: \""
        ),
        "{}",
        f.explanation
    );
    assert_eq!(f.explanation.matches("timed out. Error…").count(), 1);
}

#[test]
fn healthy_traffic_has_no_diagnosis_and_no_failed_handshake() {
    let a = scenario("healthy");
    assert!(diagnoses(&a).is_empty(), "{:?}", diagnoses(&a));
    assert!(
        a.handshakes.is_empty(),
        "report mode keeps only failed/abandoned handshakes"
    );
    assert!(a.handshake_summary.iter().any(|c| c.count > 0));
}

#[test]
fn demo_is_the_ep_hybrid_agent_story_in_utc_plus_one() {
    let a = demo();
    assert_eq!(diagnoses(&a), set(&["ep-hybrid-agent", "hcw-HCW8078"]));
    let hcw = a
        .sources
        .iter()
        .find(|s| s.kind == hcwlens::source::SourceKind::Hcw)
        .expect("hcw");
    assert_eq!(hcw.utc_offset(), "+01:00");
    let first = a
        .cmdlets
        .iter()
        .find(|c| c.name == "Test-MigrationServerAvailability")
        .expect("tmsa");
    assert_eq!(first.start.rfc3339(), "2024-11-05T13:23:44.783Z");
    let mapi_ok = a.handshake_summary.iter().any(|c| {
        c.uri.to_ascii_lowercase().starts_with("/mapi/")
            && c.outcome == hcwlens::analyze::handshake::HandshakeOutcome::Success
    });
    assert!(mapi_ok, "healthy MAPI handshakes are counted as success");
    assert!(
        a.handshakes
            .iter()
            .all(|h| !h.uri.to_ascii_lowercase().starts_with("/mapi/")),
        "no MAPI handshake is listed as failed"
    );
}

#[test]
fn golden_reports() {
    let a = demo();
    insta::assert_snapshot!("demo_text", stable(&hcwlens::report::text::render(&a)));
    insta::assert_snapshot!("demo_json", stable(&hcwlens::report::json::render(&a)));
    for name in [
        "ep-tls-offload",
        "ntlm-split-connection",
        "credentials-rejected",
        "mrs-unreachable",
    ] {
        let a = scenario(name);
        insta::assert_snapshot!(
            format!("{name}_markdown"),
            stable(&hcwlens::report::markdown::render(&a))
        );
    }
}

#[test]
fn skew_evidence_cites_its_lines_as_findings_do() {
    // Findings cite `file:line`; the skew suggestion's evidence named only "HCW line 199",
    // which no one can find among several HCW logs.
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/hcw-clock-skew");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let s = a.skew.as_ref().expect("a suggestion");
    let call = s
        .evidence
        .iter()
        .find(|e| e.starts_with("Test-MigrationServerAvailability"))
        .expect("the call's line");
    assert!(
        call.starts_with("Test-MigrationServerAvailability (20241126_140840.log:199) started"),
        "{call}"
    );
    assert!(
        call.ends_with(
            "6 mrsproxy requests from 52.98.71.34 on WEX01/W3SVC1 at \
                        2024-11-26T13:08:52.990Z–2024-11-26T13:08:54.000Z (the first at \
                        u_ex241126.log:100)"
        ),
        "{call}"
    );
}

#[test]
fn wrong_hcw_zone_gets_a_skew_suggestion_that_applying_removes() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/ep-hybrid-agent");
    let hcw = hcwlens::pipeline::Selector::Kind(hcwlens::source::SourceKind::Hcw);
    let wrong = LoadOptions {
        zones: vec![(hcw.clone(), hcwlens::time::ZoneSpec::Fixed(0))],
        ..Default::default()
    };
    let a = load(std::slice::from_ref(&dir), &wrong, &NoProgress).expect("load");
    let s = a.skew.as_ref().expect("a suggestion");
    assert_eq!(s.offset_ms, 5 * 3_600_000, "{s:?}");
    assert!(!s.evidence.is_empty());
    let fixed = LoadOptions {
        skews: vec![(hcw, s.offset_ms)],
        ..wrong
    };
    let b = load(&[dir], &fixed, &NoProgress).expect("load");
    assert!(b.skew.is_none(), "{:?}", b.skew);
    assert!(
        b.handshakes
            .iter()
            .filter(|h| h.failure_code == Some(2_148_074_310))
            .all(|h| h.cmdlet.is_some())
    );
}

#[test]
fn the_html_report_words_the_skew_suggestion_as_the_text_report_does() {
    // One test call: the HTML said "1 of 1 test calls line up" and its own `--skew` argument.
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/hcw-clock-skew");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let s = a.skew.as_ref().expect("a suggestion");
    let sentence = hcwlens::analyze::skew::skew_sentence(s, &a.sources);
    let html = hcwlens::report::html::render(&a, false);
    assert!(
        html.contains(&format!(
            "<p>{}</p>",
            hcwlens::report::html::escape_html(&sentence)
        )),
        "{sentence}"
    );
    if s.total_calls == 1 {
        assert!(!html.contains("1 of 1 test calls"), "{html}");
    }
}
