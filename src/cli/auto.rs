//! `--auto [DIR]`: finds the logs of the Exchange server hcwlens runs on, or of a copied server
//! tree `DIR`, with [`crate::discover`], and turns them into the paths to load plus the line
//! that says what was found and skipped. Reading the environment and the registry happens
//! here, not in the domain.

use crate::discover::{self, Layout};
use crate::pipeline::Analysis;
use crate::source::Skipped;
use std::path::{Path, PathBuf};

/// What `--auto` chose.
pub(super) struct AutoInputs {
    /// Files to load.
    pub paths: Vec<PathBuf>,
    /// Found files that cannot be opened (another profile without the rights, …).
    pub unreadable: Vec<Skipped>,
    /// What was found and skipped.
    pub found: String,
}

impl AutoInputs {
    /// Adds what the search learnt to a loaded analysis.
    pub fn annotate(&self, a: &mut Analysis) {
        a.found = Some(self.found.clone());
        a.skipped.extend(self.unreadable.iter().cloned());
    }
}

/// Finds the logs of `dir` (a copied server tree), or of this server when `dir` is `None`.
pub(super) fn resolve(dir: Option<&Path>) -> Result<AutoInputs, String> {
    let layout = match dir {
        Some(dir) => {
            let meta =
                std::fs::metadata(dir).map_err(|e| crate::error::Error::io(dir, &e).to_string())?;
            if !meta.is_dir() {
                return Err(format!(
                    "{}: not a folder (--auto wants the root of a copied server tree)",
                    dir.display()
                ));
            }
            Layout::tree(dir)
        }
        None => live_layout()?,
    };
    let found = discover::discover(&layout);
    let sel = discover::select(&found);
    let place = dir.map_or_else(|| "this server".to_string(), |d| d.display().to_string());
    if sel.load.is_empty() {
        return Err(format!(
            "{place}: found no HCW, IIS, HTTPERR or HttpProxy logs in the usual places \
             (profiles' Exchange Hybrid Configuration, inetpub, HTTPERR, Exchange Logging)"
        ));
    }
    let (paths, unreadable): (Vec<PathBuf>, Vec<PathBuf>) = sel
        .load
        .into_iter()
        .partition(|p| crate::read::open_shared(p).is_ok());
    let unreadable = unreadable
        .into_iter()
        .map(|path| Skipped {
            reason: match crate::read::open_shared(&path) {
                Err(e) => crate::error::Error::io(&path, &e).to_string(),
                Ok(_) => "cannot be opened".to_string(),
            },
            path,
        })
        .collect();
    Ok(AutoInputs {
        paths,
        unreadable,
        found: sel.summary,
    })
}

/// Whether this looks like an Exchange server (`hcwlens` with no paths then searches it).
pub(super) fn on_exchange_server() -> bool {
    cfg!(windows)
        && (std::env::var_os("ExchangeInstallPath").is_some_and(|v| !v.is_empty())
            || live_layout().is_ok_and(|l| l.exchange.is_dir()))
}

#[cfg(windows)]
fn live_layout() -> Result<Layout, String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let exchange = var("ExchangeInstallPath").or_else(registry_install_path);
    Ok(Layout::live(
        var("SystemDrive").as_deref(),
        var("SystemRoot").as_deref(),
        exchange.as_deref(),
    ))
}

#[cfg(not(windows))]
fn live_layout() -> Result<Layout, String> {
    Err(
        "--auto without a folder searches the Windows Exchange server it runs on; here, \
         give the folder of a copied server tree: --auto DIR"
            .to_string(),
    )
}

/// `MsiInstallPath` of Exchange 2016/2019 setup, through `reg query` (no registry crate).
#[cfg(windows)]
fn registry_install_path() -> Option<String> {
    let out = std::process::Command::new("reg")
        .args([
            "query",
            r"HKLM\SOFTWARE\Microsoft\ExchangeServer\v15\Setup",
            "/v",
            "MsiInstallPath",
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.split_once("REG_SZ").map(|(_, v)| v.trim().to_string()))
        .filter(|v| !v.is_empty())
}
