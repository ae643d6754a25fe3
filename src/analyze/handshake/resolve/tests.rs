//! The cross-source step against a straightforward reference: every lone failed leg compared
//! with every challenge by its strings, every handshake judged through its own key, the list
//! sorted whole. The step reads keys once per shared key and merges appended handshakes in;
//! its handshakes, their order, confidence, counts and the given-up list must be the same.

use super::super::testlog::feed_owned;
use super::*;
use crate::analyze::handshake::WINDOW_MS;
use crate::analyze::handshake::{BUSY_USERS, HandshakeGrouper};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use std::collections::HashSet;
use std::sync::Arc;

/// The challenge a lone failed leg joins, found the plain way: among the challenges of its
/// client, via, method, uri and agent (abandoned ones by their strings, glued ones by their
/// hash) on another server, not yet taken, within the window: the closest in time, an
/// unanswered one before a glued one, the earliest listed first.
fn reference_pairs(r: &GroupResult) -> Vec<(usize, Cand)> {
    let lone = |h: &Handshake| {
        h.outcome == HandshakeOutcome::Failed && h.legs.len() == 1 && h.split.is_none()
    };
    let servers: HashSet<&str> = r.handshakes.iter().map(|h| h.server.as_str()).collect();
    let one = servers.len() <= 1 && r.servers.iter().all(|s| servers.contains(s.as_str()));
    if !r.handshakes.iter().any(lone) || (one && !r.handshakes.is_empty()) {
        return Vec::new();
    }
    let strings = |h: &Handshake| {
        let k = &h.key;
        (
            k.client.clone(),
            k.via.clone(),
            k.method.clone(),
            k.uri.clone(),
            k.user_agent.clone(),
        )
    };
    let mut all: Vec<(i64, Cand)> = Vec::new();
    for (i, h) in r.handshakes.iter().enumerate() {
        if h.abandoned_at == Some(AbandonedAt::Challenge)
            && h.split.is_none()
            && let Some(l) = h.legs.last()
        {
            all.push((l.ts.0, Cand::Abandoned(i)));
        }
    }
    for (j, g) in r.glued.iter().enumerate() {
        all.push((g.challenge().ts, Cand::Glued(j)));
    }
    all.sort_by_key(|&(t, _)| t);
    let mut taken = vec![false; all.len()];
    let mut pairs = Vec::new();
    for (f, h) in r.handshakes.iter().enumerate() {
        if !lone(h) {
            continue;
        }
        let t = h.legs[0].ts.0;
        let mut best: Option<(usize, (i64, bool))> = None;
        for (n, &(c, cand)) in all.iter().enumerate() {
            let fits = match cand {
                Cand::Abandoned(i) => strings(&r.handshakes[i]) == strings(h),
                Cand::Glued(j) => r.glued[j].xkey == key_of(&h.key),
            };
            if taken[n]
                || !fits
                || c < t - WINDOW_MS
                || c > t + EARLY_MS
                || h.server == r.cand_server(cand)
            {
                continue;
            }
            let rank = ((t - c).abs(), matches!(cand, Cand::Glued(_)));
            if best.is_none_or(|(_, b)| rank < b) {
                best = Some((n, rank));
            }
        }
        if let Some((n, _)) = best {
            taken[n] = true;
            pairs.push((f, all[n].1));
        }
    }
    pairs
}

/// The open halves a rest can continue, the plain way: a failed one the one its first leg
/// follows, a successful one (kept, or noted aside near a file's start) an anonymous leg when
/// it begins at its challenge, either kind when it begins with credentials.
fn kinds(h: &Handshake) -> Vec<AbandonedAt> {
    if h.split.is_some() {
        return Vec::new();
    }
    let first = h.legs.first();
    let challenge = first.is_some_and(|l| {
        (l.status, l.substatus, l.win32) == (401, 1, super::super::SEC_E_NO_CREDENTIALS)
    });
    match h.outcome {
        HandshakeOutcome::Failed => rotation::wants(h).into_iter().collect(),
        HandshakeOutcome::Success if challenge => vec![AbandonedAt::Anonymous],
        HandshakeOutcome::Success if first.is_some_and(|l| l.status != 401) => {
            vec![AbandonedAt::Challenge, AbandonedAt::Anonymous]
        }
        _ => Vec::new(),
    }
}

/// The halves of handshakes cut by a log rotation, found the plain way: every open half
/// against the earliest rest of its key and kind in every other file (the handshakes, then
/// the successes noted aside).
fn reference_rotated(r: &GroupResult) -> Vec<(i64, usize, usize)> {
    let all: Vec<&Handshake> = r.handshakes.iter().chain(&r.rests).collect();
    let strings = |h: &Handshake| {
        (
            h.server.clone(),
            h.client.clone(),
            h.via.clone(),
            h.method.clone(),
            h.uri.clone(),
            h.user_agent.clone(),
        )
    };
    let mut fits = Vec::new();
    for (a, open) in r.handshakes.iter().enumerate() {
        let (Some(at), Some(last), None) = (open.abandoned_at, open.legs.last(), &open.split)
        else {
            continue;
        };
        for (b, rest) in all.iter().enumerate() {
            let Some(first) = rest.legs.first() else {
                continue;
            };
            if !kinds(rest).contains(&at) {
                continue;
            }
            // The earliest of its key, file and kind (ties by index).
            let earliest = all.iter().enumerate().all(|(o, other)| {
                let Some(f) = other.legs.first() else {
                    return true;
                };
                o == b
                    || !kinds(other).contains(&at)
                    || f.source != first.source
                    || strings(other) != strings(rest)
                    || (f.ts.0, o) > (first.ts.0, b)
            });
            let gap = first.ts.0 - last.ts.0;
            if earliest && rotation::fits_after(gap, open, rest) {
                fits.push((gap, b, a));
            }
        }
    }
    fits
}

/// [`GroupResult::resolve_given_up`] the plain way.
fn reference(mut r: GroupResult) -> (GroupResult, Vec<Handshake>) {
    r.unpark();
    let rotated = reference_rotated(&r);
    let mut given_up = r.apply_rotated(rotated);
    let pairs = reference_pairs(&r);
    given_up.extend(r.apply_joins(pairs));
    r.clients.settle();
    let users = r.users.clone();
    for h in r.handshakes.iter_mut() {
        if h.untied {
            h.shared_users = crate::analyze::handshake::shared_users(users.count(&h.client));
        }
        h.confidence = h.judge();
    }
    r.handshakes.sort_by(by_order_key);
    r.counts.retain(|c| c.count > 0);
    r.counts.sort_by(tally_order);
    r.glued = Vec::new();
    r.rests = Vec::new();
    let users = r.users.clone();
    r.clients.attach(&users);
    (r, given_up)
}

/// Sources on servers EX01, EX02, EX01 again (the same keys, other allocations), EX03.
const SERVERS: [&str; 4] = ["EX01", "EX02", "EX01", "EX03"];

/// One line: (source, client, kind, user, uri, seconds to advance, tied by a client port).
type Line = (usize, u8, u8, u8, u8, u8, bool);

fn arb_line() -> impl Strategy<Value = Line> {
    (
        0usize..4,
        0u8..3,
        0u8..6,
        0u8..12,
        0u8..2,
        0u8..3,
        proptest::bool::weighted(0.2),
    )
}

/// Each source's result as its grouper left it, merged.
fn grouped(seq: &[Line], keep: bool) -> GroupResult {
    let mut lines: [Vec<String>; 4] = Default::default();
    let mut sec = 0u32;
    for &(source, client, kind, user, uri, adv, tied) in seq {
        sec += u32::from(adv);
        let t = format!("2024-11-05 10:{:02}:{:02}", sec / 60 % 60, sec % 60);
        let uri = ["/EWS/Exchange.asmx", "/mapi/nspi/"][usize::from(uri)];
        let name = format!("CONTOSO\\user{user}");
        let (user, st) = match kind {
            0 => ("-", "401 2 5"),
            1 | 5 => ("-", "401 1 2148074254"),
            2 => ("-", "401 1 2148074248"),
            3 => ("-", "401 1 2148074310"),
            _ => (name.as_str(), "200 0 0"),
        };
        let port = if tied { " - 50123" } else { "" };
        lines[source].push(format!(
            "{t} 10.0.0.{source} POST {uri} - 443 {user} 10.1.0.{client} Client/1.0 - {st} 0{port}"
        ));
    }
    let results = lines
        .iter()
        .enumerate()
        .map(|(s, l)| {
            let mut g = HandshakeGrouper::new(keep);
            feed_owned(&mut g, s as u16, SERVERS[s], l);
            g.finish_unresolved()
        })
        .collect();
    GroupResult::merge_all(results)
}

/// A busy shared address first (so that challenges are glued), then the random lines.
fn with_busy_address(seq: Vec<Line>) -> Vec<Line> {
    let busy = (0..BUSY_USERS as u8).flat_map(|u| {
        [
            (0, 0, 0, u, 0, 0, false),
            (0, 0, 1, u, 0, 0, false),
            (0, 0, 4, u, 0, 1, false),
        ]
    });
    busy.chain(seq).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn the_cross_source_step_equals_the_plain_one(
        seq in proptest::collection::vec(arb_line(), 0..160),
        keep in any::<bool>(),
    ) {
        let r = grouped(&with_busy_address(seq), keep);
        let (want, want_given_up) = reference(r.clone());
        let mut got = r;
        let given_up = got.resolve_given_up();
        prop_assert_eq!(&got.handshakes, &want.handshakes);
        prop_assert_eq!(&given_up, &want_given_up);
        prop_assert_eq!(&got.counts, &want.counts);
        prop_assert_eq!(got, want);
    }
}

#[test]
fn the_generated_loads_join_split_legs_and_share_keys_across_sources() {
    // The property above is worth something only if its loads join legs across servers (also
    // to challenges glued to a guessed success) and list equal keys held apart (the same
    // server in two sources).
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut joins, mut apart, mut glued) = (0, 0, 0);
    for _ in 0..200 {
        let seq = proptest::collection::vec(arb_line(), 0..160)
            .new_tree(&mut runner)
            .map(|t| t.current())
            .unwrap_or_default();
        let mut r = grouped(&with_busy_address(seq), true);
        let same = |a: &Handshake, b: &Handshake| a.key == b.key && !Arc::ptr_eq(&a.key, &b.key);
        apart += usize::from(
            r.handshakes
                .iter()
                .any(|a| r.handshakes.iter().any(|b| same(a, b))),
        );
        let given_up = r.resolve_given_up();
        joins += usize::from(r.handshakes.iter().any(|h| h.split.is_some()));
        glued += usize::from(
            given_up
                .iter()
                .any(|h| h.outcome == HandshakeOutcome::Success),
        );
    }
    assert!(joins > 50, "{joins} of 200 loads joined legs");
    assert!(apart > 50, "{apart} of 200 loads held equal keys apart");
    assert!(glued > 5, "{glued} of 200 loads joined a glued challenge");
}
