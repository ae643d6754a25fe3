//! Runs: grouping `.log` with `.boot`, the three outcomes, the machine name and clock shifts.

use super::runs::{RunOutcome, runs};
use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::pipeline::Analysis;
use crate::record::{HcwEntry, HcwLevel};
use crate::source::{SourceId, SourceInfo, SourceKind};
use crate::time::UtcMs;

fn source(id: u16, path: &str, server: &str, span: (i64, i64)) -> SourceInfo {
    SourceInfo {
        id: SourceId(id),
        path: path.into(),
        kind: SourceKind::Hcw,
        encoding: crate::source::TextEncoding::Utf8,
        server: server.into(),
        zone: crate::time::ZoneSpec::Fixed(0),
        zone_origin: crate::source::ZoneOrigin::Assumed,
        skew_ms: 0,
        stats: Default::default(),
        span: Some((UtcMs(span.0), UtcMs(span.1))),
    }
}

fn entry(source: u16, line: u64, ts: i64, level: HcwLevel, id: u32) -> HcwEntry {
    HcwEntry {
        source: SourceId(source),
        line,
        end_line: line,
        ts: UtcMs(ts),
        level,
        event_id: Some(id),
        ..Default::default()
    }
}

fn call(source: u16, line: u64, ts: i64, outcome: CmdletOutcome) -> CmdletCall {
    CmdletCall {
        name: "Get-Thing".into(),
        command: String::new(),
        session: None,
        thread: None,
        start: UtcMs(ts),
        end: None,
        duration_ms: None,
        outcome,
        error: None,
        source: SourceId(source),
        line,
        finish_line: None,
        remote_server: None,
        urls: Vec::new(),
        http_status: None,
        start_missing: false,
        run: 0,
    }
}

/// Three runs: one failed (.log and .boot), one passed, one closed early; and an IIS source.
fn sample() -> Analysis {
    let mut iis = source(
        4,
        "EX01/W3SVC1/u_ex241105.log",
        "EX01/W3SVC1",
        (0, 9_000_000),
    );
    iis.kind = SourceKind::Iis;
    Analysis {
        sources: vec![
            source(0, "hcw/20241105_100000.log", "LUCEX01", (1_000, 60_000)),
            source(
                1,
                "hcw/20241105_100000.boot",
                "20241105_100000",
                (500, 2_000),
            ),
            source(
                2,
                "hcw/20241105_110000.log",
                "LUCEX01",
                (3_600_000, 3_700_000),
            ),
            source(
                3,
                "hcw/20241105_120000.log",
                "20241105_120000",
                (7_200_000, 7_230_000),
            ),
            iis,
        ],
        hcw: vec![
            entry(0, 5, 30_000, HcwLevel::Info, 10_269),
            entry(2, 9, 3_650_000, HcwLevel::Info, 10_269),
            entry(3, 3, 7_210_000, HcwLevel::Info, 10_267),
        ],
        cmdlets: vec![
            call(0, 3, 10_000, CmdletOutcome::Failed),
            call(0, 4, 20_000, CmdletOutcome::Success),
            call(2, 4, 3_610_000, CmdletOutcome::Success),
        ],
        ..Default::default()
    }
}

#[test]
fn a_log_and_its_boot_are_one_run_and_each_outcome_is_told() {
    let r = runs(&sample(), &|_| 0);
    assert_eq!(r.len(), 3, "{r:#?}");
    assert_eq!(r[0].sources, vec![SourceId(0), SourceId(1)]);
    assert_eq!(r[0].name, "20241105_100000");
    assert_eq!((r[0].start, r[0].end), (UtcMs(500), UtcMs(60_000)));
    assert_eq!(
        r[0].outcome,
        RunOutcome::Failed,
        "a failed call fails the run even when the workflow passed"
    );
    assert_eq!((r[0].calls, r[0].failed_calls), (2, 1));
    assert_eq!(r[1].outcome, RunOutcome::Succeeded);
    assert_eq!(r[1].failed_calls, 0);
    assert_eq!(
        r[2].outcome,
        RunOutcome::Incomplete,
        "workflow started, never finished"
    );
}

#[test]
fn an_error_entry_or_a_failed_workflow_fails_a_run() {
    let mut a = sample();
    a.hcw.push(entry(3, 8, 7_220_000, HcwLevel::Error, 10_268));
    let r = runs(&a, &|_| 0);
    assert_eq!(r[2].outcome, RunOutcome::Failed);
    assert_eq!(r[2].errors, 1);
}

#[test]
fn the_machine_is_named_only_when_the_log_names_it() {
    let r = runs(&sample(), &|_| 0);
    assert_eq!(r[0].server.as_deref(), Some("LUCEX01"));
    assert_eq!(r[2].server, None, "the file stem is not a machine name");
}

#[test]
fn clock_shifts_move_each_source_of_a_run() {
    let r = runs(&sample(), &|s| if s == SourceId(2) { -60_000 } else { 0 });
    assert_eq!(r[1].start, UtcMs(3_540_000));
    assert_eq!(r[1].duration_ms(), 100_000);
}

/// A Test-MigrationServerAvailability START with nothing after it: the log ends in the call.
fn cut_tmsa(source: u16) -> CmdletCall {
    let text = "2024.11.05 12:00:20.000         10276 [Client=UX, Session=Tenant, \
                Cmdlet=Test-MigrationServerAvailability, Thread=21] START \
                Test-MigrationServerAvailability -ExchangeRemoteMove: $true\r\n";
    let entries = crate::parse::hcw::parse_hcw(text, SourceId(source)).entries;
    let mut calls = crate::analyze::cmdlet::pair_cmdlets(&entries);
    assert_eq!(calls.len(), 1);
    calls.remove(0)
}

#[test]
fn a_run_whose_log_ends_inside_a_call_is_incomplete_not_failed() {
    let cut = || {
        let mut a = sample();
        a.cmdlets.push(cut_tmsa(3));
        a
    };
    let r = runs(&cut(), &|_| 0);
    assert_eq!(r[2].outcome, RunOutcome::Incomplete, "{r:#?}");
    assert_eq!(
        r[2].ends_in.as_deref(),
        Some("Test-MigrationServerAvailability")
    );
    assert_eq!(
        r[2].outcome_words(),
        "incomplete: the log ends in Test-MigrationServerAvailability, no result"
    );
    assert_eq!((r[2].calls, r[2].failed_calls), (1, 0));
    assert_eq!(r[0].outcome_words(), "failed");
    // Real failures still fail it: a call that failed before, or an error logged after.
    let mut failed_before = cut();
    failed_before
        .cmdlets
        .push(call(3, 2, 7_205_000, CmdletOutcome::Failed));
    let mut error_after = cut();
    error_after
        .hcw
        .push(entry(3, 9, 7_225_000, HcwLevel::Error, 10_165));
    for b in [failed_before, error_after] {
        let r = runs(&b, &|_| 0);
        assert_eq!(r[2].outcome, RunOutcome::Failed, "{r:#?}");
        assert_eq!(r[2].outcome_words(), "failed");
    }
}
