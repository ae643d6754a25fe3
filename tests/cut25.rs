//! What a handshake leg says when the log ends inside its last value (a crash or a copy cut
//! the last line, no line break after it), and the per-uri counts of handshakes a log ends in
//! (fixtures: `tests/fixtures/cut25`, written by its `make.py`).

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use fixtures::{analyse, fixture};
use hcwlens::analyze::handshake::{Handshake, HandshakeOutcome};
use hcwlens::time::ZoneSpec;

/// The JSON Lines export of a fixture, one value a line.
fn export(rel: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(
        &[fixture(rel)],
        &hcwlens::pipeline::LoadOptions::default(),
        &mut out,
    )
    .expect("export");
    String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

fn mrsproxy(a: &hcwlens::pipeline::Analysis) -> &Handshake {
    a.handshakes
        .iter()
        .find(|h| h.uri == "/EWS/mrsproxy.svc")
        .expect("the mrsproxy handshake")
}

#[test]
fn a_code_the_log_ends_inside_is_said_cut_off_never_decoded_nor_a_number() {
    // The log ends inside the failing leg's 2148074310 (SEC_E_BAD_BINDINGS), at `2148`: no
    // view decodes 2148 as a code (nor calls it an unknown one), none exports it as a number.
    let a = analyse("cut25/win32-cut");
    let h = mrsproxy(&a);
    assert_eq!(h.outcome, HandshakeOutcome::Failed);
    assert_eq!(h.failure_code, None);
    let said = "2148… (cut off: the log ends inside this value, code unknown)";
    let text = hcwlens::report::text::render(&a);
    let md = hcwlens::report::markdown::render(&a);
    let html = hcwlens::report::html::render(&a, false);
    for (name, out) in [("text", &text), ("markdown", &md), ("html", &html)] {
        assert!(!out.contains("unknown code"), "{name}:\n{out}");
        assert!(!out.contains("0x00000864"), "{name}:\n{out}");
        assert!(out.contains(said), "{name}:\n{out}");
    }
    assert!(
        text.contains("line 25: 401 1 2148… - 401.1 Logon failed · 2148… (cut off"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let hs = &json["handshakes"][0];
    assert!(hs["failure_code"].is_null(), "{hs}");
    assert_eq!(hs["failure_code_cut"], true, "{hs}");
    let last = &hs["legs"][2];
    assert!(last["win32"].is_null(), "{last}");
    assert_eq!(last["win32_text"], "2148", "{last}");
    assert_eq!(last["win32_cut"], true, "{last}");
    let ticket = hcwlens::export::handshake_markdown(h, &a.sources, &ZoneSpec::Fixed(0), None);
    assert!(ticket.contains("`401 1 2148…`"), "{ticket}");
    assert!(ticket.contains(said), "{ticket}");
    assert!(!ticket.contains("unknown code"), "{ticket}");
    let lines = export("cut25/win32-cut");
    let legs: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|v| v["hcwlens"]["handshake"].is_object())
        .filter(|v| v["url"]["path"] == "/EWS/mrsproxy.svc")
        .collect();
    assert_eq!(legs.len(), 3);
    for v in &legs {
        let tag = &v["hcwlens"]["handshake"];
        assert!(tag["failure_code"].is_null(), "{tag}");
        assert_eq!(tag["failure_code_cut"], true, "{tag}");
    }
    let final_leg = &legs[2]["hcwlens"];
    assert!(final_leg["iis"]["win32_status"].is_null(), "{final_leg}");
    assert_eq!(final_leg["cut_off"]["win32_status"], "2148", "{final_leg}");
    assert!(final_leg["unparsed"].is_null(), "{final_leg}");
}

#[test]
fn a_finding_on_a_cut_code_says_it_is_cut_off_neither_bad_bindings_nor_not_logged() {
    let a = analyse("cut25/win32-cut");
    assert!(
        a.findings
            .iter()
            .all(|f| f.id.to_string() != "ep-hybrid-agent"),
        "{:?}",
        a.findings
            .iter()
            .map(|f| f.id.to_string())
            .collect::<Vec<_>>()
    );
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-unauthorized")
        .expect("hcw-unauthorized");
    assert!(
        f.title.contains("credentials or Extended Protection"),
        "{}",
        f.title
    );
    for words in [&f.explanation, &f.remedy] {
        assert!(!words.contains("unknown code"), "{words}");
        assert!(!words.contains("leaves out sc-win32-status"), "{words}");
        assert!(
            !words.contains("add the Substatus and Win32 Status"),
            "{words}"
        );
    }
    assert!(
        f.explanation.contains(
            "but the log ends inside its sc-win32-status (2148…: the server stopped while \
             writing the line)"
        ),
        "{}",
        f.explanation
    );
}

#[test]
fn the_explorer_and_its_ticket_copy_say_the_code_is_cut_off() {
    let mut m = explorer::loaded(&[fixture("cut25/win32-cut")], (140, 40));
    let mut title = String::new();
    for _ in 0..16 {
        scenario::press(&mut m, &["]"]);
        title = explorer::row_with(&m, "POST /EWS/mrsproxy.svc from 10.30.5.40");
        if title.starts_with("FAILED") {
            break;
        }
    }
    let screen = explorer::screen(&m);
    assert!(
        title.starts_with("FAILED (code cut off: 2148...)"),
        "{title}\n{screen}"
    );
    assert!(!screen.contains("unknown code"), "{screen}");
    assert!(!screen.contains("0x00000864"), "{screen}");
    let leg = explorer::row_with(&m, "(cut off: the log ends inside this value");
    assert!(leg.contains("2148..."), "{leg}\n{screen}");
    scenario::take_copies();
    scenario::press(&mut m, &["y"]);
    let copies = scenario::take_copies();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(copies[0].1.contains("`401 1 2148…`"), "{}", copies[0].1);
}

#[test]
fn a_whole_code_before_a_cut_time_taken_is_decoded_and_the_time_is_no_number() {
    // time-taken is last: the log ends inside it, after the whole 2148074310, which is the
    // code; the time taken is the one value not known.
    let a = analyse("cut25/taken-cut");
    let h = mrsproxy(&a);
    assert_eq!(h.failure_code, Some(2_148_074_310));
    let lines = export("cut25/taken-cut");
    let last = lines
        .iter()
        .find(|v| v["hcwlens"]["line"] == 25)
        .expect("line 25");
    let ours = &last["hcwlens"];
    assert_eq!(ours["iis"]["win32_status"], 2_148_074_310u64, "{ours}");
    assert_eq!(ours["cut_off"]["time_taken"], "1", "{ours}");
    assert!(ours["unparsed"].is_null(), "{ours}");
    let sources = hcwlens::report::text::render(&a);
    assert!(
        sources.contains("line 25: read, but it ends without a line break"),
        "{sources}"
    );
    assert!(!sources.contains("is not a number that fits"), "{sources}");
}

#[test]
fn a_cut_code_that_begins_the_challenge_s_may_be_the_challenge() {
    // `2148` begins 2148074254 (the challenge) as well as a failure's code: after an anonymous
    // leg it is taken as the challenge the handshake waits for, and the log ends with it.
    let a = analyse("cut25/challenge-cut");
    let h = mrsproxy(&a);
    assert_eq!(h.outcome, HandshakeOutcome::Abandoned);
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains(
            "Unanswered at the challenge, and the log ends with it (line 24, cut off): an \
             answer may not have been logged"
        ),
        "{text}"
    );
    assert!(
        text.contains("line 24: 401 1 2148… - 401.1 Logon failed · 2148… (cut off"),
        "{text}"
    );
}

#[test]
fn the_per_uri_counts_call_a_handshake_the_log_ends_in_unanswered_as_the_list_does() {
    for (rel, uri) in [
        ("cut25/challenge-cut", "/EWS/mrsproxy.svc"),
        ("legs24/log-end", "/EWS/Exchange.asmx"),
    ] {
        let a = analyse(rel);
        let text = hcwlens::report::text::render(&a);
        assert!(
            text.contains(&format!(
                "- {uri} Unanswered at the challenge (the log ends) x1"
            )),
            "{text}"
        );
        let md = hcwlens::report::markdown::render(&a);
        assert!(
            md.contains("Unanswered at the challenge (the log ends) x1"),
            "{md}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
        let ended: Vec<&serde_json::Value> = json["handshake_summary"]
            .as_array()
            .expect("summary")
            .iter()
            .filter(|c| c["log_end"] == true)
            .collect();
        assert_eq!(ended.len(), 1, "{json}");
        assert_eq!(ended[0]["count"], 1);
        assert_eq!(ended[0]["abandoned_at"], "challenge");
    }
    // One left a minute before the end stays abandoned, counted apart.
    let text = hcwlens::report::text::render(&analyse("legs24/log-end"));
    assert!(
        text.contains("- /EWS/Exchange.asmx Abandoned at the challenge x1"),
        "{text}"
    );
    let text = hcwlens::report::text::render(&analyse("cut25/challenge-cut"));
    assert!(!text.contains("Abandoned at the challenge"), "{text}");
}

#[test]
fn the_explorer_s_row_of_the_cut_line_says_its_code_is_cut_off() {
    // The IIS row itself (the last line, the list's last row), not only the handshake's leg.
    let mut m = explorer::loaded(&[fixture("cut25/challenge-cut")], (140, 40));
    scenario::press(&mut m, &["G"]);
    let screen = explorer::screen(&m);
    let row = explorer::row_with(&m, "> 09:50:11 10.30.5.40 POST /EWS/mrsproxy.svc");
    assert!(row.ends_with(" 401.1 2148..."), "{row}\n{screen}");
    scenario::press(&mut m, &["<Enter>"]);
    let screen = explorer::screen(&m);
    assert!(
        screen.contains("401.1 2148... (cut off: the log ends inside this value, code unknown)"),
        "{screen}"
    );
    assert!(!screen.contains("does not fit"), "{screen}");
}
