//! `export --format jsonl` names a log's server as the load does (`tests/w3c_shapes.rs`): the
//! older logs of a site folder whose later ones log `s-computername` take that name, and a
//! loose log of a dual-stack server is named by its first `s-ip`, not by each line's. A SIEM
//! that groups by `host.name` then sees one server, and a handshake cut by the midnight
//! rotation between two such files is joined, as in the report.

use hcwlens::pipeline::LoadOptions;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn export(case: &str) -> Vec<Value> {
    let path: PathBuf = Path::new("tests/fixtures/w3c-shapes").join(case);
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(&[path], &LoadOptions::default(), &mut out).expect("export");
    String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

fn requests(lines: &[Value]) -> Vec<&Value> {
    lines
        .iter()
        .filter(|v| {
            v["event"]["dataset"]
                .as_str()
                .is_some_and(|d| d.starts_with("hcwlens.iis"))
        })
        .collect()
}

fn hosts(lines: &[Value]) -> BTreeSet<String> {
    requests(lines)
        .iter()
        .map(|v| v["host"]["name"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_older_logs_of_a_site_folder_take_the_name_its_later_ones_log() {
    let lines = export("site-folder-named-later");
    assert_eq!(hosts(&lines), ["EX01".to_string()].into());
    // The handshake the rotation cut is one, succeeded (the report's one success).
    let outcomes: BTreeSet<(String, String)> = requests(&lines)
        .iter()
        .filter_map(|v| {
            let h = &v["hcwlens"]["handshake"];
            Some((
                h["id"].as_str()?.to_string(),
                h["outcome"].as_str()?.to_string(),
            ))
        })
        .collect();
    assert_eq!(outcomes.len(), 1, "{outcomes:?}");
    assert!(outcomes.iter().all(|(_, o)| o == "success"), "{outcomes:?}");
}

#[test]
fn a_loose_log_of_a_dual_stack_server_is_one_host() {
    let lines = export("dual-stack");
    assert_eq!(hosts(&lines), ["10.0.0.5".to_string()].into());
}

#[test]
fn a_loose_httperr_log_is_named_by_its_address_without_the_zone_id() {
    // HTTP.sys writes `fe80::9%12`; the load names the log `fe80::9` (as IIS logs the
    // address). The export said `fe80::9%12`: a host the report does not know.
    let lines = export("httperr-by-address/ticket/httperr3.log");
    let hosts: BTreeSet<&str> = lines
        .iter()
        .filter(|v| v["event"]["dataset"] == "hcwlens.httperr")
        .filter_map(|v| v["host"]["name"].as_str())
        .collect();
    assert_eq!(hosts, ["fe80::9"].into());
}
