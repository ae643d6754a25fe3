//! HCW logs in shapes not seen before that read wrong (helper hcw22): each fixture under
//! `tests/fixtures/hcw22/` is modelled on the real runs (facts §1.2–§1.5).

use hcwlens::analyze::overview::runs::runs;
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn load_fixture(dir: &str) -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hcw22")
        .join(dir);
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load")
}

/// Two runs' logs joined byte for byte (`copy /b a.log+b.log`), each saved with a byte order
/// mark (facts §1.2: the `.xhcw` has one; a log re-saved by an editor or a UTF-16 log has one
/// too): the mark stands before the second run's line 1. That line still starts the run, by
/// its own clock (EX02, UTC+01:00), and nothing of it is lost.
#[test]
fn a_byte_order_mark_before_an_appended_run_does_not_hide_it() {
    for dir in ["bom-between-runs", "utf16-appended"] {
        let a = load_fixture(dir);
        let starts: Vec<String> = a.cmdlets.iter().map(|c| c.start.rfc3339()).collect();
        assert_eq!(
            starts,
            ["2026-11-05T14:21:31.004Z", "2026-11-05T14:42:21.171Z"],
            "{dir}: {:?}",
            a.sources[0].stats.diagnostics
        );
        assert_eq!(a.sources[0].stats.events, 20, "{dir}");
        let r = runs(&a, &|_| 0);
        assert_eq!(r.len(), 2, "{dir}");
        assert_eq!(r[1].server.as_deref(), Some("EX02"), "{dir}");
        // The line is quoted without the mark.
        let line_one = a.hcw.iter().find(|e| e.line == 31).expect("line 31");
        assert!(
            line_one.message.starts_with("Current Time Zone:"),
            "{dir}: {:?}",
            line_one.message
        );
    }
}

/// A log copied while the wizard wrote the START of its test call, cut inside the quoted
/// `-RemoteServer 'mail.cont` (facts §1.5: HCW quotes the argument): the remote server is not
/// known, and is never named as the cut-off `mail.cont`.
#[test]
fn a_remote_server_cut_inside_its_quotes_is_not_named() {
    let a = load_fixture("cut-in-start");
    assert_eq!(a.cmdlets.len(), 1);
    let call = &a.cmdlets[0];
    assert!(
        call.command.ends_with("-RemoteServer 'mail.cont"),
        "{call:?}"
    );
    assert_eq!(call.remote_server, None, "{call:?}");
    let md = hcwlens::export::cmdlet_markdown(call, &a.sources, &hcwlens::time::ZoneSpec::Fixed(0));
    assert!(!md.contains("Remote server:"), "{md}");
}

/// A run's log cut while the wizard wrote its last line (no line break), another run's log
/// joined after it (`copy /b`): the second run's line 1 follows on the same physical line. It
/// still begins that run, read by its own clock (EX02, UTC+01:00), and the sources list says
/// the line was cut there.
#[test]
fn a_run_joined_after_a_cut_line_still_begins_there() {
    let a = load_fixture("cut-then-appended");
    let starts: Vec<String> = a.cmdlets.iter().map(|c| c.start.rfc3339()).collect();
    assert_eq!(
        starts,
        ["2026-11-05T14:21:31.004Z", "2026-11-05T14:42:21.171Z"],
        "{:?}",
        a.sources[0].stats.diagnostics
    );
    let r = runs(&a, &|_| 0);
    assert_eq!(r.len(), 2);
    assert_eq!(r[1].server.as_deref(), Some("EX02"));
    // The cut line's entry is the first run's last, not the second run's first.
    assert_eq!(r[0].end.rfc3339(), "2026-11-05T14:22:40.369Z");
    assert_eq!(r[1].start.rfc3339(), "2026-11-05T14:41:02.100Z");
    let on_line: Vec<_> = a.hcw.iter().filter(|e| e.line == 30).collect();
    assert_eq!(on_line.len(), 2, "the cut entry and line 1 share line 30");
    assert!(r[0].holds_entry(on_line[0]) && !r[1].holds_entry(on_line[0]));
    assert!(r[1].holds_entry(on_line[1]) && !r[0].holds_entry(on_line[1]));
    let notes: Vec<&str> = a.sources[0]
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("next run's line 1")),
        "{notes:?}"
    );
    assert!(
        !notes.iter().any(|n| n.contains("the last line")),
        "not the log's last line: {notes:?}"
    );
}

/// Two night runs appended (facts §1.4: each run's header names its own offset): run 1 on a
/// UTC+01:00 machine at 02:20, run 2 on a UTC machine twenty minutes later, at 01:41 on its
/// wall clock. The step back at run 2's line 1 is another machine's clock, not daylight saving
/// time ending: the sources list does not say so, and both runs keep their own clocks.
#[test]
fn another_run_s_earlier_wall_clock_is_not_a_daylight_saving_switch() {
    let a = load_fixture("night-runs-two-zones");
    let notes: Vec<&str> = a.sources[0]
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert!(
        !notes.iter().any(|n| n.contains("set back an hour")),
        "{notes:?}"
    );
    let starts: Vec<String> = a.cmdlets.iter().map(|c| c.start.rfc3339()).collect();
    assert_eq!(
        starts,
        ["2026-11-05T01:21:31.004Z", "2026-11-05T01:42:21.171Z"],
        "{notes:?}"
    );
}

/// Runs joined byte for byte, the copy cut inside the second run's line 1
/// (`2026.11.05 15:41:02.100               Current Time Zone`, no line break): that line still
/// begins a run. The first run ends at its own last entry (not an hour and more later), and
/// its test call left open is not one the log ends in: the next run began.
#[test]
fn a_line_one_cut_at_the_end_still_begins_a_run() {
    let a = load_fixture("cut-in-next-line-one");
    let r = runs(&a, &|_| 0);
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(r[0].end.rfc3339(), "2026-11-05T14:22:40.369Z");
    let call = &a.cmdlets[0];
    assert!(
        !hcwlens::analyze::cmdlet::log_ends_in(call),
        "{:?}",
        call.error
    );
    assert!(
        hcwlens::analyze::cmdlet::run_ended_in(call),
        "{:?}",
        call.error
    );
}
