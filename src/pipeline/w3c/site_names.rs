//! One site folder (`EX01/W3SVC1`) holds one server's logs: its files that log no
//! `s-computername` at their start (older ones, before the field was selected) take the name
//! the others log, when they all log the same machine — so a handshake cut by the midnight
//! rotation between two such files is joined, and the server is named once.
//!
//! The one home of that naming: the load learns every W3C file's name before it parses them,
//! and live follow keeps what the load learned ([`crate::pipeline::Follow`]), so a file read
//! again alone (rotated, truncated) or joining later is named as a load of the folder names it.

use crate::read::Opened;
use std::collections::HashMap;

/// What the site folders' files log, by folder label.
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteNames {
    /// The name a folder's files log; `None` when they log different machines.
    names: HashMap<String, Option<String>>,
}

impl SiteNames {
    /// Learns the names `files` log at their start, then names those that log none.
    pub(crate) fn name(&mut self, files: &mut [Opened]) {
        for o in files.iter() {
            self.learn(&o.server_label, &o.logged_server);
        }
        for o in files.iter_mut() {
            if o.logged_server.is_empty()
                && let Some(Some(name)) = self.names.get(&o.server_label)
            {
                o.logged_server.clone_from(name);
            }
        }
    }

    /// The folders whose name differs from what `before` knew (a folder first learned, or one
    /// whose files now log two machines): their files that log none are named otherwise now.
    pub(crate) fn changed_since(&self, before: &SiteNames) -> Vec<String> {
        self.names
            .iter()
            .filter(|&(label, name)| before.names.get(label) != Some(name))
            .map(|(label, _)| label.clone())
            .collect()
    }

    /// Notes that a file of folder `label` logs `logged` at its start (nothing for a file
    /// outside a site folder or logging none). The first name stays while the others name the
    /// same machine ([`crate::source::same_machine`]: `EX01`, `ex01.contoso.com`).
    fn learn(&mut self, label: &str, logged: &str) {
        if label.is_empty() || logged.is_empty() {
            return;
        }
        let name = self
            .names
            .entry(label.to_string())
            .or_insert_with(|| Some(logged.to_string()));
        if name
            .as_deref()
            .is_some_and(|n| !crate::source::same_machine(n, logged))
        {
            *name = None;
        }
    }
}

/// `files`, those that log no name at their start named by their site folder's others
/// ([`SiteNames`], learned from `files` alone: `export --format jsonl`).
pub(crate) fn one_name_per_site_folder(mut files: Vec<Opened>) -> Vec<Opened> {
    SiteNames::default().name(&mut files);
    files
}
