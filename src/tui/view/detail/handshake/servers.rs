//! The server of each leg of a split handshake in the detail pane, cut as the request rows cut
//! it, so the legs' servers read apart as the rows' do.

use crate::analyze::handshake::Handshake;
use crate::source::SourceId;
use crate::tui::model::Model;
use crate::tui::view::rows::clean;
use crate::tui::view::server::{Cut, cut_cell, loaded_labels};

/// The server of each leg of a split handshake, as the request rows show it (none when the
/// legs are on one server): a leg's source's server, the one of the handshake's key its
/// first leg was logged on otherwise.
pub(super) struct LegServers<'a> {
    model: &'a Model,
    hs: &'a Handshake,
    width: usize,
    /// How a name too long is cut: the way that keeps the servers' cells apart.
    cut: Cut,
}

impl<'a> LegServers<'a> {
    pub(super) fn new(model: &'a Model, hs: &'a Handshake) -> Self {
        let cap = if model.size.0 >= 120 { 14 } else { 8 };
        let mut labels = loaded_labels(model);
        for l in &hs.legs {
            let label = Self::label(model, hs, l.source);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        let cut = Cut::apart(&labels, cap);
        let width = hs
            .legs
            .iter()
            .map(|l| {
                cut_cell(&Self::label(model, hs, l.source), cap, cut)
                    .chars()
                    .count()
            })
            .max()
            .unwrap_or(0);
        LegServers {
            model,
            hs,
            width,
            cut,
        }
    }

    fn label(model: &Model, hs: &Handshake, source: SourceId) -> String {
        let logged = crate::source::by_id(&model.data.analysis.sources, source)
            .map(|s| s.server.as_str())
            .filter(|s| !s.is_empty());
        let first = hs.legs.first().map(|l| l.source);
        let by_key = match hs.split.as_deref() {
            Some(other) if Some(source) != first => other,
            _ => &hs.server,
        };
        clean(model.data.analysis.server_named(logged.unwrap_or(by_key)))
    }

    /// The leg's server cell, padded to the others', and whether it is the other server.
    pub(super) fn cell(&self, source: SourceId) -> Option<(String, bool)> {
        self.hs.split.as_ref()?;
        let label = Self::label(self.model, self.hs, source);
        let cell = cut_cell(&label, self.width, self.cut);
        let other = !crate::source::same_machine(&label, &clean(&self.hs.server));
        Some((format!("{cell:<w$}", w = self.width), other))
    }
}
