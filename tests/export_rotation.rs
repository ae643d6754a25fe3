//! `export --format jsonl` and handshakes cut by the IIS log rotation: the report joins a
//! handshake left open in a file's last seconds with its rest at the start of the next file of
//! the same server (a failure or a success); the export, which writes each file as it reads
//! it, carries such a handshake into the next file and tags both halves as one. Every leg's
//! tag (id, outcome, number of legs) agrees with the handshake the explorer's load holds.

use crate::report_json;

use hcwlens::pipeline::{Analysis, LoadOptions};
use report_json::Set;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

const SET: Set = Set("iis-probe");

/// (file name, line) of a leg.
type At = (String, u64);

/// The path as given, with `/` (the id names the file alone: [`file_name`]).
fn file_name(path: &str) -> String {
    path.replace('\\', "/")
}

/// Each tagged request of the export: (outcome, legs, id) by (file name, line).
fn export_tags(dir: &PathBuf) -> BTreeMap<At, (String, u64, String)> {
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(std::slice::from_ref(dir), &LoadOptions::default(), &mut out)
        .expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    let mut tags = BTreeMap::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).expect("JSON");
        let Some(h) = v.pointer("/hcwlens/handshake") else {
            continue;
        };
        let path = v
            .pointer("/log/file/path")
            .and_then(Value::as_str)
            .unwrap_or("");
        let at = (file_name(path), v["hcwlens"]["line"].as_u64().unwrap_or(0));
        let tag = (
            h["outcome"].as_str().unwrap_or("").to_string(),
            h["legs"].as_u64().unwrap_or(0),
            h["id"].as_str().unwrap_or("").to_string(),
        );
        assert!(
            tags.insert(at, tag).is_none(),
            "a request written twice: {line}"
        );
    }
    tags
}

/// Each leg of the load's handshakes: (outcome, legs, first leg) by (file name, line).
fn loaded_legs(a: &Analysis) -> BTreeMap<At, (String, u64, At)> {
    let name = |id| {
        let s = a.sources.iter().find(|s| s.id == id).expect("source");
        file_name(&s.path.to_string_lossy())
    };
    let mut legs = BTreeMap::new();
    for h in a.handshakes.iter().filter(|h| h.split.is_none()) {
        let outcome = match h.outcome {
            hcwlens::analyze::handshake::HandshakeOutcome::Success => "success",
            hcwlens::analyze::handshake::HandshakeOutcome::Failed => "failure",
            hcwlens::analyze::handshake::HandshakeOutcome::Abandoned => "abandoned",
        };
        let first = h.legs.first().map(|l| (name(l.source), u64::from(l.line)));
        for l in h.legs.iter() {
            let at = (name(l.source), u64::from(l.line));
            let first = first.clone().unwrap_or_default();
            legs.insert(at, (outcome.to_string(), h.legs.len() as u64, first));
        }
    }
    legs
}

/// The export's tag of every leg says what the explorer's load says of its handshake.
fn agree(case: &str) {
    let dir = SET.dir(case);
    let tags = export_tags(&dir);
    let legs = loaded_legs(&SET.explore(case));
    assert!(!legs.is_empty(), "{case}: no handshakes");
    for (at, (outcome, n, first)) in &legs {
        let Some((o, m, id)) = tags.get(at) else {
            panic!("{case}: leg {at:?} untagged in the export");
        };
        assert_eq!((o, m), (outcome, n), "{case}: leg {at:?} ({id})");
        let name = first.0.rsplit('/').next().unwrap_or_default();
        let want = format!(":{name}:{}", first.1);
        assert!(
            id.ends_with(&want),
            "{case}: leg {at:?} has id {id}, not of {want}"
        );
    }
    for at in tags.keys() {
        assert!(
            legs.contains_key(at),
            "{case}: {at:?} tagged, no leg of the load"
        );
    }
}

#[test]
fn a_failed_rest_in_the_next_file_reads_as_one_failure_in_the_export() {
    agree("rotation");
}

#[test]
fn a_successful_rest_in_the_next_file_reads_as_one_success_in_the_export() {
    agree("rotation-success");
}
