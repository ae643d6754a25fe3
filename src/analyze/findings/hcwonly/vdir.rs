//! What the run's own `Get-WebServicesVirtualDirectory` dumps say about the MRS proxy endpoint.

use super::super::DiagnoseInput;
use super::super::common::esc;
use super::Item;
use crate::analyze::cmdlet::{property, unwrap_text};

/// Servers whose last `Get-WebServicesVirtualDirectory` dump before the failure, in the same
/// run, says `MRSProxyEnabled=0`.
pub fn mrs_proxy_off(input: &DiagnoseInput<'_>, items: &[Item<'_>]) -> Vec<String> {
    let Some(first) = items.first() else {
        return Vec::new();
    };
    let (source, before) = (first.entry.source, first.entry.ts);
    let mut state: std::collections::BTreeMap<String, bool> = Default::default();
    const TYPE: &str = "ADWebServicesVirtualDirectory {";
    for e in input
        .hcw
        .iter()
        .filter(|e| e.source == source && e.ts <= before)
    {
        if !e.body.contains(TYPE) {
            continue;
        }
        let body = unwrap_text(&e.body);
        for obj in body.split(TYPE).skip(1) {
            let server = property(obj, "Server").or_else(|| property(obj, "Identity"));
            let enabled = property(obj, "MRSProxyEnabled");
            if let (Some(s), Some(v)) = (server, enabled) {
                state.insert(esc(s), v.trim() != "0");
            }
        }
    }
    state
        .into_iter()
        .filter(|(_, on)| !on)
        .map(|(s, _)| s)
        .collect()
}
