//! Reading a line's text back on demand: from the file for UTF-8 logs, from memory for logs that
//! had to be transcoded (UTF-16, Windows-1252), which are small in practice.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Where line text comes from.
#[derive(Debug, Clone, Default)]
pub enum LineText {
    /// No text available.
    #[default]
    None,
    /// Read from the file at a byte offset (the file is UTF-8).
    File(Arc<FileReader>),
    /// Held in memory (decoded text; offsets index this string).
    Memory(Arc<str>),
}

/// A read-only file handle shared by readers.
#[derive(Debug)]
pub struct FileReader {
    path: PathBuf,
    file: Mutex<Option<File>>,
}

impl FileReader {
    /// Wraps an open file.
    pub fn new(path: PathBuf, file: File) -> Self {
        FileReader {
            path,
            file: Mutex::new(Some(file)),
        }
    }

    /// The path.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}

const MAX_LINE: usize = 256 * 1024;

impl LineText {
    /// The line starting at `offset`, without its line ending; lossy UTF-8; capped at 256 KiB.
    pub fn line_at(&self, offset: u64) -> String {
        match self {
            LineText::None => String::new(),
            LineText::Memory(s) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX).min(s.len());
                let rest = &s.as_bytes()[start..];
                let end = memchr::memchr(b'\n', rest)
                    .unwrap_or(rest.len())
                    .min(MAX_LINE);
                trim_cr(&String::from_utf8_lossy(&rest[..end]))
            }
            LineText::File(reader) => read_line(reader, offset).unwrap_or_default(),
        }
    }
}

fn trim_cr(s: &str) -> String {
    s.strip_suffix('\r').unwrap_or(s).to_string()
}

fn read_line(reader: &FileReader, offset: u64) -> Option<String> {
    let mut guard = reader.file.lock().ok()?;
    let file = guard.as_mut()?;
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        if let Some(p) = memchr::memchr(b'\n', &buf[..n]) {
            out.extend_from_slice(&buf[..p]);
            break;
        }
        out.extend_from_slice(&buf[..n]);
        if out.len() >= MAX_LINE {
            out.truncate(MAX_LINE);
            break;
        }
    }
    Some(trim_cr(&String::from_utf8_lossy(&out)))
}
