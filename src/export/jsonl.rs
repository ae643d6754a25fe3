//! `hcwlens export --format jsonl`: every request of the W3C logs (IIS and HTTPERR) with its
//! decoded fields and its handshake, each HCW cmdlet call, and each finding, as JSON Lines with
//! Elastic Common Schema names where ECS has them and `hcwlens.*` for the rest (the field list
//! is `docs/siem.md`).
//!
//! It streams: W3C files are parsed one after another, every request is written as it is
//! parsed (its JSON made on the parsing threads, [`hook`], and put out in file order by
//! [`sink`]), and only what the findings need is kept (failed handshakes and unanswered NTLM
//! challenges, mrsproxy requests, HCW calls), as in the report. HCW, EVTX and HttpProxy files
//! load through [`crate::pipeline::load`] first; then the report's time window picks the W3C
//! files and the part of big ones to read. The findings are worked out and written last, by the
//! same rules as the report, after the cross-file handshake step; the failed and abandoned
//! handshakes' legs, which waited for that step (`split.rs`), go out just before them.

mod alert;
mod carry;
mod hook;
mod ids;
mod json;
mod kept;
mod out;
mod request;
mod sink;
mod split;
mod stamp;
mod string;
mod tag;
mod url;

use crate::analyze::handshake::GroupResult;
use crate::error::Result;
use crate::pipeline::{self, Analysis, LoadOptions};
use crate::progress::NoProgress;
use crate::read::{Detected, Opened};
use crate::source::{Skipped, SourceId, SourceInfo, SourceKind, ZoneOrigin};
use crate::time::{UtcMs, ZoneSpec};
use out::{Out, StopOnError};
use sink::FileSink;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The time window the export kept to, and what it left out (None: everything was read).
    pub window: Option<pipeline::window::WindowReport>,
    /// Lines written.
    pub lines: u64,
    /// W3C requests among them.
    pub requests: u64,
    /// Findings among them.
    pub findings: usize,
    /// Paths not exported, with the reason.
    pub skipped: Vec<Skipped>,
    /// The write error that ended the export early (a closed pipe, a full disk).
    pub write_error: Option<(std::io::ErrorKind, String)>,
}

fn w3c_kind(d: &Detected) -> Option<SourceKind> {
    match d {
        Detected::Iis => Some(SourceKind::Iis),
        Detected::Httperr => Some(SourceKind::Httperr),
        Detected::W3c => Some(SourceKind::W3c),
        _ => None,
    }
}

/// The server a W3C file's rows that log no `s-computername` are named by: the name its site
/// folder's files log (or an HTTPERR log's machine), else its folder label, else (a loose log)
/// the first `s-ip` it logs — as the load names them, not each line by its own `s-ip`.
fn host_label(o: &Opened) -> String {
    if !o.logged_server.is_empty() {
        return o.logged_server.clone();
    }
    if !o.server_label.is_empty() {
        return o.server_label.clone();
    }
    o.server_ips.first().cloned().unwrap_or_default()
}

/// Exports `paths` (files and folders) as JSON Lines to `w`. A path that does not exist or
/// cannot be read is an error, like for the report; a write error ends the export with it.
pub fn export(paths: &[PathBuf], opts: &LoadOptions, w: &mut dyn Write) -> Result<Summary> {
    let inputs = pipeline::expand_inputs(paths)?;
    let mut skipped = inputs.skipped;
    let mut w3c = Vec::new();
    let mut others = Vec::new();
    let mut proxies = Vec::new();
    for path in inputs.files {
        let o = match crate::read::open(&path) {
            Ok(o) => o,
            Err(e) if !paths.contains(&path) => {
                skipped.push(Skipped {
                    path,
                    reason: e.to_string(),
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        match (&o.kind, w3c_kind(&o.kind)) {
            (Detected::Skip(reason), _) => skipped.push(Skipped {
                path,
                reason: reason.clone(),
            }),
            (_, Some(_)) => w3c.push(o),
            (Detected::HttpProxy | Detected::Evtx, None) => {
                others.push(path);
                proxies.push(o);
            }
            (_, None) => others.push(path),
        }
    }
    let opts = LoadOptions {
        index: false,
        ..opts.clone()
    };
    let mut a = if others.is_empty() {
        Analysis::default()
    } else {
        pipeline::load(&others, &opts, &NoProgress)?
    };
    a.skipped.extend(skipped);
    // `coll/W3SVC1` of a copied tree is the machine the tree's other logs name, as the load
    // names it (`crate::source::name_folders_by_their_tree`).
    crate::source::name_folders_by_their_tree_with(&mut w3c, &proxies);
    drop(proxies);
    // The report's time window: from --since/--until, or the HCW runs just loaded.
    let w3c = pipeline::window::select_files(&mut a, w3c, &opts);
    // Each file names its server as the load names it (`pipeline::w3c`).
    let w3c = pipeline::one_name_per_site_folder(w3c);
    // Each machine by the name the report gives it (`host.name`), known before any row.
    let logs: Vec<(SourceKind, &str, &str)> = w3c
        .iter()
        .filter_map(|o| {
            Some((
                w3c_kind(&o.kind)?,
                o.logged_server.as_str(),
                o.server_label.as_str(),
            ))
        })
        .collect();
    let machines: request::Machines = crate::source::machine_names_with(&a.sources, &logs).into();
    // An HTTPERR log's machine was not logged by it: its rows say the one name alone.
    let mut w3c = w3c;
    for o in w3c.iter_mut().filter(|o| o.kind == Detected::Httperr) {
        let name = crate::source::shown_name(&machines, &o.logged_server).to_string();
        o.logged_server = name;
    }
    // Each file's handshake ids, known before any row (`ids.rs`).
    let labels: Vec<String> = w3c.iter().map(host_label).collect();
    let file_ids = {
        let files: Vec<(&std::path::Path, &str)> = w3c
            .iter()
            .zip(&labels)
            .map(|(o, label)| {
                (
                    o.path.as_path(),
                    crate::source::shown_name(&machines, label),
                )
            })
            .collect();
        ids::file_ids(&files)
    };
    let window = a.window.as_ref().map(|w| w.window);
    let failed = AtomicBool::new(false);
    let stop = StopOnError(&failed);
    let mut out = Out::new(w, &failed);
    for c in &a.cmdlets {
        out.line(|b| alert::call(b, c, &a.sources));
    }
    let mut group = GroupResult::default();
    let mut kept = kept::Kept::default();
    // Handshakes that may be half of one a load balancer split over two servers (`split.rs`).
    let mut waiting = split::Waiting::default();
    let mut requests = 0;
    // Handshakes the file before left open in its last seconds, and its server (`carry.rs`).
    let (mut carried, mut carried_of) = (Vec::new(), String::new());
    let mut rendered = Vec::new();
    for ((mut o, label), file_id) in w3c.into_iter().zip(labels).zip(file_ids) {
        let Some(kind) = w3c_kind(&o.kind) else {
            continue;
        };
        let id = SourceId(u16::try_from(a.sources.len()).unwrap_or(u16::MAX));
        let (zone, skew_ms) = pipeline::clock_of(&opts, kind, &o.path, &o.server_label);
        let folder = o.server_label.clone();
        let (path, encoding) = (o.path.clone(), o.encoding);
        // The parser names the records of rows that log no server by it too.
        o.server_label.clone_from(&label);
        let clock = hook::Clock {
            zone: zone.clone(),
            skew_ms,
        };
        let frame = request::Frame::new(kind, &path.display().to_string(), machines.clone());
        let part = window
            .and_then(|w| pipeline::window::seek::part_of(&o, &w, &|t| clock.instant(UtcMs(t)).0));
        let len = o.len;
        // Only the next file of the same server can hold their rest.
        if label != carried_of {
            carry::release(
                &mut out,
                &mut kept,
                &mut waiting,
                std::mem::take(&mut carried),
                &mut rendered,
            );
        }
        let mut sink = FileSink::new(
            &mut out,
            &mut kept,
            &mut waiting,
            file_id,
            frame.clone(),
            clock.clone(),
            std::mem::take(&mut carried),
        )
        .in_site(crate::read::site_id(&folder))
        .of_source(id);
        let hook = hook::ExportHook {
            frame,
            label: label.clone(),
            clock,
            window,
        };
        let mut parser = crate::parse::w3c::W3cParser::new(id)
            .progress(&stop)
            .hook(hook);
        if let Some((resume, end)) = part {
            if let Some(w) = &mut a.window {
                w.bytes_skipped += len - end.saturating_sub(resume.offset);
            }
            parser = parser.part(resume, end);
        }
        let (stats, text) = parser.opened(o, &mut sink)?;
        let mut r = sink.finish();
        (carried, carried_of) = (std::mem::take(&mut r.carried), label.clone());
        requests += r.requests;
        if let Some(w) = &mut a.window {
            w.requests_outside += r.outside;
        }
        group.merge(r.group);
        a.mrs.extend(r.mrs);
        a.mrs_dropped += r.mrs_dropped;
        let (zone, zone_origin) = match zone {
            Some(z) => (z, ZoneOrigin::Override),
            None => (ZoneSpec::Fixed(0), ZoneOrigin::Utc),
        };
        let mut stats = stats;
        stats.folder = folder;
        let server = stats.server(label);
        a.sources.push(SourceInfo {
            id,
            path,
            kind,
            encoding,
            server,
            zone,
            zone_origin,
            skew_ms,
            stats,
            span: r.span,
        });
        a.texts.push(text);
    }
    carry::release(&mut out, &mut kept, &mut waiting, carried, &mut rendered);
    if let Some(w) = &mut a.window {
        w.files_read = a.sources.len() as u64;
    }
    // Across files, as the report does: split legs joined, users per address over the load.
    group.handshakes = kept.into_handshakes();
    group.resolve();
    // The clients left at the challenge, for `ntlm-stuck-client` (as the report has them).
    a.clients.merge(std::mem::take(&mut group.clients));
    a.handshakes = group.handshakes;
    // The halves of split handshakes, as the report joined them.
    waiting.release(&mut out, &a.handshakes, &group.users, &mut rendered);
    a.mrs.sort_by_key(|m| (m.ts, m.source, m.line));
    pipeline::rediagnose(&mut a);
    let fallback = a
        .sources
        .iter()
        .filter_map(|s| s.span.map(|x| x.1))
        .max()
        .unwrap_or(UtcMs(0));
    for f in &a.findings {
        out.line(|b| alert::finding(b, f, &a.sources, fallback));
    }
    let (lines, write_error) = match out.finish() {
        Ok(n) => (n, None),
        Err(e) => (0, Some((e.kind(), e.to_string()))),
    };
    Ok(Summary {
        window: a.window,
        lines,
        write_error,
        requests,
        findings: a.findings.len(),
        skipped: a.skipped,
    })
}
