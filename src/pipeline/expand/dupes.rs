//! Loading a log once however often it is given: the same file through two paths (a folder and
//! a file in it, `..`, a link) and a copy of it (the same name, size and bytes, collected twice
//! into two folders) would count every call, error and handshake twice. Later ones become skips
//! naming the first.
//!
//! A copy is told by its bytes: files of one name and size are compared on their first and
//! last [`PROBE`] bytes (the whole of a smaller file); nothing else is opened.

use crate::source::Skipped;
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Bytes compared at each end of two files of one name and size.
const PROBE: u64 = 64 * 1024;

/// Removes from `files` every file that is one loaded before it, or a copy of one; each is
/// added to `skipped` with the path it repeats.
pub fn drop_repeats(files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    let mut by_name: HashMap<(String, u64), Vec<usize>> = HashMap::new();
    let mut keep = vec![true; files.len()];
    for i in 0..files.len() {
        let path = &files[i];
        let canon = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if let Some(&first) = seen.get(&canon) {
            keep[i] = false;
            skipped.push(repeat(path, &files[first], "the same file as"));
            continue;
        }
        seen.insert(canon, i);
        let (Some(name), Ok(meta)) = (path.file_name(), std::fs::metadata(path)) else {
            continue;
        };
        let key = (name.to_string_lossy().to_lowercase(), meta.len());
        by_name.entry(key).or_default().push(i);
    }
    for (&(_, len), group) in &by_name {
        if group.len() < 2 {
            continue;
        }
        let mut originals: Vec<(usize, Vec<u8>)> = Vec::new();
        for &i in group {
            let Some(ends) = ends(&files[i], len) else {
                continue;
            };
            match originals.iter().find(|(_, b)| *b == ends) {
                Some(&(first, _)) => {
                    keep[i] = false;
                    skipped.push(repeat(&files[i], &files[first], "a copy of"));
                }
                None => originals.push((i, ends)),
            }
        }
    }
    let mut i = 0;
    files.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
}

fn repeat(path: &Path, first: &Path, how: &str) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        reason: format!("{how} {} (loaded once)", first.display()),
    }
}

/// The first and last [`PROBE`] bytes of a file of `len` bytes (all of a smaller one).
fn ends(path: &Path, len: u64) -> Option<Vec<u8>> {
    let mut f = crate::read::open_shared(path).ok()?;
    let mut out = Vec::new();
    (&mut f).take(PROBE).read_to_end(&mut out).ok()?;
    if len > PROBE {
        f.seek(SeekFrom::Start(len.saturating_sub(PROBE).max(PROBE)))
            .ok()?;
        f.take(PROBE).read_to_end(&mut out).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(files: &[PathBuf], root: &Path) -> Vec<String> {
        files
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(root).unwrap();
                rel.display().to_string().replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn a_file_given_twice_or_copied_loads_once_and_lookalikes_load() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &[u8]| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            p
        };
        let big: Vec<u8> = (0..300_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let a = write("a/20241105_142155.log", b"run one");
        let copy = write("b/20241105_142155.log", b"run one");
        let other = write("c/20241105_142155.log", b"run two");
        let renamed = write("c/20241106_142155.log", b"run one");
        let log = write("a/u_ex241105.log", &big);
        let log_copy = write("b/u_ex241105.log", &big);
        let again = root.join("a/../a/20241105_142155.log");
        let mut files = vec![a, again, copy, other, renamed, log, log_copy];
        let mut skipped = Vec::new();
        drop_repeats(&mut files, &mut skipped);
        assert_eq!(
            names(&files, root),
            [
                "a/20241105_142155.log",
                "c/20241105_142155.log",
                "c/20241106_142155.log",
                "a/u_ex241105.log"
            ]
        );
        let why: Vec<String> = skipped.iter().map(|s| s.reason.clone()).collect();
        assert_eq!(skipped.len(), 3, "{why:?}");
        assert!(why[0].starts_with("the same file as "), "{why:?}");
        assert!(why.iter().filter(|w| w.starts_with("a copy of ")).count() == 2);
    }
}
