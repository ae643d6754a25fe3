//! Writing the notes file (`w`, `W`) without ever destroying anything: a name that is taken
//! gets `-2`, `-3` … before its extension (also a file this session wrote before), a loaded log
//! is refused, and the folder is created when missing. Notes go to the user's documents folder
//! by default, never to the working directory: an elevated Exchange Management Shell starts in
//! `C:\Windows\system32`.

use crate::tui::error::ShellError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where notes go by default: `Documents\hcwlens` on Windows, the XDG documents folder
/// elsewhere (as `directories::UserDirs` finds them), else the home folder.
pub fn default_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    match dirs.document_dir() {
        Some(docs) if cfg!(windows) => Some(docs.join("hcwlens")),
        Some(docs) => Some(docs.to_path_buf()),
        None => Some(dirs.home_dir().to_path_buf()),
    }
}

/// Writes `text` to `path` (to `name` in it when `path` is a folder or ends with a separator)
/// or the first free numbered name next to it; returns the absolute path written. `logs` are
/// the loaded files (refused); `written` collects the files this session wrote.
pub fn write(
    path: &Path,
    name: &str,
    text: &str,
    logs: &[&Path],
    written: &mut Vec<PathBuf>,
) -> Result<PathBuf, ShellError> {
    let folder = path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
    let in_folder = folder.then(|| path.join(name));
    let path = in_folder.as_deref().unwrap_or(path);
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(target) = canon(path)
        && logs.iter().any(|l| canon(l).as_ref() == Some(&target))
    {
        return Err(ShellError::LoadedLog(path.to_path_buf()));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| ShellError::write(dir, e))?;
    }
    for n in 1..1000 {
        let candidate = numbered(path, n);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate);
        match file {
            Ok(mut f) => {
                f.write_all(text.as_bytes())
                    .map_err(|e| ShellError::write(&candidate, e))?;
                written.push(candidate.clone());
                return Ok(std::path::absolute(&candidate).unwrap_or(candidate));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(ShellError::write(candidate, e)),
        }
    }
    Err(ShellError::NoFreeName(path.to_path_buf()))
}

/// `notes.md`, `notes-2.md`, `notes-3.md` …
fn numbered(path: &Path, n: usize) -> PathBuf {
    if n == 1 {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_replaces_a_file_and_refuses_logs() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("u_ex241105.log");
        std::fs::write(&log, "#Fields: date time\n").unwrap();
        let notes = dir.path().join("notes.md");
        std::fs::write(&notes, "someone else's").unwrap();
        let mut written = Vec::new();
        let first = write(&notes, "n.md", "one", &[&log], &mut written).unwrap();
        assert!(first.ends_with("notes-2.md"));
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "someone else's");
        let again = write(&notes, "n.md", "two", &[&log], &mut written).unwrap();
        assert!(
            again.ends_with("notes-3.md"),
            "not even its own file: {again:?}"
        );
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(&again).unwrap(), "two");
        assert_eq!(written.len(), 2);
        let err = write(&log, "n.md", "x", &[&log], &mut written).unwrap_err();
        assert!(matches!(err, ShellError::LoadedLog(_)), "{err}");
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "#Fields: date time\n"
        );
        let bare = write(&dir.path().join("README"), "n.md", "r", &[], &mut written).unwrap();
        assert!(bare.ends_with("README"));
        let taken = write(
            &dir.path().join("README"),
            "n.md",
            "r",
            &[],
            &mut Vec::new(),
        )
        .unwrap();
        assert!(taken.ends_with("README-2"));
    }

    #[test]
    fn the_default_folder_is_an_absolute_user_folder() {
        if let Some(dir) = default_dir() {
            assert!(dir.is_absolute(), "{dir:?}");
            if cfg!(windows) {
                assert!(dir.ends_with("hcwlens"), "{dir:?}");
            }
        }
    }

    #[test]
    fn a_folder_gets_the_notes_inside_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut written = Vec::new();
        let out = write(dir.path(), "hcwlens-notes.md", "x", &[], &mut written).unwrap();
        assert_eq!(
            out,
            std::path::absolute(dir.path().join("hcwlens-notes.md")).unwrap()
        );
        let sub = format!("{}/new/", dir.path().display());
        let out = write(Path::new(&sub), "hcwlens-notes.md", "y", &[], &mut written).unwrap();
        assert!(out.ends_with("new/hcwlens-notes.md"), "{out:?}");
        assert_eq!(std::fs::read_to_string(out).unwrap(), "y");
    }

    #[test]
    fn a_missing_folder_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir
            .path()
            .join("Documents")
            .join("hcwlens")
            .join("notes.md");
        let out = write(&path, "n.md", "x", &[], &mut Vec::new()).unwrap();
        assert_eq!(std::fs::read_to_string(out).unwrap(), "x");
    }
}
