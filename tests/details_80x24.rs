//! The explorer's details at 80x24 (a Windows console over RDP): a detail line too long for
//! the pane cut at a word or group boundary with `…`, never in a bracket it opened; the
//! sources list's wrapped lines under their text; the overview saying why a table is empty;
//! day markers where the date changes; IIS logs the time window left out said to be outside
//! it; a go-to error shown whole; and only the 16 console colours on these screens.

use crate::explorer;
use crate::scenario;

use explorer::{loaded, row_with, screen};
use hcwlens::tui::model::Model;
use std::path::PathBuf;

#[test]
fn a_cut_detail_line_ends_at_a_boundary_never_in_an_opened_bracket() {
    // The failing test call; its line about the refused handshake ends in "(press ])".
    let m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/forbidden-hcw")],
        (80, 24),
    );
    let s = screen(&m);
    for row in s.lines() {
        let row = row.trim_end();
        let opened = row.matches('(').count();
        let closed = row.matches(')').count();
        assert!(opened <= closed, "a bracket left open: {row}\n{s}");
    }
    // The error is cut between words, not inside one.
    let detail = hcw_detail(&m);
    let err = detail
        .iter()
        .map(|r| r.trim_end())
        .find(|r| r.ends_with('…'))
        .unwrap_or_else(|| panic!("no cut row:\n{s}"));
    assert!(err.contains("Exception: The"), "{err}");
    assert!(err.ends_with(" The…"), "{err}");
    insta::assert_snapshot!("details_cut_call_80x24", s);
}

#[test]
fn the_sources_list_wraps_a_reason_under_its_text() {
    // Relative (tests run in the crate's folder), so the snapshot holds no checkout path.
    let mut m = loaded(&[PathBuf::from("tests/fixtures/w3c")], (80, 24));
    scenario::press(&mut m, &["I", "G"]);
    // Paths as on Linux, so the snapshot holds under Wine too.
    let s = screen(&m).replace('\\', "/");
    let rows: Vec<&str> = s.lines().collect();
    let at = rows
        .iter()
        .position(|r| r.contains("HCW XML cmdlet trace (.xhcw)"))
        .unwrap_or_else(|| panic!("no .xhcw reason:\n{s}"));
    let next = rows[at + 1].trim_start_matches('│');
    assert!(
        next.starts_with("     ") && next.trim_start().starts_with(|c: char| c.is_alphanumeric()),
        "the reason's second line is not under its first:\n{s}"
    );
    insta::assert_snapshot!("details_sources_hanging_80x24", s);
}

#[test]
fn the_overview_without_an_iis_log_says_why_its_iis_tables_are_empty() {
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/autodiscover")],
        (80, 24),
    );
    scenario::press(&mut m, &["O"]);
    let s = screen(&m);
    assert!(
        s.contains("No IIS log loaded: add a W3SVC folder (inetpub\\logs\\LogFiles\\W3SVC1)"),
        "{s}"
    );
    // No bare column headers of tables that cannot have rows.
    assert!(!s.contains("virtual directory  outcome"), "{s}");
    assert!(!s.contains("client  failed or abandoned"), "{s}");
    assert!(s.contains("HCW calls by outcome"), "{s}");
    insta::assert_snapshot!("details_overview_no_iis_80x24", s);
}

#[test]
fn the_overview_without_an_hcw_log_says_why_its_call_table_is_empty() {
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/forbidden-farm")],
        (80, 24),
    );
    scenario::press(&mut m, &["O"]);
    let s = screen(&m);
    assert!(s.contains("No HCW log loaded: add %AppData%"), "{s}");
    assert!(!s.contains("outcome  cmdlet"), "{s}");
}

/// Goes to a time in both panes (`:` then the text).
fn goto(m: &mut hcwlens::tui::model::Model, text: &str) {
    scenario::press(m, &[":"]);
    scenario::type_text(m, text);
    scenario::press(m, &["<Enter>"]);
}

#[test]
fn hcw_runs_of_two_days_show_where_the_day_changes() {
    let mut m = loaded(
        &[
            PathBuf::from("tests/fixtures/hcw/diag/dns"),
            PathBuf::from("tests/fixtures/hcw/diag/network-path"),
        ],
        (80, 24),
    );
    // The second run (a machine at UTC-5) starts at 21:33Z; back up into the first run.
    goto(&mut m, "2024-11-19 21:33:05");
    scenario::press(&mut m, &["k", "k", "k"]);
    let s = screen(&m);
    let rows: Vec<&str> = s.lines().collect();
    let at = rows
        .iter()
        .position(|r| r.starts_with("── 2024-11-19 ── (above: 2024-11-18) ──"))
        .unwrap_or_else(|| panic!("no day marker:\n{s}"));
    // The title names the cursor's day; the rows above the marker are of the day it names.
    assert!(rows[0].starts_with(" HCW  2024-11-18 UTC "), "{s}");
    assert!(rows[1..at].iter().any(|r| r.starts_with("> ")), "{s}");
    assert!(rows[at + 1].starts_with("  21:33:"), "{s}");
    insta::assert_snapshot!("details_hcw_two_days_80x24", s);
}

#[test]
fn an_iis_pane_across_midnight_shows_where_the_day_changes() {
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/iis-probe/rotation")],
        (80, 24),
    );
    goto(&mut m, "2024-11-06 00:00:00");
    let s = screen(&m);
    let marker = s
        .lines()
        .position(|r| r.starts_with("── 2024-11-06 ── (above: 2024-11-05) ──"));
    let cursor = s.lines().position(|r| r.starts_with("> 00:00:00"));
    assert!(
        matches!((marker, cursor), (Some(a), Some(c)) if a < c),
        "{s}"
    );
    insta::assert_snapshot!("details_iis_midnight_80x24", s);
}

#[test]
fn a_call_whose_handshakes_failed_alike_names_the_failure_once_and_keeps_the_step_key() {
    // Two handshakes of the failing test call, both SEC_E_LOGON_DENIED: the name once with
    // its meaning, as the leg's line words it (the name alone told little), no count beside
    // the one the line already gives; the step key stays, on the row below.
    let m = loaded(
        &[PathBuf::from(
            "tests/fixtures/scenarios/credentials-rejected",
        )],
        (80, 24),
    );
    let s = screen(&m);
    let trimmed: Vec<&str> = s.lines().map(str::trim_end).collect();
    assert!(
        trimmed.join("\n").contains(
            "2 IIS handshakes during this call, 2 failed: SEC_E_LOGON_DENIED: logon denied\n\
             (likely bad credentials) (press ])"
        ),
        "{s}"
    );
    insta::assert_snapshot!("details_call_failed_alike_80x24", screen(&m));
}

#[test]
fn the_detail_pane_leaves_no_row_empty_while_it_cuts_a_line() {
    for fixture in [
        "tests/fixtures/scenarios/credentials-rejected",
        "tests/fixtures/refusals/forbidden-hcw",
    ] {
        let m = loaded(&[PathBuf::from(fixture)], (80, 24));
        let rows = explorer::rows(&m);
        let title = rows
            .iter()
            .position(|r| r.starts_with(" HCW entry "))
            .unwrap_or_else(|| panic!("no detail pane:\n{}", rows.join("\n")));
        // The detail pane ends above the status line and the key hints.
        let detail = &rows[title + 1..rows.len() - 2];
        let cut = detail.iter().any(|r| r.trim_end().ends_with('…'));
        let empty = detail.iter().any(|r| r.trim().is_empty());
        assert!(!(cut && empty), "{fixture}:\n{}", rows.join("\n"));
    }
}

#[test]
fn a_long_handshake_title_is_cut_between_words() {
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/iis-probe/rotation")],
        (80, 24),
    );
    goto(&mut m, "2024-11-06 00:00:00");
    let title = row_with(&m, " Handshake - ");
    assert_eq!(
        title,
        " Handshake - grouping sure: one client, no overlapping handshakes, legs in two…"
    );
}

#[test]
fn a_finding_title_too_long_for_the_list_is_cut_between_words() {
    // "Extended Protection blocks the Hybrid Agent: SEC_E_BAD_BINDINGS on /EWS/mrsproxy.svc …"
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/scenarios/ep-hybrid-agent")],
        (80, 24),
    );
    scenario::press(&mut m, &["F"]);
    let s = screen(&m);
    let row = s
        .lines()
        .find(|r| r.contains("ERROR Extended Protection"))
        .unwrap_or_else(|| panic!("no EP finding:\n{s}"));
    let text = row.trim_matches('│').trim_end();
    assert!(text.ends_with('…'), "{s}");
    assert!(!text.contains("on /EWS…") && !text.ends_with("/EWS"), "{s}");
    insta::assert_snapshot!("details_findings_list_80x24", s);
}

#[test]
fn finding_evidence_continuation_lines_are_not_pushed_to_the_right_edge() {
    // HCW8078's evidence: an HCW entry whose exception chain runs over continuation lines.
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/scenarios/ep-hybrid-agent")],
        (80, 24),
    );
    scenario::press(&mut m, &["F", "j"]);
    for _ in 0..10 {
        scenario::press(&mut m, &["<PageDown>"]);
    }
    let s = screen(&m);
    // A continuation line of the entry, under the entry's text.
    assert!(s.contains("│            System.Net.WebException"), "{s}");
    for row in s.lines() {
        let inside = row.trim_start_matches('│').trim_end_matches('│');
        let lead = inside.len() - inside.trim_start().len();
        assert!(
            inside.trim().is_empty() || lead < 20,
            "a row pushed to the right:\n{s}"
        );
    }
    insta::assert_snapshot!("details_finding_evidence_80x24", s);
}

/// An HCW run on 2024-11-18 with IIS logs of 2024-11-05/06 and a window around the run
/// (`--since`/`--until`), which leaves the IIS logs out.
fn windowed() -> hcwlens::tui::model::Model {
    use hcwlens::pipeline::window::{Window, WindowMode};
    use hcwlens::time::UtcMs;
    let at = |h| UtcMs::from_civil(2024, 11, 18, h, 0, 0, 0).expect("civil");
    let opts = hcwlens::pipeline::LoadOptions {
        index: true,
        window: WindowMode::Given(Window {
            since: Some(at(8)),
            until: Some(at(12)),
        }),
        ..Default::default()
    };
    let paths = [
        PathBuf::from("tests/fixtures/hcw/diag/dns"),
        PathBuf::from("tests/fixtures/iis-probe/rotation"),
    ];
    let a = hcwlens::pipeline::load(&paths, &opts, &hcwlens::progress::NoProgress).expect("load");
    assert!(a.window.as_ref().is_some_and(|w| !w.skipped.is_empty()));
    hcwlens::tui::model::Model::ready(a, scenario::settings(None), (80, 24))
}

#[test]
fn iis_logs_left_out_by_the_time_window_are_not_called_missing() {
    let m = windowed();
    let row = explorer::rows(&m)
        .into_iter()
        .find(|r| r.starts_with(" IIS "))
        .unwrap_or_default();
    assert_eq!(
        row.trim_end(),
        " IIS  2 IIS logs outside the time window, not read (T widens it, I lists them)"
    );
    // The failing call's detail, too.
    let s = screen(&m);
    assert!(
        s.contains("No IIS handshake: the IIS logs lie outside the time window (T widens it)"),
        "{s}"
    );
    assert!(!s.contains("No IIS log loaded"), "{s}");
}

#[test]
fn the_step_key_and_the_overview_say_the_time_window_left_the_iis_logs_out() {
    let mut m = windowed();
    scenario::press(&mut m, &["]"]);
    let s = screen(&m);
    assert!(
        s.contains("No handshakes: the IIS logs lie outside the time window (T widens it)"),
        "{s}"
    );
    let mut m = windowed();
    scenario::press(&mut m, &["O"]);
    let s = screen(&m);
    assert!(
        s.contains("2 IIS logs outside the time window, not read (T widens it, I lists them)"),
        "{s}"
    );
    assert!(!s.contains("No IIS log loaded"), "{s}");
}

#[test]
fn a_go_to_error_too_long_for_the_prompt_line_is_shown_whole_below_it() {
    let mut m = loaded(
        &[PathBuf::from(
            "tests/fixtures/scenarios/credentials-rejected",
        )],
        (80, 24),
    );
    goto(&mut m, "25:99");
    let rows = explorer::rows(&m);
    let s = rows.join("\n");
    assert!(
        rows.iter()
            .any(|r| r.contains("not a time: `25:99` (use 13:23, 13:23:14 or 13:23:14.250)")),
        "{s}"
    );
    // The prompt line keeps what was typed.
    assert!(
        rows[22].starts_with("go to time (") && rows[22].contains("25:99_"),
        "{s}"
    );
}

#[test]
fn the_screens_of_this_pass_use_only_the_16_console_colours() {
    use ratatui::style::Color;
    let screens: Vec<(&str, Vec<&str>)> = vec![
        ("tests/fixtures/iis-probe/rotation", vec![]),
        ("tests/fixtures/refusals/autodiscover", vec!["O"]),
        ("tests/fixtures/w3c", vec!["I"]),
        ("tests/fixtures/scenarios/ep-hybrid-agent", vec!["F"]),
        ("tests/fixtures/scenarios/ep-hybrid-agent", vec!["]"]),
    ];
    for (fixture, keys) in screens {
        let mut m = loaded(&[PathBuf::from(fixture)], (80, 24));
        scenario::press(&mut m, &keys);
        let mut t =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
        t.draw(|f| hcwlens::tui::view::view(&m, f)).expect("draw");
        for cell in t.backend().buffer().content() {
            for c in [cell.fg, cell.bg] {
                assert!(
                    !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                    "{fixture} {keys:?}: {c:?} is not one of the 16 console colours"
                );
            }
        }
    }
}

#[test]
fn an_hcw_error_entry_shows_its_message_not_stack_trace_separators() {
    // Line 233: *ERROR* 10165 whose exception chain is followed by "--- End of inner exception
    // stack trace ---" and "at …" frames.
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/scenarios/mrs-unreachable")],
        (80, 24),
    );
    for _ in 0..12 {
        if row_with(&m, " HCW entry 233 ").is_empty() {
            scenario::press(&mut m, &["e"]);
        }
    }
    let s = screen(&m);
    assert!(s.contains(" HCW entry 233 "), "{s}");
    assert!(
        !s.contains("--- End of inner exception stack trace ---"),
        "{s}"
    );
    insta::assert_snapshot!("details_hcw_error_entry_80x24", s);
}

#[test]
fn tab_onto_a_pane_without_lines_says_so_in_the_detail() {
    let mut m = windowed();
    scenario::press(&mut m, &["<Tab>"]);
    let s = screen(&m);
    assert!(
        s.contains("The IIS pane has no line (the pane says why); Tab: back to the HCW pane"),
        "{s}"
    );
}

/// The handshake's leg rows of the detail pane (` 13:23:14 401.1 …`).
fn leg_rows(m: &hcwlens::tui::model::Model) -> Vec<String> {
    explorer::rows(m)
        .into_iter()
        .map(|r| r.trim_end().to_string())
        .filter(|r| {
            let b = r.as_bytes();
            r.len() > 14 && b[0] == b' ' && b[3] == b':' && b[6] == b':' && b[9] == b' '
        })
        .collect()
}

#[test]
fn each_leg_at_80_columns_says_first_what_it_means() {
    // The EP failure: anonymous challenge, NTLM challenge, channel bindings rejected; and a
    // rejected password. Each leg row is cut at 80 columns: what it means must come before
    // the cut, whole (`(Extended Protection)` is the cause), the normal challenges never read
    // as errors.
    for (scenario, last) in [
        (
            "ep-hybrid-agent",
            "401.1 client channel bindings incorrect (Extended Protection)",
        ),
        (
            "credentials-rejected",
            "SEC_E_LOGON_DENIED: logon denied (likely bad credentials)",
        ),
    ] {
        let dir = format!("tests/fixtures/scenarios/{scenario}");
        let mut m = loaded(&[PathBuf::from(dir)], (80, 24));
        scenario::press(&mut m, &["]"]);
        let s = screen(&m);
        let legs = leg_rows(&m);
        assert!(legs.len() >= 3, "{scenario}: no legs:\n{s}");
        let anonymous = legs.iter().find(|r| r.contains(" 401.2 ")).expect("401.2");
        assert!(
            anonymous.contains("401.2 normal anonymous challenge (leg 0)"),
            "{scenario}: {anonymous}\n{s}"
        );
        let challenge = legs
            .iter()
            .find(|r| r.contains("0x8009030E") || r.contains("NTLM challenge"))
            .unwrap_or_else(|| panic!("{scenario}: no challenge leg:\n{s}"));
        assert!(
            challenge.contains("401.1 NTLM challenge sent (normal leg 1)"),
            "{scenario}: {challenge}\n{s}"
        );
        assert!(
            legs.iter().any(|r| r.contains(last)),
            "{scenario}: no final leg with {last}:\n{s}"
        );
    }
}

#[test]
fn each_leg_row_at_80_columns_keeps_its_status_its_meaning_and_its_code_s_name() {
    // A final leg whose code has no note of its own (no domain controller reached): its row,
    // cut at its end, ended after the code's name (`… SEC_E_NO_AUTHENTICATING_AUTHORITY: No…`);
    // a normal challenge kept its code's number and lost the name.
    let mut m = loaded(&[PathBuf::from("tests/fixtures/legs")], (80, 24));
    scenario::press(&mut m, &["]"]);
    let s = screen(&m);
    assert_eq!(
        leg_rows(&m),
        [
            " 09:12:14 401.2 normal anonymous challenge (leg 0) - 5 ERROR_ACCESS_DENIED…",
            " 09:12:14 401.1 NTLM challenge sent (normal leg 1) - SEC_E_NO_CREDENTIALS…",
            " 09:12:15 401.1 No authority (domain controller / KDC) could be contacted…",
        ],
        "{s}"
    );
    insta::assert_snapshot!("details_legs_80x24", s);
    // A split's legs name their server first: the last one kept its code's name (which the
    // outcome line says) and lost its status.
    let mut m = loaded(
        &[PathBuf::from(
            "tests/fixtures/scenarios/ntlm-split-connection",
        )],
        (80, 24),
    );
    scenario::press(&mut m, &["]"]);
    let s = screen(&m);
    let legs = leg_rows(&m);
    assert!(
        legs.iter()
            .any(|r| r.ends_with(" 401.1 legs split across connections or servers…")),
        "{s}"
    );
}

#[test]
fn the_request_popup_wraps_a_long_decode_under_its_value_not_its_label() {
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/scenarios/ep-hybrid-agent")],
        (80, 24),
    );
    scenario::press(&mut m, &["]", "<Enter>"]);
    let s = screen(&m);
    let rows: Vec<&str> = s.lines().map(|r| r.trim_matches('│')).collect();
    let status = rows
        .iter()
        .position(|r| r.starts_with("Status   401.1 SEC_E_BAD_BINDINGS"))
        .unwrap_or_else(|| panic!("no status row:\n{s}"));
    let next = rows[status + 1];
    assert!(
        next.starts_with("         ") && !next.starts_with("          "),
        "the status goes on under its value:\n{s}"
    );
    // A leg's decode goes on under the decode, past its time.
    let leg = rows
        .iter()
        .position(|r| r.starts_with(" ") && r.contains(" 401.2 normal anonymous challenge"))
        .unwrap_or_else(|| panic!("no leg row:\n{s}"));
    assert!(rows[leg + 1].starts_with(&" ".repeat(10)), "{s}");
}

/// Whether the status note says `text`.
fn note_says(m: &Model, text: &str) -> bool {
    m.note.as_ref().is_some_and(|n| n.text.contains(text))
}

/// The model with its note read (a note too long for the status line is boxed over the
/// screen until a key is pressed).
fn without_note(mut m: Model) -> Model {
    m.note = None;
    m
}

#[test]
fn a_call_no_iis_log_reaches_says_so_not_that_no_handshake_matched() {
    // The HCW run of 2024-11-12 with an IIS log of 2024-11-05 only.
    let m = loaded(
        &[
            PathBuf::from("tests/fixtures/scenarios/ep-hybrid-agent/hcw"),
            PathBuf::from("tests/fixtures/httpproxy/front-end-view/EX01/W3SVC1"),
        ],
        (80, 24),
    );
    // The note on opening (the logs do not overlap) read, the detail under it.
    assert!(note_says(&m, "do not overlap"));
    let m = without_note(m);
    let s = screen(&m);
    assert!(
        s.contains("No IIS log covers this call (the IIS lines run 2024-11-05 "),
        "{s}"
    );
    assert!(!s.contains("No IIS handshake matched"), "{s}");
    // With the IIS log of the call's day, the usual line.
    let m = loaded(
        &[PathBuf::from("tests/fixtures/scenarios/ep-hybrid-agent")],
        (80, 24),
    );
    assert!(!screen(&m).contains("No IIS log covers"), "{}", screen(&m));
}

#[test]
fn the_front_end_view_of_a_leg_says_what_it_saw_before_its_request_id() {
    let mut m = loaded(&[PathBuf::from("tests/fixtures/httpproxy")], (80, 24));
    scenario::press(&mut m, &["}"]);
    let s = screen(&m);
    let rows: Vec<&str> = s.lines().filter(|r| r.contains("front end: ")).collect();
    assert!(!rows.is_empty(), "no front-end row:\n{s}");
    for r in rows {
        let view = r.trim_end().split("front end: ").nth(1).unwrap_or_default();
        // What the front end saw leads; its cafeReqId (a GUID) follows, cut first.
        assert!(!view.starts_with("HttpProxy "), "{r}\n{s}");
        assert!(view.contains("authenticat"), "{r}\n{s}");
    }
}

#[test]
fn a_leg_wrapped_in_the_detail_pane_goes_on_under_its_decode() {
    // An abandoned handshake: two legs, room to wrap the anonymous leg's decode.
    // It opens on the first, abandoned at the challenge.
    let m = loaded(&[PathBuf::from("tests/fixtures/stuck")], (80, 24));
    let s = screen(&m);
    assert!(s.contains("ABANDONED"), "{s}");
    let rows: Vec<&str> = s.lines().collect();
    let leg = rows
        .iter()
        .position(|r| r.contains(" 401.2 normal anonymous challenge (leg 0)"))
        .unwrap_or_else(|| panic!("no leg row:\n{s}"));
    let next = rows[leg + 1];
    assert!(
        next.starts_with(&" ".repeat(10)) && next.trim_start().starts_with(char::is_alphanumeric),
        "the leg goes on under its decode, not under its time:\n{s}"
    );
}

/// The detail rows below the ` HCW entry …` border, above the status and hint lines.
fn hcw_detail(m: &hcwlens::tui::model::Model) -> Vec<String> {
    let rows = explorer::rows(m);
    let title = rows
        .iter()
        .position(|r| r.starts_with(" HCW entry "))
        .unwrap_or_else(|| panic!("no detail pane:\n{}", rows.join("\n")));
    rows[title + 1..rows.len() - 2].to_vec()
}

fn squeezed(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn a_failed_call_at_80x24_shows_its_error_s_message_and_the_failure_s_meaning() {
    // The demo's failed Test-MigrationServerAvailability: its error's first row was the
    // exception's type (`Microsoft.Exchange.Migration.MigrationServerConnectionFailedException:
    // The…`) and the message was cut to make room for the "during this call" line.
    for path in [
        "assets/demo",
        "tests/fixtures/scenarios/credentials-rejected",
    ] {
        let m = loaded(&[explorer::repo(path)], (80, 24));
        let row = m.cursor_row(m.focus).expect("a cursor");
        let c = m.data.call_of(row).expect("opens on a call");
        let call = &m.data.analysis.cmdlets[c];
        assert_eq!(
            call.outcome,
            hcwlens::analyze::cmdlet::CmdletOutcome::Failed,
            "{path} {} {}",
            call.name,
            explorer::rows(&m).join("\n")
        );
        let err = call.error.as_deref().expect("an error");
        let msg = err.split_once("Exception: ").map_or(err, |(_, m)| m);
        let key = msg.split(" --->").next().unwrap_or(msg);
        let detail = hcw_detail(&m);
        let shown = squeezed(&detail.join(" "));
        assert!(
            shown.contains(&squeezed(key)),
            "{path}: {key}\n{}",
            detail.join("\n")
        );
        let hs = &m.data.analysis.handshakes;
        let failed: Vec<_> = m
            .timeline
            .attribution
            .of_call(c)
            .iter()
            .filter(|&&h| hs[h].outcome == hcwlens::analyze::handshake::HandshakeOutcome::Failed)
            .collect();
        assert!(!failed.is_empty(), "{path}");
        for &&h in &failed {
            let meaning = hcwlens::tui::decode::failure_meaning(&hs[h]).expect("a meaning");
            assert!(
                shown.contains(&squeezed(meaning)),
                "{path}: {meaning}\n{}",
                detail.join("\n")
            );
        }
        assert!(shown.contains("duringthiscall"), "{path}");
        assert!(shown.contains("FAILED"), "{path}\n{}", detail.join("\n"));
    }
}

#[test]
fn the_whole_call_at_80x24_breaks_a_long_word_after_a_separator_not_inside_it() {
    // The demo's failed call: its Error field read `…MigrationServerConnectionFailedExcepti` /
    // `on: The connection`, cut at the popup's edge inside the exception's name.
    let mut m = loaded(&[explorer::repo("assets/demo")], (80, 24));
    let c = m
        .data
        .call_of(m.cursor_row(m.focus).expect("a cursor"))
        .expect("opens on a call");
    let call = m.data.analysis.cmdlets[c].clone();
    let whole = format!("{} {}", call.command, call.error.unwrap_or_default());
    let whole: String = whole.split_whitespace().collect::<Vec<_>>().join(" ");
    scenario::press(&mut m, &["<Enter>"]);
    let rows: Vec<String> = explorer::rows(&m)
        .iter()
        .filter_map(|r| r.strip_prefix('│'))
        .filter_map(|r| r.strip_suffix('│'))
        .map(|r| {
            r.chars()
                .skip(11)
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    assert!(rows.len() > 10, "{rows:#?}");
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], pair[1].trim_start());
        let tail = a.rsplit(' ').next().unwrap_or(a);
        let head = b.split(' ').next().unwrap_or(b);
        let inside = tail.ends_with(|c: char| c.is_alphanumeric())
            && head.starts_with(|c: char| c.is_alphanumeric());
        assert!(
            !(inside && whole.contains(&format!("{tail}{head}"))),
            "a word broken inside: {tail} / {head}\n{}",
            rows.join("\n")
        );
    }
}

/// IIS lines of one minute (09:12:00 to 09:12:40) beside an HCW run of another day: the call
/// detail said "the IIS lines run 2024-11-08 09:12 to 09:12", a span that reads as nothing. Ends
/// within one minute are said to the second.
#[test]
fn iis_lines_of_one_minute_are_said_to_the_second() {
    let m = loaded(
        &[
            PathBuf::from("tests/fixtures/scenarios/ep-hybrid-agent/hcw"),
            PathBuf::from("tests/fixtures/legs"),
        ],
        (80, 24),
    );
    let s = screen(&without_note(m));
    assert!(
        s.contains(
            "No IIS log covers this call (the IIS lines run 2024-11-08 09:12:00 to 09:12:40)"
        ),
        "{s}"
    );
}
