//! One pass over a block that finds every line end and every field separator, eight bytes at a
//! time (SWAR: no SIMD intrinsics, which would need `unsafe`).
//!
//! For each 64-byte window a bit mask marks the bytes below `0x23` (spaces, line feeds,
//! carriage returns, other control bytes, `!` and `"`); each marked byte is then looked at.
//! Spaces become field edges, line feeds end a line and hand it to the caller with its edges.
//! A line with a quote or a tab is flagged [`Edges::odd`], so the caller splits it again with
//! the full grammar ([`super::tokens`]), as it does for lines whose value count differs from
//! `#Fields` (which runs of spaces cause).

use super::fields::MAX_FIELDS;

/// Edge slots read: `edges[k] + 1 .. edges[k + 1]` is field `k` of the current line.
pub(super) const EDGES: usize = MAX_FIELDS + 2;

/// Edge slots kept: a power of two above [`EDGES`], so the scan stores each space without a
/// bounds check (at its count modulo `SLOTS`; a line with more spaces is split again).
const SLOTS: usize = 512;

/// Field edges of the current line, reused for every line.
#[derive(Debug)]
pub(super) struct Edges {
    /// `at[0]` is the byte before the line; `at[1..=n]` the spaces; the end is added by
    /// [`Edges::close`].
    pub at: [u32; SLOTS],
    /// Number of spaces recorded (may exceed the slots; later ones are not kept).
    pub n: usize,
    /// The line has a tab or a quote. (A run of spaces or a leading space makes an empty
    /// value, so the value count then differs from `#Fields` unless a value is also missing.)
    pub odd: bool,
}

impl Default for Edges {
    fn default() -> Self {
        Edges {
            at: [0; SLOTS],
            n: 0,
            odd: false,
        }
    }
}

impl Edges {
    fn open(&mut self, start: usize) {
        self.at[0] = (start as u32).wrapping_sub(1);
        self.n = 0;
        self.odd = false;
    }

    /// Moves the line start to `start` (past a byte order mark; no spaces before it).
    pub fn skip_to(&mut self, start: usize) {
        if self.n == 0 {
            self.open(start);
        }
    }

    /// Ends the line at `end`, dropping trailing spaces; returns the field count and the end of
    /// the last field.
    pub fn close(&mut self, mut end: usize) -> (usize, usize) {
        if self.n >= SLOTS {
            // Later spaces overwrote the first edges: the caller must split the line again.
            self.odd = true;
        }
        while self.n > 0 && self.n < EDGES - 1 && self.at[self.n] as usize + 1 == end {
            self.n -= 1;
            end -= 1;
        }
        let slot = (self.n + 1).min(EDGES - 1);
        self.at[slot] = end as u32;
        (self.n + 1, end)
    }

    /// Bounds of field `k`.
    #[cfg(test)]
    pub fn field(&self, k: usize) -> Option<(usize, usize)> {
        let start = self.at.get(k)?.wrapping_add(1) as usize;
        Some((start, *self.at.get(k + 1)? as usize))
    }
}

/// Calls `on_line(edges, start, end)` for every line of `text` (`end` excludes the line feed;
/// the last line may lack one). Edges hold the positions of the spaces inside the line.
pub(super) fn scan_lines(
    text: &[u8],
    edges: &mut Edges,
    mut on_line: impl FnMut(&mut Edges, usize, usize),
) {
    let mut line = Line::default();
    edges.open(0);
    let mut windows = text.chunks_exact(64);
    let mut base = 0usize;
    for window in &mut windows {
        let window = <&[u8; 64]>::try_from(window).unwrap_or(&[b'x'; 64]);
        visit(window, base, edges, &mut line, &mut on_line);
        base += 64;
    }
    let rest = windows.remainder();
    let mut pad = [b'x'; 64];
    pad[..rest.len()].copy_from_slice(rest);
    visit(&pad, base, edges, &mut line, &mut on_line);
    if line.start < text.len() {
        edges.n = line.n;
        edges.odd = line.odd;
        on_line(edges, line.start, text.len());
    }
}

/// The line being scanned, kept in locals (registers) and copied into [`Edges`] at its end.
#[derive(Debug, Default)]
struct Line {
    start: usize,
    /// Spaces seen ([`Edges::n`]).
    n: usize,
    /// A tab or a quote was seen ([`Edges::odd`]).
    odd: bool,
}

/// The marked bytes of one 64-byte window at `base`: spaces become edges, a line feed hands the
/// line from `start` to `on_line`. Always inlined: it runs once per 64 bytes of every log.
#[inline(always)]
fn visit(
    window: &[u8; 64],
    base: usize,
    edges: &mut Edges,
    line: &mut Line,
    on_line: &mut impl FnMut(&mut Edges, usize, usize),
) {
    let mut mask = candidates(window);
    while mask != 0 {
        // Below 64: `mask` is not zero.
        let at = mask.trailing_zeros() as usize & 63;
        mask &= mask - 1;
        let c = window[at];
        if c == b' ' {
            line.n += 1;
            edges.at[line.n % SLOTS] = (base + at) as u32;
        } else if c == b'\n' {
            edges.n = line.n;
            edges.odd = line.odd;
            on_line(edges, line.start, base + at);
            line.start = base + at + 1;
            line.n = 0;
            line.odd = false;
            edges.open(line.start);
        } else {
            // A table lookup rather than two more comparisons: the compiler would make the
            // comparisons one jump table that every space then goes through.
            line.odd |= (ODD >> (c & 63)) & 1 != 0;
        }
    }
}

/// The marked bytes that make a line odd, as bits by byte value (all marked bytes are below
/// `0x24`): a quote and a tab.
const ODD: u64 = 1 << b'"' | 1 << b'\t';

/// One bit per byte of a 64-byte window that is below `0x23`, plus possibly a byte right
/// after such a byte (a borrow of the subtraction); callers look at each byte.
///
/// Each word's flags (the high bit of each byte) are shifted into one bit column of a
/// transposed 8x8 bit matrix, which three delta swaps turn back into byte order.
#[inline]
fn candidates(window: &[u8; 64]) -> u64 {
    const BELOW: u64 = 0x2323_2323_2323_2323;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut t = 0u64;
    for (k, word) in window.chunks_exact(8).enumerate() {
        let w = <[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes);
        let low = w.wrapping_sub(BELOW) & !w & HI;
        // Byte `i` of word `k` lands on bit `8i + k`.
        t |= low >> (7 - k);
    }
    let y = (t ^ (t >> 7)) & 0x00AA_00AA_00AA_00AA;
    t ^= y ^ (y << 7);
    let y = (t ^ (t >> 14)) & 0x0000_CCCC_0000_CCCC;
    t ^= y ^ (y << 14);
    let y = (t ^ (t >> 28)) & 0x0000_0000_F0F0_F0F0;
    t ^ y ^ (y << 28)
}
