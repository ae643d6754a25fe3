//! Live follow of loaded logs, in the domain: [`Follow::load`] loads like [`super::load`] but
//! keeps each W3C source's state ([`super::source_state`]); [`Follow::poll`] reads what the
//! files gained since (appended lines, a rotated or truncated file read again, an HCW log that
//! changed read again, new files in the loaded folders) and hands it over as a [`Delta`] that
//! [`Analysis::apply`] takes in. The caller owns the clock and decides when to poll.
//!
//! Only UTF-8 W3C files continue where they were (their lines are read back from the file);
//! W3C files in other encodings and HttpProxy and EVTX files stay as loaded.

use super::apply::{Change, Delta, FollowNote, SourceChange};
use super::source_state::{W3cState, complete_len, read_at};
use super::w3c::{ByteTracker, Loaded};
use super::{Analysis, LoadOptions};
use crate::analyze::handshake::GroupResult;
use crate::analyze::mrs::MrsRequest;
use crate::error::Result;
use crate::follow::{FollowEvent, FollowSet, Follower, LineUnit, Position};
use crate::index::RequestIndex;
use crate::index::text::LineText;
use crate::progress::NoProgress;
use crate::read::{Detected, Opened};
use crate::source::{SourceId, SourceInfo, SourceKind, TextEncoding};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// Extra polls in one round while a follower still has more (a big backlog).
const MORE_POLLS: usize = 4;

/// How a source's handshakes and MRS requests are known.
#[derive(Debug)]
enum Grouping {
    /// Followed: the state goes on.
    Live(Box<W3cState>),
    /// Not followed: what the load found.
    Done(GroupResult, Vec<MrsRequest>, u64),
}

/// W3C sources as the load leaves them, by source id.
#[derive(Debug, Default)]
pub(super) struct Kept {
    groups: BTreeMap<SourceId, Grouping>,
}

impl Kept {
    /// The load's W3C step, keeping every source's state (followed files are read up to their
    /// last complete line only).
    pub(super) fn load_w3c(
        &mut self,
        a: &mut Analysis,
        mut files: Vec<Opened>,
        opts: &LoadOptions,
        tracker: &ByteTracker,
    ) -> Result<()> {
        for o in &mut files {
            if followable(o) {
                o.len = complete_len(&o.path, o.len);
            }
        }
        let loaded = super::w3c::load_sources(a.sources.len(), files, opts, tracker)?;
        for l in loaded {
            self.take(a, l);
        }
        let (grouped, mrs, dropped) = self.snapshot();
        super::w3c::set_handshakes(a, grouped);
        a.mrs = mrs;
        a.mrs_dropped = dropped;
        Ok(())
    }

    /// Files of one source into the analysis; its state kept.
    fn take(&mut self, a: &mut Analysis, mut l: Loaded) {
        let id = l.info.id;
        if let Some(ix) = l.sinks.index.take() {
            a.requests.push(ix);
        }
        let g = if matches!(l.text, LineText::File(_)) {
            Grouping::Live(Box::new(W3cState::after_load(l.sinks, &l.info)))
        } else {
            let (mrs, dropped) = l.sinks.mrs.finish();
            Grouping::Done(l.sinks.grouper.finish_unresolved(), mrs, dropped)
        };
        self.groups.insert(id, g);
        a.sources.push(l.info);
        a.texts.push(l.text);
    }

    /// Every source's grouping as if it ended now (open handshakes closed as abandoned in a
    /// copy; the states go on).
    fn snapshot(&self) -> (GroupResult, Vec<MrsRequest>, u64) {
        let mut grouped = GroupResult::default();
        let (mut mrs, mut dropped) = (Vec::new(), 0);
        for g in self.groups.values() {
            match g {
                Grouping::Live(s) => {
                    grouped.merge(s.sinks.grouper.clone().finish_unresolved());
                    let (m, d) = s.sinks.mrs.clone().finish();
                    mrs.extend(m);
                    dropped += d;
                }
                Grouping::Done(r, m, d) => {
                    grouped.merge(r.clone());
                    mrs.extend(m.iter().cloned());
                    dropped += d;
                }
            }
        }
        (grouped, mrs, dropped)
    }
}

fn followable(o: &Opened) -> bool {
    matches!(o.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom)
        && matches!(o.kind, Detected::Iis | Detected::Httperr | Detected::W3c)
}

/// A followed file.
#[derive(Debug)]
struct Watched {
    info: SourceInfo,
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
}

impl Follow {
    /// Loads like [`super::load`] and starts following every file that can be followed.
    pub fn load(
        paths: &[PathBuf],
        opts: &LoadOptions,
        progress: &dyn crate::progress::Progress,
    ) -> Result<(Analysis, Follow)> {
        let mut kept = Kept::default();
        let a = super::load_staged(paths, opts, progress, Some(&mut kept))?;
        let mut f = Follow {
            paths: paths.to_vec(),
            opts: opts.clone(),
            kept,
            set: FollowSet::new(),
            watched: Vec::new(),
            known: a.sources.iter().map(|s| s.path.clone()).collect(),
            waiting: HashMap::new(),
            next_id: a.sources.len(),
        };
        for s in &a.skipped {
            let len = std::fs::metadata(&s.path).map_or(0, |m| m.len());
            f.waiting.insert(s.path.clone(), len);
        }
        for info in &a.sources {
            f.watch(info);
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
            self.set.push(f);
            self.watched.push(Watched { info: info.clone() });
        }
    }

    /// Reads what the files gained since the last poll.
    pub fn poll(&mut self) -> Delta {
        let mut delta = Delta::default();
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
                    if start_offset == 0 || !same_kind(&info, start_offset) =>
                {
                    reread.push(slot);
                }
                Ok(FollowEvent::Appended {
                    bytes,
                    start_offset,
                    first_line_no,
                    ..
                }) => self.appended(slot, &bytes, start_offset, first_line_no, &mut delta),
                Ok(FollowEvent::Rotated | FollowEvent::Truncated) => {
                    reread.push(slot);
                }
            }
        }
        for slot in reread {
            self.reread(slot, &mut delta);
        }
        self.discover(&mut delta);
        if delta.changes.iter().any(|c| c.info.kind != SourceKind::Hcw) {
            let (mut grouped, mut mrs, dropped) = self.kept.snapshot();
            grouped.resolve();
            grouped
                .handshakes
                .sort_by(|x, y| x.start.cmp(&y.start).then(x.server.cmp(&y.server)));
            mrs.sort_by_key(|m| (m.ts, m.source, m.line));
            delta.grouped = Some((grouped, mrs, dropped));
        }
        delta
    }

    fn appended(&mut self, slot: usize, bytes: &[u8], start: u64, line: u64, delta: &mut Delta) {
        let w = &mut self.watched[slot];
        let Some(Grouping::Live(state)) = self.kept.groups.get_mut(&w.info.id) else {
            return;
        };
        let mut rows = self
            .opts
            .index
            .then(|| RequestIndex::new(w.info.id, LineText::None));
        state.append(bytes, start, line, &mut w.info, rows.as_mut());
        delta.changes.push(SourceChange {
            info: w.info.clone(),
            how: Change::Appended,
            text: None,
            rows,
            hcw: None,
        });
    }

    /// Reads a file again from its start as the same source.
    fn reread(&mut self, slot: usize, delta: &mut Delta) {
        let id = self.watched[slot].info.id;
        match self.read_source(&self.watched[slot].info.path.clone(), id) {
            Ok(Some((change, follower))) => {
                self.watched[slot].info = change.info.clone();
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

    /// Reads a log whole as source `id`: its change (as added) and a follower from its end.
    /// `None` when the file is not a log that can be followed (a new empty file, say).
    fn read_source(
        &mut self,
        path: &std::path::Path,
        id: SourceId,
    ) -> Result<Option<(SourceChange, Option<Follower>)>> {
        let mut o = crate::read::open(path)?;
        if matches!(o.kind, Detected::Hcw) {
            let r = super::hcw::read_hcw(&o, id, &self.opts)?;
            let follower = hcw_follower(&r.info);
            let change = SourceChange {
                info: r.info,
                how: Change::Added,
                text: Some(r.text),
                rows: None,
                hcw: Some((r.entries, r.cmdlets)),
            };
            return Ok(Some((change, follower)));
        }
        if !followable(&o) {
            return Ok(None);
        }
        o.len = complete_len(&o.path, o.len);
        let tracker = ByteTracker::new(&NoProgress, o.len);
        let mut loaded =
            super::w3c::load_sources(usize::from(id.0), vec![o], &self.opts, &tracker)?;
        let Some(mut l) = loaded.pop() else {
            return Ok(None);
        };
        let rows = l.sinks.index.take();
        let state = W3cState::after_load(l.sinks, &l.info);
        let head = read_at(path, 0, crate::follow::HEAD_LEN as u64);
        let follower = Follower::resume(path, LineUnit::Byte, state.at, &head).ok();
        self.kept.groups.insert(id, Grouping::Live(Box::new(state)));
        let change = SourceChange {
            info: l.info,
            how: Change::Added,
            text: Some(l.text),
            rows,
            hcw: None,
        };
        Ok(Some((change, follower)))
    }

    /// New logs in the loaded folders (a new HCW run's log, IIS's next-day file) join as new
    /// sources; other new files wait until they change and are looked at again.
    fn discover(&mut self, delta: &mut Delta) {
        let Ok(inputs) = super::expand_inputs(&self.paths) else {
            return;
        };
        let found = inputs
            .files
            .into_iter()
            .chain(inputs.skipped.into_iter().map(|s| s.path));
        for path in found {
            if self.known.contains(&path) {
                continue;
            }
            let len = std::fs::metadata(&path).map_or(0, |m| m.len());
            if self.waiting.get(&path) == Some(&len) {
                continue;
            }
            self.waiting.insert(path.clone(), len);
            let id = SourceId(u16::try_from(self.next_id).unwrap_or(u16::MAX));
            let Ok(Some((change, follower))) = self.read_source(&path, id) else {
                continue;
            };
            self.waiting.remove(&path);
            self.known.insert(path);
            self.next_id += 1;
            if let Some(f) = follower {
                self.set.push(f);
                self.watched.push(Watched {
                    info: change.info.clone(),
                });
            }
            delta.changes.push(change);
        }
    }
}

/// Whether a W3C file grown at `start` is still what it was loaded as (only a file shorter
/// than the head that detection looks at can change).
fn same_kind(info: &SourceInfo, start: u64) -> bool {
    if start >= crate::read::SNIFF_BYTES as u64 {
        return true;
    }
    crate::read::open(&info.path).is_ok_and(|o| {
        let kind = match o.kind {
            Detected::Iis => Some(SourceKind::Iis),
            Detected::Httperr => Some(SourceKind::Httperr),
            Detected::W3c => Some(SourceKind::W3c),
            _ => None,
        };
        kind == Some(info.kind) && o.encoding == info.encoding
    })
}

/// A follower after an HCW log's last complete line (it is read again whole when it changes).
fn hcw_follower(info: &SourceInfo) -> Option<Follower> {
    let unit = LineUnit::for_encoding(info.encoding);
    let bytes = std::fs::read(&info.path).ok()?;
    let at = Position::after_complete_lines(&bytes, unit);
    let head = &bytes[..bytes.len().min(crate::follow::HEAD_LEN)];
    Follower::resume(&info.path, unit, at, head).ok()
}
