//! Real IIS W3C shapes read end to end (`tests/fixtures/w3c-shapes`): what the report makes of
//! field sets, sites and damage that Exchange servers write, checked in the JSON report.

#[path = "support/report_json.rs"]
mod report_json;

use report_json::{Set, handshakes};
use serde_json::Value;

const SET: Set = Set("w3c-shapes");

/// (outcome, count) of each line of the handshake summary.
fn summary(r: &Value) -> Vec<(String, u64)> {
    r["handshake_summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|c| {
            (
                c["outcome"].as_str().unwrap_or("").to_string(),
                c["count"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// (client, server, failure) of each handshake listed.
fn listed(r: &Value) -> Vec<(String, String, String)> {
    handshakes(r)
        .iter()
        .map(|h| {
            let s = |k: &str| h[k].as_str().unwrap_or("").to_string();
            (s("client"), s("server"), s("failure_name"))
        })
        .collect()
}

/// One client's call through the front end, one successful and one failed handshake: the
/// back end's hop of the successful one is no third handshake, whatever tells the site.
fn assert_one_client_call(case: &str, server: &str) {
    let r = SET.json(case);
    assert_eq!(
        summary(&r),
        vec![("success".to_string(), 1), ("failed".to_string(), 1)],
        "{case}"
    );
    assert_eq!(
        listed(&r),
        vec![(
            "10.0.5.20".to_string(),
            server.to_string(),
            "SEC_E_BAD_BINDINGS".to_string()
        )],
        "{case}"
    );
}

#[test]
fn the_back_end_folder_tells_its_hop_when_s_port_is_not_logged() {
    // A field set without s-port: the W3SVC2 folder is the Exchange Back End site.
    assert_one_client_call("back-end-no-port", "EX01/W3SVC1");
}

#[test]
fn a_central_log_of_both_sites_tells_the_back_end_by_s_sitename() {
    // IIS central W3C logging: one file for every site, each line naming its site.
    assert_one_client_call("back-end-sitename", "EX01");
}

#[test]
fn logs_copied_out_of_their_folders_tell_the_back_end_by_its_host_port() {
    // The front end addresses the back end as `<server>:444`; clients reach `mail…` on 443.
    let r = SET.json("back-end-host");
    assert_eq!(summary(&r), vec![("success".to_string(), 1)]);
}
