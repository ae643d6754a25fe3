//! A cmdlet call's outcome in the explorer at 80x24, in the words the text report and a ticket
//! use (`export::outcome_word`, `export::outcome_text`): the FINISH row keeps its outcome
//! before the pane's edge cuts it, the detail and the whole-call popup say what it means (a
//! bare `ERROR` read as "it failed" when the log may just end before the call's result), and
//! the marks list and the overview say the ticket heading's word, not the code's name.

use crate::explorer;
use crate::scenario;

use explorer::{loaded, repo, rows};
use hcwlens::analyze::cmdlet::CmdletOutcome;
use hcwlens::export::{outcome_text, outcome_word};
use hcwlens::tui::model::Model;
use hcwlens::tui::model::marks::Mark;
use hcwlens::tui::model::overlay::Overlay;
use scenario::press;

const FORBIDDEN: &str = "tests/fixtures/refusals/forbidden-hcw";

/// The detail pane's rows (under its title, above the status line and hints), joined into
/// one text with every run of spaces as one, so words wrapped over rows read on.
fn detail(m: &Model) -> String {
    let rows = rows(m);
    let start = rows
        .iter()
        .rposition(|r| r.starts_with(" HCW entry") || r.starts_with(" IIS line"))
        .expect("the detail pane's title");
    rows[start + 1..rows.len() - 2]
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The forbidden-hcw scenario with its HCW log cut after the second call's START: that call
/// has no FINISH (an `Error` outcome), the first one failed.
fn cut_before_finish() -> (tempfile::TempDir, Model) {
    let tmp = tempfile::tempdir().expect("temp");
    let hcw = repo(FORBIDDEN).join("hcw/20250310_110012.log");
    let text = std::fs::read_to_string(&hcw).expect("hcw log");
    let kept: String = text.split_inclusive('\n').take(22).collect();
    std::fs::create_dir(tmp.path().join("hcw")).expect("dir");
    std::fs::write(tmp.path().join("hcw/20250310_110012.log"), kept).expect("write");
    let m = loaded(
        &[tmp.path().to_path_buf(), repo(FORBIDDEN).join("logs")],
        (80, 24),
    );
    (tmp, m)
}

#[test]
fn a_failed_call_s_finish_row_keeps_its_outcome_at_80_columns() {
    let m = loaded(&[repo(FORBIDDEN)], (80, 24));
    let finish = rows(&m)
        .into_iter()
        .find(|r| r.contains("FINISH Time="))
        .unwrap_or_default();
    let want = format!(
        "Test-MigrationServerAvailability {}: FINISH",
        outcome_word(CmdletOutcome::Failed)
    );
    assert!(finish.contains(&want), "{finish}");
}

#[test]
fn the_call_detail_says_what_a_failed_outcome_means_with_room_else_its_word() {
    let m = loaded(&[repo(FORBIDDEN)], (160, 60));
    let d = detail(&m);
    let want = format!(
        "Test-MigrationServerAvailability {} after 4.1 s",
        outcome_text(CmdletOutcome::Failed)
    );
    assert!(d.contains(&want), "{want}\n{d}");
    // At 80x24 the error keeps its rows; the word says the outcome, the error's message why,
    // on the same row (its exception type left out).
    let m = loaded(&[repo(FORBIDDEN)], (80, 24));
    let d = detail(&m);
    let want = format!(
        "Test-MigrationServerAvailability {} after 4.1 s: The connection to the server",
        outcome_word(CmdletOutcome::Failed)
    );
    assert!(d.contains(&want), "{want}\n{d}");
}

#[test]
fn a_call_with_no_finish_says_what_its_error_outcome_means() {
    let (_tmp, mut m) = cut_before_finish();
    let calls = &m.data.analysis.cmdlets;
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1].outcome, CmdletOutcome::Error);
    press(&mut m, &["G"]);
    let d = detail(&m);
    // The log ends inside it: not an error PowerShell reported, a call with no result.
    let want = "Test-MigrationServerAvailability incomplete (the log ends inside this call, \
                before its result)";
    assert!(d.contains(want), "{want}\n{d}");
    // The whole call says it too.
    press(&mut m, &["<Enter>"]);
    let popup = rows(&m)
        .join(" ")
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let want = "Result incomplete (the log ends inside this call, before its result)";
    assert!(popup.contains(want), "{want}\n{popup}");
}

#[test]
fn the_marks_list_and_the_overview_say_the_ticket_heading_s_word() {
    let (_tmp, mut m) = cut_before_finish();
    press(&mut m, &["O"]);
    let Some(Overlay::Overview(v)) = &m.overlay else {
        panic!("no overview open");
    };
    let calls: Vec<&[String]> = v
        .lines
        .iter()
        .filter(|l| l.pick.is_some() && l.cells.get(1).is_some_and(|c| c.starts_with("Test-")))
        .map(|l| l.cells.as_slice())
        .collect();
    let words: Vec<&str> = calls.iter().map(|c| c[0].as_str()).collect();
    // The second call is one the log ends in: `incomplete`, as the runs list and the detail
    // say, not `ERROR`.
    let want = vec![outcome_word(CmdletOutcome::Failed), "incomplete"];
    assert_eq!(words, want, "{calls:?}");
    press(&mut m, &["<Esc>"]);
    for (c, word) in want.into_iter().enumerate() {
        let (kind, text) = hcwlens::tui::view::marks::describe(&m, Mark::Call(c));
        assert_eq!(kind, "CALL");
        let want = format!("Test-MigrationServerAvailability {word}");
        assert!(text.ends_with(&want), "{text}");
    }
    // The call's ticket heads with the same word.
    let a = &m.data.analysis;
    let ticket = hcwlens::export::cmdlet_markdown(&a.cmdlets[1], &a.sources, &m.zone());
    assert!(
        ticket.starts_with("### HCW cmdlet `Test-MigrationServerAvailability` — incomplete\n"),
        "{ticket}"
    );
}
