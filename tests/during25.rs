//! The call detail's line about the call's IIS handshakes says the ones that stopped before
//! their credentials leg: "none failed" alone read as all clear for a call whose handshakes
//! all stopped at the challenge (`unseen25/agent-lb-half`: the credentials leg went to a server
//! whose log is not loaded).

use crate::explorer;

use explorer::{loaded, row_with};
use std::path::PathBuf;

#[test]
fn a_call_whose_handshakes_stopped_at_the_challenge_does_not_read_all_clear() {
    let m = loaded(
        &[PathBuf::from("tests/fixtures/unseen25/agent-lb-half")],
        (120, 40),
    );
    let row = row_with(&m, "during this call");
    assert!(
        row.contains(
            "2 IIS handshakes during this call, none failed, 2 abandoned at the challenge (press ])"
        ),
        "{row}"
    );
}

#[test]
fn a_call_without_abandoned_handshakes_reads_as_before() {
    let m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/forbidden-hcw")],
        (120, 40),
    );
    let row = row_with(&m, "during this call");
    assert!(
        row.ends_with(
            "1 IIS handshake during this call, none failed; 1 refused after logon: 403.0 (press ])"
        ),
        "{row}"
    );
}
