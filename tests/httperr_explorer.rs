//! HTTPERR lines in the explorer: the `s-reason` column shown and decoded, numbers that were
//! not logged shown as `-` (never `0.0 0`), and failure-class reasons counted as failures for
//! `e`/`E` and in the status bar.

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::row::RowRef;
use hcwlens::tui::model::timeline::FailureKind;
use hcwlens::tui::model::{Model, Settings};
use hcwlens::tui::view::theme::Theme;
use hcwlens::tui::view::{detail, rows, status};
use std::path::Path;

fn model_of(names: &[&str]) -> Model {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/w3c"));
    let paths: Vec<_> = names.iter().map(|n| dir.join(n)).collect();
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let a = load(&paths, &opts, &NoProgress).expect("load");
    Model::ready(a, Settings::new("test"), (140, 40))
}

fn text(line: &ratatui::text::Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

#[test]
fn httperr_rows_show_the_reason_and_dashes_for_missing_numbers() {
    let m = model_of(&["httperr1.log"]);
    let idle = rows::row(&m, RowRef::Iis(0, 0)).text();
    assert!(idle.ends_with(" - Timer_ConnectionIdle"), "{idle}");
    assert!(!idle.contains("0.0 0"), "{idle}");
    let off = rows::row(&m, RowRef::Iis(0, 1)).text();
    assert!(off.contains("/EWS/mrsproxy.svc 503 AppOffline"), "{off}");
    let host = rows::row(&m, RowRef::Iis(0, 2)).text();
    assert!(host.contains(" 400 Hostname"), "{host}");

    let theme = Theme::new(false);
    let mut m = m;
    m.focus = hcwlens::tui::model::pane::PaneId::Iis;
    let detail_of = |m: &Model| -> String {
        detail::content(m, &theme)
            .1
            .iter()
            .map(text)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let shown = detail_of(&m);
    let want = [
        "Timer_ConnectionIdle - An idle connection expired",
        "503 Service Unavailable\nAppOffline - Application errors",
        "400 Bad Request\nHostname - Parse error",
    ];
    let Some(RowRef::Iis(0, k)) = m.cursor_row(m.focus) else {
        panic!("cursor on an HTTPERR row")
    };
    assert!(shown.starts_with(want[k as usize]), "{shown}");
    let entry: Vec<String> = hcwlens::tui::view::entry::lines(&m, RowRef::Iis(0, 0), 120)
        .iter()
        .map(text)
        .collect();
    let entry = entry.join("\n");
    assert!(
        entry.contains("Timer_ConnectionIdle - An idle connection expired"),
        "{entry}"
    );
    assert!(!entry.contains("0.0"), "{entry}");
    assert!(!entry.contains("Status"), "no status logged: {entry}");
}

#[test]
fn failure_class_reasons_are_failures_for_e_and_the_status_bar() {
    let m = model_of(&["httperr1.log"]);
    let httperr: Vec<RowRef> = m
        .timeline
        .failures
        .iter()
        .filter(|f| f.kind == FailureKind::HttpErr)
        .map(|f| f.row)
        .collect();
    // AppOffline (the pool is down) and Hostname (rejected); an idle connection is not.
    assert_eq!(httperr, [RowRef::Iis(0, 1), RowRef::Iis(0, 2)]);
    let theme = Theme::new(false);
    let bar = text(&status::status_line(&m, &theme));
    assert!(bar.contains("2 HTTP.sys errors"), "{bar}");
}

#[test]
fn unread_numbers_show_as_written() {
    let m = model_of(&["u_ex241105_oversized.log"]);
    let row = |i| rows::row(&m, RowRef::Iis(0, i)).text();
    assert!(row(1).contains("401.1 4294967296"), "{}", row(1));
    assert!(!row(1).contains("401.1 0"), "{}", row(1));
    assert!(row(2).contains("401.99999 0"), "{}", row(2));
    assert!(row(4).contains("70000.0 0"), "{}", row(4));
    let idx = &m.data.analysis.requests[0];
    assert_eq!(idx.time_taken_text(3), "99999999999");
    assert_eq!(idx.time_taken_text(0), "3 ms");
}
