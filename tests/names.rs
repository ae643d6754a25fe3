//! Names from the logs: remedies name the servers, endpoints and account the logs state, never
//! the folder the logs were copied into, in every report format.

use crate::stable;
use stable::stable;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::{Path, PathBuf};

const TICKET: &str = "copied-from-ticket-4711";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scenario_dirs() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/scenarios");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out.push(root().join("assets/demo"));
    out
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else if p.extension().is_some_and(|x| x == "log") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Copies a scenario into `<tmp>/copied-from-ticket-4711`, keeping its layout (`whole`) or with
/// every IIS file straight in `copied-from-ticket-4711/W3SVCn/`, as an admin copying W3SVC
/// folders into a ticket folder would.
fn copy(src: &Path, tmp: &Path, whole: bool) -> PathBuf {
    let dest = tmp.join(TICKET);
    for (k, f) in files(src).iter().enumerate() {
        let rel = f.strip_prefix(src).expect("under src");
        let is_hcw = rel.components().any(|c| c.as_os_str() == "hcw");
        let to = if whole || is_hcw {
            dest.join(rel)
        } else {
            dest.join(format!("W3SVC{}", k + 1))
                .join(f.file_name().expect("name"))
        };
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(f, &to).expect("copy");
    }
    dest
}

fn analyse(dir: &Path) -> Analysis {
    load(&[dir.to_path_buf()], &LoadOptions::default(), &NoProgress).expect("load")
}

/// The remedy blocks of a text or Markdown report: from `Remedy:` to `References:`.
fn report_remedies(report: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in report.lines() {
        if matches!(line.trim(), "Remedy:" | "What to do:") {
            current = Some(String::new());
        } else if line.starts_with("References:") {
            out.extend(current.take());
        } else if let Some(c) = current.as_mut() {
            c.push_str(line);
            c.push('\n');
        }
    }
    out
}

fn json_remedies(report: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(report).expect("json");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["remedy"].as_str().expect("remedy").to_string())
        .collect()
}

#[test]
fn no_folder_name_appears_in_any_remedy_of_any_report() {
    for src in scenario_dirs() {
        for whole in [true, false] {
            let tmp = tempfile::tempdir().expect("tempdir");
            let dir = copy(&src, tmp.path(), whole);
            let a = analyse(&dir);
            let text = hcwlens::report::text::render(&a);
            let md = hcwlens::report::markdown::render(&a);
            let json = hcwlens::report::json::render(&a);
            let all = [
                (
                    "finding",
                    a.findings.iter().map(|f| f.remedy.clone()).collect(),
                ),
                ("text", report_remedies(&text)),
                ("markdown", report_remedies(&md)),
                ("json", json_remedies(&json)),
            ];
            for (format, remedies) in all {
                assert_eq!(
                    remedies.len(),
                    a.findings.len(),
                    "{} {format}: every finding's remedy is found",
                    src.display()
                );
                for r in remedies {
                    assert!(
                        !r.contains(TICKET),
                        "{} ({}) {format}: folder name in a remedy:\n{r}",
                        src.display(),
                        if whole { "whole" } else { "flat" }
                    );
                }
            }
        }
    }
}

fn remedy(a: &Analysis, id: &str) -> String {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == id)
        .map(|f| f.remedy.clone())
        .unwrap_or_else(|| panic!("no {id} finding"))
}

fn ids(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a.findings.iter().map(|f| f.id.to_string()).collect();
    v.sort();
    v
}

/// A scenario loaded from the ticket folder with every IIS file straight under it.
fn flat(name: &str) -> Analysis {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = root().join("tests/fixtures/scenarios").join(name);
    analyse(&copy(&src, tmp.path(), false))
}

#[test]
fn agent_remedy_names_the_published_server_endpoint_and_account() {
    let a = flat("names-agent-flat");
    assert_eq!(ids(&a), vec!["ep-hybrid-agent", "hcw-HCW8078"]);
    let r = remedy(&a, "ep-hybrid-agent");
    assert!(
        r.contains(".\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames NWEX02 -ExcludeVirtualDirectories \"EWSFrontEnd\""),
        "{r}"
    );
    assert!(r.contains(
        "Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer 5e8a1f3c-7b24-4c9d-8e61-d3f0a2b7c915.resource.mailboxmigration.his.msappproxy.net -Credentials (Get-Credential NORTHWIND\\hcw-admin)"
    ), "{r}");
    for other in ["NWEX01", "NWEDGE01", "NW-ADM07", "<"] {
        assert!(!r.contains(other), "{other} in {r}");
    }
}

#[test]
fn credentials_remedy_names_the_tested_host_and_account() {
    let a = flat("names-credentials-flat");
    assert_eq!(ids(&a), vec!["credentials-rejected", "hcw-HCW8078"]);
    let r = remedy(&a, "credentials-rejected");
    assert!(r.contains(
        "Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer hybrid.adatum.com -Credentials (Get-Credential ADATUM\\svc-migrate)"
    ), "{r}");
    assert!(!r.contains('<'), "{r}");
}

#[test]
fn unreachable_agent_remedy_tests_the_published_server() {
    let a = flat("names-agent-unreachable-flat");
    assert_eq!(ids(&a), vec!["hcw-HCW8078", "mrs-unreachable"]);
    let r = remedy(&a, "mrs-unreachable");
    assert!(
        r.contains("Test-NetConnection LWEX1.litwareinc.com -Port 443"),
        "{r}"
    );
    assert!(
        r.contains("https://LWEX1.litwareinc.com/EWS/mrsproxy.svc"),
        "{r}"
    );
    assert!(!r.contains('<'), "{r}");
    // Two calls failed: "the calls went through the Hybrid Agent", not "the call".
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "mrs-unreachable")
        .expect("finding");
    assert!(
        f.explanation
            .contains("The calls went through the Hybrid Agent: Exchange Online reached"),
        "{}",
        f.explanation
    );
}

#[test]
fn the_demo_names_ex01_from_the_hcw_log() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = analyse(&copy(&root().join("assets/demo"), tmp.path(), false));
    let r = remedy(&a, "ep-hybrid-agent");
    assert!(r.contains("-ExchangeServerNames EX01 -Exclude"), "{r}");
    assert!(r.contains("(Get-Credential CONTOSO\\hcwadmin)"), "{r}");
}

#[test]
fn text_report_labels_sources_readably() {
    let a = analyse(&root().join("assets/demo"));
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("(EX01 · IIS · UTC)"), "{text}");
    assert!(text.contains("(EX01 · HCW · UTC+01:00)"), "{text}");
    assert!(!text.contains("UTC Utc"));
    let mut s = a.sources[0].clone();
    s.server = "W3SVC1".into();
    s.skew_ms = 2000;
    s.zone_origin = hcwlens::source::ZoneOrigin::Override;
    let label = hcwlens::report::text::source_label(&s, &a.server_names(), None);
    assert!(
        !label.contains("W3SVC1") && label.ends_with("(--tz) · skew +2 s"),
        "{label}"
    );
}

#[test]
fn golden_reports_of_the_names_scenarios() {
    for name in [
        "names-agent-flat",
        "names-credentials-flat",
        "names-agent-unreachable-flat",
    ] {
        let a = analyse(&root().join("tests/fixtures/scenarios").join(name));
        let md = stable(&hcwlens::report::markdown::render(&a));
        insta::assert_snapshot!(format!("{name}_markdown"), md);
    }
}
