//! The wizard's bootstrapper log (`.boot`, beside the run's `.log`, same stamp name) names no
//! machine. Loaded with its run's `.log`, every sources list names it by the machine that log
//! names, said so (`MGMT01 as named by the run's .log`), as the explorer's `I` list does: one
//! run, one machine, not a source without a server beside it. The `--tz` and `--skew` given
//! for that machine reach it too: the run's two logs stay on one clock.

use crate::explorer;
use crate::scenario;

use hcwlens::pipeline::{Analysis, Follow, LoadOptions, Selector, load};
use hcwlens::progress::NoProgress;
use hcwlens::source::{SourceInfo, ZoneOrigin};
use hcwlens::time::{UtcMs, ZoneSpec};

/// As in `tests/sources_view.rs`: HCW's line format, no Process Info table.
const BOOT: &str = "2024.11.12 09:14:10.651               Current Time Zone: Eastern Standard Time (9:14:10 AM)\r\n\
2024.11.12 09:14:10.667         10411 [Client=Boot, Thread=1] START \r\n\
2024.11.12 09:14:10.715         10412 [Client=Boot, Thread=1] Startup Options: \r\n\
2024.11.12 09:14:11.001         10411 [Client=Boot, Thread=1] FINISH Time=334.6ms\r\n";

/// The run's `.boot`, with its `.log` when `with_log`.
fn run(with_log: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("20241112_091408.boot"), BOOT).expect("boot");
    if with_log {
        write_log(dir.path());
    }
    dir
}

/// The run's `.log` (it names its machine, MGMT01, and the header offset -05:00) into `dir`.
fn write_log(dir: &std::path::Path) {
    let log = explorer::repo("tests/fixtures/scenarios/ep-hybrid-agent/hcw/20241112_091408.log");
    std::fs::copy(&log, dir.join("20241112_091408.log")).expect("copy");
}

fn analysis(dir: &tempfile::TempDir) -> Analysis {
    load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load")
}

/// The line of a report that holds the `.boot`'s name.
fn boot_line(report: &str) -> String {
    report
        .lines()
        .find(|l| l.contains("20241112_091408.boot"))
        .unwrap_or_else(|| panic!("{report}"))
        .to_string()
}

#[test]
fn the_reports_list_a_boot_log_by_its_run_s_machine() {
    let dir = run(true);
    let a = analysis(&dir);
    let text = boot_line(&hcwlens::report::text::render(&a));
    assert!(
        text.contains("(MGMT01 as named by the run's .log · HCW · "),
        "{text}"
    );
    let md = boot_line(&hcwlens::report::markdown::render(&a));
    assert!(
        md.contains("(MGMT01 as named by the run's .log · HCW · "),
        "{md}"
    );
    let html = boot_line(&hcwlens::report::html::render(&a, false));
    assert!(
        html.contains("<td>hcw</td><td>MGMT01 (named by the run&#39;s .log)</td>"),
        "{html}"
    );
    // The log itself still names no machine (JSON `sources[].server` says what it logged).
    let boot = a
        .sources
        .iter()
        .find(|s| s.path.extension().is_some_and(|e| e == "boot"))
        .expect("boot");
    assert_eq!(boot.server, "");
}

#[test]
fn alone_a_boot_log_names_no_machine() {
    let dir = run(false);
    let a = analysis(&dir);
    let text = boot_line(&hcwlens::report::text::render(&a));
    assert!(text.contains(".boot (HCW · "), "{text}");
}

#[test]
fn the_notes_list_a_boot_log_by_its_run_s_machine() {
    let dir = run(true);
    let m = explorer::loaded(&[dir.path().to_path_buf()], (80, 24));
    let text: String = hcwlens::tui::update::notes::notes(&m)
        .into_iter()
        .filter_map(|p| match p {
            hcwlens::tui::ticket::Piece::Text(t) => Some(t),
            hcwlens::tui::ticket::Piece::Marks(_) => None,
        })
        .collect();
    let row = boot_line(&text);
    assert!(
        row.starts_with("- `20241112_091408.boot` (MGMT01 (named by the run's .log), HCW, clock"),
        "{row}"
    );
}

/// `--tz MGMT01=+01:00 --skew mgmt01=+5s`: the run's machine by name.
fn by_machine() -> LoadOptions {
    LoadOptions {
        zones: vec![(Selector::Name("MGMT01".into()), ZoneSpec::Fixed(3600))],
        skews: vec![(Selector::Name("mgmt01".into()), 5000)],
        ..LoadOptions::default()
    }
}

fn source<'a>(a: &'a Analysis, ext: &str) -> &'a SourceInfo {
    a.sources
        .iter()
        .find(|s| s.path.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} among {:?}", a.sources))
}

/// 2024-11-12 at this UTC time.
fn utc(h: u32, mi: u32, s: u32, ms: u32) -> UtcMs {
    UtcMs::from_civil(2024, 11, 12, h, mi, s, ms).expect("date")
}

/// The `.boot` took its header's Eastern time while the `.log` took `+01:00`: the run's
/// bootstrapper landed 6 h after the run it started.
#[test]
fn a_tz_and_skew_for_the_run_s_machine_reach_its_boot_log() {
    let dir = run(true);
    let a = load(&[dir.path().to_path_buf()], &by_machine(), &NoProgress).expect("load");
    let (boot, log) = (source(&a, "boot"), source(&a, "log"));
    for s in [boot, log] {
        assert_eq!(
            (&s.zone, s.zone_origin, s.skew_ms),
            (&ZoneSpec::Fixed(3600), ZoneOrigin::Override, 5000),
            "{}",
            s.path.display()
        );
    }
    // 09:14:10.651 at +01:00, 5 s late; the run's .log starts after its bootstrapper.
    assert_eq!(boot.span.map(|s| s.0), Some(utc(8, 14, 15, 651)));
    assert_eq!(log.span.map(|s| s.0), Some(utc(8, 14, 16, 27)));
    assert_eq!(boot.server, "", "the log still names no machine");
}

/// Of one stamp but in another folder, a `.log` is another run (another machine's copy).
#[test]
fn a_log_of_the_same_stamp_in_another_folder_lends_no_machine() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (boots, logs) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&boots).expect("mkdir");
    std::fs::create_dir_all(&logs).expect("mkdir");
    std::fs::write(boots.join("20241112_091408.boot"), BOOT).expect("boot");
    write_log(&logs);
    let a = load(&[dir.path().to_path_buf()], &by_machine(), &NoProgress).expect("load");
    let boot = source(&a, "boot");
    assert_eq!((boot.zone_origin, boot.skew_ms), (ZoneOrigin::Header, 0));
    assert_eq!(boot.span.map(|s| s.0), Some(utc(14, 14, 10, 651)));
}

/// Followed, the bootstrapper's log comes first; when the run's `.log` joins naming the
/// machine, the `.boot` is read again on that machine's clock, as a load of both reads it.
#[test]
fn a_followed_boot_log_takes_its_machine_s_clock_when_the_run_s_log_joins() {
    let dir = run(false);
    let root = [dir.path().to_path_buf()];
    let (mut a, mut f) = Follow::load(&root, &by_machine(), &NoProgress).expect("load");
    assert_eq!(source(&a, "boot").zone_origin, ZoneOrigin::Header);
    write_log(dir.path());
    a.apply(f.poll());
    assert_eq!(source(&a, "boot").zone, ZoneSpec::Fixed(3600));
    let whole = load(&root, &by_machine(), &NoProgress).expect("load");
    for ext in ["boot", "log"] {
        let (followed, loaded) = (source(&a, ext), source(&whole, ext));
        assert_eq!(
            (
                &followed.zone,
                followed.zone_origin,
                followed.skew_ms,
                followed.span
            ),
            (
                &loaded.zone,
                loaded.zone_origin,
                loaded.skew_ms,
                loaded.span
            ),
            ".{ext}"
        );
    }
    assert_eq!(a.hcw, whole.hcw);
    // Read again once: a later poll leaves it as it is.
    assert!(f.poll().changes.is_empty());
}

#[test]
fn a_nudge_of_a_run_s_log_moves_its_boot_too() {
    // The `.boot` took the `.log`'s machine clock at load: a nudge of the `.log` in the
    // explorer moves it too, so the run's two logs stay on one clock (and the status says so).
    use hcwlens::tui::model::pane::PaneId;
    use hcwlens::tui::model::row::RowRef;
    let dir = run(true);
    let mut m = explorer::loaded(&[dir.path().to_path_buf()], (80, 24));
    let id = |ext: &str| {
        m.data
            .analysis
            .sources
            .iter()
            .find(|s| s.path.extension().is_some_and(|e| e == ext))
            .map(|s| s.id)
            .unwrap_or_else(|| panic!("no .{ext}"))
    };
    let (log, boot) = (id("log"), id("boot"));
    m.focus = PaneId::Hcw;
    let row = m.cursor_row(PaneId::Hcw).expect("HCW cursor");
    assert_eq!(
        m.data.source_of(row),
        log,
        "the cursor is on the .log: {row:?}"
    );
    let RowRef::Hcw(_) = row else { panic!() };
    scenario::press(&mut m, &["+"]);
    assert_eq!(m.clock.offset(log), 1_000);
    assert_eq!(m.clock.offset(boot), 1_000, "the .boot moves with its .log");
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(note.contains("and its run's .boot"), "{note}");
    // A nudge of the .boot alone moves only it.
    let boot_row = (0..m.data.analysis.hcw.len())
        .map(|e| RowRef::Hcw(e as u32))
        .find(|&r| m.data.source_of(r) == boot)
        .expect("a .boot row");
    let pos = m.pos_of(boot_row).expect("shown");
    m.panes[PaneId::Hcw.index()].cursor = pos;
    scenario::press(&mut m, &["-"]);
    assert_eq!(m.clock.offset(boot), 0);
    assert_eq!(m.clock.offset(log), 1_000);
}
