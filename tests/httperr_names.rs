//! HTTPERR logs named by their machine wherever the load can tell it
//! (`pipeline/w3c/httperr_names.rs`): HTTP.sys logs `s-ip` but no `s-computername`, so a log
//! in `EX01/HTTPERR` beside `EX01/W3SVC1`, or one whose `s-ip` an IIS log of the load logs
//! beside its `s-computername`, is that machine's. The sources list, the findings, the
//! explorer's server column and filter and the export's `host.name` say one name; where the
//! load cannot tell (nothing known, a shared address, folder and address naming two machines)
//! the log keeps its folder label, else its first `s-ip`, everywhere alike.

use crate::explorer;
use crate::scenario;

use hcwlens::pipeline::{Analysis, Follow, LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn case(name: &str) -> PathBuf {
    explorer::repo(&format!("tests/fixtures/w3c-shapes/{name}"))
}

/// Each source's file (below the case folder) and server, as the load names them.
fn servers(a: &Analysis, root: &Path) -> BTreeMap<String, String> {
    a.sources
        .iter()
        .map(|s| {
            let file = s.path.strip_prefix(root).unwrap_or(&s.path);
            (file.to_string_lossy().replace('\\', "/"), s.server.clone())
        })
        .collect()
}

/// Each exported request's file (below the case folder) and `host.name`, once per file.
fn hosts(root: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(&[root.to_path_buf()], &LoadOptions::default(), &mut out)
        .expect("export");
    let mut hosts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8(out).expect("UTF-8").lines() {
        let v: Value = serde_json::from_str(line).expect("JSON");
        let Some(file) = v["log"]["file"]["path"].as_str() else {
            continue;
        };
        let file = Path::new(file).strip_prefix(root).expect("below the case");
        let name = v["host"]["name"].as_str().unwrap_or("").to_string();
        let names = hosts
            .entry(file.to_string_lossy().replace('\\', "/"))
            .or_default();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    hosts
}

/// The load's names, checked against the export's `host.name` of every file.
fn named(name: &str) -> BTreeMap<String, String> {
    let root = case(name);
    let a = load(
        std::slice::from_ref(&root),
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let loaded = servers(&a, &root);
    let exported = hosts(&root);
    for (file, server) in &loaded {
        assert_eq!(exported.get(file), Some(&vec![server.clone()]), "{file}");
    }
    loaded
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(f, s)| (f.to_string(), s.to_string()))
        .collect()
}

#[test]
fn an_httperr_log_beside_a_site_folder_is_its_machine_s() {
    // `EX01/W3SVC1`'s log logs `ex01.contoso.com`; the folder and the other logs say `EX01`.
    assert_eq!(
        named("two-spellings"),
        map(&[
            ("EX01/HTTPERR/httperr1.log", "EX01"),
            ("EX01/W3SVC1/u_ex241105.log", "EX01"),
            ("EX02/W3SVC1/u_ex241105.log", "EX02"),
        ])
    );
    // The finding on its 503 names the machine, not the folder.
    let a = load(
        &[case("two-spellings")],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("HTTP.sys on EX01 answered"), "{text}");
    assert!(!text.contains("HTTPERR ("), "{text}");
}

#[test]
fn an_httperr_log_whose_address_an_iis_log_logs_beside_its_name_is_that_machine_s() {
    // A ticket folder: no machine folders. EX03's IIS log logs 10.0.0.7, then 2001:db8::7 (and
    // ::1, which every machine has); httperr1 logs 2001:db8::7%0 (HTTP.sys' zone id), httperr2
    // an address no IIS log logs, httperr3 a link-local one and loopback: named by their first
    // `s-ip` as before, without the zone id in the export too.
    assert_eq!(
        named("httperr-by-address"),
        map(&[
            ("ticket/httperr1.log", "EX03"),
            ("ticket/httperr2.log", "10.0.0.9"),
            ("ticket/httperr3.log", "fe80::9"),
            ("ticket/u_ex241105.log", "EX03"),
        ])
    );
}

#[test]
fn what_the_load_cannot_tell_keeps_the_folder_label_or_the_address() {
    // EX01/HTTPERR logs EX02's own address: folder and address name two machines. nlb/ logs
    // the address both machines log (a Network Load Balancing cluster's).
    assert_eq!(
        named("httperr-two-machines"),
        map(&[
            ("EX01/HTTPERR/httperr1.log", "EX01/HTTPERR"),
            ("EX01/W3SVC1/u_ex241105.log", "EX01"),
            ("EX02/W3SVC1/u_ex241105.log", "EX02"),
            ("nlb/httperr1.log", "10.0.0.100"),
        ])
    );
}

#[test]
fn the_explorer_s_server_filter_keeps_the_machine_s_httperr_rows() {
    let mut m = explorer::loaded(&[case("two-spellings")], (120, 40));
    let row = explorer::row_with(&m, "AppOffline");
    assert!(row.contains(" EX01 "), "{row}");
    // The first line, which logs the FQDN: `c`, then `v` keeps the server.
    scenario::press(&mut m, &["g", "c", "v"]);
    // EX01's five IIS lines and its HTTPERR line; not EX02's.
    use hcwlens::tui::model::pane::PaneId;
    assert_eq!(m.pane_len(PaneId::Iis), 6, "{}", explorer::screen(&m));
    assert!(explorer::screen(&m).contains("AppOffline"));
}

#[test]
fn a_followed_httperr_log_takes_its_machine_s_name_when_a_site_log_joins() {
    // Followed alone, EX01/HTTPERR's log is named by its folder; EX01's IIS log joins its
    // machine folder: a load names it EX01, and so does the follow.
    let tmp = tempfile::tempdir().expect("temp dir");
    let from = case("two-spellings");
    std::fs::create_dir_all(tmp.path().join("EX01/HTTPERR")).expect("mkdir");
    std::fs::copy(
        from.join("EX01/HTTPERR/httperr1.log"),
        tmp.path().join("EX01/HTTPERR/httperr1.log"),
    )
    .expect("copy");
    let root = [tmp.path().to_path_buf()];
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let (mut a, mut f) = Follow::load(&root, &opts, &NoProgress).expect("load");
    assert_eq!(
        servers(&a, tmp.path()),
        map(&[("EX01/HTTPERR/httperr1.log", "EX01/HTTPERR")])
    );
    std::fs::create_dir_all(tmp.path().join("EX01/W3SVC1")).expect("mkdir");
    std::fs::copy(
        from.join("EX01/W3SVC1/u_ex241105.log"),
        tmp.path().join("EX01/W3SVC1/u_ex241105.log"),
    )
    .expect("copy");
    a.apply(f.poll());
    let want = map(&[
        ("EX01/HTTPERR/httperr1.log", "EX01"),
        ("EX01/W3SVC1/u_ex241105.log", "EX01"),
    ]);
    assert_eq!(servers(&a, tmp.path()), want);
    let loaded = load(&root, &opts, &NoProgress).expect("load");
    assert_eq!(servers(&loaded, tmp.path()), want);
}
