//! A W3C log named after its folder (`coll/W3SVC1`: no `s-computername`, found in a copied
//! tree whose top folder is `coll`) takes the machine another log of that same tree names,
//! when the tree's other logs name exactly one: an HttpProxy log's `ServerHostName`, a Security
//! log's (`.evtx`) computer, or an IIS log's `s-computername`. `coll/W3SVC1` becomes `EX01/W3SVC1`, a folder label still (its
//! lines named no server), of the machine the tree's other logs say it is. A folder holding
//! logs of two machines names none, and a folder that already names the machine keeps its
//! spelling.

use crate::read::{Detected, Opened};
use std::path::{Path, PathBuf};

/// How many HttpProxy and Security (`.evtx`) logs of one tree are read at their start for the
/// machine they name: a server's files all name it, so a few settle it.
const PROXY_PEEKS: usize = 4;

/// How many bytes of an HttpProxy file's start are read for its first rows.
const PROXY_HEAD: u64 = 64 * 1024;

/// How many bytes of an `.evtx` file's start are read: its header and first chunk of records.
const EVTX_HEAD: u64 = 4096 + 65_536;

/// Names each folder-labelled W3C file of `opened` after the one machine the other logs of its
/// tree name ([`tree_machine`]).
pub fn name_folders_by_their_tree(opened: &mut [Opened]) {
    name_folders_by_their_tree_with(opened, &[]);
}

/// [`name_folders_by_their_tree`] of W3C files `opened` beside `others`, the other logs of
/// the load opened apart (the export's HttpProxy logs).
pub fn name_folders_by_their_tree_with(opened: &mut [Opened], others: &[Opened]) {
    // A site folder some of whose files log their machine names the others by it (the load's
    // site names): it keeps its label.
    let logged: Vec<&str> = opened
        .iter()
        .filter(|o| !o.logged_server.is_empty())
        .map(|o| o.server_label.as_str())
        .collect();
    let candidate = |o: &Opened| {
        matches!(o.kind, Detected::Iis | Detected::Httperr | Detected::W3c)
            && o.logged_server.is_empty()
            && !logged.contains(&o.server_label.as_str())
    };
    // Most loads name every log by its lines: nothing to resolve, no path to look up.
    if !opened.iter().any(candidate) {
        return;
    }
    let paths: Vec<PathBuf> = opened.iter().map(|o| canonical(&o.path)).collect();
    let other_paths: Vec<PathBuf> = others.iter().map(|o| canonical(&o.path)).collect();
    // Each tree's machine once (a site folder holds a file a day, each asking of one tree).
    let mut machines: Vec<(PathBuf, Option<String>)> = Vec::new();
    let mut relabel: Vec<(usize, String)> = Vec::new();
    for (i, o) in opened.iter().enumerate() {
        if !candidate(o) {
            continue;
        }
        let Some(folder) = crate::read::folder_server(&o.server_label) else {
            continue;
        };
        let Some(site) = o.server_label.rsplit(['/', '\\']).next() else {
            continue;
        };
        let Some(top) = ancestor_named(&paths[i], folder) else {
            continue;
        };
        let machine = match machines.iter().find(|(t, _)| *t == top) {
            Some((_, m)) => m.clone(),
            None => {
                let namers = opened
                    .iter()
                    .zip(&paths)
                    .chain(others.iter().zip(&other_paths));
                let m = tree_machine(namers, &top);
                machines.push((top, m.clone()));
                m
            }
        };
        let Some(machine) = machine else {
            continue;
        };
        if !super::same_machine(&machine, folder) {
            relabel.push((i, format!("{machine}/{site}")));
        }
    }
    for (i, label) in relabel {
        if let Some(o) = opened.get_mut(i) {
            o.server_label = label;
        }
    }
}

/// The logs among `known` (a load's paths) that [`name_folders_by_their_tree`] asks for the
/// machine of `o`'s tree: those under its tree's top folder when `o` is a W3C log named after
/// its folder that logs no machine (a log joining a followed load, read alone); else none.
pub fn tree_logs<'a>(o: &Opened, known: impl IntoIterator<Item = &'a PathBuf>) -> Vec<PathBuf> {
    let w3c = matches!(o.kind, Detected::Iis | Detected::Httperr | Detected::W3c);
    let Some(folder) = crate::read::folder_server(&o.server_label) else {
        return Vec::new();
    };
    if !w3c || !o.logged_server.is_empty() {
        return Vec::new();
    }
    let Some(top) = ancestor_named(&canonical(&o.path), folder) else {
        return Vec::new();
    };
    known
        .into_iter()
        .filter(|p| canonical(p).starts_with(&top))
        .cloned()
        .collect()
}

/// The one machine the logs `opened` (each with its canonical path) under `top` name, by their lines (an IIS log's
/// `s-computername`, an HttpProxy log's `ServerHostName`); None when none or several.
fn tree_machine<'a>(
    opened: impl Iterator<Item = (&'a Opened, &'a PathBuf)>,
    top: &Path,
) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut peeks = 0;
    for (o, path) in opened {
        if !path.starts_with(top) {
            continue;
        }
        let name = match o.kind {
            Detected::Iis | Detected::W3c if !o.logged_server.is_empty() => {
                Some(o.logged_server.clone())
            }
            Detected::HttpProxy if peeks < PROXY_PEEKS => {
                peeks += 1;
                proxy_server(&o.path)
            }
            Detected::Evtx if peeks < PROXY_PEEKS => {
                peeks += 1;
                evtx_computer(&o.path)
            }
            _ => None,
        };
        let Some(n) = name.filter(|n| !n.trim().is_empty()) else {
            continue;
        };
        match names.iter_mut().find(|k| super::same_machine(k, &n)) {
            // The short name over the FQDN (`EX01` over a Security log's `EX01.contoso.com`).
            Some(k) if k.contains('.') && !n.contains('.') => *k = n,
            Some(_) => {}
            None => names.push(n),
        }
    }
    match names.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The nearest folder above `path` named `name` (ignoring case).
fn ancestor_named(path: &Path, name: &str) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .map(Path::to_path_buf)
}

/// The path as the folder label was made from it (links resolved), else as given.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The computer the records of an `.evtx` file's first chunk name.
fn evtx_computer(path: &Path) -> Option<String> {
    use std::io::Read;
    let file = crate::read::open_shared(path).ok()?;
    let mut head = Vec::new();
    file.take(EVTX_HEAD).read_to_end(&mut head).ok()?;
    crate::parse::evtx::read_evtx(head).computer
}

/// The `ServerHostName` of an HttpProxy file's first rows.
fn proxy_server(path: &Path) -> Option<String> {
    use std::io::Read;
    let file = crate::read::open_shared(path).ok()?;
    let mut head = Vec::new();
    file.take(PROXY_HEAD).read_to_end(&mut head).ok()?;
    let end = head.iter().rposition(|&b| b == b'\n')?;
    let text = String::from_utf8_lossy(&head[..=end]);
    let text = text.trim_start_matches('\u{feff}');
    crate::parse::httpproxy::parse_httpproxy(text, super::SourceId(0))
        .header
        .server
}
