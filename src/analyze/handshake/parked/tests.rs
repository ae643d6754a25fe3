//! Tests of parking: what is parked comes back as it was built, the listed ones first.

use super::super::pending::{Partial, PendingLeg};
use super::super::{HandshakeKey, SEC_E_NO_CREDENTIALS};
use super::{Parked, ParkedList, unpark_listed};
use crate::source::SourceId;
use std::sync::Arc;

fn key(client: usize) -> Arc<HandshakeKey> {
    Arc::new(HandshakeKey {
        server: "EX01".into(),
        client: format!("10.0.{}.{}", client / 250, client % 250).into(),
        via: None,
        method: "POST".into(),
        uri: "/EWS/Exchange.asmx".into(),
        user_agent: "ExchangeServicesClient/15.20".into(),
        split: None,
    })
}

/// A day of abandoned handshakes as a sweep expires them: every few seconds of log time a
/// batch, in slot order rather than time order; every third abandoned at the anonymous leg.
fn day(keys: &[Arc<HandshakeKey>], n: usize) -> Vec<Parked> {
    (0..n)
        .map(|i| {
            let ts = 1_730_764_800_000 + (i as i64 / 40) * 15_000 + (i as i64 * 7_919) % 15_000;
            let line = 1 + (i as u64) * 12 + (i as u64 * 31) % 400;
            let challenged = i % 3 != 0;
            let leg = PendingLeg {
                line,
                offset: line * 287,
                ts,
                status: 401,
                substatus: if challenged { 1 } else { 2 },
                win32: Some(if challenged { SEC_E_NO_CREDENTIALS } else { 5 }),
                unlogged: Default::default(),
            };
            let p = Partial {
                first: leg,
                second: None,
                challenged,
                last_ts: ts,
                concurrent: u32::from(i % 17 == 0),
            };
            Parked::new(Arc::clone(&keys[i % keys.len()]), SourceId(0), &p, true)
        })
        .collect()
}

/// The text report's load parks an unanswered challenge in a few bytes, and a handshake
/// abandoned at the anonymous leg not at all once it cannot be among the first listed: a
/// busy day's hundreds of thousands of abandoned handshakes must not cost a struct each.
#[test]
fn a_parked_challenge_takes_a_few_bytes_and_unlisted_anonymous_legs_none() {
    let keys: Vec<_> = (0..3_000).map(key).collect();
    let mut list = ParkedList::default();
    let all = day(&keys, 100_000);
    let challenges = all.iter().filter(|p| p.p.challenged).count();
    for p in all {
        list.push(p, 50);
    }
    let stored = list.len();
    assert!(
        stored <= challenges + 50,
        "{stored} stored for {challenges} challenges and 50 listed"
    );
    let per = list.bytes() as f64 / stored as f64;
    assert!(per <= 12.0, "{per:.1} bytes a parked handshake");
    let mut kept = Vec::new();
    let dropped = unpark_listed(&mut list, 50, &mut kept);
    assert_eq!(kept.len(), 50);
    let waiting = list.waiting().len();
    assert_eq!(dropped as usize + 50 + waiting, 100_000);
    let challenges_kept = kept
        .iter()
        .filter(|h| h.auth == super::AuthKind::Ntlm)
        .count();
    assert_eq!(waiting, challenges - challenges_kept);
}

/// The first listed are the first by start (then line), whatever order they were parked
/// in, and the challenges past them stay parked, equal to what was parked.
#[test]
fn the_first_listed_are_the_earliest_and_the_rest_stay_as_parked() {
    let keys: Vec<_> = (0..40).map(key).collect();
    let mut all = day(&keys, 5_000);
    all.reverse();
    let mut by_start: Vec<(i64, u64)> =
        all.iter().map(|p| (p.p.first.ts, p.p.first.line)).collect();
    by_start.sort_unstable();
    let mut list = ParkedList::default();
    for p in all.iter().cloned() {
        list.push(p, 7);
    }
    let mut kept = Vec::new();
    unpark_listed(&mut list, 7, &mut kept);
    let mut got: Vec<(i64, u64)> = kept
        .iter()
        .map(|h| (h.start.0, u64::from(h.legs[0].line)))
        .collect();
    got.sort_unstable();
    assert_eq!(got, by_start[..7]);
    let rest: Vec<_> = list
        .waiting()
        .into_iter()
        .map(|(e, key)| (e.first, e.concurrent, key))
        .collect();
    let expected: Vec<_> = all
        .iter()
        .filter(|p| p.p.challenged && !got.contains(&(p.p.first.ts, p.p.first.line)))
        .map(|p| (p.p.first, p.p.concurrent, Arc::clone(&p.key)))
        .collect();
    assert_eq!(rest, expected);
}
