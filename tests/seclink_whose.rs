//! Whose Security log a finding quotes: a 4776 written by another machine (the one that
//! checked the password, for a domain account a domain controller) is not "the server's
//! Security log". Fixture `tests/fixtures/audit22/evtx-one-event-two-handshakes` (EX01's IIS
//! log) with the corpus `Security_short_selected.evtx` (written by `temporal`: a failed 4776
//! for Administrator); skipped with a note when the corpus is absent.

use crate::corpus;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

#[test]
fn a_4776_of_another_machine_is_said_as_that_machine_s_log() {
    let Some(evtx) = corpus::corpus("evtx/omerbenamram-evtx/Security_short_selected.evtx") else {
        return;
    };
    let iis = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audit22/evtx-one-event-two-handshakes");
    let a = load(&[iis, evtx], &LoadOptions::default(), &NoProgress).expect("load");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "credentials-rejected")
        .unwrap_or_else(|| panic!("{:?}", a.findings));
    assert!(
        !f.explanation.contains("The server's Security log"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("The Security log of temporal"),
        "{}",
        f.explanation
    );
}
