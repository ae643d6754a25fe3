//! This repository's test fixtures (`tests/fixtures/…`): a file or folder by its path there, a
//! fixture folder loaded as the report loads it (`hcwlens report`, default options unless
//! given), and a folder copied into a temporary one for a test that changes it. A set's folders
//! with their JSON report: `report_json.rs`.
#![allow(dead_code)]

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
