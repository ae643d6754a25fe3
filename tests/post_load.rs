//! The explorer's lookups built after a load (`Data::new`, `Timeline::build`) equal the plain
//! definitions they stand for, on several servers' logs at once and under clock offsets that
//! move sources against each other: handshake steps by the step key of their final leg, the
//! failure list in order, the handshake of every leg row, and call ↔ handshake attribution.

#![allow(clippy::unwrap_used)]

use hcwlens::analyze::correlate::{attribution_window, handshake_start, reaches_mrs as reaches};
use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::pipeline::LoadOptions;
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use hcwlens::tui::model::clock::Clock;
use hcwlens::tui::model::data::Data;
use hcwlens::tui::model::row::RowRef;
use hcwlens::tui::model::timeline::{FailureKind, StepKey, Timeline, failure_key, step_key};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Three generated servers over two days plus scenarios with HCW calls and their IIS logs.
fn load(generated: &Path) -> Data {
    let spec = hcwlens::generate::GenOptions {
        seed: 5,
        bytes: 3 << 20,
        servers: 3,
        days: 2,
        ..hcwlens::generate::GenOptions::default()
    };
    hcwlens::generate::generate_tree(&spec, generated).unwrap();
    let paths = vec![
        generated.to_path_buf(),
        fixtures().join("scenarios/hcw-clock-skew"),
        fixtures().join("scenarios/ep-tls-offload"),
        fixtures().join("scenarios/busy-front-end"),
        fixtures().join("grouping"),
    ];
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let a = hcwlens::pipeline::load(&paths, &opts, &NoProgress).unwrap();
    Data::new(a)
}

/// Clocks: none, each W3C source shifted on its own, HCW shifted, and all shifted apart.
fn clocks(data: &Data) -> Vec<Clock> {
    let mut out = vec![Clock::default()];
    let mut all = Clock::default();
    for (i, s) in data.analysis.sources.iter().enumerate() {
        let ms = if i % 2 == 0 { 7_000 } else { -3_500 } * (i as i64 + 1);
        all.set_offset(s.id, ms);
        if s.kind == SourceKind::Hcw || i % 3 == 0 {
            let mut c = Clock::default();
            c.set_offset(s.id, -ms);
            out.push(c);
        }
    }
    out.push(all);
    out
}

#[test]
fn lookups_equal_their_definitions_across_servers_and_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(dir.path());
    let a = &data.analysis;
    let iis = a.requests.len();
    assert!(iis >= 4, "several W3C sources: {iis}");
    assert!(a.handshakes.len() > 1_000, "{}", a.handshakes.len());
    assert!(
        a.cmdlets.iter().any(|c| c.line > 0),
        "calls to attribute handshakes to"
    );
    assert!(check(&data) > 0, "some handshakes belong to calls");
}

const HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 13:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

/// A failed NTLM handshake (anonymous, challenge, failure) of `client` at `hh:mm:ss`.
fn failed_at(time: &str, client: &str) -> String {
    let leg = |codes: &str| {
        format!(
            "2024-11-05 {time} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - {client} - - {codes} 0\r\n"
        )
    };
    [
        leg("401 2 5"),
        leg("401 1 2148074254"),
        leg("401 1 2148074310"),
    ]
    .concat()
}

#[test]
fn lookups_equal_their_definitions_when_a_log_goes_back_in_time() {
    let dir = tempfile::tempdir().unwrap();
    for (server, shift) in [("EX01", 0), ("EX02", 3)] {
        let mut text = HEAD.to_string();
        // A later block written before an earlier one (a clock set back, files joined).
        for (i, time) in ["13:30:0", "13:30:1", "13:20:0", "13:20:1", "13:25:0"]
            .iter()
            .enumerate()
        {
            for c in 0..3 {
                text += &failed_at(
                    &format!("{time}{}", (c + shift) % 10),
                    &format!("10.0.{i}.{c}"),
                );
            }
        }
        let folder = dir.path().join(server).join("W3SVC1");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("u_ex241105.log"), text).unwrap();
    }
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let a = hcwlens::pipeline::load(&[dir.path().to_path_buf()], &opts, &NoProgress).unwrap();
    assert_eq!(a.handshakes.len(), 30);
    let data = Data::new(a);
    check(&data);
}

/// The lookups hold for handshakes listed in any order, also when a row is a leg of two
/// handshakes (the later one is its handshake).
#[test]
fn lookups_equal_their_definitions_for_handshakes_out_of_start_order() {
    let mut a = hcwlens::pipeline::load(
        &[fixtures().join("scenarios/busy-front-end")],
        &LoadOptions {
            index: true,
            ..Default::default()
        },
        &NoProgress,
    )
    .unwrap();
    assert!(a.handshakes.len() > 10, "{}", a.handshakes.len());
    a.handshakes.reverse();
    let twice = a.handshakes[a.handshakes.len() / 2].clone();
    a.handshakes.insert(1, twice);
    check(&Data::new(a));
}

/// Checks every lookup against its definition under several clocks; the number of handshakes
/// attributed to calls.
fn check(data: &Data) -> usize {
    let a = &data.analysis;
    // Every leg row points at the last handshake it is a leg of.
    let mut want = std::collections::HashMap::new();
    for (h, hs) in a.handshakes.iter().enumerate() {
        for l in &hs.legs {
            if let Some(row) = data.request_row(l.source, u64::from(l.line)) {
                want.insert(row, h);
            }
        }
    }
    for (k, idx) in a.requests.iter().enumerate() {
        for r in 0..idx.len() {
            let row = RowRef::Iis(k as u16, r as u32);
            assert_eq!(data.handshake_of(row), want.get(&row).copied(), "{row:?}");
        }
    }
    let mut attributed = 0;
    for clock in clocks(data) {
        let t = Timeline::build(data, &clock);
        // Steps: handshakes with a loaded final leg, by that leg's step key, then number.
        let mut steps: Vec<(StepKey, u32)> = a
            .handshakes
            .iter()
            .enumerate()
            .filter_map(|(h, hs)| {
                let row = data.final_leg_row(hs)?;
                Some((step_key(data, &clock, row), h as u32))
            })
            .collect();
        steps.sort_unstable();
        let want: Vec<u32> = steps.iter().map(|&(_, h)| h).collect();
        assert_eq!(t.hs_steps, want, "{clock:?}");
        for (i, &(k, _)) in steps.iter().enumerate().step_by(97) {
            assert_eq!(t.steps_where(data, |x| *x < k), i, "{clock:?}");
        }
        // Failures: in order of their rows, each row once, every failed handshake's final leg.
        let keys: Vec<_> = t
            .failures
            .iter()
            .map(|f| failure_key(data, &clock, f.row))
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{clock:?}");
        let mut failed: Vec<usize> = t
            .failures
            .iter()
            .filter_map(|f| match f.kind {
                FailureKind::Handshake(h) => Some(h),
                _ => None,
            })
            .collect();
        failed.sort_unstable();
        let want: Vec<usize> = a
            .handshakes
            .iter()
            .enumerate()
            .filter(|(_, hs)| hs.outcome == HandshakeOutcome::Failed)
            .filter(|(_, hs)| data.final_leg_row(hs).is_some())
            .map(|(h, _)| h)
            .collect();
        assert_eq!(failed, want, "{clock:?}");
        // Attribution: the call whose window holds the start, inside START..FINISH first,
        // then the latest START; each call's handshakes by start.
        let offset = |s| clock.offset(s);
        let mut of_call = vec![Vec::new(); a.cmdlets.len()];
        for (h, hs) in a.handshakes.iter().enumerate() {
            let at = handshake_start(hs, &offset);
            let mut best = None;
            for (c, call) in a.cmdlets.iter().enumerate() {
                let (from, to) = attribution_window(call, clock.offset(call.source));
                if at < from || at > to || !reaches(call) {
                    continue;
                }
                let start = from.plus_ms(hcwlens::analyze::correlate::ATTRIBUTION_TOLERANCE_MS);
                let end = to.plus_ms(-hcwlens::analyze::correlate::ATTRIBUTION_TOLERANCE_MS);
                let outside = if at < start {
                    start.0 - at.0
                } else {
                    (at.0 - end.0).max(0)
                };
                let cand = (outside, std::cmp::Reverse(start), c);
                if best.is_none_or(|b| cand < b) {
                    best = Some(cand);
                }
            }
            let call = best.map(|(_, _, c)| c);
            assert_eq!(t.attribution.call_of(h), call, "{h} {clock:?}");
            if let Some(c) = call {
                of_call[c].push((at, h));
                attributed += 1;
            }
        }
        for (c, mut list) in of_call.into_iter().enumerate() {
            list.sort_unstable();
            let want: Vec<usize> = list.into_iter().map(|(_, h)| h).collect();
            assert_eq!(t.attribution.of_call(c), want.as_slice(), "{c} {clock:?}");
        }
    }
    attributed
}
