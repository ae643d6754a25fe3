//! A fresh admin's reading of logs unlike the other fixtures (tests/fixtures/audit19): an HCW
//! run from India (UTC+05:30, 12-hour clock) against a Hybrid Agent installed on the Exchange
//! server itself (IPv6, the legs logged from the server's own address), IIS restarted by the
//! wizard's ResetIIS between the two attempts (a second header block mid-file) and HTTP.sys
//! refusing requests while the application pools were down.

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use fixtures::analyse;
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn remedy(a: &Analysis, id: &str) -> String {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("no {id} finding"))
        .remedy
        .clone()
}

#[test]
fn an_agent_on_the_exchange_server_is_not_told_to_firewall_the_server_to_itself() {
    let a = analyse("audit19/agent-on-server");
    let r = remedy(&a, "ep-hybrid-agent");
    assert!(
        !r.contains("only from the Hybrid Agent host(s) (2001:db8:10::21)"),
        "the agent's address is the server's own: allowing inbound only from it shuts out \
         every client\n{r}"
    );
    assert!(
        r.contains("2001:db8:10::21") && r.contains("own address"),
        "the remedy says the legs came from the server's own address\n{r}"
    );
    // An agent on its own host keeps Microsoft's compensating controls as written.
    let a = analyse("scenarios/ep-hybrid-agent");
    let r = remedy(&a, "ep-hybrid-agent");
    assert!(
        r.contains("only from the Hybrid Agent host(s) (10.10.8.40)"),
        "{r}"
    );
}

/// The agent-on-server run copied while HCW was writing: the file ends after the header line of
/// the first test call's FINISH, before its `FINISH Time=… Results=1` and the result object.
#[test]
fn a_call_whose_result_was_not_logged_is_not_said_to_have_failed_or_succeeded() {
    let src =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit19/agent-on-server");
    let hcw = std::fs::read_to_string(src.join("hcw/20241112_194408.log")).expect("hcw");
    let cut = hcw.find("FINISH Time=6140.7ms").expect("the first FINISH");
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("hcw")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("EXCH01/W3SVC1")).expect("mkdir");
    std::fs::write(dir.path().join("hcw/20241112_194408.log"), &hcw[..cut]).expect("write");
    std::fs::copy(
        src.join("EXCH01/W3SVC1/u_ex241112.log"),
        dir.path().join("EXCH01/W3SVC1/u_ex241112.log"),
    )
    .expect("copy");
    let a = load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let call = a
        .cmdlets
        .iter()
        .find(|c| c.name == "Test-MigrationServerAvailability")
        .expect("the cut call");
    assert!(
        hcwlens::analyze::cmdlet::outcome_unknown(call),
        "{:?} {:?}",
        call.outcome,
        call.error
    );
    let ep = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-hybrid-agent")
        .expect("the IIS legs still show EP");
    assert!(
        !ep.explanation
            .contains(":209, 2024-11-12 14:15:46 UTC) failed"),
        "the log does not say the call failed\n{}",
        ep.explanation
    );
    assert!(
        ep.explanation.contains("has no result in the log"),
        "{}",
        ep.explanation
    );
}

/// The India run's HCW log without its header (so read as UTC), beside its IIS log: the calls
/// line up with IIS only 5 h 30 min earlier.
fn headerless_excerpt() -> tempfile::TempDir {
    let src =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit19/agent-on-server");
    let hcw = std::fs::read_to_string(src.join("hcw/20241112_194408.log")).expect("hcw");
    let excerpt: String = hcw.split_inclusive('\n').skip(149).collect();
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("hcw")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("EXCH01/W3SVC1")).expect("mkdir");
    std::fs::write(dir.path().join("hcw/20241112_194408.log"), excerpt).expect("write");
    std::fs::copy(
        src.join("EXCH01/W3SVC1/u_ex241112.log"),
        dir.path().join("EXCH01/W3SVC1/u_ex241112.log"),
    )
    .expect("copy");
    dir
}

/// The agent-on-server run from its 150th line on (an excerpt pasted into a ticket): line 1's
/// zone and the Process Info table are gone, so its India times (UTC+05:30) are read as UTC.
/// The test calls then line up with IIS 5 h 30 min earlier: a zone, not a drifting clock.
#[test]
fn a_shift_of_a_whole_zone_is_suggested_as_the_zone_not_as_clock_drift() {
    let dir = headerless_excerpt();
    let a = load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    assert!(a.skew.is_some(), "the calls line up only after a shift");
    for (format, text) in [
        ("text", hcwlens::report::text::render(&a)),
        ("Markdown", hcwlens::report::markdown::render(&a)),
        ("HTML", hcwlens::report::html::render(&a, false)),
    ] {
        assert!(
            !text.contains("clock looks 5 h 29 min 59 s off"),
            "{format}: a 5 h 30 min shift is the zone, not the clock"
        );
        assert!(
            text.contains("--tz hcw=+05:30"),
            "{format}: names the zone that lines the calls up"
        );
    }
}

/// The explorer's first screen says the same as the reports: the HCW times are in UTC+05:30,
/// not UTC (it said "HCW clock looks 5 h 29 min 59 s off"), and `S` shifts them by the whole
/// zone, so each HCW line lands on the second its IIS line logged.
#[test]
fn the_explorer_offers_a_whole_zone_shift_as_the_zone() {
    let dir = headerless_excerpt();
    let mut m = explorer::loaded(&[dir.path().to_path_buf()], (100, 30));
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(!note.contains("clock looks 5 h 29 min 59 s off"), "{note}");
    assert!(note.contains("UTC+05:30, not UTC"), "{note}");
    scenario::press(&mut m, &["S"]);
    let hcw = m
        .data
        .analysis
        .sources
        .iter()
        .find(|s| s.kind == hcwlens::source::SourceKind::Hcw)
        .expect("hcw source")
        .id;
    assert_eq!(m.clock.offset(hcw), -5 * 3_600_000 - 30 * 60_000);
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(note.contains("-5 h 30 min"), "{note}");
}

/// HTTP.sys logs idle keep-alive connections timing out (`Timer_ConnectionIdle`) all day long:
/// housekeeping, not a failure. The timeline (explorer strip, HTML chart) counted every
/// HTTPERR row as a failure, where `e` and the status line count only failure reasons.
#[test]
fn idle_connections_in_httperr_are_not_failures_on_the_timeline() {
    use hcwlens::analyze::overview::keep_all;
    use hcwlens::analyze::overview::timeline::timeline;
    let src =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit19/agent-on-server");
    let failures = |extra: &str| {
        let dir = tempfile::tempdir().expect("tmp");
        for sub in ["hcw", "EXCH01/W3SVC1", "EXCH01/HTTPERR"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        for f in ["hcw/20241112_194408.log", "EXCH01/W3SVC1/u_ex241112.log"] {
            std::fs::copy(src.join(f), dir.path().join(f)).expect("copy");
        }
        let httperr =
            std::fs::read_to_string(src.join("EXCH01/HTTPERR/httperr1.log")).expect("read");
        std::fs::write(
            dir.path().join("EXCH01/HTTPERR/httperr1.log"),
            httperr + extra,
        )
        .expect("write");
        // The explorer's load: the request index the timeline counts rows of.
        let opts = LoadOptions {
            index: true,
            ..LoadOptions::default()
        };
        let a = load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load");
        timeline(&a, &keep_all, 1).failures()
    };
    let idle = "2024-11-12 14:16:20 2001:db8:20::16%0 52110 2001:db8:10::21%0 443 - - - - - Timer_ConnectionIdle -\r\n\
                2024-11-12 14:16:21 2001:db8:20::42%0 52188 2001:db8:10::21%0 443 - - - - - Timer_ConnectionIdle -\r\n";
    assert_eq!(failures(idle), failures(""));
    // A failure reason still counts.
    let offline = "2024-11-12 14:16:20 2001:db8:20::16%0 52110 2001:db8:10::21%0 443 HTTP/1.1 POST /EWS/Exchange.asmx 503 1 AppOffline MSExchangeServicesAppPool\r\n";
    assert_eq!(failures(offline), failures("") + 1);
}
