//! The Security log in the catalogue: `ntlm-v1-logon` from mapped 4624 records, the precise
//! cause of `credentials-rejected`, and linked events as evidence of other findings.

use crate::analyze::finding::{FindingId, Severity};
use crate::analyze::findings::{DiagnoseInput, diagnose};
use crate::analyze::handshake::{AuthKind, Confidence, Handshake, HandshakeOutcome, Leg};
use crate::analyze::seclink::SecurityLink;
use crate::parse::evtx::{Mapped, SecurityEvent, map_record};
use crate::source::SourceId;
use serde_json::{Value, json};

const EVTX: SourceId = SourceId(1);

/// A record as the `evtx` crate renders it, mapped and placed at `line` of the `.evtx` source.
pub(super) fn event(id: u32, time: &str, line: u64, data: Value) -> SecurityEvent {
    let value = json!({"Event": {
        "System": {
            "EventID": id,
            "EventRecordID": 100 + line,
            "TimeCreated": {"#attributes": {"SystemTime": time}},
            "Computer": "EX01.contoso.com"
        },
        "EventData": data
    }});
    match map_record(&value) {
        Ok(Mapped::Security(e)) => SecurityEvent {
            source: EVTX,
            line,
            ..*e
        },
        other => panic!("not a security event: {other:?}"),
    }
}

fn logon(line: u64, time: &str, user: &str, lm: &str, ws: &str, ip: &str) -> SecurityEvent {
    event(
        4624,
        time,
        line,
        json!({
            "TargetUserName": user, "TargetDomainName": "CONTOSO", "LogonType": 3,
            "AuthenticationPackageName": "NTLM", "LmPackageName": lm,
            "WorkstationName": ws, "IpAddress": ip, "IpPort": "50100"
        }),
    )
}

fn run(events: &[SecurityEvent]) -> Vec<crate::analyze::finding::Finding> {
    diagnose(&DiagnoseInput {
        security: events,
        ..DiagnoseInput::default()
    })
}

#[test]
fn ntlm_v1_logons_are_a_warning_naming_who_from_where_when_and_how_often() {
    let events = [
        logon(
            1,
            "2024-03-01T08:00:00Z",
            "ANONYMOUS LOGON",
            "NTLM V1",
            "-",
            "10.0.9.7",
        ),
        logon(
            2,
            "2024-03-01T08:00:05Z",
            "svc-scan",
            "NTLM V1",
            "OLDSCAN01",
            "10.0.9.7",
        ),
        logon(
            3,
            "2024-03-01T09:00:05Z",
            "svc-scan",
            "NTLM V1",
            "OLDSCAN01",
            "10.0.9.7",
        ),
        logon(
            4,
            "2024-03-01T09:30:00Z",
            "jdoe",
            "NTLM V2",
            "PC042",
            "10.0.4.2",
        ),
        logon(
            5,
            "2024-03-01T10:15:00Z",
            "svc-scan",
            "NTLM V1",
            "OLDSCAN01",
            "10.0.9.7",
        ),
    ];
    let f = run(&events);
    assert_eq!(f.len(), 1, "{f:?}");
    let f = &f[0];
    assert_eq!(f.id, FindingId::NtlmV1Logon);
    assert_eq!(f.id.name(), "ntlm-v1-logon");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.title,
        "NTLM V1 accepted for 3 logons on EX01.contoso.com: CONTOSO\\svc-scan"
    );
    for want in [
        "recorded 3 successful logons (event 4624) with LmPackageName NTLM V1 between \
         2024-03-01 08:00:05 UTC and 2024-03-01 10:15:00 UTC",
        "CONTOSO\\svc-scan from OLDSCAN01 (10.0.9.7) 3x, last at 2024-03-01 10:15:00 UTC",
        "1 anonymous logon logged as NTLM V1 is left out",
    ] {
        assert!(f.explanation.contains(want), "{want}: {}", f.explanation);
    }
    assert!(!f.explanation.contains("jdoe"), "NTLM V2 is not named");
    for want in [
        "1. On OLDSCAN01 (10.0.9.7): set",
        "LmCompatibilityLevel 5",
        "Send NTLMv2 response only. Refuse LM & NTLM",
        "Get-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa -Name LmCompatibilityLevel",
    ] {
        assert!(f.remedy.contains(want), "{want}: {}", f.remedy);
    }
    let lines: Vec<u64> = f.evidence.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 5]);
    assert!(f.evidence.iter().all(|e| e.source == EVTX));
    assert_eq!(f.time, events[1].time.into());
}

/// The machine is named as the sources list names it: the Security log writes
/// `EX01.contoso.com`, HCW and IIS `EX01`.
#[test]
fn ntlm_v1_logons_name_the_server_by_the_load_s_name() {
    use crate::source::{SourceInfo, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
    let source = |id: u16, kind: SourceKind, server: &str| SourceInfo {
        id: SourceId(id),
        path: format!("s{id}").into(),
        kind,
        encoding: TextEncoding::Utf8,
        server: server.into(),
        zone: crate::time::ZoneSpec::Fixed(0),
        zone_origin: ZoneOrigin::Utc,
        skew_ms: 0,
        stats: SourceStats::default(),
        span: None,
    };
    let sources = [
        source(0, SourceKind::Iis, "EX01"),
        source(1, SourceKind::Evtx, "EX01.contoso.com"),
    ];
    let events = [logon(
        2,
        "2024-03-01T08:00:05Z",
        "svc-scan",
        "NTLM V1",
        "OLDSCAN01",
        "10.0.9.7",
    )];
    let f = diagnose(&DiagnoseInput {
        security: &events,
        sources: &sources,
        ..DiagnoseInput::default()
    });
    assert_eq!(
        f[0].title,
        "NTLM V1 accepted for 1 logon on EX01: CONTOSO\\svc-scan"
    );
}

#[test]
fn anonymous_and_ntlm_v2_logons_are_no_finding() {
    let events = [
        logon(
            1,
            "2024-03-01T08:00:00Z",
            "ANONYMOUS LOGON",
            "NTLM V1",
            "-",
            "10.0.9.7",
        ),
        logon(
            2,
            "2024-03-01T08:00:05Z",
            "jdoe",
            "NTLM V2",
            "PC042",
            "10.0.4.2",
        ),
    ];
    assert!(run(&events).is_empty());
}

const T0: &str = "2024-03-01T13:23:14.000Z";

fn leg(line: u64, status: u16, win32: u32, user: &str) -> Leg {
    Leg::new(
        SourceId(0),
        Leg::line_of(line),
        0,
        crate::parse::evtx::map::parse_system_time(T0).unwrap_or_default(),
        user.into(),
        (status, 1, win32),
    )
}

fn failed(code: u32) -> Handshake {
    let start = crate::parse::evtx::map::parse_system_time(T0).unwrap_or_default();
    Handshake {
        key: std::sync::Arc::new(crate::analyze::handshake::HandshakeKey {
            server: "EX01".into(),
            client: "10.0.5.20".into(),
            method: "POST".into(),
            uri: "/EWS/Exchange.asmx".into(),
            user_agent: "Outlook".into(),
            split: None,
            via: None,
        }),
        start,
        legs: vec![
            leg(7, 401, 0x8009_030E, ""),
            leg(8, 401, code, "CONTOSO\\alice"),
        ]
        .into(),
        outcome: HandshakeOutcome::Failed,
        auth: AuthKind::Ntlm,
        failure_code: Some(code),
        confidence: Confidence::High,
        cmdlet: None,
        concurrent: 0,
        abandoned_at: None,
        shared_users: 0,
        untied: false,
    }
}

fn failure(sub: &str) -> SecurityEvent {
    event(
        4625,
        "2024-03-01T13:23:14.400Z",
        9,
        json!({
            "TargetUserName": "alice", "TargetDomainName": "CONTOSO", "LogonType": 3,
            "Status": "0xc000006d", "SubStatus": sub, "AuthenticationPackageName": "NTLM",
            "LmPackageName": "-", "IpAddress": "10.0.5.20"
        }),
    )
}

fn with_link(h: Handshake, e: SecurityEvent) -> Vec<crate::analyze::finding::Finding> {
    let hs = [h];
    let events = [e];
    let links = [SecurityLink {
        handshake: 0,
        event: 0,
        delta_ms: 400,
    }];
    diagnose(&DiagnoseInput {
        handshakes: &hs,
        security: &events,
        security_links: &links,
        ..DiagnoseInput::default()
    })
}

#[test]
fn credentials_rejected_names_the_lockout_and_cites_the_event_after_the_leg() {
    let f = with_link(failed(0x8009_030C), failure("0xc0000234"));
    let c = f
        .iter()
        .find(|f| f.id == FindingId::CredentialsRejected)
        .expect("credentials-rejected");
    assert!(
        c.title
            .ends_with("(1 handshake): account locked out (0xC0000234)"),
        "{}",
        c.title
    );
    assert!(
        c.explanation.contains(
            "says why: account locked out (0xC0000234) for CONTOSO\\alice from 10.0.5.20 (1 handshake)"
        ),
        "{}",
        c.explanation
    );
    assert!(
        c.remedy
            .starts_with("- account locked out (0xC0000234): The account is locked out: unlock it"),
        "{}",
        c.remedy
    );
    let ev: Vec<(u16, u64)> = c.evidence.iter().map(|e| (e.source.0, e.line)).collect();
    assert_eq!(ev, [(0, 7), (0, 8), (1, 9)]);
}

/// Without a link the finding keeps its general wording (the Security log is not invented).
#[test]
fn without_an_event_no_cause_is_claimed() {
    let hs = [failed(0x8009_030C)];
    let f = diagnose(&DiagnoseInput {
        handshakes: &hs,
        ..DiagnoseInput::default()
    });
    let c = &f[0];
    assert_eq!(
        c.title,
        "Credentials rejected on /EWS/Exchange.asmx (1 handshake)"
    );
    assert!(!c.explanation.contains("Security log"));
    assert!(c.evidence.iter().all(|e| e.source == SourceId(0)));
}

/// A 4625 that says the credentials were refused makes the handshake a rejected-credentials
/// one even when IIS logged another code; a channel-binding 4625 does not.
#[test]
fn the_event_decides_when_iis_logged_another_code() {
    let f = with_link(failed(0x8009_0308), failure("0xc000006a"));
    assert!(
        f.iter().any(|f| f.id == FindingId::CredentialsRejected
            && f.title.ends_with(": bad password (0xC000006A)")),
        "{f:?}"
    );
    let f = with_link(failed(0x8009_0308), failure("0xc000035b"));
    assert!(
        !f.iter().any(|f| f.id == FindingId::CredentialsRejected),
        "{f:?}"
    );
    // The split-connection finding cites the event after the leg and quotes it.
    let split = f
        .iter()
        .find(|f| f.id == FindingId::NtlmSplitConnection)
        .expect("ntlm-split-connection");
    let ev: Vec<(u16, u64)> = split
        .evidence
        .iter()
        .map(|e| (e.source.0, e.line))
        .collect();
    assert_eq!(ev, [(0, 7), (0, 8), (1, 9)]);
    assert!(
        split.explanation.contains(
            "The server's Security log recorded: Security 4625: channel binding mismatch (Extended Protection) (0xC000035B)"
        ),
        "{}",
        split.explanation
    );
}
