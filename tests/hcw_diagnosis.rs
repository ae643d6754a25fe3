//! Diagnosis from the HCW log alone, on the fixtures in `tests/fixtures/hcw/diag/`: one run per
//! class of inner exception (each gives exactly its finding, plus the HCW8078 warning the run
//! carries), and a failed run with its later successful re-run (both findings marked fixed,
//! sorted last, said so in every report format). Reports are pinned as golden snapshots.

use crate::stable;
use hcwlens::analyze::cmdlet::CmdletOutcome;
use hcwlens::analyze::finding::FindingId;
use stable::stable;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn fixture(name: &str) -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hcw/diag")
        .join(name);
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load fixture")
}

fn ids(a: &Analysis) -> BTreeSet<String> {
    a.findings.iter().map(|f| f.id.to_string()).collect()
}

/// (folder, finding id, host named by the log, text the remedy must carry).
const CLASSES: &[(&str, &str, &str, &str)] = &[
    (
        "dns",
        "hcw-dns",
        "hybrid.northwind-traders.de",
        "Resolve-DnsName hybrid.northwind-traders.de -Server 8.8.8.8",
    ),
    (
        "network-path",
        "hcw-network-path",
        "mail.adatum.com",
        "Test-NetConnection mail.adatum.com -Port 443",
    ),
    (
        "no-endpoint",
        "hcw-no-endpoint",
        "webmail.litware.fr",
        "-MRSProxyEnabled $true",
    ),
    (
        "unauthorized",
        "hcw-unauthorized",
        "owa.proseware.co.uk",
        "servers behind owa.proseware.co.uk",
    ),
    (
        "tls",
        "hcw-tls",
        "mail.relecloud.jp",
        "openssl s_client -connect mail.relecloud.jp:443",
    ),
    (
        "server-error",
        "hcw-server-error",
        "mail.margiestravel.com.au",
        "MSExchangeServicesAppPool",
    ),
];

/// Each class's failed run loaded with the re-run that succeeded days later: the finding is
/// fixed, and its title says what the call met then, never the failure as present (`does not
/// resolve` beside "fixed by a later run" read as still broken).
#[test]
fn a_fixed_finding_s_title_does_not_state_the_failure_as_present() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/diag");
    let later = root.join("rerun/20241126_154933.log");
    for (dir, id, host, _) in CLASSES {
        let a = load(
            &[root.join(dir), later.clone()],
            &LoadOptions::default(),
            &NoProgress,
        )
        .expect("load");
        let f = a
            .findings
            .iter()
            .find(|f| f.id.to_string() == *id)
            .expect(id);
        assert!(f.fixed_by.is_some(), "{dir}: not fixed");
        assert!(f.title.contains(host), "{dir}: {}", f.title);
        for present in [
            " does not ",
            " is not ",
            " has no ",
            " refuses ",
            " is probably ",
        ] {
            assert!(!f.title.contains(present), "{dir}: {}", f.title);
        }
        let open = fixture(dir);
        let open = open.findings.iter().find(|x| x.id == f.id).expect(id);
        assert!(open.fixed_by.is_none(), "{dir}");
    }
}

/// The same for a diagnosis the IIS log makes of a wizard call: Extended Protection blocking
/// the Hybrid Agent, fixed by the later run, blocked it.
#[test]
fn a_fixed_extended_protection_finding_is_titled_in_the_past() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let a = load(
        &[
            root.join("scenarios/ep-hybrid-agent"),
            root.join("hcw/diag/rerun/20241126_154933.log"),
        ],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-hybrid-agent")
        .expect("ep-hybrid-agent");
    assert!(f.fixed_by.is_some());
    assert!(
        f.title
            .starts_with("Extended Protection blocked the Hybrid Agent: SEC_E_BAD_BINDINGS"),
        "{}",
        f.title
    );
}

#[test]
fn each_class_gives_exactly_its_finding_naming_the_host_from_the_log() {
    for (dir, id, host, remedy) in CLASSES {
        let a = fixture(dir);
        assert!(a.sources.iter().all(|s| s.stats.unparsed == 0), "{dir}");
        assert_eq!(
            ids(&a),
            BTreeSet::from([id.to_string(), "hcw-HCW8078".to_string()]),
            "{dir}"
        );
        let f = &a.findings[0];
        assert_eq!(
            f.id.to_string(),
            *id,
            "the diagnosis comes before the HCW warning"
        );
        assert!(f.title.contains(host), "{dir}: {}", f.title);
        assert!(f.remedy.contains(remedy), "{dir}: {}", f.remedy);
        assert!(
            !f.remedy.contains("diag") && !f.explanation.contains("fixtures"),
            "{dir}: a folder name leaked into the text"
        );
        let tmsa: Vec<_> = a
            .cmdlets
            .iter()
            .filter(|c| c.name == "Test-MigrationServerAvailability")
            .collect();
        assert_eq!(tmsa.len(), 2, "{dir}");
        for c in tmsa {
            assert!(f.evidence.iter().any(|e| e.line == c.line));
            assert!(f.evidence.iter().any(|e| Some(e.line) == c.finish_line));
        }
        assert!(a.findings.iter().all(|f| f.fixed_by.is_none()));
    }
}

#[test]
fn wrapped_chains_are_read_whole() {
    // The dns, no-endpoint and tls runs were wrapped at widths HCW's usual rule does not give.
    for dir in ["dns", "no-endpoint", "tls"] {
        let a = fixture(dir);
        let c = a
            .cmdlets
            .iter()
            .find(|c| c.name == "Test-MigrationServerAvailability")
            .expect("call");
        let err = c.error.as_deref().unwrap_or("");
        assert!(
            err.starts_with("Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server '"),
            "{dir}: {err}"
        );
        assert!(!err.contains('\n'));
        // Clipped between values (`hcwlens::clip`): at most ERROR_CHARS, then `…`.
        let clipped = err.chars().count() <= hcwlens::analyze::cmdlet::ERROR_CHARS + 1;
        assert!(
            (clipped && err.ends_with('…'))
                || err.ends_with("(404) Not Found.")
                || err.ends_with("according to the validation procedure."),
            "{dir}: {err}"
        );
    }
    let a = fixture("no-endpoint");
    let f = &a.findings[0];
    assert!(
        f.explanation.contains("MRSProxyEnabled=0 on LITEX02"),
        "{}",
        f.explanation
    );
}

#[test]
fn a_later_successful_run_marks_the_findings_fixed_in_every_format() {
    let a = fixture("rerun");
    assert_eq!(
        ids(&a),
        BTreeSet::from(["hcw-dns".to_string(), "hcw-HCW8078".to_string()])
    );
    let later = a
        .sources
        .iter()
        .find(|s| s.path.ends_with("20241126_154933.log"))
        .expect("second run");
    for f in &a.findings {
        assert_eq!(f.fixed_by.map(|x| x.source), Some(later.id), "{}", f.id);
    }
    let dns = a
        .findings
        .iter()
        .find(|f| f.id == FindingId::HcwDns)
        .expect("dns");
    assert!(
        dns.explanation
            .contains("a later run at 2024-11-26 23:51:09 UTC succeeded"),
        "{}",
        dns.explanation
    );
    let v: Value = serde_json::from_str(&hcwlens::report::json::render(&a)).expect("valid json");
    for f in v["findings"].as_array().expect("findings") {
        assert!(
            f["fixed_by"]["source"]
                .as_str()
                .is_some_and(|p| p.ends_with("20241126_154933.log")),
            "{f}"
        );
        assert_eq!(f["fixed_by"]["time"], "2024-11-26T23:51:20.025Z");
    }
    let failed: Vec<&Value> = v["cmdlets"]
        .as_array()
        .expect("cmdlets")
        .iter()
        .filter(|c| c["outcome"] == "failed")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["later_success"], "2024-11-26T23:51:09.415Z");
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("[fixed by a later run]"), "{text}");
    assert!(text.contains("a later run at 2024-11-26 23:51:09 UTC succeeded"));
    // The later run is cited one way in every format (`source::cited_run`): as findings cite
    // its log, not the path as loaded in one report and the file name in another.
    let md = hcwlens::report::markdown::render(&a);
    let html = hcwlens::report::html::render(&a, false);
    for (format, out) in [("text", &text), ("markdown", &md), ("html", &html)] {
        assert!(
            out.contains("Fixed by a later run: 20241126_154933.log got past it")
                || out.contains("Fixed by a later run: `20241126_154933.log` got past it"),
            "{format}: {out}"
        );
        assert!(
            out.contains("succeeded (20241126_154933.log:32)")
                || out.contains("succeeded (`20241126_154933.log:32`)"),
            "{format}: {out}"
        );
    }
    insta::assert_snapshot!("rerun_text", stable(&text));
}

#[test]
fn golden_reports() {
    for (dir, _, _, _) in CLASSES {
        let a = fixture(dir);
        insta::assert_snapshot!(
            format!("{dir}_markdown"),
            stable(&hcwlens::report::markdown::render(&a))
        );
    }
}

/// The first lines of a fixture, up to `end` bytes of line `line` (1-based), as a log in a
/// folder of its own.
fn cut(name: &str, line: usize, end: usize) -> (tempfile::TempDir, Analysis) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hcw/diag")
        .join(name);
    let file = std::fs::read_dir(&dir)
        .expect("fixture")
        .next()
        .expect("a log")
        .expect("entry");
    let text = std::fs::read_to_string(file.path()).expect("text");
    let mut kept: String = text.split_inclusive('\n').take(line - 1).collect();
    let last = text.split_inclusive('\n').nth(line - 1).expect("line");
    kept.push_str(&last[..end.min(last.len())]);
    let tmp = tempfile::tempdir().expect("temp");
    std::fs::write(tmp.path().join(file.file_name()), kept).expect("write");
    let a = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    (tmp, a)
}

#[test]
fn a_log_cut_inside_the_failing_calls_output_still_gives_its_diagnosis() {
    // Cut 700 bytes into the first dump line: the ErrorDetail names the 401.
    let (_t, a) = cut("unauthorized", 36, 700);
    assert!(ids(&a).contains("hcw-unauthorized"), "{:?}", ids(&a));
    // Cut right after `FINISH … Results=1`: listed as an error whose outcome is unknown.
    let (_t, a) = cut("unauthorized", 35, usize::MAX);
    let bad: Vec<_> = a
        .cmdlets
        .iter()
        .filter(|c| c.outcome != CmdletOutcome::Success)
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].outcome, CmdletOutcome::Error);
    let shown = hcwlens::export::whole_error(&a, bad[0]).unwrap_or_default();
    assert!(
        shown.starts_with("the log ends before the objects this FINISH announced"),
        "{shown}"
    );
    assert!(shown.ends_with("FINISH Time=4188.0ms Results=1"), "{shown}");
}

/// The text report says what a call's outcome means, as its ticket does (one home): a call
/// with no result was listed as a bare "Error", read as "it failed" when it may have finished.
#[test]
fn the_text_report_says_what_a_call_s_outcome_means() {
    let (_t, cut_off) = cut("unauthorized", 35, usize::MAX);
    let whole =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/diag/unauthorized");
    let failed = load(&[whole], &LoadOptions::default(), &NoProgress).expect("load");
    for a in [&cut_off, &failed] {
        let text = hcwlens::report::text::render(a);
        let bad: Vec<_> = a
            .cmdlets
            .iter()
            .filter(|c| c.outcome != CmdletOutcome::Success)
            .collect();
        assert!(!bad.is_empty());
        for c in bad {
            let want = format!("- {} {} at ", c.name, hcwlens::export::call_outcome_text(c));
            assert!(text.contains(&want), "{want}\n{text}");
        }
        assert!(
            !text.contains(" Error at ") && !text.contains(" Failed at "),
            "{text}"
        );
    }
}

/// A run whose log ends inside Test-MigrationServerAvailability's START: the reports say the
/// call has no result (`incomplete`), and the HTML timeline's run says why it is incomplete;
/// neither says it failed.
#[test]
fn the_reports_say_a_log_that_ends_inside_a_call_is_incomplete() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/cut-in-call");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let want = "- Test-MigrationServerAvailability incomplete (the log ends inside this call, \
                before its result) at ";
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains(want), "{text}");
    let html = hcwlens::report::html::render(&a, false);
    assert!(
        html.contains(
            ", incomplete: the log ends in Test-MigrationServerAvailability, no result</title>"
        ),
        "{html}"
    );
    assert!(html.contains("Test-MigrationServerAvailability incomplete (the log ends"));
}

/// Evidence quotes HCW lines as logged: every physical line of the entry, byte for byte, so the
/// stamp keeps the log's own clock and format (a German machine at UTC+01:00 here) and an admin
/// finds the line by searching the file for it; the reports say evidence is quoted as logged.
#[test]
fn hcw_evidence_is_quoted_as_logged() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/de-DE-utc+1.log");
    let a = load(
        std::slice::from_ref(&path),
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let file = std::fs::read_to_string(&path).expect("text");
    let lines: Vec<&str> = file.lines().collect();
    let evidence: Vec<_> = a
        .findings
        .iter()
        .flat_map(|f| f.evidence.iter().copied())
        .collect();
    assert!(
        !evidence.is_empty(),
        "the fixture gives findings with evidence"
    );
    for ev in evidence {
        let text = hcwlens::export::evidence_text(&a, ev).expect("evidence text");
        let first = usize::try_from(ev.line).expect("line") - 1;
        let logged = &lines[first..first + text.lines().count()];
        assert_eq!(text, logged.join("\n"), "line {}", ev.line);
        assert!(text.starts_with("2024.11.05 14:2"), "{text}");
    }
    let report = hcwlens::report::text::render(&a);
    assert!(
        report.contains("evidence lines are quoted as logged"),
        "{report}"
    );
}

#[test]
fn a_finding_fixed_by_a_later_run_says_so_in_every_format() {
    // The text report heads it "[fixed by a later run]"; a ticket, the Markdown report and the
    // HTML page said nothing of it, so a fixed failure read as open. The later run's time is
    // a time in a sentence, worded one way (`2024-11-26 23:51:20 UTC`): the ticket said
    // `23:51:20.025 UTC`, the HTML page `2024-11-26T23:51:20.025Z`, the note under the call
    // `23:51 UTC`.
    let a = fixture("rerun");
    let f = a
        .findings
        .iter()
        .find(|f| f.fixed_by.is_some())
        .expect("a finding fixed by a later run");
    let said =
        "Fixed by a later run: `20241126_154933.log` got past it at 2024-11-26 23:51:20 UTC.";
    let utc = hcwlens::time::ZoneSpec::Fixed(0);
    let ticket = hcwlens::export::finding_markdown(f, &a.sources, &utc, &a);
    assert!(ticket.contains(said), "{ticket}");
    assert!(
        ticket.starts_with("### WARNING (fixed by a later run): "),
        "{ticket}"
    );
    let md = hcwlens::report::markdown::render(&a);
    assert!(md.contains(said), "{md}");
    let html = hcwlens::report::html::render(&a, false);
    assert!(
        html.contains(
            "Fixed by a later run: 20241126_154933.log got past it at 2024-11-26 23:51:20 UTC."
        ),
        "{html}"
    );
    // The failed call too, as the text report notes it under the call.
    let later = "A later run at 2024-11-26 23:51:09 UTC succeeded";
    let calls = md.split("## Failed cmdlet calls").nth(1).expect("calls");
    assert!(
        calls.contains(&format!("{later} (`20241126_154933.log:32`).")),
        "{calls}"
    );
    let calls = html.split("id=\"calls\"").nth(1).expect("calls");
    assert!(
        calls.contains(&format!("{later} (20241126_154933.log:32).")),
        "{calls}"
    );
}

#[test]
fn a_ticket_of_a_failed_call_a_later_run_got_past_says_so() {
    // A ticket copied from the explorer (a marked call) said nothing of the later success that
    // the reports note under the call: a fixed failure read as open.
    let a = fixture("rerun");
    let c = a
        .cmdlets
        .iter()
        .find(|c| {
            c.outcome != hcwlens::analyze::cmdlet::CmdletOutcome::Success
                && hcwlens::analyze::cmdlet::later_success(&a.cmdlets, c).is_some()
        })
        .expect("a failed call a later run got past");
    let utc = hcwlens::time::ZoneSpec::Fixed(0);
    let ticket = hcwlens::export::marked_markdown(
        &[hcwlens::export::ExportItem::Cmdlet(c)],
        &a.sources,
        &utc,
        &a,
    );
    assert!(
        ticket.contains(
            "A later run at 2024-11-26 23:51:09 UTC succeeded (`20241126_154933.log:32`)."
        ),
        "{ticket}"
    );
}

#[test]
fn the_html_report_says_what_a_call_s_outcome_means() {
    // Its heading printed the outcome's code name ("Failed"), which the text report and the
    // tickets explain.
    let a = fixture("rerun");
    let html = hcwlens::report::html::render(&a, false);
    let calls = html.split("id=\"calls\"").nth(1).expect("calls");
    assert!(
        calls.contains("failed (the call returned, but its result says Failed)</h3>"),
        "{calls}"
    );
}
