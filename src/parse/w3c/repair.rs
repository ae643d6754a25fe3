//! Blocks that are not all UTF-8 (a client's raw Windows-1252 byte in a UTF-8 log): decoded
//! line by line with U+FFFD for each bad sequence, each line's first bad byte kept so it is
//! counted and said; in a Windows-1252 log (an ANSI `ex*.log`) decoded as that, nothing said;
//! in an `ex*.log` read as UTF-8 a line that is not UTF-8 is Windows-1252
//! ([`LineDecoding`], the rule the line read-back follows too). Only blocks that fail
//! validation come here.

use crate::read::LineDecoding;

/// A block with invalid UTF-8, each line decoded by `decoding` (lossily as UTF-8, or as
/// Windows-1252), and the stream offset of each line with the first byte of it shown as U+FFFD
/// (0: none).
pub(super) fn repair(data: &[u8], base: u64, decoding: LineDecoding) -> (String, Vec<(u64, u8)>) {
    let mut text = String::with_capacity(data.len() + 64);
    let mut offsets = Vec::new();
    let mut start = 0;
    while start < data.len() {
        let stop = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |p| start + p);
        let raw = &data[start..stop];
        let (line, mut bad) = decoding.line(raw);
        if bad != 0 && cut_in_a_character(raw, stop == data.len()) {
            bad = 0;
        }
        offsets.push((base + start as u64, bad));
        text.push_str(&line);
        if stop < data.len() {
            text.push('\n');
        }
        start = stop + 1;
    }
    (text, offsets)
}

/// Whether the only bytes of a line that are not UTF-8 are a character cut off where the
/// writing stopped: at the end of what was written (`last`: no line feed after it), or before
/// the NUL bytes a crash left. The line is said as cut off, not as another encoding.
fn cut_in_a_character(raw: &[u8], last: bool) -> bool {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let nuls = raw.iter().rev().take_while(|&&c| c == 0).count();
    if nuls == 0 && !last {
        return false;
    }
    let written = &raw[..raw.len() - nuls];
    let whole = crate::read::without_cut_tail(written);
    whole.len() < written.len() && std::str::from_utf8(whole).is_ok()
}

/// Why a line with a byte that is not UTF-8 is listed: the byte, and what it is in
/// Windows-1252, the usual origin (a client's raw query or user agent).
pub(super) fn reason(byte: u8) -> String {
    let one = [byte];
    let ansi = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&one)
        .0;
    format!(
        "read, but byte 0x{byte:02X} is not UTF-8 (Windows-1252 \"{}\"?): shown as U+FFFD",
        crate::escape::escape_control(&ansi)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_keeps_its_offset_and_first_bad_byte() {
        let (text, lines) = repair(b"ok\nCaf\xe9 \xfc\r\nend", 100, LineDecoding::Utf8);
        assert_eq!(text, "ok\nCaf\u{FFFD} \u{FFFD}\r\nend");
        assert_eq!(lines, vec![(100, 0), (103, 0xE9), (111, 0)]);
        let (text, lines) = repair(b"ok\nCaf\xe9 \xfc\r\nend", 100, LineDecoding::Windows1252);
        assert_eq!(text, "ok\nCaf\u{E9} \u{FC}\r\nend");
        assert_eq!(lines, vec![(100, 0), (103, 0), (111, 0)]);
        // An `ex*.log` read as UTF-8: a UTF-8 line stays, an ANSI one is Windows-1252.
        let data = "M\u{DC}LLER ok\n".as_bytes().iter().chain(b"M\xdcLLER\n");
        let data: Vec<u8> = data.copied().collect();
        let (text, lines) = repair(&data, 0, LineDecoding::Utf8Else1252);
        assert_eq!(text, "M\u{DC}LLER ok\nM\u{DC}LLER\n");
        assert_eq!(lines, vec![(0, 0), (11, 0)]);
        // A character cut where the writing stopped (the last line, or NULs after it) is no
        // other encoding; the same byte inside a line is.
        let (_, lines) = repair(
            b"J\xc3\xbcrgen\nJ\xc3\x00\x00\nJ\xc3rgen\nM\xc3",
            0,
            LineDecoding::Utf8,
        );
        assert_eq!(lines, vec![(0, 0), (8, 0), (13, 0xC3), (20, 0)]);
        assert_eq!(
            reason(0x80),
            "read, but byte 0x80 is not UTF-8 (Windows-1252 \"\u{20AC}\"?): shown as U+FFFD"
        );
    }
}
