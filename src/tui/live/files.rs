//! Where following a file starts, and reading a file again: the resume point after the last
//! indexed W3C row, the `#Fields:` line in force there, an HCW log's text in its encoding, and
//! a W3C file parsed again whole after a rotation.

use crate::follow::{Follower, LineUnit, Position};
use crate::index::RequestIndex;
use crate::read::text::LineText;
use crate::source::{SourceInfo, TextEncoding};
use crate::tui::live::w3c::{FieldsLine, last_fields_line, reload};
use crate::tui::model::data::Data;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Bytes looked at from the start of a W3C file for its first `#Fields:` line.
const HEAD_SCAN: u64 = 64 * 1024;
/// Bytes looked at before the resume point for a later `#Fields:` line.
const TAIL_SCAN: u64 = 16 << 20;

/// Text of an HCW log in its detected encoding.
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    let enc = match encoding {
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => encoding_rs::UTF_8,
    };
    enc.decode(bytes).0.into_owned()
}

pub fn hcw_follower(info: &SourceInfo, unit: LineUnit) -> Option<Follower> {
    let bytes = std::fs::read(&info.path).ok()?;
    let at = Position::after_complete_lines(&bytes, unit);
    let head = &bytes[..bytes.len().min(crate::follow::HEAD_LEN)];
    Follower::resume(&info.path, unit, at, head).ok()
}

/// A follower resuming after the last indexed row, with the columns in force there (only for
/// UTF-8 files whose line text the index reads from the file, where new rows' text will be).
pub fn w3c_follower(data: &Data, info: &SourceInfo) -> Option<(Follower, FieldsLine)> {
    if !matches!(info.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom) {
        return None;
    }
    let idx = data
        .request_index_of(info.id)
        .and_then(|k| data.analysis.requests.get(k))?;
    if !matches!(idx.line_text(), LineText::File(_)) {
        return None;
    }
    let at = match idx.len().checked_sub(1) {
        Some(last) => after_line(&info.path, idx.offset(last), idx.line_no(last))?,
        None => Position::after_complete_lines(&std::fs::read(&info.path).ok()?, LineUnit::Byte),
    };
    let fields = fields_before(&info.path, at.offset);
    let head = read_at(&info.path, 0, crate::follow::HEAD_LEN as u64);
    let f = Follower::resume(&info.path, LineUnit::Byte, at, &head).ok()?;
    Some((f, fields))
}

/// The position after the line that starts at `offset` (that line itself when it has no
/// newline yet, so it is delivered again once complete).
fn after_line(path: &std::path::Path, offset: u64, line_no: u64) -> Option<Position> {
    let bytes = read_at(path, offset, 256 * 1024 + 2);
    Some(match memchr::memchr(b'\n', &bytes) {
        Some(nl) => Position {
            offset: offset + nl as u64 + 1,
            line_no: line_no + 1,
        },
        None => Position { offset, line_no },
    })
}

/// The last `#Fields:` line before `end`: looked for in the last 16 MiB before it, else at the
/// start of the file.
pub fn fields_before(path: &std::path::Path, end: u64) -> FieldsLine {
    let from = end.saturating_sub(TAIL_SCAN);
    last_fields_line(&read_at(path, from, end - from))
        .or_else(|| last_fields_line(&read_at(path, 0, HEAD_SCAN.min(end))))
}

/// A W3C file read again from its start: every row, the columns at its end, and where to
/// resume (None when its text is not read from the file, so new rows could not be shown).
pub fn reload_w3c(
    info: &SourceInfo,
) -> Result<(RequestIndex, FieldsLine, Option<Position>), String> {
    let index = reload(info)?;
    let at = match index.len().checked_sub(1) {
        _ if !matches!(index.line_text(), LineText::File(_)) => None,
        Some(last) => after_line(&info.path, index.offset(last), index.line_no(last)),
        None => std::fs::read(&info.path)
            .ok()
            .map(|b| Position::after_complete_lines(&b, LineUnit::Byte)),
    };
    let fields = at.and_then(|p| fields_before(&info.path, p.offset));
    Ok((index, fields, at))
}

/// Up to `len` bytes of a file from `offset` (fewer at its end, none on error).
pub fn read_at(path: &std::path::Path, offset: u64, len: u64) -> Vec<u8> {
    let read = || -> std::io::Result<Vec<u8>> {
        let mut f = File::open(path)?;
        f.seek(SeekFrom::Start(offset))?;
        let mut out = Vec::new();
        f.take(len).read_to_end(&mut out)?;
        Ok(out)
    };
    read().unwrap_or_default()
}
