//! Writing to a log the way a server does while a test follows it.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

/// Appends `text` to the file at `path`.
pub fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open");
    f.write_all(text.as_bytes()).expect("append");
}
