//! Which pane rows are Windows Security events: the rows of an `.evtx` source's request index,
//! each naming one event of `Analysis::security` by its `(source, line)`.

use crate::pipeline::SecurityEvent;
use crate::source::SourceKind;
use crate::tui::model::Model;
use crate::tui::model::row::RowRef;

impl Model {
    /// The Security event a pane row shows, if the row is one.
    pub fn event_at(&self, row: RowRef) -> Option<&SecurityEvent> {
        let RowRef::Iis(k, r) = row else {
            return None;
        };
        let idx = self.data.analysis.requests.get(usize::from(k))?;
        if self.data.kind(idx.source) != Some(SourceKind::Evtx) {
            return None;
        }
        let log = &self.data.analysis.security;
        log.events.get(log.at(idx.source, idx.line_no(r as usize))?)
    }
}
