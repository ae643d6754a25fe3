//! Which found files to load: every HCW log, and the other logs that cover the UTC days of the
//! HCW runs, and an hour beyond a run near midnight (a clock a little off). With no HCW log,
//! the last day the IIS logs cover (else the last day any log covers). Says in one line what
//! was found and skipped.

use super::covers::{lines_span, local_name_span};
use super::{Discovery, FileKind, Found, covered_span};
use crate::time::UtcMs;
use crate::wording::count;
use std::collections::BTreeSet;
use std::path::PathBuf;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// What to load and what not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Files to load, in the discovery's order.
    pub load: Vec<PathBuf>,
    /// Log files left out because they cover none of the chosen days.
    pub outside: Vec<PathBuf>,
    /// The chosen UTC days (days since 1970-01-01), empty when nothing gave a time.
    pub days: Vec<i64>,
    /// Whether the days came from the HCW runs (else: the last day of the logs).
    pub from_runs: bool,
    /// One line: what was found and skipped.
    pub summary: String,
}

/// Chooses the files to load from what [`super::discover`] found.
pub fn select(d: &Discovery) -> Selection {
    let hcw: Vec<&Found> = d.of(FileKind::Hcw).collect();
    let runs: Vec<(UtcMs, UtcMs)> = hcw.iter().filter_map(|f| run_span(f)).collect();
    let spans: Vec<(&Found, Option<(UtcMs, UtcMs)>)> = d
        .files
        .iter()
        .filter(|f| f.kind != FileKind::Hcw)
        .map(|f| (f, covered_span(f)))
        .collect();
    let from_runs = !runs.is_empty();
    let days: BTreeSet<i64> = if from_runs {
        runs.iter()
            .flat_map(|(a, b)| day_of(*a)..=day_of(*b))
            .collect()
    } else {
        // The handshakes are in the IIS logs: their last day, else any log's (an HTTP.sys
        // error log rolls by size, and its last line may be days after the last IIS log).
        let last_day = |iis: bool| {
            spans
                .iter()
                .filter(|(f, _)| !iis || f.kind == FileKind::Iis)
                .filter_map(|(_, s)| s.map(|(_, to)| day_of(to.plus_ms(-1))))
                .max()
        };
        last_day(true)
            .or_else(|| last_day(false))
            .into_iter()
            .collect()
    };
    let windows: Vec<(UtcMs, UtcMs)> = if from_runs {
        runs.iter()
            .map(|(a, b)| {
                let day_start = UtcMs(day_of(*a) * DAY);
                let day_end = UtcMs((day_of(*b) + 1) * DAY);
                (
                    day_start.min(a.plus_ms(-HOUR)),
                    day_end.max(b.plus_ms(HOUR)),
                )
            })
            .collect()
    } else {
        days.iter()
            .map(|d| (UtcMs(d * DAY), UtcMs((d + 1) * DAY)))
            .collect()
    };
    let mut sel = Selection {
        from_runs,
        days: days.into_iter().collect(),
        ..Selection::default()
    };
    sel.load.extend(hcw.iter().map(|f| f.path.clone()));
    for (f, span) in spans {
        let meets = |(a, b): (UtcMs, UtcMs)| windows.iter().any(|(x, y)| a < *y && *x < b);
        // A dated name that misses the window by less than a UTC offset may name a local day
        // (local-midnight rollover): the file's own lines decide.
        let local_day = || local_name_span(f).is_some_and(meets) && lines_span(f).is_none_or(meets);
        let keep = f.kind == FileKind::Evtx
            || windows.is_empty()
            || span.is_none_or(|s| meets(s) || local_day());
        if keep {
            sel.load.push(f.path.clone());
        } else {
            sel.outside.push(f.path.clone());
        }
    }
    sel.summary = summary(d, &sel);
    sel
}

/// The UTC span of an HCW run: its entries' first and last instants on the header's clock,
/// else the day in its `YYYYMMDD_HHMMSS.log` name.
fn run_span(f: &Found) -> Option<(UtcMs, UtcMs)> {
    let from_entries = || {
        let opened = crate::read::open(&f.path).ok()?;
        let text = crate::read::read_text(&opened).ok()?;
        let log = crate::parse::hcw::parse_hcw(&text, crate::source::SourceId(0));
        let zone =
            crate::parse::hcw::header_zone(&log.header).unwrap_or(crate::time::ZoneSpec::Fixed(0));
        let mut entries = log.entries;
        crate::parse::hcw::apply_zone(&mut entries, &zone, 0);
        let first = entries.iter().map(|e| e.ts).min()?;
        let last = entries.iter().map(|e| e.ts).max()?;
        Some((first, last))
    };
    from_entries().or_else(|| {
        let name = f.path.file_name()?.to_string_lossy().into_owned();
        let n = |r: std::ops::Range<usize>| name.get(r)?.parse::<u32>().ok();
        let at = UtcMs::from_civil(n(0..4)? as i32, n(4..6)?, n(6..8)?, 0, 0, 0, 0)?;
        Some((at, at.plus_ms(DAY - 1)))
    })
}

fn day_of(t: UtcMs) -> i64 {
    t.0.div_euclid(DAY)
}

fn date(day: i64) -> String {
    UtcMs(day * DAY).rfc3339().chars().take(10).collect()
}

/// `found 3 HCW logs (2 profiles), 2 IIS folders, HTTPERR, HttpProxy Ews; skipped 41 files
/// outside 2024-11-05 ±1 h`.
fn summary(d: &Discovery, sel: &Selection) -> String {
    let groups = |k: FileKind| -> BTreeSet<&str> { d.of(k).map(|f| f.group.as_str()).collect() };
    let mut parts = Vec::new();
    let hcw = d.of(FileKind::Hcw).count();
    if hcw > 0 {
        parts.push(format!(
            "{} ({})",
            count(hcw, "HCW log"),
            count(groups(FileKind::Hcw).len(), "profile")
        ));
    }
    let iis = groups(FileKind::Iis);
    if !iis.is_empty() {
        parts.push(format!(
            "{} ({})",
            count(iis.len(), "IIS folder"),
            iis.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if d.of(FileKind::Httperr).next().is_some() {
        parts.push("HTTPERR".to_string());
    }
    let proxy = groups(FileKind::HttpProxy);
    if !proxy.is_empty() {
        parts.push(format!(
            "HttpProxy {}",
            proxy.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let evtx = d.of(FileKind::Evtx).count();
    if evtx > 0 {
        parts.push(count(evtx, "exported event log"));
    }
    let mut line = if parts.is_empty() {
        "found no logs".to_string()
    } else {
        format!("found {}", parts.join(", "))
    };
    if hcw == 0 && !sel.days.is_empty() {
        line.push_str("; no HCW log, so the last day of the logs");
    }
    if !sel.outside.is_empty() {
        let days: Vec<String> = sel.days.iter().map(|d| date(*d)).collect();
        line.push_str(&format!(
            "; skipped {} outside {}{}",
            count(sel.outside.len(), "file"),
            days.join(", "),
            if sel.from_runs {
                " (the HCW runs' days, 1 h around each run)"
            } else {
                ""
            }
        ));
    }
    if !d.others.is_empty() {
        line.push_str(&format!(
            "; ignored {} not logs",
            count(d.others.len(), "file")
        ));
    }
    line
}
