//! Screens of the explorer at 80x24 against logs unlike the demo: what each line claims must
//! hold for them too.

use crate::corpus;
use crate::explorer;
use crate::fixtures;
use crate::scenario;

use explorer::{loaded, rows};
use fixtures::fixture;
use hcwlens::tui::model::Model;
use hcwlens::tui::view::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scenario::{press, type_text};
use std::path::PathBuf;

fn model(paths: &[PathBuf]) -> Model {
    loaded(paths, (80, 24))
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

/// A log of 2015 beside one of 2025 (a Security log exported years ago, an old IIS file in the
/// collection): `08-23 10:50 … 03-12 09:23` reads as August to March of one year.
#[test]
fn a_strip_over_years_names_the_years() {
    let m = model(&[fixture("audit20/lb-pair"), fixture("evtx-scenario")]);
    let row = strip_row(&m);
    assert!(row.starts_with("2015-08-23 "), "{row}");
    assert!(row.trim_end().ends_with(" 2025-03-12"), "{row}");
}

/// Within one year the ends keep the day and the minute.
#[test]
fn a_strip_over_days_of_one_year_names_day_and_minute() {
    let m = model(&[fixture("audit20/lb-pair"), fixture("tickets/two-servers")]);
    let row = strip_row(&m);
    assert!(row.starts_with("03-12 09:18 "), "{row}");
    assert!(row.trim_end().ends_with(" 04-01 09:00"), "{row}");
}

/// Filters that leave a pane no line: its title said ` of 136` (the count it shows missing).
#[test]
fn a_pane_filtered_to_nothing_says_it_shows_none() {
    let mut m = model(&[fixture("audit20/lb-pair")]);
    press(&mut m, &["<Tab>", "i"]);
    type_text(&mut m, "no such text anywhere");
    press(&mut m, &["<Enter>"]);
    let rows = rows(&m);
    let title = rows
        .iter()
        .find(|r| r.starts_with(" IIS "))
        .expect("IIS title");
    assert!(title.trim_end().ends_with(" 0 of 136"), "{title}");
    assert!(!title.contains("  of "), "{title}");
}

/// The status bar's sources part counts every kind loaded: HttpProxy logs alone read as
/// `no sources`, and beside IIS logs they went uncounted.
#[test]
fn the_status_bar_counts_every_kind_of_source() {
    let lb = fixture("audit20/lb-pair");
    let m = loaded(std::slice::from_ref(&lb), (120, 40));
    let status = rows(&m)[38].clone();
    assert!(status.contains("| 1 HCW + 2 IIS + 1 PXY "), "{status}");
    let m = loaded(&[lb.join("FBEX1/HttpProxy")], (120, 40));
    let status = rows(&m)[38].clone();
    assert!(!status.contains("no sources"), "{status}");
    assert!(status.contains("| 1 PXY "), "{status}");
}

/// A clock offset in force shifts the times a pane shows: at 80 columns, beside a filter, the
/// status bar dropped it first of all (before shortening anything else), so nothing on screen
/// said the IIS times of one server were moved.
#[test]
fn a_clock_offset_in_force_stays_on_the_status_bar_at_80_columns() {
    let mut m = model(&[fixture("audit20/lb-pair")]);
    press(&mut m, &["<Tab>", "+", "i"]);
    type_text(&mut m, "mrsproxy");
    press(&mut m, &["<Enter>", "j", "k"]);
    let rows = rows(&m);
    let status = &rows[22];
    assert!(status.contains("IIS 12"), "{status}");
    assert!(status.contains("offset"), "{status}");
}

/// `:` to a time on another day than the logs: the message named only clock times
/// (`10:00:00.000 is outside the loaded logs (09:18:05.000 – 09:23:50.000)`), as if the same
/// day.
#[test]
fn going_to_another_day_names_the_dates() {
    let mut m = model(&[fixture("audit20/lb-pair")]);
    press(&mut m, &[":"]);
    type_text(&mut m, "2025-03-13 10:00");
    press(&mut m, &["<Enter>"]);
    let text = rows(&m).join("\n");
    assert!(text.contains("2025-03-13 10:00:00"), "{text}");
    assert!(text.contains("(2025-03-12 09:18:05"), "{text}");
    // On the logs' day the clock times say it all.
    press(&mut m, &[":"]);
    type_text(&mut m, "2025-03-12 09:20:12");
    press(&mut m, &["<Enter>"]);
    let text = rows(&m).join("\n");
    // Where the HCW cursor landed (its nearest entry), and what was asked.
    assert!(
        text.contains("At 09:20:10.500 (nearest 09:20:12)"),
        "{text}"
    );
}

/// `c` on a Security event row: the label `workstation` ran into its value
/// (`workstationIT104-3`). Needs the corpus file `Security_with_size_t.evtx`.
#[test]
fn the_quick_filter_menu_keeps_a_space_after_each_label() {
    let Some(evtx) = corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx") else {
        return;
    };
    let mut m = model(&[fixture("evtx-scenario"), evtx]);
    // The cursor opens on the failed handshake's final leg; its 4625 follows.
    press(&mut m, &["j", "c"]);
    let rows = rows(&m);
    let text = rows.join("\n");
    assert!(text.contains("workstation IT104-3"), "{text}");
    // The values stand in one column.
    let column = |label: &str, value: &str| {
        let row = rows.iter().find(|r| r.contains(label)).expect(label);
        row.find(value).expect(value)
    };
    assert_eq!(
        column("client IP", "10.20.0.118"),
        column("workstation", "IT104-3"),
        "{text}"
    );
}

/// A leg's front-end line (`front end: Negotiate, not authenticated; 401 to the client; not
/// proxied …`) wrapped in the request popup went on at column 0, so its second row read
/// `proxied to a back end; …` as a statement of its own; it goes on under its text.
#[test]
fn a_wrapped_front_end_line_goes_on_under_its_text() {
    let mut m = model(&[fixture("audit20/lb-pair")]);
    press(&mut m, &["<Tab>", "<Enter>"]);
    let rows = rows(&m);
    let text = rows.join("\n");
    let at = rows
        .iter()
        .position(|r| r.contains("front end: "))
        .unwrap_or_else(|| panic!("no front-end line\n{text}"));
    let lead = |r: &str| {
        r.trim_start_matches('│')
            .chars()
            .take_while(|c| *c == ' ')
            .count()
    };
    let next = &rows[at + 1];
    assert!(!next.contains(" 09:2"), "the line wraps\n{text}");
    // Under `front end:`, as its first row starts.
    assert_eq!(lead(next), lead(&rows[at]), "{text}");
}
