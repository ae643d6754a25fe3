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

/// Runs hcwlens and kills it if it has not finished within `limit` (None: it hung).
#[cfg(unix)]
fn hcwlens_within(args: &[&str], limit: std::time::Duration) -> Option<Output> {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hcwlens");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Some(child.wait_with_output().expect("output"))
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo failed");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_in_one_line_instead_of_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("u_ex241105.log");
    mkfifo(&fifo);
    let path = fifo.to_string_lossy().into_owned();
    let limit = std::time::Duration::from_secs(20);
    let out = hcwlens_within(&["report", &path], limit).expect("report on a pipe hung");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&path) && err.contains("named pipe"), "{err}");
    let out = hcwlens_within(&[&path], limit).expect("the explorer on a pipe hung");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("named pipe"));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_inside_a_folder_is_listed_as_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let iis = dir.path().join("EX01").join("W3SVC1");
    std::fs::create_dir_all(&iis).expect("mkdir");
    std::fs::copy(
        scenario("healthy") + "/PAREX01/W3SVC1/u_ex241114.log",
        iis.join("u_ex241112.log"),
    )
    .expect("copy fixture");
    mkfifo(&iis.join("u_ex241113.log"));
    let root = dir.path().to_string_lossy().into_owned();
    let out = hcwlens_within(
        &["report", &root, "--format", "json"],
        std::time::Duration::from_secs(20),
    )
    .expect("report on a folder with a pipe hung");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let skipped = v["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0]["path"]
            .as_str()
            .unwrap_or("")
            .ends_with("u_ex241113.log")
    );
    assert_eq!(skipped[0]["reason"], "not a regular file (named pipe)");
}

#[test]
fn a_missing_path_spelled_like_a_subcommand_suggests_it() {
    let out = hcwlens(&["reprot", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("did you mean `report`?"), "{err}");
    let err = text(&hcwlens(&["/no/such/logs"]).stderr);
    assert!(!err.contains("did you mean"), "{err}");
    let out = hcwlens(&["--tz", "hcw=+01:00", "report", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("hcwlens report --tz"),
        "options go after the command: {err}"
    );
}

#[test]
fn a_skew_without_unit_is_an_error_suggesting_seconds() {
    let out = hcwlens(&["report", "--skew", "iis=7", &scenario("ep-hybrid-agent")]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("`7s`"), "{err}");
}

#[test]
fn a_tz_or_skew_matching_no_source_warns_naming_the_sources() {
    let out = hcwlens(&[
        "report",
        "--skew",
        "EX99=+2s",
        "--tz",
        "httperr=+01:00",
        "--tz",
        "iis=+00:00",
        &scenario("ep-hybrid-agent"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("warning"), "{err}");
    assert!(
        err.contains("--skew EX99=") && err.contains("--tz httperr="),
        "{err}"
    );
    assert!(!err.contains("--tz iis="), "iis matches a source: {err}");
    assert!(
        err.contains("EXCH01") && err.contains("(iis)") && err.contains("(hcw)"),
        "{err}"
    );
    let quiet = hcwlens(&["report", "--skew", "iis=+2s", &scenario("ep-hybrid-agent")]);
    assert_eq!(text(&quiet.stderr), "", "a matching selector says nothing");
}

#[test]
fn clock_options_appear_only_where_logs_are_loaded() {
    for cmd in ["report", "demo"] {
        let help = text(&hcwlens(&[cmd, "--help"]).stdout);
        assert!(
            help.contains("--tz") && help.contains("--skew"),
            "{cmd}: {help}"
        );
    }
    assert!(text(&hcwlens(&["--help"]).stdout).contains("--tz"));
    for cmd in ["decode", "generate", "completions"] {
        let help = text(&hcwlens(&[cmd, "--help"]).stdout);
        assert!(
            !help.contains("--tz") && !help.contains("--skew"),
            "{cmd}: {help}"
        );
    }
    let out = hcwlens(&["decode", "--tz", "hcw=+01:00", "401"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let out = hcwlens(&["demo", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--format means nothing without --report"
    );
    assert!(
        text(&out.stderr).contains("--report"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn completions_for_the_shells_admins_use() {
    for (shell, marker) in [
        ("powershell", "Register-ArgumentCompleter"),
        ("bash", "complete -F"),
        ("zsh", "#compdef hcwlens"),
        ("fish", "complete -c hcwlens"),
    ] {
        let out = hcwlens(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let s = text(&out.stdout);
        assert!(s.contains(marker), "{shell}: {s}");
        assert!(s.contains("report") && s.contains("fail-on"), "{shell}");
    }
    assert_eq!(hcwlens(&["completions", "cmd"]).status.code(), Some(2));
}

/// `--tz evtx=` / `--tz httpproxy=`: those logs carry UTC instants by format, so a zone could
/// change nothing; the one-line error says so and names `--skew` for a wrong clock.
#[test]
fn a_tz_for_logs_that_are_utc_by_format_is_an_error_naming_skew() {
    for kind in ["evtx", "httpproxy", "EVTX"] {
        let arg = format!("{kind}=+01:00");
        let out = hcwlens(&["report", "--tz", &arg, &scenario("ep-hybrid-agent")]);
        assert_eq!(out.status.code(), Some(2), "{kind}");
        let err = text(&out.stderr);
        let first = err.lines().next().unwrap_or_default();
        assert!(first.contains("UTC by format"), "{err}");
        assert!(
            first.contains(&format!("--skew {}=", kind.to_ascii_lowercase())),
            "{err}"
        );
    }
}

/// The source of each kind in a report's JSON, with its zone and skew.
fn clocks(args: &[&str]) -> Vec<(String, String, i64)> {
    let fixtures = format!("{}/tests/fixtures/w3c", env!("CARGO_MANIFEST_DIR"));
    let cdn = format!("{fixtures}/cdn_edge_w3c.log");
    let iis = format!("{fixtures}/u_ex241105_fe.log");
    let mut all = vec!["report", "--format", "json", "--all"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[&cdn, &iis]);
    let out = hcwlens(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut got: Vec<(String, String, i64)> = v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap_or_default().to_string(),
                s["zone"].as_str().unwrap_or_default().to_string(),
                s["skew_ms"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    got
}

/// `w3c=` selects the W3C logs of other writers (kind `w3c`), `iis=` the IIS logs only.
#[test]
fn w3c_and_iis_selectors_pick_their_own_kind() {
    let kinds = |z: &str, s: i64| -> Vec<(String, String, i64)> {
        vec![("iis".into(), "UTC".into(), 0), ("w3c".into(), z.into(), s)]
    };
    assert_eq!(
        clocks(&["--tz", "w3c=+01:00", "--skew", "w3c=+5s"]),
        kinds("UTC+01:00", 5000)
    );
    let iis = clocks(&["--tz", "iis=+02:00", "--skew", "iis=-2s"]);
    assert_eq!(
        iis,
        vec![
            ("iis".into(), "UTC+02:00".into(), -2000),
            ("w3c".into(), "UTC".into(), 0),
        ]
    );
}
