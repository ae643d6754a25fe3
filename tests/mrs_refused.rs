//! `mrs-refused`: MRS proxy refusals (403, 405, 413, 503) that IIS or HTTP.sys logged are a
//! finding of their own when no wizard call explains them (the IIS logs loaded without the HCW
//! log), and are left to the call's finding when one does.

use crate::fixtures;

use fixtures::{findings, iis_only};
use hcwlens::analyze::finding::{Finding, Severity};
use std::path::PathBuf;

fn case(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/catalogue")
        .join(name)
}

fn refused(paths: &[PathBuf]) -> Option<Finding> {
    findings(paths)
        .into_iter()
        .find(|f| f.id.to_string() == "mrs-refused")
}

#[test]
fn iis_refusals_without_the_hcw_log_are_diagnosed() {
    let cases = [
        ("forbidden", "403 Forbidden", "MRSProxyEnabled"),
        (
            "forbidden-ip",
            "403.6 IP address rejected",
            "IP Address and Domain Restrictions",
        ),
        (
            "method-not-allowed",
            "405 Method Not Allowed",
            "svc-Integrated",
        ),
        (
            "request-too-large",
            "413 Request Entity Too Large",
            "uploadReadAheadSize",
        ),
        (
            "httperr-apppool",
            "503 Service Unavailable",
            "MSExchangeServicesAppPool",
        ),
    ];
    for (name, status, remedy) in cases {
        let f = refused(&iis_only(&case(name))).unwrap_or_else(|| panic!("{name}: no mrs-refused"));
        assert_eq!(f.severity, Severity::Warning, "{name}");
        assert!(f.title.contains(status), "{name}: {}", f.title);
        assert!(f.remedy.contains(remedy), "{name}: {}", f.remedy);
        assert!(!f.evidence.is_empty(), "{name}");
    }
    let f = refused(&iis_only(&case("httperr-apppool"))).expect("503");
    assert!(
        f.explanation.starts_with("HTTP.sys on EXKHI02"),
        "{}",
        f.explanation
    );
    assert!(f.explanation.contains("AppOffline"), "{}", f.explanation);
}

#[test]
fn a_failed_call_that_explains_the_refusals_keeps_them() {
    for name in ["forbidden", "method-not-allowed", "request-too-large"] {
        let all = findings(&[case(name)]);
        assert!(
            !all.iter().any(|f| f.id.to_string() == "mrs-refused"),
            "{name}: {:?}",
            all.iter().map(|f| f.id.to_string()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn handshakes_and_healthy_traffic_are_no_refusal() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    assert!(refused(&[demo]).is_none());
    let stuck = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stuck");
    assert!(refused(&[stuck]).is_none());
}
