//! Server identity: when two names a load reads name one machine. Windows names are
//! case-insensitive (`EX01`, `ex01`), and a machine is named by its NetBIOS or host name
//! (`EX01`: HCW's Process Info, the folder a log was copied into, IIS's `s-computername`) or by
//! its FQDN (`ex01.contoso.com`: an `s-computername` on some servers, the names HCW lists):
//! an FQDN and a short name are one machine when the FQDN's first label is the short name.
//! Two FQDNs are one machine only when equal (`ex01.contoso.com` and `ex01.fabrikam.com` are
//! two). A folder label (`EX01/W3SVC1`) stands for the server folder above its site folder.
//!
//! A load shows each machine by one name ([`one_name_per_machine`]): its short name when any
//! loaded log writes it — HCW's Process Info first, then an `s-computername` (or a Security or
//! HttpProxy log's computer) logged short, then the folder a log was found in — else the FQDN
//! as first logged. The short name is the one Exchange itself gives a server (`Get-ExchangeServer`'s
//! `Name`, HCW's machine, the folders logs are copied into), and it is the FQDN's first label,
//! so nothing is lost; a log quoted as evidence still shows what it logged.

use super::{SourceInfo, SourceKind};

/// The machine a server label names, for comparing: the server folder of a folder label
/// (`EX01/W3SVC1` → `EX01`), else the label; `None` for an address (`10.0.0.5`) or nothing.
fn machine_of(label: &str) -> Option<&str> {
    let name = crate::read::folder_server(label).unwrap_or(label).trim();
    let address = name.parse::<std::net::IpAddr>().is_ok();
    (!name.is_empty() && name != "-" && !address && !crate::read::is_folder_label(name))
        .then_some(name)
}

/// Whether two server labels (logged names, folder labels) name the same machine:
/// equal ignoring ASCII case, or an FQDN whose first label is the other, short, name.
pub fn same_machine(a: &str, b: &str) -> bool {
    let (Some(a), Some(b)) = (machine_of(a), machine_of(b)) else {
        return a.eq_ignore_ascii_case(b);
    };
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    match (a.split_once('.'), b.split_once('.')) {
        (Some((head, _)), None) => head.eq_ignore_ascii_case(b),
        (None, Some((head, _))) => head.eq_ignore_ascii_case(a),
        _ => false,
    }
}

/// How a spelling of a machine was found, best first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Said {
    /// The machine an HCW log ran on.
    Hcw,
    /// A name a log line wrote (`s-computername`, a Security or HttpProxy log's computer).
    Logged,
    /// The folder a W3C log was found in.
    Folder,
}

/// The spellings of the machines `sources` name, best first within each kind of source.
fn spellings(sources: &[SourceInfo]) -> Vec<(Said, &str)> {
    let mut out = unsettled(sources);
    settle(&mut out);
    out
}

/// The spellings of `sources`, in their order, each as often as it comes.
fn unsettled(sources: &[SourceInfo]) -> Vec<(Said, &str)> {
    let mut out = Vec::new();
    for s in sources {
        let w3c = matches!(
            s.kind,
            SourceKind::Iis | SourceKind::Httperr | SourceKind::W3c
        );
        if s.kind == SourceKind::Hcw {
            out.push((Said::Hcw, s.server.as_str()));
        } else if w3c && crate::read::is_folder_label(&s.server) {
            out.extend(crate::read::folder_server(&s.server).map(|f| (Said::Folder, f)));
        } else if s.kind == SourceKind::Evtx && s.stats.computer.trim().is_empty() {
            // An event log whose records name no machine is named by its file: no machine.
        } else {
            let computer = s.stats.computer.trim();
            out.push((Said::Logged, s.server.as_str()));
            if w3c && !computer.is_empty() && computer != "-" {
                out.push((Said::Logged, computer));
            }
            if s.kind == SourceKind::Httperr {
                out.extend(httperr_folder(&s.stats.folder));
            }
        }
    }
    out
}

/// The spelling of the machine folder an HTTPERR log named by its machine was found in
/// (`EX01` of `EX01/HTTPERR`): as when the log was named by its folder, the folder still
/// spells its machine.
fn httperr_folder(folder: &str) -> Option<(Said, &str)> {
    crate::read::folder_server(folder).map(|f| (Said::Folder, f))
}

/// Names only, best first, each spelling once.
fn settle(out: &mut Vec<(Said, &str)>) {
    out.retain(|(_, n)| machine_of(n).is_some() && !crate::read::is_folder_label(n));
    out.sort_by_key(|&(said, _)| said);
    // Each spelling once (a tree's days log the same name): a load of many files compares
    // each source with its machines' few spellings.
    let mut seen = std::collections::HashSet::new();
    out.retain(|&(_, n)| seen.insert(n.to_ascii_lowercase()));
}

/// The one name a machine is shown by among `spellings` ([`one_name_per_machine`]).
fn shown<'a>(spellings: &[(Said, &'a str)], name: &str) -> Option<&'a str> {
    let same = || {
        spellings
            .iter()
            .map(|&(_, n)| n)
            .filter(move |n| same_machine(n, name))
    };
    same().find(|n| !n.contains('.')).or_else(|| same().next())
}

/// Each machine named by one name across the sources: a source whose server is a name (not a
/// folder label, not an address) takes the name the load shows its machine by. Folder labels
/// stay (they say the log named no server).
pub fn one_name_per_machine(sources: &mut [SourceInfo]) {
    let names: Vec<(usize, String)> = {
        let spellings = spellings(sources);
        sources
            .iter()
            .enumerate()
            .filter(|(_, s)| !crate::read::is_folder_label(&s.server))
            .filter_map(|(i, s)| {
                let name = shown(&spellings, &s.server)?;
                (name != s.server).then(|| (i, name.to_string()))
            })
            .collect()
    };
    for (i, name) in names {
        sources[i].server = name;
    }
}

/// The names the loaded logs give their machines, one per machine ([`one_name_per_machine`]):
/// what a sentence calls a server a log names, or whose folder a log was found in. Only
/// machines a log line names (`s-computername`, a Security or HttpProxy log's computer): a
/// folder, or the machine HCW ran on, alone does not make a server of a folder label
/// (`EX01 (named after the log folder)` stays said so).
pub fn machine_names(sources: &[SourceInfo]) -> Vec<String> {
    names_among(&spellings(sources))
}

/// [`machine_names`] of `sources` and of W3C logs not read yet, each given by its kind, the
/// name it is named by (the name it logs at its start, or an HTTPERR log's machine; empty:
/// none) and its folder label, its name when it has none (as a load names its source):
/// `export --format jsonl` names each request's host as it writes it, before its log is a
/// source.
pub fn machine_names_with(
    sources: &[SourceInfo],
    logs: &[(SourceKind, &str, &str)],
) -> Vec<String> {
    let mut spellings = unsettled(sources);
    for &(kind, logged, folder) in logs {
        if logged.is_empty() {
            spellings.extend(crate::read::folder_server(folder).map(|f| (Said::Folder, f)));
        } else {
            spellings.push((Said::Logged, logged));
            if kind == SourceKind::Httperr {
                spellings.extend(httperr_folder(folder));
            }
        }
    }
    settle(&mut spellings);
    names_among(&spellings)
}

/// The machines `spellings` hold that a log line names, by their one name each.
fn names_among(spellings: &[(Said, &str)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &(said, n) in spellings {
        if said != Said::Logged {
            continue;
        }
        if let Some(name) = shown(spellings, n)
            && !out.iter().any(|o| same_machine(o, name))
        {
            out.push(name.to_string());
        }
    }
    out
}

/// The name of `label`'s machine among `machines` ([`machine_names`]), else `label`; a folder
/// label stays (it says the log named no server, and which site folder it was found in).
pub fn shown_name<'a>(machines: &'a [String], label: &'a str) -> &'a str {
    if crate::read::is_folder_label(label) {
        return label;
    }
    machines
        .iter()
        .find(|m| same_machine(m, label))
        .map_or(label, String::as_str)
}

/// Whether two HCW logs are of one run: in the same folder, named by the same stamp (the
/// run's start time) with another extension (`20220305_144855.log` and `.boot`).
pub fn same_run(a: &std::path::Path, b: &std::path::Path) -> bool {
    a != b && a.with_extension("") == b.with_extension("")
}

/// The HCW log among `logs` that names its machine and is of the run of the HCW log at `path`
/// ([`same_run`]).
pub fn run_namer<'a>(
    logs: impl IntoIterator<Item = &'a SourceInfo>,
    path: &std::path::Path,
) -> Option<&'a SourceInfo> {
    logs.into_iter()
        .find(|o| o.kind == SourceKind::Hcw && !o.server.is_empty() && same_run(&o.path, path))
}

/// The machine an HCW log that names none ran on (the bootstrapper's `.boot` has no Process
/// Info table), from a loaded log of the same run ([`same_run`]) that names it, and that log's
/// extension (`log`): its sources-list entry says `E2016-01 (named by the run's .log)`, as a
/// run is one run on one machine (the load gives it that machine's `--tz` and `--skew`).
/// `None` for a source that names its server, or whose run's other logs are not loaded.
pub fn run_machine<'a>(sources: &'a [SourceInfo], s: &SourceInfo) -> Option<(&'a str, String)> {
    if s.kind != SourceKind::Hcw || !s.server.is_empty() {
        return None;
    }
    let o = run_namer(sources, &s.path)?;
    let ext = o.path.extension().unwrap_or_default().to_string_lossy();
    Some((o.server.as_str(), ext.into_owned()))
}

/// `E2016-01 (named by the run's .log)` for an HCW log that names no machine ([`run_machine`]).
pub fn run_machine_said(sources: &[SourceInfo], s: &SourceInfo) -> Option<String> {
    let (name, ext) = run_machine(sources, s)?;
    Some(format!("{name} (named by the run's .{ext})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_machine_is_one_whatever_the_case_and_whether_short_or_fqdn() {
        assert!(same_machine("EX01", "ex01"));
        assert!(same_machine("EX01", "ex01.contoso.com"));
        assert!(same_machine("EX01.contoso.com", "ex01"));
        assert!(same_machine("EX01.CONTOSO.COM", "ex01.contoso.com"));
        assert!(same_machine("EX01/W3SVC1", "ex01.contoso.com"));
        assert!(same_machine("ex01/HTTPERR", "EX01"));
        assert!(!same_machine("ex01.contoso.com", "ex01.fabrikam.com"));
        assert!(!same_machine("EX01", "EX02"));
        assert!(!same_machine("EX01", "EX01-DR"));
        assert!(!same_machine("10.0.0.5", "10.0.0"));
        assert!(same_machine("10.0.0.5", "10.0.0.5"));
    }
}
