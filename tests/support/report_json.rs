//! A fixture folder loaded as the CLI loads it, and its JSON report, for tests that check
//! what the report says of real line shapes (`tests/fixtures/<set>/<case>`).
#![allow(dead_code)]

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::path::PathBuf;

/// A set of fixture folders (`tests/fixtures/<name>`).
pub struct Set(pub &'static str);

impl Set {
    /// Folder `case` of the set.
    pub fn dir(&self, case: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(self.0)
            .join(case)
    }

    /// The analysis of a folder, as the report loads it.
    pub fn analyse(&self, case: &str) -> Analysis {
        self.load(case, false)
    }

    /// The analysis of a folder, as the explorer loads it (with the index).
    pub fn explore(&self, case: &str) -> Analysis {
        self.load(case, true)
    }

    /// The JSON report of a folder.
    pub fn json(&self, case: &str) -> Value {
        report(&self.analyse(case))
    }

    fn load(&self, case: &str, index: bool) -> Analysis {
        let opts = LoadOptions {
            index,
            ..LoadOptions::default()
        };
        load(&[self.dir(case)], &opts, &NoProgress).expect("load")
    }
}

/// The finding `id` of a folder's report (relative to the crate); panics when it has none.
pub fn finding(dir: &str, id: &str) -> hcwlens::analyze::finding::Finding {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    a.findings
        .into_iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("{id}"))
}

/// The JSON report of an analysis.
pub fn report(a: &Analysis) -> Value {
    let text = hcwlens::report::json::render(a);
    serde_json::from_str(&text).expect("valid JSON")
}

/// The report's handshakes.
pub fn handshakes(r: &Value) -> &Vec<Value> {
    r["handshakes"].as_array().expect("handshakes")
}

/// A handshake's legs.
pub fn legs(h: &Value) -> &Vec<Value> {
    h["legs"].as_array().expect("legs")
}
