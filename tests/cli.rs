//! The command line as a script sees it: exit codes, one-line errors, decode, demo report.

use std::process::{Command, Output};

fn hcwlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .args(args)
        .output()
        .expect("run hcwlens")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn scenario(name: &str) -> String {
    format!(
        "{}/tests/fixtures/scenarios/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn missing_file_is_one_line_naming_it_and_exit_2() {
    let out = hcwlens(&["report", "/no/such/u_ex241105.log"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/no/such/u_ex241105.log"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn missing_file_for_the_explorer_is_exit_2_too() {
    let out = hcwlens(&["/no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/no/such/folder"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(hcwlens(&["report"]).status.code(), Some(2));
    assert_eq!(
        hcwlens(&["report", "--tz", "hcw=Mars/Base", "x"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        hcwlens(&["report", "--format", "yaml", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn fail_on_sets_exit_1_only_when_such_findings_exist() {
    let ep = scenario("ep-hybrid-agent");
    let healthy = scenario("healthy");
    assert_eq!(hcwlens(&["report", &ep]).status.code(), Some(0));
    assert_eq!(
        hcwlens(&["report", &ep, "--fail-on", "error"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        hcwlens(&["report", &healthy, "--fail-on", "warning"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn findings_a_later_run_fixed_do_not_fail_the_report() {
    let dir = |name: &str| {
        format!(
            "{}/tests/fixtures/hcw/diag/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    };
    let failed = dir("dns");
    let rerun = dir("rerun");
    assert_eq!(
        hcwlens(&["report", &failed, "--fail-on", "error"])
            .status
            .code(),
        Some(1)
    );
    let out = hcwlens(&["report", &rerun, "--fail-on", "warning"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("[fixed by a later run] hcw-dns"));
}

#[test]
fn decode_prints_name_hex_and_meaning() {
    for input in [
        vec!["2148074310"],
        vec!["0x80090346"],
        vec!["401", "1", "2148074310"],
    ] {
        let out = hcwlens(&[&["decode"][..], &input[..]].concat());
        assert_eq!(out.status.code(), Some(0), "{input:?}");
        let s = text(&out.stdout);
        assert!(
            s.contains("SEC_E_BAD_BINDINGS") && s.contains("0x80090346"),
            "{s}"
        );
    }
    let s = text(&hcwlens(&["decode", "401.2"]).stdout);
    assert!(s.contains("401.2"), "{s}");
    let s = text(&hcwlens(&["decode", "1326"]).stdout);
    assert!(s.contains("ERROR_LOGON_FAILURE"), "{s}");
}

#[test]
fn decode_of_nonsense_is_a_message_and_non_zero() {
    let out = hcwlens(&["decode", "banana"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("banana"));
}

#[test]
fn demo_report_names_the_diagnosis() {
    let out = hcwlens(&["demo", "--report", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(ids.contains(&"ep-hybrid-agent"), "{ids:?}");
}

#[test]
fn redacted_report_hides_names_and_addresses() {
    let out = hcwlens(&[
        "report",
        &scenario("ep-hybrid-agent"),
        "--format",
        "markdown",
        "--redact",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("ep-hybrid-agent"));
    for secret in [
        "10.10.8.40",
        "fabrikam",
        "FABRIKAM\\exadmin",
        "c41e0b97-5d2a-4f83-b6e1-9a07d3f25c68",
    ] {
        assert!(!s.contains(secret), "{secret} leaked");
    }
}
