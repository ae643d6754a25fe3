//! Live follow of loaded logs, in the domain: [`Follow::load`] loads like [`super::load`] but
//! keeps each W3C source's state ([`super::source_state`]); [`Follow::poll`] reads what the
//! files gained since (appended lines, a rotated or truncated file read again, an HCW log that
//! changed read again, new files in the loaded folders) and hands it over as a [`Delta`] that
//! [`Analysis::apply`] takes in. The caller owns the clock and decides when to poll.
//!
//! Only UTF-8 W3C files continue where they were (their lines are read back from the file);
//! W3C files in other encodings and HttpProxy and EVTX files stay as loaded.

mod discover;
mod runs;

use super::apply::{Change, Delta, FollowNote, SourceChange};
use super::kept::{Grouping, Kept};
use super::source_state::read_at;
use super::{Analysis, LoadOptions};
use crate::error::Result;
use crate::follow::{FollowEvent, FollowSet, Follower, LineUnit, Position};
use crate::index::RequestIndex;
use crate::read::Detected;
use crate::read::text::LineText;
use crate::source::{SourceInfo, SourceKind};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

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

    fn watch(&mut self, info: &SourceInfo) {
        let follower = match info.kind {
            SourceKind::Hcw => hcw_follower(info),
            _ => match self.kept.groups.get(&info.id) {
                Some(Grouping::Live(s)) => {
                    let head = read_at(&info.path, 0, crate::follow::HEAD_LEN as u64);
                    Follower::resume(&info.path, LineUnit::Byte, s.at, &head).ok()
                }
                _ => None,
            },
        };
        if let Some(f) = follower {
            // Right after the load, which read up to its last complete line.
            let pending = past(info, &f);
            self.set.push(f);
            self.watched.push(Watched {
                info: info.clone(),
                pending,
                run_machine: None,
            });
        }
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
        self.discover(&mut delta, &before);
        self.reclock_runs(&mut delta);
        self.pending_news(&mut delta);
        if delta.changes.iter().any(|c| c.info.kind != SourceKind::Hcw) {
            let (grouped, provisional, mut mrs, dropped) = self.kept.grouping();
            mrs.sort_by_key(|m| (m.ts, m.source, m.line));
            delta.grouped = Some((grouped, mrs, dropped));
            delta.provisional = provisional;
        }
        delta
    }

    /// Which followed files' unfinished last line changed since it was last said.
    fn pending_news(&mut self, delta: &mut Delta) {
        for (slot, w) in self.watched.iter_mut().enumerate() {
            let now = self.set.get(slot).map_or(0, |f| unread_tail(&w.info, f));
            if now != w.pending {
                w.pending = now;
                delta.pending.push((w.info.id, now));
            }
        }
    }

    /// Reads the lines appended to a W3C source; false when the source must be read again
    /// whole instead: its new lines named its server otherwise than the lines before (a header
    /// block that added `s-computername`), and one file is one server's log, as the load names
    /// it ([`crate::source::SourceStats::named_twice`]).
    fn appended(
        &mut self,
        slot: usize,
        bytes: &[u8],
        start: u64,
        line: u64,
        delta: &mut Delta,
    ) -> bool {
        let w = &mut self.watched[slot];
        let Some(Grouping::Live(state)) = self.kept.groups.get_mut(&w.info.id) else {
            return true;
        };
        let mut rows = self
            .opts
            .index
            .then(|| RequestIndex::new(w.info.id, LineText::None));
        let before = w.info.clone();
        state.append(bytes, start, line, &mut w.info, rows.as_mut());
        if w.info.stats.named_twice(&state.sinks.label).is_some() {
            w.info = before;
            return false;
        }
        delta.changes.push(SourceChange {
            info: w.info.clone(),
            how: Change::Appended,
            text: None,
            rows,
            hcw: None,
        });
        true
    }

    /// Whether a W3C file grown at `start` is still what it was loaded as (only a file shorter
    /// than the head that detection looks at can change). Such a file's head may name its
    /// machine or its addresses now, as a load of it would read them: the site names learn it.
    fn same_kind(&mut self, info: &SourceInfo, start: u64) -> bool {
        if start >= crate::read::SNIFF_BYTES as u64 {
            return true;
        }
        let Ok(o) = crate::read::open(&info.path) else {
            return false;
        };
        let kind = match o.kind {
            Detected::Iis => Some(SourceKind::Iis),
            Detected::Httperr => Some(SourceKind::Httperr),
            Detected::W3c => Some(SourceKind::W3c),
            _ => None,
        };
        let same = kind == Some(info.kind) && o.encoding == info.encoding;
        if same {
            self.kept.site_names.name(&mut [o]);
        }
        same
    }

    /// Reads a file again from its start as the same source.
    fn reread(&mut self, slot: usize, delta: &mut Delta) {
        let id = self.watched[slot].info.id;
        match self.read_source(&self.watched[slot].info.path.clone(), id) {
            Ok(Some((change, follower))) => {
                self.watched[slot].info = change.info.clone();
                self.watched[slot].run_machine = self.run_machine(&change.info.path);
                match follower {
                    Some(f) => self.set.replace(slot, f),
                    None => self.set.stop(slot),
                };
                delta.changes.push(SourceChange {
                    how: Change::Replaced,
                    ..change
                });
            }
            Ok(None) => {}
            Err(e) => delta.notes.push(FollowNote::Failed(id, e.to_string())),
        }
    }
}

/// A follower after an HCW log's last complete line (it is read again whole when it changes).
fn hcw_follower(info: &SourceInfo) -> Option<Follower> {
    let unit = LineUnit::for_encoding(info.encoding);
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut crate::read::open_shared(&info.path).ok()?, &mut bytes).ok()?;
    let at = Position::after_complete_lines(&bytes, unit);
    let head = &bytes[..bytes.len().min(crate::follow::HEAD_LEN)];
    Follower::resume(&info.path, unit, at, head).ok()
}

/// Bytes of a followed W3C file past what its follower has read, when the follower read up to
/// the end: its last line, still being written (an HCW log is read whole, a backlog past the
/// read cap is not a line).
fn unread_tail(info: &SourceInfo, f: &Follower) -> u64 {
    if f.has_more() || f.is_vanished() {
        return 0;
    }
    past(info, f)
}

/// Bytes of a followed W3C file past its follower's position.
fn past(info: &SourceInfo, f: &Follower) -> u64 {
    if info.kind == SourceKind::Hcw {
        return 0;
    }
    std::fs::metadata(f.path()).map_or(0, |m| m.len().saturating_sub(f.position().offset))
}
