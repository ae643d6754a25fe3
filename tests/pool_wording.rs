//! A stopped EWS application pool is told the same way wherever the logs show it: a 503 IIS
//! logged behind a failed test call (`hcw-server-error`, from the refusal table) and HTTP.sys's
//! own answer to the mrsproxy connections (HTTPERR `AppOffline`, `mrs-unreachable`) both say
//! how to check and start the pool, and that recycling does not start a stopped one.

use crate::report_json;

use report_json::finding;

const POOL_STEP: &str = "Get-WebAppPoolState MSExchangeServicesAppPool (Start-WebAppPool \
                         MSExchangeServicesAppPool if it is stopped; recycling does not start \
                         a stopped pool)";

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
