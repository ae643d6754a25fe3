//! The sources list in the explorer (`I`): every loaded file with kind, server, zone, lines and
//! unparsed count, and every skipped file with why — on the scenario and on a real folder
//! holding a text file, a named pipe and an IIS log with damaged lines.

use crate::explorer;
use crate::scenario;

use explorer::screen;
use hcwlens::source::Skipped;
use hcwlens::tui::keymap::Mode;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::overlay::Overlay;
use scenario::*;

fn with_skipped() -> Model {
    let mut a = analysis();
    a.skipped = vec![
        Skipped {
            path: "EX01/W3SVC1/notes.txt".into(),
            reason: "not a log: no W3C #Fields and no HCW header".into(),
        },
        Skipped {
            path: "EX01/W3SVC1/pipe".into(),
            reason: "not a regular file (named pipe)".into(),
        },
    ];
    Model::ready(a, settings(None), (80, 24))
}

#[test]
fn capital_i_lists_loaded_and_skipped_files_at_80x24() {
    let mut m = with_skipped();
    press(&mut m, &["I"]);
    assert_eq!(m.mode(), Mode::Sources);
    let s = screen(&m);
    for want in [
        "Sources: 2 loaded, 2 skipped",
        "HCW/20241105_142245.log",
        "machine HCWHOST",
        "zone UTC+01:00 · ",
        "EX01/W3SVC1/u_ex241105.log",
        "0 unparsed",
        "SKIP EX01/W3SVC1/pipe",
        "not a regular file (named pipe)",
    ] {
        assert!(s.contains(want), "{want}:\n{s}");
    }
    insta::assert_snapshot!("sources_80x24", s);
    press(&mut m, &["<Esc>"]);
    assert_eq!(m.overlay, None);
    press(&mut m, &["I", "I"]);
    assert_eq!(m.overlay, None, "I toggles");
}

#[test]
fn help_shows_the_sources_key() {
    let mut m = model(120, 60);
    press(&mut m, &["?"]);
    let s = screen(&m);
    assert!(s.contains("Sources: every file loaded or skipped"), "{s}");
}

#[test]
fn a_long_list_scrolls_and_stops_at_its_end() {
    let mut a = analysis();
    a.skipped = (0..40)
        .map(|i| Skipped {
            path: format!("logs/file{i:02}.bin").into(),
            reason: "not a log".into(),
        })
        .collect();
    let mut m = Model::ready(a, settings(None), (80, 24));
    press(&mut m, &["I", "G"]);
    let Some(Overlay::Sources { scroll: end }) = m.overlay else {
        panic!("open")
    };
    assert!(end > 0);
    assert!(screen(&m).contains("logs/file39.bin"));
    press(&mut m, &["j"]);
    assert_eq!(m.overlay, Some(Overlay::Sources { scroll: end }), "stops");
    press(&mut m, &["g"]);
    assert_eq!(m.overlay, Some(Overlay::Sources { scroll: 0 }));
}

#[cfg(unix)]
#[test]
fn a_real_folder_shows_the_pipe_the_text_file_and_unparsed_lines() {
    use hcwlens::pipeline::{self, LoadOptions, Selector};
    use hcwlens::progress::NoProgress;
    use hcwlens::source::SourceKind;
    use hcwlens::time::ZoneSpec;
    let dir = tempfile::tempdir().expect("temp dir");
    let iis = dir.path().join("EX01").join("W3SVC1");
    std::fs::create_dir_all(&iis).expect("mkdir");
    let log = "#Software: Microsoft Internet Information Services 10.0\r\n\
               #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n\
               2024-11-05 13:00:00 10.0.0.5 GET /owa/ - 443 - 10.0.0.9 Mozilla/5.0 - 200 0 0 5\r\n\
               2024-11-05 13:00:01 10.0.0.5 GET\r\n";
    std::fs::write(iis.join("u_ex241105.log"), log).expect("write");
    std::fs::write(iis.join("readme.txt"), "copied from EX01 on Tuesday\n").expect("write");
    let ok = std::process::Command::new("mkfifo")
        .arg(iis.join("u_ex241106.log"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo");
    let opts = LoadOptions {
        index: true,
        zones: vec![(Selector::Kind(SourceKind::Hcw), ZoneSpec::Fixed(3600))],
        ..Default::default()
    };
    let a = pipeline::load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load");
    let mut m = Model::ready(a, settings(None), (100, 30));
    let note = m.note.clone().map(|n| n.text).unwrap_or_default();
    assert!(
        note.contains("--tz hcw=") && note.contains("EX01"),
        "a --tz matching nothing is said: {note}"
    );
    press(&mut m, &["I"]);
    let s = screen(&m);
    for want in [
        "Sources: 1 loaded, 2 skipped",
        "folder EX01/W3SVC1",
        "1 unparsed",
        "readme.txt",
        "u_ex241106.log",
        "not a regular file (named pipe)",
    ] {
        assert!(s.contains(want), "{want}:\n{s}");
    }
}

/// The wizard's bootstrapper log (`.boot`) as HCW writes it beside the run's `.log`: the same
/// line format, no Process Info table, so it names no machine (modelled on the SAMMY corpus).
const BOOT: &str = "2024.11.12 09:14:10.651               Current Time Zone: Eastern Standard Time (9:14:10 AM)\r\n\
2024.11.12 09:14:10.667         10411 [Client=Boot, Thread=1] START \r\n\
2024.11.12 09:14:10.715         10412 [Client=Boot, Thread=1] Startup Options: \r\n\
2024.11.12 09:14:11.001         10411 [Client=Boot, Thread=1] FINISH Time=334.6ms\r\n";

#[test]
fn a_boot_log_is_never_given_its_file_name_as_a_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = explorer::repo("tests/fixtures/scenarios/ep-hybrid-agent/hcw/20241112_091408.log");
    let boot = dir.path().join("20241112_091408.boot");
    std::fs::write(&boot, BOOT).expect("boot");
    // Alone: it names no machine, and the list says so.
    let mut m = explorer::loaded(std::slice::from_ref(&boot), (120, 30));
    press(&mut m, &["I"]);
    let s = screen(&m);
    assert!(s.contains("machine not logged"), "{s}");
    assert!(!s.contains("server 20241112_091408"), "{s}");
    // With the run's .log: the machine that log names, said where it comes from.
    std::fs::copy(&log, dir.path().join("20241112_091408.log")).expect("copy");
    let mut m = explorer::loaded(&[dir.path().to_path_buf()], (120, 30));
    press(&mut m, &["I"]);
    let s = screen(&m);
    assert!(
        s.contains("machine MGMT01 (named by the run's .log) · zone"),
        "{s}"
    );
    assert!(!s.contains("20241112_091408 ·"), "{s}");
}

#[test]
fn a_server_named_after_its_folder_is_said_to_be() {
    // The demo's IIS log logs no s-computername: EX01 comes from its folder, not the log.
    let mut m = explorer::loaded(&[explorer::repo("assets/demo")], (120, 30));
    press(&mut m, &["I"]);
    let s = screen(&m);
    assert!(s.contains("     folder EX01/W3SVC1 · zone UTC · "), "{s}");
    assert!(!s.contains("server EX01"), "{s}");
}

#[test]
fn the_notes_list_a_boot_log_without_a_made_up_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let boot = dir.path().join("20241112_091408.boot");
    std::fs::write(&boot, BOOT).expect("boot");
    let m = explorer::loaded(std::slice::from_ref(&boot), (80, 24));
    let text: String = hcwlens::tui::update::notes::notes(&m)
        .into_iter()
        .filter_map(|p| match p {
            hcwlens::tui::ticket::Piece::Text(t) => Some(t),
            hcwlens::tui::ticket::Piece::Marks(_) => None,
        })
        .collect();
    let row = text
        .lines()
        .find(|l| l.starts_with("- `20241112_091408.boot`"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.starts_with("- `20241112_091408.boot` (HCW, clock"),
        "{row}"
    );
}

/// Each source's facts row as the `I` list shows it, with the report's label of its clock.
fn zone_rows(m: &Model) -> Vec<(String, String)> {
    let theme = hcwlens::tui::view::theme::Theme::new(false);
    let text: Vec<String> = hcwlens::tui::view::sources::lines(m, &theme)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    m.data
        .analysis
        .sources
        .iter()
        .map(|s| {
            let path = s.path.display().to_string();
            let at = text
                .iter()
                .position(|t| t.ends_with(&path))
                .unwrap_or_else(|| panic!("{path} listed: {text:#?}"));
            (text[at + 1].clone(), hcwlens::report::text::zone_label(s))
        })
        .collect()
}

#[test]
fn the_sources_list_words_a_clock_as_the_report_does() {
    // The header's zone, a W3C log's UTC, a zone given with --tz: the explorer and the report
    // say each source's clock the same way, from one home.
    use hcwlens::pipeline::{self, LoadOptions, Selector};
    use hcwlens::progress::NoProgress;
    use hcwlens::source::SourceKind;
    use hcwlens::time::ZoneSpec;
    let demo = explorer::repo("assets/demo");
    let tz = LoadOptions {
        index: true,
        zones: vec![(Selector::Kind(SourceKind::Iis), ZoneSpec::Fixed(2 * 3600))],
        ..Default::default()
    };
    let with_tz = pipeline::load(std::slice::from_ref(&demo), &tz, &NoProgress).expect("load");
    let cases = [
        Model::ready(analysis(), settings(None), (120, 40)),
        explorer::loaded(&[demo], (120, 40)),
        Model::ready(with_tz, settings(None), (120, 40)),
    ];
    for m in &cases {
        for (row, label) in zone_rows(m) {
            assert!(
                row.contains(&format!(" · zone {label} · ")),
                "{label}: {row}"
            );
        }
    }
}
