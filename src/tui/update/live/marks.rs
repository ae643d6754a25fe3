//! After a follow poll rebuilt the data: marks and the findings list's selection put back on
//! what they pointed at (rows by file line, calls and handshakes by their first line, findings
//! by id and rank), since every index may have moved.

use crate::analyze::finding::Finding;
use crate::source::SourceId;
use crate::tui::model::Model;
use crate::tui::model::marks::Mark;

/// Where each mark points, by something that survives a rebuild: a row's file line, a call's
/// or handshake's first line, a finding's id and rank among findings of that id.
#[derive(Debug, Clone)]
pub(super) enum Place {
    Row(SourceId, u64),
    Call(SourceId, u64),
    Handshake(SourceId, u64),
    Finding(usize),
    /// What it pointed at is gone already.
    Gone,
}

pub(super) fn mark_places(model: &Model) -> Vec<Place> {
    let a = &model.data.analysis;
    model
        .marks
        .list
        .iter()
        .map(|&m| match m {
            Mark::Line(r) => Place::Row(model.data.source_of(r), model.data.line_of(r)),
            Mark::Call(c) => a
                .cmdlets
                .get(c)
                .map_or(Place::Gone, |c| Place::Call(c.source, c.line)),
            Mark::Handshake(h) => a
                .handshakes
                .get(h)
                .and_then(|h| h.legs.first())
                .map_or(Place::Gone, |l| {
                    Place::Handshake(l.source, u64::from(l.line))
                }),
            Mark::Finding(i) => Place::Finding(i),
        })
        .collect()
}

/// A finding's identity across diagnoses: its id and how many of that id come before it.
pub(super) fn finding_keys(findings: &[Finding]) -> Vec<(String, usize)> {
    (0..findings.len())
        .map(|i| {
            let id = &findings[i].id;
            (
                id.to_string(),
                findings[..i].iter().filter(|g| &g.id == id).count(),
            )
        })
        .collect()
}

/// Puts marks and the findings list's selection back on what they pointed at; marks on lines
/// of `gone` sources (read again) and on items that no longer exist are dropped.
pub(super) fn restore_marks(
    model: &mut Model,
    places: Vec<Place>,
    before: &[(String, usize)],
    gone: &[SourceId],
) {
    let data = model.data.clone();
    let a = &data.analysis;
    let after = finding_keys(&a.findings);
    let finding = |i: usize| {
        before
            .get(i)
            .and_then(|k| after.iter().position(|x| x == k))
    };
    model.marks.list = places
        .into_iter()
        .filter_map(|p| match p {
            Place::Row(s, _) if gone.contains(&s) => None,
            Place::Row(s, l) => data.row_of(s, l).map(Mark::Line),
            Place::Call(s, l) => a
                .cmdlets
                .iter()
                .position(|c| c.source == s && c.line == l)
                .map(Mark::Call),
            Place::Handshake(s, l) => a
                .handshakes
                .iter()
                .position(|h| {
                    h.legs
                        .first()
                        .is_some_and(|x| x.source == s && u64::from(x.line) == l)
                })
                .map(Mark::Handshake),
            Place::Finding(i) => finding(i).map(Mark::Finding),
            Place::Gone => None,
        })
        .collect();
    model.marks.selected = model
        .marks
        .selected
        .min(model.marks.list.len().saturating_sub(1));
    let count = a.findings.len();
    let f = &mut model.finding;
    match finding(f.selected) {
        Some(j) if j == f.selected => {}
        Some(j) => {
            f.selected = j;
            f.evidence = 0;
            f.scroll = 0;
        }
        None => {
            f.selected = f.selected.min(count.saturating_sub(1));
            f.evidence = 0;
            f.scroll = 0;
        }
    }
}
