//! The server of each leg of a split handshake in the detail pane, cut as the request rows cut
//! it, so the legs' servers read apart as the rows' do.

use crate::analyze::handshake::Handshake;
use crate::source::{ServerNames, SourceId};
use crate::tui::model::Model;
use crate::tui::view::rows::clean;
use crate::tui::view::server::{Cut, cut_cell, loaded_labels};

/// The server of each leg of a split handshake, as the request rows show it (none when the
/// legs are on one server): a leg's source's server, the one of the handshake's key its
/// first leg was logged on otherwise. Built once per frame: what the legs share (the names,
/// the width, the cut) is derived once, not per leg.
pub(super) struct LegServers<'a> {
    model: &'a Model,
    hs: &'a Handshake,
    /// The names the load gives its servers.
    names: ServerNames<'a>,
    width: usize,
    /// How a name too long is cut: the way that keeps the servers' cells apart.
    cut: Cut,
}

impl<'a> LegServers<'a> {
    pub(super) fn new(model: &'a Model, hs: &'a Handshake) -> Self {
        let cap = if model.size.0 >= 120 { 14 } else { 8 };
        let names = model.data.analysis.server_names();
        let mut servers = LegServers {
            model,
            hs,
            names,
            width: 0,
            cut: Cut::Ends,
        };
        if hs.split.is_none() {
            return servers;
        }
        let mut labels = loaded_labels(model, &servers.names);
        let legs: Vec<String> = hs.legs.iter().map(|l| servers.label(l.source)).collect();
        for label in &legs {
            if !labels.contains(label) {
                labels.push(label.clone());
            }
        }
        servers.cut = Cut::apart(&labels, cap);
        servers.width = legs
            .iter()
            .map(|l| cut_cell(l, cap, servers.cut).chars().count())
            .max()
            .unwrap_or(0);
        servers
    }

    fn label(&self, source: SourceId) -> String {
        let hs = self.hs;
        let logged = crate::source::by_id(&self.model.data.analysis.sources, source)
            .map(|s| s.server.as_str())
            .filter(|s| !s.is_empty());
        let first = hs.legs.first().map(|l| l.source);
        let by_key = match hs.split.as_deref() {
            Some(other) if Some(source) != first => other,
            _ => &hs.server,
        };
        clean(&self.names.at(logged.unwrap_or(by_key), source))
    }

    /// The leg's server cell, padded to the others', and whether it is the other server.
    pub(super) fn cell(&self, source: SourceId) -> Option<(String, bool)> {
        self.hs.split.as_ref()?;
        let label = self.label(source);
        let cell = cut_cell(&label, self.width, self.cut);
        let other = !crate::source::same_machine(&label, &clean(&self.hs.server));
        Some((format!("{cell:<w$}", w = self.width), other))
    }
}
