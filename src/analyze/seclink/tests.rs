//! Unit tests for linking failed handshakes to Security events.

use super::*;
use crate::analyze::handshake::{AuthKind, Confidence, Handshake, HandshakeOutcome, Leg};
use crate::parse::evtx::{SecurityEvent, SecurityEventKind};
use crate::source::SourceId;
use crate::time::UtcMs;

const T0: i64 = 1_700_000_000_000;

fn leg(ms: i64, status: u16, win32: u32, user: &str) -> Leg {
    Leg::new(
        SourceId(0),
        1,
        0,
        UtcMs(T0 + ms),
        user.into(),
        (status, 1, win32),
    )
}

fn failed(client: &str, user: &str) -> Handshake {
    Handshake {
        key: std::sync::Arc::new(crate::analyze::handshake::HandshakeKey {
            server: "EX01".into(),
            client: client.into(),
            method: "POST".into(),
            uri: "/EWS/mrsproxy.svc".into(),
            user_agent: "MRS".into(),
            split: None,
            via: None,
        }),
        start: UtcMs(T0),
        legs: vec![
            leg(0, 401, 0x8009_030E, ""),
            leg(15, 401, 0x8009_030C, user),
        ]
        .into(),
        outcome: HandshakeOutcome::Failed,
        auth: AuthKind::Ntlm,
        failure_code: Some(0x8009_030C),
        confidence: Confidence::High,
        cmdlet: None,
        concurrent: 0,
        abandoned_at: None,
        shared_users: 0,
        untied: false,
    }
}

fn event(id: u32, ms: i64, domain: Option<&str>, user: &str, ip: Option<&str>) -> SecurityEvent {
    SecurityEvent {
        kind: SecurityEventKind::from_id(id).expect("kept id"),
        record_id: 1,
        time: UtcMs(T0 + ms),
        computer: None,
        user: Some(user.to_string()),
        domain: domain.map(str::to_string),
        logon_type: Some(3),
        auth_package: Some("NTLM".into()),
        lm_package: None,
        workstation: None,
        ip: ip.map(str::to_string),
        port: None,
        status: Some(0xC000_006D),
        sub_status: Some(0xC000_006A),
        source: crate::source::SourceId::default(),
        line: 0,
    }
}

#[test]
fn links_by_user_and_address_within_the_window_case_insensitively() {
    let hs = [failed("10.0.5.20", "CONTOSO\\Alice")];
    let ev = [
        event(4625, -5_000, Some("CONTOSO"), "alice", Some("10.0.5.20")),
        event(4625, 900, Some("contoso"), "ALICE", Some("10.0.5.20")),
    ];
    let links = link_failures(&hs, &ev, LINK_WINDOW_MS);
    assert_eq!(
        links,
        vec![SecurityLink {
            handshake: 0,
            event: 1,
            delta_ms: 885
        }]
    );
}

#[test]
fn upn_and_address_only_links_but_disagreement_does_not() {
    let upn = [failed("::ffff:10.0.5.20", "alice@contoso.com")];
    let ev = [event(
        4625,
        100,
        Some("CONTOSO"),
        "Alice",
        Some("10.0.5.20"),
    )];
    assert_eq!(link_failures(&upn, &ev, LINK_WINDOW_MS).len(), 1);
    // The rejected leg logged no user: the address alone links.
    let anon = [failed("10.0.5.20", "")];
    assert_eq!(link_failures(&anon, &ev, LINK_WINDOW_MS).len(), 1);
    // Another client address: no link even with the same user.
    let other = [failed("10.0.5.21", "CONTOSO\\alice")];
    assert!(link_failures(&other, &ev, LINK_WINDOW_MS).is_empty());
    // Another user from the same address: no link.
    let bob = [failed("10.0.5.20", "CONTOSO\\bob")];
    assert!(link_failures(&bob, &ev, LINK_WINDOW_MS).is_empty());
    // Another NetBIOS domain: no link.
    let fab = [failed("10.0.5.20", "FABRIKAM\\alice")];
    assert!(link_failures(&fab, &ev, LINK_WINDOW_MS).is_empty());
}

#[test]
fn a_4776_without_address_links_by_user_and_time_alone_does_not() {
    let mut v = event(4776, -300, None, "alice", None);
    v.sub_status = None;
    v.status = Some(0xC000_0064);
    let hs = [
        failed("10.0.5.20", "CONTOSO\\alice"),
        failed("10.0.5.20", ""),
    ];
    let links = link_failures(&hs, &[v], LINK_WINDOW_MS);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].handshake, 0);
}

#[test]
fn successes_and_late_events_are_not_linked() {
    let mut ok = failed("10.0.5.20", "CONTOSO\\alice");
    ok.outcome = HandshakeOutcome::Success;
    let ev = [event(
        4625,
        100,
        Some("CONTOSO"),
        "alice",
        Some("10.0.5.20"),
    )];
    assert!(link_failures(&[ok], &ev, LINK_WINDOW_MS).is_empty());
    let late = [event(
        4625,
        2_100,
        Some("CONTOSO"),
        "alice",
        Some("10.0.5.20"),
    )];
    let hs = [failed("10.0.5.20", "CONTOSO\\alice")];
    assert!(link_failures(&hs, &late, LINK_WINDOW_MS).is_empty());
    let mut success = event(4624, 100, Some("CONTOSO"), "alice", Some("10.0.5.20"));
    success.status = None;
    success.sub_status = None;
    assert!(link_failures(&hs, &[success], LINK_WINDOW_MS).is_empty());
}

#[test]
fn accounts_and_addresses_normalise() {
    assert_eq!(split_account("CONTOSO\\alice"), (Some("CONTOSO"), "alice"));
    assert_eq!(
        split_account("alice@contoso.com"),
        (Some("contoso.com"), "alice")
    );
    assert_eq!(split_account("alice"), (None, "alice"));
    assert!(same_address("fe80::1%3", "FE80::1"));
    assert!(same_address("[::1]", "::1"));
    assert!(!same_address("10.0.0.1", "10.0.0.10"));
}

#[test]
fn an_interactive_or_rdp_logon_is_not_a_web_request_s() {
    let hs = [failed("23.94.153.202", "")];
    let mut rdp = event(4625, 100, None, "admin", Some("23.94.153.202"));
    rdp.logon_type = Some(10);
    let mut console = rdp.clone();
    console.logon_type = Some(2);
    assert!(link_failures(&hs, &[rdp.clone(), console], LINK_WINDOW_MS).is_empty());
    let mut network = rdp;
    network.logon_type = Some(3);
    let mut ntlm_check = event(4776, 300, None, "admin", None);
    ntlm_check.logon_type = None;
    assert_eq!(link_failures(&hs, &[network], LINK_WINDOW_MS).len(), 1);
    let hs = [failed("23.94.153.202", "CONTOSO\\admin")];
    assert_eq!(link_failures(&hs, &[ntlm_check], LINK_WINDOW_MS).len(), 1);
}

/// Behind a device that names the client in X-Forwarded-For, the handshake's client is that
/// address, while the server's Security log sees the connection, from the device (`via`).
#[test]
fn an_event_from_the_device_in_the_middle_links_to_the_handshake_it_carried() {
    let mut h = failed("203.0.113.7", "CONTOSO\\Alice");
    std::sync::Arc::make_mut(&mut h.key).via = Some("10.0.9.9".into());
    let hs = [h];
    let from_device = [event(4625, 300, Some("CONTOSO"), "alice", Some("10.0.9.9"))];
    assert_eq!(link_failures(&hs, &from_device, LINK_WINDOW_MS).len(), 1);
    // The user must still agree, and a third address still disagrees.
    let other_user = [event(4625, 300, Some("CONTOSO"), "bob", Some("10.0.9.9"))];
    assert!(link_failures(&hs, &other_user, LINK_WINDOW_MS).is_empty());
    let elsewhere = [event(
        4625,
        300,
        Some("CONTOSO"),
        "alice",
        Some("10.0.9.10"),
    )];
    assert!(link_failures(&hs, &elsewhere, LINK_WINDOW_MS).is_empty());
}

#[test]
fn an_event_naming_the_account_by_its_upn_agrees_with_the_same_account() {
    // NTLM with a UPN: the 4625 logs `TargetUserName` alice@contoso.com and no domain.
    let ev = [event(
        4625,
        100,
        None,
        "alice@contoso.com",
        Some("10.0.5.20"),
    )];
    let same = [failed("10.0.5.20", "alice@contoso.com")];
    assert_eq!(link_failures(&same, &ev, LINK_WINDOW_MS).len(), 1);
    let netbios = [failed("10.0.5.20", "CONTOSO\\Alice")];
    assert_eq!(link_failures(&netbios, &ev, LINK_WINDOW_MS).len(), 1);
    // Another UPN is another account.
    let bob = [failed("10.0.5.20", "bob@contoso.com")];
    assert!(link_failures(&bob, &ev, LINK_WINDOW_MS).is_empty());
    // A DNS domain in the event, a NetBIOS one in IIS: not a disagreement.
    let dns = [event(
        4625,
        100,
        Some("contoso.com"),
        "alice",
        Some("10.0.5.20"),
    )];
    assert_eq!(link_failures(&netbios, &dns, LINK_WINDOW_MS).len(), 1);
}

#[test]
fn a_split_handshakes_4625_is_on_the_server_of_its_final_leg() {
    // A load balancer without affinity: the challenge from EX01, the final leg (rejected) on
    // EX02. The failed logon is EX02's, so EX02's Security log explains it and EX01's does not.
    let mut h = failed("10.0.5.20", "CONTOSO\\alice");
    h.split = Some("EX02".into());
    let on = |computer: &str| {
        let mut e = event(4625, 100, Some("CONTOSO"), "alice", Some("10.0.5.20"));
        e.computer = Some(computer.to_string());
        e
    };
    let hs = [h];
    assert_eq!(
        link_failures(&hs, &[on("ex02.contoso.com")], LINK_WINDOW_MS).len(),
        1
    );
    assert!(link_failures(&hs, &[on("EX01")], LINK_WINDOW_MS).is_empty());
}
