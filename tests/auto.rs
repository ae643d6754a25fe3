//! `--auto DIR`: a generated copy of an Exchange server's folders (two profiles with HCW runs on
//! two days, a non-default IIS log directory for site 1, ten days of IIS logs per site,
//! HTTPERR, HttpProxy for two protocols, stray files) is searched, and exactly the expected
//! files are found and loaded.

use crate::corpus;
use crate::scenario;

use hcwlens::discover::{self, FileKind, Layout};
use hcwlens::generate::{GenOptions, generate_w3c};
use hcwlens::time::UtcMs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HCW_DIR: &str = "AppData/Roaming/Microsoft/Exchange Hybrid Configuration";
const EXCHANGE: &str = "Program Files/Microsoft/Exchange Server/V15";

const CONFIG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.applicationHost>
        <sites>
            <site name="Default Web Site" id="1" serverAutoStart="true">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:" />
                    <binding protocol="https" bindingInformation="*:443:" />
                </bindings>
                <logFile directory="D:\IISLogs" />
            </site>
            <site name="Exchange Back End" id="2">
                <bindings>
                    <binding protocol="https" bindingInformation="*:444:" />
                </bindings>
            </site>
            <siteDefaults>
                <logFile logFormat="W3C" directory="%SystemDrive%\inetpub\logs\LogFiles" />
                <traceFailedRequestsLogging directory="%SystemDrive%\inetpub\logs\FailedReqLogFiles" />
            </siteDefaults>
        </sites>
    </system.applicationHost>
</configuration>
"#;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo(rel)).expect("read fixture")
}

/// A small generated IIS day of server `server` (0: front end) on 2024-11-`day`.
fn iis_day(server: u32, day: u32) -> Vec<u8> {
    let opts = GenOptions {
        seed: u64::from(day),
        bytes: 6 * 1024,
        start: UtcMs::from_civil(2024, 11, day, 0, 0, 0, 0).expect("date"),
        ..GenOptions::default()
    };
    let mut out = Vec::new();
    generate_w3c(&opts, server, 0, &mut out).expect("generate");
    out
}

const HTTPERR_HEAD: &str = "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Date: {D} 00:00:00\r\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\r\n";

fn httperr(date: &str, times: &[&str]) -> String {
    let mut s = HTTPERR_HEAD.replace("{D}", date);
    for t in times {
        s.push_str(&format!(
            "{date} {t} 203.0.113.7 51234 10.0.1.11 443 HTTP/1.1 POST /EWS/mrsproxy.svc 503 2 AppOffline MSExchangeServicesAppPool\r\n"
        ));
    }
    s
}

/// Writes the server tree; returns (files that must load, files outside the runs' days).
fn server_tree(root: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let hcw = read("assets/demo/hcw/20241105_142155.log");
    let admin = root
        .join("Users/Administrator")
        .join(HCW_DIR)
        .join("20241105_142155.log");
    write(&admin, hcw.as_bytes());
    write(&admin.with_extension("xhcw"), b"<Hcw/>");
    let svc = root
        .join("Users/svc-hcw")
        .join(HCW_DIR)
        .join("20241108_142155.log");
    write(&svc, hcw.replace("2024.11.05 ", "2024.11.08 ").as_bytes());
    write(&root.join("Users/Public/Desktop/notes.txt"), b"not a log");
    write(
        &root.join("Windows/System32/inetsrv/config/applicationHost.config"),
        CONFIG.as_bytes(),
    );
    // The default folder of site 1 is not where the configuration says it logs.
    write(
        &root.join("inetpub/logs/LogFiles/W3SVC1/u_ex241105.log"),
        &iis_day(0, 5),
    );
    let demo_iis = std::fs::read(repo("assets/demo/EX01/W3SVC1/u_ex241105.log")).expect("demo");
    let mut load = vec![admin, svc];
    let mut outside = Vec::new();
    for (folder, server) in [("IISLogs/W3SVC1", 0), ("inetpub/logs/LogFiles/W3SVC2", 1)] {
        for day in 1..=10 {
            let path = root.join(folder).join(format!("u_ex2411{day:02}.log"));
            let bytes = if day == 5 && server == 0 {
                demo_iis.clone()
            } else {
                iis_day(server, day)
            };
            write(&path, &bytes);
            if day == 5 || day == 8 {
                load.push(path);
            } else {
                outside.push(path);
            }
        }
    }
    write(
        &root.join("IISLogs/W3SVC1/desktop.ini"),
        b"[.ShellClassInfo]\r\n",
    );
    let err = root.join("Windows/System32/LogFiles/HTTPERR");
    write(
        &err.join("httperr1.log"),
        httperr("2024-11-02", &["08:00:01", "09:30:00"]).as_bytes(),
    );
    write(
        &err.join("httperr2.log"),
        httperr("2024-11-05", &["13:22:10", "13:22:40"]).as_bytes(),
    );
    outside.push(err.join("httperr1.log"));
    load.push(err.join("httperr2.log"));
    let proxy = root.join(EXCHANGE).join("Logging/HttpProxy");
    let fixture = "tests/fixtures/httpproxy/front-end-view/EX01/HttpProxy";
    for protocol in ["Autodiscover", "Ews"] {
        let text = read(&format!("{fixture}/{protocol}/HttpProxy_2024110513-1.LOG"));
        let same_day = proxy.join(protocol).join("HttpProxy_2024110513-1.LOG");
        write(&same_day, text.as_bytes());
        load.push(same_day);
        if protocol == "Ews" {
            let earlier = proxy.join(protocol).join("HttpProxy_2024110312-1.LOG");
            write(
                &earlier,
                text.replace("2024-11-05T13:", "2024-11-03T12:").as_bytes(),
            );
            outside.push(earlier);
        }
    }
    load[2..].sort_by_key(|p| (kind_rank(p), p.clone()));
    outside.sort();
    (load, outside)
}

fn kind_rank(p: &Path) -> u8 {
    let s = p.to_string_lossy();
    if s.contains("HTTPERR") {
        1
    } else if s.contains("HttpProxy") {
        2
    } else {
        0
    }
}

fn hcwlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .args(args)
        .output()
        .expect("run hcwlens")
}

#[test]
fn the_tree_gives_exactly_the_expected_files() {
    let dir = tempfile::tempdir().expect("temp");
    let (load, outside) = server_tree(dir.path());
    let found = discover::discover(&Layout::tree(dir.path()));
    let listed = |k: FileKind| -> Vec<(String, PathBuf)> {
        found
            .of(k)
            .map(|f| {
                (
                    f.group.clone(),
                    f.path
                        .strip_prefix(dir.path())
                        .expect("in tree")
                        .to_path_buf(),
                )
            })
            .collect()
    };
    let hcw = listed(FileKind::Hcw);
    assert_eq!(
        hcw,
        vec![
            (
                "Administrator".to_string(),
                Path::new("Users/Administrator")
                    .join(HCW_DIR)
                    .join("20241105_142155.log")
            ),
            (
                "svc-hcw".to_string(),
                Path::new("Users/svc-hcw")
                    .join(HCW_DIR)
                    .join("20241108_142155.log")
            ),
        ]
    );
    let iis = listed(FileKind::Iis);
    assert_eq!(iis.len(), 20, "{iis:?}");
    assert!(
        iis[..10]
            .iter()
            .all(|(g, p)| g == "W3SVC1" && p.starts_with("IISLogs/W3SVC1"))
    );
    assert!(
        iis[10..]
            .iter()
            .all(|(g, p)| g == "W3SVC2" && p.starts_with("inetpub/logs/LogFiles/W3SVC2"))
    );
    assert_eq!(listed(FileKind::Httperr).len(), 2);
    let proxy: Vec<String> = listed(FileKind::HttpProxy)
        .into_iter()
        .map(|(g, _)| g)
        .collect();
    assert_eq!(proxy, ["Autodiscover", "Ews", "Ews"]);
    let mut others: Vec<PathBuf> = found
        .others
        .iter()
        .map(|p| p.strip_prefix(dir.path()).expect("in tree").to_path_buf())
        .collect();
    others.sort();
    assert_eq!(
        others,
        vec![
            Path::new("IISLogs/W3SVC1/desktop.ini").to_path_buf(),
            Path::new("Users/Administrator")
                .join(HCW_DIR)
                .join("20241105_142155.xhcw"),
        ]
    );

    let sel = discover::select(&found);
    assert_eq!(sel.load, load);
    let mut out = sel.outside.clone();
    out.sort();
    assert_eq!(out, outside);
    assert!(sel.from_runs);
    assert_eq!(
        sel.summary,
        "found 2 HCW logs (2 profiles), 2 IIS folders (W3SVC1, W3SVC2), HTTPERR, HttpProxy \
         Autodiscover, Ews; skipped 18 files outside 2024-11-05, 2024-11-08 (the HCW runs' \
         days, 1 h around each run); ignored 2 files not logs"
    );
}

#[test]
fn without_hcw_logs_the_last_day_is_loaded() {
    let dir = tempfile::tempdir().expect("temp");
    server_tree(dir.path());
    std::fs::remove_dir_all(dir.path().join("Users")).expect("rm");
    let sel = discover::select(&discover::discover(&Layout::tree(dir.path())));
    let names: Vec<String> = sel
        .load
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["u_ex241110.log", "u_ex241110.log"]);
    assert!(!sel.from_runs);
    assert!(
        sel.summary
            .contains("no HCW log, so the last day of the logs"),
        "{}",
        sel.summary
    );
    assert!(
        sel.summary.contains("outside 2024-11-10"),
        "{}",
        sel.summary
    );
}

fn json_without_found(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_object_mut().expect("object").remove("found");
    v
}

#[test]
fn a_report_on_auto_equals_the_report_on_the_expected_files() {
    let dir = tempfile::tempdir().expect("temp");
    let (load, _) = server_tree(dir.path());
    let root = dir.path().to_string_lossy().into_owned();
    let auto = hcwlens(&["report", "--format", "json", "--auto", &root]);
    let auto_json: serde_json::Value = serde_json::from_slice(&auto.stdout).expect("json");
    assert!(
        auto_json["found"]
            .as_str()
            .is_some_and(|f| f.starts_with("found 2 HCW logs")),
        "{auto_json}"
    );
    let mut args = vec!["report".to_string(), "--format".into(), "json".into()];
    args.extend(load.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let by_hand = hcwlens(&args);
    let auto_json = json_without_found(&auto);
    // The expected paths are written with `/`, the found ones with the platform's separator:
    // compare both with one separator (the same change on both sides keeps equality exact).
    let one_separator = |v: &serde_json::Value| v.to_string().replace('/', "\\\\");
    assert_eq!(
        one_separator(&auto_json),
        one_separator(&json_without_found(&by_hand))
    );
    // Every expected file is read, or (an HttpProxy log of a protocol no failed handshake
    // used) listed as skipped for that reason.
    let len = |k: &str| auto_json[k].as_array().map_or(0, Vec::len);
    assert_eq!(len("sources") + len("skipped"), load.len(), "{auto_json}");
    assert!(
        auto_json["findings"]
            .as_array()
            .is_some_and(|f| !f.is_empty()),
        "the demo run's failure is diagnosed"
    );

    let text = hcwlens(&["report", "--auto", &root]);
    let report = String::from_utf8_lossy(&text.stdout);
    assert!(
        report.contains("--auto: found 2 HCW logs (2 profiles)"),
        "{report}"
    );
}

#[test]
fn auto_on_a_missing_folder_is_one_line_naming_it_and_exit_2() {
    for args in [
        &["report", "--auto", "/no/such/server"][..],
        &["--auto", "/no/such/server"][..],
    ] {
        let out = hcwlens(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("/no/such/server"), "{err}");
    }
}

#[test]
fn auto_on_a_folder_without_logs_says_so() {
    let dir = tempfile::tempdir().expect("temp");
    write(&dir.path().join("readme.txt"), b"nothing here");
    let root = dir.path().to_string_lossy().into_owned();
    let out = hcwlens(&["report", "--auto", &root]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("found no HCW, IIS, HTTPERR or HttpProxy logs"),
        "{err}"
    );
}

#[test]
fn the_sources_list_says_what_auto_found() {
    let mut a = scenario::analysis();
    a.found = Some(
        "found 2 HCW logs (2 profiles), HTTPERR; skipped 4 files outside 2024-11-05".to_string(),
    );
    let mut m = hcwlens::tui::model::Model::ready(a, scenario::settings(None), (100, 30));
    scenario::press(&mut m, &["I"]);
    let lines =
        hcwlens::tui::view::sources::lines(&m, &hcwlens::tui::view::theme::Theme::new(false));
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    assert_eq!(
        text[0],
        "AUTO found 2 HCW logs (2 profiles), HTTPERR; skipped 4 files outside 2024-11-05"
    );
}

fn corpus_evtx() -> Option<PathBuf> {
    corpus::corpus(
        "evtx/mdecrevoisier-EVTX-to-MITRE-Attack/4625_accountrestore_local_bruteforce.evtx",
    )
}

#[test]
fn exported_event_logs_of_a_collection_are_loaded_and_named() {
    let Some(evtx) = corpus_evtx() else { return };
    let dir = tempfile::tempdir().expect("temp");
    server_tree(dir.path());
    let bytes = std::fs::read(&evtx).expect("corpus");
    write(&dir.path().join("EventLogs/Security.evtx"), &bytes);
    write(&dir.path().join("System.evtx"), &bytes);
    // The live logs under Windows are not an export of the collection.
    write(
        &dir.path()
            .join("Windows/System32/winevt/Logs/Security.evtx"),
        &bytes,
    );
    let found = discover::discover(&Layout::tree(dir.path()));
    let evtx: Vec<PathBuf> = found
        .of(FileKind::Evtx)
        .map(|f| {
            f.path
                .strip_prefix(dir.path())
                .expect("in tree")
                .to_path_buf()
        })
        .collect();
    assert_eq!(
        evtx,
        [
            Path::new("EventLogs/Security.evtx"),
            Path::new("System.evtx")
        ]
    );
    let sel = discover::select(&found);
    assert!(
        sel.summary.contains("2 exported event logs"),
        "{}",
        sel.summary
    );
    let root = dir.path().to_string_lossy().into_owned();
    let out = hcwlens(&["report", "--format", "json", "--auto", &root]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let files = json["security_events"]["files"].as_array().map(Vec::len);
    assert_eq!(files, Some(2), "{}", json["security_events"]);
}

/// A W3C file of `lines` stamped at the given UTC instants.
fn w3c_at(stamps: &[&str]) -> String {
    let mut s = String::from(
        "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-04 13:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n",
    );
    for t in stamps {
        s.push_str(&format!(
            "{t} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.1 - - 401 2 5 1\r\n"
        ));
    }
    s
}

#[test]
fn a_site_rolling_over_at_local_midnight_keeps_the_file_whose_lines_cover_the_run() {
    // A UTC+11 server with localTimeRollover: u_ex241106.log holds 11-05 13:00Z to 11-06
    // 12:50Z, the demo run's 13:23Z among them; the name alone says 11-06.
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    let hcw = read("assets/demo/hcw/20241105_142155.log");
    let run = root
        .join("Users/Administrator")
        .join(HCW_DIR)
        .join("20241105_142155.log");
    write(&run, hcw.as_bytes());
    let logs = root.join("inetpub/logs/LogFiles/W3SVC1");
    let days = [
        (
            "u_ex241105.log",
            ["2024-11-04 13:00:00", "2024-11-05 12:50:00"],
        ),
        (
            "u_ex241106.log",
            ["2024-11-05 13:00:00", "2024-11-06 12:50:00"],
        ),
        (
            "u_ex241107.log",
            ["2024-11-06 13:00:00", "2024-11-07 12:50:00"],
        ),
        (
            "u_ex241109.log",
            ["2024-11-08 13:00:00", "2024-11-09 12:50:00"],
        ),
    ];
    for (name, stamps) in days {
        write(&logs.join(name), w3c_at(&stamps).as_bytes());
    }
    let sel = discover::select(&discover::discover(&Layout::tree(root)));
    let names = |paths: &[PathBuf]| -> Vec<String> {
        let mut v: Vec<String> = paths
            .iter()
            .filter(|p| p.starts_with(&logs))
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&sel.load), ["u_ex241105.log", "u_ex241106.log"]);
    assert_eq!(names(&sel.outside), ["u_ex241107.log", "u_ex241109.log"]);
}
