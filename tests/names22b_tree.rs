//! A copied server tree whose top folder is not the machine's name (`coll`): its IIS log logs
//! no `s-computername`, so it is named after its folder, but its HttpProxy log names the
//! machine, `EX01` (`tests/fixtures/names22b/coll`). The IIS log is then EX01's, for
//! `--auto DIR` as for the folder given as a path: the sources, the rows and the findings say
//! EX01, never `coll`.

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use std::path::PathBuf;

fn tree() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/names22b/coll")
}

#[test]
fn a_folder_named_iis_log_takes_the_machine_its_tree_s_httpproxy_log_names() {
    let a = load(&[tree()], &LoadOptions::default(), &NoProgress).expect("load");
    let iis: Vec<&str> = a
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Iis)
        .map(|s| s.server.as_str())
        .collect();
    assert_eq!(iis, ["EX01/W3SVC1"]);
    assert!(!a.handshakes.is_empty());
    for h in &a.handshakes {
        assert_eq!(a.server_named(&h.server), "EX01", "{}", h.server);
    }
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("IIS on coll"), "{text}");
    assert!(text.contains("IIS on EX01"), "{text}");
}

#[test]
fn auto_on_a_copied_tree_names_its_iis_log_by_the_machine_not_the_top_folder() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .args(["report", "--format", "json", "--auto"])
        .arg(tree())
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let servers: Vec<(&str, &str)> = v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap_or(""),
                s["server"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(servers, [("iis", "EX01/W3SVC1"), ("httpproxy", "EX01")]);
    let text = v.to_string();
    assert!(!text.contains("coll/W3SVC1"), "{text}");
    assert!(!text.contains("on coll"), "{text}");
}

#[test]
fn a_tree_whose_logs_name_two_machines_leaves_the_folder_name() {
    let root = std::env::temp_dir().join(format!("names22b-two-{}", std::process::id()));
    let coll = root.join("coll");
    let site = coll.join("inetpub/logs/LogFiles/W3SVC1");
    let proxy = coll.join("Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ews");
    std::fs::create_dir_all(&site).expect("site folder");
    std::fs::create_dir_all(&proxy).expect("proxy folder");
    let from = tree();
    std::fs::copy(
        from.join("inetpub/logs/LogFiles/W3SVC1/u_ex250312.log"),
        site.join("u_ex250312.log"),
    )
    .expect("copy IIS");
    let log = std::fs::read_to_string(
        from.join("Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ews")
            .join("HttpProxy_2025031209-1.LOG"),
    )
    .expect("read proxy");
    std::fs::write(proxy.join("HttpProxy_2025031209-1.LOG"), &log).expect("write");
    std::fs::write(
        proxy.join("HttpProxy_2025031209-2.LOG"),
        log.replace(",EX01,", ",EX02,"),
    )
    .expect("write");
    let a = load(&[coll], &LoadOptions::default(), &NoProgress).expect("load");
    let _ = std::fs::remove_dir_all(&root);
    let iis: Vec<&str> = a
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Iis)
        .map(|s| s.server.as_str())
        .collect();
    assert_eq!(iis, ["coll/W3SVC1"]);
}

#[test]
fn the_export_names_the_tree_s_iis_rows_by_the_machine() {
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(&[tree()], &LoadOptions::default(), &mut out).expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    let hosts: std::collections::BTreeSet<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON"))
        .filter(|v| {
            v["event"]["dataset"]
                .as_str()
                .is_some_and(|d| d.starts_with("hcwlens.iis"))
        })
        .map(|v| v["host"]["name"].as_str().unwrap_or("").to_string())
        .collect();
    // A folder label is exported whole (`host.name` of `audit20/lb-pair` is `FBEX1/W3SVC1`).
    assert_eq!(hosts, ["EX01/W3SVC1".to_string()].into());
}

/// The corpus's `Security_with_size_t.evtx` (written by WIN-L0ZZQ76PMUF), copied at test time
/// beside the tree's IIS log in a temporary tree named `coll`.
use crate::corpus;

#[test]
fn a_security_log_of_the_tree_names_its_machine_too() {
    let Some(evtx) = corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx") else {
        return;
    };
    let root = std::env::temp_dir().join(format!("names22b-evtx-{}", std::process::id()));
    let coll = root.join("coll");
    let site = coll.join("inetpub/logs/LogFiles/W3SVC1");
    std::fs::create_dir_all(&site).expect("site folder");
    std::fs::copy(
        tree().join("inetpub/logs/LogFiles/W3SVC1/u_ex250312.log"),
        site.join("u_ex250312.log"),
    )
    .expect("copy IIS");
    std::fs::copy(&evtx, coll.join("Security.evtx")).expect("copy evtx");
    let a = load(&[coll], &LoadOptions::default(), &NoProgress).expect("load");
    let _ = std::fs::remove_dir_all(&root);
    let iis: Vec<&str> = a
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Iis)
        .map(|s| s.server.as_str())
        .collect();
    assert_eq!(iis, ["WIN-L0ZZQ76PMUF/W3SVC1"]);
}
