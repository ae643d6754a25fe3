//! HCW logs holding several runs appended one after another (the wizard run again, the logs
//! concatenated to be sent: facts §1.4, each run opens with its own line 1 and Process Info
//! table). Each run is said as itself: its machine, its span, its outcome (helper hcw22).

use hcwlens::analyze::overview::runs::{RunOutcome, runs};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn load_fixture(dir: &str) -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hcw22")
        .join(dir);
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load")
}

/// Run 1 on EX01 (contoso.com, UTC) was closed inside its Test-MigrationServerAvailability;
/// run 2, appended after it, ran on EX02 (fabrikam.com, UTC+01:00) and passed.
#[test]
fn each_appended_run_is_its_own_run_with_its_own_machine() {
    let a = load_fixture("appended-two-machines");
    let r = runs(&a, &|_| 0);
    let said: Vec<(String, Option<String>, String)> = r
        .iter()
        .map(|r| (r.start.rfc3339(), r.server.clone(), r.outcome_words()))
        .collect();
    assert_eq!(r.len(), 2, "{said:?}");
    assert_eq!(r[0].server.as_deref(), Some("EX01"));
    assert_eq!(r[1].server.as_deref(), Some("EX02"));
    assert_eq!(r[0].start.rfc3339(), "2026-11-05T14:20:11.100Z");
    assert_eq!(r[0].end.rfc3339(), "2026-11-05T14:22:40.369Z");
    assert_eq!(r[1].start.rfc3339(), "2026-11-05T14:41:02.100Z");
    assert_eq!(r[1].outcome, RunOutcome::Succeeded, "{said:?}");
    assert_eq!((r[1].calls, r[1].failed_calls), (1, 0));
    assert_eq!((r[0].calls, r[0].failed_calls), (1, 1));
    assert_ne!(r[0].name, r[1].name, "two runs, two names");
    // Each run holds its own lines of the file, and only those.
    let log = a.sources[0].id;
    assert!(r[0].holds(log, 29) && !r[0].holds(log, 31));
    assert!(r[1].holds(log, 31) && !r[1].holds(log, 29));
}

/// The sources list says on which machine an appended run was made when it is another.
#[test]
fn the_sources_list_names_the_machine_of_an_appended_run() {
    let a = load_fixture("appended-two-machines");
    let notes: Vec<&str> = a.sources[0]
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("another run begins here") && n.contains("EX02")),
        "{notes:?}"
    );
}

/// Run 1's test call was left open when run 2 began: the report, the ticket and the JSON say
/// its run ended there, and when, not a bare "no FINISH logged".
#[test]
fn a_call_left_open_when_the_next_run_began_says_so_in_the_report_and_ticket() {
    let a = load_fixture("appended-two-machines");
    let call = &a.cmdlets[0];
    let error = call.error.as_deref().unwrap_or("");
    assert!(
        error.starts_with("its run ended inside this call")
            && error.contains("2026-11-05 14:41:02 UTC"),
        "{error}"
    );
    let md = hcwlens::export::cmdlet_markdown(call, &a.sources, &hcwlens::time::ZoneSpec::Fixed(0));
    assert!(
        md.contains("- Finished: no FINISH logged: its run ended first"),
        "{md}"
    );
}

/// Run 1 (EX01) failed its test call with (401) Unauthorized; run 2, appended after it in the
/// same file, passed against the same server: a later run got past the failure, as it does
/// when the two runs are two files, and the finding says it is fixed.
#[test]
fn a_failure_a_later_appended_run_got_past_is_fixed() {
    let a = load_fixture("appended-fixed-later");
    let failed = &a.cmdlets[0];
    assert_eq!(
        failed.outcome,
        hcwlens::analyze::cmdlet::CmdletOutcome::Failed
    );
    let ok = hcwlens::analyze::cmdlet::later_success(&a.cmdlets, failed);
    assert_eq!(
        ok.map(|c| c.start.rfc3339()).as_deref(),
        Some("2026-11-05T14:42:21.171Z")
    );
    let unauthorized = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-unauthorized")
        .expect("hcw-unauthorized");
    assert!(unauthorized.fixed_by.is_some(), "{unauthorized:?}");
}

/// `--tz EX01=…` names the first run's machine: the run appended after it on EX02 is still read
/// by its own header's clock (UTC+01:00), not by the clock given for another machine.
#[test]
fn a_clock_given_for_one_machine_is_not_applied_to_another_machine_s_run() {
    use hcwlens::pipeline::Selector;
    use hcwlens::time::ZoneSpec;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hcw22/appended-two-machines");
    let opts = LoadOptions {
        zones: vec![(Selector::Name("EX01".into()), ZoneSpec::Fixed(0))],
        ..LoadOptions::default()
    };
    let a = load(&[dir], &opts, &NoProgress).expect("load");
    let starts: Vec<String> = a.cmdlets.iter().map(|c| c.start.rfc3339()).collect();
    assert_eq!(
        starts,
        ["2026-11-05T14:21:31.004Z", "2026-11-05T14:42:21.171Z"],
        "{:?}",
        a.sources[0].stats.diagnostics
    );
}
