use super::*;
use crate::generate::{GenOptions, generate_tree};
use crate::pipeline::{LoadOptions, load};
use crate::progress::NoProgress;
use crate::source::SourceKind;
use std::collections::HashSet;

#[test]
fn every_proxied_request_has_one_row_with_its_cafe_req_id() {
    let dir = tempfile::tempdir().expect("temp");
    let opts = GenOptions {
        bytes: 3 << 20,
        ..GenOptions::default()
    };
    let iis = generate_tree(&opts, dir.path()).expect("iis").remove(0);
    let server_dir = dir.path().join("EX01");
    let files = httpproxy_for_iis(&iis, &server_dir, "EX01").expect("proxy");
    assert!(
        files.len() > 24,
        "hourly files per protocol: {}",
        files.len()
    );
    for f in &files {
        let name = f.file_name().expect("name").to_string_lossy().into_owned();
        assert!(
            name.starts_with("HttpProxy_20241105") && name.ends_with("-1.LOG"),
            "{name}"
        );
    }
    let text = std::fs::read_to_string(&iis).expect("read");
    let ids: HashSet<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| cafe_req_id(l.split(' ').nth(5)?))
        .collect();
    let a = load(
        &[server_dir],
        &LoadOptions {
            index: true,
            ..LoadOptions::default()
        },
        &NoProgress,
    )
    .expect("load");
    let proxies: Vec<_> = a
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::HttpProxy)
        .collect();
    assert_eq!(proxies.len(), files.len());
    assert!(
        proxies
            .iter()
            .all(|s| s.stats.unparsed == 0 && s.server == "EX01")
    );
    assert_eq!(a.proxy.len(), ids.len(), "one row per proxied request");
    assert!(a.proxy.iter().all(|r| ids.contains(r.request_id.as_str())));
    assert!(
        !a.proxy_links.is_empty(),
        "the failed legs are joined to their rows"
    );
}
