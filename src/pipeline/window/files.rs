//! Which W3C files a window keeps: each file's first and last instants (read from its two ends,
//! put on its clock by `--tz` / `--skew`) decide; files whose ends cannot be read are kept. In
//! the default mode the IIS files' span and the HCW runs decide first whether a window applies.

use super::{EDGE_SLACK_MS, WindowMode, choose, runs_of};
use crate::pipeline::{Analysis, LoadOptions, select, w3c::ByteTracker};
use crate::read::{Detected, Opened};
use crate::source::SourceKind;
use crate::time::UtcMs;

/// The files of `files` to read; the others are counted in `a.window` as skipped. Sets
/// `a.window` in the default mode when the window applies.
pub(in crate::pipeline) fn select_w3c(
    a: &mut Analysis,
    files: Vec<Opened>,
    opts: &LoadOptions,
    tracker: &ByteTracker,
) -> Vec<Opened> {
    let runs = runs_of(&a.sources);
    let wanted = match opts.window {
        WindowMode::All => false,
        WindowMode::Runs { .. } => !runs.is_empty(),
        WindowMode::Given(_) => true,
    };
    if !wanted || files.is_empty() {
        return files;
    }
    let edges: Vec<Option<(UtcMs, UtcMs)>> = files.iter().map(|o| edges_of(o, opts)).collect();
    if a.window.is_none() {
        let iis = edges
            .iter()
            .zip(&files)
            .filter(|(_, o)| !matches!(o.kind, Detected::Httperr))
            .filter_map(|(e, _)| *e);
        let span = iis.fold(None, |acc: Option<(UtcMs, UtcMs)>, (f, l)| {
            Some(acc.map_or((f, l), |(a, b)| (a.min(f), b.max(l))))
        });
        a.window = choose(opts.window, &runs, span);
    }
    let Some(report) = &mut a.window else {
        return files;
    };
    let mut kept = Vec::with_capacity(files.len());
    for (o, e) in files.into_iter().zip(edges) {
        match e {
            Some((first, last)) if !report.window.overlaps(first, last, EDGE_SLACK_MS) => {
                tracker.add(o.len);
                let kind = w3c_kind(&o);
                report.leave_out(o.path, kind);
            }
            _ => kept.push(o),
        }
    }
    kept
}

/// The kind of source a W3C file makes.
fn w3c_kind(o: &Opened) -> SourceKind {
    match o.kind {
        Detected::Httperr => SourceKind::Httperr,
        Detected::W3c => SourceKind::W3c,
        _ => SourceKind::Iis,
    }
}

/// A file's first and last instants on its clock; None when they cannot be read.
fn edges_of(o: &Opened, opts: &LoadOptions) -> Option<(UtcMs, UtcMs)> {
    let kind = w3c_kind(o);
    let zone = select::zone_for(opts, kind, &o.path, &o.server_label);
    let skew = select::skew_for(opts, kind, &o.path, &o.server_label);
    let (first, last) = crate::read::edges::w3c_edges(&o.file, o.len).ok()??;
    let on_clock = |t: i64| crate::pipeline::w3c::on_clock(zone.as_ref(), skew, UtcMs(t));
    Some((on_clock(first), on_clock(last)))
}

/// The HttpProxy files of `files` to read when a window is active; those wholly outside it
/// (by their first and last rows, `--skew` applied) are counted in `a.window` as skipped.
pub(in crate::pipeline) fn select_proxy(
    a: &mut Analysis,
    files: Vec<Opened>,
    opts: &LoadOptions,
    tracker: &ByteTracker,
) -> Vec<Opened> {
    let Some(report) = &mut a.window else {
        return files;
    };
    let mut kept = Vec::with_capacity(files.len());
    for o in files {
        let skew = select::skew_for(opts, SourceKind::HttpProxy, &o.path, &o.server_label);
        let edges = crate::read::edges::csv_edges(&o.file, o.len).ok().flatten();
        match edges {
            Some((first, last))
                if !report.window.overlaps(
                    UtcMs(first).plus_ms(skew),
                    UtcMs(last).plus_ms(skew),
                    EDGE_SLACK_MS,
                ) =>
            {
                tracker.add(o.len);
                report.leave_out(o.path, SourceKind::HttpProxy);
            }
            _ => kept.push(o),
        }
    }
    kept
}
