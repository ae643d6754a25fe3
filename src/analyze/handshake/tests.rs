use super::testlog::{self, feed, feed_owned, rec};
use super::*;
use crate::record::RequestSink;
use crate::source::SourceId;
use proptest::prelude::*;

const EX01: &str = "EX01";

fn group(keep: bool, lines: &[&str]) -> GroupResult {
    let mut g = HandshakeGrouper::new(keep);
    feed(&mut g, 0, EX01, lines);
    g.finish()
}

fn count(r: &GroupResult, outcome: HandshakeOutcome, code: Option<u32>) -> u64 {
    r.counts
        .iter()
        .filter(|c| c.outcome == outcome && c.failure_code == code)
        .map(|c| c.count)
        .sum()
}

fn lines_of(h: &Handshake) -> Vec<u64> {
    h.legs.iter().map(|l| u64::from(l.line)).collect()
}

#[test]
fn ntlm_success_is_grouped_and_kept_only_when_asked() {
    let lines = [
        "2023-04-19 11:22:56 192.168.20.198 POST /Autodiscover/Autodiscover.xml &CorrelationID=<empty>;&cafeReqId=4e73377c; 443 - 192.168.20.38 Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5254;+Pro) - 401 2 5 0",
        "2023-04-19 11:22:56 192.168.20.198 POST /Autodiscover/Autodiscover.xml &CorrelationID=<empty>;&cafeReqId=4e73377d; 443 - 192.168.20.38 Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5254;+Pro) - 401 1 2148074254 1",
        "2023-04-19 11:22:56 192.168.20.198 POST /Autodiscover/Autodiscover.xml &CorrelationID=<empty>;&cafeReqId=98de9d99; 443 CUSTOMER\\test.onpremise 192.168.20.38 Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5254;+Pro) - 200 0 0 12",
    ];
    let r = group(true, &lines);
    assert_eq!(r.handshakes.len(), 1);
    let h = &r.handshakes[0];
    assert_eq!(h.outcome, HandshakeOutcome::Success);
    assert_eq!(h.auth, AuthKind::Ntlm);
    assert_eq!(h.confidence, Confidence::High);
    assert_eq!(lines_of(h), vec![1, 2, 3]);
    assert_eq!(h.legs[2].user, "CUSTOMER\\test.onpremise");
    assert_eq!(h.client, "192.168.20.38");
    assert_eq!(h.uri, "/Autodiscover/Autodiscover.xml");
    assert_eq!(r.lone_anonymous, 0);

    let r = group(false, &lines);
    assert!(r.handshakes.is_empty());
    assert_eq!(count(&r, HandshakeOutcome::Success, None), 1);
}

#[test]
fn anonymous_then_success_without_challenge_is_kerberos() {
    let r = group(
        true,
        &[
            "2024-11-05 09:00:01 10.0.0.5 POST /mapi/emsmdb/ mailboxId=a@b.c 443 - 10.1.2.3 Microsoft+Office/16.0 - 401 2 5 0",
            "2024-11-05 09:00:01 10.0.0.5 POST /mapi/emsmdb/ mailboxId=a@b.c 443 CONTOSO\\alice 10.1.2.3 Microsoft+Office/16.0 - 200 0 0 31",
        ],
    );
    assert_eq!(r.handshakes.len(), 1);
    assert_eq!(r.handshakes[0].auth, AuthKind::Kerberos);
    assert_eq!(r.handshakes[0].outcome, HandshakeOutcome::Success);
}

#[test]
fn extended_protection_triplet_fails_with_bad_bindings() {
    let r = group(
        false,
        &[
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
            "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
        ],
    );
    assert_eq!(r.handshakes.len(), 1);
    let h = &r.handshakes[0];
    assert_eq!(h.outcome, HandshakeOutcome::Failed);
    assert_eq!(h.failure_code, Some(SEC_E_BAD_BINDINGS));
    assert_eq!(h.auth, AuthKind::Ntlm);
    assert_eq!(lines_of(h), vec![1, 2, 3]);
    assert_eq!(h.final_leg().map(|l| l.win32), Some(SEC_E_BAD_BINDINGS));
    assert_eq!(
        count(&r, HandshakeOutcome::Failed, Some(SEC_E_BAD_BINDINGS)),
        1
    );
}

#[test]
fn challenge_without_answer_is_abandoned_by_time_and_at_end() {
    let r = group(
        false,
        &[
            "2024-11-05 13:00:00 10.0.0.5 GET /EWS/Exchange.asmx - 443 - 172.20.1.1 AppleExchangeWebServices/818.0.1 - 401 1 2148074254 5",
            "2024-11-05 13:00:30 10.0.0.5 GET /owa/ - 443 CONTOSO\\bob 10.9.9.9 Mozilla/5.0 - 200 0 0 5",
            "2024-11-05 13:02:00 10.0.0.5 GET /owa/ - 443 CONTOSO\\bob 10.9.9.9 Mozilla/5.0 - 401 2 5 5",
            "2024-11-05 13:02:01 10.0.0.5 GET /EWS/Exchange.asmx - 443 - 172.20.1.1 AppleExchangeWebServices/818.0.1 - 401 1 2148074254 5",
        ],
    );
    let at = |a: AbandonedAt| -> Vec<_> {
        r.handshakes
            .iter()
            .filter(|h| h.outcome == HandshakeOutcome::Abandoned && h.abandoned_at == Some(a))
            .collect()
    };
    let challenged = at(AbandonedAt::Challenge);
    assert_eq!(challenged.len(), 2);
    assert_eq!(lines_of(challenged[0]), vec![1]);
    assert_eq!(lines_of(challenged[1]), vec![4]);
    assert_eq!(challenged[0].auth, AuthKind::Ntlm);
    let probes = at(AbandonedAt::Anonymous);
    assert_eq!(probes.len(), 1);
    assert_eq!(lines_of(probes[0]), vec![3]);
    assert_eq!(r.lone_anonymous, 1);
}

#[test]
fn lone_legs_are_both_abandoned_at_their_leg() {
    let r = group(
        false,
        &[
            "2024-11-05 13:00:00 10.0.0.5 GET /owa/ - 443 - 10.9.9.9 Mozilla/5.0 - 401 2 5 0",
            "2024-11-05 13:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.9.9.8 Client/1 - 401 1 2148074254 0",
        ],
    );
    assert_eq!(r.handshakes.len(), 2);
    for h in &r.handshakes {
        assert_eq!(h.outcome, HandshakeOutcome::Abandoned);
        assert_eq!(h.legs.len(), 1);
        assert_ne!(h.confidence, Confidence::High, "a single leg is never sure");
        assert!(h.grouping_words().contains("single leg"));
    }
    let probe = &r.handshakes[0];
    assert_eq!(probe.abandoned_at, Some(AbandonedAt::Anonymous));
    assert_eq!(probe.auth, AuthKind::Unknown);
    assert_eq!(r.handshakes[1].abandoned_at, Some(AbandonedAt::Challenge));
    let tallies: Vec<_> = r
        .counts
        .iter()
        .map(|c| (c.uri.as_str(), c.outcome, c.abandoned_at, c.count))
        .collect();
    assert_eq!(
        tallies,
        vec![
            (
                "/EWS/Exchange.asmx",
                HandshakeOutcome::Abandoned,
                Some(AbandonedAt::Challenge),
                1
            ),
            (
                "/owa/",
                HandshakeOutcome::Abandoned,
                Some(AbandonedAt::Anonymous),
                1
            ),
        ]
    );
    assert_eq!(r.lone_anonymous, 1);
}

#[test]
fn legs_of_one_file_are_never_split_over_two_servers() {
    // One server's log whose second header block adds `s-computername`: its lines name two
    // servers (the folder label, then the logged name), but one file is one server's log.
    let lines = [
        "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 2 5 0",
        "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 1 2148074254 0",
        "2024-11-05 10:00:01 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 1 2148074248 0",
    ];
    let servers = ["EX01/W3SVC1", "EX01/W3SVC1", "EXSRV01"];
    let mut g = HandshakeGrouper::new(false);
    for (i, (line, server)) in lines.iter().zip(servers).enumerate() {
        let r = rec(i as u64 + 1, server, line);
        assert_eq!(g.request(SourceId(0), &r).ok(), Some(true));
    }
    let r = g.finish();
    assert!(
        r.handshakes.iter().all(|h| h.split.is_none()),
        "{:#?}",
        r.handshakes
    );
    assert_eq!(
        count(&r, HandshakeOutcome::Failed, Some(SEC_E_INVALID_TOKEN)),
        1
    );
}

#[test]
fn legs_split_across_servers_fail_with_invalid_token() {
    let mut g = HandshakeGrouper::new(false);
    feed(
        &mut g,
        0,
        "EX01",
        &[
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 2 5 0",
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 1 2148074254 0",
        ],
    );
    feed(
        &mut g,
        1,
        "EX02",
        &[
            "2024-11-05 10:00:00 10.0.0.6 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 ExchangeServicesClient/15.20 - 401 1 2148074248 0",
        ],
    );
    let r = g.finish();
    assert_eq!(r.handshakes.len(), 1, "{:#?}", r.handshakes);
    let split = &r.handshakes[0];
    assert_eq!(split.outcome, HandshakeOutcome::Failed);
    assert_eq!(split.auth, AuthKind::Ntlm);
    assert_eq!(split.server, "EX01");
    assert_eq!(split.split.as_deref(), Some("EX02"));
    assert_eq!(split.failure_code, Some(SEC_E_INVALID_TOKEN));
    let legs: Vec<_> = split.legs.iter().map(|l| (l.source.0, l.line)).collect();
    assert_eq!(legs, vec![(0, 1), (0, 2), (1, 1)]);
    assert!(split.grouping_words().contains("split: EX01 then EX02"));
    let total: u64 = r.counts.iter().map(|c| c.count).sum();
    assert_eq!(total, 1, "one handshake counted: {:?}", r.counts);
    assert_eq!(
        count(&r, HandshakeOutcome::Failed, Some(SEC_E_INVALID_TOKEN)),
        1
    );
}

#[test]
fn concurrent_handshakes_from_one_agent_lower_confidence() {
    let mut lines = Vec::new();
    for _ in 0..5 {
        lines.push(
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0"
                .to_string(),
        );
    }
    for _ in 0..5 {
        lines.push("2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0".to_string());
    }
    for _ in 0..5 {
        lines.push("2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\mig 10.0.5.20 - - 200 0 0 40".to_string());
    }
    let mut g = HandshakeGrouper::new(true);
    feed_owned(&mut g, 0, EX01, &lines);
    let r = g.finish();
    assert_eq!(r.handshakes.len(), 5);
    for h in &r.handshakes {
        assert_eq!(h.outcome, HandshakeOutcome::Success);
        assert_eq!(h.concurrent, 4);
        assert_eq!(h.confidence, Confidence::Low);
        assert_eq!(h.legs.len(), 3);
    }

    let r = group(
        true,
        &[
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
            "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\mig 10.0.5.20 - - 200 0 0 40",
            "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\mig 10.0.5.20 - - 200 0 0 40",
        ],
    );
    assert!(
        r.handshakes
            .iter()
            .all(|h| h.confidence == Confidence::Medium)
    );
}

#[test]
fn forwarded_for_and_port_tie_legs_to_their_client() {
    // Two clients behind one load balancer (c-ip 10.0.0.250) interleave; X-Forwarded-For tells
    // them apart, so the failure belongs to 203.0.113.7 only and confidence stays high.
    let r = group(
        true,
        &[
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 Client/1 - 401 1 2148074254 0 203.0.113.7",
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 Client/1 - 401 1 2148074254 0 198.51.100.9",
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 CONTOSO\\amy 10.0.0.250 Client/1 - 200 0 0 9 198.51.100.9",
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 Client/1 - 401 1 2148074252 0 203.0.113.7",
        ],
    );
    assert_eq!(r.handshakes.len(), 2);
    let failed = r
        .handshakes
        .iter()
        .find(|h| h.outcome == HandshakeOutcome::Failed)
        .expect("failed");
    assert_eq!(failed.client, "203.0.113.7");
    assert_eq!(lines_of(failed), vec![1, 4]);
    assert_eq!(failed.confidence, Confidence::High);
    let ok = r
        .handshakes
        .iter()
        .find(|h| h.outcome == HandshakeOutcome::Success)
        .expect("success");
    assert_eq!(lines_of(ok), vec![2, 3]);

    let r = group(
        true,
        &[
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 Client/1 - 401 1 2148074254 0 - 50001",
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 Client/1 - 401 1 2148074254 0 - 50002",
            "2024-11-05 10:00:01 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.0.250 Client/1 - 401 1 2148074310 0 - 50002",
            "2024-11-05 10:00:01 10.0.0.5 POST /EWS/Exchange.asmx - 443 CONTOSO\\amy 10.0.0.250 Client/1 - 200 0 0 9 - 50001",
        ],
    );
    let failed = r
        .handshakes
        .iter()
        .find(|h| h.outcome == HandshakeOutcome::Failed)
        .expect("failed");
    assert_eq!(lines_of(failed), vec![2, 3]);
    assert!(
        r.handshakes
            .iter()
            .all(|h| h.confidence == Confidence::High)
    );
}

#[test]
fn long_final_leg_is_matched_by_its_start() {
    let r = group(
        true,
        &[
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
            "2024-11-05 13:23:20 10.0.0.5 GET /owa/ - 443 CONTOSO\\bob 10.9.9.9 Mozilla/5.0 - 200 0 0 5",
            "2024-11-05 13:23:45 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\mig 10.0.5.20 - - 200 0 0 30500",
        ],
    );
    assert_eq!(r.handshakes.len(), 1);
    assert_eq!(r.handshakes[0].outcome, HandshakeOutcome::Success);
    assert_eq!(lines_of(&r.handshakes[0]), vec![1, 3]);
}

#[test]
fn other_401_substatus_and_plain_traffic_are_not_legs() {
    let r = group(
        true,
        &[
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 52.1.2.3 - - 401 0 0 3",
            "2024-11-05 13:23:14 10.0.0.5 GET /owa/auth/logon.aspx - 443 - 10.9.9.9 Mozilla/5.0 - 200 0 0 5",
            "2024-11-05 13:23:14 10.0.0.5 GET /owa/ - 443 CONTOSO\\bob 10.9.9.9 Mozilla/5.0 - 200 0 0 5",
        ],
    );
    let kept = GroupResult {
        keep_success: true,
        ..GroupResult::default()
    };
    assert_eq!(r, kept);
}

/// Healthy Exchange traffic: Outlook MAPI with NTLM and Kerberos, keep-alive requests, probes.
fn healthy_lines(n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut sec = 0u32;
    let mut i = 0usize;
    while out.len() < n {
        let t = format!(
            "2024-11-05 {:02}:{:02}:{:02}",
            8 + sec / 3600 % 12,
            sec / 60 % 60,
            sec % 60
        );
        let client = format!("10.1.{}.{}", i % 7, i % 13);
        let ua = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5254;+Pro)";
        let pre = format!("{t} 10.0.0.5 POST /mapi/emsmdb/ mailboxId=x@contoso.com 443");
        match i % 4 {
            0 => {
                out.push(format!("{pre} - {client} {ua} - 401 2 5 0"));
                out.push(format!("{pre} - {client} {ua} - 401 1 2148074254 0"));
                out.push(format!("{pre} CONTOSO\\u{i} {client} {ua} - 200 0 0 15"));
            }
            1 => {
                out.push(format!("{pre} - {client} {ua} - 401 2 5 0"));
                out.push(format!("{pre} CONTOSO\\u{i} {client} {ua} - 200 0 0 15"));
            }
            2 => {
                out.push(format!(
                    "{t} 10.0.0.5 GET /owa/ - 443 - {client} Mozilla/5.0 - 401 2 5 0"
                ));
            }
            _ => {
                for _ in 0..5 {
                    out.push(format!("{pre} CONTOSO\\u{i} {client} {ua} - 200 0 0 1500"));
                }
            }
        }
        i += 1;
        if i.is_multiple_of(3) {
            sec += 1;
        }
    }
    out
}

#[test]
fn healthy_traffic_has_no_failed_or_abandoned_handshakes() {
    let lines = healthy_lines(5_000);
    let mut g = HandshakeGrouper::new(false);
    feed_owned(&mut g, 0, EX01, &lines);
    let r = g.finish();
    let probe = |h: &Handshake| h.abandoned_at == Some(AbandonedAt::Anonymous);
    assert!(r.handshakes.iter().all(probe), "{:?}", r.handshakes.first());
    assert_eq!(count(&r, HandshakeOutcome::Failed, None), 0);
    assert!(r.counts.iter().all(|c| {
        c.outcome == HandshakeOutcome::Success || c.abandoned_at == Some(AbandonedAt::Anonymous)
    }));
    let success: u64 = r.counts.iter().map(|c| c.count).sum();
    assert!(success > 800, "{success}");
    assert!(r.lone_anonymous > 100);
}

#[test]
fn grouping_a_million_healthy_lines_keeps_state_bounded() {
    let block = healthy_lines(2_000);
    let mut g = HandshakeGrouper::new(false);
    let mut fed = 0u64;
    let mut max_keys = 0;
    let mut max_open = 0;
    let parsed: Vec<_> = block
        .iter()
        .enumerate()
        .map(|(i, l)| testlog::rec(i as u64 + 1, EX01, l))
        .collect();
    while fed < 1_000_000 {
        for base in &parsed {
            let mut r = *base;
            r.line += fed;
            // keep the clock moving so every block is a new stretch of time
            r.ts = r.ts.plus_ms(fed as i64 * 10);
            let Ok(_) = g.request(SourceId(0), &r);
        }
        fed += block.len() as u64;
        max_keys = max_keys.max(g.keys());
        max_open = max_open.max(g.open());
    }
    assert!(max_keys < 200, "keys grew to {max_keys}");
    assert!(max_open < 200, "open grew to {max_open}");
    let r = g.finish();
    assert!(
        r.handshakes
            .iter()
            .all(|h| h.abandoned_at == Some(AbandonedAt::Anonymous))
    );
    assert_eq!(r.counts.len(), 2, "{:?}", r.counts);
}

#[test]
fn steady_healthy_traffic_stops_allocating() {
    let block = healthy_lines(3_000);
    let parsed: Vec<_> = block
        .iter()
        .enumerate()
        .map(|(i, l)| testlog::rec(i as u64 + 1, EX01, l))
        .collect();
    let mut g = HandshakeGrouper::new(false);
    let mut settled = None;
    for round in 0..12i64 {
        for base in &parsed {
            let mut r = *base;
            r.ts = r.ts.plus_ms(round * 3_600_000);
            let Ok(_) = g.request(SourceId(0), &r);
        }
        if round == 3 {
            settled = Some(g.footprint());
        }
    }
    assert_eq!(Some(g.footprint().0), settled.map(|s| s.0));
    let r = g.finish();
    assert!(
        r.handshakes
            .iter()
            .all(|h| h.outcome == HandshakeOutcome::Abandoned),
        "a successful handshake was kept"
    );
}

#[test]
fn source_change_closes_open_handshakes() {
    let mut g = HandshakeGrouper::new(false);
    feed(
        &mut g,
        0,
        EX01,
        &[
            "2024-11-05 23:59:59 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
        ],
    );
    assert_eq!(g.open(), 1);
    feed(
        &mut g,
        1,
        EX01,
        &["2024-11-03 00:00:00 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0"],
    );
    assert_eq!(g.open(), 1);
    let r = g.finish();
    assert_eq!(r.handshakes.len(), 2);
    assert!(
        r.handshakes
            .iter()
            .all(|h| h.outcome == HandshakeOutcome::Abandoned)
    );
    assert_eq!(r.lone_anonymous, 1);
}

#[test]
fn merge_adds_counts_and_sorts() {
    let a = group(
        false,
        &[
            "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
        ],
    );
    let mut b = group(
        false,
        &[
            "2024-11-05 13:20:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
        ],
    );
    b.merge(a);
    assert_eq!(b.handshakes.len(), 2);
    assert!(b.handshakes[0].start < b.handshakes[1].start);
    assert_eq!(b.counts.len(), 1);
    assert_eq!(b.counts[0].count, 2);
}

fn arb_line() -> impl Strategy<Value = (u8, u8, u8, u8, u32)> {
    // (client, status kind, uri, seconds to advance, time-taken)
    (0u8..3, 0u8..7, 0u8..2, 0u8..4, 0u32..40_000)
}

proptest! {
    #[test]
    fn random_sequences_never_panic_and_legs_are_used_once(
        seq in proptest::collection::vec(arb_line(), 0..300),
        keep in any::<bool>(),
        split in 0usize..300,
    ) {
        let mut sec = 0u32;
        let mut lines = Vec::new();
        for (client, kind, uri, adv, tt) in seq {
            sec += u32::from(adv);
            let t = format!("2024-11-05 10:{:02}:{:02}", sec / 60 % 60, sec % 60);
            let uri = ["/EWS/mrsproxy.svc", "/mapi/nspi/"][uri as usize];
            let (user, st) = match kind {
                0 => ("-", "401 2 5"),
                1 => ("-", "401 1 2148074254"),
                2 => ("-", "401 1 2148074310"),
                3 => ("-", "401 1 2148074248"),
                4 => ("CONTOSO\\x", "200 0 0"),
                5 => ("-", "401 0 0"),
                _ => ("-", "500 0 64"),
            };
            lines.push(format!("{t} 10.0.0.5 POST {uri} - 443 {user} 10.0.0.{client} - - {st} {tt}"));
        }
        let split = split.min(lines.len());
        let mut g = HandshakeGrouper::new(keep);
        feed_owned(&mut g, 0, EX01, &lines[..split]);
        feed_owned(&mut g, 1, EX01, &lines[split..]);
        let r = g.finish();
        let mut seen = std::collections::HashSet::new();
        for h in &r.handshakes {
            prop_assert!(!h.legs.is_empty());
            for l in &h.legs {
                prop_assert!(seen.insert((l.source, l.line)), "leg used twice");
            }
        }
        let total: u64 = r.counts.iter().map(|c| c.count).sum();
        let kept = r.handshakes.len() as u64;
        if keep {
            prop_assert_eq!(total, kept);
        } else {
            prop_assert!(total >= kept);
        }
    }
}

#[test]
fn every_handshake_is_kept_however_many_succeeded_before_a_failure() {
    let mut lines = healthy_lines(400);
    let bad = "2024-11-05 21:00:00 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401";
    lines.push(format!("{bad} 2 5 0"));
    lines.push(format!("{bad} 1 2148074254 0"));
    lines.push(format!("{bad} 1 2148074310 1"));
    let mut g = HandshakeGrouper::new(true);
    feed_owned(&mut g, 0, EX01, &lines);
    let r = g.finish();
    let ok = |h: &&Handshake| h.outcome == HandshakeOutcome::Success;
    let counted: u64 = r
        .counts
        .iter()
        .filter(|t| t.outcome == HandshakeOutcome::Success)
        .map(|t| t.count)
        .sum();
    assert!(counted > 10);
    assert_eq!(
        r.handshakes.iter().filter(ok).count() as u64,
        counted,
        "every success kept"
    );
    let failed: Vec<_> = r
        .handshakes
        .iter()
        .filter(|h| h.outcome == HandshakeOutcome::Failed)
        .collect();
    assert_eq!(failed.len(), 1, "the failure after them is kept");
    assert_eq!(failed[0].failure_code, Some(2_148_074_310));
}

/// A load balancer (c-ip 10.1.0.5) carrying ten users; the migration account's challenge on
/// EX01 (line 31) at 10:00:10 is answered on EX02, which fails; `answer_at` is when user 1's
/// next request through the same address reaches EX01 (line 32).
fn shared_lb(keep: bool, answer_at: &str) -> GroupResult {
    let pre = "10.0.0.5 POST /EWS/Exchange.asmx - 443";
    let ua = "10.1.0.5 Microsoft+Office/16.0 -";
    let mut ex01 = Vec::new();
    for u in 0..BUSY_USERS {
        let t = format!("2024-11-05 10:00:0{}", u / 2);
        ex01.push(format!("{t} {pre} - {ua} 401 2 5 0"));
        ex01.push(format!("{t} {pre} - {ua} 401 1 2148074254 0"));
        ex01.push(format!("{t} {pre} CONTOSO\\user{u} {ua} 200 0 0 0"));
    }
    ex01.push(format!(
        "2024-11-05 10:00:10 {pre} - {ua} 401 1 2148074254 0"
    ));
    ex01.push(format!(
        "2024-11-05 {answer_at} {pre} CONTOSO\\user1 {ua} 200 0 0 0"
    ));
    let ex02 = [format!(
        "2024-11-05 10:00:10 10.0.0.6 POST /EWS/Exchange.asmx - 443 - {ua} 401 1 2148074248 0"
    )];
    let mut g = HandshakeGrouper::new(keep);
    feed_owned(&mut g, 0, "EX01", &ex01);
    let mut r = g.finish_unresolved();
    let mut g = HandshakeGrouper::new(keep);
    feed_owned(&mut g, 1, "EX02", &ex02);
    r.merge(g.finish_unresolved());
    r.resolve();
    r
}

fn legs_at(h: &Handshake) -> Vec<(u16, u64)> {
    h.legs
        .iter()
        .map(|l| (l.source.0, u64::from(l.line)))
        .collect()
}

#[test]
fn a_shared_address_makes_grouping_a_guess_and_says_so() {
    let r = shared_lb(true, "10:00:30");
    let ok: Vec<_> = r
        .handshakes
        .iter()
        .filter(|h| h.outcome == HandshakeOutcome::Success)
        .collect();
    assert_eq!(ok.len(), 10);
    for h in &r.handshakes {
        assert_eq!(h.shared_users, 10, "{h:?}");
        assert_eq!(h.confidence, Confidence::Low);
        assert!(
            h.grouping_words()
                .starts_with("grouping guessed: 10.1.0.5 carries 10 users"),
            "{}",
            h.grouping_words()
        );
    }
}

#[test]
fn a_challenge_is_not_glued_to_a_later_request_of_another_user() {
    // Alice's request 3 s after the challenge is her own traffic, not its answer.
    for keep in [false, true] {
        let r = shared_lb(keep, "10:00:13");
        let failed: Vec<_> = r
            .handshakes
            .iter()
            .filter(|h| h.outcome == HandshakeOutcome::Failed)
            .collect();
        assert_eq!(failed.len(), 1, "{:#?}", r.handshakes);
        assert_eq!(legs_at(failed[0]), vec![(0, 31), (1, 1)]);
        assert!(r.handshakes.iter().all(|h| !legs_at(h).contains(&(0, 32))));
        assert_eq!(count(&r, HandshakeOutcome::Success, None), 10);
        assert_eq!(count(&r, HandshakeOutcome::Abandoned, None), 0);
    }
    // EX01 alone, behind a proxy carrying ten users: the challenge stays unanswered.
    let pre = "2024-11-05 10:00";
    let tail = "10.0.0.5 POST /EWS/Exchange.asmx - 443";
    let ua = "10.1.0.5 Microsoft+Office/16.0 -";
    let mut lines = Vec::new();
    for u in 0..BUSY_USERS {
        lines.push(format!("{pre}:{u:02} {tail} - {ua} 401 1 2148074254 0"));
        lines.push(format!(
            "{pre}:{u:02} {tail} CONTOSO\\user{u} {ua} 200 0 0 0"
        ));
    }
    lines.push(format!("{pre}:30 {tail} - {ua} 401 1 2148074254 0"));
    lines.push(format!("{pre}:33 {tail} CONTOSO\\user1 {ua} 200 0 0 0"));
    let mut g = HandshakeGrouper::new(true);
    feed_owned(&mut g, 0, EX01, &lines);
    let r = g.finish();
    let abandoned: Vec<_> = r
        .handshakes
        .iter()
        .filter(|h| h.outcome == HandshakeOutcome::Abandoned)
        .collect();
    assert_eq!(abandoned.len(), 1, "{:#?}", r.handshakes);
    assert_eq!(lines_of(abandoned[0]), vec![21]);
    assert!(
        abandoned[0]
            .grouping_words()
            .contains("10.1.0.5 carries 10 users")
    );
}

#[test]
fn a_split_handshake_takes_its_challenge_back_from_a_guessed_success() {
    // Alice's request 1 s after the challenge is glued to it on EX01 alone; the failed leg on
    // EX02 at the challenge's second is the better answer, in the report and the explorer.
    for keep in [false, true] {
        let r = shared_lb(keep, "10:00:11");
        let failed: Vec<_> = r
            .handshakes
            .iter()
            .filter(|h| h.outcome != HandshakeOutcome::Success)
            .collect();
        assert_eq!(failed.len(), 1, "{:#?}", r.handshakes);
        let h = failed[0];
        assert_eq!(h.outcome, HandshakeOutcome::Failed);
        assert_eq!(h.failure_code, Some(SEC_E_INVALID_TOKEN));
        assert_eq!(
            (h.server.as_str(), h.split.as_deref()),
            ("EX01", Some("EX02"))
        );
        assert_eq!(legs_at(h), vec![(0, 31), (1, 1)]);
        assert_eq!(h.confidence, Confidence::Low);
        assert!(h.grouping_words().contains("split: EX01 then EX02"));
        assert_eq!(
            count(&r, HandshakeOutcome::Success, None),
            10,
            "{:?}",
            r.counts
        );
        assert_eq!(
            count(&r, HandshakeOutcome::Failed, Some(SEC_E_INVALID_TOKEN)),
            1
        );
        let total: u64 = r.counts.iter().map(|c| c.count).sum();
        assert_eq!(total, 11);
        if keep {
            assert_eq!(r.handshakes.len(), 11, "the guessed success is gone");
        }
    }
}

#[test]
fn forwarded_for_keeps_the_device_in_the_middle() {
    let r = group(
        false,
        &[
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.0.250 - - 401 1 2148074254 0 203.0.113.7",
            "2024-11-05 10:00:00 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.0.250 - - 401 1 2148074310 0 203.0.113.7",
            "2024-11-05 10:00:05 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.0.9 - - 401 1 2148074310 0",
        ],
    );
    let via: Vec<_> = r
        .handshakes
        .iter()
        .map(|h| (h.client.as_str(), h.via.as_deref()))
        .collect();
    assert_eq!(
        via,
        vec![("203.0.113.7", Some("10.0.0.250")), ("10.0.0.9", None)]
    );
    assert_eq!(r.handshakes[0].confidence, Confidence::High);
    assert_eq!(r.handshakes[1].confidence, Confidence::Medium, "single leg");
}

/// The grouping words as first written (a list of phrases joined), to hold the one-string
/// writer to the same text.
fn words_reference(h: &Handshake) -> String {
    let users = if u32::from(h.shared_users) >= USERS_CAP {
        format!("{USERS_CAP}+")
    } else {
        h.shared_users.to_string()
    };
    let lead = match h.confidence {
        Confidence::High => "grouping sure",
        Confidence::Medium => "grouping likely",
        Confidence::Low => "grouping guessed",
    };
    let mut why = Vec::new();
    if h.legs.len() < 2 {
        why.push("single leg".to_string());
    } else if !h.untied && h.split.is_none() {
        // X-Forwarded-For names a client, not a connection: with others open at once it
        // names only the client.
        why.push(match (&h.via, h.concurrent) {
            (Some(_), 0) => "legs tied by X-Forwarded-For".to_string(),
            (Some(_), _) => "client named by X-Forwarded-For".to_string(),
            (None, 0) => "legs tied by client port".to_string(),
            (None, _) => "legs on one client port".to_string(),
        });
    }
    if h.untied && h.shared_users >= 2 {
        why.push(format!(
            "{} carries {users} users",
            crate::wording::client(&h.client)
        ));
    }
    if h.concurrent > 0 && h.legs.len() >= 2 {
        why.push(format!(
            "{} handshakes open together within {} s",
            h.concurrent + 1,
            WINDOW_MS / 1000
        ));
    }
    if let Some(s) = &h.split {
        why.push(format!("split: {} then {s}", h.server));
    }
    if why.is_empty() && h.client.is_empty() {
        why.push("no overlapping handshakes, client not logged".to_string());
    } else if why.is_empty() {
        why.push("one client, no overlapping handshakes".to_string());
    }
    format!("{lead}: {}", why.join(", "))
}

#[test]
fn grouping_words_read_the_same_for_every_kind_of_evidence() {
    let r = group(
        true,
        &[
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
            "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
            "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
        ],
    );
    let base = r.handshakes[0].clone();
    let mut seen = 0;
    for legs in [1, 3] {
        for untied in [false, true] {
            for split in [None, Some("EX02".to_string())] {
                for via in [None, Some("10.20.0.11".to_string())] {
                    for shared_users in [0, 1, 2, 37, USERS_CAP, USERS_CAP + 5] {
                        for concurrent in [0, 3] {
                            let mut h = base.clone();
                            h.legs = h.legs[..legs].into();
                            h.untied = untied;
                            h.split = split.clone().map(Text::from);
                            h.via = via.as_deref().map(Text::from);
                            h.shared_users = u8::try_from(shared_users).unwrap();
                            h.concurrent = concurrent;
                            for confidence in
                                [Confidence::High, Confidence::Medium, Confidence::Low]
                            {
                                h.confidence = confidence;
                                assert_eq!(h.grouping_words(), words_reference(&h), "{h:?}");
                                seen += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(seen, 2 * 2 * 2 * 2 * 6 * 2 * 3);
}

#[test]
fn merging_all_sources_at_once_equals_merging_one_by_one() {
    let source = |id: u16, lines: &[&str]| {
        let mut g = HandshakeGrouper::new(true);
        feed(&mut g, id, &format!("EX0{id}"), lines);
        g.finish_unresolved()
    };
    let results = || {
        vec![
            source(
                1,
                &[
                    "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
                    "2024-11-05 13:25:00 10.0.0.5 POST /owa/ - 443 - 10.0.5.21 - - 401 2 5 0",
                ],
            ),
            source(
                2,
                &[
                    "2024-11-05 13:20:15 10.0.0.6 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
                    "2024-11-05 13:24:00 10.0.0.6 POST /EWS/mrsproxy.svc - 443 - 10.0.5.22 - - 401 1 2148074254 0",
                ],
            ),
            source(3, &[]),
            source(
                4,
                &["2024-11-05 13:21:00 10.0.0.7 POST /owa/ - 443 - 10.0.5.23 - - 401 2 5 0"],
            ),
        ]
    };
    let mut one_by_one = GroupResult::default();
    for r in results() {
        one_by_one.merge(r);
    }
    let at_once = GroupResult::merge_all(results());
    assert_eq!(at_once, one_by_one);
    assert_eq!(at_once.handshakes.len(), 5);
    assert!(at_once.handshakes.is_sorted_by_key(|h| h.start));
}

/// The text report's load (`listed`): an unanswered challenge 4 s before its client's failure
/// on another server is still built and joined into the split handshake; a challenge of
/// another client and a lone anonymous leg are only counted; the challenge among the file's
/// last seconds is built (the next file may answer it, or the log ends with it).
#[test]
fn a_listing_load_keeps_the_challenge_a_split_failure_needs_and_counts_the_rest() {
    let ews = "POST /EWS/Exchange.asmx - 443 -";
    let ua = "ExchangeServicesClient/15.20 -";
    let mut g = HandshakeGrouper::new(false).listed(Some(0));
    feed_owned(
        &mut g,
        0,
        "EX01",
        &[
            format!("2024-11-05 10:00:00 10.0.0.5 {ews} 10.0.0.250 {ua} 401 2 5 0"),
            format!("2024-11-05 10:00:00 10.0.0.5 {ews} 10.0.0.250 {ua} 401 1 2148074254 0"),
            format!("2024-11-05 10:00:01 10.0.0.5 {ews} 10.0.0.77 {ua} 401 1 2148074254 0"),
            format!("2024-11-05 10:00:02 10.0.0.5 {ews} 10.0.0.78 {ua} 401 2 5 0"),
            // The log goes on: the anonymous leg above is not among its last seconds (which
            // are kept for the next file of a rotated log).
            format!("2024-11-05 10:00:10 10.0.0.5 {ews} 10.0.0.79 {ua} 401 1 2148074254 0"),
        ],
    );
    let first = std::mem::replace(&mut g, HandshakeGrouper::new(false).listed(Some(0)));
    feed_owned(
        &mut g,
        1,
        "EX02",
        &[format!(
            "2024-11-05 10:00:04 10.0.0.6 {ews} 10.0.0.250 {ua} 401 1 2148074248 0"
        )],
    );
    let mut r = GroupResult::merge_all(vec![first.finish_unresolved(), g.finish_unresolved()]);
    r.resolve();
    let clients: Vec<&str> = r.handshakes.iter().map(|h| h.client.as_str()).collect();
    assert_eq!(
        clients,
        vec!["10.0.0.250", "10.0.0.79"],
        "{:#?}",
        r.handshakes
    );
    let split = &r.handshakes[0];
    assert_eq!(split.split.as_deref(), Some("EX02"));
    let legs: Vec<_> = split.legs.iter().map(|l| (l.source.0, l.line)).collect();
    assert_eq!(legs, vec![(0, 1), (0, 2), (1, 1)]);
    assert_eq!(r.unkept, 2, "the other challenge and the anonymous leg");
}

/// What a kept handshake costs in place: its strings are shared (key, user names), so a busy
/// load's hundreds of thousands of handshakes stay small; a parked one is a few bytes
/// (`parked.rs` tests).
#[test]
fn kept_handshakes_stay_small() {
    assert!(std::mem::size_of::<Handshake>() <= 56);
    assert_eq!(std::mem::size_of::<Option<CallIx>>(), 4);
    assert!(std::mem::size_of::<Leg>() <= 24);
    // An open handshake's legs, which codes their line did not log included.
    assert!(std::mem::size_of::<super::pending::PendingLeg>() <= 40);
}

/// Every value a leg is built with reads back as it was, whether its fields are shared (the
/// grouper's legs) or its own, at the extremes too: offsets past four gigabytes, the largest
/// line, codes of every width, a `sc-win32-status` that is not a number.
fn leg_round_trip(
    source: u16,
    line: u64,
    offset: u64,
    ts: i64,
    codes: (u16, u16, Option<u32>),
    user: &str,
    shared: &mut super::text::SharedFields,
) -> Result<(), TestCaseError> {
    let (status, substatus, win32) = codes;
    let pending = super::pending::PendingLeg {
        line,
        offset,
        ts,
        status,
        substatus,
        win32,
        unlogged: Default::default(),
    };
    let source = SourceId(source);
    let odd = win32.is_none().then_some("0x8009030C");
    let leg = pending.to_leg(source, Text::from(user), odd, shared);
    let own = Leg::new(
        source,
        Leg::line_of(line),
        offset,
        UtcMs(ts),
        Text::from(user),
        (status, substatus, win32.unwrap_or(0)),
    );
    for l in [&leg, &own] {
        prop_assert_eq!(l.source, source);
        prop_assert_eq!(l.line, Leg::line_of(line));
        prop_assert_eq!(l.offset(), offset);
        prop_assert_eq!(l.ts, UtcMs(ts));
        prop_assert_eq!((l.status, l.substatus), (status, substatus));
        prop_assert_eq!(l.win32, win32.unwrap_or(0));
        prop_assert_eq!(l.user.as_str(), user);
    }
    prop_assert_eq!(leg.win32_code(), win32);
    prop_assert_eq!(leg.win32_text(), odd);
    prop_assert_eq!(own.win32_text(), None);
    let mut moved = own.clone();
    moved.set_offset(offset ^ (1 << 40) ^ 1);
    prop_assert_eq!(moved.offset(), offset ^ (1 << 40) ^ 1);
    prop_assert_eq!(own.offset(), offset, "a copy's change leaves the original");
    Ok(())
}

proptest! {
    #[test]
    fn legs_keep_every_value(
        source in any::<u16>(),
        line in prop_oneof![any::<u64>(), 0..10_000u64, Just(u64::MAX)],
        offset in prop_oneof![any::<u64>(), 0..(1u64 << 33), Just(u64::MAX), Just(1u64 << 32)],
        ts in prop_oneof![any::<i64>(), Just(i64::MIN), Just(i64::MAX)],
        codes in (any::<u16>(), any::<u16>(), proptest::option::of(any::<u32>())),
        user in prop_oneof![Just(String::new()), "[A-Za-z\\\\]{1,12}"],
    ) {
        let mut shared = super::text::SharedFields::default();
        leg_round_trip(source, line, offset, ts, codes, &user, &mut shared)?;
        // Shared fields hand back the same values again.
        leg_round_trip(source, line, offset, ts, codes, &user, &mut shared)?;
    }
}

proptest! {
    #[test]
    fn call_indexes_keep_every_value_below_the_largest(i in prop_oneof![any::<u32>(), Just(0u32), Just(u32::MAX - 1)]) {
        prop_assert_eq!(CallIx::new(i).map(CallIx::get), (i != u32::MAX).then_some(i));
    }
}

#[test]
fn legs_keep_the_extremes_and_share_fields_within_four_gigabytes() {
    let mut shared = super::text::SharedFields::default();
    for offset in [0, u64::from(u32::MAX), 1 << 32, u64::MAX] {
        for codes in [
            (0, 0, Some(0)),
            (u16::MAX, u16::MAX, Some(u32::MAX)),
            (401, 1, None),
        ] {
            leg_round_trip(u16::MAX, u64::MAX, offset, i64::MIN, codes, "", &mut shared).unwrap();
        }
    }
    let alice = Text::from("CONTOSO\\alice");
    let leg = |offset: u64, shared: &mut super::text::SharedFields| {
        let p = super::pending::PendingLeg {
            line: 1,
            offset,
            ts: 0,
            status: 200,
            substatus: 0,
            win32: Some(0),
            unlogged: Default::default(),
        };
        p.to_leg(SourceId(1), alice.clone(), None, shared)
    };
    let (a, b, c) = (
        leg(10, &mut shared),
        leg(u64::from(u32::MAX), &mut shared),
        leg(1 << 32, &mut shared),
    );
    assert!(std::sync::Arc::ptr_eq(&a.fields, &b.fields));
    assert!(!std::sync::Arc::ptr_eq(&a.fields, &c.fields));
    assert_eq!(c.offset(), 1 << 32);
}

/// A busy load keeps its list of handshakes whole: no spare room from growing it is kept past
/// the end of the grouping (hundreds of thousands of handshakes of 56 bytes each).
#[test]
fn the_kept_list_ends_without_spare_room() {
    let mut lines: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                "2024-11-05 10:{:02}:{:02} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.{}.{} - - 401 1 2148074248 0",
                i / 60 % 60,
                i % 60,
                i / 200,
                i % 200
            )
        })
        .collect();
    lines.push(
        "2024-11-05 10:59:59 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.9.9.9 - - 401 1 2148074254 0"
            .to_string(),
    );
    let mut g = HandshakeGrouper::new(false);
    feed_owned(&mut g, 0, EX01, &lines);
    let r = g.clone().finish_unresolved();
    assert_eq!(r.handshakes.len(), 1001);
    assert_eq!(r.handshakes.capacity(), r.handshakes.len());
}

/// A leg keeps its line number in 32 bits: a line past four billion (a file over a terabyte)
/// is stored as the largest one, never wrapped to a small line of the file's start; its offset
/// stays exact.
#[test]
fn a_line_past_four_billion_stays_at_the_largest_line_never_wraps() {
    let far = u64::from(u32::MAX) + 7;
    let pending = super::pending::PendingLeg {
        line: far,
        offset: 1 << 41,
        ts: 0,
        status: 200,
        substatus: 0,
        win32: Some(0),
        unlogged: Default::default(),
    };
    let leg = pending.to_leg(
        crate::source::SourceId(0),
        Text::default(),
        None,
        &mut super::text::SharedFields::default(),
    );
    assert_eq!(leg.line, Leg::LINE_MAX);
    assert_eq!(leg.offset(), 1 << 41);
    assert_eq!(Leg::line_of(u64::from(u32::MAX)), u32::MAX);
    assert_eq!(Leg::line_of(12), 12);
}

#[test]
fn handshakes_a_second_apart_are_said_open_together_within_the_window_not_at_once() {
    // A stuck client: a new handshake each second, each left at the challenge. They overlap
    // only because each stays open for the grouping window after its last leg.
    let mut lines = Vec::new();
    for s in 0..6 {
        for status in ["401 2 5", "401 1 2148074254"] {
            lines.push(format!(
                "2024-11-05 13:23:{:02} 10.0.0.5 POST /EWS/Exchange.asmx - 443 - 10.0.5.20 - - {status} 0",
                10 + s
            ));
        }
    }
    let mut g = HandshakeGrouper::new(true);
    feed_owned(&mut g, 0, EX01, &lines);
    let r = g.finish();
    let words: Vec<String> = r.handshakes.iter().map(|h| h.grouping_words()).collect();
    assert!(
        words
            .iter()
            .any(|w| w.contains("handshakes open together within 5 s")),
        "{words:#?}"
    );
    assert!(words.iter().all(|w| !w.contains("at once")), "{words:#?}");
}
