//! The time window in the explorer: said in the status bar and the sources list (`I`), with
//! the files it left out; `T` asks for a load with the next wider window.

use crate::explorer;
use crate::scenario;

use explorer::screen;
use hcwlens::pipeline::window::{Window, WindowMode, WindowOrigin, WindowReport};
use hcwlens::time::UtcMs;
use hcwlens::tui::effect::Effect;
use hcwlens::tui::model::Model;
use hcwlens::tui::msg::Msg;
use hcwlens::tui::update::handle;
use scenario::*;

fn windowed(size: (u16, u16)) -> Model {
    let mut a = analysis();
    let at = |h, m| UtcMs::from_civil(2024, 11, 5, h, m, 0, 0).expect("civil");
    let mut report = WindowReport::new(
        Window {
            since: Some(at(12, 23)),
            until: Some(at(14, 25)),
        },
        WindowOrigin::HcwRuns {
            margin_ms: 3_600_000,
        },
        WindowMode::runs(),
    );
    report.skipped = vec![
        "EX01/W3SVC1/u_ex241104.log".into(),
        "EX01/W3SVC1/u_ex241106.log".into(),
    ];
    report.requests_outside = 12;
    a.window = Some(report);
    Model::ready(a, settings(None), size)
}

#[test]
fn the_status_bar_says_a_window_is_active() {
    let m = windowed((160, 30));
    let s = screen(&m);
    assert!(
        s.contains("window 2024-11-05 12:23–14:25 (T widens)"),
        "{s}"
    );
    let narrow = screen(&windowed((80, 24)));
    let status = narrow.lines().nth(22).unwrap_or_default().to_string();
    assert!(status.contains("window"), "at 80 columns:\n{narrow}");
}

#[test]
fn the_sources_list_names_the_window_and_the_files_outside_it() {
    let mut m = windowed((160, 30));
    press(&mut m, &["I"]);
    let s = screen(&m);
    for want in [
        "outside the window",
        "Time window 2024-11-05 12:23–14:25 UTC (1h before the first HCW run to 1h after",
        "2 files",
        "outside it skipped",
        "12 requests",
        "T widens it.",
    ] {
        assert!(s.contains(want), "{want}:\n{s}");
    }
    press(&mut m, &["G"]);
    let s = screen(&m);
    assert!(s.contains("OUT  EX01/W3SVC1/u_ex241106.log"), "{s}");
}

#[test]
fn capital_t_loads_again_with_a_wider_window() {
    let mut m = windowed((100, 30));
    let effects = handle(&mut m, Msg::Key(key("T")));
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Reload {
                window: WindowMode::Runs {
                    margin_ms: 7_200_000
                }
            }
        )),
        "{effects:?}"
    );
    let note = m.note.clone().map(|n| n.text).unwrap_or_default();
    assert!(note.contains("2h before the first HCW run"), "{note}");

    let mut plain = Model::ready(analysis(), settings(None), (100, 30));
    let effects = handle(&mut plain, Msg::Key(key("T")));
    assert!(effects.is_empty(), "no window, nothing to widen");
    let note = plain.note.clone().map(|n| n.text).unwrap_or_default();
    assert!(note.contains("No time window"), "{note}");
}

#[test]
fn the_iis_pane_counts_only_iis_logs_outside_the_window_and_i_lists_them_first() {
    // The HCW run of 2024-11-12 with a front end's logs of 2024-11-05: one IIS log and two
    // HttpProxy logs, all outside a window on the 12th.
    let at = |d, h| UtcMs::from_civil(2024, 11, d, h, 0, 0, 0).expect("civil");
    let opts = hcwlens::pipeline::LoadOptions {
        index: true,
        window: WindowMode::Given(Window {
            since: Some(at(12, 0)),
            until: Some(at(13, 0)),
        }),
        ..Default::default()
    };
    // Relative (tests run in the crate's folder): a checkout's longer path would wrap the
    // listed paths before the part the test looks for.
    let paths = [
        std::path::PathBuf::from("tests/fixtures/scenarios/ep-hybrid-agent/hcw"),
        std::path::PathBuf::from("tests/fixtures/httpproxy/front-end-view"),
    ];
    let a = hcwlens::pipeline::load(&paths, &opts, &hcwlens::progress::NoProgress).expect("load");
    assert_eq!(a.window.as_ref().map(|w| w.skipped.len()), Some(3));
    let mut m = Model::ready(a, settings(None), (80, 24));
    let s = screen(&m);
    assert!(
        s.contains(" IIS  1 IIS log outside the time window, not read (T widens it, I lists it)"),
        "{s}"
    );
    press(&mut m, &["I", "G"]);
    let s = screen(&m).replace('\\', "/");
    let out: Vec<&str> = s
        .lines()
        .map(|l| l.trim_matches('│'))
        .filter(|l| l.starts_with("OUT "))
        .collect();
    assert_eq!(out.len(), 3, "{s}");
    assert!(
        out[0].starts_with("OUT IIS  ") && out[0].contains("/W3SVC1/"),
        "{s}"
    );
    assert!(out[1..].iter().all(|l| l.starts_with("OUT PXY  ")), "{s}");
}

#[test]
fn with_a_window_that_ends_the_status_bar_says_only_the_hcw_log_is_followed() {
    use hcwlens::tui::worker::WorkerMsg;
    // Lines appended after the window's end lie outside it: only HCW logs are followed then.
    for size in [(80, 24), (160, 30)] {
        let mut m = windowed(size);
        send(&mut m, Msg::Worker(WorkerMsg::Following(1)));
        let s = screen(&m);
        let status = s.lines().nth(usize::from(size.1) - 2).unwrap_or_default();
        assert!(status.contains("following HCW"), "{s}");
        press(&mut m, &["P"]);
        let note = m.note.clone().map(|n| n.text).unwrap_or_default();
        assert!(note.starts_with("Follow paused"), "{note}");
        let s = screen(&m);
        assert!(s.contains("HCW follow paused"), "{s}");
        press(&mut m, &["P"]);
        let note = m.note.clone().map(|n| n.text).unwrap_or_default();
        assert!(note.contains("HCW log"), "{note}");
        assert!(note.contains("window"), "{note}");
    }
    // Without an end, every log is followed.
    let mut m = Model::ready(analysis(), settings(None), (80, 24));
    send(&mut m, Msg::Worker(WorkerMsg::Following(2)));
    let s = screen(&m);
    assert!(
        s.lines()
            .nth(22)
            .unwrap_or_default()
            .starts_with("following |"),
        "{s}"
    );
}
