//! Loading W3C sources (IIS and HTTPERR): each file is parsed once, in parallel across files,
//! and every request is pushed through the same sinks — the handshake grouper, the MRS request
//! collector and, for the explorer, the columnar index.

use super::hook::W3cHook;
use super::{Analysis, HandshakeCount, LoadOptions, select};
use crate::analyze::handshake::HandshakeGrouper;
use crate::analyze::mrs::MrsCollector;
use crate::error::Result;
use crate::index::RequestIndex;
use crate::parse::w3c::W3cParser;
use crate::read::text::LineText;
use crate::read::{Detected, Opened};
use crate::source::{SourceId, SourceInfo, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
use crate::time::{UtcMs, ZoneSpec};

pub(super) use progress::ByteTracker;
use progress::FileProgress;
pub(super) use sinks::{Sinks, on_clock};

mod httperr_names;
mod progress;
mod sinks;
mod site_names;

pub(crate) use site_names::{SiteNames, one_name_per_site_folder};

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
    let progress = FileProgress::new(tracker);
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
        server_ips: Vec::new(),
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
    let (mut stats, text): (SourceStats, LineText) = parser.opened(o, &mut sinks)?;
    stats.folder = folder.to_string();
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
    let names = &mut SiteNames::default();
    let loaded = load_sources(a.sources.len(), files, names, opts, window, tracker)?;
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
/// Requests outside `window` are dropped, and big files are read only around it. A file that
/// logs no server name at its start is named by its site folder's others, those of `files`
/// and those `names` learned before ([`SiteNames`]).
pub(super) fn load_sources(
    first: usize,
    files: Vec<Opened>,
    names: &mut SiteNames,
    opts: &LoadOptions,
    window: Option<super::window::Window>,
    tracker: &ByteTracker,
) -> Result<Vec<Loaded>> {
    load_sources_then(first, files, names, opts, window, tracker, |l| l)
}

/// [`load_sources`], each source then passed through `then` on the thread that parsed it.
pub(super) fn load_sources_then<R: Send>(
    first: usize,
    mut files: Vec<Opened>,
    names: &mut SiteNames,
    opts: &LoadOptions,
    window: Option<super::window::Window>,
    tracker: &ByteTracker,
    then: impl Fn(Loaded) -> R + Sync,
) -> Result<Vec<R>> {
    names.name(&mut files);
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
            log_end: false,
            count: t.count,
        })
        .collect();
}
