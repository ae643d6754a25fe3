//! Finding an Exchange server's logs (`--auto`): every profile's HCW folder, the IIS log folders
//! of the web sites (from `applicationHost.config`, else the defaults), HTTPERR, the HttpProxy
//! folders under the Exchange install path, and exported `.evtx` files of a collection.
//!
//! The search works on a [`Layout`]: where `%SystemDrive%`, `%SystemRoot%`, the profiles and
//! the Exchange install path are. [`Layout::tree`] reads a copied server tree (`DIR/inetpub/…`,
//! `DIR/Users/<name>/AppData/…`), [`Layout::live`] a running server from the values the
//! command line read from the environment and registry; the domain itself reads neither.
//! [`select`] then keeps the files that cover the HCW runs' time.

mod covers;
mod iisconfig;
mod select;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use covers::covered_span;
pub use iisconfig::{SiteLog, site_log_folders};
pub use select::{Selection, select};

/// The Exchange install path under a drive when setup was not told otherwise.
pub const DEFAULT_EXCHANGE: &str = r"Program Files\Microsoft\Exchange Server\V15";

/// Where a server keeps things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// What `%SystemDrive%` stands for (a tree's root, or `C:\`).
    pub system_drive: PathBuf,
    /// What `%SystemRoot%` stands for (`<drive>\Windows`).
    pub system_root: PathBuf,
    /// The folder holding the profiles (`<drive>\Users`).
    pub users: PathBuf,
    /// The Exchange install path (`…\Exchange Server\V15`).
    pub exchange: PathBuf,
    /// A copied tree: absolute Windows paths in the configuration (`D:\IISLogs`) are looked
    /// for under the tree's root.
    pub tree: bool,
}

impl Layout {
    /// A copied server tree rooted at `dir`.
    pub fn tree(dir: &Path) -> Layout {
        Layout {
            system_drive: dir.to_path_buf(),
            system_root: dir.join("Windows"),
            users: dir.join("Users"),
            exchange: join_windows(dir, DEFAULT_EXCHANGE),
            tree: true,
        }
    }

    /// The server this runs on, from `%SystemDrive%`, `%SystemRoot%` and the Exchange install
    /// path (`%ExchangeInstallPath%`, else the registry's `MsiInstallPath`, else the default).
    pub fn live(
        system_drive: Option<&str>,
        system_root: Option<&str>,
        exchange: Option<&str>,
    ) -> Layout {
        let drive = PathBuf::from(format!(
            "{}\\",
            system_drive
                .filter(|d| !d.is_empty())
                .unwrap_or("C:")
                .trim_end_matches('\\')
        ));
        let root = system_root
            .filter(|r| !r.is_empty())
            .map_or_else(|| drive.join("Windows"), PathBuf::from);
        let exchange = exchange
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map_or_else(|| drive.join(DEFAULT_EXCHANGE), PathBuf::from);
        Layout {
            users: drive.join("Users"),
            system_drive: drive,
            system_root: root,
            exchange,
            tree: false,
        }
    }

    /// A Windows path from the configuration, `%SystemDrive%` / `%SystemRoot%` / `%windir%`
    /// expanded; in a tree, a path on a drive letter is looked for under the tree's root.
    pub fn resolve(&self, windows_path: &str) -> PathBuf {
        let p = windows_path.trim().trim_matches('"');
        for (var, base) in [
            ("%systemdrive%", &self.system_drive),
            ("%systemroot%", &self.system_root),
            ("%windir%", &self.system_root),
        ] {
            if p.len() >= var.len()
                && p.is_char_boundary(var.len())
                && p[..var.len()].eq_ignore_ascii_case(var)
            {
                return join_windows(base, &p[var.len()..]);
            }
        }
        let b = p.as_bytes();
        if self.tree && b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
            return join_windows(&self.system_drive, &p[2..]);
        }
        PathBuf::from(p)
    }
}

/// `base` joined with a backslash- or slash-separated relative path.
pub fn join_windows(base: &Path, rel: &str) -> PathBuf {
    rel.split(['\\', '/'])
        .filter(|c| !c.is_empty() && *c != ".")
        .fold(base.to_path_buf(), |p, c| p.join(c))
}

/// What a found file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// An HCW log in a profile's `Exchange Hybrid Configuration` folder.
    Hcw,
    /// An IIS W3C log of a web site.
    Iis,
    /// An HTTP.sys error log.
    Httperr,
    /// An Exchange HttpProxy log.
    HttpProxy,
    /// An exported Windows event log.
    Evtx,
}

/// One log file found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Its kind.
    pub kind: FileKind,
    /// The profile (HCW), `W3SVC<n>` (IIS), protocol (HttpProxy) or folder it belongs to.
    pub group: String,
    /// The file.
    pub path: PathBuf,
}

/// Everything the search found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Log files, by kind, group and path.
    pub files: Vec<Found>,
    /// Other files in the searched folders (not logs of that folder).
    pub others: Vec<PathBuf>,
    /// Folders looked in that do not exist.
    pub missing: Vec<PathBuf>,
}

impl Discovery {
    /// The files of one kind.
    pub fn of(&self, kind: FileKind) -> impl Iterator<Item = &Found> {
        self.files.iter().filter(move |f| f.kind == kind)
    }
}

/// Searches the layout's usual places for logs.
pub fn discover(layout: &Layout) -> Discovery {
    let mut d = Discovery::default();
    for profile in subfolders(&layout.users, &mut d) {
        let name = file_name(&profile);
        let folder = join_windows(
            &profile,
            r"AppData\Roaming\Microsoft\Exchange Hybrid Configuration",
        );
        if folder.is_dir() {
            collect(&folder, FileKind::Hcw, &name, ends_with_log, &mut d);
        }
    }
    let config = join_windows(
        &layout.system_root,
        r"System32\inetsrv\config\applicationHost.config",
    );
    let text = std::fs::read(&config)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    for site in site_log_folders(&text) {
        let folder = layout
            .resolve(&site.directory)
            .join(format!("W3SVC{}", site.id));
        let group = format!("W3SVC{}", site.id);
        collect(&folder, FileKind::Iis, &group, ends_with_log, &mut d);
    }
    let httperr = join_windows(&layout.system_root, r"System32\LogFiles\HTTPERR");
    collect(
        &httperr,
        FileKind::Httperr,
        "HTTPERR",
        |n| n.to_ascii_lowercase().starts_with("httperr") && ends_with_log(n),
        &mut d,
    );
    let proxy = join_windows(&layout.exchange, r"Logging\HttpProxy");
    for protocol in subfolders(&proxy, &mut d) {
        let name = file_name(&protocol);
        collect(&protocol, FileKind::HttpProxy, &name, ends_with_log, &mut d);
    }
    if layout.tree {
        evtx_exports(&layout.system_drive, &mut d);
    }
    d.files.sort();
    d.files.dedup();
    d.others.sort();
    d
}

/// Exported `.evtx` files at a collection's top level and one folder down (not inside the
/// copied system folders, where live event logs would be).
fn evtx_exports(root: &Path, d: &mut Discovery) {
    const SYSTEM: &[&str] = &["windows", "users", "inetpub", "program files"];
    let mut folders = vec![root.to_path_buf()];
    folders.extend(
        list(root).into_iter().filter(|p| {
            p.is_dir() && !SYSTEM.contains(&file_name(p).to_ascii_lowercase().as_str())
        }),
    );
    for folder in folders {
        let group = if folder == root {
            "top level".to_string()
        } else {
            file_name(&folder)
        };
        for path in list(&folder) {
            if path.is_file() && file_name(&path).to_ascii_lowercase().ends_with(".evtx") {
                d.files.push(Found {
                    kind: FileKind::Evtx,
                    group: group.clone(),
                    path,
                });
            }
        }
    }
}

fn ends_with_log(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".log")
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The entries of a folder, sorted (empty when it cannot be listed).
fn list(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The subfolders of `dir`; a missing `dir` is noted.
fn subfolders(dir: &Path, d: &mut Discovery) -> Vec<PathBuf> {
    if !dir.is_dir() {
        d.missing.push(dir.to_path_buf());
        return Vec::new();
    }
    list(dir).into_iter().filter(|p| p.is_dir()).collect()
}

/// The files of `folder` (not recursive) whose name `is_log` accepts, as `kind`; the other
/// files are noted.
fn collect(
    folder: &Path,
    kind: FileKind,
    group: &str,
    is_log: impl Fn(&str) -> bool,
    d: &mut Discovery,
) {
    if !folder.is_dir() {
        d.missing.push(folder.to_path_buf());
        return;
    }
    for path in list(folder) {
        if !path.is_file() {
            continue;
        }
        if is_log(&file_name(&path)) {
            d.files.push(Found {
                kind,
                group: group.to_string(),
                path,
            });
        } else {
            d.others.push(path);
        }
    }
}
