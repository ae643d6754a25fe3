//! Loading exported Windows Security logs (`.evtx`): their 4624/4625/4776 events join one
//! time-ordered list beside the other sources, and each file keeps its record counts.
//!
//! EVTX files are not line sources (no line to read back, no zone: event times are UTC), so
//! they are kept apart from [`super::Analysis::sources`].

use super::Analysis;
use crate::analyze::seclink::SecurityLink;
use crate::error::{Error, Result};
use crate::parse::evtx::{SecurityEvent, read_evtx};
use crate::read::Opened;
use crate::source::Diagnostic;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;

/// What one `.evtx` file held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvtxSource {
    /// The file.
    pub path: PathBuf,
    /// Records read.
    pub records: u64,
    /// Records per event id (kept or not).
    pub counts: BTreeMap<u32, u64>,
    /// Records that could not be read.
    pub unparsed: u64,
    /// The first few of them.
    pub diagnostics: Vec<Diagnostic>,
}

/// The Security events of every loaded `.evtx` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityLog {
    /// One entry per file, in load order.
    pub sources: Vec<EvtxSource>,
    /// Every 4624/4625/4776 event, by time.
    pub events: Vec<SecurityEvent>,
    /// Failed handshakes (indices into `Analysis::handshakes`) linked to the event that says why.
    pub links: Vec<SecurityLink>,
}

impl SecurityLog {
    /// Events per id over every file.
    pub fn counts(&self) -> BTreeMap<u32, u64> {
        let mut all = BTreeMap::new();
        for (id, n) in self.sources.iter().flat_map(|s| s.counts.iter()) {
            *all.entry(*id).or_default() += n;
        }
        all
    }

    /// The failures (4625, and 4776 with a non-zero answer), by time.
    pub fn failures(&self) -> impl Iterator<Item = &SecurityEvent> {
        self.events.iter().filter(|e| e.is_failure())
    }

    /// The event linked to a handshake (by its index in `Analysis::handshakes`).
    pub fn event_for(&self, handshake: usize) -> Option<&SecurityEvent> {
        let link = self.links.iter().find(|l| l.handshake == handshake)?;
        self.events.get(link.event)
    }

    /// The handshake linked to an event (by its index in [`SecurityLog::events`]).
    pub fn handshake_for(&self, event: usize) -> Option<usize> {
        self.links
            .iter()
            .find(|l| l.event == event)
            .map(|l| l.handshake)
    }

    /// Successful NTLM V1 logons (4624).
    pub fn ntlm_v1_logons(&self) -> usize {
        self.events
            .iter()
            .filter(|e| e.is_ntlm_v1() && !e.is_failure())
            .count()
    }
}

/// Reads one `.evtx` file into `a.security`.
pub(super) fn load_evtx(
    a: &mut Analysis,
    opened: Opened,
    tracker: &super::w3c::ByteTracker,
) -> Result<()> {
    let mut reader = &opened.file;
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len).unwrap_or(0));
    reader
        .seek(SeekFrom::Start(0))
        .and_then(|_| reader.read_to_end(&mut bytes))
        .map_err(|e| Error::io(&opened.path, &e))?;
    let read = read_evtx(bytes);
    tracker.add(opened.len);
    a.security.sources.push(EvtxSource {
        path: opened.path,
        records: read.stats.lines,
        counts: read.counts,
        unparsed: read.stats.unparsed,
        diagnostics: read.stats.diagnostics,
    });
    let log = &mut a.security;
    log.events.extend(read.events);
    log.events.sort_by_key(|e| e.time);
    Ok(())
}
