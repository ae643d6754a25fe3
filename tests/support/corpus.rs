//! The public sample logs of `../shared/corpus` (HCW runs, Security event logs, Exchange logs),
//! found beside the checkout, or beside the worktree folder when the tests run from one. Tests
//! that read them are skipped with a note when the corpus is absent; CI has it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The folders the corpus may be in, nearest first.
const BASES: [&str; 2] = ["../shared/corpus", "../../shared/corpus"];

/// `rel` (a folder or a file, `hcw/HCW_NewMigrationEndpoint_FAIL`) inside the corpus; None,
/// after a note on stderr, when it is not there.
pub fn corpus(rel: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = BASES
        .iter()
        .map(|base| root.join(base).join(rel))
        .find(|p| p.exists());
    if found.is_none() {
        eprintln!("skipped: corpus {rel} not found beside the checkout");
    }
    found
}

/// Each of `rels` inside the corpus; None, after a note, unless all are there.
pub fn corpus_all(rels: &[&str]) -> Option<Vec<PathBuf>> {
    rels.iter().map(|rel| corpus(rel)).collect()
}
