//! Loading W3C sources (IIS and HTTPERR): each file is parsed once, in parallel across files,
//! and every request is pushed through the same sinks — the handshake grouper, the MRS request
//! collector and, for the explorer, the columnar index.

use super::hook::W3cHook;
use super::{Analysis, HandshakeCount, LoadOptions, select};
use crate::analyze::handshake::HandshakeGrouper;
use crate::analyze::hint::Hint;
use crate::analyze::mrs::MrsCollector;
use crate::error::Result;
use crate::index::{IndexChunk, RequestIndex};
use crate::parse::w3c::W3cParser;
use crate::progress::Progress;
use crate::read::text::LineText;
use crate::read::{Detected, Opened};
use crate::record::{RequestSink, W3cRecord};
use crate::source::{SourceId, SourceInfo, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
use crate::time::{UtcMs, ZoneSpec};
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};

/// Sums bytes done across files and forwards them to the caller's progress.
pub(super) struct ByteTracker<'a> {
    inner: &'a dyn Progress,
    total: u64,
    done: AtomicU64,
}

impl<'a> ByteTracker<'a> {
    pub(super) fn new(inner: &'a dyn Progress, total: u64) -> Self {
        ByteTracker {
            inner,
            total,
            done: AtomicU64::new(0),
        }
    }
    pub(super) fn add(&self, bytes: u64) {
        let now = self.done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.inner.report(now.min(self.total), self.total);
    }
    pub(super) fn source_loaded(&self, info: &SourceInfo) {
        self.inner.source_loaded(info);
    }
}

/// Per-file progress that forwards deltas to the tracker.
struct FileProgress<'a, 'b> {
    tracker: &'a ByteTracker<'b>,
    last: AtomicU64,
}

impl Progress for FileProgress<'_, '_> {
    fn report(&self, done: u64, _total: u64) {
        let prev = self.last.swap(done, Ordering::Relaxed);
        self.tracker.add(done.saturating_sub(prev));
    }
    fn is_cancelled(&self) -> bool {
        self.tracker.inner.is_cancelled()
    }
}

/// The sinks one W3C file feeds (kept by live follow as the source's state).
#[derive(Debug)]
pub(super) struct Sinks {
    pub(super) zone: Option<ZoneSpec>,
    pub(super) skew_ms: i64,
    /// Filled a block at a time ([`RequestSink::block`]), never row by row.
    pub(super) index: Option<RequestIndex>,
    /// The server of rows that log none (empty: their `s-ip`).
    pub(super) label: String,
    /// The IIS site id of the folder the file was read from (`W3SVC2` → 2).
    pub(super) folder_site: Option<u32>,
    pub(super) grouper: HandshakeGrouper,
    pub(super) mrs: MrsCollector,
    pub(super) span: Option<(UtcMs, UtcMs)>,
    /// Requests outside it are dropped (and counted in `outside`).
    pub(super) window: Option<super::window::Window>,
    pub(super) outside: u64,
}

impl Sinks {
    pub(super) fn feed(
        &mut self,
        source: SourceId,
        r: &W3cRecord<'_>,
    ) -> std::result::Result<bool, Infallible> {
        self.widen(r.ts);
        if !super::w3c_site::is_back_end(r, self.folder_site) {
            self.grouper.request(source, r)?;
        }
        self.mrs.request(source, r)
    }

    fn widen(&mut self, ts: UtcMs) {
        self.span = Some(match self.span {
            None => (ts, ts),
            Some((a, b)) => (a.min(ts), b.max(ts)),
        });
    }

    /// Whether logged instants need moving onto the source's clock.
    fn shifted(&self) -> bool {
        self.zone.is_some() || self.skew_ms != 0
    }

    pub(super) fn clock(&self, ts: UtcMs) -> UtcMs {
        on_clock(self.zone.as_ref(), self.skew_ms, ts)
    }
}

/// A logged instant on a source's clock (zone override, then skew).
pub(super) fn on_clock(zone: Option<&ZoneSpec>, skew_ms: i64, ts: UtcMs) -> UtcMs {
    zone.map_or(ts, |z| z.local_to_utc(ts)).plus_ms(skew_ms)
}

impl RequestSink for Sinks {
    type Row = Hint;
    type Block = IndexChunk;
    type Error = Infallible;

    fn block(
        &mut self,
        _source: SourceId,
        chunk: &IndexChunk,
        text: &str,
        line_base: u64,
    ) -> std::result::Result<bool, Infallible> {
        let (zone, skew_ms) = (self.zone.as_ref(), self.skew_ms);
        if let Some(ix) = self.index.as_mut().filter(|_| !chunk.is_empty()) {
            let clock = |t: i64| on_clock(zone, skew_ms, UtcMs(t)).0;
            let inside = |t: i64| self.window.is_none_or(|w| w.contains(UtcMs(clock(t))));
            match chunk.retained(&inside) {
                Some(part) => ix.append_chunk(&part, text, line_base, &self.label, &clock),
                None => ix.append_chunk(chunk, text, line_base, &self.label, &clock),
            }
        }
        Ok(true)
    }

    fn wants(&mut self, source: SourceId, ts: UtcMs, hint: &Hint) -> bool {
        if let Some(w) = &self.window
            && !w.contains(self.clock(ts))
        {
            self.outside += 1;
            return false;
        }
        if self.shifted()
            || self.grouper.wants(source, ts, hint)
            || self.mrs.wants(source, ts, hint)
        {
            return true;
        }
        self.widen(ts);
        false
    }

    fn request(
        &mut self,
        source: SourceId,
        rec: &W3cRecord<'_>,
    ) -> std::result::Result<bool, Infallible> {
        if !self.shifted() {
            return self.feed(source, rec);
        }
        let mut r = *rec;
        r.ts = self.clock(r.ts);
        self.feed(source, &r)
    }
}

#[derive(Debug)]
pub(super) struct Loaded {
    pub(super) info: SourceInfo,
    pub(super) text: LineText,
    pub(super) sinks: Sinks,
    /// Bytes not parsed because they lie outside the window.
    pub(super) bytes_skipped: u64,
}

/// Loads one W3C file. A file that named its server two ways (a later header block added
/// `s-computername`: the lines before took the folder label or `s-ip`; without folder label
/// or logged name, rows of several `s-ip`) is read again with the one name as its label, so
/// all its rows, handshakes and MRS requests name one server — rare (a changed field
/// selection, a dual-stack server's loose log), and the only way every sink, the index
/// included, names all its lines the same.
pub(super) fn load_one(
    id: SourceId,
    o: Opened,
    opts: &LoadOptions,
    window: Option<super::window::Window>,
    tracker: &ByteTracker,
) -> Result<Loaded> {
    let progress = FileProgress {
        tracker,
        last: AtomicU64::new(0),
    };
    let folder = o.server_label.clone();
    let mut o = o;
    if !o.logged_server.is_empty() {
        // Named by its site folder's logged name: so are the lines that log none.
        o.server_label.clone_from(&o.logged_server);
    }
    let again = o.file.try_clone().ok().map(|file| Opened {
        path: o.path.clone(),
        file,
        len: o.len,
        encoding: o.encoding,
        kind: o.kind.clone(),
        server_label: String::new(),
        logged_server: String::new(),
    });
    let mut loaded = parse_one(id, o, &folder, opts, window, &progress)?;
    let named = loaded.info.stats.named_twice(&loaded.sinks.label);
    if let (Some(name), Some(mut again)) = (named, again) {
        again.server_label = name.to_string();
        loaded = parse_one(id, again, &folder, opts, window, &progress)?;
    }
    name_unlabelled(&mut loaded.sinks, &loaded.info.stats);
    Ok(loaded)
}

/// Lines appended later (live follow) to a file without a label or a logged name are named
/// as its first lines were: by the source's name, its first `s-ip`, not by the `s-ip` each
/// logs.
pub(super) fn name_unlabelled(sinks: &mut Sinks, stats: &SourceStats) {
    if sinks.label.is_empty() && stats.computer.is_empty() {
        sinks.label.clone_from(&stats.server_ip);
    }
}

/// Parses one W3C file, its rows that log no `s-computername` named by `o.server_label`;
/// `folder` is the label its folders gave (the site, `--tz`/`--skew` by server).
fn parse_one(
    id: SourceId,
    o: Opened,
    folder: &str,
    opts: &LoadOptions,
    window: Option<super::window::Window>,
    progress: &FileProgress<'_, '_>,
) -> Result<Loaded> {
    let kind = match o.kind {
        Detected::Httperr => SourceKind::Httperr,
        Detected::W3c => SourceKind::W3c,
        _ => SourceKind::Iis,
    };
    let zone = select::zone_for(opts, kind, &o.path, folder);
    let skew_ms = select::skew_for(opts, kind, &o.path, folder);
    let mut sinks = Sinks {
        zone: zone.clone(),
        skew_ms,
        index: opts.index.then(|| RequestIndex::new(id, LineText::None)),
        label: o.server_label.clone(),
        folder_site: crate::read::site_id(folder),
        grouper: HandshakeGrouper::new(opts.index).listed(opts.listed),
        mrs: MrsCollector::default(),
        span: None,
        window,
        outside: 0,
    };
    let path = o.path.clone();
    let label = o.server_label.clone();
    let encoding: TextEncoding = o.encoding;
    let part = match &window {
        Some(w) => {
            super::window::seek::part_of(&o, w, &|t| on_clock(zone.as_ref(), skew_ms, UtcMs(t)).0)
        }
        None => None,
    };
    let bytes_skipped = part
        .as_ref()
        .map_or(0, |(r, end)| o.len - end.saturating_sub(r.offset));
    let hook = W3cHook {
        chunks: opts.index,
        label: !o.server_label.is_empty(),
    };
    let mut parser = W3cParser::new(id).progress(progress).hook(hook);
    if let Some((resume, end)) = part {
        parser = parser.part(resume, end);
    }
    let (stats, text): (SourceStats, LineText) = parser.opened(o, &mut sinks)?;
    if let Some(ix) = &mut sinks.index {
        ix.set_text(text.clone());
    }
    let (zone, zone_origin) = match zone {
        Some(z) => (z, ZoneOrigin::Override),
        None => (ZoneSpec::Fixed(0), ZoneOrigin::Utc),
    };
    let info = SourceInfo {
        id,
        path,
        kind,
        encoding,
        server: stats.server(label),
        zone,
        zone_origin,
        skew_ms,
        stats,
        span: sinks.span,
    };
    Ok(Loaded {
        info,
        text,
        sinks,
        bytes_skipped,
    })
}

/// Parses all W3C files (two at a time) and merges their results into `a`.
pub(super) fn load_w3c(
    a: &mut Analysis,
    files: Vec<Opened>,
    opts: &LoadOptions,
    tracker: &ByteTracker,
) -> Result<()> {
    let window = a.window.as_ref().map(|w| w.window);
    let loaded = load_sources(a.sources.len(), files, opts, window, tracker)?;
    let mut groups = Vec::with_capacity(loaded.len());
    for l in loaded {
        if let Some(w) = &mut a.window {
            w.bytes_skipped += l.bytes_skipped;
            w.requests_outside += l.sinks.outside;
        }
        a.sources.push(l.info);
        a.texts.push(l.text);
        if let Some(ix) = l.sinks.index {
            a.requests.push(std::sync::Arc::new(ix));
        }
        groups.push(l.sinks.grouper.finish_unresolved());
        let (mrs, dropped) = l.sinks.mrs.finish();
        a.mrs.extend(mrs);
        a.mrs_dropped += dropped;
    }
    set_handshakes(a, crate::analyze::handshake::GroupResult::merge_all(groups));
    Ok(())
}

/// Parses W3C files in parallel as sources `first`, `first + 1`, …; their states in order.
/// Requests outside `window` are dropped, and big files are read only around it.
pub(super) fn load_sources(
    first: usize,
    files: Vec<Opened>,
    opts: &LoadOptions,
    window: Option<super::window::Window>,
    tracker: &ByteTracker,
) -> Result<Vec<Loaded>> {
    load_sources_then(first, files, opts, window, tracker, |l| l)
}

/// [`load_sources`], each source then passed through `then` on the thread that parsed it.
pub(super) fn load_sources_then<R: Send>(
    first: usize,
    files: Vec<Opened>,
    opts: &LoadOptions,
    window: Option<super::window::Window>,
    tracker: &ByteTracker,
    then: impl Fn(Loaded) -> R + Sync,
) -> Result<Vec<R>> {
    let files = one_name_per_site_folder(files);
    super::fanout::in_order(
        files,
        || (),
        |_, k, o| {
            let id = SourceId(u16::try_from(first + k).unwrap_or(u16::MAX));
            let r = load_one(id, o, opts, window, tracker);
            if let Ok(l) = &r {
                tracker.source_loaded(&l.info);
            }
            r.map(&then)
        },
    )
    .into_iter()
    .collect()
}

/// One site folder (`EX01/W3SVC1`) holds one server's logs: its files that log no
/// `s-computername` at their start (older ones, before the field was selected) take the name
/// the others log, when they all log the same — so a handshake cut by the midnight rotation
/// between two such files is joined, and the server is named once.
fn one_name_per_site_folder(mut files: Vec<Opened>) -> Vec<Opened> {
    use std::collections::HashMap;
    let mut names: HashMap<&str, Option<&str>> = HashMap::new();
    for o in &files {
        if o.server_label.is_empty() || o.logged_server.is_empty() {
            continue;
        }
        let name = names
            .entry(o.server_label.as_str())
            .or_insert(Some(o.logged_server.as_str()));
        if *name != Some(o.logged_server.as_str()) {
            *name = None;
        }
    }
    let names: HashMap<String, String> = names
        .into_iter()
        .filter_map(|(label, name)| Some((label.to_string(), name?.to_string())))
        .collect();
    for o in &mut files {
        if o.logged_server.is_empty()
            && let Some(name) = names.get(&o.server_label)
        {
            o.logged_server.clone_from(name);
        }
    }
    files
}

/// Joins the grouping results of every W3C source (legs split over two servers, users per
/// address over the whole load) and sets the handshakes and their counts.
pub(super) fn set_handshakes(
    a: &mut Analysis,
    mut grouped: crate::analyze::handshake::GroupResult,
) {
    grouped.resolve();
    set_resolved(a, grouped);
}

/// Sets the handshakes and their counts from a result already resolved.
pub(super) fn set_resolved(a: &mut Analysis, grouped: crate::analyze::handshake::GroupResult) {
    a.handshakes_unkept += grouped.unkept;
    a.clients.merge(grouped.clients);
    if a.handshakes.is_empty() {
        // Moved, not copied: the list is large.
        a.handshakes = grouped.handshakes;
    } else {
        a.handshakes.extend(grouped.handshakes);
    }
    // Grown by doubling while grouped: the room left over is given back.
    a.handshakes.shrink_to_fit();
    a.handshake_summary = grouped
        .counts
        .into_iter()
        .map(|t| HandshakeCount {
            uri: t.uri,
            outcome: t.outcome,
            failure_name: t
                .failure_code
                .and_then(crate::codes::failure_name)
                .map(str::to_string),
            abandoned_at: t.abandoned_at,
            count: t.count,
        })
        .collect();
}
