//! Golden ticket text for handshakes, cmdlet calls and findings, and proof that nothing from a
//! log can smuggle a control sequence into an export.

use hcwlens::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use hcwlens::analyze::finding::{Evidence, Finding, FindingId, Severity};
use hcwlens::analyze::handshake::{AuthKind, Confidence, Handshake, HandshakeOutcome, Leg};
use hcwlens::export::{
    ExportItem, cmdlet_markdown, finding_markdown, handshake_markdown, line_markdown,
    marked_markdown,
};
use hcwlens::source::{SourceId, SourceInfo, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
use hcwlens::time::{UtcMs, ZoneSpec};

fn at(h: u32, m: u32, s: u32, ms: u32) -> UtcMs {
    UtcMs::from_civil(2024, 11, 5, h, m, s, ms).expect("valid instant")
}

fn sources() -> Vec<SourceInfo> {
    let base = |id: u16, path: &str, kind, server: &str, zone| SourceInfo {
        id: SourceId(id),
        path: path.into(),
        kind,
        encoding: TextEncoding::Utf8,
        server: server.into(),
        zone,
        zone_origin: ZoneOrigin::Utc,
        skew_ms: 0,
        stats: SourceStats::default(),
        span: Some((at(13, 0, 0, 0), at(14, 0, 0, 0))),
    };
    vec![
        base(
            0,
            "logs/EX01/W3SVC1/u_ex241105.log",
            SourceKind::Iis,
            "EX01",
            ZoneSpec::Fixed(0),
        ),
        base(
            1,
            "logs/hcw/20241105_142000.log",
            SourceKind::Hcw,
            "HCW01",
            ZoneSpec::Fixed(3600),
        ),
    ]
}

fn leg(line: u64, ts: UtcMs, status: u16, substatus: u16, win32: u32, user: &str) -> Leg {
    Leg::new(
        SourceId(0),
        Leg::line_of(line),
        line * 180,
        ts,
        user.into(),
        (status, substatus, win32),
    )
}

fn ep_handshake() -> Handshake {
    Handshake {
        key: std::sync::Arc::new(hcwlens::analyze::handshake::HandshakeKey {
            server: "EX01".into(),
            client: "10.0.20.15".into(),
            method: "POST".into(),
            uri: "/EWS/mrsproxy.svc".into(),
            user_agent: Default::default(),
            split: None,
            via: None,
        }),
        start: at(13, 23, 13, 0),
        legs: vec![
            leg(4711, at(13, 23, 13, 0), 401, 2, 5, ""),
            leg(4712, at(13, 23, 13, 0), 401, 1, 2148074254, ""),
            leg(4713, at(13, 23, 13, 0), 401, 1, 2148074310, ""),
        ]
        .into(),
        outcome: HandshakeOutcome::Failed,
        auth: AuthKind::Ntlm,
        failure_code: Some(2148074310),
        confidence: Confidence::High,
        concurrent: 0,
        cmdlet: hcwlens::analyze::handshake::CallIx::new(0),
        abandoned_at: None,
        shared_users: 0,
        untied: true,
    }
}

fn failed_call() -> CmdletCall {
    CmdletCall {
        name: "Test-MigrationServerAvailability".into(),
        command: "Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer \
                  'mail.contoso.com' -Credentials (Get-Credential -UserName CONTOSO\\admin)"
            .into(),
        session: Some("Tenant".into()),
        thread: Some("21".into()),
        http_status: Some(401),
        start_missing: false,
        run: 0,
        start: at(13, 23, 5, 120),
        end: Some(at(13, 23, 56, 540)),
        duration_ms: Some(51_400.0),
        outcome: CmdletOutcome::Failed,
        error: Some(
            "The connection to the server 'mail.contoso.com' could not be completed.\n\
             The HTTP request is unauthorized with client authentication scheme 'Negotiate'."
                .into(),
        ),
        source: SourceId(1),
        line: 1072,
        finish_line: Some(1073),
        remote_server: Some("mail.contoso.com".into()),
        urls: vec!["https://mail.contoso.com/EWS/mrsproxy.svc".into()],
    }
}

fn ep_finding() -> Finding {
    Finding {
        id: FindingId::EpHybridAgent,
        severity: Severity::Error,
        title: "Extended Protection blocks the Hybrid Agent on /EWS/mrsproxy.svc".into(),
        explanation: "The final NTLM leg failed with SEC_E_BAD_BINDINGS while HCW ran \
                      Test-MigrationServerAvailability."
            .into(),
        remedy: "Run `ExchangeExtendedProtectionManagement.ps1 -ExcludeVirtualDirectories \
                 \"EWSFrontEnd\"` on every server that the Hybrid Agent reaches."
            .into(),
        evidence: vec![
            Evidence {
                source: SourceId(0),
                line: 4713,
            },
            Evidence {
                source: SourceId(1),
                line: 1072,
            },
        ],
        references: vec!["https://aka.ms/ExchangeEPDoc".into()],
        time: Some(at(13, 23, 13, 0)),
        time_source: Some(SourceId(0)),
        fixed_by: None,
        title_fixed: None,
        said_fixed: Vec::new(),
        follows: Vec::new(),
    }
}

fn evidence_text(ev: Evidence) -> Option<String> {
    (ev.line == 4713).then(|| {
        "2024-11-05 13:23:13 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.20.15 - - 401 1 \
         2148074310 15"
            .to_string()
    })
}

#[test]
fn handshake_ep_failure_in_utc_and_utc_plus_one() {
    let call = failed_call();
    let out = handshake_markdown(
        &ep_handshake(),
        &sources(),
        &ZoneSpec::Fixed(3600),
        Some(&call),
    );
    assert!(out.starts_with("### NTLM handshake FAILED — SEC_E_BAD_BINDINGS (0x80090346)\n"));
    // IIS writes whole seconds: its legs are said to the second, as the log line reads.
    assert!(out.contains("- Started: 2024-11-05 13:23:13 UTC (2024-11-05 14:23:13 UTC+01:00)\n"));
    assert!(out.contains("1. 2024-11-05 13:23:13 UTC (2024-11-05 14:23:13 UTC+01:00) — "));
    assert!(!out.contains("13:23:13.000"), "{out}");
    assert!(out.contains("`u_ex241105.log:4713`"));
    // The label says "Grouping" once (was "Grouping: grouping sure: …").
    assert!(
        out.contains("- Grouping: sure: one client, no overlapping handshakes\n"),
        "{out}"
    );
    insta::assert_snapshot!("handshake_ep_failure", out);
}

#[test]
fn handshake_in_utc_shows_one_clock_and_names_the_user() {
    let mut h = ep_handshake();
    h.outcome = HandshakeOutcome::Success;
    h.failure_code = None;
    h.legs[2] = leg(4713, at(13, 23, 13, 0), 200, 0, 0, "CONTOSO\\svc-mig");
    let out = handshake_markdown(&h, &sources(), &ZoneSpec::Fixed(0), None);
    assert!(out.starts_with("### NTLM handshake succeeded\n"));
    assert!(out.contains("- Started: 2024-11-05 13:23:13 UTC\n"));
    assert!(out.contains("Verdict: The client logged on as `CONTOSO\\svc-mig`."));
    assert!(!out.contains("Correlated HCW call"));
}

#[test]
fn cmdlet_call() {
    let out = cmdlet_markdown(&failed_call(), &sources(), &ZoneSpec::Fixed(3600));
    assert!(out.contains("- Duration: 51.4 s\n"));
    insta::assert_snapshot!("cmdlet_failed", out);
}

#[test]
fn cmdlet_in_an_iana_zone_without_finish() {
    let mut c = failed_call();
    c.end = None;
    c.duration_ms = None;
    c.finish_line = None;
    c.outcome = CmdletOutcome::Error;
    c.error = None;
    let berlin = ZoneSpec::parse("Europe/Berlin").expect("zone");
    let out = cmdlet_markdown(&c, &sources(), &berlin);
    assert!(out.contains(
        "- Started: 2024-11-05 13:23:05.120 UTC (2024-11-05 14:23:05.120 Europe/Berlin, UTC+01:00)"
    ));
    assert!(out.contains("- Finished: no FINISH entry in the log\n"));
    assert!(!out.contains("Duration"));
    assert!(!out.contains("Error:"));
}

#[test]
fn finding_with_evidence_lines() {
    let out = finding_markdown(
        &ep_finding(),
        &sources(),
        &ZoneSpec::Fixed(3600),
        &evidence_text,
    );
    insta::assert_snapshot!("finding_ep", out);
}

#[test]
fn finding_caps_long_evidence_lists() {
    let mut f = ep_finding();
    f.evidence = (1..=45)
        .map(|line| Evidence {
            source: SourceId(0),
            line,
        })
        .collect();
    let out = finding_markdown(&f, &sources(), &ZoneSpec::Fixed(0), &|_| None);
    assert_eq!(out.matches("- `u_ex241105.log:").count(), 20);
    assert!(out.contains("- … and 25 more lines\n"));
}

#[test]
fn marked_items_in_order() {
    let h = ep_handshake();
    let c = failed_call();
    let f = ep_finding();
    let items = [
        ExportItem::Finding(&f),
        ExportItem::Handshake(&h, Some(&c)),
        ExportItem::Cmdlet(&c),
        ExportItem::Line {
            source: SourceId(0),
            line: 4712,
            text: "2024-11-05 13:23:13 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.20.15 - - 401 1 2148074254 0",
        },
        ExportItem::Line {
            source: SourceId(0),
            line: 4713,
            text: "2024-11-05 13:23:13 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.20.15 - - 401 1 2148074310 15",
        },
    ];
    let out = marked_markdown(&items, &sources(), &ZoneSpec::Fixed(3600), &evidence_text);
    let parts: Vec<&str> = out.split("\n---\n\n").collect();
    assert_eq!(parts.len(), 4, "two lines of one source share a part");
    assert_eq!(
        parts[0],
        finding_markdown(&f, &sources(), &ZoneSpec::Fixed(3600), &evidence_text)
    );
    assert!(parts[3].starts_with("`u_ex241105.log` lines 4712, 4713 (`EX01`, IIS, clock UTC):"));
    let single = line_markdown(&sources()[0], 4712, "a `b` c");
    assert_eq!(
        single,
        "`u_ex241105.log:4712` (`EX01`, IIS, clock UTC):\n\n```text\na `b` c\n```\n"
    );
}

const NASTY: &str = "x\x1b]52;c;ZXZpbA==\x07y\x1b[2J\u{9b}31m\x1bP+q\x1b\\\r\u{2028}`";

fn assert_clean(what: &str, out: &str) {
    let bad: Vec<char> = out
        .chars()
        .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{2028}')
        .collect();
    assert!(
        bad.is_empty(),
        "{what} leaks control characters {bad:?}:\n{out}"
    );
    assert!(
        out.contains("\\x1B]52;c;ZXZpbA==\\x07"),
        "{what} lost the escaped text:\n{out}"
    );
}

#[test]
fn control_sequences_from_logs_are_escaped_in_every_export() {
    let mut srcs = sources();
    srcs[0].server = NASTY.into();
    srcs[0].path = format!("logs/{NASTY}.log").into();
    let mut h = ep_handshake();
    h.server = NASTY.into();
    h.client = NASTY.into();
    h.uri = NASTY.into();
    h.user_agent = NASTY.into();
    h.legs[0].user = NASTY.into();
    let mut c = failed_call();
    c.name = NASTY.into();
    c.command = NASTY.into();
    c.session = Some(NASTY.into());
    c.thread = Some(NASTY.into());
    c.error = Some(format!("{NASTY}\n{NASTY}"));
    c.remote_server = Some(NASTY.into());
    c.urls = vec![NASTY.into()];
    let mut f = ep_finding();
    f.id = FindingId::HcwCode(NASTY.into());
    f.title = NASTY.into();
    f.explanation = NASTY.into();
    f.remedy = NASTY.into();
    f.references = vec![NASTY.into()];
    let zone = ZoneSpec::Fixed(3600);
    let nasty_line = |_: Evidence| Some(NASTY.to_string());
    let multi_line = |_: Evidence| Some(format!("{NASTY}\n{NASTY}"));
    assert_clean("handshake", &handshake_markdown(&h, &srcs, &zone, Some(&c)));
    assert_clean("cmdlet", &cmdlet_markdown(&c, &srcs, &zone));
    assert_clean("finding", &finding_markdown(&f, &srcs, &zone, &nasty_line));
    assert_clean(
        "finding (block)",
        &finding_markdown(&f, &srcs, &zone, &multi_line),
    );
    assert_clean("line", &line_markdown(&srcs[0], 7, NASTY));
    let items = [
        ExportItem::Line {
            source: SourceId(0),
            line: 1,
            text: NASTY,
        },
        ExportItem::Handshake(&h, None),
    ];
    assert_clean(
        "marked",
        &marked_markdown(&items, &srcs, &zone, &nasty_line),
    );
}

#[test]
fn long_texts_are_never_cut_and_commands_are_fenced() {
    let long = format!(
        "ErrorDetail='{}' end of the error",
        "The call failed. ".repeat(600)
    );
    let mut f = ep_finding();
    f.remedy = "Exclude front-end EWS:\n1. Run this:\n   .\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames EX01 -ExcludeVirtualDirectories \"EWSFrontEnd\"\n2. Check with Get-WebServicesVirtualDirectory -Server EX01 | Format-List Identity,ExtendedProtectionTokenChecking."
        .into();
    let text = long.clone();
    let out = finding_markdown(&f, &sources(), &ZoneSpec::Fixed(0), &move |_: Evidence| {
        Some(text.clone())
    });
    assert!(out.contains(&long), "the evidence text is whole");
    assert!(!out.contains("more bytes"), "{out}");
    assert!(
        out.contains(
            "1. Run this:\n\n   ```powershell\n   .\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames EX01 -ExcludeVirtualDirectories \"EWSFrontEnd\"\n   ```\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "2. Check with\n\n   ```powershell\n   Get-WebServicesVirtualDirectory -Server EX01 | Format-List Identity,ExtendedProtectionTokenChecking\n   ```"
        ),
        "{out}"
    );

    let mut c = failed_call();
    c.error = Some(long.clone());
    let out = cmdlet_markdown(&c, &sources(), &ZoneSpec::Fixed(0));
    assert!(out.contains(&long), "the error is whole");
    assert!(
        out.contains("Command:\n\n```powershell\nTest-MigrationServerAvailability"),
        "{out}"
    );
}
