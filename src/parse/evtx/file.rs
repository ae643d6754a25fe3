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
}

/// Reads an EVTX file from its bytes. Never panics on damaged input: a file whose header
/// cannot be read is one diagnostic, a bad record another.
pub fn read_evtx(bytes: Vec<u8>) -> EvtxRead {
    let mut out = EvtxRead::default();
    out.stats.bytes = bytes.len() as u64;
    let settings = ParserSettings::new().num_threads(1);
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
    out
}
