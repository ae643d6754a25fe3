//! Honest handshake grouping, end to end on folders of IIS logs (`tests/fixtures/grouping`):
//! a load balancer that carries several users and splits legs over two servers, a reverse
//! proxy that names clients in X-Forwarded-For, and lone legs. Checked in the JSON report, in
//! report mode against the explorer load, and on the explorer's detail pane.

use crate::report_json;

use report_json::Set;

use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::tui::model::{Model, Settings};
use hcwlens::tui::msg::Msg;
use hcwlens::tui::update::handle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

const SET: Set = Set("grouping");

fn legs(h: &Value) -> Vec<(String, u64)> {
    h["legs"]
        .as_array()
        .expect("legs")
        .iter()
        .map(|l| {
            let src = l["source"].as_str().unwrap_or("");
            let server = if src.contains("EX02") { "EX02" } else { "EX01" };
            (server.to_string(), l["line"].as_u64().unwrap_or(0))
        })
        .collect()
}

#[test]
fn a_shared_load_balancer_gives_guessed_grouping_and_split_handshakes() {
    let r = SET.json("shared-lb");
    let hs = r["handshakes"].as_array().expect("handshakes");
    assert_eq!(hs.len(), 2, "{hs:#?}");
    let ex01 = |l: u64| ("EX01".to_string(), l);
    let ex02 = |l: u64| ("EX02".to_string(), l);
    // Each failed attempt is one handshake with its legs on both servers: the first one's
    // challenge was followed a second later by carol's own request on EX01 (not its answer).
    assert_eq!(legs(&hs[0]), vec![ex01(40), ex01(41), ex02(11)]);
    assert_eq!(legs(&hs[1]), vec![ex01(44), ex01(45), ex02(13)]);
    for h in hs {
        assert_eq!(h["outcome"], "failed");
        assert_eq!(h["failure_name"], "SEC_E_INVALID_TOKEN");
        assert_eq!(h["server"], "EX01/W3SVC1");
        assert_eq!(h["split"], "EX02/W3SVC1");
        assert_eq!(h["via"], Value::Null);
        assert_eq!(h["confidence"], "low");
        assert_eq!(h["shared_users"], 12);
        let words = h["grouping"].as_str().unwrap_or("");
        assert!(
            words.starts_with("grouping guessed: 10.1.0.5 carries 12 users"),
            "{words}"
        );
    }
    let summary: Vec<_> = r["handshake_summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|c| (c["outcome"].as_str().unwrap_or(""), c["count"].as_u64()))
        .collect();
    assert_eq!(summary, vec![("success", Some(14)), ("failed", Some(2))]);
    let ids: Vec<_> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, vec!["ntlm-split-connection"]);
}

#[test]
fn a_client_with_its_own_address_is_grouped_surely() {
    let a = SET.explore("shared-lb");
    let frank: Vec<_> = a
        .handshakes
        .iter()
        .filter(|h| h.client == "10.1.2.30")
        .collect();
    assert_eq!(frank.len(), 1);
    assert!(
        frank[0].grouping_words().starts_with("grouping sure"),
        "{}",
        frank[0].grouping_words()
    );
    assert!(
        a.handshakes
            .iter()
            .filter(|h| h.client == "10.1.0.5")
            .all(|h| h.grouping_words().starts_with("grouping guessed")),
        "nothing behind the load balancer is sure"
    );
}

#[test]
fn forwarded_for_keeps_the_proxy_and_the_finding_names_it() {
    let r = SET.json("xff");
    let hs = r["handshakes"].as_array().expect("handshakes");
    assert_eq!(hs.len(), 4);
    let clients: Vec<_> = hs.iter().map(|h| h["client"].as_str()).collect();
    assert_eq!(
        clients,
        vec![
            Some("203.0.113.10"),
            Some("203.0.113.11"),
            Some("198.51.100.23"),
            Some("203.0.113.10")
        ]
    );
    for h in hs {
        assert_eq!(h["via"], "10.20.0.11");
        assert_eq!(h["confidence"], "high");
        assert_eq!(h["grouping"], "grouping sure: legs tied by X-Forwarded-For");
    }
    let offload = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == "ep-tls-offload")
        .expect("ep-tls-offload");
    let why = offload["explanation"].as_str().unwrap_or("");
    assert!(
        why.contains("the connections to Exchange came from 10.20.0.11"),
        "{why}"
    );
}

#[test]
fn lone_legs_are_counted_alike_at_their_leg() {
    let r = SET.json("lone");
    let hs = r["handshakes"].as_array().expect("handshakes");
    let got: Vec<_> = hs
        .iter()
        .map(|h| {
            (
                h["outcome"].as_str().unwrap_or(""),
                h["abandoned_at"].as_str().unwrap_or(""),
                h["legs"].as_array().map_or(0, Vec::len),
                h["confidence"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("abandoned", "anonymous", 1, "medium"),
            ("abandoned", "challenge", 1, "medium")
        ]
    );
    let abandoned: Vec<_> = r["handshake_summary"]
        .as_array()
        .expect("summary")
        .iter()
        .filter(|c| c["outcome"] == "abandoned")
        .map(|c| {
            (
                c["uri"].as_str().unwrap_or(""),
                c["abandoned_at"].as_str().unwrap_or(""),
                c["count"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        abandoned,
        vec![
            ("/EWS/Exchange.asmx", "challenge", Some(1)),
            ("/owa/", "anonymous", Some(1))
        ]
    );
}

#[test]
fn report_mode_and_explorer_load_agree_on_these_folders() {
    for name in ["shared-lb", "xff", "lone"] {
        let report = SET.analyse(name);
        let full = SET.explore(name);
        assert_eq!(report.handshake_summary, full.handshake_summary, "{name}");
        let kept: Vec<_> = full
            .handshakes
            .iter()
            .filter(|h| h.outcome != HandshakeOutcome::Success)
            .collect();
        assert_eq!(report.handshakes.iter().collect::<Vec<_>>(), kept, "{name}");
    }
}

/// The screen after `keys` on the explorer loaded with a folder.
fn screen(name: &str, size: (u16, u16), keys: &[char]) -> String {
    draw(&explored(name, size, keys))
}

/// The explorer loaded with a folder, after `keys`.
fn explored(name: &str, size: (u16, u16), keys: &[char]) -> Model {
    let mut m = Model::ready(SET.explore(name), Settings::new("hcwlens test"), size);
    for &c in keys {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        let _ = handle(&mut m, Msg::Key(key));
    }
    m
}

/// The screen of a model.
fn draw(m: &Model) -> String {
    let size = m.size;
    let mut t = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
    t.draw(|f| hcwlens::tui::view::view(m, f)).expect("draw");
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_handshake_pane_shows_the_grouping_words_the_split_and_the_proxy() {
    let s = screen("shared-lb", (120, 40), &['}']);
    assert!(
        s.contains("grouping guessed: 10.1.0.5 carries 12 users"),
        "{s}"
    );
    // Each leg names its server beside its time (the title names both).
    assert!(
        s.contains(" 09:00:40 EX02 401.1 SEC_E_INVALID_TOKEN"),
        "{s}"
    );
    let s = screen("xff", (120, 40), &['}']);
    assert!(s.contains(" via 10.20.0.11 | NTLM"), "{s}");
    assert!(
        s.contains("grouping sure: legs tied by X-Forwarded-For"),
        "{s}"
    );
    let s = screen("shared-lb", (80, 24), &['}']);
    assert!(
        s.contains(" Handshake - grouping guessed: 10.1.0.5 carries 12 users"),
        "{s}"
    );
    assert!(s.contains("SEC_E_INVALID_TOKEN"), "{s}");
    insta::assert_snapshot!("shared_lb_split_handshake_80x24", s);
}

#[test]
fn a_split_handshake_at_80x24_keeps_its_servers_and_each_leg_s_meaning() {
    // At 80x24 the title lost the second server (`split: EX01/W3SVC1…`) and the failing leg
    // the end of its meaning (`legs split across connections or…`): a shorter form drops the
    // least telling parts (the folder of a server, IIS's words, the code's number and name)
    // instead; each leg keeps its status and its meaning.
    let m = explored("shared-lb", (80, 24), &['}']);
    let s = draw(&m);
    let h = m.current_handshake().expect("a handshake");
    let hs = &m.data.analysis.handshakes[h];
    let title = s
        .lines()
        .find(|r| r.contains("grouping guessed"))
        .expect("title");
    assert!(title.contains("split: EX01 then EX02"), "{title}\n{s}");
    for leg in &hs.legs {
        let parts = hcwlens::codes::leg_parts(leg.status, leg.substatus, leg.win32);
        let said = format!("{} {}", parts.status, parts.meaning());
        assert!(s.contains(&said), "{said}\n{s}");
    }
}

/// The lines of the text report (an unreadable code must not read as `0`).
fn text_report(name: &str) -> String {
    hcwlens::report::text::render(&SET.analyse(name))
}

#[test]
fn an_oversized_win32_status_stays_unknown_and_is_shown_as_logged() {
    let r = SET.json("oversized");
    let raw = r.to_string();
    assert!(!raw.contains("0x00000000"), "{raw}");
    let hs = r["handshakes"].as_array().expect("handshakes");
    let failed = hs
        .iter()
        .find(|h| h["client"] == "10.1.4.20")
        .expect("the failed handshake");
    assert_eq!(failed["outcome"], "failed", "{failed:#}");
    // Not `SEC_E_OK` or any code: nothing is known about it.
    assert_eq!(failed["failure_code"], Value::Null, "{failed:#}");
    assert_eq!(failed["failure_name"], Value::Null, "{failed:#}");
    let last = &failed["legs"][2];
    assert_eq!(last["win32"], Value::Null, "{last:#}");
    assert_eq!(last["win32_text"], "99999999999999", "{last:#}");
    let decoded = last["decoded"].as_str().unwrap_or("");
    assert!(
        decoded.contains("99999999999999") && decoded.contains("unknown"),
        "{decoded}"
    );
    // A lone anonymous leg and a lone failed leg with codes beyond 32 bits.
    let anon = hs
        .iter()
        .find(|h| h["client"] == "10.1.4.21")
        .expect("anon");
    assert_eq!(anon["legs"][0]["win32_text"], "4294967296", "{anon:#}");
    let lone = hs
        .iter()
        .find(|h| h["client"] == "10.1.4.22")
        .expect("lone");
    assert_eq!(lone["outcome"], "failed", "{lone:#}");
    assert_eq!(lone["failure_code"], Value::Null, "{lone:#}");
    assert_eq!(
        lone["legs"][0]["win32_text"], "18446744073709551616",
        "{lone:#}"
    );
    for t in r["handshake_summary"].as_array().expect("summary") {
        if t["outcome"] == "failed" {
            assert_eq!(t["failure_name"], Value::Null, "{t:#}");
        }
    }
    // Normal legs keep their numbers.
    assert_eq!(failed["legs"][1]["win32"], 2_148_074_254_u64);
    assert!(failed["legs"][1].get("win32_text").is_none());

    let text = text_report("oversized");
    assert!(text.contains("401 1 99999999999999"), "{text}");
    assert!(
        !text.contains("401 1 0 ") && !text.contains("0x00000000"),
        "{text}"
    );

    let s = screen("oversized", (120, 40), &['}']);
    assert!(s.contains("FAILED"), "{s}");
    assert!(!s.contains("0x00000000"), "{s}");
    assert!(s.contains("99999999999999"), "{s}");
}
