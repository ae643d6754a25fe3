//! The server's side of the story, end to end: a fixture IIS log of our own
//! (`tests/fixtures/evtx/`) whose failed NTLM handshake carries the user, client address and
//! time of a 4625 in the corpus file `Security_with_size_t.evtx` (skipped with a note when the
//! corpus is absent). Loaded together, the handshake is linked to the event, the decoded reason
//! shows in the report, the JSON and the explorer, and `credentials-rejected` names the precise
//! cause with the event as evidence. A second handshake from another client and user at the
//! same moment stays unlinked.

#[path = "support/scenario.rs"]
mod scenario;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use hcwlens::tui::model::Model;
use hcwlens::tui::msg::Msg;
use hcwlens::tui::update::handle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;

fn corpus_evtx() -> Option<PathBuf> {
    for base in ["../shared/corpus/evtx", "../../shared/corpus/evtx"] {
        let p = PathBuf::from(base).join("omerbenamram-evtx/Security_with_size_t.evtx");
        if p.is_file() {
            return Some(p);
        }
    }
    eprintln!("skipped: corpus file evtx/omerbenamram-evtx/Security_with_size_t.evtx not found");
    None
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evtx")
}

fn analyse(index: bool) -> Option<Analysis> {
    let evtx = corpus_evtx()?;
    let opts = LoadOptions {
        index,
        ..Default::default()
    };
    Some(load(&[fixture(), evtx], &opts, &NoProgress).expect("load"))
}

const REASON: &str = "Security 4625: no such user (0xC0000064), NTLM";

#[test]
fn the_failed_handshake_is_linked_and_the_finding_names_the_cause() {
    let Some(a) = analyse(false) else { return };
    let evtx = a
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Evtx)
        .expect("the evtx file is a source of kind evtx");
    assert_eq!(evtx.server, "WIN-L0ZZQ76PMUF");
    assert_eq!(a.security.links.len(), 1, "{:?}", a.security.links);
    let h = &a.handshakes[a.security.links[0].handshake];
    assert_eq!((h.client.as_str(), h.uri.as_str()), ("10.20.0.118", "/EWS/Exchange.asmx"));

    let f = a
        .findings
        .iter()
        .find(|f| f.id == "credentials-rejected")
        .expect("credentials-rejected");
    assert!(
        f.title.ends_with("(2 handshakes): no such user (0xC0000064)"),
        "{}",
        f.title
    );
    assert!(
        f.explanation.contains(
            "The server's Security log says why: no such user (0xC0000064) for \
             IT104-3\\Student from 10.20.0.118 (1 handshake)"
        ),
        "{}",
        f.explanation
    );
    assert!(
        f.remedy.starts_with("- no such user (0xC0000064): No account of that name exists"),
        "{}",
        f.remedy
    );
    let events: Vec<_> = f.evidence.iter().filter(|e| e.source == evtx.id).collect();
    assert_eq!(events.len(), 1, "{:?}", f.evidence);
    let e = &a.security.events[a.security.at(evtx.id, events[0].line).expect("event")];
    assert_eq!(e.ip.as_deref(), Some("10.20.0.118"));
    // The event follows the final leg of the handshake it explains.
    let at = f.evidence.iter().position(|e| e.source == evtx.id).expect("at");
    let leg = h.legs.last().expect("leg");
    assert_eq!((f.evidence[at - 1].source, f.evidence[at - 1].line), (leg.source, leg.line));

    let text = hcwlens::report::text::render(&a);
    assert!(text.contains(REASON), "{text}");
    assert!(
        text.contains(&format!("Security_with_size_t.evtx:{}", events[0].line)),
        "the evidence line names the event file: {text}"
    );
    assert!(text.contains("4625: no such user (0xC0000064), Status 0xC000006D, SubStatus 0xC0000064, user IT104-3\\Student, workstation IT104-3, from 10.20.0.118"), "{text}");

    let v: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let jf = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == "credentials-rejected")
        .expect("json finding");
    assert!(jf["title"].as_str().is_some_and(|t| t.contains("no such user (0xC0000064)")));
    let evidence = jf["evidence"].as_array().expect("evidence");
    assert!(
        evidence.iter().any(|e| e.to_string().contains("Security_with_size_t.evtx")
            || e["source"] == u64::from(evtx.id.0)),
        "{evidence:?}"
    );
    assert!(
        v["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .any(|s| s["kind"] == "evtx"),
        "{}",
        v["sources"]
    );
}

fn screen(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).expect("terminal");
    t.draw(|f| hcwlens::tui::view::view(m, f)).expect("draw");
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn key(m: &mut Model, c: char) {
    let k = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    );
    let _ = handle(m, Msg::Key(k));
}

/// The explorer on the first failed handshake (`e` then `E`): the event rows sit among the IIS rows at
/// the same second, and the handshake pane names the event's decoded reason.
fn explorer(size: (u16, u16)) -> Option<String> {
    let a = analyse(true)?;
    let mut m = Model::ready(a, scenario::settings(None), size);
    key(&mut m, 'e');
    key(&mut m, 'E');
    Some(screen(&m))
}

#[test]
fn explorer_shows_event_rows_and_the_linked_reason_80x24() {
    let Some(s) = explorer((80, 24)) else { return };
    assert!(s.contains("4625 no such user (0xC0000064)"), "{s}");
    assert!(s.contains("Security 4625: no such user"), "{s}");
    insta::assert_snapshot!("evtx_explorer_80x24", s);
}

#[test]
fn explorer_shows_event_rows_and_the_linked_reason_120x40() {
    let Some(s) = explorer((120, 40)) else { return };
    assert!(
        s.contains("4625 no such user (0xC0000064) IT104-3\\Student IT104-3 10.20.0.118 type 3 NTLM"),
        "{s}"
    );
    assert!(s.contains("Security 4625: no such user (0xC0000064), NTLM"), "{s}");
    insta::assert_snapshot!("evtx_explorer_120x40", s);
}
