//! The HTML report's timeline spans the HCW and IIS logs, not the years a Security log loaded
//! beside them reaches back (as the explorer's strip), and says what it leaves out.

use crate::corpus;
use crate::fixtures;

use std::path::PathBuf;

/// The largest request count of one bar of the first chart (`max N` on its axis).
fn tallest_bar(html: &str) -> u64 {
    let at = html.find(">max ").expect("a chart with requests") + 5;
    html[at..]
        .split('<')
        .next()
        .and_then(|n| n.trim().parse().ok())
        .expect("a number")
}

#[test]
fn a_security_log_of_other_years_does_not_squeeze_the_html_timeline_into_one_bar() {
    let Some(evtx) = corpus::corpus("evtx/velocidex-evtx/Security.evtx") else {
        eprintln!("corpus not found: skipped");
        return;
    };
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let alone =
        hcwlens::report::html::render(&fixtures::load_all(std::slice::from_ref(&demo)), false);
    let with = hcwlens::report::html::render(&fixtures::load_all(&[demo, evtx]), false);
    // The demo's IIS day, charted alone and beside a 2019 Security log: the same bars.
    assert_eq!(tallest_bar(&with), tallest_bar(&alone));
    assert!(
        with.contains(
            "Not in the chart: the Security log TestComputer, 2019-02-06 14:18:35 UTC to \
             2019-02-08 05:37:17 UTC, outside the span of the HCW and IIS logs."
        ),
        "{}",
        &with[with.find("Timeline").unwrap_or(0)..][..2000]
    );
    assert!(!alone.contains("Not in the chart"));
}
