//! A Network Load Balancing cluster's shared address when only one node's logs are loaded.
//! EX01's IIS log logs the cluster address 10.0.0.100 (the clients' requests) beside its own
//! 10.0.0.11 (a probe); no other node's log is loaded, so nothing shows which of the two is
//! EX01's own. An HTTPERR log from a ticket folder logs only 10.0.0.100: it may be any node's.
//! The report and the export named it EX01 (a guess); they now say the address.

use crate::report_json;

use hcwlens::pipeline::LoadOptions;
use report_json::Set;
use serde_json::Value;

const SET: Set = Set("export22");

#[test]
fn an_httperr_log_of_a_cluster_address_one_loaded_node_logs_is_named_by_the_address() {
    let a = SET.analyse("nlb-one-node");
    let name = |end: &str| {
        a.sources
            .iter()
            .find(|s| s.path.to_string_lossy().replace('\\', "/").ends_with(end))
            .map(|s| s.server.clone())
            .unwrap_or_default()
    };
    assert_eq!(name("W3SVC1/u_ex250211.log"), "EX01");
    assert_eq!(name("ticket/httperr1.log"), "10.0.0.100");
}

#[test]
fn the_export_names_that_httperr_line_by_the_address_too() {
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(
        &[SET.dir("nlb-one-node")],
        &LoadOptions::default(),
        &mut out,
    )
    .expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    let hosts: Vec<(String, String)> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .filter(|v| v["event"]["kind"] == "event")
        .map(|v| {
            let dataset = v["event"]["dataset"].as_str().unwrap_or("").to_string();
            (
                dataset,
                v["host"]["name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        hosts.contains(&("hcwlens.iis".into(), "EX01".into())),
        "{hosts:?}"
    );
    assert!(
        hosts.contains(&("hcwlens.httperr".into(), "10.0.0.100".into())),
        "{hosts:?}"
    );
}
