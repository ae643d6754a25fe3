//! Which log lines the view is about to show as logged (the IIS line in the detail pane and
//! the entry popup, a finding's evidence), asked for once as an [`Effect::ReadLines`]: the
//! loop reads them on a worker and the texts come back into [`crate::tui::model::lines`].

use crate::analyze::finding::Evidence;
use crate::tui::effect::Effect;
use crate::tui::model::Model;
use crate::tui::model::lines::{DataKey, key_of};
use crate::tui::model::overlay::Overlay;
use crate::tui::model::row::RowRef;

/// Most evidence lines of one finding asked for at once.
const MAX_EVIDENCE: usize = 256;

/// The line a row shows as logged.
pub fn line_of(model: &Model, row: RowRef) -> Evidence {
    Evidence {
        source: model.data.source_of(row),
        line: model.data.line_of(row),
    }
}

/// The lines on screen now (read or not).
pub fn wanted(model: &Model) -> Vec<Evidence> {
    let mut out = Vec::new();
    match &model.overlay {
        Some(Overlay::Findings) => {
            let f = &model.data.analysis.findings;
            if let Some(f) = f.get(model.finding.selected.min(f.len().saturating_sub(1))) {
                out.extend(f.evidence.iter().take(MAX_EVIDENCE).copied());
            }
        }
        Some(Overlay::Entry { row, .. }) => {
            if matches!(row, RowRef::Iis(..)) {
                out.push(line_of(model, *row));
            }
        }
        _ => {}
    }
    if let Some(row @ RowRef::Iis(..)) = model.cursor_row(model.focus) {
        out.push(line_of(model, row));
    }
    out
}

/// The effect reading what is on screen and not read yet (none when all is there).
pub fn request(model: &mut Model) -> Option<Effect> {
    let data: DataKey = key_of(&model.data);
    let wanted = wanted(model);
    let lines = model.lines.ask(data, wanted);
    (!lines.is_empty()).then_some(Effect::ReadLines { data, lines })
}

/// Texts read by a worker.
pub fn read(model: &mut Model, data: DataKey, read: Vec<(Evidence, Option<String>)>) {
    model.lines.fill(data, read);
}
