//! Live follow, the blocking side: one [`Follower`] per loaded file, polled by the app loop
//! every ~1.5 s on the blocking pool; what they find becomes [`LiveUpdate`]s for the model.
//!
//! W3C files resume right after the last row the load indexed, with the column map of the last
//! `#Fields:` line before it; appended lines are parsed into a small index of their own. An HCW
//! log that changed is parsed again whole (they are megabytes) on the clock it was loaded with.
//! A rotated or truncated W3C file is read again from its start. Only UTF-8 W3C files are
//! followed (their line text is read back from the file); HCW logs in any encoding.

pub mod w3c;

use crate::follow::{FollowEvent, Follower, LineUnit, Position};
use crate::index::RequestIndex;
use crate::index::text::{FileReader, LineText};
use crate::parse::hcw::{apply_zone, parse_hcw};
use crate::source::{SourceInfo, SourceKind, TextEncoding};
use crate::tui::model::data::Data;
use crate::tui::model::live::LiveUpdate;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use w3c::{Columns, parse_appended};

/// Bytes looked at from the start of a W3C file for its first `#Fields:` line.
const HEAD_SCAN: u64 = 64 * 1024;
/// Bytes looked at before the resume point for a later `#Fields:` line.
const TAIL_SCAN: u64 = 16 << 20;
/// Extra polls in one round while a follower still has more (a big backlog).
const MORE_POLLS: usize = 4;
/// Block size when a W3C file is read again whole.
const RELOAD_BLOCK: usize = 8 << 20;

/// One followed file.
#[derive(Debug)]
struct Watched {
    info: SourceInfo,
    unit: LineUnit,
    /// W3C only: the columns in force at the follower's position.
    columns: Option<Columns>,
}

/// The followers of all loaded files.
#[derive(Debug, Default)]
pub struct Watch {
    set: crate::follow::FollowSet,
    watched: Vec<Watched>,
}

impl Watch {
    /// Starts following every loaded file that can be opened (blocking: reads file heads and
    /// tails). Files that cannot be followed are left out.
    pub fn start(data: &Data) -> Watch {
        let mut w = Watch::default();
        for info in &data.analysis.sources {
            let unit = LineUnit::for_encoding(info.encoding);
            let started = match info.kind {
                SourceKind::Hcw => hcw_follower(info, unit).map(|f| (f, None)),
                SourceKind::Iis | SourceKind::Httperr => w3c_follower(data, info),
            };
            if let Some((follower, columns)) = started {
                w.set.push(follower);
                w.watched.push(Watched {
                    info: info.clone(),
                    unit,
                    columns,
                });
            }
        }
        w
    }

    /// Number of files followed.
    pub fn len(&self) -> usize {
        self.watched.len()
    }

    /// True when nothing is followed.
    pub fn is_empty(&self) -> bool {
        self.watched.is_empty()
    }

    /// Polls every file once (and again while one has a backlog); returns what changed.
    pub fn poll(&mut self) -> Vec<LiveUpdate> {
        let mut out = Vec::new();
        let events = self.set.poll_all();
        self.handle(events, &mut out);
        for _ in 0..MORE_POLLS {
            if !self.set.has_more() {
                break;
            }
            let events = self.set.poll_more();
            self.handle(events, &mut out);
        }
        out
    }

    fn handle(
        &mut self,
        events: Vec<(usize, std::io::Result<FollowEvent>)>,
        out: &mut Vec<LiveUpdate>,
    ) {
        let mut hcw_done = Vec::new();
        for (slot, event) in events {
            let Some(w) = self.watched.get(slot) else {
                continue;
            };
            let (source, kind) = (w.info.id, w.info.kind);
            let event = match event {
                Ok(e) => e,
                Err(e) => {
                    out.push(LiveUpdate::Failed {
                        source,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if let FollowEvent::Vanished = event {
                out.push(LiveUpdate::Vanished { source });
                continue;
            }
            if kind != SourceKind::Hcw {
                out.extend(self.w3c_event(slot, event));
            } else if !hcw_done.contains(&slot) {
                hcw_done.push(slot);
                out.extend(self.reread_hcw(slot));
            }
        }
    }

    fn w3c_event(&mut self, slot: usize, event: FollowEvent) -> Option<LiveUpdate> {
        let w = &mut self.watched[slot];
        let source = w.info.id;
        match event {
            FollowEvent::Appended {
                bytes,
                start_offset,
                first_line_no,
                ..
            } => {
                let mut index = RequestIndex::new(source, LineText::None);
                parse_appended(
                    &bytes,
                    start_offset,
                    first_line_no,
                    &mut w.columns,
                    &w.info.server,
                    w.info.skew_ms,
                    &mut index,
                );
                (!index.is_empty()).then(|| LiveUpdate::Appended {
                    source,
                    rows: Box::new(index),
                })
            }
            FollowEvent::Rotated | FollowEvent::Truncated => {
                let (index, columns, at) = match reload_w3c(&w.info) {
                    Ok(r) => r,
                    Err(message) => return Some(LiveUpdate::Failed { source, message }),
                };
                w.columns = columns;
                let head = read_at(&w.info.path, 0, crate::follow::HEAD_LEN as u64);
                if let Ok(f) = Follower::resume(&w.info.path, w.unit, at, &head) {
                    self.set.replace(slot, f);
                }
                Some(LiveUpdate::Reloaded {
                    source,
                    index: Box::new(index),
                })
            }
            FollowEvent::Unchanged | FollowEvent::Vanished => None,
        }
    }

    /// Parses an HCW log again whole and resumes its follower at the end of what was read.
    fn reread_hcw(&mut self, slot: usize) -> Option<LiveUpdate> {
        let w = &self.watched[slot];
        let source = w.info.id;
        let bytes = match std::fs::read(&w.info.path) {
            Ok(b) => b,
            Err(e) => {
                return Some(LiveUpdate::Failed {
                    source,
                    message: e.to_string(),
                });
            }
        };
        let at = Position::after_complete_lines(&bytes, w.unit);
        let head_len = bytes.len().min(crate::follow::HEAD_LEN);
        if let Ok(f) = Follower::resume(&w.info.path, w.unit, at, &bytes[..head_len]) {
            self.set.replace(slot, f);
        }
        let text = decode(&bytes, w.info.encoding);
        let mut log = parse_hcw(&text, source);
        apply_zone(&mut log.entries, &w.info.zone, w.info.skew_ms);
        Some(LiveUpdate::Hcw {
            source,
            entries: log.entries,
        })
    }
}

/// Text of an HCW log in its detected encoding.
fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    let enc = match encoding {
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => encoding_rs::UTF_8,
    };
    enc.decode(bytes).0.into_owned()
}

fn hcw_follower(info: &SourceInfo, unit: LineUnit) -> Option<Follower> {
    let bytes = std::fs::read(&info.path).ok()?;
    let at = Position::after_complete_lines(&bytes, unit);
    let head = &bytes[..bytes.len().min(crate::follow::HEAD_LEN)];
    Follower::resume(&info.path, unit, at, head).ok()
}

/// A follower resuming after the last indexed row, with the columns in force there.
fn w3c_follower(data: &Data, info: &SourceInfo) -> Option<(Follower, Option<Columns>)> {
    if !matches!(info.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom) {
        return None;
    }
    let idx = data
        .request_index_of(info.id)
        .and_then(|k| data.analysis.requests.get(k))?;
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
fn reload_w3c(info: &SourceInfo) -> Result<(RequestIndex, Option<Columns>, Position), String> {
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
fn read_at(path: &std::path::Path, offset: u64, len: u64) -> Vec<u8> {
    let read = || -> std::io::Result<Vec<u8>> {
        let mut f = File::open(path)?;
        f.seek(SeekFrom::Start(offset))?;
        let mut out = Vec::new();
        f.take(len).read_to_end(&mut out)?;
        Ok(out)
    };
    read().unwrap_or_default()
}
