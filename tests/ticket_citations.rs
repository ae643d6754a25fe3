//! Tickets and findings cite the file a line is in so that it can be found: two servers'
//! `W3SVC1` folders (or two sites) hold logs of the same name, and `u_ex250401.log:17` alone
//! points into either. The citation is the shortest ending of the path no other loaded file
//! shares; a name no other file has stays short. A log copied into a ticket folder is named
//! after the server its lines name (`s-computername`), not after the folder.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::export::{finding_markdown, handshake_markdown};
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::ZoneSpec;
use std::path::PathBuf;

#[test]
fn leg_lines_of_a_ticket_say_which_of_two_same_named_files() {
    let a = analyse("tickets/two-servers");
    let failed: Vec<_> = a
        .handshakes
        .iter()
        .filter(|h| h.outcome == HandshakeOutcome::Failed)
        .collect();
    assert_eq!(failed.len(), 2);
    for h in failed {
        let md = handshake_markdown(h, &a.sources, &ZoneSpec::Fixed(0), None);
        let server = h.server.to_string();
        for line in [15, 16, 17] {
            let cited = format!("- Line: `{server}/W3SVC1/u_ex250401.log:{line}`");
            assert!(md.contains(&cited), "{cited} not in:\n{md}");
        }
    }
}

#[test]
fn finding_evidence_says_which_of_two_same_named_files() {
    let a = analyse("tickets/two-servers");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "credentials-rejected")
        .expect("credentials-rejected");
    let md = finding_markdown(f, &a.sources, &ZoneSpec::Fixed(0), &a);
    for server in ["EXC01", "EXC02"] {
        let cited = format!("- `{server}/W3SVC1/u_ex250401.log:17`: ");
        assert!(md.contains(&cited), "{cited} not in:\n{md}");
    }
    let report = hcwlens::report::markdown::render(&a);
    assert!(
        !report.contains("- `u_ex250401.log:"),
        "an ambiguous citation in the Markdown report:\n{report}"
    );
}

#[test]
fn a_file_name_no_other_file_has_stays_short() {
    let a = analyse("tickets/ticket-copy");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "credentials-rejected")
        .expect("credentials-rejected");
    let md = finding_markdown(f, &a.sources, &ZoneSpec::Fixed(0), &a);
    assert!(md.contains("- `u_ex250401.log:17`: "), "{md}");
}

#[test]
fn a_log_copied_into_a_ticket_folder_is_labelled_by_the_server_it_logs() {
    let a = analyse("tickets/ticket-copy");
    let s = &a.sources[0];
    assert_eq!(
        s.server, "EXC02",
        "the log's s-computername, not its folder"
    );
    let md = hcwlens::export::line_markdown(s, 17, "x");
    assert!(md.contains("(`EXC02`, IIS"), "{md}");
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("ticket-4711-copy ·"), "{text}");
    // Without s-computername the folder stays the label.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios/ntlm-split-connection");
    let b = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let mut servers: Vec<&str> = b.sources.iter().map(|s| s.server.as_str()).collect();
    servers.sort_unstable();
    assert_eq!(servers, ["EX01/W3SVC1", "EX02/W3SVC1"]);
}

/// Two HCW runs that failed the same step: "line 12 … line 12" named no file. Each failed
/// step is cited by file and line.
#[test]
fn failed_phases_of_two_runs_are_cited_by_file_and_line() {
    let a = analyse("tickets/two-runs");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-phase-failed")
        .expect("hcw-phase-failed");
    for run in ["20240131_203602.log", "20240201_203602.log"] {
        let cited = format!("task Initial, phase ValidateConfiguration ({run}:12)");
        assert!(
            f.explanation.contains(&cited),
            "{cited} not in: {}",
            f.explanation
        );
    }
    assert!(!f.explanation.contains("(line "), "{}", f.explanation);
}

/// A failed call in a finding's explanation is cited by its HCW log and line: "HCW line 20"
/// named no file, and with two runs loaded either run could have a line 20.
#[test]
fn failed_calls_in_explanations_are_cited_by_file_and_line() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/diag/rerun");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-dns")
        .expect("hcw-dns");
    assert!(!f.explanation.contains("HCW line"), "{}", f.explanation);
    let call = a
        .cmdlets
        .iter()
        .find(|c| c.name == "Test-MigrationServerAvailability")
        .expect("the test call");
    let cited = format!(
        "Test-MigrationServerAvailability ({}:{}, ",
        a.sources[usize::from(call.source.0)]
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name"),
        call.line
    );
    assert!(
        f.explanation.contains(&cited),
        "{cited} not in: {}",
        f.explanation
    );
}

/// Two calls that failed with one exception (the demo's two Test-MigrationServerAvailability
/// calls): the ticket quoted the same 30-line error and stack trace twice (13 KB copied). The
/// second entry keeps its own lines (stamp, `FINISH Time=…`) and says which entry above holds
/// the rest.
#[test]
fn a_ticket_quotes_an_error_two_calls_share_once() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-hybrid-agent")
        .expect("ep-hybrid-agent");
    let md = finding_markdown(f, &a.sources, &ZoneSpec::Fixed(0), &a);
    let trace = "at Microsoft.Exchange.Migration.MigrationEndpointVerifier.VerifyConnectivity";
    assert_eq!(md.matches(trace).count(), 1, "{md}");
    assert!(md.contains("FINISH Time=5428,0ms"), "{md}");
    assert!(md.contains("FINISH Time=5211,3ms"), "{md}");
    assert!(
        md.contains("- `20241105_142155.log:414`: (then the same ")
            && md.contains(" lines as `20241105_142155.log:395` above)"),
        "{md}"
    );
}
