//! HttpProxy logs in the live follow: a new hour's file that appears in a followed folder joins,
//! and a followed file that grew is read again once its size has held for a round; after either,
//! the HttpProxy rows and their joins to the failed legs are those a load of the files as they
//! are now finds. Fixture: `tests/fixtures/audit20/lb-pair` (FBEX1's HttpProxy row joined to its
//! first failing final leg through the `cafeReqId`).

use crate::fixtures;

use fixtures::{copy_dir, fixture};
use hcwlens::pipeline::{Analysis, Follow, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use std::path::{Path, PathBuf};

const PROXY: &str = "FBEX1/HttpProxy/Ews/HttpProxy_2025031209-1.LOG";

fn opts() -> LoadOptions {
    LoadOptions {
        index: true,
        ..LoadOptions::default()
    }
}

/// The HttpProxy side of an analysis: its sources, rows and joins, as text.
fn proxy_side(a: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = (a.sources.iter())
        .filter(|s| s.kind == SourceKind::HttpProxy)
        .map(|s| format!("source {} {}", s.server, s.path.display()))
        .collect();
    out.extend(
        a.proxy
            .iter()
            .map(|r| format!("row {} {} {}", r.ts.0, r.request_id, r.line)),
    );
    for h in &a.handshakes {
        for l in h.legs.iter() {
            if let Some(r) = a.proxy_of(l.source, u64::from(l.line)) {
                out.push(format!("join line {} -> {}", l.line, r.request_id));
            }
        }
    }
    out
}

fn fresh(root: &Path) -> Analysis {
    load(&[root.to_path_buf()], &opts(), &NoProgress).expect("load")
}

/// FBEX1's failing final leg is joined to its HttpProxy row, and the HttpProxy side is what a
/// load of the files as they are now finds.
fn assert_joined_as_a_load(a: &Analysis, root: &Path) {
    let now = proxy_side(a);
    assert!(
        now.iter()
            .any(|l| l == "join line 28 -> d96e5adf-a2be-4e31-ac8b-e7d742840d2b"),
        "{now:#?}"
    );
    assert_eq!(now, proxy_side(&fresh(root)));
}

fn copy_without_proxy() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture("audit20/lb-pair"), tmp.path());
    let proxy = tmp.path().join(PROXY);
    let text = std::fs::read_to_string(&proxy).expect("proxy log");
    std::fs::remove_file(&proxy).expect("remove");
    (tmp, proxy, text)
}

#[test]
fn a_new_httpproxy_file_joins_the_follow_with_its_joins() {
    let (tmp, proxy, text) = copy_without_proxy();
    let (mut a, mut f) =
        Follow::load(&[tmp.path().to_path_buf()], &opts(), &NoProgress).expect("load");
    assert!(a.proxy.is_empty());
    std::fs::write(&proxy, &text).expect("write");
    a.apply(f.poll());
    let now = proxy_side(&a);
    assert!(now.iter().any(|l| l.starts_with("join")), "{now:#?}");
    assert_eq!(now, proxy_side(&fresh(tmp.path())));
}

#[test]
fn a_followed_httpproxy_file_that_grew_is_read_again_once_settled() {
    let (tmp, proxy, text) = copy_without_proxy();
    // The hour's file holds its header and the later row; the row of the failing leg comes
    // with the next write.
    let lines: Vec<&str> = text.lines().collect();
    let joined = lines
        .iter()
        .position(|l| l.contains("d96e5adf"))
        .expect("the joined row");
    let mut first: Vec<&str> = lines.clone();
    let row = first.remove(joined);
    std::fs::write(&proxy, first.join("\r\n") + "\r\n").expect("write");
    let (mut a, mut f) =
        Follow::load(&[tmp.path().to_path_buf()], &opts(), &NoProgress).expect("load");
    let before = proxy_side(&a);
    assert!(!before.iter().any(|l| l.starts_with("join")), "{before:#?}");
    std::fs::write(&proxy, first.join("\r\n") + "\r\n" + row + "\r\n").expect("grow");
    // Still being written, as far as the follow knows: read once its size holds.
    a.apply(f.poll());
    assert_eq!(proxy_side(&a), before);
    a.apply(f.poll());
    assert_joined_as_a_load(&a, tmp.path());
}

#[test]
fn a_failed_leg_appended_to_a_followed_iis_log_joins_the_httpproxy_row_loaded_before() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture("audit20/lb-pair"), tmp.path());
    let iis = tmp.path().join("FBEX1/W3SVC1/u_ex250312.log");
    let text = std::fs::read_to_string(&iis).expect("iis log");
    let head: String = text.split_inclusive('\n').take(25).collect();
    std::fs::write(&iis, &head).expect("cut");
    let (mut a, mut f) =
        Follow::load(&[tmp.path().to_path_buf()], &opts(), &NoProgress).expect("load");
    assert!(!proxy_side(&a).iter().any(|l| l.starts_with("join")));
    std::fs::write(&iis, &text).expect("grow");
    a.apply(f.poll());
    assert_joined_as_a_load(&a, tmp.path());
}
