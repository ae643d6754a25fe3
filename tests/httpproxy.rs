//! Exchange HttpProxy logs: the corpus files in `../shared/corpus/exchange` (skipped with a note
//! when absent) and the join of front-end IIS lines to their HttpProxy rows.

use crate::corpus;
use crate::fixtures;

use fixtures::{fixture, load_all};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use std::path::PathBuf;

fn exchange(sub: &str) -> Option<PathBuf> {
    corpus::corpus(&format!("exchange/{sub}"))
}

#[test]
fn every_corpus_httpproxy_file_is_read_without_unparsed_rows() {
    let Some(dir) = exchange("qazeer-artefacts.help/HttpProxy") else {
        return;
    };
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[dir], &opts, &NoProgress).expect("load");
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    assert_eq!(a.sources.len(), 8);
    for s in &a.sources {
        assert_eq!(s.kind, SourceKind::HttpProxy, "{}", s.path.display());
        assert_eq!(
            s.stats.unparsed,
            0,
            "{}: {:?}",
            s.path.display(),
            s.stats.diagnostics
        );
        let protocol = s.path.parent().and_then(|p| p.file_name()).expect("folder");
        let rows = match protocol.to_str().expect("utf-8") {
            "Mapi" => 3,
            "PowerShell" => 2,
            _ => 1,
        };
        assert_eq!(s.stats.events, rows, "{}", s.path.display());
        assert!(s.span.is_some());
    }
    assert_eq!(a.proxy.len(), 11);
    let by_id = |id: &str| {
        a.proxy
            .iter()
            .find(|r| r.request_id == id)
            .unwrap_or_else(|| panic!("row {id}"))
    };
    let auto = by_id("5e58f5e5-1ddc-48d3-82c6-0199bc121640");
    assert_eq!(auto.ts.rfc3339(), "2023-01-09T19:00:00.130Z");
    assert_eq!(
        (auto.authentication_type.as_str(), auto.is_authenticated),
        ("NTLM", Some(true))
    );
    assert_eq!(auto.authenticated_user, "DOMAIN\\username");
    assert_eq!(auto.target_server, "SERVER-HOSTNAME.domain.test");
    assert_eq!(auto.url_stem, "/autodiscover/autodiscover.xml");
    assert_eq!(auto.method, "POST");
    let mapi = by_id("3fe8b64c-9d09-495d-9123-c7759ae9bbfb");
    assert_eq!(mapi.client_ip, "fe80::1234:5678:123abc:245e%3");
    assert_eq!(mapi.protocol, "Mapi");
    let rpc = by_id("12345678-9876-1234-1234-d8c5ea0edcd3");
    assert_eq!(
        (
            rpc.authentication_type.as_str(),
            rpc.is_authenticated,
            rpc.http_status
        ),
        ("NTLM", Some(false), Some(401))
    );
    assert_eq!((rpc.backend_status, rpc.target_server.as_str()), (None, ""));
    let eas = by_id("823d6c00-01f1-4067-9002-18ff1cf2e5d9");
    assert_eq!(
        (eas.http_status, eas.backend_status),
        (Some(403), Some(403))
    );
    assert!(
        eas.generic_errors.contains("ResponseStatusCode=403")
            && eas.generic_errors.contains("retourné"),
        "{}",
        eas.generic_errors
    );
    let labels: Vec<&str> = a.sources.iter().map(|s| s.server.as_str()).collect();
    assert!(labels.contains(&"SERVER-HOSTNAME"), "{labels:?}");
}

#[test]
fn ews_protocol_logs_are_skipped_with_a_reason() {
    let Some(dir) = exchange("qazeer-artefacts.help/Ews") else {
        return;
    };
    let a = load_all(&[dir]);
    assert!(a.sources.is_empty());
    assert_eq!(a.skipped.len(), 1);
    assert!(
        a.skipped[0].reason.contains("Exchange CSV log"),
        "{:?}",
        a.skipped
    );
}

#[test]
fn the_report_shows_the_front_ends_view_of_failed_handshake_legs() {
    let a = load_all(&[fixture("httpproxy/front-end-view")]);
    let kinds: Vec<(SourceKind, u64, u64)> = a
        .sources
        .iter()
        .map(|s| (s.kind, s.stats.events, s.stats.unparsed))
        .collect();
    assert_eq!(
        kinds,
        [
            (SourceKind::Iis, 11, 0),
            (SourceKind::HttpProxy, 3, 0),
            (SourceKind::HttpProxy, 5, 0)
        ]
    );
    // Failed and abandoned legs only: 3 (mrsproxy) + 3 (Autodiscover); the successful MAPI
    // handshake's ids have no rows here and are not looked up anyway.
    assert_eq!(a.proxy_links.len(), 6);
    // The report keeps only the rows its legs name; every row was still read and checked, and
    // the front end is named from the rows whether kept or not.
    assert_eq!(a.proxy.len(), 6);
    let proxy_servers: Vec<&str> = a
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::HttpProxy)
        .map(|s| s.server.as_str())
        .collect();
    assert_eq!(proxy_servers, ["EX01", "EX01"]);
    let explorer = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let all = load(
        &[fixture("httpproxy/front-end-view")],
        &explorer,
        &NoProgress,
    )
    .expect("load");
    assert_eq!(all.proxy.len(), 8);
    assert_eq!(all.proxy_links.len(), 6);

    let v: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let hs = v["handshakes"].as_array().expect("handshakes");
    let ep = hs
        .iter()
        .find(|h| h["uri"] == "/EWS/mrsproxy.svc")
        .expect("mrsproxy handshake");
    assert_eq!(ep["failure_name"], "SEC_E_BAD_BINDINGS");
    let legs = ep["legs"].as_array().expect("legs");
    let fe: Vec<&serde_json::Value> = legs.iter().map(|l| &l["front_end"]).collect();
    assert_eq!(fe[0]["authentication_type"], "");
    assert_eq!(fe[1]["authentication_type"], "NTLM");
    assert_eq!(fe[2]["request_id"], "7d3e5a10-2c4b-4f1e-9a6d-3b8c0e2f4a03");
    assert_eq!(fe[2]["is_authenticated"], false);
    assert_eq!(fe[2]["http_status"], 401);
    assert_eq!(fe[2]["target_server"], "");
    assert_eq!(fe[2]["backend_status"], serde_json::Value::Null);
    assert_eq!(fe[2]["generic_errors"], "");
    assert!(
        fe[2]["source"]
            .as_str()
            .expect("path")
            .ends_with("HttpProxy_2024110513-1.LOG"),
        "{}",
        fe[2]
    );
    let ad = hs
        .iter()
        .find(|h| h["uri"] == "/Autodiscover/Autodiscover.xml")
        .expect("autodiscover handshake");
    let last = &ad["legs"][2]["front_end"];
    assert_eq!(last["authenticated_user"], "CONTOSO\\ben.ortiz");
    assert_eq!(last["line"], 8);

    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains(
            "HttpProxy 7d3e5a10-2c4b-4f1e-9a6d-3b8c0e2f4a03: NTLM, not authenticated; 401 to the \
             client; not proxied to a back end"
        ),
        "{text}"
    );
    assert!(
        text.contains("NTLM, not authenticated (as CONTOSO\\ben.ortiz); 401 to the client"),
        "{text}"
    );
}

#[test]
fn without_httpproxy_logs_legs_have_no_front_end_view() {
    let iis = fixture("httpproxy/front-end-view/EX01/W3SVC1/u_ex241105.log");
    let a = load_all(&[iis]);
    assert!(a.proxy_links.is_empty());
    let json = hcwlens::report::json::render(&a);
    assert!(!json.contains("front_end"), "{json}");
    assert!(!hcwlens::report::text::render(&a).contains("HttpProxy"));
}

/// Copies the `front-end-view` fixture into `dir`, with about 1.5 MB of rows nobody asked for
/// (some quoted over two lines, one damaged) before and after the Autodiscover rows, so the file
/// is read in several pieces and records cross their ends.
fn padded_fixture(dir: &std::path::Path) -> PathBuf {
    let src = fixture("httpproxy/front-end-view");
    for entry in walk(&src) {
        let rel = entry.strip_prefix(&src).expect("inside");
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        let text = std::fs::read_to_string(&entry).expect("read");
        let text = if rel.to_string_lossy().contains("Autodiscover") {
            pad(&text)
        } else {
            text
        };
        std::fs::write(&to, text).expect("write");
    }
    dir.to_path_buf()
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn pad(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let fields = lines
        .iter()
        .position(|l| l.starts_with("#Fields"))
        .expect("#Fields");
    let ua = lines[fields]
        .split(',')
        .position(|n| n == "UserAgent")
        .expect("UserAgent");
    let row: Vec<&str> = lines[fields + 1].split(',').collect();
    let filler = |n: usize| -> String {
        let mut r: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        r[1] = format!("f111{n:04x}-0000-4000-8000-000000000000");
        if n.is_multiple_of(7) {
            r[ua] = format!("\"Mozilla/5.0 \"\"quoted\"\",\n{n}, on two lines\"");
        }
        r.join(",")
    };
    let mut out: Vec<String> = lines[..=fields].iter().map(|l| l.to_string()).collect();
    out.extend((0..2500).map(filler));
    out.push("not,a,row".to_string());
    out.extend(lines[fields + 1..].iter().map(|l| l.to_string()));
    out.extend((2500..5000).map(filler));
    out.join("\r\n") + "\r\n"
}

#[test]
fn rows_deep_in_a_big_file_are_found_and_every_row_is_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = padded_fixture(dir.path());
    let report = load_all(std::slice::from_ref(&root));
    let plain = load_all(&[fixture("httpproxy/front-end-view")]);
    assert_eq!(report.proxy_links.len(), 6);
    let ids = |a: &Analysis| {
        let mut v: Vec<String> = a.proxy.iter().map(|r| r.request_id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&report), ids(&plain));
    let explorer = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let all = load(&[root], &explorer, &NoProgress).expect("load");
    let stats = |a: &Analysis| {
        a.sources
            .iter()
            .map(|s| {
                (
                    s.stats.lines,
                    s.stats.events,
                    s.stats.unparsed,
                    s.stats.bytes,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(stats(&report), stats(&all));
    let padded = report
        .sources
        .iter()
        .find(|s| s.path.to_string_lossy().contains("Autodiscover"))
        .expect("Autodiscover");
    assert!(padded.stats.bytes > 1_000_000);
    assert_eq!(padded.stats.unparsed, 1, "{:?}", padded.stats.diagnostics);
    assert_eq!(all.proxy.len(), 5000 + 8);
    // Offsets and lines of the kept rows point at them in the file.
    for r in report.proxy.iter() {
        let line = report.texts[usize::from(r.source.0)].line_at(r.offset);
        assert!(line.contains(&r.request_id), "{line}");
        let all_row = all
            .proxy
            .iter()
            .find(|a| a.request_id == r.request_id)
            .expect("same row");
        assert_eq!((all_row.line, all_row.offset), (r.line, r.offset));
    }
}

/// The front-end fixture plus an `Owa` folder no failed handshake used.
fn with_owa_folder(dir: &std::path::Path) -> PathBuf {
    let root = dir.join("front-end-view");
    for file in walk(&fixture("httpproxy/front-end-view")) {
        let rel = file
            .strip_prefix(fixture("httpproxy/front-end-view"))
            .expect("inside the fixture");
        let to = root.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&file, &to).expect("copy");
    }
    let ews = root.join("EX01/HttpProxy/Ews/HttpProxy_2024110513-1.LOG");
    let owa = root.join("EX01/HttpProxy/Owa");
    std::fs::create_dir_all(&owa).expect("mkdir");
    // The Ews log's rows as Owa's (a byte-identical copy would load once, as a copy).
    let rows = std::fs::read_to_string(&ews)
        .expect("read")
        .replace(",Ews,", ",Owa,");
    std::fs::write(owa.join("HttpProxy_2024110513-1.LOG"), rows).expect("write");
    root
}

#[test]
fn the_report_reads_only_the_protocol_folders_its_failed_legs_used() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = with_owa_folder(tmp.path());
    let owa = |p: &std::path::Path| p.components().any(|c| c.as_os_str() == "Owa");

    let report = load_all(std::slice::from_ref(&root));
    assert!(report.sources.iter().all(|s| !owa(&s.path)));
    let skipped: Vec<_> = report.skipped.iter().filter(|s| owa(&s.path)).collect();
    assert_eq!(skipped.len(), 1, "{:?}", report.skipped);
    assert!(skipped[0].reason.contains("protocol"), "{:?}", skipped[0]);
    // What the report shows of the front end is what it showed with every folder read.
    let plain = load_all(&[fixture("httpproxy/front-end-view")]);
    assert_eq!(report.proxy_links.len(), plain.proxy_links.len());
    assert_eq!(report.proxy.len(), plain.proxy.len());

    // The explorer keeps every row: it reads the Owa folder too.
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let explorer = load(std::slice::from_ref(&root), &opts, &NoProgress).expect("load");
    assert!(explorer.sources.iter().any(|s| owa(&s.path)));

    // Without IIS logs to join to, the report reads every HttpProxy file it is given.
    let alone = load_all(&[root.join("EX01/HttpProxy")]);
    assert!(alone.sources.iter().any(|s| owa(&s.path)));
    assert!(alone.skipped.is_empty(), "{:?}", alone.skipped);
}

#[test]
fn the_explorer_shows_the_front_ends_view_under_a_joined_leg() {
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[fixture("httpproxy/front-end-view")], &opts, &NoProgress).expect("load");
    let m =
        hcwlens::tui::model::Model::ready(a, hcwlens::tui::model::Settings::new("t"), (120, 40));
    let theme = hcwlens::tui::view::theme::Theme::new(false);
    let a = &m.data.analysis;
    let joined = (0..a.handshakes.len())
        .find(|&h| {
            a.handshakes[h]
                .legs
                .iter()
                .any(|l| a.proxy_of(l.source, u64::from(l.line)).is_some())
        })
        .expect("a handshake with a joined leg");
    let text: Vec<String> = hcwlens::tui::view::detail::handshake(&m, joined, &theme)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let leg = &a.handshakes[joined].legs;
    let r = leg
        .iter()
        .find_map(|l| a.proxy_of(l.source, u64::from(l.line)))
        .expect("joined");
    // The explorer puts what the front end saw first and its request id last.
    let view = hcwlens::analyze::proxyjoin::describe(r);
    let seen = view
        .strip_prefix(&format!("HttpProxy {}: ", r.request_id))
        .expect("describe starts with the request id");
    let want = format!("front end: {seen} (request {})", r.request_id);
    assert!(text.iter().any(|t| t.contains(want.as_str())), "{text:#?}");
}

#[test]
fn the_sources_list_says_an_httpproxy_log_s_clock_is_its_own() {
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[fixture("httpproxy/front-end-view")], &opts, &NoProgress).expect("load");
    let m =
        hcwlens::tui::model::Model::ready(a, hcwlens::tui::model::Settings::new("t"), (120, 40));
    let theme = hcwlens::tui::view::theme::Theme::new(false);
    let text: Vec<String> = hcwlens::tui::view::sources::lines(&m, &theme)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let zones: Vec<&String> = text.iter().filter(|t| t.contains("zone UTC")).collect();
    // Worded as the reports word it: an HttpProxy log is never said to take its clock from W3C.
    assert!(zones.iter().all(|t| !t.contains("W3C")), "{text:#?}");
    assert_eq!(
        zones.iter().filter(|t| t.contains("zone UTC · ")).count(),
        3,
        "the IIS log and both HttpProxy logs: {text:#?}"
    );
}

#[test]
fn a_file_cut_before_its_fields_line_is_read_with_the_list_of_its_folder() {
    // The Ews file of 13:00 lost its header (cut at its start, or a copied part); the Ews
    // file of 12:00 beside it has one. The Autodiscover folder has no file with one.
    let a = load_all(&[fixture("httpproxy/headerless-part")]);
    let source = |folder: &str, name: &str| {
        a.sources
            .iter()
            .find(|s| s.path.ends_with(format!("HttpProxy/{folder}/{name}")))
            .unwrap_or_else(|| panic!("{folder}/{name} not loaded: {:?}", a.skipped))
    };
    let ews = source("Ews", "HttpProxy_2024110513-1.LOG");
    assert_eq!((ews.stats.events, ews.stats.unparsed), (5, 0), "{ews:?}");
    let said = &ews.stats.diagnostics;
    assert!(
        said.iter().any(|d| d.line == 1
            && d.reason.contains("no #Fields line")
            && d.reason
                .contains("#Fields line of HttpProxy_2024110512-1.LOG")),
        "{said:?}"
    );
    assert_eq!(ews.server, "EX01");
    // The mrsproxy legs are joined to its rows as to those of a whole file.
    let whole = load_all(&[fixture("httpproxy/front-end-view")]);
    let ids = |a: &Analysis| {
        let mut ids: Vec<String> = a
            .proxy
            .iter()
            .filter(|r| r.protocol == "Ews")
            .map(|r| r.request_id.clone())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&a), ids(&whole));
    assert_eq!(ids(&a).len(), 3);
    let auto = source("Autodiscover", "HttpProxy_2024110513-1.LOG");
    assert_eq!((auto.stats.events, auto.stats.unparsed), (0, 3), "{auto:?}");
    assert!(
        auto.stats.diagnostics.iter().all(|d| d
            .reason
            .contains("no HttpProxy file of the same folder in this load has a #Fields line")),
        "{:?}",
        auto.stats.diagnostics
    );
}
