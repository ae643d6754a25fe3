//! The report on the real HCW runs in `../shared/corpus` (skipped with a note when absent).

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::path::PathBuf;

fn corpus(run: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for base in ["../shared/corpus/hcw", "../../shared/corpus/hcw"] {
        let p = root.join(base).join(run);
        if p.is_dir() {
            return Some(p);
        }
    }
    eprintln!("skipped: corpus run {run} not found beside the checkout");
    None
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
