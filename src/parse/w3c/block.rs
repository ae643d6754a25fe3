//! Reading a W3C stream in blocks that end on a line boundary, carrying the partial last line
//! over to the next block, and skipping lines too long to hold.
//!
//! Blocks are small enough (512 KiB) to stay in the CPU cache while they are validated, split
//! and parsed; a block grows when one line is longer, up to [`MAX_LINE`]. A line may end in
//! CRLF, LF or a bare CR: each bare CR is turned into an LF as it is read (`read::ends`).

use crate::read::ends;
use std::io::{self, Read};

/// Bytes read per block.
pub(super) const READ: usize = 512 * 1024;

/// The longest line kept whole; longer lines are skipped with a diagnostic.
pub(super) const MAX_LINE: usize = 4 * 1024 * 1024;

/// How much of an over-long line is kept for its diagnostic.
const HEAD: usize = 256;

/// What the reader hands out next.
#[derive(Debug)]
pub(super) enum Block {
    /// Whole lines (the last one may lack its newline at end of input); `base` is the stream
    /// offset of `data[0]`.
    Data { data: Vec<u8>, base: u64 },
    /// A line longer than [`MAX_LINE`] was skipped; `head` is its start.
    Overlong { base: u64, head: Vec<u8> },
}

/// Splits a reader into blocks of whole lines.
pub(super) struct BlockReader<R> {
    reader: R,
    carry: Vec<u8>,
    /// Stream offset of `carry[0]`.
    pos: u64,
    eof: bool,
    /// Bytes read per block: [`READ`], less for a stream known to be smaller.
    read: usize,
    /// The last line end read is a bare CR (it decides a CR run that ends the stream).
    bare: bool,
}

impl<R: Read> BlockReader<R> {
    /// A reader for a stream of about `expected` bytes (0: unknown); small inputs get a
    /// buffer their size instead of a full block.
    pub fn new(reader: R, expected: u64) -> Self {
        let read = match usize::try_from(expected) {
            Ok(n) if n > 0 => n.saturating_add(1).clamp(4096, READ),
            _ => READ,
        };
        BlockReader {
            reader,
            carry: Vec::new(),
            pos: 0,
            eof: false,
            read,
            bare: false,
        }
    }

    /// Like [`BlockReader::new`] for a stream that starts at file offset `base` (offsets of
    /// blocks are then file offsets).
    pub fn starting_at(reader: R, expected: u64, base: u64) -> Self {
        let mut r = Self::new(reader, expected);
        r.pos = base;
        r
    }

    /// The line end before the stream is a bare CR: a stream that starts within a file.
    pub fn after_bare_cr(mut self, bare: bool) -> Self {
        self.bare = bare;
        self
    }

    /// Bytes consumed from the stream so far.
    pub fn consumed(&self) -> u64 {
        self.pos + self.carry.len() as u64
    }

    /// True once the stream is exhausted and nothing is carried.
    pub fn done(&self) -> bool {
        self.eof && self.carry.is_empty()
    }

    /// Fills `buf` (reused storage) with the next block; `None` at the end.
    pub fn next(&mut self, mut buf: Vec<u8>) -> io::Result<Option<Block>> {
        if self.done() {
            return Ok(None);
        }
        let kept = self.carry.len();
        let size = (kept + self.read / 2).max(self.read);
        if buf.len() != size {
            buf.resize(size, 0);
        }
        buf[..kept].copy_from_slice(&self.carry);
        self.carry.clear();
        let mut filled = self.fill(&mut buf, kept)?;
        let base = self.pos;
        // Bytes before `searched` hold no line end (the carry is part of one line).
        let mut searched = 0;
        loop {
            let tail = ends::to_lf(&mut buf[searched..filled]);
            self.bare = tail.bare.unwrap_or(self.bare);
            let run = searched + tail.run;
            if self.eof {
                ends::end_run(&mut buf[..filled], run, self.bare);
                buf.truncate(filled);
                break;
            }
            if let Some(nl) = memchr::memrchr(b'\n', &buf[searched..run]) {
                let nl = searched + nl;
                self.carry.extend_from_slice(&buf[nl + 1..filled]);
                buf.truncate(nl + 1);
                break;
            }
            if filled >= MAX_LINE {
                let head = buf[..HEAD.min(filled)].to_vec();
                self.skip_line(&mut buf, filled)?;
                return Ok(Some(Block::Overlong { base, head }));
            }
            // A CR run ending what was read is looked at again with what follows it.
            searched = run;
            buf.resize((buf.len() * 2).min(MAX_LINE), 0);
            filled = self.fill(&mut buf, filled)?;
        }
        self.pos += buf.len() as u64;
        Ok(Some(Block::Data { data: buf, base }))
    }

    /// Reads after `filled` until `buf` is full or the stream ends; returns the filled length.
    fn fill(&mut self, buf: &mut [u8], mut filled: usize) -> io::Result<usize> {
        while filled < buf.len() && !self.eof {
            match self.reader.read(&mut buf[filled..]) {
                Ok(0) => self.eof = true,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(filled)
    }

    /// Discards the rest of an over-long line; what follows its newline becomes the carry.
    fn skip_line(&mut self, buf: &mut [u8], mut filled: usize) -> io::Result<()> {
        loop {
            self.pos += filled as u64;
            if self.eof {
                return Ok(());
            }
            filled = self.fill(buf, 0)?;
            let tail = ends::to_lf(&mut buf[..filled]);
            if self.eof {
                ends::end_run(&mut buf[..filled], tail.run, self.bare);
            }
            if let Some(nl) = memchr::memchr(b'\n', &buf[..filled]) {
                self.pos += (nl + 1) as u64;
                self.carry.extend_from_slice(&buf[nl + 1..filled]);
                return Ok(());
            }
        }
    }
}
