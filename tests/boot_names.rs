//! The wizard's bootstrapper log (`.boot`, beside the run's `.log`, same stamp name) names no
//! machine. Loaded with its run's `.log`, every sources list names it by the machine that log
//! names, said so (`MGMT01 as named by the run's .log`), as the explorer's `I` list does: one
//! run, one machine, not a source without a server beside it.

#[path = "support/explorer.rs"]
mod explorer;
#[path = "support/scenario.rs"]
mod scenario;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;

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
        let log =
            explorer::repo("tests/fixtures/scenarios/ep-hybrid-agent/hcw/20241112_091408.log");
        std::fs::copy(&log, dir.path().join("20241112_091408.log")).expect("copy");
    }
    dir
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
