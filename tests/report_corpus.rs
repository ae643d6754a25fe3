//! The report on the real HCW runs in `../shared/corpus` (skipped with a note when absent).

use crate::corpus;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::path::PathBuf;

fn corpus(run: &str) -> Option<PathBuf> {
    corpus::corpus(&format!("hcw/{run}"))
}

fn report_json(path: PathBuf) -> Value {
    let a = load(&[path], &LoadOptions::default(), &NoProgress).expect("load");
    serde_json::from_str(&hcwlens::report::json::render(&a)).expect("valid json")
}

fn failed_tmsa(v: &Value) -> Vec<&Value> {
    v["cmdlets"]
        .as_array()
        .expect("cmdlets")
        .iter()
        .filter(|c| c["name"] == "Test-MigrationServerAvailability" && c["outcome"] == "failed")
        .collect()
}

#[test]
fn fail_run_lists_two_failed_tmsa_calls_and_hcw8078() {
    let Some(dir) = corpus("HCW_NewMigrationEndpoint_FAIL") else {
        return;
    };
    let v = report_json(dir);
    let calls = failed_tmsa(&v);
    assert_eq!(calls.len(), 2, "{calls:#?}");
    assert_eq!(calls[0]["start"], "2022-03-05T14:51:28.004Z");
    assert_eq!(calls[1]["start"], "2022-03-05T14:52:24.982Z");
    let d0 = calls[0]["duration_ms"].as_f64().expect("duration");
    let d1 = calls[1]["duration_ms"].as_f64().expect("duration");
    assert!((d0 - 51_400.0).abs() < 100.0, "{d0}");
    assert!((d1 - 50_300.0).abs() < 100.0, "{d1}");
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(ids.iter().any(|i| i.contains("HCW8078")), "{ids:?}");
    for s in v["sources"].as_array().expect("sources") {
        if s["kind"] == "hcw" {
            assert_eq!(s["unparsed"], 0, "{s}");
            assert_eq!(s["utc_offset"], "+00:00");
        }
    }
    assert!(
        v["skipped"]
            .as_array()
            .expect("skipped")
            .iter()
            .any(|s| { s["path"].as_str().is_some_and(|p| p.ends_with(".xhcw")) })
    );
}

#[test]
fn success_run_has_one_successful_call() {
    let Some(dir) = corpus("HCW_NewMigrationEndpoint_SUCCESS") else {
        return;
    };
    let v = report_json(dir);
    let tmsa: Vec<&Value> = v["cmdlets"]
        .as_array()
        .expect("cmdlets")
        .iter()
        .filter(|c| c["name"] == "Test-MigrationServerAvailability")
        .collect();
    assert_eq!(tmsa.len(), 1);
    assert_eq!(tmsa[0]["outcome"], "success");
    assert_eq!(tmsa[0]["start"], "2022-03-05T22:30:34.171Z");
}

#[test]
fn initial_run_parses_cleanly() {
    let Some(dir) = corpus("HCW_InitialSuccessExceptMigrationEndpoint") else {
        return;
    };
    let v = report_json(dir);
    let hcw: Vec<&Value> = v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter(|s| s["kind"] == "hcw")
        .collect();
    assert_eq!(hcw.len(), 2, "the .log and the .boot");
    for s in hcw {
        assert_eq!(s["unparsed"], 0, "{s}");
    }
}

fn finding<'a>(v: &'a Value, id: &str) -> Option<&'a Value> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == id)
}

/// Diagnosis ids the HCW log alone can give (`hcw-<class>`, `hcw-error-<id>`), not HCW codes.
fn diagnosis_ids(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .filter(|id| id.starts_with("hcw-") && !id.starts_with("hcw-HCW"))
        .map(str::to_string)
        .collect()
}

#[test]
fn each_run_alone_gets_the_diagnosis_of_its_inner_exception() {
    if let Some(dir) = corpus("HCW_InitialSuccessExceptMigrationEndpoint") {
        let v = report_json(dir);
        let dns = finding(&v, "hcw-dns").expect("a DNS finding");
        assert!(
            dns["title"]
                .as_str()
                .is_some_and(|t| t.contains("mail.canadasam.ca"))
        );
        let remedy = dns["remedy"].as_str().unwrap_or("");
        assert!(
            remedy.contains("Resolve-DnsName mail.canadasam.ca"),
            "{remedy}"
        );
        assert!(
            !remedy.contains("HCW_"),
            "a folder name in the remedy: {remedy}"
        );
        assert!(finding(&v, "hcw-network-path").is_none());
        assert!(
            finding(&v, "hcw-no-endpoint").is_none(),
            "DNS is the inner cause"
        );
        assert_eq!(dns["fixed_by"], Value::Null);
    }
    if let Some(dir) = corpus("HCW_NewMigrationEndpoint_FAIL") {
        let v = report_json(dir);
        assert_eq!(diagnosis_ids(&v), vec!["hcw-network-path"]);
        let path = finding(&v, "hcw-network-path").expect("a network-path finding");
        assert!(
            path["title"]
                .as_str()
                .is_some_and(|t| t.contains("mail.canadadrey.ca"))
        );
        let remedy = path["remedy"].as_str().unwrap_or("");
        assert!(
            remedy.contains("Test-NetConnection mail.canadadrey.ca -Port 443"),
            "{remedy}"
        );
        assert!(
            !remedy.contains("HCW_"),
            "a folder name in the remedy: {remedy}"
        );
    }
    if let Some(dir) = corpus("HCW_NewMigrationEndpoint_SUCCESS") {
        let v = report_json(dir);
        assert!(diagnosis_ids(&v).is_empty(), "{:?}", diagnosis_ids(&v));
        assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
    }
}

#[test]
fn loaded_together_the_earlier_failures_are_fixed_by_the_successful_run() {
    let runs = [
        "HCW_InitialSuccessExceptMigrationEndpoint",
        "HCW_NewMigrationEndpoint_FAIL",
        "HCW_NewMigrationEndpoint_SUCCESS",
    ];
    let dirs: Vec<PathBuf> = runs.iter().filter_map(|r| corpus(r)).collect();
    if dirs.len() != runs.len() {
        return;
    }
    let a = load(&dirs, &LoadOptions::default(), &NoProgress).expect("load");
    let v: Value = serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let success_log = |p: &Value| {
        p.as_str().is_some_and(|p| {
            p.ends_with("20220305_222835.log") || p.ends_with("20220305_144855.log")
        })
    };
    for f in v["findings"].as_array().expect("findings") {
        assert!(success_log(&f["fixed_by"]["source"]), "{f}");
    }
    for id in ["hcw-dns", "hcw-network-path", "hcw-HCW8078"] {
        let f = finding(&v, id).expect(id);
        assert!(
            f["fixed_by"]["source"]
                .as_str()
                .is_some_and(|p| p.ends_with("20220305_222835.log")),
            "{id}: {f}"
        );
    }
    let path = finding(&v, "hcw-network-path").expect("network path");
    assert!(
        path["explanation"]
            .as_str()
            .is_some_and(|e| e.contains("a later run at 2022-03-05 22:30:34 UTC succeeded.")),
        "{path}"
    );
    // The run that succeeded tested mail.canadadrey.ca, not the name that did not resolve:
    // said, so no one reads that mail.canadasam.ca resolves now.
    let dns = finding(&v, "hcw-dns").expect("dns");
    assert!(
        dns["explanation"].as_str().is_some_and(|e| e.contains(
            "a later run at 2022-03-05 22:30:34 UTC succeeded with another remote server, \
             mail.canadadrey.ca."
        )),
        "{dns}"
    );
    for c in failed_tmsa(&v) {
        assert_eq!(c["later_success"], "2022-03-05T22:30:34.171Z");
    }
}

/// Loaded together, the two failed runs' HCW8078 warnings each point at the diagnosis of
/// their own run's failed call (DNS for the first, the network path for the second), not at
/// both: the ticket line of each says which finding quotes its exception.
#[test]
fn each_hcw8078_warning_points_at_the_diagnosis_of_its_own_run() {
    let (Some(initial), Some(fail)) = (
        corpus("HCW_InitialSuccessExceptMigrationEndpoint"),
        corpus("HCW_NewMigrationEndpoint_FAIL"),
    ) else {
        return;
    };
    let a = load(&[initial, fail], &LoadOptions::default(), &NoProgress).expect("load");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-HCW8078")
        .expect("hcw-HCW8078");
    let md =
        hcwlens::export::finding_markdown(f, &a.sources, &hcwlens::time::ZoneSpec::Fixed(0), &a);
    for (entry, id) in [
        ("20220219_032402.log:1278", "hcw-dns"),
        ("20220305_144855.log:1156", "hcw-network-path"),
    ] {
        let said = format!("- `{entry}`: (the exception it repeats: see `{id}`)\n");
        assert!(md.contains(&said), "{said} not in:\n{md}");
    }
    // The explanation says which diagnosis is whose run, not both for both.
    let whose = "hcw-dns names the cause in 20220219_032402.log, hcw-network-path the one in \
                 20220305_144855.log, from the same failed calls.";
    assert!(f.explanation.contains(whose), "{}", f.explanation);
}

/// IIS logs that do not cover a failed call state no cause: the cause the HCW log states stays
/// its finding (`hcw-network-path` for the FAIL run's time-outs, `hcw-dns` for the first run's
/// name), and HCW8078 points at those, not at `iis-no-coverage` ("names the causes").
#[test]
fn iis_logs_of_another_time_leave_the_hcw_diagnoses_standing() {
    let (Some(first), Some(fail)) = (
        corpus("HCW_InitialSuccessExceptMigrationEndpoint"),
        corpus("HCW_NewMigrationEndpoint_FAIL"),
    ) else {
        return;
    };
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let a = load(&[first, fail, demo], &LoadOptions::default(), &NoProgress).expect("load");
    let ids: Vec<String> = a.findings.iter().map(|f| f.id.to_string()).collect();
    for id in [
        "hcw-dns",
        "hcw-network-path",
        "iis-no-coverage",
        "ep-hybrid-agent",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id}: {ids:?}");
    }
    let hcw8078 = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-HCW8078")
        .expect("HCW8078");
    let why = &hcw8078.explanation;
    assert!(!why.contains("iis-no-coverage"), "{why}");
    assert!(
        why.contains("hcw-dns names the cause in 20220219_032402.log"),
        "{why}"
    );
    assert!(why.contains("hcw-network-path"), "{why}");
}

/// The first run's DNS failure of mail.canadasam.ca was got past by a run that tested
/// mail.canadadrey.ca: every format's "Fixed by a later run" says so, so no one reads that the
/// failing name resolves now; the time-outs of mail.canadadrey.ca were fixed on that very name.
#[test]
fn a_finding_fixed_by_a_run_on_another_server_says_which_in_every_format() {
    let runs: Option<Vec<PathBuf>> = [
        "HCW_InitialSuccessExceptMigrationEndpoint",
        "HCW_NewMigrationEndpoint_FAIL",
        "HCW_NewMigrationEndpoint_SUCCESS",
    ]
    .into_iter()
    .map(corpus)
    .collect();
    let Some(runs) = runs else {
        return;
    };
    let a = load(&runs, &LoadOptions::default(), &NoProgress).expect("load");
    let text = hcwlens::report::text::render(&a);
    let md = hcwlens::report::markdown::render(&a);
    let html = hcwlens::report::html::render(&a, false);
    for (format, out) in [("text", &text), ("markdown", &md), ("html", &html)] {
        let fixed: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("Fixed by a later run"))
            .collect();
        let elsewhere = fixed
            .iter()
            .filter(|l| l.contains(", with another remote server, mail.canadadrey.ca."))
            .count();
        assert_eq!(elsewhere, 1, "{format}: {fixed:#?}");
        assert_eq!(fixed.len(), 5, "{format}: {fixed:#?}");
    }
}
