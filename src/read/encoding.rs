//! Text encodings: recognising them from a file's first bytes (byte order marks, BOM-less
//! UTF-16, how clean the UTF-8 is), what a file's name says (IIS `u_ex…` is UTF-8), and
//! decoding whole buffers.

use crate::source::TextEncoding;
use std::path::Path;

/// How well bytes read as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Utf8Quality {
    /// Valid UTF-8 (a sequence cut by the sniff window does not count).
    Valid,
    /// Some invalid bytes, but more correctly encoded non-ASCII characters than errors.
    Mostly,
    /// Not UTF-8: an 8-bit code page.
    Foreign,
}

/// The encoding named by a byte order mark, and the mark's length.
pub(super) fn bom(bytes: &[u8]) -> Option<(TextEncoding, usize)> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((TextEncoding::Utf8Bom, 3)),
        [0xFF, 0xFE, ..] => Some((TextEncoding::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => Some((TextEncoding::Utf16Be, 2)),
        _ => None,
    }
}

/// UTF-16 without a BOM, recognised by mostly-ASCII text with a NUL in every other byte.
pub(super) fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let (mut le, mut be) = (0usize, 0usize);
    for pair in bytes[..n].chunks_exact(2) {
        le += usize::from(pair[1] == 0 && pair[0] != 0);
        be += usize::from(pair[0] == 0 && pair[1] != 0);
    }
    let pairs = n / 2;
    if le * 10 >= pairs * 9 {
        Some(TextEncoding::Utf16Le)
    } else if be * 10 >= pairs * 9 {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Grades `bytes` as UTF-8; `complete` is false when they are only the start of a file.
pub(super) fn utf8_quality(bytes: &[u8], complete: bool) -> Utf8Quality {
    let bytes = if complete {
        bytes
    } else {
        without_cut_tail(bytes)
    };
    if std::str::from_utf8(bytes).is_ok() {
        return Utf8Quality::Valid;
    }
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if good > bad {
        Utf8Quality::Mostly
    } else {
        Utf8Quality::Foreign
    }
}

/// The encoding of a file named `path` whose content suggested `sniffed`: IIS names the logs it
/// writes in UTF-8 `u_ex…` (`logInUTF8`, the default), so such a file is never guessed to be
/// Windows-1252 — its stray bytes are read as U+FFFD and counted, and its later UTF-8 stays
/// UTF-8. Only that guess gives way: a byte order mark still decides. Other names (`ex…`, in
/// the server's ANSI code page, or a renamed file) keep the content's guess. Once per file.
pub(super) fn by_name(path: &Path, sniffed: TextEncoding) -> TextEncoding {
    if sniffed == TextEncoding::Windows1252 && named_utf8(path) {
        TextEncoding::Utf8
    } else {
        sniffed
    }
}

/// A file name starting `u_ex` (any case): `u_ex241105.log`, `u_ex24110514.log`,
/// `u_ex241105_x.log`, `u_extend1.log`.
fn named_utf8(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.as_encoded_bytes().get(..4))
        .is_some_and(|p| p.eq_ignore_ascii_case(b"u_ex"))
}

/// A file name starting `ex` (any case): IIS's logs in the server's ANSI code page
/// (`ex250401.log`, `ex25040114.log`, `extend1.log`).
fn named_ansi(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.as_encoded_bytes().get(..2))
        .is_some_and(|p| p.eq_ignore_ascii_case(b"ex"))
}

/// How the lines of a streamed 8-bit log (UTF-8 or Windows-1252) are decoded: one rule for the
/// parse and for reading a line back, so both see the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineDecoding {
    /// UTF-8; a byte that is not is U+FFFD (and said).
    #[default]
    Utf8,
    /// Windows-1252 (the start of the file was not UTF-8).
    Windows1252,
    /// UTF-8 where a line is, else Windows-1252: an ANSI `ex*.log` whose start was plain ASCII
    /// (so it looked like UTF-8) and whose later lines carry ANSI bytes (`MÜLLER` as `0xDC`).
    Utf8Else1252,
}

impl LineDecoding {
    /// The decoding of a file named `path` detected as `encoding`: an `ex*` name (IIS's ANSI
    /// logs; `u_ex*` is UTF-8) read as UTF-8 falls back to Windows-1252 line by line.
    pub fn of(path: &Path, encoding: TextEncoding) -> LineDecoding {
        match encoding {
            TextEncoding::Windows1252 => LineDecoding::Windows1252,
            TextEncoding::Utf8 | TextEncoding::Utf8Bom if named_ansi(path) => {
                LineDecoding::Utf8Else1252
            }
            _ => LineDecoding::Utf8,
        }
    }

    /// A line's bytes as text, and the first byte that was not UTF-8 and is shown as U+FFFD
    /// (0: none).
    pub fn line(self, bytes: &[u8]) -> (std::borrow::Cow<'_, str>, u8) {
        let ansi = |b| encoding_rs::WINDOWS_1252.decode_without_bom_handling(b).0;
        match self {
            LineDecoding::Windows1252 => (ansi(bytes), 0),
            _ => match std::str::from_utf8(bytes) {
                Ok(s) => (std::borrow::Cow::Borrowed(s), 0),
                Err(_) if self == LineDecoding::Utf8Else1252 => (ansi(bytes), 0),
                Err(_) => {
                    let bad = bytes
                        .utf8_chunks()
                        .find_map(|c| c.invalid().first().copied())
                        .unwrap_or(0);
                    (String::from_utf8_lossy(bytes), bad)
                }
            },
        }
    }
}

/// Drops a multi-byte sequence cut off at the end of a sniff window (or of what was written).
pub(crate) fn without_cut_tail(bytes: &[u8]) -> &[u8] {
    let n = bytes.len();
    for back in 1..=3.min(n) {
        let b = bytes[n - back];
        if b & 0xC0 == 0x80 {
            continue;
        }
        let need = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return bytes,
        };
        return if need > back {
            &bytes[..n - back]
        } else {
            bytes
        };
    }
    bytes
}

/// Decodes a whole buffer, dropping a byte order mark; invalid sequences become U+FFFD.
pub fn decode(bytes: Vec<u8>, encoding: TextEncoding) -> String {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => {
            let skip = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                3
            } else {
                0
            };
            match String::from_utf8(bytes) {
                Ok(mut s) => {
                    s.drain(..skip);
                    s
                }
                Err(e) => String::from_utf8_lossy(&e.as_bytes()[skip..]).into_owned(),
            }
        }
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE
            .decode_with_bom_removal(&bytes)
            .0
            .into_owned(),
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE
            .decode_with_bom_removal(&bytes)
            .0
            .into_owned(),
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned(),
    }
}
