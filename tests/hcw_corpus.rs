//! HCW parsing and pairing on the published real runs (`../shared/corpus/hcw`) and on the
//! hand-written fixtures in `tests/fixtures/hcw`.

use crate::corpus;
use crate::fixtures;

use fixtures::fixture;
use hcwlens::analyze::cmdlet::{CmdletCall, CmdletOutcome, pair_cmdlets};
use hcwlens::analyze::scope::{ScopeKind, pair_scopes};
use hcwlens::parse::hcw::{HcwLog, StampEvidence, apply_zone, header_zone, parse_hcw};
use hcwlens::source::SourceId;
use hcwlens::time::{ZoneSpec, format_offset};
use std::path::{Path, PathBuf};

const TMSA: &str = "Test-MigrationServerAvailability";

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    text.strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text)
}

/// The HCW runs of the corpus.
fn corpus() -> Option<PathBuf> {
    corpus::corpus("hcw")
}

/// Parses, applies the header's zone and pairs, as the pipeline does.
fn load(path: &Path) -> (HcwLog, Vec<CmdletCall>) {
    let mut log = parse_hcw(&read(path), SourceId(0));
    let zone = header_zone(&log.header).unwrap_or_default();
    apply_zone(&mut log.entries, &zone, 0);
    let calls = pair_cmdlets(&log.entries);
    (log, calls)
}

fn run_file(dir: &Path, run: &str, ext: &str) -> PathBuf {
    let folder = dir.join(run);
    std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == ext))
        .unwrap_or_else(|| panic!("no .{ext} in {}", folder.display()))
}

/// Lines that start with `dddd.dd.dd dd:dd:dd.ddd `, counted independently of the parser.
fn stamped_lines(text: &str) -> usize {
    const SHAPE: &[u8] = b"dddd.dd.dd dd:dd:dd.ddd ";
    text.lines()
        .filter(|l| {
            let b = l.as_bytes();
            b.len() >= SHAPE.len()
                && SHAPE.iter().zip(b).all(|(s, c)| match s {
                    b'd' => c.is_ascii_digit(),
                    _ => s == c,
                })
        })
        .count()
}

fn physical_lines(text: &str) -> u64 {
    text.split_inclusive('\n').count() as u64
}

#[test]
fn every_corpus_log_and_boot_parses_without_loss() {
    let Some(dir) = corpus() else { return };
    let mut files = 0;
    for run in std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(Result::ok)
    {
        for f in std::fs::read_dir(run.path())
            .expect("run dir")
            .filter_map(Result::ok)
        {
            let p = f.path();
            if !p.extension().is_some_and(|x| x == "log" || x == "boot") {
                continue;
            }
            files += 1;
            let text = read(&p);
            let (log, calls) = load(&p);
            assert_eq!(
                log.stats.unparsed,
                0,
                "{}: {:?}",
                p.display(),
                log.stats.diagnostics
            );
            assert_eq!(log.stats.lines, physical_lines(&text), "{}", p.display());
            assert_eq!(log.entries.len(), stamped_lines(&text), "{}", p.display());
            assert!(log.entries.windows(2).all(|w| w[0].end_line < w[1].line));
            assert_eq!(
                log.header.offset_secs.or(Some(0)),
                Some(0),
                "{}",
                p.display()
            );
            assert!(!log.header.stamps_are_utc);
            assert_eq!(log.header.evidence, StampEvidence::LineOneClock);
            assert_eq!(header_zone(&log.header), Some(ZoneSpec::Fixed(0)));
            assert!(
                calls.iter().all(|c| c.end.is_some() && !c.start_missing),
                "{}: every START has its FINISH",
                p.display()
            );
            for s in pair_scopes(&log.entries) {
                assert!(
                    s.end.is_some() || s.kind == ScopeKind::Page,
                    "{}: {s:?}",
                    p.display()
                );
            }
        }
    }
    assert_eq!(files, 6);
}

#[test]
fn fail_run_has_two_failed_tmsa_calls() {
    let Some(dir) = corpus() else { return };
    let path = run_file(&dir, "HCW_NewMigrationEndpoint_FAIL", "log");
    let (log, calls) = load(&path);
    assert_eq!(log.header.machine.as_deref(), Some("E2016-01"));
    assert_eq!(log.header.culture.as_deref(), Some("en-US"));
    assert_eq!(
        log.header.zone_name.as_deref(),
        Some("Coordinated Universal Time")
    );
    let tmsa: Vec<&CmdletCall> = calls.iter().filter(|c| c.name == TMSA).collect();
    assert_eq!(tmsa.len(), 2);
    let expect = [
        ("2022-03-05T14:51:28.004Z", 51_400.0),
        ("2022-03-05T14:52:24.982Z", 50_300.0),
    ];
    for (c, (start, ms)) in tmsa.iter().zip(expect) {
        assert_eq!(c.outcome, CmdletOutcome::Failed);
        assert_eq!(c.start.rfc3339(), start);
        assert!((c.duration_ms.unwrap_or_default() - ms).abs() < 0.5);
        let err = c.error.as_deref().unwrap_or("");
        assert!(err.contains("mrsproxy.svc' timed out"), "{err}");
        assert_eq!(c.remote_server.as_deref(), Some("mail.canadadrey.ca"));
        assert_eq!(
            c.urls,
            vec!["https://mail.canadadrey.ca/EWS/mrsproxy.svc".to_string()]
        );
        assert_eq!(c.session.as_deref(), Some("Tenant"));
    }
    let finish = log
        .entries
        .iter()
        .find(|e| Some(e.line) == tmsa[0].finish_line)
        .expect("finish entry");
    assert!(
        finish
            .body
            .contains("MailboxReplicationService.MRSRemotePermanentException")
    );
    let banner = &log.entries[1];
    assert!(
        banner
            .body
            .lines()
            .any(|l| l == "UNOFFICIAL OR PRIVATE BUILD")
    );
    let failed_others: Vec<&str> = calls
        .iter()
        .filter(|c| c.outcome != CmdletOutcome::Success && c.name != TMSA)
        .map(|c| c.name.as_str())
        .collect();
    assert!(failed_others.is_empty(), "{failed_others:?}");
    let scopes = pair_scopes(&log.entries);
    let reset = scopes
        .iter()
        .find(|s| s.kind == ScopeKind::IisReset)
        .expect("reset");
    assert!(reset.start > tmsa[0].start && reset.end < Some(tmsa[1].start));
    assert!((reset.duration_ms.unwrap_or_default() - 5554.5).abs() < 0.01);
    let mrs = scopes
        .iter()
        .find(|s| s.kind == ScopeKind::Task && s.name == "MRSProxy")
        .expect("MRSProxy task");
    assert_eq!((mrs.result.as_deref(), mrs.failed), (Some("PASSED"), false));
}

#[test]
fn success_run_has_one_successful_tmsa_call() {
    let Some(dir) = corpus() else { return };
    let (_, calls) = load(&run_file(&dir, "HCW_NewMigrationEndpoint_SUCCESS", "log"));
    let tmsa: Vec<&CmdletCall> = calls.iter().filter(|c| c.name == TMSA).collect();
    assert_eq!(tmsa.len(), 1);
    assert_eq!(tmsa[0].outcome, CmdletOutcome::Success);
    assert_eq!(tmsa[0].start.rfc3339(), "2022-03-05T22:30:34.171Z");
    assert_eq!(tmsa[0].error, None);
    assert!(calls.iter().any(|c| c.name == "New-MigrationEndpoint"));
}

#[test]
fn initial_run_parses_and_pairs() {
    let Some(dir) = corpus() else { return };
    let (log, calls) = load(&run_file(
        &dir,
        "HCW_InitialSuccessExceptMigrationEndpoint",
        "log",
    ));
    assert_eq!(log.stats.unparsed, 0);
    assert!(calls.len() > 50);
    let scopes = pair_scopes(&log.entries);
    let http: Vec<_> = scopes
        .iter()
        .filter(|s| s.kind == ScopeKind::Http)
        .collect();
    assert!(
        !http.is_empty()
            && http
                .iter()
                .all(|s| s.name.starts_with("GET ") || s.name.starts_with("PATCH "))
    );
    let wf = scopes
        .iter()
        .find(|s| s.kind == ScopeKind::Workflow)
        .expect("workflow");
    assert_eq!((wf.name.as_str(), wf.failed), ("Hybrid", false));
}

#[test]
fn german_machine_at_utc_plus_one() {
    let (log, calls) = load(&fixture("hcw/de-DE-utc+1.log"));
    assert_eq!(log.stats.unparsed, 0);
    let h = &log.header;
    assert_eq!(h.culture.as_deref(), Some("de-DE"));
    assert_eq!(h.machine.as_deref(), Some("EX19-01"));
    assert_eq!(h.zone_name.as_deref(), Some("Mitteleuropäische Zeit"));
    assert_eq!(h.offset_secs.map(format_offset).as_deref(), Some("+01:00"));
    assert!(!h.stamps_are_utc);
    assert_eq!(header_zone(h), Some(ZoneSpec::Fixed(3600)));
    assert!(log.entries.iter().all(|e| e.ts.0 == e.local.0 - 3_600_000));
    let tmsa: Vec<&CmdletCall> = calls.iter().filter(|c| c.name == TMSA).collect();
    assert_eq!(tmsa.len(), 1);
    let c = tmsa[0];
    assert_eq!(c.start.rfc3339(), "2024-11-05T13:23:13.397Z");
    assert_eq!(c.outcome, CmdletOutcome::Failed);
    assert_eq!(c.duration_ms, Some(5428.0));
    assert_eq!(c.http_status, Some(401));
    assert!(
        c.error
            .as_deref()
            .unwrap_or("")
            .contains("(401) Unauthorized")
    );
    assert!(
        c.urls
            .iter()
            .all(|u| u.ends_with("msappproxy.net/EWS/mrsproxy.svc"))
    );
    assert_eq!(c.urls.len(), 1);
    assert!(
        c.remote_server
            .as_deref()
            .unwrap_or("")
            .ends_with(".his.msappproxy.net")
    );
    let scopes = pair_scopes(&log.entries);
    let task = scopes
        .iter()
        .find(|s| s.kind == ScopeKind::Task)
        .expect("task");
    assert_eq!(task.duration_ms, Some(19_400.0));
    let reset = scopes
        .iter()
        .find(|s| s.kind == ScopeKind::IisReset)
        .expect("reset");
    assert_eq!(reset.duration_ms, Some(5554.5));
}

#[test]
fn hard_wrapped_lines_are_rejoined() {
    let (log, calls) = load(&fixture("hcw/wrapped.log"));
    assert_eq!(log.stats.unparsed, 0);
    let banner = &log.entries[1];
    let lines: Vec<&str> = banner.body.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1], "UNOFFICIAL OR PRIVATE BUILD");
    let org = calls
        .iter()
        .find(|c| c.name == "Get-OrganizationConfig")
        .expect("org");
    let org_finish = log
        .entries
        .iter()
        .find(|e| Some(e.line) == org.finish_line)
        .expect("finish");
    let dump: Vec<&str> = org_finish.body.lines().collect();
    assert_eq!(dump.len(), 2);
    assert!(dump[1].contains("Prop20='value number 20 with some text' Prop21="));
    assert!(dump[1].ends_with("Prop69='value number 69 with some text'}"));
    let hyb = calls
        .iter()
        .find(|c| c.name == "Get-HybridConfiguration")
        .expect("hybrid");
    let hyb_finish = log
        .entries
        .iter()
        .find(|e| Some(e.line) == hyb.finish_line)
        .expect("finish");
    assert_eq!(hyb_finish.body.lines().count(), 3);
    let tmsa = calls.iter().find(|c| c.name == TMSA).expect("tmsa");
    assert_eq!(
        tmsa.urls,
        vec!["https://mail.contoso.com/EWS/mrsproxy.svc".to_string()]
    );
    assert_eq!(tmsa.outcome, CmdletOutcome::Failed);
    assert!((tmsa.duration_ms.unwrap_or_default() - 51_400.0).abs() < 0.5);
}

#[test]
fn pasted_forum_shapes() {
    let (log, calls) = load(&fixture("hcw/pasted.log"));
    assert_eq!(log.stats.lines, 16);
    assert_eq!(log.stats.unparsed, 3);
    let bad: Vec<u64> = log.stats.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(bad, vec![1, 5, 6]);
    let ids: Vec<Option<u32>> = log.entries.iter().map(|e| e.event_id).collect();
    let want = [10042, 10390, 10349, 10277, 10224, 10276, 10277, 10408];
    assert_eq!(ids, want.iter().map(|&i| Some(i)).collect::<Vec<_>>());
    use hcwlens::record::HcwLevel;
    assert_eq!(log.entries[0].level, HcwLevel::Error);
    assert_eq!(log.entries[1].level, HcwLevel::Info);
    assert_eq!(log.entries[1].message, "Test duration 00:06:03.9328749");
    assert!(log.entries[2].body.contains("017.10.23 11:39:51.552"));
    assert_eq!(header_zone(&log.header), None);
    let fed = calls
        .iter()
        .find(|c| c.name == "Set-FederatedOrganizationIdentifier")
        .expect("fed");
    assert!(fed.start_missing);
    assert_eq!(fed.outcome, CmdletOutcome::Error);
    assert!(
        fed.error
            .as_deref()
            .unwrap_or("")
            .starts_with("PowerShell failed to invoke")
    );
    let tmsa = calls.iter().find(|c| c.name == TMSA).expect("tmsa");
    assert_eq!(tmsa.outcome, CmdletOutcome::Failed);
    assert_eq!(
        tmsa.command,
        "Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer 'mail.contoso.com'"
    );
    assert_eq!(tmsa.remote_server.as_deref(), Some("mail.contoso.com"));
    assert_eq!(tmsa.http_status, Some(401));
    assert!(
        tmsa.error
            .as_deref()
            .unwrap_or("")
            .ends_with("(401) Unauthorized..")
    );
    let scopes = pair_scopes(&log.entries);
    assert_eq!(scopes.len(), 1);
    assert_eq!((scopes[0].kind, scopes[0].end), (ScopeKind::IisReset, None));
}

/// The cause of each failed test call, read from its FINISH entry's exception chain.
fn tmsa_causes(log: &HcwLog, calls: &[CmdletCall]) -> Vec<hcwlens::analyze::cmdlet::Cause> {
    calls
        .iter()
        .filter(|c| c.name == TMSA && c.outcome == CmdletOutcome::Failed)
        .map(|c| {
            let e = log
                .entries
                .iter()
                .find(|e| Some(e.line) == c.finish_line)
                .expect("finish entry");
            hcwlens::analyze::cmdlet::cause_of(e).expect("classified")
        })
        .collect()
}

#[test]
fn corpus_exception_chains_name_their_inner_cause_and_host() {
    use hcwlens::analyze::cmdlet::CauseKind;
    let Some(dir) = corpus() else { return };
    let (log, calls) = load(&run_file(&dir, "HCW_NewMigrationEndpoint_FAIL", "log"));
    let causes = tmsa_causes(&log, &calls);
    assert_eq!(causes.len(), 2);
    for c in &causes {
        assert_eq!(c.kind, CauseKind::NetworkTimeout);
        assert_eq!(c.host.as_deref(), Some("mail.canadadrey.ca"));
        assert_eq!(c.detail, "The operation has timed out");
    }
    let (log, calls) = load(&run_file(
        &dir,
        "HCW_InitialSuccessExceptMigrationEndpoint",
        "log",
    ));
    let causes = tmsa_causes(&log, &calls);
    assert_eq!(causes.len(), 2);
    for c in &causes {
        assert_eq!(c.kind, CauseKind::NameNotResolved);
        assert_eq!(c.host.as_deref(), Some("mail.canadasam.ca"));
        assert_eq!(
            c.url.as_deref(),
            Some("https://mail.canadasam.ca/EWS/mrsproxy.svc")
        );
    }
    // The wizard wrapped these chains; the calls' errors run past the physical line ends.
    for c in calls.iter().filter(|c| c.outcome == CmdletOutcome::Failed) {
        let e = c.error.as_deref().unwrap_or("");
        assert!(e.contains("--> The remote name could not be resolved: 'mail.canadasam.ca'"));
    }
}

/// The real FAIL log cut at every line of the first failing call's FINISH output (and inside
/// its first dump line): never a success. With the ErrorDetail logged it is a failure with its
/// text; with only the FINISH line the outcome is unknown (an error, not a success).
#[test]
fn a_corpus_log_cut_inside_a_finish_is_never_a_success() {
    let Some(dir) = corpus() else { return };
    let text = read(&run_file(&dir, "HCW_NewMigrationEndpoint_FAIL", "log"));
    let finish = text
        .find("FINISH Time=51.4s Results=1")
        .expect("the first failing FINISH");
    let dump = finish
        + text[finish..]
            .find("TestMigrationServerAvailabilityOutcome")
            .expect("dump");
    let dump_end = dump + text[dump..].find('\n').expect("end of the first dump line");
    let cuts = [
        (text[..finish + 27].to_string(), CmdletOutcome::Error),
        (text[..dump].to_string(), CmdletOutcome::Error),
        (text[..dump + 300].to_string(), CmdletOutcome::Failed),
        (text[..=dump_end].to_string(), CmdletOutcome::Failed),
    ];
    for (cut, expect) in cuts {
        let mut log = parse_hcw(&cut, SourceId(0));
        apply_zone(&mut log.entries, &ZoneSpec::Fixed(0), 0);
        let calls = pair_cmdlets(&log.entries);
        let last = calls
            .iter()
            .rfind(|c| c.name == TMSA)
            .expect("the cut call");
        assert_eq!(last.outcome, expect, "cut at {} bytes", cut.len());
        let err = last.error.as_deref().unwrap_or("");
        match expect {
            CmdletOutcome::Failed => assert!(
                err.starts_with(
                    "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException"
                ),
                "{err}"
            ),
            _ => assert!(err.ends_with("outcome unknown"), "{err}"),
        }
        let others = calls.iter().filter(|c| c.outcome != CmdletOutcome::Success);
        assert_eq!(others.count(), 1, "only the cut call is not a success");
    }
}
