//! The HTML report is for whoever reads the ticket without hcwlens: a failed handshake there
//! shows what the text report shows under it — the front end's HttpProxy row of each leg
//! (joined through `cafeReqId`) and the Security event that says why it failed.
//!
//! Fixtures: `tests/fixtures/httpproxy/front-end-view` (IIS legs with `cafeReqId`, their
//! HttpProxy rows) and `tests/fixtures/audit22/evtx-same-machine-fqdn` with the corpus file
//! `Security_with_size_t.evtx` (skipped with a note when absent).

use crate::corpus;
use crate::fixtures;

use fixtures::fixture;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

/// The page's text, tags dropped.
fn page_text(paths: &[PathBuf], redact: bool) -> String {
    let a = load(paths, &LoadOptions::default(), &NoProgress).expect("load");
    let html = hcwlens::report::html::render(&a, redact);
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"").replace("&#39;", "'")
}

#[test]
fn each_leg_shows_the_front_ends_httpproxy_row() {
    let text = page_text(&[fixture("httpproxy/front-end-view")], false);
    let handshakes = text
        .split("Failed and abandoned handshakes")
        .last()
        .expect("section");
    assert!(
        handshakes.contains(
            "HttpProxy 7d3e5a10-2c4b-4f1e-9a6d-3b8c0e2f4a03: NTLM, not authenticated; 401 to the \
             client; not proxied to a back end"
        ),
        "{handshakes}"
    );
    assert!(
        handshakes.contains("not authenticated (as CONTOSO\\ben.ortiz)"),
        "{handshakes}"
    );
}

#[test]
fn a_handshake_shows_the_security_event_that_says_why() {
    let Some(evtx) = corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx") else {
        return;
    };
    let paths = [fixture("audit22/evtx-same-machine-fqdn"), evtx];
    let text = page_text(&paths, false);
    let handshakes = text
        .split("Failed and abandoned handshakes")
        .last()
        .expect("section");
    assert!(
        handshakes.contains(
            "2015-08-23 10:53:26.137 UTC Security 4625: no such user (0xC0000064), NTLM, user \
             IT104-3\\Student, logon type 3, from 10.20.0.118"
        ),
        "{handshakes}"
    );
    // Redacted, the event's account and address are replaced like the legs'.
    let red = page_text(&paths, true);
    let handshakes = red
        .split("Failed and abandoned handshakes")
        .last()
        .expect("section");
    assert!(
        handshakes.contains("Security 4625: no such user"),
        "{handshakes}"
    );
    assert!(!handshakes.contains("Student"), "{handshakes}");
    assert!(!handshakes.contains("10.20.0.118"), "{handshakes}");
}

#[test]
fn an_exported_event_log_is_not_said_to_be_utf8_text() {
    // An `.evtx` file is a binary log (its records are read by the evtx parser), not text in
    // an encoding: its row in the sources table says so.
    let Some(evtx) = corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx") else {
        return;
    };
    let text = page_text(&[fixture("audit22/evtx-same-machine-fqdn"), evtx], false);
    let row = text
        .lines()
        .find(|l| l.contains("Security_with_size_t.evtx") && l.contains(" evtx "))
        .expect("the evtx row");
    assert!(!row.contains("UTF-8"), "{row}");
    assert!(row.contains("binary (EVTX records)"), "{row}");
}
