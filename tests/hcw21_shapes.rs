//! HCW log shapes from other locales, pasted excerpts and damaged copies that read wrong
//! before (helper hcw21). Each fixture under `tests/fixtures/hcw21/` names the shape it is
//! modelled on and where that shape is documented (`docs/log-formats.md` of the shared facts).

use crate::fixtures;

use fixtures::analyse;
use hcwlens::analyze::cmdlet::CmdletOutcome;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

/// The msxfaq rendering of a failed Test-MigrationServerAvailability (facts §1.6: "the
/// `FINISH Time=5428,0ms Results=1 {ErrorDetail=…}` form that circulates from msxfaq is a
/// condensed rendering"): the object dump is on the FINISH line, unquoted, complete with its
/// closing brace, and carries no `Result=`. Its ErrorDetail says the call failed.
#[test]
fn a_condensed_finish_with_an_error_detail_is_a_failed_call() {
    let a = analyse("hcw21/condensed");
    assert_eq!(a.cmdlets.len(), 1, "{:?}", a.cmdlets);
    let call = &a.cmdlets[0];
    assert_eq!(call.name, "Test-MigrationServerAvailability");
    assert_eq!(call.duration_ms, Some(5428.0));
    assert_eq!(call.outcome, CmdletOutcome::Failed, "{call:?}");
    let error = call.error.as_deref().unwrap_or("");
    assert!(
        error.starts_with("Microsoft.Exchange.Migration.MigrationServerConnectionFailedException")
            && error.ends_with("(401) Unauthorized."),
        "{error}"
    );
    assert!(
        a.findings
            .iter()
            .any(|f| f.id.to_string() == "hcw-unauthorized"),
        "{:?}",
        a.findings
            .iter()
            .map(|f| f.id.to_string())
            .collect::<Vec<_>>()
    );
}

/// Two runs of one machine in one file (logs concatenated to be sent, `type *.log`), the
/// second after the spring switch: each run's line 1 and Process Info table (facts §1.4: the
/// `Date Time Offset` row is the machine's offset when the run started) place that run. The
/// zone name (`Paris, Madrid`, as a French Windows writes it) gives no rules to follow.
#[test]
fn each_appended_run_is_placed_by_its_own_header() {
    let a = analyse("hcw21/appended");
    let starts: Vec<String> = a.cmdlets.iter().map(|c| c.start.rfc3339()).collect();
    assert_eq!(
        starts,
        ["2026-03-28T13:03:24.228Z", "2026-03-30T07:10:24.228Z"],
        "{:?}",
        a.sources[0].stats.diagnostics
    );
    let notes: Vec<&str> = a.sources[0]
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("another run begins here") && n.contains("UTC+02:00")),
        "{notes:?}"
    );
}

/// A log copied while HCW wrote it ends anywhere in the entry that finishes the
/// Test-MigrationServerAvailability call (facts §1.5: a cmdlet's FINISH is its header line,
/// then `FINISH Time=… Results=N` and the object dump on continuation lines; every cmdlet
/// FINISH of the real runs has `Results=`). Cut at each character from the entry's stamp to
/// the end of its `Results=1` line, the call's outcome was not logged: no call may read as a
/// success, and the test call is an error (outcome unknown).
#[test]
fn a_log_cut_anywhere_in_a_finish_never_reads_as_a_success() {
    let whole = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hcw21/copied-while-running/20261206_140311.log"),
    )
    .expect("fixture");
    let from = whole.find("2026.12.06 14:03:30.020").expect("FINISH entry");
    let to = whole.find("Results=1").expect("Results=") + "Results=1".len();
    let mut wrong = Vec::new();
    for cut in from + 1..=to {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("20261206_140311.log"), &whole[..cut]).expect("write");
        let a = load(
            &[dir.path().to_path_buf()],
            &LoadOptions::default(),
            &NoProgress,
        )
        .expect("load");
        let calls: Vec<_> = a
            .cmdlets
            .iter()
            .map(|c| (c.name.as_str(), c.outcome, c.error.as_deref().unwrap_or("")))
            .collect();
        let test_call_unknown = a.cmdlets.iter().any(|c| {
            c.name == "Test-MigrationServerAvailability"
                && c.outcome == CmdletOutcome::Error
                && c.error
                    .as_deref()
                    .is_some_and(|e| e.contains("outcome unknown"))
        });
        if !test_call_unknown || calls.iter().any(|c| c.1 == CmdletOutcome::Success) {
            wrong.push(format!("{:?}: {calls:?}", &whole[from..cut]));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cuts read wrong: {wrong:#?}",
        wrong.len()
    );
}

/// The same copy cut inside the `[Client=…, Thread=21]` of the FINISH entry's header line: the
/// entry's context is lost, and the sources list says the last line was cut off there.
#[test]
fn a_log_cut_inside_an_entry_s_context_says_it_was_cut_off() {
    let whole = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hcw21/copied-while-running/20261206_140311.log"),
    )
    .expect("fixture");
    let line_at = whole.find("2026.12.06 14:03:30.020").expect("FINISH entry");
    let line_no = whole[..line_at].matches('\n').count() as u64 + 1;
    let open = line_at + whole[line_at..].find('[').expect("[");
    let close = line_at + whole[line_at..].find(']').expect("]");
    let mut wrong = Vec::new();
    for cut in open + 1..=close {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("20261206_140311.log"), &whole[..cut]).expect("write");
        let a = load(
            &[dir.path().to_path_buf()],
            &LoadOptions::default(),
            &NoProgress,
        )
        .expect("load");
        let said = a.sources[0]
            .stats
            .diagnostics
            .iter()
            .any(|d| d.line == line_no && d.reason.starts_with("cut off:"));
        if !said {
            wrong.push(format!(
                "{:?}: {:?}",
                &whole[line_at..cut],
                a.sources[0].stats.diagnostics
            ));
        }
    }
    assert!(wrong.is_empty(), "{} cuts unsaid: {wrong:#?}", wrong.len());
}
