//! Turning the command line's files and folders into a sorted list of files, and the entries
//! found inside folders that cannot be loaded (special files, unreadable entries) into skips;
//! a file given twice, or copied, loads once (`expand/dupes.rs`).

mod dupes;

use crate::error::{Error, Result};
use crate::source::Skipped;
use std::fs::FileType;
use std::path::{Path, PathBuf};

/// What the given paths expand to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Regular files to load, folders' contents sorted by path.
    pub files: Vec<PathBuf>,
    /// Entries inside folders that are not loaded, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Expands files and folders (recursively, sorted by path) into files. A path that does not
/// exist, a folder that cannot be listed, or a named pipe, device or socket given by name is an
/// error naming it (reading a pipe would wait forever); such entries inside a folder are skipped.
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Inputs> {
    let mut out = Inputs::default();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, &e))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else if meta.is_file() {
            out.files.push(p.clone());
        } else {
            return Err(Error::Unreadable {
                path: p.clone(),
                reason: not_regular(&meta.file_type()),
            });
        }
    }
    dupes::drop_repeats(&mut out.files, &mut out.skipped);
    Ok(out)
}

fn walk(dir: &Path, out: &mut Inputs) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let reason = match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                walk(&path, out)?;
                continue;
            }
            Ok(meta) if meta.is_file() => {
                out.files.push(path);
                continue;
            }
            Ok(meta) => not_regular(&meta.file_type()),
            Err(e) => Error::io(&path, &e).to_string(),
        };
        out.skipped.push(Skipped { path, reason });
    }
    Ok(())
}

/// `not a regular file (named pipe)` and the like.
fn not_regular(ft: &FileType) -> String {
    format!("not a regular file ({})", special_kind(ft))
}

#[cfg(unix)]
fn special_kind(ft: &FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "named pipe"
    } else if ft.is_socket() {
        "socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &FileType) -> &'static str {
    "device or special file"
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mkfifo(path: &Path) {
        let ok = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mkfifo failed");
    }

    #[test]
    fn a_pipe_by_name_is_an_error_and_inside_a_folder_a_skip() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe.log");
        mkfifo(&fifo);
        let log = dir.path().join("u_ex241105.log");
        std::fs::write(&log, "#Fields: date time\n").expect("write");
        let err = expand_inputs(std::slice::from_ref(&fifo))
            .expect_err("a pipe is refused")
            .to_string();
        assert!(
            err.contains("pipe.log") && err.contains("named pipe"),
            "{err}"
        );
        let got = expand_inputs(&[dir.path().to_path_buf()]).expect("folder");
        assert_eq!(got.files, vec![log]);
        assert_eq!(
            got.skipped,
            vec![Skipped {
                path: fifo,
                reason: "not a regular file (named pipe)".into()
            }]
        );
    }

    #[test]
    fn a_device_by_name_is_an_error() {
        let err = expand_inputs(&[PathBuf::from("/dev/null")])
            .expect_err("a device is refused")
            .to_string();
        assert!(err.contains("/dev/null") && err.contains("device"), "{err}");
    }
}
