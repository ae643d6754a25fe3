//! `export --format jsonl` tags each handshake leg from what the grouper decided, without the
//! handshake being built: every request line's `hcwlens.handshake` (id, outcome, auth,
//! failure, abandoned leg, number of legs, confidence) must be the handshake the grouper
//! builds for that file when it keeps every handshake, and every leg of every such handshake
//! must be tagged — on every W3C fixture, the demo and a generated log of many blocks. A
//! failed or abandoned handshake (which the report lists) is judged as the report judges it,
//! with the users its address carries over the whole load, not only up to its end.

use hcwlens::analyze::handshake::{
    AbandonedAt, AuthKind, Confidence, Handshake, HandshakeGrouper, HandshakeOutcome,
};
use hcwlens::pipeline::LoadOptions;
use hcwlens::pipeline::window::WindowMode;
use hcwlens::read::Detected;
use hcwlens::record::W3cRecord;
use hcwlens::source::SourceId;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every W3C file (IIS, HTTPERR, other W3C) under `dir`.
fn w3c_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(inputs) = hcwlens::pipeline::expand_inputs(&[dir.to_path_buf()]) else {
        return Vec::new();
    };
    inputs
        .files
        .into_iter()
        .filter(|p| {
            hcwlens::read::open(p)
                .is_ok_and(|o| matches!(o.kind, Detected::Iis | Detected::Httperr | Detected::W3c))
        })
        .collect()
}

/// The handshakes of one file as the grouper builds them when it keeps every one (before the
/// cross-file step, as the export tags them), fed what the load feeds it: not the Exchange
/// Back End site's hops of proxied calls, rows that log no server named as the load names the
/// file's server.
fn grouped(path: &Path) -> Vec<Handshake> {
    let mut opened = hcwlens::read::open(path).expect("open");
    // The site of the file's folder tells the Exchange Back End apart, whatever names it.
    let site = hcwlens::read::site_id(&opened.server_label);
    if !opened.logged_server.is_empty() {
        // The name its head logs names the rows that log none, as in the load.
        opened.server_label = opened.logged_server.clone();
    } else if opened.server_label.is_empty() {
        // A loose log: its rows that log no server are named as the load names the source
        // (its first `s-ip`), not each by its own `s-ip`.
        let opts = LoadOptions {
            window: WindowMode::All,
            ..LoadOptions::default()
        };
        let a =
            hcwlens::pipeline::load(&[path.to_path_buf()], &opts, &hcwlens::progress::NoProgress)
                .expect("load");
        opened.server_label = a.sources[0].server.clone();
    }
    let label = opened.server_label.clone();
    let mut grouper = HandshakeGrouper::new(true);
    let mut sink = |source: SourceId, r: &W3cRecord<'_>| {
        use hcwlens::record::RequestSink;
        if !hcwlens::pipeline::w3c_site::is_back_end(r, site) {
            let _ = grouper.request(source, r);
        }
    };
    hcwlens::parse::w3c::W3cParser::new(SourceId(0))
        .opened(opened, &mut sink)
        .expect("parse");
    let mut handshakes = grouper.finish_unresolved().handshakes;
    // What the report says of those it lists: judged over the load (here the one file).
    let mut resolved = HandshakeGrouper::new(true);
    let mut sink = |source: SourceId, r: &W3cRecord<'_>| {
        use hcwlens::record::RequestSink;
        if !hcwlens::pipeline::w3c_site::is_back_end(r, site) {
            let _ = resolved.request(source, r);
        }
    };
    let mut again = hcwlens::read::open(path).expect("open");
    again.server_label = label;
    hcwlens::parse::w3c::W3cParser::new(SourceId(0))
        .opened(again, &mut sink)
        .expect("parse");
    let mut result = resolved.finish_unresolved();
    result.resolve();
    let judged: BTreeMap<u32, Confidence> = result
        .handshakes
        .iter()
        .filter_map(|h| Some((h.legs.first()?.line, h.confidence)))
        .collect();
    for h in &mut handshakes {
        let first = h.legs.first().map(|l| l.line);
        if let (false, Some(c)) = (
            h.outcome == HandshakeOutcome::Success,
            first.and_then(|l| judged.get(&l)),
        ) {
            h.confidence = *c;
        }
    }
    handshakes
}

/// The tag every leg of `h` should carry (without the leg's role), by line.
fn expected(path: &Path) -> BTreeMap<u64, Value> {
    let name = path.file_name().expect("name").to_string_lossy();
    let mut out = BTreeMap::new();
    for h in grouped(path) {
        let first = h.legs.first().map_or(0, |l| l.line);
        let mut tag = json!({
            "id": format!("{}:{name}:{first}", h.server),
            "outcome": match h.outcome {
                HandshakeOutcome::Success => "success",
                HandshakeOutcome::Failed => "failure",
                HandshakeOutcome::Abandoned => "abandoned",
            },
            "auth": match h.auth {
                AuthKind::Ntlm => "ntlm",
                AuthKind::Kerberos => "kerberos",
                AuthKind::Unknown => "unknown",
            },
            "legs": h.legs.len(),
            "confidence": match h.confidence {
                Confidence::High => "high",
                Confidence::Medium => "medium",
                Confidence::Low => "low",
            },
        });
        if let Some(code) = h.failure_code {
            tag["failure_code"] = json!(code);
            if let Some(name) = hcwlens::codes::failure_name(code) {
                tag["failure"] = json!(name);
            }
        } else if h.failure_cut().is_some() {
            // The log ends inside the failing leg's code: no number, and said so.
            tag["failure_code"] = Value::Null;
            tag["failure_code_cut"] = json!(true);
        }
        if let Some(at) = h.abandoned_at {
            tag["abandoned_at"] = json!(match at {
                AbandonedAt::Anonymous => "anonymous",
                AbandonedAt::Challenge => "challenge",
            });
        }
        for leg in h.legs.iter() {
            let old = out.insert(u64::from(leg.line), tag.clone());
            assert!(
                old.is_none(),
                "{name}:{} is a leg of two handshakes",
                leg.line
            );
        }
    }
    out
}

/// The handshake tags of one file's export (without the leg's role), by line.
fn exported(path: &Path) -> BTreeMap<u64, Value> {
    let mut out = Vec::new();
    let opts = LoadOptions {
        window: WindowMode::All,
        ..LoadOptions::default()
    };
    hcwlens::export::jsonl::export(&[path.to_path_buf()], &opts, &mut out).expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    let mut tags = BTreeMap::new();
    for l in text.lines() {
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        let Some(mut tag) = v.pointer("/hcwlens/handshake").cloned() else {
            continue;
        };
        let line = v
            .pointer("/hcwlens/line")
            .and_then(Value::as_u64)
            .expect("line");
        let leg = tag.as_object_mut().and_then(|t| t.remove("leg"));
        assert!(
            matches!(
                leg.as_ref().and_then(Value::as_str),
                Some("anonymous" | "challenge" | "final")
            ),
            "{}:{line} leg {leg:?}",
            path.display()
        );
        assert!(
            tags.insert(line, tag).is_none(),
            "{}:{line} twice",
            path.display()
        );
    }
    tags
}

/// Compares the export's tags of `path` with the grouper's handshakes; returns how many legs.
fn check(path: &Path) -> usize {
    let want = expected(path);
    let got = exported(path);
    for (line, tag) in &want {
        assert_eq!(got.get(line), Some(tag), "{}:{line}", path.display());
    }
    for line in got.keys() {
        assert!(
            want.contains_key(line),
            "{}:{line} tagged but no leg",
            path.display()
        );
    }
    want.len()
}

#[test]
fn tags_are_the_grouped_handshakes_on_fixtures_and_demo() {
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "assets/demo"] {
        files.extend(w3c_files(&root().join(dir)));
    }
    assert!(files.len() > 20, "{files:?}");
    let legs: usize = files.iter().map(|f| check(f)).sum();
    assert!(legs > 100, "{legs} legs");
}

/// A generated log of many blocks: legs held across blocks, handshakes still open at the end,
/// concurrent ones of one key and addresses carrying many users.
#[test]
fn tags_are_the_grouped_handshakes_on_a_generated_log() {
    use hcwlens::generate::{GenOptions, generate_tree};
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed: 11,
        bytes: 12 << 20,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    let files = w3c_files(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let legs = check(&files[0]);
    assert!(legs > 5_000, "{legs} legs");
}

/// The explorer's grouping (after the cross-file step) gives every leg of a one-server log the
/// same handshake id and outcome as the export's tag.
#[test]
fn ids_and_outcomes_are_the_explorers_on_one_server_logs() {
    use hcwlens::pipeline::{LoadOptions, load};
    use hcwlens::progress::NoProgress;
    for dir in [
        "assets/demo",
        "tests/fixtures/scenarios/busy-front-end",
        "tests/fixtures/scenarios/ep-hybrid-agent",
        "tests/fixtures/grouping/xff",
    ] {
        for file in w3c_files(&root().join(dir)) {
            let opts = LoadOptions {
                index: true,
                window: WindowMode::All,
                ..LoadOptions::default()
            };
            let a = load(std::slice::from_ref(&file), &opts, &NoProgress).expect("load");
            let name = file.file_name().expect("name").to_string_lossy();
            let got = exported(&file);
            let mut legs = 0;
            for h in &a.handshakes {
                let first = h.legs.first().map_or(0, |l| l.line);
                for leg in h.legs.iter() {
                    let tag = got.get(&u64::from(leg.line));
                    let tag = tag.unwrap_or_else(|| panic!("{name}:{} untagged", leg.line));
                    assert_eq!(
                        tag["id"],
                        json!(format!("{}:{name}:{first}", h.server)),
                        "{name}:{}",
                        leg.line
                    );
                    let outcome = match h.outcome {
                        HandshakeOutcome::Success => "success",
                        HandshakeOutcome::Failed => "failure",
                        HandshakeOutcome::Abandoned => "abandoned",
                    };
                    assert_eq!(tag["outcome"], json!(outcome), "{name}:{}", leg.line);
                    legs += 1;
                }
            }
            assert_eq!(legs, got.len(), "{name}: every tagged line is a leg");
            assert!(legs > 0, "{name}");
        }
    }
}
