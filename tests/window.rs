//! The time window (`--since` / `--until`, and the default around HCW runs) on a generated
//! 30-day, 4-server tree: only the window's files are read, and the result equals loading those
//! files by hand with the same window.

use crate::fixtures;

use fixtures::copy_dir;
use hcwlens::generate::{GenOptions, generate_tree};
use hcwlens::pipeline::window::{Window, WindowMode, WindowOrigin};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::UtcMs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SERVERS: u32 = 4;
const DAYS: u32 = 30;

/// 30 days of 4 servers, about 24 KiB a file (the generator starts on 2024-11-05).
fn month() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed: 3,
        bytes: u64::from(SERVERS * DAYS) * 24 * 1024,
        servers: SERVERS,
        days: DAYS,
        ..GenOptions::default()
    };
    let files = generate_tree(&spec, dir.path()).expect("generate");
    assert_eq!(files.len(), (SERVERS * DAYS) as usize);
    (dir, files)
}

fn at(d: u32, h: u32, mi: u32) -> UtcMs {
    UtcMs::from_civil(2024, 11, d, h, mi, 0, 0).expect("civil")
}

fn windowed(paths: &[PathBuf], mode: WindowMode) -> Analysis {
    let opts = LoadOptions {
        window: mode,
        ..LoadOptions::default()
    };
    load(paths, &opts, &NoProgress).expect("load")
}

/// The JSON report without its `window` part (which differs by what was skipped).
fn json_without_window(a: &Analysis) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(a)).expect("json");
    v.as_object_mut().expect("object").remove("window");
    v
}

#[test]
fn since_until_reads_only_the_windows_files_and_equals_loading_them_by_hand() {
    let (dir, files) = month();
    let w = Window {
        since: Some(at(20, 0, 10)),
        until: Some(at(20, 23, 50)),
    };
    let tree = windowed(&[dir.path().to_path_buf()], WindowMode::Given(w));
    let report = tree.window.as_ref().expect("a window is reported");
    assert_eq!(report.files_read, u64::from(SERVERS), "one file per server");
    assert_eq!(report.skipped.len(), (SERVERS * (DAYS - 1)) as usize);
    assert_eq!(report.origin, WindowOrigin::Given);

    let by_hand: Vec<PathBuf> = files
        .iter()
        .filter(|p| p.ends_with("u_ex241120.log"))
        .cloned()
        .collect();
    assert_eq!(by_hand.len(), SERVERS as usize);
    let hand = windowed(&by_hand, WindowMode::Given(w));
    assert!(hand.window.as_ref().is_some_and(|r| r.skipped.is_empty()));
    assert_eq!(json_without_window(&tree), json_without_window(&hand));
    assert_eq!(
        tree.window.as_ref().map(|r| r.requests_outside),
        hand.window.as_ref().map(|r| r.requests_outside)
    );

    // Every request kept lies inside; the day's file does hold requests outside it.
    let full = windowed(&by_hand, WindowMode::All);
    assert!(
        report.requests_outside > 0,
        "00:00-00:10 and 23:50 on were dropped"
    );
    for s in &tree.sources {
        let (first, last) = s.span.expect("requests inside");
        assert!(w.contains(first) && w.contains(last), "{s:?}");
    }
    let events: u64 = full.sources.iter().map(|s| s.stats.events).sum();
    assert!(events > report.requests_outside);
}

#[test]
fn a_window_straddling_midnight_reads_the_files_that_reach_into_it() {
    let (dir, _files) = month();
    let w = Window {
        since: Some(at(12, 22, 0)),
        until: Some(at(13, 2, 0)),
    };
    let a = windowed(&[dir.path().to_path_buf()], WindowMode::Given(w));
    // What a full load says each file spans decides which files the window needs.
    let full = windowed(&[dir.path().to_path_buf()], WindowMode::All);
    let mut needed: Vec<PathBuf> = full
        .sources
        .iter()
        .filter(|s| s.span.is_some_and(|(f, l)| w.overlaps(f, l, 0)))
        .map(|s| s.path.clone())
        .collect();
    let mut read: Vec<PathBuf> = a.sources.iter().map(|s| s.path.clone()).collect();
    needed.sort();
    read.sort();
    assert_eq!(read, needed);
    assert!(
        read.len() > usize::try_from(SERVERS).unwrap_or(0),
        "both days: {read:?}"
    );
    let report = a.window.as_ref().expect("window");
    assert_eq!(report.files_read as usize, read.len());
    assert_eq!(report.skipped.len() + read.len(), (SERVERS * DAYS) as usize);
}

#[test]
fn hcw_runs_with_a_month_of_iis_get_a_default_window_and_keep_their_findings() {
    let (dir, _files) = month();
    let scenario = Path::new("tests/fixtures/scenarios/ep-hybrid-agent");
    copy_dir(scenario, &dir.path().join("case"));
    let alone = windowed(&[scenario.to_path_buf()], WindowMode::runs());
    assert!(alone.window.is_none(), "one day of IIS: no default window");

    let a = windowed(&[dir.path().to_path_buf()], WindowMode::runs());
    let report = a.window.as_ref().expect("default window");
    assert_eq!(
        report.origin,
        WindowOrigin::HcwRuns {
            margin_ms: 3_600_000
        }
    );
    assert!(
        report.skipped.len() >= (SERVERS * (DAYS - 1)) as usize,
        "{}",
        report.summary()
    );
    assert!(
        report
            .summary()
            .contains("1h before the first HCW run to 1h after the last"),
        "{}",
        report.summary()
    );
    let ids =
        |a: &Analysis| -> Vec<String> { a.findings.iter().map(|f| f.id.to_string()).collect() };
    for id in ids(&alone) {
        assert!(ids(&a).contains(&id), "{id} lost by the default window");
    }
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("Time window 2024-11-12"), "{text}");

    let everything = windowed(&[dir.path().to_path_buf()], WindowMode::All);
    assert!(everything.window.is_none());
    assert_eq!(
        everything.sources.len(),
        (SERVERS * DAYS) as usize + alone.sources.len()
    );
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_report_command_takes_since_and_until() {
    let (dir, _files) = month();
    let tree = dir.path().to_string_lossy().into_owned();
    let (code, out, err) = run(&[
        "report",
        &tree,
        "--format",
        "json",
        "--since",
        "2024-11-20 00:10",
        "--until",
        "+23h",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["window"]["files_read"], 4, "{}", v["window"]);
    assert_eq!(v["window"]["files_skipped"], 116);
    assert_eq!(v["window"]["since"], "2024-11-20T00:10:00.000Z");
    assert_eq!(v["window"]["until"], "2024-11-20T23:10:00.000Z");

    // A whole UTC day is exactly that day's files: IIS rotates at UTC midnight.
    let (code, out, err) = run(&[
        "report",
        &tree,
        "--format",
        "json",
        "--since",
        "2024-11-20",
        "--until",
        "+1d",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["window"]["files_read"], 4, "{}", v["window"]);

    let (code, out, _) = run(&["report", &tree, "--since", "2024-11-20T01:00:00+01:00"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Time window since 2024-11-20 00:00 UTC (--since/--until): "),
        "{out}"
    );

    let (code, _, err) = run(&[
        "report",
        &tree,
        "--since",
        "2024-11-20",
        "--until",
        "2024-11-19",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--until") && err.contains("not after"),
        "{err}"
    );
    let (code, _, err) = run(&["report", &tree, "--since", "13:00"]);
    assert_eq!(code, 2);
    assert!(err.contains("no date"), "{err}");
    let (code, _, err) = run(&["report", &tree, "--all", "--since", "2024-11-20"]);
    assert_eq!(code, 2, "{err}");
}

/// One row of the explorer's index: instant, line number, offset, status and the line as read
/// back from the file.
type Row = (i64, u64, u64, (u16, u16, u32), String);

fn rows(a: &Analysis, w: &Window) -> Vec<Row> {
    let mut out = Vec::new();
    for ix in &a.requests {
        for i in 0..ix.len() {
            if w.contains(ix.ts(i)) {
                let text = a.line_text(ix.source, ix.offset(i)).unwrap_or_default();
                out.push((ix.ts(i).0, ix.line_no(i), ix.offset(i), ix.status(i), text));
            }
        }
    }
    out
}

#[test]
fn a_big_file_is_read_only_around_the_window_with_the_same_rows_and_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed: 5,
        bytes: 12 << 20,
        servers: 1,
        days: 1,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    let w = Window {
        since: Some(UtcMs::from_civil(2024, 11, 5, 13, 0, 0, 0).expect("civil")),
        until: Some(UtcMs::from_civil(2024, 11, 5, 14, 0, 0, 0).expect("civil")),
    };
    let load_with = |mode: WindowMode| {
        let opts = LoadOptions {
            window: mode,
            index: true,
            ..LoadOptions::default()
        };
        load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load")
    };
    let part = load_with(WindowMode::Given(w));
    let whole = load_with(WindowMode::All);
    let report = part.window.as_ref().expect("window");
    assert!(
        report.bytes_skipped > 8 << 20,
        "most of the file is not parsed: {}",
        report.summary()
    );
    let (got, want) = (rows(&part, &w), rows(&whole, &w));
    assert!(want.len() > 100, "{}", want.len());
    assert_eq!(
        got.len(),
        part.requests.iter().map(|r| r.len()).sum::<usize>(),
        "only rows inside"
    );
    assert_eq!(got, want);
    let mrs = |a: &Analysis| -> Vec<(u64, u64, i64)> {
        a.mrs
            .iter()
            .filter(|m| w.contains(m.ts))
            .map(|m| (m.line, m.offset, m.ts.0))
            .collect()
    };
    assert_eq!(mrs(&part), mrs(&whole));
    assert!(part.mrs.iter().all(|m| w.contains(m.ts)));
}

#[test]
fn an_hcw_log_wholly_outside_a_given_window_is_skipped_and_said() {
    let scenario = Path::new("tests/fixtures/scenarios/ep-hybrid-agent");
    let other_day = Window {
        since: Some(at(20, 0, 0)),
        until: Some(at(21, 0, 0)),
    };
    let a = windowed(&[scenario.to_path_buf()], WindowMode::Given(other_day));
    assert!(a.sources.is_empty(), "{:?}", a.sources);
    let report = a.window.as_ref().expect("window");
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("2 files outside it skipped"), "{text}");

    let its_day = Window {
        since: Some(at(12, 0, 0)),
        until: Some(at(13, 0, 0)),
    };
    let a = windowed(&[scenario.to_path_buf()], WindowMode::Given(its_day));
    assert_eq!(a.sources.len(), 2);
    assert!(a.window.as_ref().is_some_and(|r| r.skipped.is_empty()));
}
