//! A byte buffer for log lines: digits, GUIDs and the per-second time stamp without `format!`,
//! flushed to the writer in large chunks.

use super::rng::Rng;
use std::io::{self, Write};

const FLUSH_AT: usize = 1 << 20;
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Buffered output that counts the bytes it has handed to the writer.
pub(crate) struct Out<'w> {
    buf: Vec<u8>,
    w: &'w mut dyn Write,
    flushed: u64,
}

impl<'w> Out<'w> {
    pub(crate) fn new(w: &'w mut dyn Write) -> Self {
        Out {
            buf: Vec::with_capacity(FLUSH_AT + 64 * 1024),
            w,
            flushed: 0,
        }
    }

    /// Bytes produced so far (flushed or buffered).
    #[inline]
    pub(crate) fn len(&self) -> u64 {
        self.flushed + self.buf.len() as u64
    }

    #[inline]
    pub(crate) fn push(&mut self, s: &[u8]) {
        self.buf.extend_from_slice(s);
    }

    /// Drops a trailing space (to continue a URI stem written by a line prefix).
    #[inline]
    pub(crate) fn pop_space(&mut self) {
        if self.buf.last() == Some(&b' ') {
            self.buf.pop();
        }
    }

    #[inline]
    pub(crate) fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    /// A decimal number.
    #[inline]
    pub(crate) fn num(&mut self, mut n: u64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
    }

    /// A lowercase GUID `8-4-4-4-12`.
    #[inline]
    pub(crate) fn guid(&mut self, rng: &mut Rng) {
        let mut g = [0u8; 36];
        fill_guid(&mut g, rng);
        self.buf.extend_from_slice(&g);
    }

    /// A GUID followed by `;` (the end of a cafe query).
    #[inline]
    pub(crate) fn guid_semi(&mut self, rng: &mut Rng) {
        let mut g = [0u8; 37];
        fill_guid(&mut g, rng);
        g[36] = b';';
        self.buf.extend_from_slice(&g);
    }

    /// The status columns (pre-rendered, with a trailing space), `time-taken` and CRLF; flushes
    /// when the buffer is full.
    #[inline]
    pub(crate) fn finish_line(&mut self, status: &[u8], taken: u32) -> io::Result<()> {
        self.buf.extend_from_slice(status);
        let mut tmp = [0u8; 12];
        let mut i = 10;
        tmp[10] = b'\r';
        tmp[11] = b'\n';
        let mut n = taken;
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.flushed += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Flushes everything and returns the total byte count.
    pub(crate) fn finish(mut self) -> io::Result<u64> {
        self.flush()?;
        self.w.flush()?;
        Ok(self.flushed)
    }
}

/// `YYYY-MM-DD HH:MM:SS` for the current second, rebuilt only when the second changes.
pub(crate) struct Stamp {
    text: [u8; 19],
    second: u32,
}

impl Stamp {
    /// A stamp at second `second` of the UTC day `y-m-d`.
    pub(crate) fn new(y: i32, m: u32, d: u32, second: u32) -> Self {
        let mut text = *b"0000-00-00 00:00:00";
        let y = y.clamp(0, 9999) as u32;
        two(&mut text[0..2], y / 100);
        two(&mut text[2..4], y % 100);
        two(&mut text[5..7], m);
        two(&mut text[8..10], d);
        let mut s = Stamp {
            text,
            second: u32::MAX,
        };
        s.set(second);
        s
    }

    /// Moves to a second of the day (never backwards; clamped to the day).
    #[inline]
    pub(crate) fn set(&mut self, second: u32) {
        let second = second.min(86_399);
        if second == self.second || (self.second != u32::MAX && second < self.second) {
            return;
        }
        self.second = second;
        two(&mut self.text[11..13], second / 3600);
        two(&mut self.text[14..16], second / 60 % 60);
        two(&mut self.text[17..19], second % 60);
    }

    #[inline]
    pub(crate) fn second(&self) -> u32 {
        self.second
    }

    #[inline]
    pub(crate) fn text(&self) -> &[u8; 19] {
        &self.text
    }
}

fn two(dst: &mut [u8], v: u32) {
    dst[0] = b'0' + (v / 10 % 10) as u8;
    dst[1] = b'0' + (v % 10) as u8;
}

/// Writes a version-4 style GUID (like the ones Exchange logs) into the first 36 bytes.
#[inline]
fn fill_guid(g: &mut [u8], rng: &mut Rng) {
    let mut bits = [rng.next_u64(), rng.next_u64()];
    let variant = (bits[1] >> 62) as usize;
    let mut pos = 0;
    for (group, len) in [8usize, 4, 4, 4, 12].into_iter().enumerate() {
        if group > 0 {
            g[pos] = b'-';
            pos += 1;
        }
        for _ in 0..len {
            let word = &mut bits[usize::from(pos >= 18)];
            g[pos] = HEX[(*word & 0xF) as usize];
            *word >>= 4;
            pos += 1;
        }
    }
    g[14] = b'4';
    g[19] = HEX[8 | variant];
}
