//! Live follow of loaded logs, in the domain: [`Follow::load`] loads like [`super::load`] but
//! keeps each W3C source's state ([`super::source_state`]); [`Follow::poll`] reads what the
//! files gained since (appended lines, a rotated or truncated file read again, an HCW log that
//! changed read again, new files in the loaded folders) and hands it over as a [`Delta`] that
//! [`Analysis::apply`] takes in. The caller owns the clock and decides when to poll.
//!
//! Only UTF-8 W3C files continue where they were (their lines are read back from the file);
//! W3C files in other encodings stay as loaded, HttpProxy files are read whole again once they
//! have grown (`proxies.rs`), EVTX files stay as loaded.

mod discover;
mod grown;
mod proxies;
mod runs;
mod watch;

use super::apply::{Delta, FollowNote};
use super::kept::Kept;
use super::{Analysis, LoadOptions};
use crate::error::Result;
use crate::follow::{FollowEvent, FollowSet};
use crate::source::{SourceInfo, SourceKind};
use proxies::ProxyWatch;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use watch::hcw_follower;

/// Extra polls in one round while a follower still has more (a big backlog).
const MORE_POLLS: usize = 4;

/// A followed file.
#[derive(Debug)]
struct Watched {
    info: SourceInfo,
    /// Bytes of its last line waiting for a newline, as last said.
    pending: u64,
    /// An HCW log that names no machine (a `.boot`): the machine another followed log of its
    /// run named when it was read, whose clock it took ([`Follow::run_machine`]).
    run_machine: Option<String>,
}

/// The loaded logs being followed.
#[derive(Debug)]
pub struct Follow {
    paths: Vec<PathBuf>,
    opts: LoadOptions,
    kept: Kept,
    set: FollowSet,
    /// By follower slot.
    watched: Vec<Watched>,
    /// Paths of every source.
    known: HashSet<PathBuf>,
    /// Files in the folders that are not logs (yet), with the size they had when looked at.
    waiting: HashMap<PathBuf, u64>,
    next_id: usize,
    /// The load's time window: files joining later are read through it.
    window: Option<super::window::Window>,
    /// The HttpProxy files, read whole again once they have grown and settled.
    proxies: Vec<ProxyWatch>,
}

impl Follow {
    /// Loads like [`super::load`] and starts following every file that can be followed.
    pub fn load(
        paths: &[PathBuf],
        opts: &LoadOptions,
        progress: &dyn crate::progress::Progress,
    ) -> Result<(Analysis, Follow)> {
        Follow::load_with(paths, opts, progress, &mut |_| {})
    }

    /// [`Follow::load`], giving `ready` the request indexes as soon as they are complete
    /// (before the handshakes are joined across sources and diagnosed).
    pub fn load_with(
        paths: &[PathBuf],
        opts: &LoadOptions,
        progress: &dyn crate::progress::Progress,
        ready: &mut super::IndexesReady<'_>,
    ) -> Result<(Analysis, Follow)> {
        let mut kept = Kept::default();
        let mut a = super::load_staged(paths, opts, progress, Some(&mut kept), ready)?;
        let mut f = Follow {
            paths: paths.to_vec(),
            opts: opts.clone(),
            kept,
            set: FollowSet::new(),
            watched: Vec::new(),
            known: a
                .sources
                .iter()
                .map(|s| s.path.clone())
                .chain(a.security.sources.iter().map(|s| s.path.clone()))
                .collect(),
            waiting: HashMap::new(),
            next_id: a.sources.len(),
            window: a.window.as_ref().map(|w| w.window),
            proxies: Vec::new(),
        };
        // Lines appended after a time window's end lie outside it: W3C files are not followed.
        let closed = a.window.as_ref().is_some_and(|r| r.window.until.is_some());
        // Files skipped (not logs, repeats) or left outside the time window are looked at again
        // only when they change: announcing them as new at the first poll would be false.
        let outside = a.window.iter().flat_map(|w| w.skipped.iter());
        for path in a.skipped.iter().map(|s| &s.path).chain(outside) {
            let len = std::fs::metadata(path).map_or(0, |m| m.len());
            f.waiting.insert(path.clone(), len);
        }
        for info in a
            .sources
            .iter()
            .filter(|i| !closed || i.kind == SourceKind::Hcw)
        {
            f.watch(info);
        }
        if !closed {
            f.proxies = (a.sources.iter())
                .filter(|i| i.kind == SourceKind::HttpProxy)
                .map(|i| ProxyWatch::new(i.id, &i.path))
                .collect();
        }
        for slot in 0..f.watched.len() {
            f.watched[slot].run_machine = f.run_machine(&f.watched[slot].info.path);
        }
        for w in &f.watched {
            a.set_pending(w.info.id, w.pending);
        }
        Ok((a, f))
    }

    /// Number of files followed.
    pub fn len(&self) -> usize {
        self.watched.len()
    }

    /// True when no file is followed.
    pub fn is_empty(&self) -> bool {
        self.watched.is_empty()
    }

    /// Reads what the files gained since the last poll.
    pub fn poll(&mut self) -> Delta {
        let mut delta = Delta::default();
        // What the loaded logs' heads said before this round (`discover.rs` names anew the
        // logs whose name changes with what they say now).
        let before = self.kept.site_names.clone();
        let mut events = self.set.poll_all();
        for _ in 0..MORE_POLLS {
            if !self.set.has_more() {
                break;
            }
            events.extend(self.set.poll_more());
        }
        let mut reread = Vec::new();
        for (slot, event) in events {
            let Some(info) = self.watched.get(slot).map(|w| w.info.clone()) else {
                continue;
            };
            // Read whole this round already: later events of the slot are in that read.
            if reread.contains(&slot) {
                continue;
            }
            match event {
                Err(e) => delta.notes.push(FollowNote::Failed(info.id, e.to_string())),
                Ok(FollowEvent::Vanished) => delta.notes.push(FollowNote::Vanished(info.id)),
                Ok(FollowEvent::Unchanged) => {}
                Ok(_) if info.kind == SourceKind::Hcw => reread.push(slot),
                // From its start again (after a rotation or truncation), or grown within the
                // head that decides its kind and encoding into another kind: read it whole.
                Ok(FollowEvent::Appended { start_offset, .. })
                    if start_offset == 0 || !self.same_kind(&info, start_offset) =>
                {
                    reread.push(slot);
                }
                Ok(FollowEvent::Appended {
                    bytes,
                    start_offset,
                    first_line_no,
                    ..
                }) => {
                    if !self.appended(slot, &bytes, start_offset, first_line_no, &mut delta) {
                        reread.push(slot);
                    }
                }
                Ok(FollowEvent::Rotated | FollowEvent::Truncated) => {
                    reread.push(slot);
                }
            }
        }
        for slot in reread {
            self.reread(slot, &mut delta);
        }
        self.proxies_grown(&mut delta);
        self.discover(&mut delta, &before);
        self.reclock_runs(&mut delta);
        self.pending_news(&mut delta);
        // HCW and HttpProxy changes leave the W3C grouping as it is.
        let w3c = |k: SourceKind| !matches!(k, SourceKind::Hcw | SourceKind::HttpProxy);
        if delta.changes.iter().any(|c| w3c(c.info.kind)) {
            let (grouped, provisional, mut mrs, dropped) = self.kept.grouping();
            mrs.sort_by_key(|m| (m.ts, m.source, m.line));
            delta.grouped = Some((grouped, mrs, dropped));
            delta.provisional = provisional;
        }
        delta
    }
}
