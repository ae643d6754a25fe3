//! What a loaded file is: its kind, encoding, server label, clock and parse statistics.
//!
//! A source is one input file. Its [`SourceInfo`] travels with every report and screen so the
//! user always sees which file, which clock and how many lines could not be read.

mod cite;
mod kind;
mod machine;
mod runs;
mod site;
mod stats;
mod tree;

pub use cite::{cited_line, cited_name, cited_run, path_ending};
pub use kind::{SourceKind, TextEncoding};
pub use machine::{
    machine_names, machine_names_with, one_name_per_machine, run_machine, run_machine_said,
    run_namer, same_machine, same_run, shown_name,
};
pub use runs::{SourceRun, runs_lines};
pub use site::{ServerNames, server_filter_keeps};
pub use stats::{Diagnostic, MAX_DIAGNOSTICS, SourceStats};
pub use tree::{name_folders_by_their_tree, name_folders_by_their_tree_with, tree_logs};

use crate::time::{Resolution, UtcMs, ZoneSpec, format_offset};
use serde::Serialize;
use std::path::PathBuf;

/// Index of a source in the loaded set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct SourceId(pub u16);

/// Where a source's clock came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ZoneOrigin {
    /// W3C logs are UTC by definition.
    Utc,
    /// The HCW header (`Date Time Offset` row or first line).
    Header,
    /// `--tz` on the command line or a nudge in the UI.
    Override,
    /// Nothing said: assumed UTC.
    Assumed,
}

/// How a user is shown where the log's `#Fields` has no `cs-username` (not `-`, anonymous).
pub const USER_NOT_LOGGED: &str = "not logged (no cs-username in #Fields)";

/// Whether the log of `source` had `cs-username` among the `#Fields` in force at `line` (true
/// for a source not found).
pub fn user_logged(sources: &[SourceInfo], source: SourceId, line: u64) -> bool {
    by_id(sources, source).is_none_or(|s| s.stats.user_logged(line))
}

/// The loaded source with this id: at its index first (a load numbers its sources in order),
/// else searched for (an analysis given a subset of its sources, tests). The one way every
/// report, finding, ticket and screen finds a source by id.
pub fn by_id(sources: &[SourceInfo], id: SourceId) -> Option<&SourceInfo> {
    sources
        .get(usize::from(id.0))
        .filter(|s| s.id == id)
        .or_else(|| sources.iter().find(|s| s.id == id))
}

/// Who of the loaded HCW logs names no clock (a pasted excerpt without line 1 and the Process
/// Info table, read as UTC), as sentences cite them (`excerpt.log`, `excerpt.log and 2 more
/// HCW logs`), with the verb that agrees; `None` when every HCW log names its clock.
pub fn unclocked_hcw(sources: &[SourceInfo]) -> Option<(String, &'static str)> {
    let names: Vec<String> = sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw && s.zone_origin == ZoneOrigin::Assumed)
        .map(|s| cited_name(sources, s.id))
        .collect();
    let (first, more) = names.split_first()?;
    Some(match more.len() {
        0 => (first.clone(), "names"),
        n => (format!("{first} and {n} more HCW logs"), "name"),
    })
}

/// How finely the loaded source `id` writes its instants ([`SourceKind::resolution`]; to the
/// millisecond when it is not loaded or not known: a handshake's first leg, a finding's
/// `time_source`).
pub fn resolution(sources: &[SourceInfo], id: impl Into<Option<SourceId>>) -> Resolution {
    id.into()
        .and_then(|id| by_id(sources, id))
        .map_or(Resolution::Millisecond, |s| s.kind.resolution())
}

/// One loaded input file.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInfo {
    /// Position in the loaded set.
    pub id: SourceId,
    /// The path as given (or found under a given folder).
    pub path: PathBuf,
    /// Detected kind.
    pub kind: SourceKind,
    /// Detected encoding.
    pub encoding: TextEncoding,
    /// Server label: the first `s-computername` logged (for a file that logs none, the name
    /// its site folder's files log; for an HTTPERR log, its machine's when the load can tell
    /// it), else `EX01/W3SVC1` from the folder, else the first `s-ip`;
    /// for HCW the machine name when the log names it, else empty (the bootstrapper's `.boot`
    /// log names none; its file stem is the run's start time, not a machine). A name (not a
    /// folder label or address) is the one the load shows its machine by, settled at every
    /// diagnosis ([`one_name_per_machine`]: `EX01` for a log that wrote `ex01.contoso.com`
    /// beside HCW's `EX01`); [`SourceStats::computer`] keeps what the log wrote.
    pub server: String,
    /// The clock of the file's stamps.
    pub zone: ZoneSpec,
    /// Where [`SourceInfo::zone`] came from.
    pub zone_origin: ZoneOrigin,
    /// Extra skew applied on top of the zone, in milliseconds (clock drift correction).
    pub skew_ms: i64,
    /// Parse counters.
    pub stats: SourceStats,
    /// First and last event instants (UTC, zone and skew applied).
    pub span: Option<(UtcMs, UtcMs)>,
}

impl SourceInfo {
    /// What names the source beside its kind: [`SourceInfo::server`], else the file's name
    /// (`20220305_144855.boot`), so sources that name no server stay apart.
    pub fn name(&self) -> String {
        if self.server.is_empty() {
            self.path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            self.server.clone()
        }
    }

    /// The UTC offset as `+01:00` (at the start of the source for IANA zones).
    pub fn utc_offset(&self) -> String {
        let at = self.span.map(|s| s.0).unwrap_or_default();
        format_offset(self.zone.offset_at(at))
    }
}

/// A path that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The path.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: String,
}
