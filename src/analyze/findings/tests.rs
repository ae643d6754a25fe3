use super::*;
use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::correlate::testcalls::{other, tmsa};
use crate::analyze::correlate::{DEFAULT_TOLERANCE_MS, correlate};
use crate::analyze::finding::Severity;
use crate::analyze::handshake::HandshakeGrouper;
use crate::analyze::handshake::testlog::{at, feed_owned};
use crate::analyze::mrs::MrsCollector;
use crate::record::HcwLevel;
use crate::source::{SourceId, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
use crate::time::{UtcMs, ZoneSpec};
use std::path::PathBuf;

/// One IIS source: id, server label, lines.
struct Iis {
    id: u16,
    server: &'static str,
    lines: Vec<String>,
}

#[derive(Default)]
struct Scenario {
    hcw: Vec<HcwEntry>,
    cmdlets: Vec<CmdletCall>,
    iis: Vec<Iis>,
}

fn source(id: u16, kind: SourceKind, server: &str, span: Option<(UtcMs, UtcMs)>) -> SourceInfo {
    SourceInfo {
        id: SourceId(id),
        path: PathBuf::from(format!("W3SVC1/u_ex{id}.log")),
        kind,
        encoding: TextEncoding::Utf8,
        server: server.to_string(),
        zone: ZoneSpec::default(),
        zone_origin: ZoneOrigin::Utc,
        skew_ms: 0,
        stats: SourceStats::default(),
        span,
    }
}

fn run(s: &Scenario) -> Vec<Finding> {
    let mut grouper = HandshakeGrouper::new(false);
    let mut mrs = MrsCollector::new();
    let mut sources = Vec::new();
    for src in &s.iis {
        feed_owned(&mut grouper, src.id, src.server, &src.lines);
        feed_owned(&mut mrs, src.id, src.server, &src.lines);
        let times: Vec<UtcMs> = src
            .lines
            .iter()
            .map(|l| {
                let mut f = l.split(' ');
                at(f.next().unwrap_or(""), f.next().unwrap_or(""))
            })
            .collect();
        let span = times
            .iter()
            .min()
            .zip(times.iter().max())
            .map(|(a, b)| (*a, *b));
        sources.push(source(src.id, SourceKind::Iis, src.server, span));
    }
    let mut handshakes = grouper.finish().handshakes;
    let (mrs, dropped) = mrs.finish();
    let links = correlate(&s.cmdlets, &mut handshakes, &mrs, DEFAULT_TOLERANCE_MS);
    let input = DiagnoseInput {
        hcw: &s.hcw,
        cmdlets: &s.cmdlets,
        handshakes: &handshakes,
        mrs: &mrs,
        links: &links,
        mrs_dropped: dropped,
        sources: &sources,
    };
    let findings = diagnose(&input);
    for f in &findings {
        assert!(!f.evidence.is_empty(), "{} without evidence", f.id);
        assert!(!f.references.is_empty(), "{} without references", f.id);
        assert!(!f.explanation.is_empty() && !f.remedy.is_empty() && !f.title.is_empty());
        for text in [&f.title, &f.explanation, &f.remedy] {
            assert!(
                !text.contains('\x1b'),
                "control character leaked into {}",
                f.id
            );
        }
    }
    findings
}

/// Orders lines by their stamp, keeping file order within a second (as IIS writes them).
fn sort_by_time(lines: &mut [String]) {
    lines.sort_by(|a, b| a[..19].cmp(&b[..19]));
}

fn ids(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|f| f.id.as_str()).collect()
}

fn lines(f: &Finding) -> Vec<(u16, u64)> {
    f.evidence.iter().map(|e| (e.source.0, e.line)).collect()
}

fn s(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

fn entry(
    line: u64,
    t: &str,
    level: HcwLevel,
    id: u32,
    ctx: &[(&str, &str)],
    msg: &str,
    body: &str,
) -> HcwEntry {
    let ts = at("2024-11-05", t);
    HcwEntry {
        source: SourceId(9),
        line,
        end_line: line + body.lines().count() as u64,
        offset: line * 100,
        local: ts,
        ts,
        level,
        event_id: Some(id),
        context: ctx
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        message: msg.to_string(),
        body: body.to_string(),
    }
}

const AGENT_URL: &str =
    "6499703f-1111-2222-3333-444455556666.resource.mailboxmigration.his.msappproxy.net";

fn unauthorized(remote: &str) -> String {
    format!(
        "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server '{remote}' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.MrsHttpUnauthorizedException: The call to 'https://{remote}/EWS/mrsproxy.svc' failed. Error details: The HTTP request is unauthorized with client authentication scheme 'Negotiate'. The authentication header received from the server was 'Negotiate,NTLM'. --> The remote server returned an error: (401) Unauthorized."
    )
}

/// Healthy background: Outlook on MAPI (NTLM and Kerberos), OWA keep-alive, a browser probe.
fn background(hour: &str) -> Vec<String> {
    let ua = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5254;+Pro)";
    let mut v = Vec::new();
    for m in 0..60 {
        let t = format!("2024-11-05 {hour}:{:02}:{:02}", m, (m * 7) % 60);
        let c = format!("10.1.0.{}", m % 9 + 1);
        v.push(format!(
            "{t} 10.0.0.5 POST /mapi/emsmdb/ mailboxId=u{m}@contoso.com 443 - {c} {ua} - 401 2 5 0"
        ));
        if m % 2 == 0 {
            v.push(format!("{t} 10.0.0.5 POST /mapi/emsmdb/ mailboxId=u{m}@contoso.com 443 - {c} {ua} - 401 1 2148074254 0"));
        }
        v.push(format!("{t} 10.0.0.5 POST /mapi/emsmdb/ mailboxId=u{m}@contoso.com 443 CONTOSO\\u{m} {c} {ua} - 200 0 0 16"));
        v.push(format!(
            "{t} 10.0.0.5 GET /owa/ - 443 CONTOSO\\u{m} {c} Mozilla/5.0 - 200 0 0 4"
        ));
        v.push(format!(
            "{t} 10.0.0.5 GET /ecp/ - 443 - 10.2.0.{} Mozilla/5.0 - 401 2 5 0",
            m % 5
        ));
    }
    v
}

fn ep_triplet(t: &str, client: &str) -> Vec<String> {
    vec![
        format!("2024-11-05 {t} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - {client} - - 401 2 5 0"),
        format!(
            "2024-11-05 {t} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - {client} - - 401 1 2148074254 0"
        ),
        format!(
            "2024-11-05 {t} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - {client} - - 401 1 2148074310 15"
        ),
    ]
}

fn healthy() -> Scenario {
    let mut lines = background("13");
    lines.extend(s(&[
        "2024-11-05 13:30:31 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.1 - - 401 2 5 0",
        "2024-11-05 13:30:31 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.1 - - 401 1 2148074254 0",
        "2024-11-05 13:30:32 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\migadmin 52.98.1.1 - - 200 0 0 90",
        "2024-11-05 13:30:33 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\migadmin 52.98.1.1 - - 200 0 0 40",
    ]));
    sort_by_time(&mut lines);
    Scenario {
        hcw: vec![entry(
            40,
            "13:31:00",
            HcwLevel::Info,
            10273,
            &[("Page", "Configuring"), ("Task", "MRSProxy")],
            "FINISH Time=107.6s Results=PASSED",
            "",
        )],
        cmdlets: vec![
            other(
                "Get-WebServicesVirtualDirectory",
                at("2024-11-05", "13:30:00"),
                130,
                10,
            ),
            tmsa(
                at("2024-11-05", "13:30:30"),
                7_661,
                CmdletOutcome::Success,
                "",
                "mail.contoso.com",
                20,
            ),
        ],
        iis: vec![Iis {
            id: 0,
            server: "EX01",
            lines,
        }],
    }
}

#[test]
fn healthy_logs_produce_no_findings() {
    assert_eq!(ids(&run(&healthy())), Vec::<&str>::new());
}

fn hybrid_agent() -> Scenario {
    let mut lines = background("13");
    lines.extend(ep_triplet("13:23:14", "10.0.5.20"));
    lines.extend(ep_triplet("13:24:25", "10.0.5.20"));
    sort_by_time(&mut lines);
    Scenario {
        cmdlets: vec![
            tmsa(
                at("2024-11-05", "13:23:13"),
                5_428,
                CmdletOutcome::Failed,
                &unauthorized(AGENT_URL),
                AGENT_URL,
                20,
            ),
            tmsa(
                at("2024-11-05", "13:24:24"),
                5_100,
                CmdletOutcome::Failed,
                &unauthorized(AGENT_URL),
                AGENT_URL,
                40,
            ),
        ],
        iis: vec![Iis {
            id: 0,
            server: "EX01/W3SVC1",
            lines,
        }],
        ..Scenario::default()
    }
}

#[test]
fn hybrid_agent_extended_protection_is_diagnosed_with_the_exact_fix() {
    let f = run(&hybrid_agent());
    assert_eq!(ids(&f), vec!["ep-hybrid-agent"]);
    let ep = &f[0];
    assert_eq!(ep.severity, Severity::Error);
    assert!(ep.remedy.contains(
        ".\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames EX01 -ExcludeVirtualDirectories \"EWSFrontEnd\""
    ), "{}", ep.remedy);
    assert!(ep.remedy.contains("Get-HybridApplication"));
    assert!(ep.remedy.contains("/DoNotEnableEP_FEEWS"));
    assert!(
        ep.remedy.contains("-DisableExtendedProtection") && ep.remedy.contains("CVE-2024-21410")
    );
    assert!(ep.remedy.contains("10.0.5.20"));
    assert!(!ep.remedy.contains("EWSBackend"));
    assert!(
        ep.explanation.contains("SEC_E_BAD_BINDINGS") && ep.explanation.contains("msappproxy.net")
    );
    assert!(
        ep.references
            .iter()
            .any(|r| r == "https://aka.ms/ExchangeEPDoc")
    );
    let ev = lines(ep);
    for want in [(9, 20), (9, 22), (9, 40), (9, 42)] {
        assert!(ev.contains(&want), "call line {want:?} missing");
    }
    assert_eq!(
        ev.iter().filter(|(src, _)| *src == 0).count(),
        6,
        "both triplets"
    );
    assert_eq!(ep.time, Some(at("2024-11-05", "13:23:13")));
}

#[test]
fn one_agent_host_without_msappproxy_url_is_still_the_agent_pattern() {
    let mut sc = hybrid_agent();
    for c in &mut sc.cmdlets {
        *c = tmsa(
            c.start,
            5_000,
            CmdletOutcome::Failed,
            &unauthorized("mail.contoso.com"),
            "mail.contoso.com",
            c.line,
        );
    }
    let f = run(&sc);
    assert_eq!(ids(&f), vec!["ep-hybrid-agent"]);
    assert!(f[0].explanation.contains("one address, 10.0.5.20"));
}

#[test]
fn agent_pattern_without_hcw_is_a_warning() {
    let mut sc = hybrid_agent();
    sc.cmdlets.clear();
    let f = run(&sc);
    assert_eq!(ids(&f), vec!["ep-hybrid-agent"]);
    assert_eq!(f[0].severity, Severity::Warning);
}

fn tls_offload() -> Scenario {
    let mut lines = background("10");
    for (i, uri) in [
        "/mapi/emsmdb/",
        "/owa/",
        "/EWS/Exchange.asmx",
        "/mapi/nspi/",
        "/ecp/",
    ]
    .iter()
    .enumerate()
    {
        for c in 1..=4 {
            let t = format!("2024-11-05 10:{:02}:{:02}", 10 + i, c * 3);
            lines.push(format!(
                "{t} 10.0.0.5 POST {uri} - 443 - 10.3.0.{c} Client/1 - 401 2 5 0"
            ));
            lines.push(format!(
                "{t} 10.0.0.5 POST {uri} - 443 - 10.3.0.{c} Client/1 - 401 1 2148074254 0"
            ));
            lines.push(format!(
                "{t} 10.0.0.5 POST {uri} - 443 - 10.3.0.{c} Client/1 - 401 1 2148074310 2"
            ));
        }
    }
    sort_by_time(&mut lines);
    Scenario {
        iis: vec![Iis {
            id: 0,
            server: "EX01",
            lines,
        }],
        ..Scenario::default()
    }
}

#[test]
fn bad_bindings_across_clients_and_vdirs_is_tls_offload() {
    let f = run(&tls_offload());
    assert_eq!(ids(&f), vec!["ep-tls-offload"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].remedy.contains("pass-through") && f[0].remedy.contains("same"));
    assert!(f[0].remedy.contains("Do not disable Extended Protection"));
    assert!(f[0].explanation.contains("4 client addresses"));
}

fn split() -> Scenario {
    let mut ex01 = background("10");
    ex01.extend(s(&[
        "2024-11-05 10:20:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 2 5 0",
        "2024-11-05 10:20:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 1 2148074254 0",
    ]));
    sort_by_time(&mut ex01);
    Scenario {
        iis: vec![
            Iis {
                id: 0,
                server: "EX01",
                lines: ex01,
            },
            Iis {
                id: 1,
                server: "EX02",
                lines: s(&[
                    "2024-11-05 10:19:00 10.0.0.6 GET /owa/ - 443 CONTOSO\\bob 10.0.0.250 Mozilla/5.0 - 200 0 0 5",
                    "2024-11-05 10:20:00 10.0.0.6 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 1 2148074248 0",
                ]),
            },
        ],
        ..Scenario::default()
    }
}

#[test]
fn invalid_token_with_legs_on_two_servers_is_a_split_connection() {
    let f = run(&split());
    assert_eq!(ids(&f), vec!["ntlm-split-connection"]);
    let x = &f[0];
    assert_eq!(x.severity, Severity::Warning);
    assert!(x.explanation.contains("issued by EX01") && x.explanation.contains("reached EX02"));
    assert!(x.remedy.contains("affinity"));
    let ev = lines(x);
    assert!(ev.contains(&(1, 2)) && ev.iter().any(|&(src, _)| src == 0));
}

fn credentials() -> Scenario {
    let mut lines = background("13");
    lines.extend(s(&[
        "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.1 - - 401 2 5 0",
        "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.1 - - 401 1 2148074254 0",
        "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.1 - - 401 1 2148074252 15",
    ]));
    sort_by_time(&mut lines);
    Scenario {
        cmdlets: vec![tmsa(
            at("2024-11-05", "13:23:13"),
            6_000,
            CmdletOutcome::Failed,
            &unauthorized("mail.contoso.com"),
            "mail.contoso.com",
            20,
        )],
        iis: vec![Iis {
            id: 0,
            server: "EX01",
            lines,
        }],
        ..Scenario::default()
    }
}

#[test]
fn logon_denied_on_mrsproxy_points_at_the_migration_credentials() {
    let f = run(&credentials());
    assert_eq!(ids(&f), vec!["credentials-rejected"]);
    let c = &f[0];
    assert_eq!(c.severity, Severity::Error);
    assert!(c.explanation.contains("SEC_E_LOGON_DENIED"));
    assert!(c.remedy.contains("CONTOSO\\migadmin"));
    assert!(c.remedy.contains("Test-MigrationServerAvailability"));
    assert!(lines(c).contains(&(9, 20)));
}

fn unreachable(cover: bool) -> Scenario {
    let remote = "mail.contoso.com";
    let err = format!(
        "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server '{remote}' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.MRSRemoteTransientException: The call to 'https://{remote}/EWS/mrsproxy.svc' timed out. Error details: The request channel timed out attempting to send after 00:00:07.8900000."
    );
    let hour = if cover { "14" } else { "09" };
    Scenario {
        cmdlets: vec![tmsa(
            at("2024-11-05", "14:51:28"),
            51_400,
            CmdletOutcome::Failed,
            &err,
            remote,
            20,
        )],
        iis: vec![Iis {
            id: 0,
            server: "EX01",
            lines: background(hour),
        }],
        ..Scenario::default()
    }
}

#[test]
fn timeout_without_any_mrsproxy_request_is_unreachable() {
    let f = run(&unreachable(true));
    assert_eq!(ids(&f), vec!["mrs-unreachable"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].explanation.contains("EX01"));
    assert!(
        f[0].remedy
            .contains("https://mail.contoso.com/EWS/mrsproxy.svc")
    );
    assert_eq!(lines(&f[0]), vec![(9, 20), (9, 22)]);
}

#[test]
fn uncovered_window_says_so_instead_of_guessing() {
    let f = run(&unreachable(false));
    assert_eq!(ids(&f), vec!["iis-no-coverage"]);
    assert_eq!(f[0].severity, Severity::Info);
    let mut no_iis = unreachable(true);
    no_iis.iis.clear();
    assert!(run(&no_iis).is_empty());
}

#[test]
fn requests_in_the_window_mean_it_was_reachable() {
    let mut sc = unreachable(true);
    sc.iis[0].lines.push(
        "2024-11-05 14:51:30 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.1 - - 401 2 5 0"
            .to_string(),
    );
    sort_by_time(&mut sc.iis[0].lines);
    assert!(run(&sc).is_empty());
}

fn hcw_codes() -> Scenario {
    Scenario {
        hcw: vec![
            entry(
                100,
                "20:38:59",
                HcwLevel::Warning,
                10310,
                &[("Activity", "Tenant Data Retrieval")],
                "Coexistence domain NOT Found.",
                "",
            ),
            entry(
                120,
                "20:44:19",
                HcwLevel::Error,
                10025,
                &[("Page", "Configuring")],
                "HCW8001 Unable to determine the Tenant Routing Domain",
                "",
            ),
            entry(
                200,
                "21:28:16",
                HcwLevel::Warning,
                10026,
                &[("Page", "Configuring")],
                "",
                "HCW8078 Migration Endpoint could not be created.  \nMicrosoft.Exchange.Migration.MigrationServerConnectionFailedException\nThe connection to the server 'mail.contoso.com' could not be completed.",
            ),
            entry(
                210,
                "21:29:00",
                HcwLevel::Warning,
                10026,
                &[("Page", "Configuring")],
                "HCW8078 Migration Endpoint could not be created.",
                "",
            ),
            entry(
                220,
                "21:29:01",
                HcwLevel::Info,
                10001,
                &[],
                "see HCW8999 in the docs",
                "",
            ),
        ],
        ..Scenario::default()
    }
}

#[test]
fn hcw_codes_become_one_finding_each_most_severe_first() {
    let f = run(&hcw_codes());
    assert_eq!(ids(&f), vec!["hcw-HCW8001", "hcw-HCW8078"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[1].severity, Severity::Warning);
    assert_eq!(
        f[1].title,
        "HCW8078: Migration Endpoint could not be created."
    );
    assert_eq!(lines(&f[1]), vec![(9, 200), (9, 210)]);
    assert!(
        f[1].explanation
            .contains("Test-MigrationServerAvailability failed")
    );
    assert!(f[1].explanation.contains("twice") || f[1].explanation.contains("2 times"));
    assert!(f[0].explanation.contains("Page=Configuring"));
}

fn phase_failed() -> Scenario {
    let ctx = |phase: Option<&'static str>| {
        let mut v = vec![
            ("Page", "Configuring"),
            ("Workflow", "Hybrid"),
            ("Task", "Initial"),
        ];
        if let Some(p) = phase {
            v.push(("Phase", p));
        }
        v
    };
    Scenario {
        hcw: vec![
            entry(
                300,
                "20:44:19",
                HcwLevel::Error,
                10241,
                &ctx(Some("Configure")),
                "Workflow Exception: Unable to determine the Tenant Routing Domain [Task=Initial, Phase=Configure]",
                "",
            ),
            entry(
                301,
                "20:44:19",
                HcwLevel::Info,
                10270,
                &ctx(Some("ValidateConfiguration")),
                "START ",
                "",
            ),
            entry(
                302,
                "20:44:19",
                HcwLevel::Error,
                10271,
                &ctx(Some("ValidateConfiguration")),
                "FINISH Time=1.0ms Results=FAILED - (Validation Failure)",
                "",
            ),
            entry(
                303,
                "20:44:19",
                HcwLevel::Error,
                10268,
                &[("Page", "Configuring"), ("Workflow", "Hybrid")],
                "FINISH Time=2159.7ms Results=FAILED",
                "",
            ),
            entry(
                304,
                "20:44:20",
                HcwLevel::Info,
                10273,
                &ctx(None),
                "FINISH Time=22.0ms Results=PASSED",
                "",
            ),
        ],
        ..Scenario::default()
    }
}

#[test]
fn failed_workflow_phases_are_reported_with_their_exception() {
    let f = run(&phase_failed());
    assert_eq!(ids(&f), vec!["hcw-phase-failed"]);
    assert_eq!(
        f[0].title,
        "HCW workflow failed: task Initial, phase ValidateConfiguration"
    );
    assert_eq!(lines(&f[0]), vec![(9, 300), (9, 302), (9, 303)]);
    assert!(f[0].explanation.contains("Tenant Routing Domain"));
}

#[test]
fn each_rule_fires_only_on_its_own_scenario() {
    let cases: Vec<(&str, Scenario, Vec<&str>)> = vec![
        ("healthy", healthy(), vec![]),
        ("agent", hybrid_agent(), vec!["ep-hybrid-agent"]),
        ("offload", tls_offload(), vec!["ep-tls-offload"]),
        ("split", split(), vec!["ntlm-split-connection"]),
        ("credentials", credentials(), vec!["credentials-rejected"]),
        ("unreachable", unreachable(true), vec!["mrs-unreachable"]),
        ("uncovered", unreachable(false), vec!["iis-no-coverage"]),
        ("codes", hcw_codes(), vec!["hcw-HCW8001", "hcw-HCW8078"]),
        ("phases", phase_failed(), vec!["hcw-phase-failed"]),
    ];
    for (name, sc, want) in cases {
        assert_eq!(ids(&run(&sc)), want, "scenario {name}");
    }
}

#[test]
fn log_text_is_escaped_in_findings() {
    let mut sc = hybrid_agent();
    sc.iis[0].server = "EX\u{1b}]52;c;AAAA\u{7}01";
    let f = run(&sc);
    assert!(f[0].remedy.contains("\\x1B"));
}

#[test]
fn findings_sort_most_severe_first() {
    let mut sc = hybrid_agent();
    sc.hcw = hcw_codes().hcw;
    let f = run(&sc);
    let sev: Vec<Severity> = f.iter().map(|f| f.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort();
    assert_eq!(sev, sorted);
    assert_eq!(
        ids(&f),
        vec!["ep-hybrid-agent", "hcw-HCW8001", "hcw-HCW8078"]
    );
}
