//! The leg rows built on any number of threads equal a plain serial definition, field by field,
//! on several servers' logs with handshakes split across servers, overlapping handshakes and
//! rows out of time order.

use super::*;
use crate::analyze::handshake::HandshakeOutcome;
use crate::pipeline::{Analysis, LoadOptions};
use crate::progress::NoProgress;
use std::path::Path;

const HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 10:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

/// A server whose handshakes overlap (clients interleaved) and whose lines go back in time.
fn interleaved(dir: &Path) {
    let server = dir.join("EX09/W3SVC1");
    std::fs::create_dir_all(&server).unwrap();
    let mut log = String::from(HEAD);
    let leg = |log: &mut String, sec: u32, client: u32, user: &str, codes: &str| {
        log.push_str(&format!(
            "2024-11-05 10:00:{sec:02} 10.0.0.19 POST /EWS/Exchange.asmx - 443 {user} 10.9.0.{client} Agent/{client} - {codes} 15\r\n"
        ));
    };
    // Rounds of three clients' handshakes, legs interleaved so that the first to start ends
    // last; every other round is logged with instants earlier than the round before.
    for round in 0..8u32 {
        let sec = if round % 2 == 0 {
            20 + round
        } else {
            10 + round
        };
        for c in [1, 2, 3] {
            leg(&mut log, sec, c, "-", "401 2 5");
        }
        for c in [3, 2, 1] {
            leg(&mut log, sec + 1, c, "-", "401 1 2148074254");
        }
        for c in [2, 3, 1] {
            let codes = if c == 2 {
                "401 1 2148074248"
            } else {
                "200 0 0"
            };
            leg(&mut log, sec + 2, c, "CONTOSO\\u", codes);
        }
    }
    std::fs::write(server.join("u_ex241105.log"), log).unwrap();
}

fn load(dir: &Path) -> Analysis {
    let spec = crate::generate::GenOptions {
        seed: 11,
        bytes: 2 << 20,
        servers: 3,
        days: 1,
        ..crate::generate::GenOptions::default()
    };
    let generated = dir.join("gen");
    crate::generate::generate_tree(&spec, &generated).unwrap();
    interleaved(&dir.join("mine"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let paths = vec![
        generated,
        dir.join("mine"),
        fixtures.join("grouping/shared-lb"),
    ];
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    crate::pipeline::load(&paths, &opts, &NoProgress).unwrap()
}

/// The lookups by their definition, one handshake after the other.
struct Reference {
    rows: Vec<Vec<u32>>,
    spread: (i64, i64),
    finals: Vec<Vec<(u32, u32)>>,
    failed: usize,
}

fn reference(
    requests: &[Arc<RequestIndex>],
    handshakes: &[Handshake],
    index_of: &dyn Fn(SourceId) -> Option<usize>,
) -> Reference {
    let n = requests.len();
    let mut rows = vec![Vec::new(); n];
    let mut finals = vec![Vec::new(); n];
    let (mut lo, mut hi) = (0i64, 0i64);
    for (h, hs) in handshakes.iter().enumerate() {
        let mut last = None;
        for leg in &hs.legs {
            let Some(k) = index_of(leg.source) else {
                continue;
            };
            let Some(row) = requests[k].row_of_line(u64::from(leg.line)) else {
                continue;
            };
            let row = row as u32;
            rows[k].push(row);
            let after = requests[k].ts(row as usize).0 - hs.start.0;
            lo = lo.min(after);
            hi = hi.max(after);
            last = Some((k, row));
        }
        if let Some((k, r)) = last {
            finals[k].push((r, h as u32));
        }
    }
    for (f, idx) in finals.iter_mut().zip(requests) {
        f.sort_by_key(|&(r, h)| (idx.ts(r as usize), r, h));
    }
    for r in &mut rows {
        r.sort_unstable();
        r.dedup();
    }
    let failed = handshakes
        .iter()
        .filter(|h| h.outcome == HandshakeOutcome::Failed)
        .count();
    Reference {
        rows,
        spread: (lo, hi),
        finals,
        failed,
    }
}

fn assert_equal(got: &LegRows, want: &Reference, requests: &[Arc<RequestIndex>], what: &str) {
    assert_eq!(got.failed, want.failed, "{what}: failed");
    assert_eq!(got.spread, want.spread, "{what}: spread");
    assert_eq!(got.finals, want.finals, "{what}: final legs");
    assert_eq!(got.legs.len(), requests.len(), "{what}: leg row sets");
    for (k, idx) in requests.iter().enumerate() {
        let set = &got.legs[k];
        let rows: Vec<u32> = (0..idx.len() as u32 + 70)
            .filter(|&r| set.contains(r))
            .collect();
        assert_eq!(rows, want.rows[k], "{what}: leg rows of index {k}");
    }
}

#[test]
fn leg_rows_on_any_number_of_threads_equal_the_serial_definition() {
    let dir = tempfile::tempdir().unwrap();
    let a = load(dir.path());
    let (requests, handshakes) = (&a.requests, &a.handshakes);
    let position = |s: SourceId| requests.iter().position(|i| i.source == s);
    assert!(requests.len() >= 6, "several servers: {}", requests.len());
    assert!(handshakes.len() > 500, "{}", handshakes.len());
    // What the cut into runs must get right: handshakes whose legs lie on two servers, final
    // legs listed out of row order, rows out of time order.
    let split = handshakes.iter().filter(|h| {
        let mut at = h.legs.iter().filter_map(|l| position(l.source));
        at.next().is_some_and(|first| at.any(|k| k != first))
    });
    assert!(split.count() > 0, "a handshake split across servers");
    let want = reference(requests, handshakes, &position);
    let by_handshake = |k: usize| {
        let mut f = want.finals[k].clone();
        f.sort_by_key(|&(_, h)| h);
        f
    };
    assert!(
        (0..requests.len()).any(|k| !by_handshake(k).is_sorted_by_key(|&(r, _)| r)),
        "final legs come out of row order"
    );
    assert!(
        (0..requests.len()).any(|k| !want.finals[k].is_sorted_by_key(|&(r, _)| r)),
        "rows out of time order"
    );
    assert!(want.spread.0 < 0 || want.spread.1 > 0, "{:?}", want.spread);
    assert!(handshakes.is_sorted_by_key(|h| h.start));
    for parts in [1, 2, 3, 4, 7, handshakes.len() + 5] {
        let got = LegRows::build_in(requests, handshakes, &position, parts);
        assert_equal(&got, &want, requests, &format!("{parts} parts"));
        assert!(got.by_start.is_empty());
    }
    let got = LegRows::build(requests, handshakes, &position);
    assert_equal(&got, &want, requests, "build");
    // Legs of a source that has no index (looked up, then skipped, every time).
    let without = |s: SourceId| position(s).filter(|&k| k != 1);
    let want = reference(requests, handshakes, &without);
    assert!(want.finals[1].is_empty());
    for parts in [1, 3] {
        let got = LegRows::build_in(requests, handshakes, &without, parts);
        assert_equal(&got, &want, requests, &format!("{parts} parts, no index 1"));
    }
}

#[test]
fn handshakes_out_of_start_order_are_looked_up_by_start() {
    let dir = tempfile::tempdir().unwrap();
    let a = load(dir.path());
    let position = |s: SourceId| a.requests.iter().position(|i| i.source == s);
    let mut handshakes = a.handshakes.clone();
    handshakes.reverse();
    let got = LegRows::build_in(&a.requests, &handshakes, &position, 3);
    let want = reference(&a.requests, &handshakes, &position);
    assert_equal(&got, &want, &a.requests, "reversed");
    let mut by_start: Vec<u32> = (0..handshakes.len() as u32).collect();
    by_start.sort_by_key(|&h| handshakes[h as usize].start);
    assert_eq!(got.by_start, by_start);
}

/// A small deterministic generator for the sort tests.
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

#[test]
fn pairs_by_row_equal_the_general_sort_near_sorted_or_not() {
    let mut seed = 7;
    for len in [0usize, 1, 2, 3, 10, 100, 5_000] {
        for spread in [0u64, 1, 3, 40, u64::from(u32::MAX)] {
            let mut f: Vec<(u32, u32)> = (0..len)
                .map(|i| {
                    let jitter = if spread == 0 {
                        0
                    } else {
                        lcg(&mut seed) % (spread + 1)
                    };
                    (
                        ((i as u64 * 4) + jitter).min(u64::from(u32::MAX)) as u32,
                        i as u32,
                    )
                })
                .collect();
            if len > 10 {
                // A repeated row, handshakes out of order among it.
                f[len / 2].0 = f[len / 3].0;
                f.swap(len / 4, len / 5);
            }
            let mut want = f.clone();
            want.sort_unstable();
            order::by_row(&mut f);
            assert_eq!(f, want, "{len} pairs, spread {spread}");
        }
    }
}
