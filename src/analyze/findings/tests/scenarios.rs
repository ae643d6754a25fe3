//! Test scenarios for the findings rules: IIS lines and HCW entries shaped like real logs, and a
//! runner that feeds them through grouping, collection, correlation and diagnosis.

use super::super::*;
use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::correlate::testcalls::{other, tmsa};
use crate::analyze::correlate::{DEFAULT_TOLERANCE_MS, correlate};
use crate::analyze::handshake::HandshakeGrouper;
use crate::analyze::handshake::testlog::{at, feed_owned};
use crate::analyze::mrs::MrsCollector;
use crate::record::HcwLevel;
use crate::source::{SourceId, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
use crate::time::{UtcMs, ZoneSpec};
use std::path::PathBuf;

/// One IIS source: id, server label, lines.
pub(super) struct Iis {
    pub id: u16,
    pub server: &'static str,
    pub lines: Vec<String>,
}

#[derive(Default)]
pub(super) struct Scenario {
    pub hcw: Vec<HcwEntry>,
    pub cmdlets: Vec<CmdletCall>,
    pub iis: Vec<Iis>,
}

pub(super) fn source(
    id: u16,
    kind: SourceKind,
    server: &str,
    span: Option<(UtcMs, UtcMs)>,
) -> SourceInfo {
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

pub(super) fn run(s: &Scenario) -> Vec<Finding> {
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
    let grouped = grouper.finish();
    let clients = grouped.clients;
    let mut handshakes = grouped.handshakes;
    let (mrs, dropped) = mrs.finish();
    let links = correlate(&s.cmdlets, &mut handshakes, &mrs, DEFAULT_TOLERANCE_MS);
    let input = DiagnoseInput {
        hcw: &s.hcw,
        cmdlets: &s.cmdlets,
        handshakes: &handshakes,
        mrs: &mrs,
        links: &links,
        mrs_dropped: dropped,
        clients: &clients,
        sources: &sources,
        security: &[],
        security_links: &[],
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
pub(super) fn sort_by_time(lines: &mut [String]) {
    lines.sort_by(|a, b| a[..19].cmp(&b[..19]));
}

pub(super) fn ids(f: &[Finding]) -> Vec<String> {
    f.iter().map(|f| f.id.to_string()).collect()
}

pub(super) fn lines(f: &Finding) -> Vec<(u16, u64)> {
    f.evidence.iter().map(|e| (e.source.0, e.line)).collect()
}

pub(super) fn s(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

pub(super) fn entry(
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

pub(super) const AGENT_URL: &str =
    "6499703f-1111-2222-3333-444455556666.resource.mailboxmigration.his.msappproxy.net";

pub(super) fn unauthorized(remote: &str) -> String {
    format!(
        "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server '{remote}' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.MrsHttpUnauthorizedException: The call to 'https://{remote}/EWS/mrsproxy.svc' failed. Error details: The HTTP request is unauthorized with client authentication scheme 'Negotiate'. The authentication header received from the server was 'Negotiate,NTLM'. --> The remote server returned an error: (401) Unauthorized."
    )
}

/// Healthy background: Outlook on MAPI (NTLM and Kerberos), OWA keep-alive, a browser probe.
pub(super) fn background(hour: &str) -> Vec<String> {
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

pub(super) fn ep_triplet(t: &str, client: &str) -> Vec<String> {
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

pub(super) fn healthy() -> Scenario {
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

pub(super) fn hybrid_agent() -> Scenario {
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

pub(super) fn tls_offload() -> Scenario {
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

pub(super) fn split() -> Scenario {
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

pub(super) fn credentials() -> Scenario {
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

pub(super) fn unreachable(cover: bool) -> Scenario {
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

pub(super) fn hcw_codes() -> Scenario {
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

pub(super) fn phase_failed() -> Scenario {
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
