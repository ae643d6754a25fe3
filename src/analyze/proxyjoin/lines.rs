//! Reading back the few IIS lines whose `cafeReqId` the join needs. They are a sparse, sorted
//! set of offsets (the legs of failed handshakes), so a file is not streamed front to back: a
//! small window is read at each offset the previous window does not hold, and the lines of one
//! handshake (usually neighbours) come from the same read.

use crate::read::text::LineText;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Bytes read at an offset: a page, which holds a line and usually the next legs of its
/// handshake (the copy out of the page cache, not the call, is what costs). A line that does
/// not end inside them is read through [`LineText::line_at`].
const WINDOW: usize = 4 * 1024;

/// Lines longer than this are cut, as [`LineText::line_at`] cuts them.
const MAX_LINE: usize = 256 * 1024;

/// Calls `f(k, line)` for the line at each ascending `offsets[k]`, its bytes as stored (no
/// line ending; lossy decoding would change no ASCII byte, and the join looks only at those).
pub(super) fn each_line(text: &LineText, offsets: &[u64], f: &mut dyn FnMut(usize, &[u8])) {
    match text {
        LineText::None => {}
        LineText::Memory(s) => {
            for (k, &off) in offsets.iter().enumerate() {
                let start = usize::try_from(off).unwrap_or(usize::MAX).min(s.len());
                let rest = &s.as_bytes()[start..];
                let end = memchr::memchr(b'\n', rest)
                    .unwrap_or(rest.len())
                    .min(MAX_LINE);
                f(k, &rest[..end]);
            }
        }
        LineText::File(reader) => {
            let mut window = crate::read::open_shared(reader.path())
                .ok()
                .map(Window::new);
            for (k, &off) in offsets.iter().enumerate() {
                match window.as_mut().and_then(|w| w.line(off)) {
                    Some(line) => f(k, line),
                    None => f(k, text.line_at(off).as_bytes()),
                }
            }
        }
    }
}

/// The bytes of a file from `base`, at most [`WINDOW`] of them.
struct Window {
    file: File,
    buf: Vec<u8>,
    base: u64,
    len: usize,
    /// The window runs to the end of the file.
    eof: bool,
}

impl Window {
    fn new(file: File) -> Self {
        Window {
            file,
            buf: vec![0; WINDOW],
            base: 0,
            len: 0,
            eof: false,
        }
    }

    /// The line at `off` when it ends inside a window (or at the end of the file); `None` when
    /// it is longer than a window or the file cannot be read.
    fn line(&mut self, off: u64) -> Option<&[u8]> {
        if let Some((s, e)) = self.held(off) {
            return self.buf.get(s..e);
        }
        self.fill(off)?;
        let (s, e) = self.held(off)?;
        self.buf.get(s..e)
    }

    /// The range of the line at `off` when the window holds all of it.
    fn held(&self, off: u64) -> Option<(usize, usize)> {
        let start = usize::try_from(off.checked_sub(self.base)?).ok()?;
        let bytes = self.buf.get(start..self.len)?;
        match memchr::memchr(b'\n', bytes) {
            Some(n) => Some((start, start + n)),
            // The window ends at the end of the file: the last line, unterminated.
            None if self.eof => Some((start, self.len)),
            None => None,
        }
    }

    /// Reads the window at `off`.
    fn fill(&mut self, off: u64) -> Option<()> {
        self.file.seek(SeekFrom::Start(off)).ok()?;
        self.base = off;
        self.len = 0;
        self.eof = false;
        while self.len < WINDOW {
            match self.file.read(&mut self.buf[self.len..]) {
                Ok(0) => break,
                Ok(n) => self.len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.len = 0;
                    return None;
                }
            }
        }
        self.eof = self.len < WINDOW;
        Some(())
    }
}
