//! Runs the whole domain pipeline: expand paths, read and parse each file, analyse, and hand back
//! one [`Analysis`] that the report command prints and the TUI explores.
//!
//! Loading is staged so a UI can show sources as they arrive: [`expand_inputs`] lists the files,
//! [`load_source`] reads one, [`analyze`] joins them.

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::Finding;
use crate::analyze::handshake::Handshake;
use crate::index::RequestIndex;
use crate::record::HcwEntry;
use crate::source::{Skipped, SourceInfo};
use crate::time::ZoneSpec;
use std::path::PathBuf;

/// Which sources a `--tz` or `--skew` applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// Every source of a kind: `hcw`, `iis`, `httperr`.
    Kind(crate::source::SourceKind),
    /// Sources whose path or server label contains this text.
    Name(String),
}

/// Options for a load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Zone overrides (`--tz hcw=+01:00`).
    pub zones: Vec<(Selector, ZoneSpec)>,
    /// Extra skew in ms added to the selected sources' instants (`--skew iis=+7s`).
    pub skews: Vec<(Selector, i64)>,
    /// Build the per-line request index and keep every handshake (the TUI wants this; the
    /// report streams and keeps only failures and counts).
    pub index: bool,
}

/// Counts of handshakes by uri, outcome and failure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HandshakeCount {
    /// `cs-uri-stem`.
    pub uri: String,
    /// Outcome name.
    pub outcome: crate::analyze::handshake::HandshakeOutcome,
    /// `SEC_E_BAD_BINDINGS` etc., when failed.
    pub failure_name: Option<String>,
    /// How many.
    pub count: u64,
}

/// Everything known after loading.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Loaded sources, in load order (ids are indices).
    pub sources: Vec<SourceInfo>,
    /// Paths not loaded, with the reason.
    pub skipped: Vec<Skipped>,
    /// All HCW entries of all HCW sources, sorted by UTC instant.
    pub hcw: Vec<HcwEntry>,
    /// One request index per W3C source (empty unless [`LoadOptions::index`]).
    pub requests: Vec<RequestIndex>,
    /// Cmdlet calls, by start.
    pub cmdlets: Vec<CmdletCall>,
    /// Handshakes: failed and abandoned always; successful ones too with [`LoadOptions::index`].
    pub handshakes: Vec<Handshake>,
    /// Handshake counts.
    pub handshake_summary: Vec<HandshakeCount>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// A suggested clock correction for HCW vs IIS, when the evidence supports one.
    pub skew: Option<crate::analyze::skew::SkewSuggestion>,
}

/// Expands files and folders (recursively) into a sorted list of files.
pub fn expand_inputs(paths: &[PathBuf]) -> crate::error::Result<Vec<PathBuf>> {
    let _ = paths;
    Ok(Vec::new())
}

/// Loads every input (files and folders), parses, analyses. Files that are not logs are listed
/// in [`Analysis::skipped`]; a path that does not exist or cannot be read is an error.
pub fn load(
    paths: &[PathBuf],
    opts: &LoadOptions,
    progress: &dyn crate::progress::Progress,
) -> crate::error::Result<Analysis> {
    let _ = (paths, opts, progress);
    Ok(Analysis::default())
}
