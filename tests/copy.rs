//! Marks and ticket copy without a terminal: what `y` copies where the user is, marks and the
//! marks list, the redacted copy, the notes file, and the status message naming the path.
//! Copies go to the in-memory clipboard of the test support (`take_copies`).

use crate::scenario;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::ZoneSpec;
use hcwlens::tui::keymap::Mode;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::marks::Mark;
use hcwlens::tui::model::overlay::Overlay;
use hcwlens::tui::model::pane::PaneId;
use hcwlens::tui::view::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scenario::*;

fn note(m: &Model) -> String {
    m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default()
}

fn copy_one(m: &mut Model, key: &str) -> (String, String) {
    take_copies();
    press(m, &[key]);
    let mut copies = take_copies();
    assert_eq!(copies.len(), 1, "one copy for {key}: {copies:?}");
    copies.remove(0)
}

fn screen(m: &Model) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| view(m, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn bracket_then_y_copies_the_failing_handshake_as_ticket_text() {
    let mut m = model(80, 24);
    press(&mut m, &["]"]);
    let (what, text) = copy_one(&mut m, "y");
    assert_eq!(what, "handshake");
    for needle in ["SEC_E_BAD_BINDINGS", "/EWS/mrsproxy.svc", "2024-11-05"] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    assert!(
        text.contains("Test-MigrationServerAvailability"),
        "the correlated call is named:\n{text}"
    );
    let n = note(&m);
    assert!(n.starts_with("Copied handshake ("), "{n}");
    assert!(n.ends_with(" via OSC 52"), "{n}");
    assert!(n.contains("KB)") || n.contains(" B)"), "{n}");
}

#[test]
fn y_copies_what_the_user_is_on() {
    let mut m = model(80, 24);
    let (what, text) = copy_one(&mut m, "y");
    assert_eq!(what, "cmdlet call", "the cursor opens on the failing START");
    assert!(text.contains("Test-MigrationServerAvailability"), "{text}");
    assert!(!text.contains("SEC_E_BAD_BINDINGS ("), "not the handshake");

    press(&mut m, &["k"]);
    let (what, text) = copy_one(&mut m, "y");
    assert_eq!(what, "line", "an entry outside a call");
    assert!(text.contains("20241105_142245.log:5"), "{text}");
    assert!(
        text.contains("No existing migration endpoint found."),
        "{text}"
    );

    press(&mut m, &["<Tab>", "G"]);
    assert_eq!(m.current_handshake(), None);
    let (what, text) = copy_one(&mut m, "y");
    assert_eq!(what, "line");
    let last = iis_line(ROWS.len() - 1);
    assert!(text.contains(&format!("u_ex241105.log:{last}")), "{text}");
    assert!(
        text.contains("2024-11-05 13:25:10 10.0.0.5 POST /mapi/emsmdb/"),
        "{text}"
    );

    press(&mut m, &["F", "j"]);
    let (what, text) = copy_one(&mut m, "y");
    assert_eq!(what, "finding");
    assert!(text.contains("HCW8078"), "the selected finding:\n{text}");
    press(&mut m, &["<Esc>", "<Enter>"]);
    assert!(matches!(m.overlay, Some(Overlay::Entry { .. })));
    let (what, _) = copy_one(&mut m, "y");
    assert_eq!(what, "line", "the entry shown whole");
}

#[test]
fn marks_toggle_show_in_the_gutter_and_the_list_copies_them_all() {
    let mut m = model(80, 24);
    press(&mut m, &["m"]);
    assert_eq!(m.marks.list, vec![Mark::Call(0)]);
    press(&mut m, &["]", "m"]);
    assert_eq!(m.marks.list, vec![Mark::Call(0), Mark::Handshake(1)]);
    assert!(note(&m).contains("2 marked"), "{}", note(&m));
    let rows = screen(&m);
    let legs: Vec<&String> = rows
        .iter()
        .filter(|l| l.contains("10.0.5.20 POST /EWS/mrsproxy.svc"))
        .collect();
    assert_eq!(legs.len(), 3);
    assert!(legs.iter().all(|l| l.as_bytes()[1] == b'#'), "{legs:#?}");
    assert!(
        rows.iter()
            .any(|l| l.contains("START Test-Migration") && l.as_bytes()[1] == b'#'),
        "the marked call's START"
    );
    press(&mut m, &["F", "m", "<Esc>"]);
    assert_eq!(m.marks.len(), 3);

    press(&mut m, &["M"]);
    assert_eq!(m.mode(), Mode::Marks);
    let (what, text) = copy_one(&mut m, "y");
    assert_eq!(what, "3 marked items");
    let parts: Vec<&str> = text.split("\n---\n").collect();
    assert_eq!(parts.len(), 3, "{text}");
    assert!(
        parts[0].contains("Extended Protection rejects"),
        "finding first:\n{text}"
    );
    assert!(
        parts[1].contains("### HCW cmdlet"),
        "then the call (13:23:13.397):\n{text}"
    );
    assert!(
        parts[2].contains("Legs:"),
        "then the handshake (13:23:14):\n{text}"
    );

    press(&mut m, &["j", "j", "<Enter>"]);
    assert_eq!(m.overlay, None);
    assert_eq!(m.focus, PaneId::Iis, "jumped to the marked handshake");
    assert_eq!(m.current_handshake(), Some(1));
    press(&mut m, &["m"]);
    assert_eq!(m.marks.len(), 2, "m again unmarks");
    press(&mut m, &["M", "d", "d"]);
    assert!(m.marks.is_empty());
    assert_eq!(m.overlay, None, "the list closes when empty");
}

fn redacted_pair(m: &mut Model) -> (String, String) {
    let (_, plain) = copy_one(m, "y");
    let (what, text) = copy_one(m, "Y");
    assert!(what.ends_with(", redacted"), "{what}");
    (plain, text)
}

#[test]
fn capital_y_copies_redacted() {
    let mut m = model(80, 24);
    let (plain, text) = redacted_pair(&mut m);
    assert!(plain.contains("mail.contoso.com"), "{plain}");
    assert!(!text.to_lowercase().contains("contoso"), "leaked:\n{text}");
    assert!(text.contains("Test-MigrationServerAvailability"), "{text}");

    press(&mut m, &["]"]);
    let (plain, text) = redacted_pair(&mut m);
    for private in ["10.0.5.20", "EX01"] {
        assert!(plain.contains(private), "{private} should be in:\n{plain}");
        assert!(!text.contains(private), "{private} leaked:\n{text}");
    }
    for kept in [
        "SEC_E_BAD_BINDINGS",
        "/EWS/mrsproxy.svc",
        "2024-11-05",
        "401",
    ] {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }
    assert!(text.contains("- Client: `ip-"), "{text}");

    press(&mut m, &["G"]);
    let (plain, text) = redacted_pair(&mut m);
    assert!(plain.contains("CONTOSO\\asmith"), "{plain}");
    for private in ["CONTOSO", "asmith"] {
        assert!(!text.contains(private), "{private} leaked:\n{text}");
    }
}

#[test]
fn w_writes_marks_and_findings_to_a_file_in_the_current_folder() {
    let mut m = model(80, 24);
    press(&mut m, &["]", "m", "w"]);
    assert_eq!(m.mode(), Mode::Input);
    assert_eq!(m.input.as_ref().unwrap().text, "hcwlens-notes.md");
    take_writes();
    press(&mut m, &["<Enter>"]);
    let writes = take_writes();
    assert_eq!(writes.len(), 1);
    let (path, text) = &writes[0];
    assert_eq!(path.to_str(), Some("hcwlens-notes.md"));
    assert!(text.starts_with("# hcwlens notes"), "{text}");
    assert!(text.contains("u_ex241105.log"), "{text}");
    let marked = text.find("## Marked").unwrap();
    let findings = text.find("## Findings").unwrap();
    assert!(marked < findings);
    assert!(text[marked..findings].contains("SEC_E_BAD_BINDINGS"));
    assert!(text[findings..].contains("Extended Protection rejects"));
    assert!(text[findings..].contains("HCW8078"));
    assert!(note(&m).contains("hcwlens-notes.md"), "{}", note(&m));

    press(&mut m, &["w", "<C-u>"]);
    type_text(&mut m, "EX01/W3SVC1/u_ex241105.log");
    press(&mut m, &["<Enter>"]);
    assert!(take_writes().is_empty(), "never over a loaded log");
    let err = m.input.as_ref().and_then(|i| i.error.clone()).unwrap();
    assert!(err.contains("loaded logs"), "{err}");
}

#[test]
fn w_never_overwrites_and_capital_w_writes_the_redacted_notes_to_the_notes_folder() {
    let mut s = settings(None);
    s.notes_dir = Some(std::path::PathBuf::from("/home/admin/Documents"));
    let mut m = Model::ready(analysis(), s, (80, 24));
    press(&mut m, &["w"]);
    let want = std::path::Path::new("/home/admin/Documents").join("hcwlens-notes.md");
    assert_eq!(
        m.input.as_ref().unwrap().text,
        want.display().to_string(),
        "the documents folder, not the working directory"
    );
    press(&mut m, &["<Esc>", "W"]);
    assert_eq!(m.mode(), Mode::Input);
    let want = std::path::Path::new("/home/admin/Documents").join("hcwlens-notes-redacted.md");
    assert_eq!(m.input.as_ref().unwrap().text, want.display().to_string());
    take_writes();
    press(&mut m, &["<Enter>"]);
    let writes = take_writes();
    assert_eq!(writes.len(), 1);
    let (_, text) = &writes[0];
    assert!(text.starts_with("# hcwlens notes"), "{text}");
    for private in ["contoso", "10.0.5.20", "EX01"] {
        assert!(!text.contains(private), "{private} leaked:\n{text}");
    }
    assert!(text.contains("Test-MigrationServerAvailability"), "{text}");
}

fn demo_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo")
}

/// The explorer on the demo, as `hcwlens demo` loads it, showing UTC like the report.
fn demo_model() -> (Model, Analysis) {
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[demo_dir()], &opts, &NoProgress).expect("demo loads");
    let report = load(&[demo_dir()], &LoadOptions::default(), &NoProgress).expect("demo loads");
    let mut m = Model::ready(a, settings(None), (120, 40));
    for _ in 0..4 {
        if m.zone() == ZoneSpec::Fixed(0) {
            break;
        }
        press(&mut m, &["t"]);
    }
    assert_eq!(m.zone(), ZoneSpec::Fixed(0));
    (m, report)
}

/// `text` with every run of white space as one space (HCW wraps long lines in its log).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `ErrorDetail` of the first failed Test-MigrationServerAvailability in the demo HCW log,
/// line by line as logged.
fn demo_error_lines() -> Vec<String> {
    let hcw = std::fs::read_dir(demo_dir().join("hcw"))
        .expect("demo hcw folder")
        .flatten()
        .next()
        .expect("demo hcw log");
    let text = std::fs::read_to_string(hcw.path()).expect("demo hcw log reads");
    let start = text.find("ErrorDetail='").expect("an ErrorDetail") + "ErrorDetail='".len();
    let end = start + text[start..].find("' IsValid=").expect("its end");
    text[start..end]
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_copied_demo_finding_reads_whole_with_commands_in_powershell_fences() {
    let (mut m, _) = demo_model();
    press(&mut m, &["F"]);
    let (what, text) = copy_one(&mut m, "y");
    assert_eq!(what, "finding");
    let error = demo_error_lines();
    assert!(error.len() > 3, "{error:?}");
    let whole = words(&error.join(" "));
    assert!(
        words(&text).contains(&whole),
        "error text missing or cut:\n{text}"
    );
    assert!(
        text.contains("The authentication header received from the server was 'Negotiate,NTLM'."),
        "{text}"
    );
    assert!(text.contains("```powershell\n"), "{text}");
    assert!(
        text.contains(
            "```powershell\n   .\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames"
        ),
        "the script line is fenced inside its list item:\n{text}"
    );
    let fences = text
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    assert_eq!(fences % 2, 0, "every fence is closed:\n{text}");

    let (_, report) = demo_model();
    for (format, doc) in [
        ("text", hcwlens::report::text::render(&report)),
        ("markdown", hcwlens::report::markdown::render(&report)),
    ] {
        assert!(
            words(&doc).contains(&whole),
            "{format} report cuts the error:\n{doc}"
        );
    }

    press(&mut m, &["<Esc>"]);
    let (what, call) = copy_one(&mut m, "y");
    assert_eq!(what, "cmdlet call");
    assert!(
        call.contains("Command:\n\n```powershell\nTest-MigrationServerAvailability"),
        "{call}"
    );
    assert!(
        words(&call).contains(&whole),
        "error text missing or cut:\n{call}"
    );
}

/// The redacted text of every finding, by `Y` in the explorer (showing UTC, as the report) and
/// in the `W` notes, for the logs at `dir`; and `report --redact --format markdown` on them.
fn redacted_three_ways(dir: &std::path::Path) -> (Vec<String>, String, String) {
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[dir.to_path_buf()], &opts, &NoProgress).expect("logs load");
    let n = a.findings.len();
    let mut m = Model::ready(a, settings(None), (120, 40));
    for _ in 0..4 {
        if m.zone() == ZoneSpec::Fixed(0) {
            break;
        }
        press(&mut m, &["t"]);
    }
    press(&mut m, &["F"]);
    let mut ys = Vec::new();
    for _ in 0..n {
        let (what, y) = copy_one(&mut m, "Y");
        assert_eq!(what, "finding, redacted");
        ys.push(y);
        press(&mut m, &["j"]);
    }
    press(&mut m, &["<Esc>", "W"]);
    take_writes();
    press(&mut m, &["<Enter>"]);
    let (_, notes) = take_writes().remove(0);
    // Starting the process is retried: under Wine, CreateProcess now and then fails with
    // ERROR_INTERNAL_ERROR (1359) before the program runs. The report's own result is not retried.
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_hcwlens"))
            .args(["report", "--redact", "--format", "markdown"])
            .arg(dir)
            .output()
    };
    let out = spawn()
        .or_else(|_| spawn())
        .or_else(|_| spawn())
        .expect("report runs");
    (
        ys,
        notes,
        String::from_utf8(out.stdout).expect("UTF-8 report"),
    )
}

#[test]
fn capital_y_capital_w_and_report_redact_give_the_same_finding_text() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scenarios = root.join("tests/fixtures/scenarios");
    let mut dirs = vec![demo_dir()];
    for e in std::fs::read_dir(&scenarios).expect("scenarios").flatten() {
        if e.path().is_dir() {
            dirs.push(e.path());
        }
    }
    for dir in dirs {
        let (ys, notes, reported) = redacted_three_ways(&dir);
        let name = dir.display();
        for (i, y) in ys.iter().enumerate() {
            assert!(
                reported.contains(y.trim_end()),
                "{name} finding {i}: Y and report --redact differ.\nY:\n{y}\nreport:\n{reported}"
            );
            assert!(
                notes.contains(y.trim_end()),
                "{name} finding {i}: Y and W differ.\nY:\n{y}\nW:\n{notes}"
            );
        }
    }
    let (ys, _, _) = redacted_three_ways(&demo_dir());
    assert!(ys.len() >= 2);
    assert!(
        ys.iter().all(|y| !y.to_lowercase().contains("contoso")),
        "{ys:#?}"
    );
}

/// The notes file's list of logs words each clock as the reports do
/// (`report::text::zone_label`): an HCW log that states no zone says `UTC (assumed)`; it said
/// `clock UTC+00:00`, a fact the log never stated, and an IIS log's UTC `UTC+00:00` where the
/// reports and the sources list say `UTC`.
#[test]
fn the_notes_file_words_each_log_s_clock_as_the_reports_do() {
    let tmp = tempfile::tempdir().expect("temp");
    let hcw = "2025.03.10 11:00:40.015         10276 [Client=UX, Session=Tenant, Cmdlet=Get-Foo, Thread=21] START Get-Foo\n\
               2025.03.10 11:00:41.015         10277 [Client=UX, Session=Tenant, Cmdlet=Get-Foo, Thread=21] FINISH Time=1000.0ms Results=1\n";
    std::fs::write(tmp.path().join("20250310_110040.log"), hcw).expect("write");
    let iis = demo_dir().join("EX01");
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[tmp.path().to_path_buf(), iis], &opts, &NoProgress).expect("load");
    let assumed = a
        .sources
        .iter()
        .find(|s| s.zone_origin == hcwlens::source::ZoneOrigin::Assumed)
        .expect("an HCW log without a zone");
    assert_eq!(assumed.kind, hcwlens::source::SourceKind::Hcw);
    let m = Model::ready(a, settings(None), (80, 24));
    let logs = match hcwlens::tui::update::notes::notes(&m).first() {
        Some(hcwlens::tui::ticket::Piece::Text(t)) => t.clone(),
        other => panic!("no list of logs first: {other:?}"),
    };
    assert!(
        logs.contains("(HCW, clock UTC (assumed), 2 events)"),
        "{logs}"
    );
    assert!(logs.contains("IIS, clock UTC, "), "{logs}");
}

/// A call's duration is worded one way: the copied ticket's `Duration:`, the detail pane's
/// `after …` and the whole call's `Took` (the ticket said `5.43 s`, the explorer `5.4 s`).
#[test]
fn a_call_s_duration_reads_alike_in_the_explorer_and_its_copied_ticket() {
    let (mut m, _) = demo_model();
    let (what, ticket) = copy_one(&mut m, "y");
    assert_eq!(what, "cmdlet call", "the demo opens on the failing call");
    let took = ticket
        .lines()
        .find_map(|l| l.strip_prefix("- Duration: "))
        .unwrap_or_else(|| panic!("no duration:\n{ticket}"))
        .to_string();
    let rows = screen(&m).join("\n");
    assert!(rows.contains(&format!(" after {took}")), "{took}\n{rows}");
    press(&mut m, &["<Enter>"]);
    let popup = words(&screen(&m).join(" ").replace('│', " "));
    assert!(popup.contains(&format!("Took {took}")), "{took}\n{popup}");
}
