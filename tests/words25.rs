//! The words said of clocks, sites and coverage (helper words25): a skew every run of a log took
//! alike is the file's, not its first machine's; each run of a log on its own line; a skew of
//! none is not `+0h`; the split-connection example names a machine's site as the rest of the
//! findings do; `iis-no-coverage` in the report's time words, not repeating what the top says;
//! and the findings list at 80x24 never shows a bare `ERROR…`.

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::{Analysis, LoadOptions, Selector};
use hcwlens::source::SourceKind;
use std::path::PathBuf;

fn every_hcw(ms: i64) -> LoadOptions {
    LoadOptions {
        skews: vec![(Selector::Kind(SourceKind::Hcw), ms)],
        ..LoadOptions::default()
    }
}

/// `hcw22/appended-two-machines` (a run of EX01, then one of EX02) with `--skew hcw=+7s`.
fn two_machines_shifted_alike() -> Analysis {
    fixtures::analyse_with("hcw22/appended-two-machines", &every_hcw(7_000))
}

fn finding<'a>(a: &'a Analysis, id: &str) -> &'a Finding {
    a.findings
        .iter()
        .find(|f| f.id.name() == id)
        .unwrap_or_else(|| panic!("no {id}: {:#?}", a.findings))
}

#[test]
fn a_skew_every_run_took_alike_is_said_as_the_file_s() {
    let a = two_machines_shifted_alike();
    let text = hcwlens::report::text::render(&a);
    let line = text
        .lines()
        .find(|l| l.contains("20261105_142008.log ("))
        .expect("the HCW log's source line");
    assert!(line.contains("skew +7 s)"), "{line}");
    assert!(!line.contains("'s runs"), "{line}");
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let hcw = &json["sources"][0];
    assert_eq!(hcw["skew_ms"], 7000, "{hcw}");
    assert!(hcw.get("skew_machine").is_none(), "{hcw}");
    // A skew given for one machine only is still that machine's.
    let one = fixtures::analyse_with(
        "hcw22/appended-two-machines",
        &LoadOptions {
            skews: vec![(Selector::Name("EX01".into()), 7_000)],
            ..LoadOptions::default()
        },
    );
    let s = &one.sources[0];
    assert_eq!(
        hcwlens::analyze::skew::skew_machine(&one, s).as_deref(),
        Some("EX01")
    );
}

#[test]
fn each_run_of_a_log_is_its_own_line_in_the_reports_and_the_sources_list() {
    let a = two_machines_shifted_alike();
    let text = hcwlens::report::text::render(&a);
    let runs: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("run from line"))
        .collect();
    assert_eq!(
        runs,
        [
            "  - run from line 1: EX01, UTC, skew +7 s",
            "  - run from line 31: EX02, UTC+01:00, skew +7 s"
        ],
        "{text}"
    );
    let md = hcwlens::report::markdown::render(&a);
    assert!(
        md.contains("  - run from line 31: EX02, UTC+01:00, skew +7 s\n"),
        "{md}"
    );
    // The explorer's sources list at 80 columns: one row a run, none wrapped.
    let opts = LoadOptions {
        index: true,
        ..every_hcw(7_000)
    };
    let loaded = hcwlens::pipeline::load(
        &[fixtures::fixture("hcw22/appended-two-machines")],
        &opts,
        &hcwlens::progress::NoProgress,
    )
    .expect("load");
    let mut m = hcwlens::tui::model::Model::ready(loaded, scenario::settings(None), (80, 24));
    m.note = None;
    scenario::press(&mut m, &["I"]);
    let s = explorer::screen(&m);
    for want in [
        "     run from line 1: EX01, UTC, skew +7 s",
        "     run from line 31: EX02, UTC+01:00, skew +7 s",
    ] {
        assert!(
            s.lines().any(|r| r.trim_matches('│').trim_end() == want),
            "{want}:\n{s}"
        );
    }
    assert!(!s.contains("'s runs"), "{s}");
}

#[test]
fn a_skew_of_none_is_not_said_as_an_hour() {
    assert_eq!(hcwlens::analyze::skew::skew_arg(0), "0s");
    assert_eq!(hcwlens::analyze::skew::skew_arg(-7_000), "-7s");
    assert_eq!(hcwlens::analyze::skew::skew_arg(3_600_000), "+1h");
    // Loaded with a skew its calls did not need: lined up again without it.
    let a = fixtures::analyse_with("catalogue/forbidden", &every_hcw(7_000));
    let s = a.skew.as_ref().expect("a suggestion");
    assert_eq!(s.offset_ms, -7_000);
    let said = hcwlens::analyze::skew::skew_sentence(s, &a.sources);
    assert!(!said.contains("+0h"), "{said}");
    assert!(
        said.ends_with("Load without the --skew given for hcw."),
        "{said}"
    );
    assert!(hcwlens::report::text::render(&a).contains(&said));
}

#[test]
fn the_split_connection_example_names_a_machine_by_its_site_as_the_finding_does() {
    let a = fixtures::analyse("words25/split-two-sites");
    let f = finding(&a, "ntlm-split-connection");
    assert!(
        f.explanation.starts_with("IIS on EX01/W3SVC1"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation
            .contains("was issued by EX01/W3SVC1 and the final leg reached EX02 moments later"),
        "{}",
        f.explanation
    );
    // A machine with one site loaded is named without it.
    let one = fixtures::analyse("export22/lb-split");
    let f = finding(&one, "ntlm-split-connection");
    assert!(
        f.explanation
            .contains("was issued by EX01 and the final leg reached EX02 moments later"),
        "{}",
        f.explanation
    );
}

#[test]
fn no_coverage_says_the_iis_span_in_the_report_s_words() {
    let a = fixtures::analyse("words25/uncovered-call");
    let f = finding(&a, "iis-no-coverage");
    assert!(
        f.explanation.contains(
            "The loaded IIS logs run from 2025-02-18 09:00:04 UTC to 2025-02-18 09:19:30 UTC"
        ),
        "{}",
        f.explanation
    );
    assert!(!f.explanation.contains("T09:"), "{}", f.explanation);
    // 40 s before the call: no time zone is that.
    assert!(!f.explanation.contains("time zone"), "{}", f.explanation);
    assert!(
        f.remedy.contains(
            "(u_ex250218.log in W3SVC1, named by UTC day) and the HTTPERR logs of the day of the call"
        ),
        "{}",
        f.remedy
    );
}

#[test]
fn no_coverage_does_not_repeat_the_spans_the_top_gives_for_logs_apart() {
    let a = fixtures::analyse("words25/uncovered-day");
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("do not overlap"), "{text}");
    let f = finding(&a, "iis-no-coverage");
    assert!(!f.explanation.contains("2025-02-17"), "{}", f.explanation);
    assert!(!f.explanation.contains("T14:"), "{}", f.explanation);
    assert!(
        f.explanation
            .contains("the loaded IIS logs are of another time than the HCW runs"),
        "{}",
        f.explanation
    );
    assert!(!f.explanation.contains("time zone"), "{}", f.explanation);
    // An hour apart: that can be a zone, and is said so.
    let z = fixtures::analyse("words25/uncovered-zone");
    let f = finding(&z, "iis-no-coverage");
    assert!(
        f.explanation.contains(
            "They lie 1 h 0 min 40 s from the call: a gap that size can be a wrong time zone"
        ),
        "{}",
        f.explanation
    );
}

#[test]
fn the_findings_list_at_80x24_shows_a_title_that_starts_with_a_long_host() {
    let mut m = explorer::loaded(
        &[PathBuf::from("tests/fixtures/diag21/agent-down-old-ep/hcw")],
        (80, 24),
    );
    m.note = None;
    scenario::press(&mut m, &["F"]);
    let s = explorer::screen(&m);
    let row = s
        .lines()
        .find(|r| r.contains(">ERROR"))
        .unwrap_or_else(|| panic!("no selected error:\n{s}"));
    let text = row.trim_matches('│').trim_end();
    assert!(
        text.contains("7d4f1c2a-93b6…his.msappproxy.net answered (503)"),
        "{s}"
    );
    for r in s.lines() {
        let r = r.trim_matches('│').trim();
        assert!(!r.ends_with("ERROR…") && !r.ends_with("WARN…"), "{s}");
    }
    insta::assert_snapshot!("words25_findings_long_host_80x24", s);
}
