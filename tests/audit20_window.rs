//! A time window (`--since`/`--until`, or the HCW runs' span) holds for Security events as it
//! does for requests: an exported Security log covers days or years, and its events outside
//! the window neither reach the IIS pane, the counts and the strip nor go unsaid.
//! Reads the corpus file `Security_with_size_t.evtx` beside `tests/fixtures/evtx-scenario`
//! (skipped with a note when the corpus is absent).

use crate::corpus;
use crate::scenario;

use hcwlens::pipeline::window::{Window, WindowMode};
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::UtcMs;
use std::path::PathBuf;

fn paths() -> Option<Vec<PathBuf>> {
    let evtx = corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx")?;
    let iis = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evtx-scenario");
    Some(vec![iis, evtx])
}

/// 2015-08-23 10:50:00 UTC as ms.
const SINCE: i64 = 1_440_327_000_000;

#[test]
fn security_events_outside_the_window_are_left_out_and_counted() {
    let Some(paths) = paths() else { return };
    let all = load(&paths, &LoadOptions::default(), &NoProgress).expect("load");
    let window = Window {
        since: Some(UtcMs(SINCE)),
        until: Some(UtcMs(SINCE + 10 * 60_000)),
    };
    let opts = LoadOptions {
        window: WindowMode::Given(window),
        index: true,
        ..Default::default()
    };
    let a = load(&paths, &opts, &NoProgress).expect("load");
    assert!(!a.security.events.is_empty());
    assert!(
        a.security.events.iter().all(|e| window.contains(e.time)),
        "{:?}",
        a.security.events.iter().map(|e| e.time).collect::<Vec<_>>()
    );
    let kept = a.security.events.len() as u64;
    let f = &a.security.sources[0];
    assert_eq!(f.outside, all.security.events.len() as u64 - kept);
    assert!(f.outside > 0);
    // The explorer's rows are the kept events only.
    let evtx = a.sources.iter().find(|s| s.path == paths[1]).expect("evtx");
    let rows: u64 = a
        .requests
        .iter()
        .filter(|r| r.source == evtx.id)
        .map(|r| r.len() as u64)
        .sum();
    assert_eq!(rows, kept);
    // The event that explains the failed handshake is inside, still linked, and cited by the
    // line it has without a window.
    assert_eq!(a.security.links.len(), 1);
    let e = &a.security.events[a.security.links[0].event];
    let same = all
        .security
        .events
        .iter()
        .find(|x| x.record_id == e.record_id)
        .expect("same event");
    assert_eq!(e.line, same.line);
    assert_eq!(all.security.sources[0].outside, 0);
}

/// The sources list (`I`) says how many events the window left out.
#[test]
fn the_sources_list_says_how_many_events_the_window_left_out() {
    let Some(paths) = paths() else { return };
    let window = Window {
        since: Some(UtcMs(SINCE)),
        until: Some(UtcMs(SINCE + 10 * 60_000)),
    };
    let opts = LoadOptions {
        window: WindowMode::Given(window),
        index: true,
        ..Default::default()
    };
    let a = load(&paths, &opts, &NoProgress).expect("load");
    let outside = a.security.sources[0].outside;
    let evtx = a
        .sources
        .iter()
        .find(|s| s.path == paths[1])
        .expect("evtx")
        .clone();
    let m = hcwlens::tui::model::Model::ready(a, scenario::settings(None), (80, 24));
    let text = hcwlens::tui::view::events::source_counts(&m, &evtx).expect("counts");
    assert!(
        text.ends_with(&format!(", {outside} events outside the time window")),
        "{text}"
    );
}
