//! One site folder (`EX01/W3SVC1`) holds one server's logs: its files that log no
//! `s-computername` at their start (older ones, before the field was selected) take the name
//! the others log, when they all log the same machine — so a handshake cut by the midnight
//! rotation between two such files is joined, and the server is named once.
//!
//! The one home of that naming: the load learns every W3C file's name before it parses them,
//! and live follow keeps what the load learned ([`crate::pipeline::Follow`]), so a file read
//! again alone (rotated, truncated) or joining later is named as a load of the folder names it.
//! HTTPERR logs, which log no name at all, take their machine's as far as the load can tell it
//! ([`super::httperr_names`]).

use super::httperr_names::{self, Addresses};
use crate::read::{Detected, Opened};
use std::collections::HashMap;
use std::path::PathBuf;

/// What the site folders' files log, by folder label.
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteNames {
    /// The name a folder's files log; `None` when they log different machines.
    names: HashMap<String, Option<String>>,
    /// The machines IIS logs log beside their server addresses.
    addresses: Addresses,
    /// The HTTPERR logs met, by path: their folder label, the addresses they log, and the
    /// machine they were named by (`None`: unknown).
    httperr: HashMap<PathBuf, (String, Vec<String>, Option<String>)>,
}

impl SiteNames {
    /// Learns the names `files` log at their start, then names those that log none.
    pub(crate) fn name(&mut self, files: &mut [Opened]) {
        for o in files.iter() {
            self.learn(&o.server_label, &o.logged_server);
            if matches!(o.kind, Detected::Iis | Detected::W3c) {
                self.addresses
                    .learn(&o.path, &o.logged_server, &o.server_ips);
            }
            if o.kind == Detected::Httperr {
                let met = (o.server_label.clone(), o.server_ips.clone(), None);
                self.httperr.insert(o.path.clone(), met);
            }
        }
        // What was learned may name the HTTPERR logs met before too (live follow).
        let addresses = self.addresses.machines();
        for (label, ips, name) in self.httperr.values_mut() {
            *name = httperr_names::machine(label, ips, &self.names, &addresses);
        }
        for o in files.iter_mut() {
            if !o.logged_server.is_empty() {
                continue;
            }
            let name = match o.kind {
                Detected::Httperr => self.httperr.get(&o.path).and_then(|h| h.2.as_ref()),
                _ => self.names.get(&o.server_label).and_then(Option::as_ref),
            };
            if let Some(name) = name {
                o.logged_server.clone_from(name);
            }
        }
    }

    /// The folders whose name differs from what `before` knew (a folder first learned, or one
    /// whose files now log two machines), and those of the HTTPERR logs named otherwise now:
    /// their files that log none are named otherwise now.
    pub(crate) fn changed_since(&self, before: &SiteNames) -> Vec<String> {
        let mut changed: Vec<String> = self
            .names
            .iter()
            .filter(|&(label, name)| before.names.get(label) != Some(name))
            .map(|(label, _)| label.clone())
            .collect();
        for (path, (label, _, name)) in &self.httperr {
            let was = before.httperr.get(path).and_then(|h| h.2.as_ref());
            if was != name.as_ref() && !changed.contains(label) {
                changed.push(label.clone());
            }
        }
        changed
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
