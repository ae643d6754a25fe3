//! The server's side of the story, end to end: a fixture IIS log of our own
//! (`tests/fixtures/evtx-scenario/`, written by the machine whose Security log the corpus file
//! is, WIN-L0ZZQ76PMUF: a 4625 explains only its own server's handshakes) whose failed NTLM handshake carries the user, client address and
//! time of a 4625 in the corpus file `Security_with_size_t.evtx` (skipped with a note when the
//! corpus is absent). Loaded together, the handshake is linked to the event, the decoded reason
//! shows in the report, the JSON and the explorer, and `credentials-rejected` names the precise
//! cause with the event as evidence. A second handshake from another client and user at the
//! same moment stays unlinked.

use crate::corpus;
use crate::explorer;
use crate::scenario;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::pane::PaneId;
use hcwlens::tui::msg::Msg;
use hcwlens::tui::update::handle;
use hcwlens::tui::view::theme::Theme;
use std::path::PathBuf;

fn corpus_evtx() -> Option<PathBuf> {
    corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx")
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evtx-scenario")
}

fn analyse() -> Option<Analysis> {
    let evtx = corpus_evtx()?;
    Some(load(&[fixture(), evtx], &LoadOptions::default(), &NoProgress).expect("load"))
}

const REASON: &str = "Security 4625: no such user (0xC0000064), NTLM";

#[test]
fn the_failed_handshake_is_linked_and_the_finding_names_the_cause() {
    let Some(a) = analyse() else { return };
    let evtx = a
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Evtx)
        .expect("the evtx file is a source of kind evtx");
    assert_eq!(evtx.server, "WIN-L0ZZQ76PMUF");
    assert_eq!(a.security.links.len(), 1, "{:?}", a.security.links);
    let h = &a.handshakes[a.security.links[0].handshake];
    assert_eq!(
        (h.client.as_str(), h.uri.as_str()),
        ("10.20.0.118", "/EWS/Exchange.asmx")
    );

    let f = a
        .findings
        .iter()
        .find(|f| f.id.name() == "credentials-rejected")
        .expect("credentials-rejected");
    assert!(
        f.title
            .ends_with("(2 handshakes): no such user (0xC0000064)"),
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
        f.remedy
            .starts_with("- no such user (0xC0000064): No account of that name exists"),
        "{}",
        f.remedy
    );
    let events: Vec<_> = f.evidence.iter().filter(|e| e.source == evtx.id).collect();
    assert_eq!(events.len(), 1, "{:?}", f.evidence);
    let e = &a.security.events[a.security.at(evtx.id, events[0].line).expect("event")];
    assert_eq!(e.ip.as_deref(), Some("10.20.0.118"));
    // The event follows the final leg of the handshake it explains.
    let at = f
        .evidence
        .iter()
        .position(|e| e.source == evtx.id)
        .expect("at");
    let leg = h.legs.last().expect("leg");
    assert_eq!(
        (f.evidence[at - 1].source, f.evidence[at - 1].line),
        (leg.source, u64::from(leg.line))
    );

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
    assert!(
        jf["title"]
            .as_str()
            .is_some_and(|t| t.contains("no such user (0xC0000064)"))
    );
    let evidence = jf["evidence"].as_array().expect("evidence");
    assert!(
        evidence
            .iter()
            .any(|e| e.to_string().contains("Security_with_size_t.evtx")
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

/// The explorer on the fixture and the corpus file, at `size`.
fn explorer_at(size: (u16, u16)) -> Option<Model> {
    Some(explorer::loaded(&[fixture(), corpus_evtx()?], size))
}

fn key(m: &mut Model, c: char) {
    let k = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    );
    let _ = handle(m, Msg::Key(k));
}

/// The explorer with the cursor on the first failed handshake's final leg.
fn on_failed_leg() -> Option<Model> {
    let mut m = explorer_at((120, 40))?;
    scenario::press(&mut m, &["e", "E"]);
    Some(m)
}

/// The explorer on the first failed handshake (`e` then `E`): the event rows sit among the IIS rows at
/// the same second, and the handshake pane names the event's decoded reason.
fn explorer(size: (u16, u16)) -> Option<String> {
    let mut m = explorer_at(size)?;
    key(&mut m, 'e');
    key(&mut m, 'E');
    Some(explorer::screen(&m))
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
        s.contains(
            "4625 no such user (0xC0000064) IT104-3\\Student IT104-3 10.20.0.118 type 3 NTLM"
        ),
        "{s}"
    );
    assert!(
        s.contains("Security 4625: no such user (0xC0000064), NTLM"),
        "{s}"
    );
    insta::assert_snapshot!("evtx_explorer_120x40", s);
}

/// The row below the failed leg is the event linked to it: the detail pane decodes status and
/// sub-status and names the handshake it explains.
#[test]
fn an_event_row_is_decoded_in_the_detail_pane() {
    let Some(mut m) = on_failed_leg() else { return };
    scenario::press(&mut m, &["j"]);
    let row = m.cursor_row(PaneId::Iis).expect("row");
    let e = m.event_at(row).expect("an event row").clone();
    assert_eq!((e.id(), e.ip.as_deref()), (4625, Some("10.20.0.118")));
    let (title, lines) = hcwlens::tui::view::detail::content(&m, &Theme::new(false));
    assert_eq!(
        title,
        format!("Security event 4625 (record {})", e.record_id)
    );
    let text = explorer::text(&lines);
    for want in [
        "Status 0xC000006D: STATUS_LOGON_FAILURE - Unknown user name or bad password",
        "SubStatus 0xC0000064: STATUS_NO_SUCH_USER - The user name does not exist",
        "Explains the failed handshake POST /EWS/Exchange.asmx from 10.20.0.118",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

/// The IIS pane's rows (after filters), and how many of them are Security events.
fn iis_rows_and_events(m: &Model) -> (Vec<hcwlens::tui::model::row::RowRef>, usize) {
    let rows: Vec<_> = (0..m.pane_len(PaneId::Iis))
        .filter_map(|p| m.row_at(PaneId::Iis, p))
        .collect();
    let events = rows.iter().filter(|&&r| m.event_at(r).is_some()).count();
    (rows, events)
}

/// A user filter from the failed leg (`c` `n`) keeps the leg and the events of that account;
/// from an event row, the IP filter keeps the events and every leg from that address.
#[test]
fn user_and_address_filters_match_events_too() {
    let Some(mut m) = on_failed_leg() else { return };
    scenario::press(&mut m, &["c", "n"]);
    let (rows, events) = iis_rows_and_events(&m);
    assert_eq!(
        (rows.len(), events),
        (5, 4),
        "the leg and the 4 events of IT104-3\\Student"
    );

    let Some(mut m) = on_failed_leg() else { return };
    scenario::press(&mut m, &["j", "c", "i"]);
    let (rows, events) = iis_rows_and_events(&m);
    assert_eq!(
        (rows.len(), events),
        (7, 4),
        "3 legs and 4 events from 10.20.0.118"
    );
}

/// The sources list (`I`) names the `.evtx` file with its record counts, in UTC event time.
#[test]
fn the_sources_list_counts_the_evtx_records() {
    let Some(m) = on_failed_leg() else { return };
    let text = explorer::text(&hcwlens::tui::view::sources::lines(&m, &Theme::new(false)));
    assert!(
        text.contains("EVT  ") && text.contains("Security_with_size_t.evtx"),
        "{text}"
    );
    assert!(
        text.contains("server WIN-L0ZZQ76PMUF · zone UTC · 636 records (4624: 126, 4625: 15, 4776: 21) · 0 unparsed"),
        "{text}"
    );
}

/// `report --redact`: the event's account, workstation, address and computer are hidden.
#[test]
fn redaction_hides_what_the_events_name() {
    let Some(a) = analyse() else { return };
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("IT104-3"), "{text}");
    let red = hcwlens::redact::for_analysis(&a).redact(&text);
    for secret in ["Student", "IT104-3", "10.20.0.118", "WIN-L0ZZQ76PMUF"] {
        assert!(!red.contains(secret), "{secret} left in: {red}");
    }
    assert!(red.contains("no such user (0xC0000064)"), "{red}");
}

/// The findings view quotes the event among the evidence as its pane row (`EVT`), and `Enter`
/// on that evidence puts the cursor on the event row.
#[test]
fn the_findings_view_cites_and_jumps_to_the_event() {
    let Some(mut m) = on_failed_leg() else { return };
    // Opening the findings view has its evidence lines read (on a worker in the app).
    scenario::press(&mut m, &["F"]);
    let text = explorer::text(&hcwlens::tui::view::findings::detail_lines(
        &m,
        120,
        &Theme::new(false),
    ));
    scenario::press(&mut m, &["<Esc>"]);
    assert!(
        text.contains(
            " EVT     18 2015-08-23T10:53:26.137Z WIN-L0ZZQ76PMUF 4625: no such user (0xC0000064)"
        ),
        "{text}"
    );
    for _ in 0..4 {
        scenario::press(&mut m, &["F", "<Enter>"]);
    }
    let row = m.cursor_row(PaneId::Iis).expect("row");
    let e = m.event_at(row).expect("the cursor is on the event");
    assert_eq!((e.id(), e.line), (4625, 18));
}

/// Every row `e`/`E` stop at, in order: both directions are walked from the cursor and each
/// stop is placed by its "Failure n of N" note.
fn failure_walk(m: &mut Model) -> Vec<hcwlens::tui::model::row::RowRef> {
    let mut stops = std::collections::BTreeMap::new();
    let mut total = 0;
    for key in ["e", "E"] {
        for _ in 0..1000 {
            scenario::press(m, &[key]);
            let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
            let Some((n, of)) = note
                .strip_prefix("Failure ")
                .and_then(|rest| rest.split_once(" of "))
            else {
                break;
            };
            let (n, of): (usize, usize) = (n.parse().expect("n"), of.parse().expect("of"));
            total = of;
            stops.insert(n, m.cursor_row(m.focus).expect("row"));
        }
    }
    assert_eq!(
        stops.keys().copied().collect::<Vec<_>>(),
        (1..=total).collect::<Vec<_>>()
    );
    stops.into_values().collect()
}

/// The IIS pane's rows that are failed Security events.
fn failed_event_rows(m: &Model) -> Vec<hcwlens::tui::model::row::RowRef> {
    let (rows, _) = iis_rows_and_events(m);
    rows.into_iter()
        .filter(|&r| m.event_at(r).is_some_and(|e| e.is_failure()))
        .collect()
}

/// `e` stops on every failed 4625 row as well as on the failed handshakes (never on a
/// successful event), and the status bar counts the failed logons it stops on.
#[test]
fn e_stops_on_failed_logons_and_the_status_bar_counts_them() {
    let Some(mut m) = explorer_at((160, 40)) else {
        return;
    };
    let want = failed_event_rows(&m);
    assert_eq!(want.len(), 15, "the corpus file's 4625 events");
    let rows = failure_walk(&mut m);
    let events: Vec<_> = rows
        .iter()
        .filter(|&&r| m.event_at(r).is_some())
        .copied()
        .collect();
    assert!(
        events
            .iter()
            .all(|&r| m.event_at(r).is_some_and(|e| e.is_failure()))
    );
    assert_eq!(
        events, want,
        "e visits every failed Security event, in order"
    );
    assert_eq!(
        rows.len() - events.len(),
        2,
        "and the two failed handshakes"
    );
    let s = explorer::screen(&m);
    assert!(s.contains("2 failed handshakes, 15 failed logons"), "{s}");
}

/// A 4776 with a non-zero status is a failure `e` stops at; the successful 4624 is not.
#[test]
fn e_stops_on_failed_credential_validations() {
    let Some(dir) = corpus_evtx().and_then(|p| Some(p.parent()?.parent()?.to_path_buf())) else {
        return;
    };
    let file = dir.join(
        "mdecrevoisier-EVTX-to-MITRE-Attack/4625_4776_openssh_bruteforce_nonexistent_users.evtx",
    );
    if !file.is_file() {
        eprintln!("skipped: {} not found", file.display());
        return;
    }
    let mut m = explorer::loaded(&[file], (120, 30));
    let rows = failure_walk(&mut m);
    let ids: Vec<u32> = rows
        .iter()
        .filter_map(|&r| m.event_at(r))
        .map(|e| e.id())
        .collect();
    assert_eq!(
        ids,
        [4776, 4625, 4776, 4625, 4776, 4625, 4776, 4625, 4776, 4625]
    );
    assert_eq!(rows, failed_event_rows(&m));
}
