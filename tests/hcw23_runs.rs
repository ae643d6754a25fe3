//! HCW logs holding runs of two machines appended one after another: a `--tz` or `--skew` is
//! about one machine's clock, and applies to the run(s) made on that machine (helper hcw23).

use hcwlens::pipeline::{Analysis, LoadOptions, Selector, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::ZoneSpec;
use std::path::PathBuf;

fn fixture(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
}

fn load_with(dir: &str, opts: &LoadOptions) -> Analysis {
    load(&[fixture(dir)], opts, &NoProgress).expect("load")
}

/// The starts of the loaded calls, in file order.
fn starts(a: &Analysis) -> Vec<String> {
    a.cmdlets.iter().map(|c| c.start.rfc3339()).collect()
}

/// Run 1 was made on EX01 (UTC), run 2 appended after it on EX02 (header UTC+01:00). A
/// `--tz EX02=…` names run 2's machine: it reads run 2, and is not said to match nothing.
#[test]
fn a_tz_naming_a_later_run_s_machine_reads_that_run() {
    let opts = LoadOptions {
        zones: vec![(Selector::Name("EX02".into()), ZoneSpec::Fixed(0))],
        ..LoadOptions::default()
    };
    let a = load_with("hcw22/appended-two-machines", &opts);
    assert_eq!(
        starts(&a),
        ["2026-11-05T14:21:31.004Z", "2026-11-05T15:42:21.171Z"],
        "{:?}",
        a.sources[0].stats.diagnostics
    );
    assert!(
        !a.warnings.iter().any(|w| w.contains("--tz EX02=")),
        "{:?}",
        a.warnings
    );
    let notes: Vec<&str> = a.sources[0]
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("made on EX02") && n.contains("clock given for it (--tz)")),
        "{notes:?}"
    );
}

/// Two zones given, one per machine: each run takes its own machine's.
#[test]
fn each_run_takes_the_tz_given_for_its_machine() {
    let opts = LoadOptions {
        zones: vec![
            (Selector::Name("EX01".into()), ZoneSpec::Fixed(3600)),
            (Selector::Name("EX02".into()), ZoneSpec::Fixed(7200)),
        ],
        ..LoadOptions::default()
    };
    let a = load_with("hcw22/appended-two-machines", &opts);
    assert_eq!(
        starts(&a),
        ["2026-11-05T13:21:31.004Z", "2026-11-05T13:42:21.171Z"]
    );
}

/// `--skew EX01=+7s` corrects EX01's clock: run 1 only. Run 2, made on EX02, keeps its own
/// clock, and the sources list says so where it begins.
#[test]
fn a_skew_given_for_the_first_run_s_machine_leaves_another_machine_s_run_alone() {
    let opts = LoadOptions {
        skews: vec![(Selector::Name("EX01".into()), 7_000)],
        ..LoadOptions::default()
    };
    let a = load_with("hcw22/appended-two-machines", &opts);
    assert_eq!(
        starts(&a),
        ["2026-11-05T14:21:38.004Z", "2026-11-05T14:42:21.171Z"]
    );
    assert_eq!(a.sources[0].skew_ms, 7_000);
    let notes: Vec<&str> = a.sources[0]
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("made on EX02") && n.contains("+7 s is not applied")),
        "{notes:?}"
    );
}

/// `--skew EX02=+7s` names run 2's machine: run 2 is shifted, run 1 is not, and no warning says
/// it matches no source.
#[test]
fn a_skew_naming_a_later_run_s_machine_shifts_that_run() {
    let opts = LoadOptions {
        skews: vec![(Selector::Name("ex02.fabrikam.com".into()), 7_000)],
        ..LoadOptions::default()
    };
    let a = load_with("hcw22/appended-two-machines", &opts);
    assert_eq!(
        starts(&a),
        ["2026-11-05T14:21:31.004Z", "2026-11-05T14:42:28.171Z"]
    );
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

/// A kind (`hcw`) is every HCW run: both runs are shifted.
#[test]
fn a_skew_for_the_kind_shifts_every_run() {
    let opts = LoadOptions {
        skews: vec![(Selector::Kind(hcwlens::source::SourceKind::Hcw), -2_000)],
        ..LoadOptions::default()
    };
    let a = load_with("hcw22/appended-two-machines", &opts);
    assert_eq!(
        starts(&a),
        ["2026-11-05T14:21:29.004Z", "2026-11-05T14:42:19.171Z"]
    );
}

/// The JSON report's `fixed_by` cites the line of the run that got past a failure when that run
/// is appended in the failing run's own log, as the text report and the other outputs do (the
/// file alone does not tell which run).
#[test]
fn the_json_fixed_by_cites_the_line_of_the_later_run_in_the_same_file() {
    let a = load_with("runs22b/fixed-in-same-file", &LoadOptions::default());
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let fixed: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| &f["fixed_by"])
        .filter(|x| !x.is_null())
        .collect();
    assert!(!fixed.is_empty(), "{json}");
    for x in fixed {
        assert_eq!(x["line"], 57, "{x}");
        assert_eq!(x["time"], "2026-11-05T10:31:38.705Z", "{x}");
        assert!(
            x["source"]
                .as_str()
                .is_some_and(|s| s.ends_with("20261105_091203.log")),
            "{x}"
        );
    }
}

/// Run 1 (EX01, UTC+01:00) was left inside its test call when run 2 began; run 2's header names
/// a zone hcwlens does not know and no offset. When run 2 began is known only as its line 1
/// logged it: the call's error says that stamp, with its line, and that the instant given is
/// as read by a clock its header does not name, not a bare UTC time in the first run's clock.
#[test]
fn a_run_ended_by_a_next_run_whose_header_names_no_clock_says_its_stamp_as_logged() {
    let a = load_with("hcw23/left-open-next-no-clock", &LoadOptions::default());
    let error = a.cmdlets[0].error.as_deref().unwrap_or("");
    assert!(
        error.starts_with("its run ended inside this call"),
        "{error}"
    );
    assert!(
        error.contains("began at 15:41:02 on 2026-11-05 by its own machine's clock (line 31)")
            && error.contains("whose zone its header does not name")
            && error.contains("read as 2026-11-05 14:41:02 UTC"),
        "{error}"
    );
}

/// Run 1 was closed right after it began (line 1, Boot Configuration, Startup Options: no
/// Process Info table); run 2, appended after it, ran on EX02 (UTC+01:00). Run 1's header is its
/// own: its line 1 says UTC, and it names no machine; run 2's Process Info is not run 1's.
#[test]
fn a_first_run_without_process_info_does_not_take_the_next_run_s() {
    use hcwlens::analyze::overview::runs::runs;
    let a = load_with("hcw23/short-first-run", &LoadOptions::default());
    let r = runs(&a, &|_| 0);
    let said: Vec<(String, Option<String>)> = r
        .iter()
        .map(|r| (r.start.rfc3339(), r.server.clone()))
        .collect();
    assert_eq!(
        said,
        [
            ("2026-11-05T14:20:11.100Z".to_string(), None),
            (
                "2026-11-05T14:41:02.100Z".to_string(),
                Some("EX02".to_string())
            ),
        ]
    );
}

/// Run 1 (EX01) lines up with the mrsproxy requests CAS1 logged without a shift; run 2 (EX02),
/// appended after it, only 95 s later: EX02's clock is off, EX01's is not. The suggestion is
/// EX02's, measured on EX02's calls alone, and its argument names EX02 (`--skew hcw=` would
/// shift EX01's run too); applied, it lines EX02's call up and leaves EX01's.
#[test]
fn a_measured_skew_is_one_machine_s_and_names_it() {
    let a = load_with("hcw23/skew-two-machines", &LoadOptions::default());
    let s = a.skew.as_ref().expect("a suggestion");
    assert_eq!(
        (s.offset_ms, s.machine.as_deref()),
        (95_000, Some("EX02")),
        "{s:?}"
    );
    let sentence = hcwlens::analyze::skew::skew_sentence(s, &a.sources);
    assert!(sentence.contains("--skew EX02=+95s"), "{sentence}");
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    assert_eq!(json["skew"]["machine"], "EX02", "{}", json["skew"]);
    let opts = LoadOptions {
        skews: vec![(Selector::Name("EX02".into()), 95_000)],
        ..LoadOptions::default()
    };
    let shifted = load_with("hcw23/skew-two-machines", &opts);
    assert_eq!(
        starts(&shifted),
        ["2026-11-05T14:21:31.004Z", "2026-11-05T14:43:56.171Z"]
    );
    assert_eq!(shifted.skew, None, "{:?}", shifted.skew);
}

/// The `.boot` of run 2, appended in another run's log (no `.log` of its stem), is of run 2's
/// machine (EX01): the `--tz` and `--skew` given for EX01 are its own too, so the run it joins
/// starts with it on the same clock, not an hour (or the skew) away from its entries.
#[test]
fn the_boot_of_an_appended_run_takes_its_machine_s_tz_and_skew() {
    use hcwlens::analyze::overview::runs::runs;
    let opts = LoadOptions {
        zones: vec![(Selector::Name("EX01".into()), ZoneSpec::Fixed(3600))],
        skews: vec![(Selector::Name("EX01".into()), 7_000)],
        ..LoadOptions::default()
    };
    let a = load_with("runs22b/boot-of-appended-run", &opts);
    let r = runs(&a, &|_| 0);
    let said: Vec<(String, String)> = r
        .iter()
        .map(|r| (r.name.clone(), r.start.rfc3339()))
        .collect();
    assert_eq!(r.len(), 2, "{said:?}");
    assert_eq!(r[1].start.rfc3339(), "2026-11-05T09:30:08.514Z", "{said:?}");
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}
