//! One machine, one name, wherever a server is named: EX01's IIS log writes `s-computername`
//! as `ex01.contoso.com`, its HTTPERR log is in the `EX01/HTTPERR` folder (so EX01's too,
//! `tests/httperr_names.rs`), and EX02's IIS log
//! writes `EX02` (`tests/fixtures/w3c-shapes/two-spellings`: a failed Extended Protection
//! handshake on EX01, and one whose legs went to EX01 then EX02). The sources list and the
//! findings say `EX01`; so do the JSON report's handshakes, the export's `host.name` (its
//! `host.hostname` keeps what the line logged) and the explorer's server column and handshake
//! detail.

use crate::explorer;
use crate::scenario;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

const FQDN: &str = "ex01.contoso.com";

fn case() -> PathBuf {
    explorer::repo("tests/fixtures/w3c-shapes/two-spellings")
}

#[test]
fn the_sources_list_names_the_machine_once() {
    let a = load(&[case()], &LoadOptions::default(), &NoProgress).expect("load");
    let servers: BTreeSet<&str> = a.sources.iter().map(|s| s.server.as_str()).collect();
    assert_eq!(servers, ["EX01", "EX02"].into());
}

#[test]
fn json_handshakes_name_the_server_as_the_sources_list_does() {
    let a = load(&[case()], &LoadOptions::default(), &NoProgress).expect("load");
    let v: Value = serde_json::from_str(&hcwlens::report::json::render(&a)).expect("JSON");
    let hs = v["handshakes"].as_array().expect("handshakes");
    assert_eq!(hs.len(), 2, "{hs:?}");
    let servers: BTreeSet<(&str, Option<&str>)> = hs
        .iter()
        .map(|h| (h["server"].as_str().unwrap_or(""), h["split"].as_str()))
        .collect();
    assert_eq!(servers, [("EX01", None), ("EX01", Some("EX02"))].into());
    for h in hs {
        let words = h["grouping"].as_str().unwrap_or("");
        assert!(!words.contains(FQDN), "{words}");
    }
    let split = hs.iter().find(|h| h["split"].is_string()).expect("split");
    assert!(
        split["grouping"]
            .as_str()
            .is_some_and(|g| g.contains("split: EX01 then EX02")),
        "{split}"
    );
}

fn exported() -> Vec<Value> {
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(&[case()], &LoadOptions::default(), &mut out).expect("export");
    String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

#[test]
fn the_export_names_the_host_by_the_machine_s_one_name_and_keeps_the_logged_spelling() {
    let lines = exported();
    let hosts: BTreeSet<(String, Option<String>, String)> = lines
        .iter()
        .filter(|v| {
            v["event"]["dataset"]
                .as_str()
                .is_some_and(|d| d.starts_with("hcwlens.iis") || d.starts_with("hcwlens.httperr"))
        })
        .map(|v| {
            let file = v["log"]["file"]["path"].as_str().unwrap_or("");
            let folder = if file.contains("EX02") {
                "EX02"
            } else if file.contains("HTTPERR") {
                "HTTPERR"
            } else {
                "W3SVC1"
            };
            (
                v["host"]["name"].as_str().unwrap_or("").to_string(),
                v["host"]["hostname"].as_str().map(str::to_string),
                folder.to_string(),
            )
        })
        .collect();
    assert_eq!(
        hosts,
        [
            ("EX01".to_string(), Some(FQDN.to_string()), "W3SVC1".into()),
            ("EX01".to_string(), None, "HTTPERR".into()),
            ("EX02".to_string(), None, "EX02".into()),
        ]
        .into()
    );
}

#[test]
fn the_explorer_names_the_server_as_the_sources_list_does() {
    // The IIS pane's server column, and the split handshake's detail (its title and each leg's
    // server), at 120 columns where the column is wide enough for the whole name.
    let mut m = explorer::loaded(&[case()], (120, 40));
    let s = explorer::screen(&m);
    assert!(!s.contains("ex01"), "{s}");
    assert!(s.contains(" EX01 "), "{s}");
    // The split handshake: the second failed one.
    scenario::press(&mut m, &["}", "}"]);
    let h = m.current_handshake().expect("a handshake");
    assert!(m.data.analysis.handshakes[h].split.is_some());
    let s = explorer::screen(&m);
    assert!(!s.contains("ex01"), "{s}");
    assert!(s.contains("split: EX01 then EX02"), "{s}");
}

#[test]
fn a_handshake_ticket_and_the_text_report_name_the_servers_as_the_sources_list_does() {
    let a = load(&[case()], &LoadOptions::default(), &NoProgress).expect("load");
    let split = a
        .handshakes
        .iter()
        .find(|h| h.split.is_some())
        .expect("split");
    let ticket = hcwlens::export::handshake_markdown(
        split,
        &a.sources,
        &hcwlens::time::ZoneSpec::Fixed(0),
        None,
    );
    assert!(!ticket.contains(FQDN), "{ticket}");
    assert!(ticket.contains("- Server: `EX01`"), "{ticket}");
    assert!(ticket.contains("split: EX01 then EX02"), "{ticket}");
    // Quoted log lines (evidence) keep what the log wrote; nothing else says the FQDN.
    let text = hcwlens::report::text::render(&a);
    for l in text.lines().filter(|l| !l.contains(".log:")) {
        assert!(!l.contains(FQDN), "{l}");
    }
}

/// The IIS rows of the explorer's pane, each by the server its line logs.
fn iis_servers(m: &hcwlens::tui::model::Model) -> Vec<String> {
    use hcwlens::tui::model::{pane::PaneId, row::RowRef};
    (0..m.pane_len(PaneId::Iis))
        .filter_map(|p| match m.row_at(PaneId::Iis, p) {
            Some(RowRef::Iis(k, r)) => Some(
                m.data.analysis.requests[usize::from(k)]
                    .field(hcwlens::index::Field::Server, r as usize)
                    .to_string(),
            ),
            _ => None,
        })
        .collect()
}

#[test]
fn the_quick_server_filter_offers_the_machine_s_name_and_keeps_each_spelling() {
    let mut m = explorer::loaded(&[case()], (120, 40));
    // The first line, which logs the FQDN.
    scenario::press(&mut m, &["g", "c"]);
    let Some(hcwlens::tui::model::overlay::Overlay::Quick { row }) = m.overlay else {
        panic!("no quick menu: {:?}", m.overlay)
    };
    let choices = hcwlens::tui::update::quick::choices(&m, row);
    let server = choices
        .iter()
        .find(|c| c.key == 'v')
        .expect("a server choice");
    assert_eq!(server.value, "EX01");
    scenario::press(&mut m, &["v"]);
    // The HTTPERR line, which logs no name, is named by its machine's IIS log.
    assert_eq!(iis_servers(&m), vec![FQDN; 6]);
    // Hiding the machine hides every spelling of it, and nothing else.
    let mut m = explorer::loaded(&[case()], (120, 40));
    scenario::press(&mut m, &["g", "c", "V"]);
    let left = iis_servers(&m);
    assert_eq!(left, ["EX02"], "{left:?}");
}

#[test]
fn the_finder_lists_one_server_value_per_machine() {
    let mut m = explorer::loaded(&[case()], (120, 40));
    scenario::press(&mut m, &["f"]);
    let Some(hcwlens::tui::model::overlay::Overlay::Picker(p)) = &m.overlay else {
        panic!("no finder")
    };
    let servers: BTreeSet<(&str, u64)> = p
        .all
        .iter()
        .filter(|c| c.kind == hcwlens::filter::CandidateKind::Server)
        .map(|c| (c.value.as_str(), c.count))
        .collect();
    assert_eq!(servers, [("EX01", 6), ("EX02", 1)].into());
}

#[test]
fn the_request_detail_names_the_machine_and_the_spelling_its_line_logs() {
    let mut m = explorer::loaded(&[case()], (120, 40));
    scenario::press(&mut m, &["g", "<Enter>"]);
    let s = explorer::screen(&m);
    assert!(s.contains("EX01 (logged ex01.contoso.com)"), "{s}");
}

/// The HTTPERR line logs no server name: its detail names the machine and says where the name
/// came from, never that the line logged the IIS log's spelling.
#[test]
fn the_request_detail_of_a_line_that_logs_no_name_does_not_say_it_logged_one() {
    let mut m = explorer::loaded(&[case()], (120, 40));
    scenario::press(&mut m, &["g", "j", "j", "j", "<Enter>"]);
    let s = explorer::screen(&m);
    assert!(
        s.contains("ERR httperr1.log line 5"),
        "not the HTTPERR line: {s}"
    );
    assert!(!s.contains("(logged "), "{s}");
    assert!(s.contains("Server   EX01 (not logged by the line)"), "{s}");
}
