//! Where following a file starts, and reading a file again: the resume point after the last
//! indexed W3C row, the `#Fields:` columns in force there, an HCW log's text in its encoding,
//! and a W3C file parsed again whole after a rotation.

use crate::follow::{Follower, LineUnit, Position};
use crate::index::RequestIndex;
use crate::index::text::{FileReader, LineText};
use crate::source::{SourceInfo, TextEncoding};
use crate::tui::live::w3c::{Columns, parse_appended};
use crate::tui::model::data::Data;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Bytes looked at from the start of a W3C file for its first `#Fields:` line.
const HEAD_SCAN: u64 = 64 * 1024;
/// Bytes looked at before the resume point for a later `#Fields:` line.
const TAIL_SCAN: u64 = 16 << 20;
/// Block size when a W3C file is read again whole.
const RELOAD_BLOCK: usize = 8 << 20;

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
pub fn w3c_follower(data: &Data, info: &SourceInfo) -> Option<(Follower, Option<Columns>)> {
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
    let columns = columns_before(&info.path, at.offset);
    let head = read_at(&info.path, 0, crate::follow::HEAD_LEN as u64);
    let f = Follower::resume(&info.path, LineUnit::Byte, at, &head).ok()?;
    Some((f, columns))
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
fn columns_before(path: &std::path::Path, end: u64) -> Option<Columns> {
    let from = end.saturating_sub(TAIL_SCAN);
    let tail = read_at(path, from, end - from);
    let last = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        text.lines().rev().find_map(Columns::parse)
    };
    last(&tail).or_else(|| last(&read_at(path, 0, HEAD_SCAN.min(end))))
}

/// A W3C file read again from its start: every row, the columns at its end, and where to
/// resume.
pub fn reload_w3c(info: &SourceInfo) -> Result<(RequestIndex, Option<Columns>, Position), String> {
    let err = |e: std::io::Error| format!("{}: {e}", info.path.display());
    let file = File::open(&info.path).map_err(err)?;
    let reader = FileReader::new(info.path.clone(), File::open(&info.path).map_err(err)?);
    let mut index = RequestIndex::new(info.id, LineText::File(std::sync::Arc::new(reader)));
    let mut columns = None;
    let mut at = Position::START;
    let mut buf: Vec<u8> = Vec::new();
    let mut file = file;
    let mut block = vec![0u8; RELOAD_BLOCK];
    loop {
        let n = file.read(&mut block).map_err(err)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&block[..n]);
        let end = LineUnit::Byte.last_line_end(&buf);
        if end == 0 {
            continue;
        }
        parse_appended(
            &buf[..end],
            at.offset,
            at.line_no,
            &mut columns,
            &info.server,
            info.skew_ms,
            &mut index,
        );
        at = Position {
            offset: at.offset + end as u64,
            line_no: at.line_no + LineUnit::Byte.count_lines(&buf[..end]),
        };
        buf.drain(..end);
    }
    Ok((index, columns, at))
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
