//! A server's cell in the IIS rows and in a split handshake's legs at 80 columns is 8 wide:
//! two servers whose names differ only inside (`EXCHANGE01-NYC`, `EXCHANGE02-NYC`) were both
//! `EXC…-NYC`, so a handshake split across them read as on one server, beside its own words
//! `legs split across connections or servers`. Distinct servers keep distinct cells.

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use explorer::{loaded, rows};
use fixtures::copy_dir;
use scenario::press;
use std::path::{Path, PathBuf};

/// The shared load balancer's two servers, named alike but for a digit inside.
fn farm(dir: &Path) -> PathBuf {
    let lb = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/grouping/shared-lb");
    let root = dir.join("farm");
    copy_dir(&lb.join("EX01"), &root.join("EXCHANGE01-NYC"));
    copy_dir(&lb.join("EX02"), &root.join("EXCHANGE02-NYC"));
    root
}

/// The word after the time of a row (`09:00:40 EX…1-NYC 10.1.0.5 …` → `EX…1-NYC`).
fn cell_after_time(row: &str) -> Option<String> {
    let mut words = row.split_whitespace().skip_while(|w| {
        !(w.len() == 8 && w.as_bytes().get(2) == Some(&b':') && w.as_bytes().get(5) == Some(&b':'))
    });
    words.next()?;
    words.next().map(str::to_string)
}

#[test]
fn servers_named_alike_keep_distinct_cells_in_rows_and_legs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut m = loaded(&[farm(dir.path())], (80, 24));
    press(&mut m, &["}"]);
    let h = m.current_handshake().expect("the split handshake");
    let hs = &m.data.analysis.handshakes[h];
    assert!(hs.split.is_some(), "a handshake split across the servers");
    let servers: Vec<String> = hs
        .legs
        .iter()
        .map(|l| {
            hcwlens::source::by_id(&m.data.analysis.sources, l.source)
                .map(|s| s.server.clone())
                .unwrap_or_default()
        })
        .collect();
    let rows = rows(&m);
    let text = rows.join("\n");
    // The IIS rows of its legs (marked `*`, the cursor's `>`), then its legs in the detail.
    let marked: Vec<String> = rows
        .iter()
        .filter(|r| r.starts_with("* ") || r.starts_with("> "))
        .filter_map(|r| cell_after_time(r))
        .collect();
    let legs: Vec<String> = rows
        .iter()
        .skip_while(|r| !r.contains("grouping"))
        .filter(|r| r.starts_with(" 09:"))
        .filter_map(|r| cell_after_time(r))
        .collect();
    // The title names both servers as the legs do (it said `…, split…`).
    let (first, last) = (&legs[0], &legs[legs.len() - 1]);
    let title = rows.iter().find(|r| r.contains("grouping")).expect("title");
    assert!(
        title.contains(&format!("split: {first} then {last}")),
        "{title}\n{text}"
    );
    for cells in [&marked, &legs] {
        assert_eq!(cells.len(), servers.len(), "{cells:?}\n{text}");
        for i in 0..servers.len() {
            for j in 0..servers.len() {
                assert_eq!(
                    cells[i] == cells[j],
                    servers[i] == servers[j],
                    "legs {i} ({}) and {j} ({}) read {:?}\n{text}",
                    servers[i],
                    servers[j],
                    cells
                );
            }
        }
    }
}
