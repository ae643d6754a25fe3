//! Each run appended in an HCW log is read by its own machine's clock (`--tz`, `--skew`, its
//! header: hcw23), and the sources list says each run's as applied when they differ, a line a
//! run (`run from line 1: EX01, UTC, no skew`, `run from line 31: EX02, UTC+01:00, skew +1 min
//! 35 s`; the HTML table's row a line each too), the JSON
//! report as `sources[].runs`; the file's `skew_ms`, `zone` and `utc_offset` stay its first
//! run's. Fixture: `hcw23/skew-two-machines` (EX01 in UTC from line 1, EX02 in UTC+01:00 from
//! line 31).

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use hcwlens::pipeline::{Analysis, Follow, LoadOptions, Selector};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use serde_json::Value;

const LOG: &str = "20261105_142008.log";

fn with_skews(skews: &[(&str, i64)]) -> LoadOptions {
    LoadOptions {
        skews: skews
            .iter()
            .map(|&(m, ms)| (Selector::Name(m.into()), ms))
            .collect(),
        ..LoadOptions::default()
    }
}

/// The lines of the text report's sources list about the HCW log.
fn hcw_lines(report: &str) -> Vec<String> {
    let sources = report.split("\nSources\n").nth(1).expect("sources section");
    let mut out = Vec::new();
    for l in sources.lines() {
        if l.starts_with("- ") && !out.is_empty() {
            break;
        }
        if l.contains(LOG) || !out.is_empty() {
            out.push(l.to_string());
        }
    }
    out
}

fn json_hcw(a: &Analysis) -> Value {
    let json: Value = serde_json::from_str(&hcwlens::report::json::render(a)).expect("json");
    json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["kind"] == "hcw")
        .expect("the HCW source")
        .clone()
}

/// The HTML table's row: a line a run.
const EX02_95S: &str =
    "run from line 1: EX01, UTC, no skew<br>run from line 31: EX02, UTC+01:00, skew +1 min 35 s";

/// The text and Markdown reports' and the explorer's lines: a line a run.
const EX02_95S_LINES: [&str; 2] = [
    "run from line 1: EX01, UTC, no skew",
    "run from line 31: EX02, UTC+01:00, skew +1 min 35 s",
];

/// Whether `lines` hold each of `want`, a line each, in order.
fn says_each(lines: &[String], want: &[&str]) -> bool {
    let mut at = lines.iter();
    want.iter().all(|w| {
        at.by_ref()
            .any(|l| l.trim_end().ends_with(&format!("- {w}")))
    })
}

#[test]
fn a_skew_for_a_later_run_s_machine_is_said_with_that_run_in_the_sources_list() {
    let a = fixtures::analyse_with("hcw23/skew-two-machines", &with_skews(&[("EX02", 95_000)]));
    let text = hcwlens::report::text::render(&a);
    let lines = hcw_lines(&text);
    assert!(says_each(&lines, &EX02_95S_LINES), "{lines:#?}");
    let md = hcwlens::report::markdown::render(&a);
    let md_lines: Vec<String> = md.lines().map(str::to_string).collect();
    assert!(says_each(&md_lines, &EX02_95S_LINES), "{md}");
    let html = hcwlens::report::html::render(&a, false);
    assert!(html.contains(EX02_95S), "no runs row in the HTML sources");
}

#[test]
fn the_json_sources_list_each_run_s_clock_and_keep_the_file_s_fields() {
    let a = fixtures::analyse_with(
        "hcw23/skew-two-machines",
        &with_skews(&[("EX01", 7_000), ("EX02", 95_000)]),
    );
    let hcw = json_hcw(&a);
    // The file's fields mean what they meant: its first run's clock.
    assert_eq!(hcw["skew_ms"], 7000, "{hcw}");
    assert_eq!(hcw["skew_machine"], "EX01", "{hcw}");
    assert_eq!(hcw["utc_offset"], "+00:00", "{hcw}");
    let runs = hcw["runs"].as_array().expect("runs[]");
    let got: Vec<(u64, &str, &str, &str, &str, i64)> = runs
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().expect("line"),
                r["machine"].as_str().expect("machine"),
                r["utc_offset"].as_str().expect("utc_offset"),
                r["zone"].as_str().expect("zone"),
                r["zone_origin"].as_str().expect("zone_origin"),
                r["skew_ms"].as_i64().expect("skew_ms"),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "EX01", "+00:00", "UTC", "header", 7_000),
            (31, "EX02", "+01:00", "UTC+01:00", "header", 95_000),
        ]
    );
    // Each run's first instant, as placed: EX02's line 31 is 14:41:02.100 UTC, +95 s.
    assert_eq!(runs[1]["first"], "2026-11-05T14:42:37.100Z", "{hcw}");
}

#[test]
fn a_tz_given_for_a_later_run_s_machine_is_said_as_given() {
    let opts = LoadOptions {
        zones: vec![(
            Selector::Name("EX02".into()),
            hcwlens::time::ZoneSpec::Fixed(-5 * 3600),
        )],
        ..LoadOptions::default()
    };
    let a = fixtures::analyse_with("hcw23/skew-two-machines", &opts);
    let text = hcwlens::report::text::render(&a);
    let want = [
        "run from line 1: EX01, UTC",
        "run from line 31: EX02, UTC-05:00 (--tz)",
    ];
    assert!(says_each(&hcw_lines(&text), &want), "{text}");
    let hcw = json_hcw(&a);
    assert_eq!(hcw["runs"][1]["zone_origin"], "override", "{hcw}");
    assert_eq!(hcw["runs"][1]["utc_offset"], "-05:00", "{hcw}");
}

/// The fixture's log with its second run made on EX01 too, in UTC: the runs differ in nothing.
fn alike_runs(dir: &std::path::Path) -> std::path::PathBuf {
    let log = std::fs::read_to_string(fixtures::fixture("hcw23/skew-two-machines").join(LOG))
        .expect("fixture");
    let alike = log
        .replace("Machine Name      | EX02", "Machine Name      | EX01")
        .replace("Server: EX02", "Server: EX01")
        .replace(
            "W. Europe Standard Time (3:",
            "Coordinated Universal Time (3:",
        )
        .replace(
            "Date Time Offset  | 01:00:00",
            "Date Time Offset  | 00:00:00",
        );
    let path = dir.join(LOG);
    std::fs::write(&path, alike).expect("write");
    path
}

#[test]
fn runs_alike_are_not_listed_one_by_one_but_are_in_the_json() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = alike_runs(dir.path());
    let opts = LoadOptions {
        skews: vec![(Selector::Kind(SourceKind::Hcw), 7_000)],
        ..LoadOptions::default()
    };
    let a = hcwlens::pipeline::load(&[path], &opts, &NoProgress).expect("load");
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("run from line"), "{text}");
    let hcw = json_hcw(&a);
    let runs = hcw["runs"].as_array().expect("runs[]");
    assert_eq!(runs.len(), 2, "{hcw}");
    assert!(runs.iter().all(|r| r["skew_ms"] == 7000), "{hcw}");
    // A log of one run has no `runs`.
    let one = fixtures::analyse("hcw/de-DE-utc+1.log");
    let hcw = json_hcw(&one);
    assert!(hcw.get("runs").is_none(), "{hcw}");
}

#[test]
fn the_explorer_s_sources_list_says_each_run_s_clock() {
    let opts = LoadOptions {
        index: true,
        ..with_skews(&[("EX02", 95_000)])
    };
    let a = hcwlens::pipeline::load(
        &[fixtures::fixture("hcw23/skew-two-machines")],
        &opts,
        &NoProgress,
    )
    .expect("load");
    let mut m = hcwlens::tui::model::Model::ready(a, scenario::settings(None), (200, 40));
    m.note = None;
    scenario::press(&mut m, &["I"]);
    for want in EX02_95S_LINES {
        let row = explorer::row_with(&m, want);
        // Its own row: nothing after it but the box's padding.
        assert!(
            row.contains(&format!("     {want}  ")),
            "{}",
            explorer::screen(&m)
        );
    }
}

#[test]
fn a_run_appended_while_followed_is_said_with_its_own_clock() {
    let dir = tempfile::tempdir().expect("tmp");
    let fixture = fixtures::fixture("hcw23/skew-two-machines");
    fixtures::copy_dir(&fixture.join("CAS1"), &dir.path().join("CAS1"));
    let whole = std::fs::read_to_string(fixture.join(LOG)).expect("fixture");
    let cut = whole
        .match_indices('\n')
        .nth(29)
        .map(|(i, _)| i + 1)
        .expect("30 lines");
    let log = dir.path().join(LOG);
    std::fs::write(&log, &whole[..cut]).expect("write");
    let opts = with_skews(&[("EX02", 95_000)]);
    let (mut a, mut f) =
        Follow::load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load");
    assert!(json_hcw(&a).get("runs").is_none());
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open");
    std::io::Write::write_all(&mut file, &whole.as_bytes()[cut..]).expect("append");
    drop(file);
    a.apply(f.poll());
    let text = hcwlens::report::text::render(&a);
    assert!(says_each(&hcw_lines(&text), &EX02_95S_LINES), "{text}");
    assert_eq!(json_hcw(&a)["runs"][1]["skew_ms"], 95_000);
}

/// A `--skew` given again replaces the one given before: the argument that applies a
/// suggestion is the skew the machine's runs took plus the shift still suggested, not the
/// shift alone (which would undo what was given).
#[test]
fn the_suggested_skew_argument_adds_what_the_machine_s_run_already_took() {
    // EX02's clock is 95 s off (hcw23_runs); +60 s given for it leaves 35 s to suggest.
    let a = fixtures::analyse_with("hcw23/skew-two-machines", &with_skews(&[("EX02", 60_000)]));
    let s = a.skew.as_ref().expect("a suggestion");
    assert_eq!((s.offset_ms, s.machine.as_deref()), (35_000, Some("EX02")));
    let sentence = hcwlens::analyze::skew::skew_sentence(s, &a.sources);
    assert!(
        sentence.contains("Apply with --skew EX02=+95s"),
        "{sentence}"
    );
    // The skew given for EX01's run (the file's) is not EX02's.
    let a = fixtures::analyse_with(
        "hcw23/skew-two-machines",
        &with_skews(&[("EX01", 7_000), ("EX02", 60_000)]),
    );
    let s = a.skew.as_ref().expect("a suggestion");
    let sentence = hcwlens::analyze::skew::skew_sentence(s, &a.sources);
    assert!(
        sentence.contains("Apply with --skew EX02=+95s"),
        "{sentence}"
    );
    // The explorer's `S`, which leaves a log holding another machine's runs, says the same.
    let opts = LoadOptions {
        index: true,
        ..with_skews(&[("EX02", 60_000)])
    };
    let a = hcwlens::pipeline::load(
        &[fixtures::fixture("hcw23/skew-two-machines")],
        &opts,
        &NoProgress,
    )
    .expect("load");
    let mut m = hcwlens::tui::model::Model::ready(a, scenario::settings(None), (200, 40));
    m.note = None;
    scenario::press(&mut m, &["S"]);
    let said = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(said.contains("--skew EX02=+95s"), "{said}");
}
