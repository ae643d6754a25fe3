//! Handshakes an admin can trust, on every fixture: `]`/`}` never land earlier than the cursor
//! and `[`/`{` never later, in either pane, with or without filters (property test); from a
//! failing test call the first `]` is that call's failed `/EWS/mrsproxy.svc` handshake, even on
//! a busy front end; the report's `handshakes[].cmdlet` and the explorer agree on every
//! attribution; the skew and the latest run are on the first screen.

use crate::corpus;
use crate::explorer;
use crate::scenario;

use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::data::Data;
use hcwlens::tui::model::pane::PaneId;
use hcwlens::tui::model::row::RowRef;
use hcwlens::tui::model::timeline::Timeline;
use hcwlens::tui::update::navigate::{self, Scroll};
use proptest::prelude::*;
use scenario::{press, settings, type_text};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every scenario folder plus the demo.
fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/scenarios"))
        .expect("scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.push(root().join("assets/demo"));
    dirs
}

thread_local! {
    static LOADED: RefCell<HashMap<PathBuf, (Arc<Data>, Timeline)>> = RefCell::new(HashMap::new());
}

/// The explorer on a folder, opened as the app opens it (loaded once per thread).
fn explorer(dir: &Path) -> Model {
    let (data, timeline) = LOADED.with(|c| {
        c.borrow_mut()
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                let opts = LoadOptions {
                    index: true,
                    ..Default::default()
                };
                let a = load(&[dir.to_path_buf()], &opts, &NoProgress).expect("load");
                let data = Data::new(a);
                let t = Timeline::build(&data, &hcwlens::tui::model::clock::Clock::default());
                (Arc::new(data), t)
            })
            .clone()
    });
    let mut m = Model::new(settings(None), (80, 24));
    hcwlens::tui::update::loaded(&mut m, data, timeline);
    m
}

fn scenario(name: &str) -> PathBuf {
    root().join("tests/fixtures/scenarios").join(name)
}

fn note(m: &Model) -> String {
    m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default()
}

/// The detail pane's text.
fn detail(m: &Model) -> String {
    let theme = hcwlens::tui::view::theme::Theme::new(false);
    let (_, lines) = hcwlens::tui::view::detail::content(m, &theme);
    explorer::text(&lines)
}

fn failing_tmsa(m: &Model) -> usize {
    let row = m.cursor_row(PaneId::Hcw).expect("cursor");
    let c = m.data.call_of(row).expect("on a call");
    let call = &m.data.analysis.cmdlets[c];
    assert_eq!(call.name, "Test-MigrationServerAvailability");
    assert_ne!(
        call.outcome,
        hcwlens::analyze::cmdlet::CmdletOutcome::Success
    );
    c
}

#[test]
fn on_a_busy_front_end_the_first_step_from_the_failing_call_is_its_mrsproxy_handshake() {
    let mut m = explorer(&scenario("busy-front-end"));
    assert_eq!(m.focus, PaneId::Hcw);
    let c = failing_tmsa(&m);
    let call_start = m.time_of(m.cursor_row(PaneId::Hcw).expect("row"));
    let text = detail(&m);
    assert!(text.contains("7 IIS handshakes during this call"), "{text}");
    press(&mut m, &["]"]);
    assert_eq!(m.focus, PaneId::Iis);
    let h = m.current_handshake().expect("a handshake");
    let hs = &m.data.analysis.handshakes[h];
    assert_eq!(hs.uri, "/EWS/mrsproxy.svc", "{hs:?}");
    assert_eq!(hs.outcome, HandshakeOutcome::Failed);
    assert_eq!(m.timeline.attribution.call_of(h), Some(c));
    assert!(m.cursor_time().expect("time").0 / 1000 >= call_start.0 / 1000);
    let text = detail(&m);
    assert!(
        text.contains("HCW call") && text.contains("Test-MigrationServerAvailability"),
        "{text}"
    );
    // Every handshake of other users in the 30 s before the call is no call's.
    for (i, hs) in m.data.analysis.handshakes.iter().enumerate() {
        let before = hs.start.0 < call_start.0 - 2_000 && hs.start.0 > call_start.0 - 40_000;
        if before {
            assert_eq!(m.timeline.attribution.call_of(i), None, "{hs:?}");
        }
    }
    // `[` goes back to what happened before the mrsproxy handshake, in time order.
    let here = m.cursor_time().expect("time");
    press(&mut m, &["["]);
    assert!(m.cursor_time().expect("time") <= here);
}

#[test]
fn every_handshake_inside_a_call_window_names_the_call_and_none_outside() {
    let m = explorer(&scenario("busy-front-end"));
    let a = &m.data.analysis;
    let c = a
        .cmdlets
        .iter()
        .position(|c| c.name == "Test-MigrationServerAvailability")
        .expect("call");
    let (from, to) = hcwlens::analyze::correlate::attribution_window(&a.cmdlets[c], 0);
    let mut inside = 0;
    for (h, hs) in a.handshakes.iter().enumerate() {
        let within = from <= hs.start && hs.start <= to;
        inside += usize::from(within);
        let want = within.then_some(c);
        assert_eq!(m.timeline.attribution.call_of(h), want, "{hs:?}");
        assert_eq!(hs.cmdlet.map(|c| c.at()), want, "{hs:?}");
    }
    assert!(inside >= 4, "MAPI, EWS and Autodiscover during the call");
    let mapi = a
        .handshakes
        .iter()
        .enumerate()
        .find(|(_, h)| h.uri.starts_with("/mapi") && from <= h.start && h.start <= to)
        .expect("a MAPI handshake during the call");
    assert_eq!(m.timeline.attribution.call_of(mapi.0), Some(c));
}

#[test]
fn report_json_and_explorer_agree_on_every_attribution() {
    for dir in fixtures() {
        let report = load(
            std::slice::from_ref(&dir),
            &LoadOptions::default(),
            &NoProgress,
        )
        .expect("load");
        let json: serde_json::Value =
            serde_json::from_str(&hcwlens::report::json::render(&report)).expect("json");
        let calls = json["cmdlets"].as_array().expect("cmdlets");
        let call_key = |i: u64| {
            let c = &calls[i as usize];
            (
                c["source"].as_str().unwrap_or_default().to_string(),
                c["line"].as_u64().unwrap_or_default(),
            )
        };
        let m = explorer(&dir);
        let a = &m.data.analysis;
        let explorer_call = |h: usize| {
            m.timeline.attribution.call_of(h).map(|c| {
                let call = &a.cmdlets[c];
                (
                    a.sources[usize::from(call.source.0)]
                        .path
                        .display()
                        .to_string(),
                    call.line,
                )
            })
        };
        let by_final: BTreeMap<(String, u64), usize> = a
            .handshakes
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let leg = h.legs.last()?;
                let path = a.sources[usize::from(leg.source.0)]
                    .path
                    .display()
                    .to_string();
                Some(((path, u64::from(leg.line)), i))
            })
            .collect();
        let list = json["handshakes"].as_array().expect("handshakes");
        for hs in list {
            let leg = hs["legs"].as_array().and_then(|l| l.last()).expect("leg");
            let key = (
                leg["source"].as_str().unwrap_or_default().to_string(),
                leg["line"].as_u64().unwrap_or_default(),
            );
            let Some(&h) = by_final.get(&key) else {
                panic!(
                    "{}: report handshake {key:?} not in the explorer",
                    dir.display()
                );
            };
            let reported = hs["cmdlet"].as_u64().map(call_key);
            assert_eq!(reported, explorer_call(h), "{}: {key:?}", dir.display());
        }
        // The explorer's per-call lists are the same table read the other way.
        for (c, list) in m.timeline.attribution.handshakes.iter().enumerate() {
            for &h in list {
                assert_eq!(m.timeline.attribution.call_of(h), Some(c));
            }
        }
    }
}

#[test]
fn an_unapplied_skew_is_on_the_first_screen_and_s_makes_the_first_step_right() {
    let mut m = explorer(&scenario("hcw-clock-skew"));
    assert!(
        note(&m).contains("HCW clock looks 1 min 35 s off — S applies it"),
        "{}",
        note(&m)
    );
    failing_tmsa(&m);
    assert!(detail(&m).contains("HCW clock looks 1 min 35 s off — S applies it"));
    press(&mut m, &["S"]);
    assert!(!detail(&m).contains("looks 1 min 35 s off"));
    let c = failing_tmsa(&m);
    press(&mut m, &["]"]);
    let h = m.current_handshake().expect("handshake");
    assert_eq!(m.data.analysis.handshakes[h].uri, "/EWS/mrsproxy.svc");
    assert_eq!(m.timeline.attribution.call_of(h), Some(c));
}

#[test]
fn nudging_the_clock_resyncs_the_other_pane() {
    let mut m = explorer(&scenario("hcw-clock-skew"));
    assert!(m.clock.sync);
    for keys in [["+"], ["-"], [">"], ["<lt>"]] {
        press(&mut m, &keys);
        let t = m.cursor_time().expect("time");
        let other = m.cursor_row(PaneId::Iis).expect("iis row");
        let near = m.pos_near(PaneId::Iis, t).expect("near");
        assert_eq!(m.pos_of(other), Some(near), "after {keys:?}");
    }
    press(&mut m, &["<Tab>", "+", ">"]);
    let t = m.cursor_time().expect("time");
    let other = m.cursor_row(PaneId::Hcw).expect("hcw row");
    assert_eq!(m.pos_of(other), m.pos_near(PaneId::Hcw, t));
}

/// The whole second of a row (IIS logs whole seconds).
fn second(m: &Model, row: RowRef) -> i64 {
    m.time_of(row).0.div_euclid(1000)
}

/// A wanted handshake's final-leg position in the IIS pane, if shown.
fn landing(m: &Model, h: usize) -> Option<usize> {
    let row = m.data.final_leg_row(&m.data.analysis.handshakes[h])?;
    m.pos_of(row)
}

fn check_step(m: &mut Model, key: &str) -> Result<(), TestCaseError> {
    let forward = matches!(key, "]" | "}");
    let failed_only = matches!(key, "}" | "{");
    let (focus, row) = (m.focus, m.cursor_row(m.focus));
    let Some(row) = row else { return Ok(()) };
    let current = (focus == PaneId::Iis)
        .then(|| m.current_handshake())
        .flatten();
    let iis_pos = m.pane(PaneId::Iis).cursor;
    press(m, &[key]);
    let Some(new) = m.cursor_row(m.focus) else {
        return Ok(());
    };
    if (m.focus, new) == (focus, row) {
        return Ok(());
    }
    prop_assert_eq!(m.focus, PaneId::Iis);
    let h = m.current_handshake();
    prop_assert!(h.is_some(), "landed on a handshake");
    let h = h.unwrap_or_default();
    let hs = &m.data.analysis.handshakes[h];
    prop_assert_eq!(m.data.final_leg_row(hs), Some(new), "on its final leg");
    prop_assert!(
        current != Some(h),
        "the handshake under the cursor is skipped"
    );
    if failed_only {
        prop_assert_eq!(hs.outcome, HandshakeOutcome::Failed);
    }
    let (was, now) = (second(m, row), second(m, new));
    if forward {
        prop_assert!(now >= was, "{key} went back in time: {was} -> {now}");
    } else {
        prop_assert!(now <= was, "{key} went forward in time: {was} -> {now}");
    }
    if focus == PaneId::Iis {
        let pos = m.pane(PaneId::Iis).cursor;
        let onward = if forward {
            pos > iis_pos
        } else {
            pos < iis_pos
        };
        prop_assert!(onward, "{} from IIS position {} to {}", key, iis_pos, pos);
        // Nothing wanted was stepped over.
        let (lo, hi) = if forward {
            (iis_pos, pos)
        } else {
            (pos, iis_pos)
        };
        for (o, other) in m.data.analysis.handshakes.iter().enumerate() {
            if Some(o) == current || (failed_only && other.outcome != HandshakeOutcome::Failed) {
                continue;
            }
            if let Some(p) = landing(m, o) {
                prop_assert!(
                    !(lo < p && p < hi),
                    "{key} stepped over handshake {o} at {p} ({lo}..{hi})"
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn stepping_never_goes_against_time(
        fx in 0usize..64,
        iis in any::<bool>(),
        at in 0.0f64..1.0,
        filter in 0usize..4,
        keys in proptest::collection::vec(0usize..4, 1..6),
    ) {
        let dirs = fixtures();
        let mut m = explorer(&dirs[fx % dirs.len()]);
        match filter {
            1 => {
                press(&mut m, &["<Tab>", "i"]);
                type_text(&mut m, "mrsproxy|EWS|mapi");
                press(&mut m, &["<Enter>", "<BackTab>"]);
            }
            2 => {
                press(&mut m, &["i"]);
                type_text(&mut m, "START|FINISH");
                press(&mut m, &["<Enter>"]);
            }
            3 => {
                press(&mut m, &["<Tab>", "x"]);
                type_text(&mut m, "200 0 0");
                press(&mut m, &["<Enter>", "<BackTab>"]);
            }
            _ => {}
        }
        let pane = if iis { PaneId::Iis } else { PaneId::Hcw };
        let len = m.pane_len(pane);
        if len > 0 {
            m.focus = pane;
            let pos = ((len - 1) as f64 * at) as usize;
            navigate::set(&mut m, pane, pos, Scroll::Center);
        }
        for k in keys {
            check_step(&mut m, ["]", "[", "}", "{"][k])?;
        }
    }
}

#[test]
fn stepping_from_every_call_of_every_fixture_starts_at_the_call() {
    for dir in fixtures() {
        let m0 = explorer(&dir);
        let calls = m0.data.analysis.cmdlets.len();
        for c in 0..calls {
            let mut m = explorer(&dir);
            let Some(row) = m.data.call_row(&m.data.analysis.cmdlets[c]) else {
                continue;
            };
            hcwlens::tui::update::jump::goto(&mut m, row);
            let start = second(&m, row);
            press(&mut m, &["]"]);
            let Some(h) = m.current_handshake().filter(|_| m.focus == PaneId::Iis) else {
                continue;
            };
            let landed = second(&m, m.cursor_row(PaneId::Iis).expect("row"));
            assert!(landed >= start, "{}: call {c}", dir.display());
            let mine = m.timeline.attribution.of_call(c);
            let mrs_of_call = mine.iter().any(|&o| {
                m.data.analysis.handshakes[o]
                    .uri
                    .eq_ignore_ascii_case("/EWS/mrsproxy.svc")
                    && m.data
                        .final_leg_row(&m.data.analysis.handshakes[o])
                        .is_some_and(|r| second(&m, r) >= start)
            });
            if mrs_of_call {
                assert!(
                    mine.contains(&h)
                        && m.data.analysis.handshakes[h]
                            .uri
                            .eq_ignore_ascii_case("/EWS/mrsproxy.svc"),
                    "{}: call {c} has mrsproxy handshakes, ] went elsewhere",
                    dir.display()
                );
            }
        }
    }
}

#[test]
fn the_trust_scenarios_diagnose_as_their_readme_says() {
    let diagnoses = |name: &str| {
        let a = load(&[scenario(name)], &LoadOptions::default(), &NoProgress).expect("load");
        let ids: Vec<String> = a
            .findings
            .iter()
            .filter(|f| f.severity != hcwlens::analyze::finding::Severity::Info)
            .map(|f| f.id.to_string())
            .collect();
        (a, ids)
    };
    let (a, ids) = diagnoses("busy-front-end");
    assert_eq!(ids, ["ep-hybrid-agent", "hcw-HCW8078"], "{ids:?}");
    assert!(a.skew.is_none());
    let (a, ids) = diagnoses("hcw-clock-skew");
    assert_eq!(ids, ["credentials-rejected", "hcw-HCW8078"], "{ids:?}");
    let skew = a.skew.as_ref().expect("a skew is suggested");
    assert_eq!(
        (skew.offset_ms, skew.matched_calls, skew.total_calls),
        (-95_000, 1, 1)
    );
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains("the HCW clock looks 1 min 35 s off; shift HCW by -1 min 35 s")
            && text.contains("--skew hcw=-95s"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    assert_eq!(json["skew"]["shift"], "-1 min 35 s");
}

#[test]
fn the_public_runs_in_one_folder_open_on_the_latest_and_say_it_succeeded() {
    let Some(corpus) = corpus::corpus("hcw") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for run in std::fs::read_dir(&corpus).expect("corpus") {
        for f in std::fs::read_dir(run.expect("run").path()).expect("run dir") {
            let f = f.expect("file").path();
            std::fs::copy(&f, dir.path().join(f.file_name().expect("name"))).expect("copy");
        }
    }
    let m = explorer(dir.path());
    assert_eq!(
        note(&m),
        "latest run 2022-03-05 22:28 succeeded; 2 earlier runs failed (E: previous failure)"
    );
    let row = m.cursor_row(PaneId::Hcw).expect("row");
    let c = m.data.call_of(row).expect("a call");
    let call = &m.data.analysis.cmdlets[c];
    assert_eq!(call.name, "Test-MigrationServerAvailability");
    assert_eq!(
        call.outcome,
        hcwlens::analyze::cmdlet::CmdletOutcome::Success
    );
    let path = &m.data.analysis.sources[usize::from(call.source.0)].path;
    assert!(path.ends_with("20220305_222835.log"), "{}", path.display());
    // Each run alone: the failed ones open on their failing test call, with no message.
    for name in [
        "HCW_NewMigrationEndpoint_FAIL",
        "HCW_InitialSuccessExceptMigrationEndpoint",
    ] {
        let m = explorer(&corpus.join(name));
        failing_tmsa(&m);
        assert!(!note(&m).contains("succeeded"), "{}", note(&m));
    }
}
