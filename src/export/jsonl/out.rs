//! Where JSON lines go, copied as little as possible: the lines the parsing threads wrote for
//! the current block stay in that block's buffer, and runs of them go to the writer from
//! there, interleaved with what this thread makes itself (HCW calls, handshake legs with their
//! tag, findings) in a second buffer, with vectored writes. The first write error is kept (a
//! closed pipe stops the export).

use std::io::{self, IoSlice, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes made here gathered before they are handed to the writer.
const FLUSH_AT: usize = 1 << 18;

/// Pieces gathered before they are handed to the writer (the most one `writev` takes).
const PIECES: usize = 1024;

/// A range of one of the two buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// Of the bytes made on this thread.
    Own(usize, usize),
    /// Of the current block's lines.
    Block(usize, usize),
}

/// The JSON Lines output.
pub struct Out<'w> {
    w: &'w mut dyn Write,
    own: Vec<u8>,
    /// The current block's lines, as the parsing threads wrote them.
    block: Vec<u8>,
    /// What goes out next, in order.
    queue: Vec<Piece>,
    err: Option<io::Error>,
    /// Set once a write failed, so the parser stops early.
    failed: &'w AtomicBool,
    lines: u64,
}

impl<'w> Out<'w> {
    pub fn new(w: &'w mut dyn Write, failed: &'w AtomicBool) -> Self {
        Out {
            w,
            own: Vec::with_capacity(FLUSH_AT + (1 << 16)),
            block: Vec::new(),
            queue: Vec::with_capacity(PIECES),
            err: None,
            failed,
            lines: 0,
        }
    }

    fn push(&mut self, piece: Piece) {
        match (self.queue.last_mut(), piece) {
            (Some(Piece::Own(_, end)), Piece::Own(start, to))
            | (Some(Piece::Block(_, end)), Piece::Block(start, to))
                if *end == start =>
            {
                *end = to;
            }
            _ => self.queue.push(piece),
        }
        if self.queue.len() >= PIECES || self.own.len() >= FLUSH_AT {
            self.flush();
        }
    }

    /// Writes one line that `f` serialises; a line that fails to serialise is dropped whole.
    pub fn line(&mut self, f: impl FnOnce(&mut Vec<u8>) -> Result<(), serde_json::Error>) {
        let start = self.own.len();
        match f(&mut self.own) {
            Ok(()) => {
                self.own.push(b'\n');
                self.lines += 1;
                self.push(Piece::Own(start, self.own.len()));
            }
            Err(_) => self.own.truncate(start),
        }
    }

    /// Writes bytes that `f` makes, which end `lines` lines.
    pub fn made(&mut self, lines: u64, f: impl FnOnce(&mut Vec<u8>)) {
        let start = self.own.len();
        f(&mut self.own);
        self.lines += lines;
        self.push(Piece::Own(start, self.own.len()));
    }

    /// Writes one already serialised object as a line.
    pub fn raw(&mut self, json: &[u8]) {
        self.made(1, |b| {
            b.extend_from_slice(json);
            b.push(b'\n');
        });
    }

    /// The current block's lines.
    pub fn block(&self) -> &[u8] {
        &self.block
    }

    /// Writes `range` of the current block's buffer, which ends `lines` lines.
    pub fn run(&mut self, range: Range<usize>, lines: u64) {
        if range.start < range.end && range.end <= self.block.len() {
            self.lines += lines;
            self.push(Piece::Block(range.start, range.end));
        }
    }

    /// Writes what is gathered and takes `block` as the current block's buffer; returns the
    /// previous one.
    pub fn next_block(&mut self, block: Vec<u8>) -> Vec<u8> {
        self.flush();
        std::mem::replace(&mut self.block, block)
    }

    /// Hands everything gathered to the writer.
    pub fn flush(&mut self) {
        if self.err.is_none() {
            let mut slices: Vec<IoSlice<'_>> = self
                .queue
                .iter()
                .map(|p| {
                    let (buf, a, b) = match *p {
                        Piece::Own(a, b) => (&self.own, a, b),
                        Piece::Block(a, b) => (&self.block, a, b),
                    };
                    IoSlice::new(buf.get(a..b).unwrap_or_default())
                })
                .collect();
            if let Err(e) = write_all_vectored(self.w, &mut slices) {
                self.err = Some(e);
                self.failed.store(true, Ordering::Relaxed);
            }
        }
        self.queue.clear();
        self.own.clear();
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

/// Writes all of `slices`, in as few calls as the writer allows.
fn write_all_vectored(w: &mut dyn Write, mut slices: &mut [IoSlice<'_>]) -> io::Result<()> {
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match w.write_vectored(slices) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Stops the parser once the output is gone.
pub struct StopOnError<'a>(pub &'a AtomicBool);

impl crate::progress::Progress for StopOnError<'_> {
    fn report(&self, _done: u64, _total: u64) {}
    fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes at most `n` bytes per call, of the first slice only.
    struct Trickle(Vec<u8>, usize);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(self.1);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn pieces_of_both_buffers_leave_in_order_through_short_writes() {
        let failed = AtomicBool::new(false);
        let mut w = Trickle(Vec::new(), 3);
        let mut out = Out::new(&mut w, &failed);
        out.raw(b"{\"a\":1}");
        let _ = out.next_block(b"{\"b\":2}\n{\"c\":3}\n{\"d\":4}\n".to_vec());
        out.run(0..8, 1);
        out.made(0, |b| b.extend_from_slice(b"<"));
        out.run(8..24, 2);
        out.run(24..30, 1);
        let old = out.next_block(b"{\"e\":5}\n".to_vec());
        assert_eq!(old, b"{\"b\":2}\n{\"c\":3}\n{\"d\":4}\n");
        out.run(0..8, 1);
        assert_eq!(out.finish().expect("written"), 5);
        assert_eq!(
            String::from_utf8(w.0).expect("UTF-8"),
            "{\"a\":1}\n{\"b\":2}\n<{\"c\":3}\n{\"d\":4}\n{\"e\":5}\n"
        );
    }
}
