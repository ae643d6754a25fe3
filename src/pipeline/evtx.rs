//! Loading exported Windows Security logs (`.evtx`): their 4624/4625/4776 events join one
//! time-ordered list beside the other sources, and each file keeps its record counts.
//!
//! Each file is also a source of kind `evtx` in [`super::Analysis::sources`] (times are UTC;
//! `--skew` applies): its "lines" are its kept events in time order, each written as
//! [`SecurityEvent::line_text`] into an in-memory text, so evidence, search and copy read them
//! like any line. For the explorer the events also get request-index rows (account in the user
//! column, address in the client column, event id as method) and merge into the IIS pane.

use super::Analysis;
use crate::analyze::seclink::SecurityLink;
use crate::error::{Error, Result};
use crate::index::RequestIndex;
use crate::parse::evtx::{SecurityEvent, read_evtx};
use crate::read::Opened;
use crate::read::text::LineText;
use crate::record::W3cRecord;
use crate::source::{Diagnostic, SourceId, SourceInfo, SourceKind, ZoneOrigin};
use crate::time::ZoneSpec;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;

/// What one `.evtx` file held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvtxSource {
    /// Its id in `Analysis::sources`.
    pub source: SourceId,
    /// The file.
    pub path: PathBuf,
    /// Records read.
    pub records: u64,
    /// Records per event id (kept or not).
    pub counts: BTreeMap<u32, u64>,
    /// Records that could not be read.
    pub unparsed: u64,
    /// Events left out because they fall outside the time window.
    #[serde(skip_serializing_if = "is_zero")]
    pub outside: u64,
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
    /// `(source, line)` of each event → its index in [`SecurityLog::events`].
    by_line: HashMap<(SourceId, u64), usize>,
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

    /// The index of the event at `line` of `source`.
    pub fn at(&self, source: SourceId, line: u64) -> Option<usize> {
        self.by_line.get(&(source, line)).copied()
    }

    /// Successful NTLM V1 logons (4624) of the anonymous account (no password sent).
    pub fn ntlm_v1_anonymous(&self) -> usize {
        self.events
            .iter()
            .filter(|e| e.is_ntlm_v1() && !e.is_failure() && e.is_anonymous())
            .count()
    }

    /// Successful NTLM V1 logons (4624).
    pub fn ntlm_v1_logons(&self) -> usize {
        self.events
            .iter()
            .filter(|e| e.is_ntlm_v1() && !e.is_failure())
            .count()
    }
}

/// Reads one `.evtx` file into `a.security` and `a.sources` (and a request index for the
/// explorer when `opts.index`).
pub(super) fn load_evtx(
    a: &mut Analysis,
    opened: Opened,
    opts: &super::LoadOptions,
    tracker: &super::w3c::ByteTracker,
) -> Result<()> {
    let mut reader = &opened.file;
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len).unwrap_or(0));
    reader
        .seek(SeekFrom::Start(0))
        .and_then(|_| reader.read_to_end(&mut bytes))
        .map_err(|e| Error::io(&opened.path, &e))?;
    let mut read = read_evtx(bytes);
    tracker.add(opened.len);
    let id = SourceId(u16::try_from(a.sources.len()).unwrap_or(u16::MAX));
    let named = main_computer(&read.events).or_else(|| read.computer.take());
    // The machine its records name is logged by them, as an IIS log's `s-computername`.
    read.stats.computer = named.clone().unwrap_or_default();
    let server = named.unwrap_or_else(|| file_label(&opened.path));
    let skew_ms = super::select::skew_for(opts, SourceKind::Evtx, &opened.path, &server);
    for e in &mut read.events {
        e.source = id;
        e.time = e.time.plus_ms(skew_ms);
    }
    // The window holds for events as for requests (on the corrected clock); the kept ones keep
    // the line numbers they have without it.
    let before = read.events.len();
    if let Some(w) = a.window.as_ref().map(|w| w.window) {
        read.events.retain(|e| w.contains(e.time));
    }
    let outside = (before - read.events.len()) as u64;
    read.stats.events = read.events.len() as u64;
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(read.events.len());
    for e in &read.events {
        offsets.push(text.len() as u64);
        text.push_str(&e.line_text());
        text.push('\n');
    }
    let span = read
        .events
        .first()
        .map(|e| e.time)
        .zip(read.events.last().map(|e| e.time));
    let info = SourceInfo {
        id,
        path: opened.path.clone(),
        kind: SourceKind::Evtx,
        encoding: crate::source::TextEncoding::Utf8,
        server,
        zone: ZoneSpec::Fixed(0),
        zone_origin: ZoneOrigin::Utc,
        skew_ms,
        stats: read.stats.clone(),
        span,
    };
    tracker.source_loaded(&info);
    let line_text = LineText::Memory(std::sync::Arc::from(text.as_str()));
    if opts.index {
        a.requests.push(std::sync::Arc::new(index_rows(
            &info,
            &read.events,
            &offsets,
            line_text.clone(),
        )));
    }
    a.sources.push(info);
    a.texts.push(line_text);
    a.security.sources.push(EvtxSource {
        source: id,
        path: opened.path,
        records: read.stats.lines,
        counts: read.counts,
        unparsed: read.stats.unparsed,
        diagnostics: read.stats.diagnostics,
        outside,
    });
    let log = &mut a.security;
    log.events.extend(read.events);
    log.events.sort_by_key(|e| (e.time, e.source, e.line));
    log.by_line = log
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.source, e.line), i))
        .collect();
    Ok(())
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The name of an event log whose records name no machine: its file's name (`Security.evtx`),
/// never its channel (`Security` reads as a machine).
fn file_label(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The computer that logged most of the events (the first such on a tie): the source's label.
fn main_computer(events: &[SecurityEvent]) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, c) in events
        .iter()
        .filter_map(|e| e.computer.as_deref())
        .enumerate()
    {
        counts.entry(c).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))
        .map(|(c, _)| c.to_string())
}

/// The explorer's rows of one file's events: the event id in the method column, the account
/// in the user column, the address in the client column, the workstation in the uri column,
/// the decoded reason in the reason column, the package in the agent column; no HTTP status.
fn index_rows(
    info: &SourceInfo,
    events: &[SecurityEvent],
    offsets: &[u64],
    text: LineText,
) -> RequestIndex {
    let mut idx = RequestIndex::new(info.id, text);
    for (e, &offset) in events.iter().zip(offsets) {
        let id = e.id().to_string();
        let account = e.account().unwrap_or_default();
        let reason = e.reason_words();
        let package = e.package_label().unwrap_or_default();
        idx.push(&W3cRecord {
            line: e.line,
            offset,
            ts: e.time,
            server: e.computer.as_deref().unwrap_or(&info.server),
            method: &id,
            uri_stem: e.workstation.as_deref().unwrap_or(""),
            username: &account,
            client_ip: e.ip.as_deref().unwrap_or(""),
            user_agent: &package,
            reason: &reason,
            ..W3cRecord::default()
        });
    }
    idx
}
