//! A handshake the log ends in is unanswered, not abandoned by its client, in the explorer's
//! views that count or name handshakes too: the call detail's line about the call's
//! handshakes and the marks list (`lead26/log-ends-in-call`: the IIS log ends two seconds after
//! the Hybrid Agent's second challenge, while the HCW call runs).

use crate::explorer;

use explorer::{loaded, row_with};
use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::tui::model::marks::Mark;
use std::path::PathBuf;

const FIXTURE: &str = "tests/fixtures/lead26/log-ends-in-call";

#[test]
fn the_call_detail_says_its_handshakes_the_log_ends_in_are_unanswered() {
    let m = loaded(&[PathBuf::from(FIXTURE)], (120, 40));
    let row = row_with(&m, "during this call");
    assert!(
        row.contains(
            "2 IIS handshakes during this call, none failed, 2 unanswered (the log ends) (press ])"
        ),
        "{row}"
    );
}

/// The marks list's words for each abandoned handshake of `fixture`.
fn marked(fixture: &str) -> Vec<String> {
    let m = loaded(&[PathBuf::from(fixture)], (120, 40));
    (m.data.analysis.handshakes.iter().enumerate())
        .filter(|(_, h)| h.outcome == HandshakeOutcome::Abandoned)
        .map(|(i, _)| hcwlens::tui::view::marks::describe(&m, Mark::Handshake(i)).1)
        .collect()
}

#[test]
fn the_marks_list_says_a_handshake_the_log_ends_in_is_unanswered() {
    let ended = marked(FIXTURE);
    assert_eq!(ended.len(), 2, "{ended:?}");
    for text in &ended {
        assert!(
            text.contains(" unanswered (log ends) POST /EWS/mrsproxy.svc"),
            "{text}"
        );
    }
    // The same handshakes with the log going on two minutes: abandoned by their client.
    let going_on = marked("tests/fixtures/unseen25/agent-lb-half");
    assert!(
        going_on
            .iter()
            .any(|t| t.contains(" abandoned POST /EWS/mrsproxy.svc")),
        "{going_on:?}"
    );
    assert!(
        going_on.iter().all(|t| !t.contains("unanswered")),
        "{going_on:?}"
    );
}
