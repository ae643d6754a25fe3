//! The bucketed search against the plain scan it replaces.

use super::super::super::census::Census;
use super::*;
use crate::analyze::handshake::{AuthKind, Confidence, HandshakeOutcome};
use crate::time::UtcMs;
use proptest::prelude::*;
use std::sync::Arc;

const SERVERS: [&str; 3] = ["EX01", "EX02", "EX03"];
const CLIENTS: [&str; 2] = ["10.0.0.1", "10.0.0.2"];
const URIS: [&str; 3] = ["/EWS/Exchange.asmx", "/ews/exchange.asmx", "/mapi/emsmdb/"];

/// One shared key per (server, client, uri), as the grouper shares them: key
/// `server * 6 + client * 3 + uri`.
fn keys() -> Vec<Arc<HandshakeKey>> {
    let mut out = Vec::new();
    for s in SERVERS {
        for c in CLIENTS {
            for u in URIS {
                out.push(Arc::new(HandshakeKey {
                    server: s.into(),
                    client: c.into(),
                    method: "POST".into(),
                    uri: u.into(),
                    user_agent: "test".into(),
                    split: None,
                    via: None,
                }));
            }
        }
    }
    out
}

fn handshake(key: &Arc<HandshakeKey>, start: i64, outcome: HandshakeOutcome) -> Handshake {
    Handshake {
        key: Arc::clone(key),
        start: UtcMs(start),
        legs: Vec::new().into(),
        outcome,
        auth: AuthKind::Ntlm,
        failure_code: None,
        confidence: Confidence::High,
        cmdlet: None,
        concurrent: 0,
        abandoned_at: None,
        shared_users: 0,
        untied: false,
    }
}

/// The search as it was: every unanswered challenge of the (client, lower-case uri) in
/// handshake order, the first that fits.
fn scan(hs: &[Handshake], abandoned: &[usize], h: &Handshake) -> Option<usize> {
    abandoned.iter().copied().find(|&i| {
        let o = &hs[i];
        o.client == h.client
            && o.uri.eq_ignore_ascii_case(&h.uri)
            && o.server != h.server
            && o.start.0 <= h.start.0.saturating_add(1_000)
            && h.start.0.saturating_sub(o.start.0) <= WINDOW_MS + 1_000
    })
}

proptest! {
    #[test]
    fn the_other_half_is_the_one_a_scan_in_handshake_order_finds(
        // (key, start in seconds, failed?): starts out of order at times, many ties.
        items in proptest::collection::vec((0usize..18, 0i64..20, any::<bool>()), 0..60),
        ms in proptest::collection::vec(0i64..1000, 60),
    ) {
        let keys = keys();
        let hs: Vec<Handshake> = items
            .iter()
            .zip(&ms)
            .map(|(&(k, s, failed), &ms)| {
                let outcome = if failed {
                    HandshakeOutcome::Failed
                } else {
                    HandshakeOutcome::Abandoned
                };
                // Whole seconds mostly (IIS stamps), some with milliseconds.
                let start = s * 1_000 + if ms % 3 == 0 { ms } else { 0 };
                handshake(&keys[k], start, outcome)
            })
            .collect();
        let abandoned: Vec<usize> = (0..hs.len())
            .filter(|&i| hs[i].outcome == HandshakeOutcome::Abandoned)
            .collect();
        let census = Census::of(&hs);
        let mut halves = Halves::new(&hs, &census.abandoned_ntlm);
        for h in hs.iter().filter(|h| h.outcome == HandshakeOutcome::Failed) {
            let found = halves
                .other_half(h)
                .map(|o| hs.iter().position(|x| std::ptr::eq(x, o)));
            prop_assert_eq!(found, scan(&hs, &abandoned, h).map(Some));
        }
    }
}

#[test]
fn a_challenge_started_later_but_numbered_first_is_the_answer() {
    let keys = keys();
    // Challenges of client 2 for the uri on EX02 and EX03; the later-starting one comes first.
    let hs = vec![
        handshake(&keys[9], 4_000, HandshakeOutcome::Abandoned),
        handshake(&keys[15], 2_000, HandshakeOutcome::Abandoned),
        handshake(&keys[3], 5_000, HandshakeOutcome::Failed),
    ];
    let census = Census::of(&hs);
    let mut halves = Halves::new(&hs, &census.abandoned_ntlm);
    let o = halves.other_half(&hs[2]).expect("a half");
    assert!(std::ptr::eq(o, &hs[0]));
}
