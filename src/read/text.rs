//! Reading a line's text back on demand: from the file for UTF-8 and Windows-1252 logs (each
//! line decoded as it is read), from memory for UTF-16 logs, which had to be transcoded whole
//! and are small in practice.
//!
//! One line is a seek and a small read ([`LineText::line_at`]); scans over many lines (search,
//! filters) use [`LineText::for_each_line`], which reads the file front to back in big blocks.
//! A W3C log's line read from the file ends at its first CR or LF (`read::ends`: a bare CR
//! ends a W3C line; the text of a transcoded one has its bare CRs turned into LFs).

use super::LineDecoding;
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
    /// Read from the file at a byte offset (the file is UTF-8, or Windows-1252).
    File(Arc<FileReader>),
    /// Held in memory (decoded text; offsets index this string).
    Memory(Arc<str>),
}

/// A read-only file handle shared by readers.
#[derive(Debug)]
pub struct FileReader {
    path: PathBuf,
    file: Mutex<Option<File>>,
    /// How a line is decoded: as the parse decoded it ([`LineDecoding`]).
    decoding: LineDecoding,
    /// A bare CR ends a line too (a W3C log).
    bare_cr: bool,
}

impl FileReader {
    /// Wraps an open UTF-8 file.
    pub fn new(path: PathBuf, file: File) -> Self {
        FileReader {
            path,
            file: Mutex::new(Some(file)),
            decoding: LineDecoding::Utf8,
            bare_cr: false,
        }
    }

    /// A W3C log: its lines end at a bare CR too ([`super::ends`]).
    pub fn w3c(self) -> Self {
        FileReader {
            bare_cr: true,
            ..self
        }
    }

    /// Lines decoded as `decoding` (Windows-1252, or UTF-8 else Windows-1252: an ANSI
    /// `ex*.log`), as the parse decoded them.
    pub fn lines_as(self, decoding: LineDecoding) -> Self {
        FileReader { decoding, ..self }
    }

    /// The path.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}

/// The most of one line read back (a damaged log can hold a "line" of gigabytes).
pub const MAX_LINE: usize = 256 * 1024;

/// Bytes read at once by [`LineText::for_each_line`].
const BLOCK: usize = 1 << 20;

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

impl LineText {
    /// Calls `f(tag, line)` for each `(tag, offset)`, in the iterator's order, with the line's
    /// text (no line ending, lossy UTF-8, capped like [`LineText::line_at`]). Ascending offsets
    /// are read sequentially in big blocks; a backwards step costs a seek. Stops early, returning
    /// false, when `f` returns false.
    pub fn for_each_line(
        &self,
        offsets: &mut dyn Iterator<Item = (usize, u64)>,
        f: &mut dyn FnMut(usize, &str) -> bool,
    ) -> bool {
        match self {
            LineText::None => Iterator::all(&mut &mut *offsets, |(tag, _)| f(tag, "")),
            LineText::Memory(s) => Iterator::all(&mut &mut *offsets, |(tag, off)| {
                let start = usize::try_from(off).unwrap_or(usize::MAX).min(s.len());
                let rest = &s.as_bytes()[start..];
                let end = memchr::memchr(b'\n', rest)
                    .unwrap_or(rest.len())
                    .min(MAX_LINE);
                f(tag, cut_cr(&String::from_utf8_lossy(&rest[..end])))
            }),
            LineText::File(reader) => match crate::read::open_shared(&reader.path) {
                Ok(file) => Blocks::new(file, reader).each(offsets, f),
                Err(_) => {
                    Iterator::all(&mut &mut *offsets, |(tag, off)| f(tag, &self.line_at(off)))
                }
            },
        }
    }
}

/// A window of file bytes, refilled front to back.
struct Blocks {
    file: File,
    buf: Vec<u8>,
    /// File offset of `buf[0]`.
    base: u64,
    /// File offset the handle is at (`base + buf.len()` unless a seek is due).
    pos: u64,
    eof: bool,
    decoding: LineDecoding,
    bare_cr: bool,
}

impl Blocks {
    fn new(file: File, reader: &FileReader) -> Self {
        Blocks {
            file,
            buf: Vec::new(),
            base: 0,
            pos: 0,
            eof: false,
            decoding: reader.decoding,
            bare_cr: reader.bare_cr,
        }
    }

    fn each(
        mut self,
        offsets: &mut dyn Iterator<Item = (usize, u64)>,
        f: &mut dyn FnMut(usize, &str) -> bool,
    ) -> bool {
        for (tag, off) in offsets {
            let (s, e) = self.line(off).unwrap_or((0, 0));
            let bytes = self.buf.get(s..e).unwrap_or_default();
            if !f(tag, cut_cr(&self.decoding.line(bytes).0)) {
                return false;
            }
        }
        true
    }

    /// The buffer range of the line at `off`, reading as needed.
    fn line(&mut self, off: u64) -> Option<(usize, usize)> {
        let end = self.base + self.buf.len() as u64;
        if off < self.base || off > end {
            self.buf.clear();
            self.base = off;
            self.eof = false;
        } else if off - self.base > BLOCK as u64 {
            let drop = usize::try_from(off - self.base).ok()?;
            self.buf.drain(..drop);
            self.base = off;
        }
        let start = usize::try_from(off - self.base).ok()?;
        let mut searched = start;
        loop {
            if let Some(nl) = line_end(&self.buf[searched..], self.bare_cr) {
                let stop = (searched + nl).min(start + MAX_LINE);
                return Some((start, stop));
            }
            searched = self.buf.len();
            if self.eof || searched - start >= MAX_LINE {
                return Some((start, self.buf.len().min(start + MAX_LINE)));
            }
            self.fill()?;
        }
    }

    /// Appends the next block; sets `eof` when nothing more is there.
    fn fill(&mut self) -> Option<()> {
        let want = self.base + self.buf.len() as u64;
        if self.pos != want {
            self.file.seek(SeekFrom::Start(want)).ok()?;
            self.pos = want;
        }
        let old = self.buf.len();
        self.buf.resize(old + BLOCK, 0);
        let mut got = 0;
        while got < BLOCK {
            match self.file.read(&mut self.buf[old + got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        self.buf.truncate(old + got);
        self.pos += got as u64;
        self.eof = got < BLOCK;
        Some(())
    }
}

/// The line without its CR, or CRs: a log converted to CRLF once more on its way (a text-mode
/// transfer) ends its lines in CR CR LF, which the parsers read as one line end.
fn cut_cr(s: &str) -> &str {
    s.trim_end_matches('\r')
}

fn trim_cr(s: &str) -> String {
    cut_cr(s).to_string()
}

/// Where the line that starts `buf` ends: at its LF, or its first CR when a bare CR ends lines
/// too (its line end starts there either way).
fn line_end(buf: &[u8], bare_cr: bool) -> Option<usize> {
    if bare_cr {
        memchr::memchr2(b'\n', b'\r', buf)
    } else {
        memchr::memchr(b'\n', buf)
    }
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
        if let Some(p) = line_end(&buf[..n], reader.bare_cr) {
            out.extend_from_slice(&buf[..p]);
            break;
        }
        out.extend_from_slice(&buf[..n]);
        if out.len() >= MAX_LINE {
            out.truncate(MAX_LINE);
            break;
        }
    }
    Some(trim_cr(&reader.decoding.line(&out).0))
}
