//! A time window on a load: `--since` / `--until`, or by default — when HCW logs come with IIS
//! logs spanning more than a day — the HCW runs' span ± 1 h (first start to last end). W3C files wholly outside the window are
//! skipped from their first and last lines ([`crate::read::edges`]), big ones are read only
//! around the window ([`seek`]), and requests outside it are dropped; HCW files are skipped
//! only when wholly outside a window the user gave. What was skipped is counted in
//! [`WindowReport`] so the report and the explorer always say a window is active.
//!
//! The window is half-open, `[since, until)`, on the UTC axis after `--tz` and `--skew`.

mod bounds;
mod files;
pub mod seek;

pub use bounds::parse_bound;
pub(super) use files::{select_proxy, select_w3c};

use crate::source::{SourceKind, ZoneOrigin};
use crate::time::UtcMs;
use std::path::PathBuf;

/// An interval of instants, `[since, until)`; a missing end is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    /// First instant inside.
    pub since: Option<UtcMs>,
    /// First instant after.
    pub until: Option<UtcMs>,
}

impl Window {
    /// Whether `t` is inside.
    pub fn contains(&self, t: UtcMs) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t < u)
    }

    /// Whether anything logged from `first` to `last` (inclusive) can be inside, allowing
    /// `slack_ms` of lines out of order.
    pub fn overlaps(&self, first: UtcMs, last: UtcMs, slack_ms: i64) -> bool {
        let (first, last) = (first.min(last), first.max(last));
        self.since.is_none_or(|s| last.plus_ms(slack_ms) >= s)
            && self.until.is_none_or(|u| first.plus_ms(-slack_ms) < u)
    }

    /// `2024-11-05 12:09–14:36` (UTC, minutes; the date again when the end is another day).
    pub fn label(&self) -> String {
        let day = |t: UtcMs| t.rfc3339().get(..10).unwrap_or_default().to_string();
        let clock = |t: UtcMs| t.rfc3339().get(11..16).unwrap_or_default().to_string();
        match (self.since, self.until) {
            (Some(s), Some(u)) if day(s) == day(u.plus_ms(-1)) => {
                // Up to the next midnight reads as the end of the day, not as 00:00.
                let end = if u > s && clock(u) == "00:00" && day(u) != day(s) {
                    "24:00".to_string()
                } else {
                    clock(u)
                };
                format!("{} {}–{end}", day(s), clock(s))
            }
            (Some(s), Some(u)) => format!("{} {}–{} {}", day(s), clock(s), day(u), clock(u)),
            (Some(s), None) => format!("since {} {}", day(s), clock(s)),
            (None, Some(u)) => format!("until {} {}", day(u), clock(u)),
            (None, None) => "everything".to_string(),
        }
    }
}

/// The W3C files of `files` that a load with `opts` reads, for loaders outside the pipeline (the
/// JSON Lines export): `a` holds the sources loaded so far (its HCW runs make the default
/// window). Sets `a.window` when a window applies and lists the files it skips there.
pub fn select_files(
    a: &mut crate::pipeline::Analysis,
    files: Vec<crate::read::Opened>,
    opts: &crate::pipeline::LoadOptions,
) -> Vec<crate::read::Opened> {
    let tracker = super::w3c::ByteTracker::new(&crate::progress::NoProgress, 0);
    select_w3c(a, files, opts, &tracker)
}

/// The default margin around HCW runs.
pub const RUN_MARGIN_MS: i64 = 3_600_000;

/// Extra margin when an HCW log's zone was assumed (its header named none): its runs may be off
/// by any zone offset.
pub const ASSUMED_ZONE_MARGIN_MS: i64 = 14 * 3_600_000;

/// IIS logs spanning more than this get the default window.
pub const AUTO_MIN_SPAN_MS: i64 = 86_400_000;

/// How far outside the window a file's first or last line may lie and the file still be read.
/// None: IIS rotates its files by the same clock it logs, so a daily file never holds a line of
/// the next day; a file ending seconds before the window could hold a line written out of order
/// inside it, which is the only thing this gives up (the seek inside big files keeps a margin).
pub const EDGE_SLACK_MS: i64 = 0;

/// Which window a load uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WindowMode {
    /// Everything (`--all`, and what library callers get unless they ask).
    #[default]
    All,
    /// The HCW runs' span ± `margin_ms`, when HCW logs come with IIS logs spanning more than a day.
    Runs {
        /// Margin on each side of the runs.
        margin_ms: i64,
    },
    /// `--since` / `--until`.
    Given(Window),
}

impl WindowMode {
    /// The default of the commands: the HCW runs' span ± 1 h (first start to last end).
    pub fn runs() -> Self {
        WindowMode::Runs {
            margin_ms: RUN_MARGIN_MS,
        }
    }

    /// One step wider: the runs' margin doubled (up to a day, then everything); a given window
    /// becomes everything.
    pub fn widened(self) -> Self {
        match self {
            WindowMode::Runs { margin_ms } if margin_ms < AUTO_MIN_SPAN_MS => WindowMode::Runs {
                margin_ms: margin_ms.saturating_mul(2),
            },
            _ => WindowMode::All,
        }
    }
}

/// Where an active window came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum WindowOrigin {
    /// `--since` / `--until`.
    Given,
    /// The HCW runs' span ± a margin.
    HcwRuns {
        /// The margin on each side, ms (the zone margin included).
        margin_ms: i64,
    },
}

/// An active window and what it left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowReport {
    /// The window.
    pub window: Window,
    /// Where it came from.
    pub origin: WindowOrigin,
    /// The mode that chose it ([`WindowMode::widened`] gives the next wider one).
    pub mode: WindowMode,
    /// Files read (any kind).
    pub files_read: u64,
    /// Files not read because they lie wholly outside.
    pub skipped: Vec<PathBuf>,
    /// Bytes of read files not parsed because they lie outside (seeking inside big files).
    pub bytes_skipped: u64,
    /// Requests read (within the parsed part) and dropped because they lie outside.
    pub requests_outside: u64,
    /// The kind of each of [`WindowReport::skipped`], in its order ([`WindowReport::leave_out`]).
    skipped_kinds: Vec<Option<SourceKind>>,
}

impl WindowReport {
    /// A report of a window with nothing counted yet.
    pub fn new(window: Window, origin: WindowOrigin, mode: WindowMode) -> Self {
        WindowReport {
            window,
            origin,
            mode,
            files_read: 0,
            skipped: Vec::new(),
            bytes_skipped: 0,
            requests_outside: 0,
            skipped_kinds: Vec::new(),
        }
    }

    /// Counts `path`, a file of `kind` wholly outside the window, as not read.
    pub fn leave_out(&mut self, path: PathBuf, kind: SourceKind) {
        self.skipped_kinds.resize(self.skipped.len(), None);
        self.skipped.push(path);
        self.skipped_kinds.push(Some(kind));
    }

    /// The files left out with their kinds (`None` for one pushed to
    /// [`WindowReport::skipped`] without [`WindowReport::leave_out`]): the explorer says
    /// which pane's logs the window left out.
    pub fn outside(&self) -> impl Iterator<Item = (&PathBuf, Option<SourceKind>)> {
        let kinds = &self.skipped_kinds;
        self.skipped
            .iter()
            .enumerate()
            .map(move |(i, p)| (p, kinds.get(i).copied().flatten()))
    }

    /// `Time window 2024-11-05 12:09–14:36 UTC (1h before the first HCW run to 1h after the
    /// last; --all reads everything): 58
    /// files outside it skipped, 1,204 requests outside it dropped.`
    pub fn summary(&self) -> String {
        let why = match self.origin {
            WindowOrigin::Given => "--since/--until".to_string(),
            WindowOrigin::HcwRuns { margin_ms } => {
                let m = hours_text(margin_ms);
                format!(
                    "{m} before the first HCW run to {m} after the last; --all reads everything"
                )
            }
        };
        let n = self.skipped.len();
        let files = if n == 1 { "file" } else { "files" };
        let mut text = format!(
            "Time window {} UTC ({why}): {n} {files} outside it skipped",
            self.window.label()
        );
        if self.bytes_skipped > 0 {
            text.push_str(&format!(
                ", {} MB of files read only in part",
                self.bytes_skipped.div_ceil(1 << 20)
            ));
        }
        text.push_str(&format!(
            ", {} requests outside it dropped.",
            self.requests_outside
        ));
        text
    }
}

/// `1h`, `15h`, `90m`.
pub fn hours_text(ms: i64) -> String {
    if ms % 3_600_000 == 0 {
        format!("{}h", ms / 3_600_000)
    } else {
        format!("{}m", ms / 60_000)
    }
}

/// The default window for HCW runs `(start, end, zone origin)`: from the first start to the last
/// end, `margin_ms` either side (plus [`ASSUMED_ZONE_MARGIN_MS`] when a run's zone was assumed);
/// None without runs. For `--auto` discovery and the load's default.
pub fn window_for_runs(runs: &[(UtcMs, UtcMs, ZoneOrigin)], margin_ms: i64) -> Option<Window> {
    let first = runs.iter().map(|r| r.0.min(r.1)).min()?;
    let last = runs.iter().map(|r| r.0.max(r.1)).max()?;
    let margin = margin_ms + run_zone_margin(runs);
    Some(Window {
        since: Some(first.plus_ms(-margin)),
        until: Some(last.plus_ms(margin + 1)),
    })
}

fn run_zone_margin(runs: &[(UtcMs, UtcMs, ZoneOrigin)]) -> i64 {
    if runs.iter().any(|r| r.2 == ZoneOrigin::Assumed) {
        ASSUMED_ZONE_MARGIN_MS
    } else {
        0
    }
}

/// The HCW runs of loaded sources: each HCW source's span and zone origin.
pub fn runs_of(sources: &[crate::source::SourceInfo]) -> Vec<(UtcMs, UtcMs, ZoneOrigin)> {
    sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .filter_map(|s| s.span.map(|(a, b)| (a, b, s.zone_origin)))
        .collect()
}

/// The window a load uses, given its HCW runs and the span of its IIS files (first and last
/// instants on their clocks); None: everything.
pub fn choose(
    mode: WindowMode,
    runs: &[(UtcMs, UtcMs, ZoneOrigin)],
    iis_span: Option<(UtcMs, UtcMs)>,
) -> Option<WindowReport> {
    match mode {
        WindowMode::All => None,
        WindowMode::Given(w) => Some(WindowReport::new(w, WindowOrigin::Given, mode)),
        WindowMode::Runs { margin_ms } => {
            let (a, b) = iis_span?;
            if b.0.saturating_sub(a.0) <= AUTO_MIN_SPAN_MS {
                return None;
            }
            let w = window_for_runs(runs, margin_ms)?;
            let origin = WindowOrigin::HcwRuns {
                margin_ms: margin_ms + run_zone_margin(runs),
            };
            Some(WindowReport::new(w, origin, mode))
        }
    }
}

#[cfg(test)]
mod tests;
