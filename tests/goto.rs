//! Jump to a time (`:`): the typed time, read in the display zone on screen, puts both panes on
//! the rows nearest that instant; nonsense keeps the prompt open with the reason.

use crate::scenario;

use hcwlens::time::UtcMs;
use hcwlens::tui::keymap::Mode;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::input::InputKind;
use hcwlens::tui::model::pane::PaneId;
use scenario::*;

fn pane_time(m: &Model, p: PaneId) -> UtcMs {
    let row = m.cursor_row(p).expect("a row under the cursor");
    m.time_of(row)
}

fn goto(m: &mut Model, text: &str) {
    press(m, &[":"]);
    assert_eq!(m.mode(), Mode::Input);
    assert_eq!(m.input.as_ref().map(|i| i.kind), Some(InputKind::Goto));
    type_text(m, text);
    press(m, &["<Enter>"]);
}

fn utc(text: &str) -> UtcMs {
    let (date, time) = text.split_once(' ').expect("date and time");
    let d: Vec<u32> = date.split('-').map(|x| x.parse().expect("n")).collect();
    let t: Vec<u32> = time.split(':').map(|x| x.parse().expect("n")).collect();
    UtcMs::from_civil(d[0] as i32, d[1], d[2], t[0], t[1], t[2], 0).expect("valid")
}

/// Both panes sit on the row nearest `at`.
fn assert_both_at(m: &Model, at: UtcMs) {
    for p in PaneId::ALL {
        let want = m.pos_near(p, at).expect("rows");
        assert_eq!(
            m.pane(p).cursor,
            want,
            "{p:?} is not at the row nearest {at}"
        );
    }
}

#[test]
fn a_clock_time_moves_both_panes() {
    let mut m = model(120, 40);
    let before = (m.pane(PaneId::Hcw).cursor, m.pane(PaneId::Iis).cursor);
    goto(&mut m, "13:23:20");
    assert_eq!(m.mode(), Mode::Normal, "the prompt closes");
    let at = utc("2024-11-05 13:23:20");
    assert_both_at(&m, at);
    assert_eq!(
        pane_time(&m, PaneId::Iis),
        at,
        "an IIS request at 13:23:20 exists"
    );
    assert_ne!(
        (m.pane(PaneId::Hcw).cursor, m.pane(PaneId::Iis).cursor),
        before
    );
}

#[test]
fn both_panes_move_even_with_sync_off() {
    let mut m = model(120, 40);
    press(&mut m, &["s"]);
    assert!(!m.clock.sync);
    goto(&mut m, "2024-11-05 13:23:20");
    assert_both_at(&m, utc("2024-11-05 13:23:20"));
}

#[test]
fn the_time_is_read_in_the_display_zone() {
    let mut m = model(120, 40);
    press(&mut m, &["t"]); // HCW zone, UTC+01:00
    assert_eq!(m.zone_label(), "HCW UTC+01:00");
    goto(&mut m, "14:23:20");
    assert_both_at(&m, utc("2024-11-05 13:23:20"));
}

#[test]
fn steps_go_from_the_cursor() {
    let mut m = model(120, 40);
    let start = m.cursor_time().expect("cursor");
    goto(&mut m, "+7s");
    assert_both_at(&m, start.plus_ms(7_000));
    let now = m.cursor_time().expect("cursor");
    goto(&mut m, "-30s");
    assert_both_at(&m, now.plus_ms(-30_000));
}

#[test]
fn nonsense_keeps_the_prompt_open_with_the_reason() {
    let mut m = model(120, 40);
    let before = m.pane(PaneId::Iis).cursor;
    goto(&mut m, "25:61");
    assert_eq!(m.mode(), Mode::Input, "the prompt stays for a correction");
    let err = m
        .input
        .as_ref()
        .and_then(|i| i.error.clone())
        .unwrap_or_default();
    assert!(err.contains("not a time"), "{err}");
    assert_eq!(m.pane(PaneId::Iis).cursor, before);
    press(&mut m, &["<Esc>"]);
    assert_eq!(m.mode(), Mode::Normal);
}

#[test]
fn outside_the_loaded_logs_goes_to_the_nearest_line_and_says_so() {
    let mut m = model(120, 40);
    goto(&mut m, "2024-11-06 09:00");
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(note.contains("outside the loaded logs"), "{note}");
    for p in PaneId::ALL {
        assert_eq!(
            m.pane(p).cursor,
            m.pane_len(p) - 1,
            "{p:?} at its last line"
        );
    }
}

fn note(m: &Model) -> String {
    m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default()
}

/// The focused cursor's instant in the display zone, to the millisecond (HCW) or to the second
/// (an IIS row: its log writes whole seconds).
fn landed(m: &Model) -> String {
    let t = m.fmt_time(pane_time(m, m.focus));
    match m.focus {
        PaneId::Hcw => t,
        PaneId::Iis => t.get(..8).unwrap_or(&t).to_string(),
    }
}

/// The status line said the typed instant (`At 13:23:46.000`) while the HCW cursor sat on the
/// nearest entry, 13:23:44.783: it says where the cursor landed, and what was asked.
#[test]
fn a_time_between_lines_says_where_the_cursor_landed() {
    let mut m = model(120, 40);
    goto(&mut m, "13:23:46");
    let at = landed(&m);
    assert_ne!(
        at, "13:23:46.000",
        "no HCW entry at 13:23:46 in the scenario"
    );
    assert_eq!(note(&m), format!("At {at} (nearest 13:23:46)"));
}

/// An IIS row is said to the second its log writes (`At 13:23:20`, not `13:23:20.000`), in the
/// zone on screen.
#[test]
fn a_time_on_an_iis_row_is_said_to_the_second_in_the_zone_on_screen() {
    let mut m = model(120, 40);
    press(&mut m, &["<Tab>"]);
    goto(&mut m, "2024-11-05 13:23:20");
    assert_eq!(landed(&m), "13:23:20");
    assert_eq!(note(&m), "At 13:23:20");
    press(&mut m, &["t"]); // HCW zone, UTC+01:00
    goto(&mut m, "14:23:20");
    assert_eq!(note(&m), "At 14:23:20");
}

/// Outside the logs the message named the typed time to the millisecond and the logs' ends
/// with `.000` an IIS line never wrote, and not where the cursor went.
#[test]
fn outside_the_loaded_logs_says_where_the_cursor_went() {
    let mut m = model(120, 40);
    press(&mut m, &["<Tab>"]);
    goto(&mut m, "23:00");
    let at = landed(&m);
    assert_eq!(
        note(&m),
        format!(
            "23:00:00 is outside the loaded logs (13:22:45 – 13:25:10 UTC): at {at}, the last IIS line"
        )
    );
}

/// Before the logs, the cursor is on the pane's first line, and the message says so.
#[test]
fn before_the_loaded_logs_says_the_first_line() {
    let mut m = model(120, 40);
    goto(&mut m, "2024-11-04 23:00");
    let at = landed(&m);
    assert_eq!(
        note(&m),
        format!(
            "2024-11-04 23:00:00 is outside the loaded logs (2024-11-05 13:22:45 – 13:25:10 UTC): \
             at 2024-11-05 {at}, the first HCW line"
        )
    );
}
