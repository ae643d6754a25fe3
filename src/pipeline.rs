//! Runs the whole domain pipeline: expand paths, read and parse each file, analyse, and hand back
//! one [`Analysis`] that the report command prints and the TUI explores.
//!
//! Loading is staged so a UI can show sources as they arrive: [`expand_inputs`] lists the files,
//! [`load_source`] reads one, [`analyze`] joins them.

use crate::analyze::handshake::Handshake;
use crate::index::RequestIndex;
use crate::source::Skipped;
use crate::time::ZoneSpec;
use std::path::PathBuf;

mod analysis;
mod apply;
mod evtx;
mod expand;
mod fanout;
mod hcw;
pub mod hook;
mod httpproxy;
mod incremental;
mod kept;
mod regroup;
mod select;
mod source_state;
mod w3c;
pub mod w3c_site;
pub mod window;

pub use crate::parse::evtx::{SecurityEvent, SecurityEventKind};
pub use analysis::{Analysis, HandshakeCount};
pub use apply::{Applied, Change, Delta, FollowNote, SourceChange};
pub use evtx::{EvtxSource, SecurityLog};
pub use expand::{Inputs, expand_inputs};
pub use incremental::Follow;
pub use regroup::{HandshakeId, Regroup};
pub(crate) use w3c::one_name_per_site_folder;

/// Which sources a `--tz` or `--skew` applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// Every source of a kind: `hcw`, `iis`, `httperr`, `w3c`, `httpproxy`, `evtx`.
    Kind(crate::source::SourceKind),
    /// Sources whose path or server label contains this text.
    Name(String),
}

/// Options for a load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Zone overrides (`--tz hcw=+01:00`).
    pub zones: Vec<(Selector, ZoneSpec)>,
    /// Extra skew in ms added to the selected sources' instants (`--skew iis=+7s`).
    pub skews: Vec<(Selector, i64)>,
    /// Build the per-line request index and keep every handshake (the TUI wants this; the
    /// report streams and keeps only failures and counts).
    pub index: bool,
    /// The time window (`--since` / `--until`, or the HCW runs' span ± 1 h (first start to last end)); everything by default.
    pub window: window::WindowMode,
    /// Keep only the abandoned handshakes the text report prints, which lists this many: an
    /// unanswered challenge from a client that failed on the same uri (a finding or the
    /// cross-server join may read it) or one of the first listed; the rest are counted in
    /// [`Analysis::handshakes_unkept`]. `None` keeps every one (JSON, explorer).
    pub listed: Option<usize>,
}

/// The zone override and skew (ms) that `opts` give a source of this kind, path and server
/// label (for loaders outside this module, like the JSON Lines export).
pub fn clock_of(
    opts: &LoadOptions,
    kind: crate::source::SourceKind,
    path: &std::path::Path,
    label: &str,
) -> (Option<ZoneSpec>, i64) {
    (
        select::zone_for(opts, kind, path, label),
        select::skew_for(opts, kind, path, label),
    )
}

/// Loads every input (files and folders), parses, analyses. Files that are not logs are listed
/// in [`Analysis::skipped`]; a path that does not exist or cannot be read is an error.
pub fn load(
    paths: &[PathBuf],
    opts: &LoadOptions,
    progress: &dyn crate::progress::Progress,
) -> crate::error::Result<Analysis> {
    load_staged(paths, opts, progress, None, &mut |_| {})
}

/// The request indexes of a load, complete (called once, before the handshakes are joined
/// across sources and diagnosed, so a caller can start on the indexes meanwhile).
pub type IndexesReady<'a> = dyn FnMut(&[std::sync::Arc<RequestIndex>]) + 'a;

/// The load; with `keep`, W3C sources leave their state there for live follow
/// ([`Follow::load`]). `ready` is given the request indexes as soon as they are complete.
fn load_staged(
    paths: &[PathBuf],
    opts: &LoadOptions,
    progress: &dyn crate::progress::Progress,
    keep: Option<&mut kept::Kept>,
    ready: &mut IndexesReady<'_>,
) -> crate::error::Result<Analysis> {
    let inputs = expand_inputs(paths)?;
    let mut analysis = Analysis {
        skipped: inputs.skipped,
        ..Analysis::default()
    };
    let mut opened = open_inputs(paths, inputs.files, &mut analysis)?;
    // `coll/W3SVC1` of a copied tree is the machine the tree's other logs name.
    crate::source::name_folders_by_their_tree(&mut opened);
    let total: u64 = opened.iter().map(|o| o.len).sum();
    let tracker = w3c::ByteTracker::new(progress, total);
    let (hcw_files, w3c_files): (Vec<_>, Vec<_>) = opened
        .into_iter()
        .partition(|o| matches!(o.kind, crate::read::Detected::Hcw));
    let (proxy_files, w3c_files): (Vec<_>, Vec<_>) = w3c_files
        .into_iter()
        .partition(|o| matches!(o.kind, crate::read::Detected::HttpProxy));
    let (evtx_files, w3c_files): (Vec<_>, Vec<_>) = w3c_files
        .into_iter()
        .partition(|o| matches!(o.kind, crate::read::Detected::Evtx));
    if let window::WindowMode::Given(w) = opts.window {
        analysis.window = Some(window::WindowReport::new(
            w,
            window::WindowOrigin::Given,
            opts.window,
        ));
    }
    let (repeated, run_machines) = hcw::load_all(&mut analysis, hcw_files, opts, &tracker)?;
    let w3c_files = window::select_w3c(&mut analysis, w3c_files, opts, &tracker);
    // EVTX files add indexes of their own; without any, the indexes are complete once the W3C
    // files are read, before their handshakes are joined.
    let evtx_indexes = !evtx_files.is_empty();
    match keep {
        None => w3c::load_w3c(&mut analysis, w3c_files, opts, &tracker)?,
        Some(kept) => {
            kept.load_w3c(&mut analysis, w3c_files, opts, &tracker)?;
            if !evtx_indexes {
                ready(&analysis.requests);
            }
            kept.regroup(&mut analysis);
        }
    }
    // Siblings the window leaves out still lend their field list.
    let proxy_paths: Vec<PathBuf> = proxy_files.iter().map(|o| o.path.clone()).collect();
    let proxy_files = window::select_proxy(&mut analysis, proxy_files, opts, &tracker);
    let headerless = httpproxy::headerless_plans(&proxy_files, &proxy_paths);
    httpproxy::load_all(&mut analysis, proxy_files, opts, &tracker, &headerless)?;
    for o in evtx_files {
        evtx::load_evtx(&mut analysis, o, opts, &tracker)?;
    }
    if evtx_indexes {
        ready(&analysis.requests);
    }
    analysis
        .warnings
        .extend(select::unmatched(opts, &analysis.sources, &run_machines));
    if let Some(w) = &mut analysis.window {
        w.files_read = analysis.sources.len() as u64;
    }
    hcw::settle_repeated(&mut analysis, &repeated);
    finish(&mut analysis);
    Ok(analysis)
}

/// Opens every file found; files that are not logs (or vanished from a folder) are listed in
/// [`Analysis::skipped`].
fn open_inputs(
    paths: &[PathBuf],
    files: Vec<PathBuf>,
    analysis: &mut Analysis,
) -> crate::error::Result<Vec<crate::read::Opened>> {
    let mut opened = Vec::new();
    for path in files {
        // A file named on the command line must open; one found inside a folder that vanished
        // or cannot be read (IIS rotating it, permissions) is listed as skipped instead.
        let o = match crate::read::open(&path) {
            Ok(o) => o,
            Err(e) if !paths.contains(&path) => {
                analysis.skipped.push(Skipped {
                    path: path.clone(),
                    reason: e.to_string(),
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        match o.kind {
            crate::read::Detected::Skip(ref reason) => {
                analysis.skipped.push(Skipped {
                    path: path.clone(),
                    reason: reason.clone(),
                });
            }
            _ => opened.push(o),
        }
    }
    Ok(opened)
}

/// The order handshakes are listed in: by start, then server.
fn shown_order(x: &Handshake, y: &Handshake) -> std::cmp::Ordering {
    x.start.cmp(&y.start).then_with(|| x.server.cmp(&y.server))
}

/// Joins the per-source results: sort, correlate, suggest skew, diagnose.
fn finish(a: &mut Analysis) {
    a.hcw.sort_by_key(|e| (e.ts, e.source, e.line));
    a.cmdlets.sort_by_key(|c| (c.start, c.source, c.line));
    a.mrs.sort_by_key(|m| (m.ts, m.source, m.line));
    crate::order::sort_stable_by(&mut a.handshakes, shown_order);
    rediagnose(a);
}

/// Correlates calls with requests, suggests a clock skew and diagnoses, leaving the order of
/// every list as it is (the explorer calls this when live follow brought new calls or
/// handshakes).
pub fn rediagnose(a: &mut Analysis) {
    // Sources read since are named as the load names their machines.
    crate::source::one_name_per_machine(&mut a.sources);
    a.machines = crate::source::machine_names(&a.sources);
    a.links = crate::analyze::correlate::correlate(
        &a.cmdlets,
        &mut a.handshakes,
        &a.mrs,
        crate::analyze::correlate::DEFAULT_TOLERANCE_MS,
    );
    // A skew is about one machine's clock: the calls of each machine's runs are lined up on
    // their own.
    let runs = crate::analyze::overview::runs::runs(a, &|_| 0);
    let machine_of = |c: &crate::analyze::cmdlet::CmdletCall| {
        runs.iter()
            .find(|r| r.holds(c.source, c.line))
            .and_then(|r| r.server.clone())
    };
    a.skew =
        crate::analyze::skew::suggest_skew_by_machine(&a.cmdlets, &a.mrs, &a.sources, &machine_of);
    a.security.links = crate::analyze::seclink::link_failures(
        &a.handshakes,
        &a.security.events,
        crate::analyze::seclink::LINK_WINDOW_MS,
    );
    let input = crate::analyze::findings::DiagnoseInput {
        hcw: &a.hcw,
        cmdlets: &a.cmdlets,
        handshakes: &a.handshakes,
        mrs: &a.mrs,
        links: &a.links,
        mrs_dropped: a.mrs_dropped,
        clients: &a.clients,
        sources: &a.sources,
        security: &a.security.events,
        security_links: &a.security.links,
    };
    a.findings = crate::analyze::findings::diagnose(&input);
}
