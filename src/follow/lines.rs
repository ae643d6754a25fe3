//! Line boundaries in raw file bytes: what a newline is for each encoding, and file positions.
//!
//! The follower never decodes. It only needs to know where a line ends, which for UTF-8 and
//! Windows-1252 is the byte `\n` (so `\r\n` ends a line too) and for UTF-16 the 2-byte unit
//! `0A 00` (LE) or `00 0A` (BE) at an even file offset. Every slice handed to these functions
//! starts at a line boundary, which is an even file offset for UTF-16.

use crate::source::TextEncoding;
use memchr::{memchr_iter, memrchr_iter};

/// How a line ends in the raw bytes of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineUnit {
    /// One byte per code unit: UTF-8 (with or without BOM) and Windows-1252.
    #[default]
    Byte,
    /// One byte per code unit, a bare CR ending a line as an LF does: a W3C log (CRLF, LF or
    /// a bare CR, `read::ends`).
    ByteOrCr,
    /// UTF-16 little endian: a line ends with the unit `0A 00`.
    Utf16Le,
    /// UTF-16 big endian: a line ends with the unit `00 0A`.
    Utf16Be,
}

impl LineUnit {
    /// The line unit of a detected encoding.
    pub fn for_encoding(encoding: TextEncoding) -> LineUnit {
        match encoding {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Windows1252 => {
                LineUnit::Byte
            }
            TextEncoding::Utf16Le => LineUnit::Utf16Le,
            TextEncoding::Utf16Be => LineUnit::Utf16Be,
        }
    }

    /// Bytes per code unit.
    pub fn width(self) -> usize {
        match self {
            LineUnit::Byte | LineUnit::ByteOrCr => 1,
            LineUnit::Utf16Le | LineUnit::Utf16Be => 2,
        }
    }

    /// The end (exclusive) of the newline whose `\n` byte sits at `i`, if it is one.
    fn newline_end(self, buf: &[u8], i: usize) -> Option<usize> {
        match self {
            LineUnit::Byte | LineUnit::ByteOrCr => Some(i + 1),
            LineUnit::Utf16Le => {
                (i.is_multiple_of(2) && buf.get(i + 1) == Some(&0)).then_some(i + 2)
            }
            LineUnit::Utf16Be => (i % 2 == 1 && buf[i - 1] == 0).then_some(i + 1),
        }
    }

    /// The end of the last complete line in `buf` (0 when there is none).
    pub fn last_line_end(self, buf: &[u8]) -> usize {
        self.last_line_end_after(buf, false)
    }

    /// [`LineUnit::last_line_end`] of what was written after a line end that was a bare CR
    /// when `bare_before` (it decides a CR that ends `buf`: `read::ends::last_line_end`).
    pub fn last_line_end_after(self, buf: &[u8], bare_before: bool) -> usize {
        if self == LineUnit::ByteOrCr {
            return crate::read::ends::last_line_end(buf, bare_before);
        }
        memrchr_iter(b'\n', buf)
            .find_map(|i| self.newline_end(buf, i))
            .unwrap_or(0)
    }

    /// The number of line ends in `buf`.
    pub fn count_lines(self, buf: &[u8]) -> u64 {
        match self {
            LineUnit::Byte => memchr_iter(b'\n', buf).count() as u64,
            LineUnit::ByteOrCr => crate::read::ends::count_lines(buf),
            _ => memchr_iter(b'\n', buf)
                .filter(|&i| self.newline_end(buf, i).is_some())
                .count() as u64,
        }
    }

    /// `n` rounded down to a whole number of code units.
    pub fn align_down(self, n: usize) -> usize {
        n - n % self.width()
    }
}

/// A place in a file: a byte offset and the 1-based number of the line that starts there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Byte offset from the start of the file (the BOM included).
    pub offset: u64,
    /// 1-based physical line number of the line starting at `offset`.
    pub line_no: u64,
}

impl Position {
    /// The start of a file.
    pub const START: Position = Position {
        offset: 0,
        line_no: 1,
    };

    /// Just after the last complete line of `bytes`, the first bytes of a file.
    ///
    /// An unterminated tail is left out: the follower delivers that line once it is complete.
    pub fn after_complete_lines(bytes: &[u8], unit: LineUnit) -> Position {
        let end = unit.last_line_end(bytes);
        Position {
            offset: end as u64,
            line_no: 1 + unit.count_lines(&bytes[..end]),
        }
    }
}
