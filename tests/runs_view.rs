//! The HCW runs list (`R`), the whole-call popup and the all-fields finder on the demo plus
//! two runs of one machine (one failed, its rerun passed): the rows, Enter going to a run, and
//! screen snapshots at 80x24 and 120x40.

use crate::explorer;
use crate::scenario;

use explorer::{repo, screen};
use hcwlens::analyze::overview::runs::RunOutcome;
use hcwlens::tui::keymap::Mode;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::overlay::Overlay;
use hcwlens::tui::model::pane::PaneId;
use hcwlens::tui::model::runs::RunsView;
use scenario::{press, settings};

/// The demo (one run on EX01's clock) and `diag/rerun` (two runs on LUCEX01).
fn loaded(w: u16, h: u16) -> Model {
    let dirs = [repo("assets/demo"), repo("tests/fixtures/hcw/diag/rerun")];
    explorer::loaded(&dirs, (w, h))
}

fn runs(m: &Model) -> &RunsView {
    match &m.overlay {
        Some(Overlay::Runs(v)) => v,
        other => panic!("no runs list open: {other:?}"),
    }
}

#[test]
fn r_lists_every_run_with_outcome_failed_calls_and_machine() {
    let mut m = loaded(120, 40);
    press(&mut m, &["R"]);
    assert_eq!(m.mode(), Mode::Runs);
    let v = runs(&m);
    let names: Vec<&str> = v.runs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["20241105_142155", "20241126_151204", "20241126_154933"],
        "oldest first"
    );
    let outcomes: Vec<RunOutcome> = v.runs.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            RunOutcome::Failed,
            RunOutcome::Failed,
            RunOutcome::Succeeded
        ]
    );
    assert_eq!(v.runs[1].server.as_deref(), Some("LUCEX01"));
    assert!(v.runs[0].failed_calls > 0, "{:?}", v.runs[0]);
    assert_eq!(v.runs[2].failed_calls, 0);
    let text = screen(&m);
    assert!(text.contains("LUCEX01"), "{text}");
    assert!(text.contains("succeeded"), "{text}");
}

#[test]
fn enter_puts_both_panes_at_the_run_start_and_closes_the_list() {
    let mut m = loaded(120, 40);
    press(&mut m, &["R", "g", "j"]);
    let run = runs(&m).runs[1].clone();
    press(&mut m, &["<Enter>"]);
    assert!(m.overlay.is_none(), "the list closes");
    assert_eq!(m.focus, PaneId::Hcw);
    let row = m.cursor_row(PaneId::Hcw).expect("HCW cursor");
    assert!(
        run.sources.contains(&m.data.source_of(row)),
        "the HCW cursor is in the run"
    );
    assert_eq!(m.time_of(row), run.start, "on the run's first entry");
    let note = m.note.as_ref().expect("a note").text.clone();
    assert!(note.contains("20241126_151204"), "{note}");
    let iis = m.cursor_row(PaneId::Iis).expect("IIS cursor");
    let gap = (m.time_of(iis).0 - run.start.0).abs();
    let other = m
        .data
        .analysis
        .requests
        .iter()
        .flat_map(|idx| (0..idx.len()).map(move |r| (idx.ts(r).0 - run.start.0).abs()))
        .min()
        .expect("requests");
    assert_eq!(
        gap, other,
        "the IIS pane is at the request nearest the start"
    );
}

#[test]
fn the_list_opens_on_the_cursors_run() {
    let mut m = loaded(120, 40);
    press(&mut m, &["R", "g", "<Enter>", "R"]);
    let v = runs(&m);
    assert_eq!(v.current, Some(0));
    assert_eq!(v.selected, 0);
    press(&mut m, &["<Esc>"]);
    assert!(m.overlay.is_none());
}

#[test]
fn runs_screens() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut m = loaded(w, h);
        press(&mut m, &["R"]);
        insta::assert_snapshot!(format!("runs_{w}x{h}"), screen(&m));
    }
}

/// The scenario model (cursor on the failed Test-MigrationServerAvailability START) with
/// Enter pressed.
fn call_popup(w: u16, h: u16, error: Option<&str>) -> Model {
    let mut a = scenario::analysis();
    if let Some(e) = error {
        a.cmdlets[0].error = Some(e.to_string());
    }
    let mut m = Model::ready(a, settings(None), (w, h));
    assert_eq!(m.focus, PaneId::Hcw);
    press(&mut m, &["<Enter>"]);
    assert_eq!(m.mode(), Mode::Entry);
    m
}

#[test]
fn enter_on_a_start_shows_the_whole_call() {
    let m = call_popup(120, 40, None);
    let text = screen(&m);
    for want in [
        "HCW call: START, FINISH, result",
        "Test-MigrationServerAvailability  (Session=Tenant, Thread=12)",
        "Started    2024-11-05 13:23:13.397 UTC  line 6",
        "Finished   2024-11-05 13:24:04.797 UTC  line 8",
        "Took       51.4 s",
        "Result     failed (the call returned, but its result says Failed)",
        "Error      The connection to the server 'mail.contoso.com' could not be completed.",
        "── START entry ──",
        "── FINISH entry ──",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    let hs = text
        .lines()
        .find(|l| l.contains("Handshakes"))
        .expect("the handshakes line");
    assert!(hs.contains("failed: SEC_E_BAD_BINDINGS"), "{hs}");
}

#[test]
fn the_error_is_wrapped_and_its_control_characters_escaped() {
    let long = format!("first\u{1b}[2J line {}\nsecond line", "x".repeat(150));
    let m = call_popup(80, 24, Some(&long));
    let text = screen(&m);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("first\\x1B[2J line"), "{text}");
    assert!(text.contains("second line"), "{text}");
    let xs = text.matches('x').count();
    assert!(xs >= 150, "the long line wraps, nothing cut: {xs}");
    let mut m = m;
    press(&mut m, &["<Esc>"]);
    assert!(m.overlay.is_none(), "Esc closes it");
}

#[test]
fn call_screens() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let m = call_popup(w, h, None);
        insta::assert_snapshot!(format!("call_{w}x{h}"), screen(&m));
    }
}

#[test]
fn the_finder_finds_mrsproxy_labelled_uri_and_enter_keeps_its_lines() {
    let mut m = loaded(120, 40);
    press(&mut m, &["f"]);
    scenario::type_text(&mut m, "mrsproxy");
    let Some(Overlay::Picker(p)) = &m.overlay else {
        panic!("no finder")
    };
    let c = p.chosen().expect("a hit").clone();
    assert_eq!(
        (c.kind.label(), c.value.as_str()),
        ("uri", "/EWS/mrsproxy.svc")
    );
    let text = screen(&m);
    let line = text
        .lines()
        .find(|l| l.contains("/EWS/mrsproxy.svc"))
        .expect("listed");
    assert!(line.contains("> uri "), "{line}");
    // The footer counts values, not lines or matches to step through (`1 of 251` read as
    // "the first of 251 hits").
    let all = p.all.len();
    assert!(
        text.contains(&format!("{} of {all} values | Tab:", p.matched)),
        "{text}"
    );
    press(&mut m, &["<Enter>"]);
    assert_eq!(m.focus, PaneId::Iis);
    let n = m.pane_len(PaneId::Iis);
    assert_eq!(n as u64, c.count, "the count is the lines it keeps");
}

#[test]
fn finder_screens() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut m = loaded(w, h);
        press(&mut m, &["f"]);
        insta::assert_snapshot!(format!("finder_{w}x{h}"), screen(&m));
        scenario::type_text(&mut m, "ews");
        insta::assert_snapshot!(format!("finder_ews_{w}x{h}"), screen(&m));
    }
}

#[test]
fn the_overview_lists_the_runs_last_and_enter_goes_to_one() {
    let mut m = loaded(120, 40);
    press(&mut m, &["O", "G"]);
    let Some(Overlay::Overview(v)) = &m.overlay else {
        panic!("no overview")
    };
    let heading = v
        .lines
        .iter()
        .position(|l| l.heading && l.cells[0] == "HCW runs")
        .expect("a runs section");
    let rows: Vec<&Vec<String>> = v.lines[heading..]
        .iter()
        .filter(|l| l.run.is_some())
        .map(|l| &l.cells)
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2][2], "succeeded");
    assert_eq!(rows[2][4], "LUCEX01");
    assert_eq!(v.lines[v.selected].run, Some(2), "G selects the last run");
    let first = v.runs[0].clone();
    press(&mut m, &["k", "k", "<Enter>"]);
    assert!(m.overlay.is_none());
    let row = m.cursor_row(PaneId::Hcw).expect("HCW cursor");
    assert_eq!(m.time_of(row), first.start);
    assert!(first.sources.contains(&m.data.source_of(row)));
}

#[test]
fn the_opening_note_on_a_latest_run_that_succeeded_says_what_its_key_does() {
    // The demo's failed run and two runs of 2024-11-26, the latest succeeded.
    let m = loaded(80, 24);
    let s = screen(&m);
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        note.ends_with("earlier runs failed (E: previous failure)"),
        "{note}\n{s}"
    );
    // Shown whole at 80 columns (the message box wraps it), the key with what it does.
    let joined = s
        .lines()
        .map(|r| r.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains("failed (E: previous failure)"), "{s}");
}

#[test]
fn a_run_whose_log_ends_inside_a_call_is_incomplete_and_the_explorer_opens_on_that_call() {
    // The log ends in Test-MigrationServerAvailability's START (a copy taken while it ran, or
    // a wizard killed while it hung): "failed" would say more than the log shows.
    let mut m = explorer::loaded(&[repo("tests/fixtures/hcw/cut-in-call")], (80, 24));
    let row = m.cursor_row(PaneId::Hcw).expect("HCW cursor");
    let hcwlens::tui::model::row::RowRef::Hcw(e) = row else {
        panic!("{row:?}")
    };
    assert_eq!(m.data.analysis.hcw[e as usize].line, 32, "on the cut call");
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        note.contains("incomplete: the log ends in Test-MigrationServerAvailability, no result"),
        "{note}"
    );
    assert!(!note.contains("succeeded"), "{note}");
    press(&mut m, &["R"]);
    let v = runs(&m);
    assert_eq!(v.runs[0].outcome, RunOutcome::Incomplete);
    assert_eq!(v.runs[0].failed_calls, 0, "{:?}", v.runs[0]);
    let s = screen(&m);
    assert!(s.contains("incomplete  0 of 2"), "{s}");
    assert!(
        s.contains("the log ends in Test-MigrationServerAvailability, no result"),
        "{s}"
    );
    assert!(
        s.contains("Test-MigrationServerAvailability incomplete (the log ends inside this call,"),
        "the call's detail says it too:\n{s}"
    );
    insta::assert_snapshot!("runs_cut_in_call_80x24", s);
    press(&mut m, &["<Enter>"]);
    let note = m.note.as_ref().expect("a note").text.clone();
    assert!(
        note.contains("(incomplete: the log ends in Test-MigrationServerAvailability, no result)"),
        "{note}"
    );
}

#[test]
fn the_opening_note_on_a_latest_run_closed_early_says_incomplete_not_succeeded() {
    // The wizard closed on its first pages: no call, no workflow FINISH.
    let tmp = tempfile::tempdir().expect("temp");
    let log = repo("tests/fixtures/hcw/cut-in-call/20241127_151204.log");
    let text = std::fs::read_to_string(log).expect("log");
    let kept: String = text.split_inclusive('\n').take(19).collect();
    std::fs::write(tmp.path().join("20241127_151204.log"), kept).expect("write");
    let m = explorer::loaded(&[tmp.path().to_path_buf()], (80, 24));
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        note.contains("latest run 2024-11-27 23:12 incomplete"),
        "{note}"
    );
    assert!(!note.contains("succeeded"), "{note}");
}

#[test]
fn the_opening_note_says_an_hcw_excerpt_that_names_no_clock_was_read_as_utc() {
    // The demo's HCW log without line 1 and the Process Info table (pasted into a ticket).
    let tmp = tempfile::tempdir().expect("temp");
    let text = std::fs::read_to_string(repo("assets/demo/hcw/20241105_142155.log")).expect("log");
    let excerpt: String = text
        .lines()
        .filter(|l| l.starts_with("20") && !l.contains("Current Time Zone"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(tmp.path().join("excerpt.log"), excerpt).expect("write");
    let m = explorer::loaded(&[tmp.path().to_path_buf()], (80, 24));
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        note.contains("excerpt.log names no clock: read as UTC"),
        "{note}"
    );
    // The demo whole says nothing of the kind.
    let m = explorer::loaded(&[repo("assets/demo")], (80, 24));
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(!note.contains("names no clock"), "{note}");
}
