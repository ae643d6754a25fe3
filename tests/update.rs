//! Update logic without a terminal: keys → keymap → actions → model.

use crate::scenario;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use hcwlens::tui::keymap::Mode;
use hcwlens::tui::model::clock::DisplayZone;
use hcwlens::tui::model::data::Data;
use hcwlens::tui::model::load::LoadState;
use hcwlens::tui::model::overlay::Overlay;
use hcwlens::tui::model::pane::PaneId;
use hcwlens::tui::model::row::RowRef;
use hcwlens::tui::model::timeline::Timeline;
use hcwlens::tui::model::{Model, Settings};
use hcwlens::tui::msg::Msg;
use hcwlens::tui::worker::WorkerMsg;
use scenario::*;
use std::sync::Arc;

fn hcw_line(m: &Model) -> u64 {
    match m.cursor_row(PaneId::Hcw) {
        Some(RowRef::Hcw(e)) => m.data.analysis.hcw[e as usize].line,
        other => panic!("no HCW cursor: {other:?}"),
    }
}

fn iis_line_at(m: &Model) -> u64 {
    match m.cursor_row(PaneId::Iis) {
        Some(RowRef::Iis(k, r)) => m.data.analysis.requests[k as usize].line_no(r as usize),
        other => panic!("no IIS cursor: {other:?}"),
    }
}

fn note(m: &Model) -> String {
    m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn opens_on_the_failing_test_call_with_iis_at_that_moment() {
    let m = model(80, 24);
    assert_eq!(m.focus, PaneId::Hcw);
    assert_eq!(hcw_line(&m), 6, "cursor on the START of the failing call");
    assert_eq!(
        m.cursor_time().unwrap().rfc3339(),
        "2024-11-05T13:23:13.397Z"
    );
    assert_eq!(
        iis_line_at(&m),
        iis_line(6),
        "IIS shows the nearest request: 13:23:14"
    );
}

#[test]
fn moving_the_cursor_scrolls_the_other_pane_to_the_same_instant() {
    let mut m = model(80, 24);
    press(&mut m, &["j"]);
    assert_eq!(hcw_line(&m), 7);
    assert_eq!(iis_line_at(&m), iis_line(12), "14:23:20 local = 13:23:20Z");
    press(&mut m, &["k", "k"]);
    assert_eq!(hcw_line(&m), 5);
    assert_eq!(iis_line_at(&m), iis_line(2), "13:23:05Z");
    press(&mut m, &["G"]);
    assert_eq!(hcw_line(&m), 15);
    assert_eq!(iis_line_at(&m), iis_line(ROWS.len() - 1));
    press(&mut m, &["g"]);
    assert_eq!(hcw_line(&m), 1);
    assert_eq!(iis_line_at(&m), iis_line(0));
    let page = m.page(PaneId::Hcw);
    press(&mut m, &["<PageDown>"]);
    assert_eq!(m.pane(PaneId::Hcw).cursor, page.min(9));
}

#[test]
fn sync_toggle_stops_and_resumes_following() {
    let mut m = model(80, 24);
    press(&mut m, &["s", "j", "j"]);
    assert!(!m.clock.sync);
    assert_eq!(
        iis_line_at(&m),
        iis_line(6),
        "IIS stays put while sync is off"
    );
    press(&mut m, &["s"]);
    assert_eq!(
        iis_line_at(&m),
        iis_line(15),
        "sync on catches up: 14:24:04.797 → 13:24:02"
    );
}

#[test]
fn tab_focuses_the_other_pane_at_the_same_instant() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>"]);
    assert_eq!(m.focus, PaneId::Iis);
    press(&mut m, &["j"]);
    assert_eq!(iis_line_at(&m), iis_line(7));
    assert_eq!(
        hcw_line(&m),
        6,
        "HCW follows to 13:23:14 → nearest entry is the START"
    );
    press(&mut m, &["<BackTab>"]);
    assert_eq!(m.focus, PaneId::Hcw);
}

#[test]
fn brackets_step_through_handshakes_and_select_the_final_leg() {
    let mut m = model(80, 24);
    press(&mut m, &["]"]);
    assert_eq!(m.focus, PaneId::Iis);
    assert_eq!(
        m.current_handshake(),
        Some(1),
        "the mrsproxy handshake at 13:23:14"
    );
    assert_eq!(iis_line_at(&m), iis_line(8), "cursor on the failing leg");
    press(&mut m, &["]"]);
    assert_eq!(m.current_handshake(), Some(2));
    press(&mut m, &["[", "["]);
    assert_eq!(m.current_handshake(), Some(0));
    press(&mut m, &["["]);
    assert_eq!(m.current_handshake(), Some(0));
    assert!(note(&m).contains("No handshake before"), "{}", note(&m));
}

#[test]
fn bracket_from_a_call_goes_to_its_own_handshake_first() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "+", "+", "+", "+"]);
    assert_eq!(m.clock.offset(IIS), 4_000);
    let call = m.data.call_row(&m.data.analysis.cmdlets[0]).unwrap();
    hcwlens::tui::update::jump::goto(&mut m, call);
    assert_eq!(m.focus, PaneId::Hcw);
    let h0 = &m.data.analysis.handshakes[0];
    let h0_start = m.clock.at(IIS, h0.start);
    assert!(
        h0_start > m.cursor_time().unwrap(),
        "a healthy handshake comes first in time"
    );
    press(&mut m, &["]"]);
    assert_eq!(m.current_handshake(), Some(1), "the call's own handshake");
    press(&mut m, &["<BackTab>", "g", "]"]);
    assert_eq!(
        m.current_handshake(),
        Some(0),
        "elsewhere: simply the next one"
    );
}

#[test]
fn braces_visit_failed_handshakes_only() {
    let mut m = model(80, 24);
    press(&mut m, &["G", "{"]);
    assert_eq!(m.current_handshake(), Some(1));
    press(&mut m, &["}"]);
    assert_eq!(m.current_handshake(), Some(1), "nothing failed after it");
    assert!(note(&m).contains("No failed handshake after"));
}

/// `}` and `{` say where they landed among the failed handshakes, as `e` does among failures.
#[test]
fn braces_say_which_failed_handshake_of_how_many() {
    let mut a = analysis();
    a.handshakes[0].outcome = hcwlens::analyze::handshake::HandshakeOutcome::Failed;
    let mut m = Model::ready(a, settings(None), (80, 24));
    press(&mut m, &["G", "{"]);
    assert_eq!(m.current_handshake(), Some(1));
    assert_eq!(note(&m), "Failed handshake 2 of 2");
    press(&mut m, &["{"]);
    assert_eq!(m.current_handshake(), Some(0));
    assert_eq!(note(&m), "Failed handshake 1 of 2");
    press(&mut m, &["}"]);
    assert_eq!(note(&m), "Failed handshake 2 of 2");
}

/// `]` and `[` say where they landed among the handshakes they step through, as `}` does among
/// the failed ones; one whose final leg the IIS filter hides is neither a stop nor counted.
#[test]
fn brackets_say_which_handshake_of_how_many() {
    let mut m = model(80, 24);
    press(&mut m, &["]"]);
    assert_eq!(m.current_handshake(), Some(1));
    assert_eq!(note(&m), "Handshake 2 of 3");
    press(&mut m, &["]"]);
    assert_eq!(note(&m), "Handshake 3 of 3");
    press(&mut m, &["[", "["]);
    assert_eq!(m.current_handshake(), Some(0));
    assert_eq!(note(&m), "Handshake 1 of 3");
    assert_eq!(m.focus, PaneId::Iis);
    press(&mut m, &["x"]);
    type_text(&mut m, "mapi");
    press(&mut m, &["<Enter>", "g", "]"]);
    assert_eq!(m.current_handshake(), Some(1));
    assert_eq!(note(&m), "Handshake 1 of 1");
}

#[test]
fn e_jumps_between_failures_across_panes() {
    let mut m = model(80, 24);
    press(&mut m, &["e"]);
    assert_eq!(m.focus, PaneId::Iis);
    assert_eq!(iis_line_at(&m), iis_line(8), "the failed leg at 13:23:14");
    press(&mut m, &["e"]);
    assert_eq!(
        m.focus,
        PaneId::Hcw,
        "the 500 at 13:23:25 is no stop; the HCW error is"
    );
    assert_eq!(hcw_line(&m), 13);
    press(&mut m, &["e"]);
    assert!(note(&m).contains("No failure after"));
    press(&mut m, &["E", "E"]);
    assert_eq!(m.focus, PaneId::Hcw);
    assert_eq!(hcw_line(&m), 6);
}

#[test]
fn t_cycles_display_zones_and_formats_times_in_them() {
    let mut m = Model::ready(analysis(), settings(Some("America/New_York")), (80, 24));
    let t = m.cursor_time().unwrap();
    assert_eq!(m.zone_label(), "UTC");
    assert_eq!(m.fmt_time(t), "13:23:13.397");
    press(&mut m, &["t"]);
    assert_eq!(m.clock.zone, DisplayZone::Hcw);
    assert_eq!(m.zone_label(), "HCW UTC+01:00");
    assert_eq!(m.fmt_time(t), "14:23:13.397");
    press(&mut m, &["t"]);
    assert_eq!(m.zone_label(), "local America/New_York");
    assert_eq!(m.fmt_time(t), "08:23:13.397");
    press(&mut m, &["t"]);
    assert_eq!(m.zone_label(), "UTC");

    let mut m = model(80, 24);
    press(&mut m, &["t", "t"]);
    assert_eq!(
        m.clock.zone,
        DisplayZone::Utc,
        "no local zone: UTC ↔ HCW only"
    );
}

#[test]
fn search_finds_matches_and_n_steps_with_wrap() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "/"]);
    assert_eq!(m.mode(), Mode::Input);
    type_text(&mut m, "mrsproxy");
    press(&mut m, &["<Enter>"]);
    assert_eq!(m.mode(), Mode::Normal);
    assert_eq!(iis_line_at(&m), iis_line(6), "already on the first match");
    assert!(note(&m).contains("Match 1 of 3"), "{}", note(&m));
    press(&mut m, &["n"]);
    assert_eq!(iis_line_at(&m), iis_line(7));
    press(&mut m, &["n", "n"]);
    assert_eq!(iis_line_at(&m), iis_line(6));
    assert!(note(&m).contains("wrapped"));
    press(&mut m, &["N"]);
    assert_eq!(iis_line_at(&m), iis_line(8));
    press(&mut m, &["g", "n"]);
    assert_eq!(iis_line_at(&m), iis_line(6));
}

#[test]
fn search_is_smart_case_and_reports_no_match() {
    let mut m = model(80, 24);
    press(&mut m, &["/"]);
    type_text(&mut m, "hcw8078");
    press(&mut m, &["<Enter>"]);
    assert_eq!(hcw_line(&m), 15, "lowercase pattern matches HCW8078");
    press(&mut m, &["/"]);
    type_text(&mut m, "Hcw8078");
    press(&mut m, &["<Enter>"]);
    assert!(note(&m).contains("No match"), "{}", note(&m));
}

#[test]
fn a_bad_regex_is_an_inline_message_and_keeps_the_input() {
    let mut m = model(80, 24);
    press(&mut m, &["/"]);
    type_text(&mut m, "(unclosed");
    press(&mut m, &["<Enter>"]);
    assert_eq!(m.mode(), Mode::Input);
    let input = m.input.as_ref().unwrap();
    assert_eq!(input.error.as_deref(), Some("bad regex: unclosed group"));
    press(&mut m, &["<Backspace>"]);
    let input = m.input.as_ref().unwrap();
    assert!(input.error.is_none());
    assert_eq!(input.text, "(unclose");
    press(&mut m, &["<Esc>"]);
    assert_eq!(m.mode(), Mode::Normal);
    assert_eq!(
        press(&mut m, &["<Esc>"]),
        None,
        "Esc with nothing open says how to quit (an_esc_too_many_does_not_quit)"
    );
}

#[test]
fn help_opens_scrolls_and_esc_closes_before_quitting() {
    let mut m = model(80, 24);
    press(&mut m, &["?"]);
    assert_eq!(m.overlay, Some(Overlay::Help { scroll: 0 }));
    press(&mut m, &["j", "j"]);
    assert_eq!(m.overlay, Some(Overlay::Help { scroll: 2 }));
    press(&mut m, &["G"]);
    let Some(Overlay::Help { scroll }) = m.overlay else {
        panic!()
    };
    press(&mut m, &["j"]);
    assert_eq!(
        m.overlay,
        Some(Overlay::Help { scroll }),
        "stops at the end"
    );
    assert_eq!(press(&mut m, &["<Esc>"]), None);
    assert_eq!(m.overlay, None);
    press(&mut m, &["?", "?"]);
    assert_eq!(m.overlay, None);
    assert_eq!(press(&mut m, &["q"]), Some(0));
}

/// Esc closes a popup; one pressed too many in the main view says how to quit instead of
/// ending a session whose load may have taken minutes (it quit).
#[test]
fn an_esc_too_many_does_not_quit() {
    let mut m = model(80, 24);
    press(&mut m, &["?"]);
    assert_eq!(press(&mut m, &["<Esc>"]), None);
    assert_eq!(m.overlay, None);
    assert_eq!(press(&mut m, &["<Esc>"]), None, "the main view stays");
    let said = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(said.contains("q quits"), "{said}");
    assert_eq!(press(&mut m, &["q"]), Some(0));
}

#[test]
fn findings_enter_jumps_to_evidence_and_cycles() {
    let mut m = model(80, 24);
    press(&mut m, &["F"]);
    assert_eq!(m.overlay, Some(Overlay::Findings));
    press(&mut m, &["j"]);
    assert_eq!(m.finding.selected, 1);
    press(&mut m, &["k", "<Enter>"]);
    assert_eq!(m.overlay, None);
    assert_eq!(m.focus, PaneId::Iis);
    assert_eq!(iis_line_at(&m), iis_line(8));
    press(&mut m, &["F", "<Enter>"]);
    assert_eq!(m.focus, PaneId::Hcw);
    assert_eq!(hcw_line(&m), 6);
    press(&mut m, &["F", "j", "<Enter>"]);
    assert_eq!(
        hcw_line(&m),
        15,
        "evidence on a continuation line finds its entry"
    );
}

#[test]
fn findings_details_scroll_and_reset_on_selection() {
    let mut m = model(80, 12);
    press(&mut m, &["F", "<PageDown>"]);
    let first = m.finding.scroll;
    assert!(first > 0, "details longer than the popup scroll");
    press(
        &mut m,
        &["<PageDown>", "<PageDown>", "<PageDown>", "<PageDown>"],
    );
    let end = m.finding.scroll;
    press(&mut m, &["<PageDown>"]);
    assert_eq!(m.finding.scroll, end, "stops at the end");
    press(&mut m, &["<PageUp>"]);
    assert!(m.finding.scroll < end);
    press(&mut m, &["j"]);
    assert_eq!((m.finding.selected, m.finding.scroll), (1, 0));
}

#[test]
fn nudging_offsets_shifts_instants_and_shows_in_the_status() {
    let mut m = model(80, 24);
    let before = m.cursor_time().unwrap();
    press(&mut m, &["+"]);
    assert_eq!(m.clock.offset(HCW), 1_000);
    assert_eq!(m.cursor_time().unwrap(), before.plus_ms(1_000));
    assert_eq!(hcw_line(&m), 6, "cursor stays on its entry");
    assert!(note(&m).contains("+00:00:01"), "{}", note(&m));
    assert_eq!(
        m.timeline.attribution.call_of(1),
        Some(0),
        "re-derived, still inside the window"
    );
    press(&mut m, &[">", "-"]);
    assert_eq!(m.clock.offset(HCW), 3_600_000);
    assert_eq!(
        m.timeline.attribution.call_of(1),
        None,
        "an hour off, the handshake no longer falls inside the call"
    );
    press(&mut m, &["<lt>"]);
    assert_eq!(m.clock.offset(HCW), 0);
    assert_eq!(m.timeline.attribution.call_of(1), Some(0));
    press(&mut m, &["<Tab>", "-", "-"]);
    assert_eq!(m.clock.offset(IIS), -2_000);
    assert_eq!(iis_line_at(&m), iis_line(6), "IIS cursor kept its row");
    press(&mut m, &["="]);
    assert!(!m.clock.any_offset());
}

#[test]
fn s_applies_the_suggested_skew_to_hcw_sources() {
    let mut m = model(80, 24);
    press(&mut m, &["S"]);
    assert!(note(&m).contains("No clock skew"));
    let mut m = Model::ready(analysis_with_skew(-2_000), settings(None), (80, 24));
    press(&mut m, &["S"]);
    assert_eq!(m.clock.offset(HCW), -2_000);
    assert_eq!(m.clock.offset(IIS), 0);
    assert_eq!(
        m.cursor_time().unwrap().rfc3339(),
        "2024-11-05T13:23:11.397Z"
    );
}

#[test]
fn enter_shows_the_whole_entry_with_the_dump_expanded() {
    let mut m = model(80, 24);
    press(&mut m, &["j", "j", "<Enter>"]);
    let Some(Overlay::Entry { row, .. }) = m.overlay else {
        panic!("{:?}", m.overlay)
    };
    let text: Vec<String> = hcwlens::tui::view::entry::lines(&m, row, 74)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(text.iter().any(|l| l == "  Result='Failed'"), "{text:#?}");
    assert!(
        text.iter()
            .any(|l| l == "TestMigrationServerAvailabilityOutcome {")
    );
    press(&mut m, &["j"]);
    assert!(matches!(m.overlay, Some(Overlay::Entry { scroll: 1, .. })));
    press(&mut m, &["<Esc>"]);
    assert_eq!(m.overlay, None);
}

#[test]
fn an_iis_entry_says_its_time_to_the_second_its_log_writes() {
    // IIS writes `time` to the second: the popup says `13:23:14`, not `13:23:14.000`.
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "<Enter>"]);
    let Some(Overlay::Entry { row, .. }) = m.overlay else {
        panic!("{:?}", m.overlay)
    };
    let text: Vec<String> = hcwlens::tui::view::entry::lines(&m, row, 74)
        .iter()
        .map(|l| l.to_string())
        .collect();
    let time = text
        .iter()
        .find(|l| l.starts_with("Time"))
        .unwrap_or_else(|| panic!("{text:#?}"));
    assert!(time.ends_with("2024-11-05 13:23:14 UTC"), "{time}");
    // An HCW entry keeps its milliseconds, `.000` included when written so.
    press(&mut m, &["<Esc>", "<Tab>", "j", "<Enter>"]);
    let Some(Overlay::Entry { row, .. }) = m.overlay else {
        panic!("{:?}", m.overlay)
    };
    let text: Vec<String> = hcwlens::tui::view::entry::lines(&m, row, 74)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(
        text.iter()
            .any(|l| l.starts_with("Time") && l.contains("13:23:20.000 UTC")),
        "{text:#?}"
    );
}

#[test]
fn the_entry_popup_keeps_long_lines_whole() {
    let mut a = analysis();
    let long = format!(
        "START Test-MigrationServerAvailability {} THE-END",
        "word ".repeat(400)
    );
    a.hcw[4].message = long;
    let mut m = Model::ready(a, settings(None), (80, 24));
    press(&mut m, &["<Enter>"]);
    let Some(Overlay::Entry { row, .. }) = m.overlay else {
        panic!()
    };
    let text: String = hcwlens::tui::view::entry::lines(&m, row, 74)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(text.contains("THE-END"), "long text cut");
}

#[test]
fn keys_answer_while_loading() {
    let mut m = Model::new(Settings::new("loading"), (80, 24));
    assert!(m.is_loading());
    press(
        &mut m,
        &["j", "<Tab>", "]", "e", "t", "+", "n", "<Enter>", "F"],
    );
    assert_eq!(m.overlay, Some(Overlay::Findings));
    press(&mut m, &["<Esc>", "?"]);
    assert_eq!(m.overlay, Some(Overlay::Help { scroll: 0 }));
    press(&mut m, &["q"]);
    assert_eq!(press(&mut m, &["q"]), Some(0));
}

#[test]
fn worker_messages_fill_the_model_and_open_at_the_failure() {
    let mut m = Model::new(Settings::new("t"), (80, 24));
    let info = analysis().sources[0].clone();
    send(
        &mut m,
        Msg::Worker(WorkerMsg::Progress { done: 5, total: 10 }),
    );
    send(&mut m, Msg::Worker(WorkerMsg::SourceLoaded(Box::new(info))));
    match &m.load {
        LoadState::Loading {
            done,
            total,
            sources,
            ..
        } => {
            assert_eq!((*done, *total, sources.len()), (5, 10, 1));
        }
        other => panic!("{other:?}"),
    }
    let data: Data = data();
    let timeline = Timeline::build(&data, &m.clock);
    send(
        &mut m,
        Msg::Worker(WorkerMsg::Loaded(Ok(Box::new((Arc::new(data), timeline))))),
    );
    assert_eq!(m.load, LoadState::Ready);
    assert_eq!(hcw_line(&m), 6);

    let mut failed = Model::new(Settings::new("t"), (80, 24));
    send(
        &mut failed,
        Msg::Worker(WorkerMsg::Loaded(Err(hcwlens::error::Error::NotFound(
            "x".into(),
        )
        .into()))),
    );
    assert_eq!(press(&mut failed, &["q"]), Some(1));
}

#[test]
fn only_key_presses_enter_the_app() {
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert!(Msg::from_event(Event::Key(release)).is_none());
    let press = KeyEvent::new_with_kind_and_state(
        KeyCode::Char('j'),
        KeyModifiers::NONE,
        KeyEventKind::Press,
        KeyEventState::NONE,
    );
    assert!(matches!(
        Msg::from_event(Event::Key(press)),
        Some(Msg::Key(_))
    ));
    assert!(matches!(
        Msg::from_event(Event::Resize(100, 30)),
        Some(Msg::Resize(100, 30))
    ));
}

#[test]
fn ctrl_c_quits_from_any_mode() {
    let mut m = model(80, 24);
    press(&mut m, &["/"]);
    type_text(&mut m, "abc");
    assert_eq!(press(&mut m, &["<C-c>"]), Some(0));
    let mut m = model(80, 24);
    press(&mut m, &["?"]);
    assert_eq!(press(&mut m, &["<C-c>"]), Some(0));
}

#[test]
fn resize_keeps_cursors_visible() {
    let mut m = model(200, 60);
    press(&mut m, &["<Tab>", "G"]);
    send(&mut m, Msg::Resize(80, 12));
    for p in PaneId::ALL {
        let pane = m.pane(p);
        assert!(
            pane.cursor >= pane.scroll && pane.cursor < pane.scroll + m.page(p),
            "{p:?}"
        );
    }
}

#[test]
fn a_search_job_stops_when_told_and_reads_raw_lines() {
    use hcwlens::tui::worker::{SearchJob, search, search_text};
    let m = model(80, 24);
    let regex = regex::Regex::new("2148074310").unwrap();
    let job = SearchJob::new(&m, 1, PaneId::Iis, regex);
    assert!(search(&job, &mut |_, _| false).is_none(), "cancelled");
    let found = search(&job, &mut |_, _| true).unwrap();
    assert_eq!(found.len(), 1);
    let text = search_text(&m.data, found[0]);
    assert!(
        text.starts_with("2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc"),
        "{text}"
    );
}

#[test]
fn a_failed_handshake_whose_final_leg_is_filtered_out_is_said_to_be_hidden() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "x"]);
    type_text(&mut m, "2148074310");
    press(&mut m, &["<Enter>", "g", "}"]);
    assert_eq!(m.current_handshake(), None, "its final leg is hidden");
    let said = note(&m);
    assert!(
        said.contains("failed handshake after this point ends on a line the IIS filter hides"),
        "{said}"
    );
    press(&mut m, &["X", "g", "}"]);
    assert_eq!(m.current_handshake(), Some(1), "unfiltered, it is reached");
}

#[test]
fn traffic_other_than_ews_during_a_call_is_not_called_the_call_s_own() {
    let theme = hcwlens::tui::view::theme::Theme::new(false);
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>"]);
    let mut seen = (0, 0);
    for h in 0..m.data.analysis.handshakes.len() {
        if m.timeline.attribution.call_of(h).is_none() {
            continue;
        }
        let row = m
            .data
            .final_leg_row(&m.data.analysis.handshakes[h])
            .unwrap();
        hcwlens::tui::update::jump::goto(&mut m, row);
        assert_eq!(m.current_handshake(), Some(h));
        let text: String = hcwlens::tui::view::detail::content(&m, &theme)
            .1
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect();
        let uri = m.data.analysis.handshakes[h].uri.to_string();
        if uri.starts_with("/EWS/") {
            assert!(text.contains(" HCW call "), "{uri}: {text}");
            seen.0 += 1;
        } else {
            assert!(
                text.contains("Other traffic during HCW call"),
                "{uri}: {text}"
            );
            seen.1 += 1;
        }
    }
    assert!(
        seen.0 > 0 && seen.1 > 0,
        "both kinds are in the scenario: {seen:?}"
    );
}
