//! This repository's test fixtures (`tests/fixtures/…`): a file or folder by its path there,
//! fixtures loaded as the report loads them (`hcwlens report`, default options unless given)
//! and their findings, a case's folders without its HCW log, and a folder copied into a
//! temporary one for a test that changes it. A set's folders with their JSON report:
//! `report_json.rs`.
#![allow(dead_code)]

use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::{Path, PathBuf};

/// `tests/fixtures/<rel>` (`audit20/lb-pair`, `hcw/de-DE-utc+1.log`).
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The fixture `rel` loaded as the report loads it.
pub fn analyse(rel: &str) -> Analysis {
    analyse_with(rel, &LoadOptions::default())
}

/// The fixture `rel` loaded with `options`.
pub fn analyse_with(rel: &str, options: &LoadOptions) -> Analysis {
    load(&[fixture(rel)], options, &NoProgress).expect("load fixture")
}

/// `paths` loaded as the report loads them.
pub fn load_all(paths: &[PathBuf]) -> Analysis {
    load(paths, &LoadOptions::default(), &NoProgress).expect("load")
}

/// The findings of `paths` loaded as the report loads them.
pub fn findings(paths: &[PathBuf]) -> Vec<Finding> {
    load_all(paths).findings
}

/// The folders of a case other than `hcw` (its IIS and HTTPERR logs).
pub fn iis_only(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("case")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && !p.ends_with("hcw"))
        .collect()
}

/// Copies the folder `from`, with everything below it, to `to` (made as needed).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}
