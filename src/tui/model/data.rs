//! The loaded analysis plus lookups the UI needs often, built once off the UI thread.
//!
//! Everything here is independent of session offsets; what depends on them lives in
//! [`crate::tui::model::timeline`].

use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::index::{RequestIndex, RowTags};
use crate::pipeline::Analysis;
use crate::source::{SourceId, SourceKind};
use crate::tui::model::row::RowRef;
use crate::tui::model::seeds::UserSeeds;
use std::collections::HashMap;

/// An analysis with its lookups. Immutable once built; shared with workers through an `Arc`.
#[derive(Debug, Default)]
pub struct Data {
    /// What the pipeline produced.
    pub analysis: Analysis,
    /// Per HCW source: `(first line, last line, entry index)`, sorted by line.
    hcw_lines: HashMap<SourceId, Vec<(u64, u64, u32)>>,
    /// Source id of a W3C source → its position in `analysis.requests`.
    index_of_source: HashMap<SourceId, u16>,
    /// Per request index: the handshake each leg row is a leg of (only leg rows take room).
    leg_of: Vec<RowTags>,
    /// Number of failed handshakes.
    pub failed_handshakes: usize,
    /// An HCW entry (START or FINISH) → its cmdlet call.
    call_of_entry: HashMap<u32, u32>,
    /// The load's follow state, until live follow takes it ([`crate::tui::live::Watch::take`]).
    pub follow: std::sync::Mutex<Option<crate::pipeline::Follow>>,
    /// The bare user names of the request indexes, for the redactor.
    users: UserSeeds,
    /// The redactor seeded from this data, built once on first use (on a worker).
    redactor: std::sync::OnceLock<crate::redact::Redactor>,
}

impl Data {
    /// A redactor for this data: the analysis' own ([`crate::redact::for_analysis`], the same
    /// as `report --redact` uses), which also learns the bare user names the index holds
    /// ([`UserSeeds`], worked out when the data was built). Built once per data on first use
    /// (on a worker); each caller gets its own copy (redacting learns).
    pub fn redactor(&self) -> crate::redact::Redactor {
        self.redactor.get_or_init(|| self.seeded_redactor()).clone()
    }

    fn seeded_redactor(&self) -> crate::redact::Redactor {
        let mut r = crate::redact::for_analysis(&self.analysis);
        for user in self.users.names(&self.analysis.requests) {
            r.seed(crate::redact::Kind::User, user);
        }
        r
    }

    /// The user names seeded into the redactor, worked out when the data was built.
    pub fn user_seeds(&self) -> &UserSeeds {
        &self.users
    }

    /// The next data of a live follow: built like [`Data::new`], but the user names of
    /// `before`'s indexes are taken over (only appended rows are looked at, all rows of the
    /// `renumbered` sources).
    pub fn after(analysis: Analysis, before: &Data, renumbered: &[SourceId]) -> Self {
        let users = UserSeeds::after(&analysis.requests, Some(&before.users), renumbered);
        Self::with_users(analysis, users)
    }

    /// Builds the lookups (and the user names for the redactor).
    pub fn new(analysis: Analysis) -> Self {
        let users = UserSeeds::build(&analysis.requests);
        Self::with_users(analysis, users)
    }

    fn with_users(analysis: Analysis, users: UserSeeds) -> Self {
        let mut data = Data {
            analysis,
            users,
            ..Default::default()
        };
        for (i, e) in data.analysis.hcw.iter().enumerate() {
            data.hcw_lines.entry(e.source).or_default().push((
                e.line,
                e.end_line.max(e.line),
                to_u32(i),
            ));
        }
        for v in data.hcw_lines.values_mut() {
            v.sort_unstable();
        }
        for (k, idx) in data.analysis.requests.iter().enumerate() {
            data.index_of_source
                .insert(idx.source, u16::try_from(k).unwrap_or(u16::MAX));
        }
        for h in 0..data.analysis.handshakes.len() {
            data.note_handshake(h);
        }
        data.leg_of.iter_mut().for_each(RowTags::settle);
        for (c, call) in data.analysis.cmdlets.iter().enumerate() {
            let lines = std::iter::once(call.line).chain(call.finish_line);
            for line in lines {
                if let Some(RowRef::Hcw(e)) = data.hcw_row(call.source, line) {
                    data.call_of_entry.insert(e, to_u32(c));
                }
            }
        }
        data
    }

    /// Appends rows read later from request index `k`'s source; returns the new rows. Rows at
    /// or before the last line already loaded are skipped (a line completed after the load).
    pub fn append_rows(&mut self, k: usize, rows: &RequestIndex) -> std::ops::Range<usize> {
        let Some(idx) = self
            .analysis
            .requests
            .get_mut(k)
            .map(std::sync::Arc::make_mut)
        else {
            return 0..0;
        };
        let before = idx.len();
        let last = before.checked_sub(1).map_or(0, |r| idx.line_no(r));
        let skip = (0..rows.len())
            .take_while(|&i| rows.line_no(i) <= last)
            .count();
        idx.append(rows, skip);
        before..idx.len()
    }

    /// Counts handshake `h` and points the rows of its legs at it.
    fn note_handshake(&mut self, h: usize) {
        if self.leg_of.is_empty() {
            self.leg_of = vec![RowTags::default(); self.analysis.requests.len()];
        }
        let Some(hs) = self.analysis.handshakes.get(h) else {
            return;
        };
        if hs.outcome == HandshakeOutcome::Failed {
            self.failed_handshakes += 1;
        }
        for leg in &hs.legs {
            let Some(&k) = self.index_of_source.get(&leg.source) else {
                continue;
            };
            let k = usize::from(k);
            let row = self
                .analysis
                .requests
                .get(k)
                .and_then(|ix| ix.row_of_line(u64::from(leg.line)));
            if let (Some(r), Some(tags)) = (row, self.leg_of.get_mut(k)) {
                tags.set(to_u32(r), to_u32(h));
            }
        }
    }

    /// The position of a W3C source in `analysis.requests`.
    pub fn request_index_of(&self, source: SourceId) -> Option<usize> {
        self.index_of_source.get(&source).map(|&k| usize::from(k))
    }

    /// The HCW entry that contains a line (header or continuation).
    pub fn hcw_row(&self, source: SourceId, line: u64) -> Option<RowRef> {
        let v = self.hcw_lines.get(&source)?;
        let i = v.partition_point(|&(first, _, _)| first <= line);
        let &(first, last, e) = v.get(i.checked_sub(1)?)?;
        (first <= line && line <= last).then_some(RowRef::Hcw(e))
    }

    /// The request row of a W3C source's line.
    pub fn request_row(&self, source: SourceId, line: u64) -> Option<RowRef> {
        let &k = self.index_of_source.get(&source)?;
        let row = self
            .analysis
            .requests
            .get(usize::from(k))?
            .row_of_line(line)?;
        Some(RowRef::Iis(k, to_u32(row)))
    }

    /// The row of any source's line.
    pub fn row_of(&self, source: SourceId, line: u64) -> Option<RowRef> {
        match self.kind(source) {
            Some(SourceKind::Hcw) => self.hcw_row(source, line),
            Some(_) => self.request_row(source, line),
            None => None,
        }
    }

    /// The kind of a source.
    pub fn kind(&self, source: SourceId) -> Option<SourceKind> {
        self.analysis
            .sources
            .iter()
            .find(|s| s.id == source)
            .map(|s| s.kind)
    }

    /// The source a row comes from.
    pub fn source_of(&self, row: RowRef) -> SourceId {
        match row {
            RowRef::Hcw(e) => self
                .analysis
                .hcw
                .get(e as usize)
                .map(|e| e.source)
                .unwrap_or_default(),
            RowRef::Iis(k, _) => self
                .analysis
                .requests
                .get(usize::from(k))
                .map(|i| i.source)
                .unwrap_or_default(),
        }
    }

    /// The 1-based line number of a row in its file (its first line for an HCW entry).
    pub fn line_of(&self, row: RowRef) -> u64 {
        match row {
            RowRef::Hcw(e) => self.analysis.hcw.get(e as usize).map_or(0, |x| x.line),
            RowRef::Iis(k, r) => self
                .analysis
                .requests
                .get(usize::from(k))
                .map_or(0, |i| i.line_no(r as usize)),
        }
    }

    /// The handshake a request row is a leg of.
    pub fn handshake_of(&self, row: RowRef) -> Option<usize> {
        let RowRef::Iis(k, r) = row else {
            return None;
        };
        let h = self.leg_of.get(usize::from(k))?.get(r)?;
        Some(h as usize)
    }

    /// The cmdlet call whose START or FINISH entry this is.
    pub fn call_of(&self, row: RowRef) -> Option<usize> {
        match row {
            RowRef::Hcw(e) => self.call_of_entry.get(&e).map(|&c| c as usize),
            RowRef::Iis(..) => None,
        }
    }

    /// The row of a handshake's last leg (where it failed or succeeded).
    pub fn final_leg_row(&self, hs: &Handshake) -> Option<RowRef> {
        hs.legs
            .iter()
            .rev()
            .find_map(|l| self.request_row(l.source, u64::from(l.line)))
    }

    /// The row of a call's START entry.
    pub fn call_row(&self, call: &CmdletCall) -> Option<RowRef> {
        self.hcw_row(call.source, call.line)
    }
}

/// True when a call failed or errored.
pub fn call_failed(call: &CmdletCall) -> bool {
    matches!(call.outcome, CmdletOutcome::Failed | CmdletOutcome::Error)
}

/// Converts an index to the u32 the lookups use (saturating; no log has 4 billion entries).
pub fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
