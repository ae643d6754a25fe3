//! What a followed file gained: appended W3C lines read on from the source's state, or the
//! file read again whole (a rotation, a truncation, a changed HCW log, a head that names its
//! server otherwise now).

use super::super::apply::{Change, Delta, FollowNote, SourceChange};
use super::super::kept::Grouping;
use super::Follow;
use crate::index::RequestIndex;
use crate::read::Detected;
use crate::read::text::LineText;
use crate::source::{SourceInfo, SourceKind};

impl Follow {
    /// Reads the lines appended to a W3C source; false when the source must be read again
    /// whole instead: its new lines named its server otherwise than the lines before (a header
    /// block that added `s-computername`), and one file is one server's log, as the load names
    /// it ([`crate::source::SourceStats::named_twice`]).
    pub(super) fn appended(
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
            proxy: None,
        });
        true
    }

    /// Whether a W3C file grown at `start` is still what it was loaded as (only a file shorter
    /// than the head that detection looks at can change). Such a file's head may name its
    /// machine or its addresses now, as a load of it would read them: the site names learn it.
    pub(super) fn same_kind(&mut self, info: &SourceInfo, start: u64) -> bool {
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
    pub(super) fn reread(&mut self, slot: usize, delta: &mut Delta) {
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
