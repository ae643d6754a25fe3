//! Crashed IIS logs as an admin reads them (`tests/fixtures/crash26`, written by its `make.py`,
//! and `unseen26`'s crash-restart, torn-write and fe-be-2016): a handshake whose answer may be
//! on the line a crash cut is unanswered, not abandoned; a zeroed block shows as one escape
//! with its count; two sites of one server read apart in the sources list.

use crate::{explorer, fixtures, scenario};

use fixtures::{analyse, fixture};
use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::time::ZoneSpec;

/// The text report's list line of the handshake from `client`.
fn listed<'a>(text: &'a str, client: &str) -> &'a str {
    let from = format!(" from {client} on ");
    text.lines()
        .find(|l| l.starts_with("- ") && l.contains(&from))
        .unwrap_or_default()
}

#[test]
fn a_handshake_a_crash_cut_the_next_line_of_is_unanswered_not_abandoned() {
    // AMSEX01 crashed inside line 28, the line after 10.50.3.15's challenge: its answer may be
    // there. OSLEX1's torn write took line 19, right after 10.66.3.7's challenge.
    for (case, client, line) in [
        ("unseen26/crash-restart", "10.50.3.15", 28),
        ("unseen26/torn-write", "10.66.3.7", 19),
    ] {
        let text = hcwlens::report::text::render(&analyse(case));
        let said = listed(&text, client);
        assert!(
            said.contains(&format!(
                "Unanswered at the challenge, and a crash cut the log on the next line (line \
                 {line}): its answer may be on the line the crash cut"
            )),
            "{case}: {said}\n{text}"
        );
        assert!(
            text.contains("- /EWS/Exchange.asmx Unanswered at the challenge (the log ends) x1")
                && !text.contains("Abandoned at the challenge"),
            "{case}: {text}"
        );
    }
}

#[test]
fn only_a_handshake_seconds_before_the_cut_line_is_unanswered_in_every_view() {
    // BRUEX1 crashed inside line 15. 10.70.3.22's challenge (08:01:08) is 2 s before the last
    // request read before it: unanswered. 10.70.3.20 (a minute) and 10.70.3.23 (10 s) had their
    // window in the log, which went on: abandoned by their clients.
    let a = analyse("crash26/crash-mid");
    let text = hcwlens::report::text::render(&a);
    let cut = listed(&text, "10.70.3.22");
    assert!(
        cut.contains(
            "Unanswered at the challenge, and a crash cut the log within 5 s after it (line 15): \
             its answer may be on the line the crash cut"
        ),
        "{cut}\n{text}"
    );
    for client in ["10.70.3.20", "10.70.3.23"] {
        let said = listed(&text, client);
        assert!(
            said.contains(": Abandoned at the challenge (grouping"),
            "{said}\n{text}"
        );
    }
    let counts = "- /EWS/Exchange.asmx Abandoned at the challenge x2\n\
                  - /EWS/Exchange.asmx Unanswered at the challenge (the log ends) x1";
    assert!(text.contains(counts), "{text}");
    let summary = "0 failed, 2 abandoned and 1 unanswered (the log ends) handshakes";
    assert!(text.contains(summary), "{text}");
    let md = hcwlens::report::markdown::render(&a);
    assert!(
        md.contains(summary) && md.contains("a crash cut the log within 5 s after it (line 15)"),
        "{md}"
    );
    let html = hcwlens::report::html::render(&a, false);
    assert!(
        html.contains("a crash cut the log within 5 s after it (line 15)"),
        "{html}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let ends: Vec<(&str, &serde_json::Value)> = json["handshakes"]
        .as_array()
        .expect("handshakes")
        .iter()
        .map(|h| (h["client"].as_str().unwrap_or(""), &h["log_end"]))
        .collect();
    for (client, end) in &ends {
        let crash = end
            .as_str()
            .is_some_and(|s| s.starts_with("a crash cut the log within 5 s after it (line 15)"));
        assert_eq!(crash, *client == "10.70.3.22", "{ends:?}");
    }
    let h = a
        .handshakes
        .iter()
        .find(|h| h.client == "10.70.3.22" && h.outcome == HandshakeOutcome::Abandoned)
        .expect("the handshake the crash cut");
    let ticket = hcwlens::export::handshake_markdown(h, &a.sources, &ZoneSpec::Fixed(0), None);
    assert!(
        ticket.contains("handshake UNANSWERED after the challenge")
            && ticket.contains("IIS did not log the rest of that line")
            && !ticket.contains("next log"),
        "{ticket}"
    );
}

#[test]
fn the_explorer_s_handshake_detail_says_the_crash_cut_the_next_line() {
    let mut m = explorer::loaded(&[fixture("crash26/crash-mid")], (140, 40));
    let mut title = String::new();
    for _ in 0..16 {
        scenario::press(&mut m, &["]"]);
        title = explorer::row_with(&m, "POST /EWS/Exchange.asmx from 10.70.3.22");
        if !title.is_empty() {
            break;
        }
    }
    let screen = explorer::screen(&m);
    assert!(
        title.starts_with("UNANSWERED (log ends) POST"),
        "{title}\n{screen}"
    );
    assert!(
        screen.contains(" A crash cut the log within 5 s after it (line 15)"),
        "{screen}"
    );
}

#[test]
fn a_zeroed_block_shows_once_with_its_count_in_the_line_detail_and_its_copy() {
    // BRUEX1's line 15: a GET cut in its time-taken (read), 8192 NULs, then the header IIS
    // wrote when it started again, all one physical line: the row's line as logged.
    let mut m = explorer::loaded(&[fixture("crash26/crash-mid")], (200, 40));
    let mut row = String::new();
    for _ in 0..40 {
        row = explorer::row_with(&m, "> 08:01:11 10.70.3.21");
        if !row.is_empty() {
            break;
        }
        scenario::press(&mut m, &["j"]);
    }
    assert!(!row.is_empty(), "{}", explorer::screen(&m));
    scenario::press(&mut m, &["<Enter>"]);
    let screen = explorer::screen(&m);
    assert!(screen.contains("\\x00 \u{d7}8192 #Software"), "{screen}");
    assert!(!screen.contains("\\x00\\x00"), "{screen}");
    scenario::take_copies();
    scenario::press(&mut m, &["y"]);
    let copies = scenario::take_copies();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let copy = &copies[0].1;
    assert!(
        copy.contains("200 0 0 1\\x00 \u{d7}8192 #Software: Microsoft")
            && !copy.contains("\\x00\\x00"),
        "{copy}"
    );
}

#[test]
fn the_sources_list_names_the_site_of_a_server_with_two() {
    // EX16A's Front End (W3SVC1) and Back End (W3SVC2) logs: the rows of the sources list read
    // apart, as the explorer and the JSON report name them.
    let a = analyse("unseen26/fe-be-2016");
    let text = hcwlens::report::text::render(&a);
    let md = hcwlens::report::markdown::render(&a);
    for site in ["W3SVC1", "W3SVC2"] {
        let label = format!("(EX16A/{site} · IIS · UTC)");
        assert!(text.contains(&label), "{text}");
        assert!(md.contains(&label), "{md}");
    }
    assert!(!text.contains("(EX16A · IIS"), "{text}");
    // One site per machine: the machine alone, as before.
    let text = hcwlens::report::text::render(&analyse("unseen26/torn-write"));
    assert!(text.contains("(OSLEX1 · IIS · UTC)"), "{text}");
}

#[test]
fn the_sources_list_names_the_site_of_a_server_that_logs_its_name_in_two() {
    // BRUEX2's two sites both log `s-computername`: named by it, told apart by their site.
    let a = analyse("crash26/sites-logged");
    let text = hcwlens::report::text::render(&a);
    for site in ["W3SVC1", "W3SVC2"] {
        let label = format!("(BRUEX2/{site} · IIS · UTC)");
        assert!(text.contains(&label), "{text}");
    }
}
