//! A stopped EWS application pool is told the same way wherever the logs show it: a 503 IIS
//! logged behind a failed test call (`hcw-server-error`, from the refusal table) and HTTP.sys's
//! own answer to the mrsproxy connections (HTTPERR `AppOffline`, `mrs-unreachable`) both say
//! how to check and start the pool, and that recycling does not start a stopped one.

use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

const POOL_STEP: &str = "Get-WebAppPoolState MSExchangeServicesAppPool (Start-WebAppPool \
                         MSExchangeServicesAppPool if it is stopped; recycling does not start \
                         a stopped pool)";

fn finding(dir: &str, id: &str) -> Finding {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    a.findings
        .into_iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn a_stopped_pool_is_told_the_same_way_from_iis_and_from_httperr() {
    let iis = finding("tests/fixtures/hcw/diag/server-error", "hcw-server-error");
    let httperr = finding(
        "tests/fixtures/catalogue/httperr-apppool",
        "mrs-unreachable",
    );
    for f in [&iis, &httperr] {
        assert!(f.remedy.contains(POOL_STEP), "{}: {}", f.id, f.remedy);
    }
}
