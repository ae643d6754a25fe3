//! The timeline strip: computed once per load, filter or clock change (not per key or frame),
//! zoomed around the cursor, drawn as one row of blocks with the failures and calls marked.

use crate::scenario;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::Model;
use hcwlens::tui::view::strip::window;
use hcwlens::tui::view::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scenario::{press, settings, type_text};
use std::path::PathBuf;

fn demo(w: u16, h: u16) -> Model {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    Model::ready(
        load(&[dir], &opts, &NoProgress).expect("demo"),
        settings(None),
        (w, h),
    )
}

fn strip_row(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).expect("terminal");
    t.draw(|f| view(m, f)).expect("draw");
    let a = m.areas();
    let buf = t.backend().buffer();
    (0..buf.area.width)
        .map(|x| buf[(x, a.strip.y)].symbol().to_string())
        .collect()
}

fn totals(m: &Model) -> (u64, u64) {
    let t = m.strip.fine.as_ref().expect("computed");
    (
        t.buckets.iter().map(|b| b.requests).sum(),
        t.buckets.iter().map(|b| b.failures).sum(),
    )
}

#[test]
fn computed_once_per_load_not_per_key() {
    let mut m = demo(120, 40);
    assert_eq!(m.strip.computed, 1);
    let (requests, failures) = totals(&m);
    let rows: usize = m.data.analysis.requests.iter().map(|r| r.len()).sum();
    assert_eq!(requests, rows as u64, "every IIS request is counted once");
    // 6 failed handshakes and 2 failed calls.
    assert_eq!(failures, 8);
    press(&mut m, &["j", "j", "k", "<Tab>", "z", "Z"]);
    strip_row(&m);
    assert_eq!(m.strip.computed, 1, "moving, zooming and drawing reuse it");
}

#[test]
fn a_filter_or_a_clock_nudge_recomputes_it() {
    let mut m = demo(120, 40);
    press(&mut m, &["<Tab>", "i"]);
    type_text(&mut m, "mrsproxy");
    press(&mut m, &["<Enter>"]);
    assert!(m.strip.computed >= 2);
    let (requests, failures) = totals(&m);
    assert_eq!(requests, 18, "only the /EWS/mrsproxy.svc requests are kept");
    assert_eq!(failures, 8);
    let before = m.strip.computed;
    press(&mut m, &["<Tab>", "+"]);
    assert!(
        m.strip.computed > before,
        "an HCW offset moves the call markers"
    );
}

#[test]
fn zoom_narrows_the_window_around_the_cursor() {
    let mut m = demo(120, 40);
    let t = m.strip.fine.clone().expect("computed");
    let at = m.cursor_time();
    let (a0, b0) = window(&t, 0, at);
    assert_eq!((a0, b0), (t.start.0, t.end().0));
    press(&mut m, &["z", "z", "z"]);
    assert_eq!(m.strip.zoom, 3);
    let (a, b) = window(&t, m.strip.zoom, at);
    assert_eq!(b - a, (b0 - a0) >> 3);
    let cursor = at.expect("cursor").0;
    assert!(a <= cursor && cursor < b, "the cursor stays in the window");
    press(&mut m, &["Z", "Z", "Z", "Z"]);
    assert_eq!(m.strip.zoom, 0, "zooming out stops at the whole range");
}

#[test]
fn the_row_marks_the_failed_call_and_shows_the_range() {
    let mut m = demo(80, 24);
    let row = strip_row(&m);
    assert!(row.starts_with("00:09:58 "), "{row}");
    // The last line's time (the demo's IIS log ends at 13:36:12), not the end of the last
    // slice a few seconds later.
    assert!(row.trim_end().ends_with(" 13:36:12"), "{row}");
    assert!(
        row.contains('!'),
        "the failed Test-MigrationServerAvailability: {row}"
    );
    assert!(row.contains('░'), "request volume: {row}");
    press(&mut m, &["z", "z"]);
    let row = strip_row(&m);
    assert!(row.trim_end().ends_with(" z2"), "{row}");
    assert!(row.contains('!'), "{row}");
}

#[test]
fn zoomed_in_the_row_marks_where_the_run_starts_and_ends() {
    let mut m = demo(120, 40);
    let row = strip_row(&m);
    assert!(
        !row.contains('[') || row.find('[') < row.find(']'),
        "whole range: {row}"
    );
    press(&mut m, &["z", "z", "z", "z"]);
    let row = strip_row(&m);
    let (start, end) = (row.find('['), row.find(']'));
    assert!(
        start.is_some() && end.is_some(),
        "both ends of the run: {row}"
    );
    assert!(start < end, "{row}");
    assert!(row.contains('!'), "the failed call inside the run: {row}");
}

/// A log that runs from one day into the next: times alone would read `00:00:00 … 00:00:01`.
#[test]
fn a_window_across_midnight_labels_its_ends_with_the_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut log = String::from(
        "#Software: Microsoft Internet Information Services 10.0\n\
         #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
         cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n",
    );
    for (date, time) in [
        ("2024-11-05", "00:00:00"),
        ("2024-11-05", "12:00:00"),
        ("2024-11-06", "00:00:01"),
    ] {
        log.push_str(&format!(
            "{date} {time} 10.0.0.5 GET /owa/ - 443 - 10.0.0.9 Mozilla - 200 0 0 5\n"
        ));
    }
    let path = dir.path().join("u_ex241105.log");
    std::fs::write(&path, log).expect("write");
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let m = Model::ready(
        load(&[path], &opts, &NoProgress).expect("load"),
        settings(None),
        (80, 24),
    );
    let row = strip_row(&m);
    assert!(row.starts_with("11-05 00:00 "), "{row}");
    assert!(row.trim_end().ends_with(" 11-06 00:00"), "{row}");
}

/// The strip's right end said the end of its last slice, seconds past the last line
/// (`09:23:53` for logs whose last line is at 09:23:50): it says the last line's time.
#[test]
fn the_right_end_says_the_last_line_s_time() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit20/lb-pair");
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let a = load(&[dir], &opts, &NoProgress).expect("load");
    let mut m = Model::ready(a, settings(None), (80, 24));
    let row = strip_row(&m);
    assert!(row.starts_with("09:18:05 "), "{row}");
    assert!(row.trim_end().ends_with(" 09:23:50"), "{row}");
    // Zoomed in at the end the window still ends at the last line.
    press(&mut m, &["<Tab>", "G", "z"]);
    let row = strip_row(&m);
    assert!(row.trim_end().ends_with(" 09:23:50 z1"), "{row}");
}

/// A day's log whose last line is a second before midnight: the last slice ends past
/// midnight, and the strip named dates as if the logs ran into the next day
/// (`11-05 12:00 … 11-06 00:00`). One day's logs keep the clock times.
#[test]
fn a_day_ending_just_before_midnight_is_not_labelled_as_two_days() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut log = String::from(
        "#Software: Microsoft Internet Information Services 10.0\n\
         #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
         cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n",
    );
    for time in ["12:00:00", "18:00:00", "23:59:59"] {
        log.push_str(&format!(
            "2024-11-05 {time} 10.0.0.5 GET /owa/ - 443 - 10.0.0.9 Mozilla - 200 0 0 5\n"
        ));
    }
    let path = dir.path().join("u_ex241105.log");
    std::fs::write(&path, log).expect("write");
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let m = Model::ready(
        load(&[path], &opts, &NoProgress).expect("load"),
        settings(None),
        (80, 24),
    );
    let row = strip_row(&m);
    assert!(row.starts_with("12:00:00 "), "{row}");
    assert!(row.trim_end().ends_with(" 23:59:59"), "{row}");
}

use crate::corpus;

/// A Security log exported over years (2019), loaded with a day's IIS logs (2024-11-05
/// 13:00–13:01): the strip spanned 2019–2024 and the IIS activity was one column. It spans
/// the IIS logs, and says that Security events lie before it, and from when.
#[test]
fn a_security_log_of_other_years_does_not_stretch_the_strip() {
    let Some(evtx) = corpus::corpus("evtx/velocidex-evtx/Security.evtx") else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/redact-seeds");
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let a = load(
        &[evtx, root.join("EX01"), root.join("EX02")],
        &opts,
        &NoProgress,
    )
    .expect("load");
    let mut m = Model::ready(a, settings(None), (80, 24));
    let row = strip_row(&m);
    assert!(row.starts_with("EVT 2019< 13:00:00 "), "{row}");
    assert!(row.trim_end().ends_with(" 13:01:44"), "{row}");
    let blocks = row.chars().filter(|c| "░▒▓█".contains(*c)).count();
    assert!(blocks >= 6, "the IIS minutes spread over the strip: {row}");
    // Every row is still in the pane: the first is a Security event of 2019, and the cursor
    // on it reverses the `<`.
    m.focus = hcwlens::tui::model::pane::PaneId::Iis;
    press(&mut m, &["g"]);
    assert!(
        m.fmt_date(m.cursor_time().expect("a row"))
            .starts_with("2019")
    );
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| view(&m, f)).expect("draw");
    let cell = &t.backend().buffer()[(8, m.areas().strip.y)];
    assert_eq!(cell.symbol(), "<");
    assert!(
        cell.modifier.contains(ratatui::style::Modifier::REVERSED),
        "{cell:?}"
    );
}
