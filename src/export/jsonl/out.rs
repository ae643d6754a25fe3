//! Where JSON lines go: one reusable buffer handed to the writer in large pieces, the first
//! write error kept (a closed pipe stops the export).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes gathered before they are handed to the writer.
const FLUSH_AT: usize = 1 << 18;

/// The JSON Lines output.
pub struct Out<'w> {
    w: &'w mut dyn Write,
    buf: Vec<u8>,
    err: Option<io::Error>,
    /// Set once a write failed, so the parser stops early.
    failed: &'w AtomicBool,
    lines: u64,
}

impl<'w> Out<'w> {
    pub fn new(w: &'w mut dyn Write, failed: &'w AtomicBool) -> Self {
        Out {
            w,
            buf: Vec::with_capacity(FLUSH_AT + (1 << 16)),
            err: None,
            failed,
            lines: 0,
        }
    }

    /// Writes one line that `f` serialises into the buffer; a line that fails to serialise is
    /// dropped whole.
    pub fn line(&mut self, f: impl FnOnce(&mut Vec<u8>) -> Result<(), serde_json::Error>) {
        let start = self.buf.len();
        match f(&mut self.buf) {
            Ok(()) => {
                self.buf.push(b'\n');
                self.lines += 1;
            }
            Err(_) => self.buf.truncate(start),
        }
        if self.buf.len() >= FLUSH_AT {
            self.flush();
        }
    }

    /// Writes one already serialised object as a line.
    pub fn raw(&mut self, json: &[u8]) {
        self.line(|b| {
            b.extend_from_slice(json);
            Ok(())
        });
    }

    /// Writes one object given as its two pieces around its line number.
    #[inline]
    pub fn pieces(&mut self, head: &[u8], line: u64, tail: &[u8]) {
        self.buf.extend_from_slice(head);
        super::json::number(&mut self.buf, line);
        self.buf.extend_from_slice(tail);
        self.buf.push(b'\n');
        self.lines += 1;
        if self.buf.len() >= FLUSH_AT {
            self.flush();
        }
    }

    /// Hands the buffer to the writer.
    pub fn flush(&mut self) {
        if self.err.is_none()
            && let Err(e) = self.w.write_all(&self.buf)
        {
            self.err = Some(e);
            self.failed.store(true, Ordering::Relaxed);
        }
        self.buf.clear();
    }

    /// Flushes everything; the first write error, if any.
    pub fn finish(mut self) -> io::Result<u64> {
        self.flush();
        if let Some(e) = self.err.take() {
            return Err(e);
        }
        self.w.flush()?;
        Ok(self.lines)
    }
}

/// Stops the parser once the output is gone.
pub struct StopOnError<'a>(pub &'a AtomicBool);

impl crate::progress::Progress for StopOnError<'_> {
    fn report(&self, _done: u64, _total: u64) {}
    fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
