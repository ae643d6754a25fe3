//! Regex search over the rows a pane shows (filtered or not): IIS rows are read per source in
//! file order with big sequential reads, then the matches are put back in pane order.

use crate::index::Merged;
use crate::tui::model::Model;
use crate::tui::model::data::{Data, to_u32};
use crate::tui::model::filter::Bits;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::worker::scan::CHUNK;
use crate::tui::worker::search_text;
use regex::Regex;
use std::sync::Arc;

/// The rows of a pane, in pane order, detached from the model.
#[derive(Debug, Clone)]
pub enum PaneRows {
    /// HCW entries in pane order.
    Hcw(Arc<Vec<u32>>),
    /// Every IIS row, merged.
    Iis(Arc<Merged>),
    /// The rows a filter shows.
    Rows(Arc<Vec<RowRef>>),
}

impl PaneRows {
    /// What a pane shows now.
    pub fn of(model: &Model, pane: PaneId) -> Self {
        if let Some(v) = &model.filter(pane).visible {
            return PaneRows::Rows(v.clone());
        }
        match pane {
            PaneId::Hcw => PaneRows::Hcw(Arc::new(model.timeline.hcw_order.clone())),
            PaneId::Iis => PaneRows::Iis(model.timeline.merged.clone()),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            PaneRows::Hcw(v) => v.len(),
            PaneRows::Iis(m) => m.len(),
            PaneRows::Rows(v) => v.len(),
        }
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows in pane order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = RowRef> + '_> {
        match self {
            PaneRows::Hcw(v) => Box::new(v.iter().map(|&e| RowRef::Hcw(e))),
            PaneRows::Iis(m) => Box::new(m.iter().map(|(k, r)| RowRef::Iis(k, r))),
            PaneRows::Rows(v) => Box::new(v.iter().copied()),
        }
    }
}

/// Everything a search needs, detached from the model.
#[derive(Debug, Clone)]
pub struct SearchJob {
    /// Its generation.
    pub generation: u64,
    /// The pattern.
    pub regex: Regex,
    /// Rows to scan, in pane order.
    pub rows: PaneRows,
    /// The data.
    pub data: Arc<Data>,
}

impl SearchJob {
    /// Captures the rows a pane shows.
    pub fn new(model: &Model, generation: u64, pane: PaneId, regex: Regex) -> Self {
        SearchJob {
            generation,
            regex,
            rows: PaneRows::of(model, pane),
            data: model.data.clone(),
        }
    }
}

/// Scans the rows; `progress(done, total)` returning false stops it (None). Matches come back
/// in pane order.
pub fn search(job: &SearchJob, progress: &mut dyn FnMut(u64, u64) -> bool) -> Option<Vec<RowRef>> {
    let total = job.rows.len() as u64;
    if !progress(0, total) {
        return None;
    }
    let requests = &job.data.analysis.requests;
    let mut hcw = Bits::default();
    let mut iis: Vec<Bits> = vec![Bits::default(); requests.len()];
    let mut wanted: Vec<Vec<u32>> = vec![Vec::new(); requests.len()];
    let mut done = 0u64;
    let all_iis = matches!(job.rows, PaneRows::Iis(_));
    for row in job.rows.iter() {
        match row {
            RowRef::Hcw(e) => {
                if job.regex.is_match(&search_text(&job.data, row)) {
                    hcw.set(e as usize);
                }
                done += 1;
                if done.is_multiple_of(CHUNK as u64) && !progress(done, total) {
                    return None;
                }
            }
            RowRef::Iis(..) if all_iis => break,
            RowRef::Iis(k, r) => {
                if let Some(w) = wanted.get_mut(usize::from(k)) {
                    w.push(r);
                }
            }
        }
    }
    for (k, mut rows) in wanted.into_iter().enumerate() {
        if all_iis {
            rows = (0..requests[k].len()).map(to_u32).collect();
        } else {
            rows.sort_unstable();
        }
        for part in rows.chunks(CHUNK) {
            let bits = &mut iis[k];
            requests[k].for_each_text(&mut part.iter().map(|&r| r as usize), &mut |r, text| {
                if job.regex.is_match(text) {
                    bits.set(r);
                }
                true
            });
            done += part.len() as u64;
            if !progress(done, total) {
                return None;
            }
        }
    }
    let hit = |row: &RowRef| match *row {
        RowRef::Hcw(e) => hcw.get(e as usize),
        RowRef::Iis(k, r) => iis.get(usize::from(k)).is_some_and(|b| b.get(r as usize)),
    };
    Some(job.rows.iter().filter(hit).collect())
}
