//! A log that ends inside a call: a START with nothing after it that shows the wizard went on
//! (another call, an `*ERROR*`, the workflow's end) has no result in the log; a START the
//! wizard went on from never finished.

use super::{PAD, TMSA, entries, line, tmsa_start};
use crate::analyze::cmdlet::{CmdletOutcome, log_ends_in, outcome_unknown, pair_cmdlets};

#[test]
fn a_log_that_ends_inside_a_call_leaves_its_outcome_unknown() {
    // A copy taken while the call ran, or a wizard killed while it hung: the START is the
    // last thing the wizard wrote but a click logged by the UI thread.
    let click = line(
        "14:24:01.000",
        "",
        10_023,
        "Page=Configuring, Thread=1",
        "[Close/Cancel] Pushed: False",
    );
    for text in [tmsa_start(), format!("{}{click}", tmsa_start())] {
        let calls = pair_cmdlets(&entries(&text));
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].outcome, CmdletOutcome::Error, "never a success");
        assert!(outcome_unknown(&calls[0]), "{:?}", calls[0].error);
        assert!(log_ends_in(&calls[0]), "{:?}", calls[0].error);
    }
    // A FINISH cut after its header is the log ending in the call too.
    let header = line("14:24:04.818", "", 10277, TMSA, "");
    let calls = pair_cmdlets(&entries(&format!("{}{header}", tmsa_start())));
    assert!(log_ends_in(&calls[0]), "{:?}", calls[0].error);
}

#[test]
fn a_call_the_wizard_went_on_from_never_finished() {
    let next = line(
        "14:25:00.000",
        "",
        10276,
        "Session=Tenant, Cmdlet=Get-X, Thread=4",
        "START ",
    );
    let error = line(
        "14:25:00.000",
        "*ERROR*",
        10165,
        "Page=Configuring, Workflow=Hybrid, Thread=21",
        "",
    ) + PAD
        + "System.Exception: the connection was closed\r\n";
    for after in [next, error] {
        let calls = pair_cmdlets(&entries(&format!("{}{after}", tmsa_start())));
        let tmsa = &calls[0];
        assert_eq!(tmsa.name, "Test-MigrationServerAvailability");
        assert_eq!(tmsa.outcome, CmdletOutcome::Error);
        assert_eq!(tmsa.error.as_deref(), Some("no FINISH logged"));
        assert!(!outcome_unknown(tmsa) && !log_ends_in(tmsa));
    }
    // A FINISH whose output breaks off before a later entry: unknown, but not the log's end.
    let other = "Session=OnPremises, Cmdlet=Get-ExchangeServer, Thread=17";
    let t = line("14:21:59.122", "", 10276, other, "START ")
        + &line("14:21:59.387", "", 10277, other, "")
        + PAD
        + "FINISH Time=265,0ms Results=1\r\n"
        + PAD
        + "ExchangeServer {AdminDisplayVersion='Version 15.2 (Build 1544.4)' Na\r\n"
        + &tmsa_start();
    let calls = pair_cmdlets(&entries(&t));
    assert!(outcome_unknown(&calls[0]) && !log_ends_in(&calls[0]));
}

/// Line 1 of a run (facts §1.4): no level, no event id.
fn line_one(stamp: &str) -> String {
    format!(
        "2022.03.05 {stamp}               Current Time Zone: Coordinated Universal Time (2:00:00 PM)\r\n"
    )
}

#[test]
fn a_call_left_open_when_the_next_run_began_says_its_run_ended() {
    // Run 1 closed inside its test call; run 2, appended, began at 14:40:00.
    let next = line_one("14:40:00.000")
        + &line(
            "14:40:01.000",
            "",
            10016,
            "Thread=1",
            "Startup Options: boot",
        );
    for before in [
        String::new(),
        line(
            "14:24:02.000",
            "",
            10276,
            "Session=Tenant, Cmdlet=Get-X, Thread=4",
            "START ",
        ),
    ] {
        let t = line_one("14:00:00.000") + &tmsa_start() + &before + &next;
        let calls = pair_cmdlets(&entries(&t));
        let tmsa = calls
            .iter()
            .find(|c| c.name == "Test-MigrationServerAvailability")
            .expect("the test call");
        let error = tmsa.error.as_deref().unwrap_or("");
        assert_eq!(tmsa.outcome, CmdletOutcome::Error);
        assert!(
            error.contains("run ended") && error.contains("2022-03-05 14:40:00 UTC"),
            "{error}"
        );
        assert!(!log_ends_in(tmsa), "the log goes on: {error}");
        assert!(super::super::run_ended_in(tmsa), "{error}");
    }
}

#[test]
fn a_finish_of_the_next_run_never_closes_a_start_of_the_one_before() {
    // Run 2's FINISH (its START not in the excerpt) is on another thread: it is not run 1's.
    let t = line_one("14:00:00.000")
        + &tmsa_start()
        + &line_one("14:40:00.000")
        + &line(
            "14:40:05.000",
            "",
            10277,
            "Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=9",
            "FINISH Time=1000.0ms Results=0",
        );
    let calls = pair_cmdlets(&entries(&t));
    assert_eq!(calls.len(), 2, "{calls:#?}");
    assert!(calls[0].finish_line.is_none(), "{calls:#?}");
    assert!(calls[1].start_missing, "{calls:#?}");
}
