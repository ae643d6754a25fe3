//! Reading a whole `.evtx` file: every record through [`map_record`], kept events in time
//! order, other event ids counted, unreadable records counted as diagnostics.

use super::event::SecurityEvent;
use super::map::{Mapped, map_record};
use crate::source::SourceStats;
use evtx::{EvtxParser, ParserSettings};
use std::collections::BTreeMap;

/// What one file yielded.
#[derive(Debug, Clone, Default)]
pub struct EvtxRead {
    /// The 4624/4625/4776 events, by time then record id.
    pub events: Vec<SecurityEvent>,
    /// Records per event id, kept or not.
    pub counts: BTreeMap<u32, u64>,
    /// `lines` = records seen, `events` = events kept, `unparsed` = records that failed.
    pub stats: SourceStats,
    /// The computer most readable records name, kept events or not (the first such on a
    /// tie): the machine that wrote the log; None when no record names one.
    pub computer: Option<String>,
}

/// Reads an EVTX file from its bytes. Never panics on damaged input: a file whose header
/// cannot be read is one diagnostic, a bad record another.
pub fn read_evtx(bytes: Vec<u8>) -> EvtxRead {
    let mut out = EvtxRead::default();
    out.stats.bytes = bytes.len() as u64;
    if let Some(reason) = cut_short(&bytes) {
        out.stats.note_line(0, &reason, "");
    }
    let settings = ParserSettings::new().num_threads(1);
    let mut computers: Vec<(String, u64)> = Vec::new();
    let mut parser = match EvtxParser::from_buffer(bytes) {
        Ok(p) => p.with_configuration(settings),
        Err(e) => {
            out.stats
                .bad_line(0, "not a readable EVTX file", &e.to_string());
            return out;
        }
    };
    for record in parser.records_json_value() {
        out.stats.lines += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.stats
                    .bad_line(out.stats.lines, "unreadable EVTX record", &e.to_string());
                continue;
            }
        };
        if let Some(c) = super::map::record_computer(&record.data) {
            match computers.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => computers.push((c, 1)),
            }
        }
        match map_record(&record.data) {
            Ok(Mapped::Security(event)) => {
                *out.counts.entry(event.id()).or_default() += 1;
                out.events.push(*event);
            }
            Ok(Mapped::Other(id)) => *out.counts.entry(id).or_default() += 1,
            Err(reason) => {
                out.stats
                    .bad_line(record.event_record_id, reason, &record.data.to_string())
            }
        }
    }
    out.events.sort_by_key(|e| (e.time, e.record_id));
    for (i, e) in out.events.iter_mut().enumerate() {
        e.line = i as u64 + 1;
    }
    out.stats.events = out.events.len() as u64;
    // The most named; on a tie the first named (max_by_key keeps the last maximum).
    out.computer = computers
        .into_iter()
        .rev()
        .max_by_key(|&(_, n)| n)
        .map(|(c, _)| c);
    out
}

/// The file header's size; the chunks of records follow it.
const HEADER: usize = 4096;
/// The size of a chunk of records.
const CHUNK: usize = 65_536;

/// What to say of a file cut short (a copy cut off, a download not finished): every EVTX file
/// is its 4 KiB header and whole 64 KiB chunks, at least as many as the header counts (a live
/// log holds more, allocated ahead). The records of a chunk the file ends inside, and of those
/// after it, are not read, and the reader says nothing of them.
fn cut_short(bytes: &[u8]) -> Option<String> {
    let declared = usize::from(u16::from_le_bytes(bytes.get(42..44)?.try_into().ok()?));
    let body = bytes.len().checked_sub(HEADER)?;
    let (whole, rest) = (body / CHUNK, body % CHUNK);
    (rest != 0 || whole < declared).then(|| {
        format!(
            "cut short: the file ends {} of the {declared} its header counts (a chunk is 64 KiB): \
             the records after byte {} are not read",
            if rest == 0 {
                format!("after chunk {whole}")
            } else {
                format!("inside chunk {}", whole + 1)
            },
            HEADER + whole * CHUNK
        )
    })
}
