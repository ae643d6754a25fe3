//! `export --format jsonl` names a log's server as the load does (`tests/w3c_shapes.rs`): the
//! older logs of a site folder whose later ones log `s-computername` take that name, and a
//! loose log of a dual-stack server is named by its first `s-ip`, not by each line's. A SIEM
//! that groups by `host.name` then sees one server, and a handshake cut by the midnight
//! rotation between two such files is joined, as in the report.

use hcwlens::pipeline::LoadOptions;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn export(case: &str) -> Vec<Value> {
    export_at(&Path::new("tests/fixtures/w3c-shapes").join(case))
}

fn export_at(path: &Path) -> Vec<Value> {
    let path: PathBuf = path.to_path_buf();
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

/// Each handshake id, with the files its legs were logged in.
fn handshake_ids(lines: &[Value]) -> BTreeMap<String, BTreeSet<String>> {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for v in requests(lines) {
        if let Some(id) = v["hcwlens"]["handshake"]["id"].as_str() {
            let file = v["log"]["file"]["path"].as_str().unwrap_or("");
            ids.entry(id.to_string())
                .or_default()
                .insert(file.to_string());
        }
    }
    ids
}

#[test]
fn a_handshake_id_names_the_server_by_its_machine_s_one_name() {
    // EX01's IIS log writes `ex01.contoso.com`; its `host.name` is EX01, and so is its ids'.
    // (EX02's one request is the failed answer of EX01's challenge at 10:05:00, a handshake a
    // load balancer split over the two: it carries the id of its first leg, on EX01.)
    let ids = handshake_ids(&export("two-spellings"));
    let servers: BTreeSet<&str> = ids
        .keys()
        .filter_map(|id| id.split_once(':').map(|(server, _)| server))
        .collect();
    assert_eq!(servers, ["EX01"].into(), "{ids:?}");
    let split = ids.get("EX01:u_ex241105.log:8").map(BTreeSet::len);
    assert_eq!(split, Some(2), "{ids:?}");
}

/// Two sites of one machine log a day each (`W3SVC1/u_ex241105.log`, `W3SVC3/u_ex241105.log`),
/// a handshake at the same lines: each keeps its own ids.
fn assert_ids_apart(lines: &[Value]) {
    let ids = handshake_ids(lines);
    assert_eq!(ids.len(), 4, "{ids:#?}");
    for (id, files) in &ids {
        assert_eq!(files.len(), 1, "{id}: {files:?}");
        let (_, site) = id.split_once(':').expect("server:file:line");
        // The id writes its path's end with `/` on every system (one id wherever exported).
        let file = files.first().expect("a file").replace('\\', "/");
        assert!(
            file.contains(&site[..site.rfind(':').expect("line")]),
            "{id} {file}"
        );
    }
}

#[test]
fn two_spellings_of_one_machine_keep_their_handshake_ids_apart() {
    // W3SVC1 logs `ex01.contoso.com`, W3SVC3 `EX01`: one machine, one name in the ids.
    let lines = export("two-sites-one-day");
    assert_ids_apart(&lines);
    assert!(
        handshake_ids(&lines)
            .keys()
            .all(|id| id.starts_with("EX01:W3SVC")),
        "{:?}",
        handshake_ids(&lines)
    );
}

#[test]
fn two_sites_of_one_machine_keep_their_handshake_ids_apart() {
    // Both sites log `EX01` (the usual Default Web Site and another site): the ids named their
    // file alone, `EX01:u_ex241105.log:5` for two handshakes.
    let from = Path::new("tests/fixtures/w3c-shapes/two-sites-one-day/EX01");
    let tmp = tempfile::tempdir().expect("temp dir");
    for site in ["W3SVC1", "W3SVC3"] {
        let to = tmp.path().join("EX01").join(site);
        std::fs::create_dir_all(&to).expect("mkdir");
        let text = std::fs::read_to_string(from.join(site).join("u_ex241105.log"))
            .expect("read")
            .replace("ex01.contoso.com", "EX01");
        std::fs::write(to.join("u_ex241105.log"), text).expect("write");
    }
    assert_ids_apart(&export_at(tmp.path()));
}
