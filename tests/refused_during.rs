//! `mrs-refused` says which failed call a refusal came during: a refusal inside the first of
//! two calls (the demo's, 13:23:44–13:23:50 and 13:23:57–13:24:02 UTC) is not said to have come
//! during the second as well, though it lies within the 30 s the mrsproxy requests of a call are
//! looked for around it.

use crate::fixtures;

use fixtures::copy_dir;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn explanation_with_httperr(line: &str) -> String {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo"),
        &tmp.path().join("demo"),
    );
    let httperr = tmp.path().join("HTTPERR");
    std::fs::create_dir_all(&httperr).expect("mkdir");
    std::fs::write(
        httperr.join("httperr1.log"),
        format!(
            "#Software: Microsoft HTTP API 2.0\n#Version: 1.0\n#Date: 2024-11-05 13:00:00\n\
             #Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status \
             s-siteid s-reason s-queuename\n{line}\n"
        ),
    )
    .expect("write");
    let a = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    a.findings
        .iter()
        .find(|f| f.id.to_string() == "mrs-refused")
        .unwrap_or_else(|| panic!("no mrs-refused: {:?}", a.findings))
        .explanation
        .clone()
}

#[test]
fn a_refusal_inside_one_call_is_said_of_that_call_only() {
    let said = explanation_with_httperr(
        "2024-11-05 13:23:45 10.0.5.20 50123 10.0.1.11 443 HTTP/1.1 POST /EWS/mrsproxy.svc \
         503 1 AppOffline MSExchangeServicesAppPool",
    );
    assert!(
        said.contains("came during Test-MigrationServerAvailability (20241105_142155.log:394"),
        "{said}"
    );
    assert!(!said.contains("20241105_142155.log:413"), "{said}");
}

#[test]
fn a_refusal_between_two_calls_is_not_said_to_be_during_either() {
    let said = explanation_with_httperr(
        "2024-11-05 13:23:54 10.0.5.20 50123 10.0.1.11 443 HTTP/1.1 POST /EWS/mrsproxy.svc \
         503 1 AppOffline MSExchangeServicesAppPool",
    );
    assert!(!said.contains("came during"), "{said}");
}
