//! An exported Security log (`.evtx`) is named by the machine its records name, else by its
//! file, never by its channel (`Security`, which names no machine); the JSON report's
//! `sources[].encoding` says `evtx` for it (a binary event log, not text in some encoding).
//! `audit22/evtx-unreadable/Security.evtx` is the EVTX magic and no record; the corpus's
//! `Security_with_size_t.evtx` was written by WIN-L0ZZQ76PMUF.

use crate::corpus;
use crate::explorer;
use crate::scenario;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audit22")
        .join(rel)
}

fn analyse(paths: &[PathBuf]) -> Analysis {
    load(paths, &LoadOptions::default(), &NoProgress).expect("load")
}

/// `(server, encoding)` of the JSON report's `.evtx` sources.
fn json_evtx(a: &Analysis) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(&hcwlens::report::json::render(a)).expect("JSON");
    v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter(|s| s["kind"] == "evtx")
        .map(|s| {
            (
                s["server"].as_str().unwrap_or("").to_string(),
                s["encoding"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn an_event_log_naming_no_machine_is_named_by_its_file_and_is_no_machine() {
    let a = analyse(&[
        fixture("evtx-other-machine"),
        fixture("evtx-unreadable/Security.evtx"),
    ]);
    let evtx = a
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Evtx)
        .expect("the evtx source");
    assert_eq!(evtx.server, "Security.evtx");
    assert!(
        !a.machines
            .iter()
            .any(|m| m.to_ascii_lowercase().starts_with("security")),
        "{:?}",
        a.machines
    );
    assert_eq!(
        json_evtx(&a),
        [("Security.evtx".to_string(), "evtx".to_string())]
    );
}

#[test]
fn an_event_log_is_named_by_its_machine_and_its_encoding_is_evtx() {
    let Some(evtx) = corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx") else {
        return;
    };
    let a = analyse(&[fixture("evtx-other-machine"), evtx]);
    assert_eq!(
        json_evtx(&a),
        [("WIN-L0ZZQ76PMUF".to_string(), "evtx".to_string())]
    );
}

/// A Security event's row names the machine its record logged: its detail says the server,
/// not that the line logged none.
#[test]
fn an_event_s_detail_names_the_machine_its_record_logged() {
    use hcwlens::tui::model::pane::PaneId;
    let Some(evtx) = corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx") else {
        return;
    };
    let mut m = explorer::loaded(&[fixture("evtx-other-machine"), evtx], (120, 40));
    if m.focus != PaneId::Iis {
        scenario::press(&mut m, &["<Tab>"]);
    }
    scenario::press(&mut m, &["g"]);
    let first_event = (0..m.pane_len(PaneId::Iis))
        .position(|p| {
            m.row_at(PaneId::Iis, p)
                .is_some_and(|r| m.event_at(r).is_some())
        })
        .expect("an event row");
    for _ in 0..first_event {
        scenario::press(&mut m, &["j"]);
    }
    scenario::press(&mut m, &["<Enter>"]);
    let s = explorer::screen(&m);
    assert!(s.contains("Server   WIN-L0ZZQ76PMUF"), "{s}");
    assert!(!s.contains("not logged by the line"), "{s}");
}
