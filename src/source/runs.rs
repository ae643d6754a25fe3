//! The runs of an HCW log that holds several, appended one after another (logs of one or more
//! machines concatenated to be sent), each with the clock it was read by: a `--tz` and
//! `--skew` are about one machine's clock, and each run takes its own machine's
//! (`pipeline/hcw.rs`), so the file's [`super::SourceInfo::zone`] and `skew_ms`, its first
//! run's, do not say a later run's. What the sources lists say of them when they differ.

use super::ZoneOrigin;
use crate::escape::escape_control;
use crate::time::{UtcMs, ZoneSpec, format_offset};

/// One run of an HCW log that holds several, as it was placed on the UTC axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRun {
    /// The line of its line 1 (the file's first entry's line for the first run).
    pub line: u64,
    /// The instant of its first entry (UTC, its zone and skew applied).
    pub first: UtcMs,
    /// The machine its Process Info table names, as logged; empty when it names none (its
    /// stamps then take the clock given for the file's first run's machine).
    pub machine: String,
    /// The zone its stamps were read by (the zone's rules when it crossed a daylight-saving
    /// switch).
    pub zone: ZoneSpec,
    /// Where [`SourceRun::zone`] came from; for a later run whose header names no clock, read
    /// by the first run's, [`ZoneOrigin::Assumed`].
    pub zone_origin: ZoneOrigin,
    /// The `--skew` it took, in milliseconds.
    pub skew_ms: i64,
}

impl SourceRun {
    /// The offset its zone had at its first instant (`+01:00`).
    pub fn utc_offset(&self) -> String {
        format_offset(self.zone.offset_at(self.first))
    }

    /// `EX02, UTC+01:00, skew +1 min 35 s` (the skew left out when `skews` is false: no run of
    /// the file took one); the machine by the one name the load shows it by among `machines`
    /// ([`super::shown_name`]); a `later` run whose header names no clock is read by the
    /// first run's, and said so.
    fn words(&self, machines: &[String], later: bool, skews: bool) -> String {
        let machine = if self.machine.is_empty() {
            "machine not named".to_string()
        } else {
            escape_control(super::shown_name(machines, &self.machine)).into_owned()
        };
        let mut zone = self.zone.label();
        match self.zone_origin {
            ZoneOrigin::Override => zone.push_str(" (--tz)"),
            ZoneOrigin::Assumed if later => zone.push_str(" (the first run's clock)"),
            ZoneOrigin::Assumed => zone.push_str(" (assumed)"),
            ZoneOrigin::Utc | ZoneOrigin::Header => {}
        }
        if !skews {
            return format!("{machine}, {zone}");
        }
        let skew = if self.skew_ms == 0 {
            "no skew".to_string()
        } else {
            format!("skew {}", crate::wording::clock_shift(self.skew_ms))
        };
        format!("{machine}, {zone}, {skew}")
    }
}

/// Whether the runs of a log were made or read otherwise than the file's clock (its first
/// run's) says: on another machine, in another zone, or with another skew than the first run.
/// A run naming no machine is the first run's machine's (it takes that one's `--tz` and
/// `--skew`).
fn runs_differ(runs: &[SourceRun]) -> bool {
    let Some((first, rest)) = runs.split_first() else {
        return false;
    };
    rest.iter().any(|r| {
        let other_machine = !r.machine.is_empty()
            && (first.machine.is_empty() || !super::same_machine(&first.machine, &r.machine));
        other_machine || r.zone != first.zone || r.skew_ms != first.skew_ms
    })
}

/// `run from line 1: EX01, UTC, no skew`, `run from line 31: EX02, UTC+01:00, skew +1 min 35 s`:
/// each run's machine and clock as applied, one line each (two runs joined do not fit 80
/// columns), when they differ ([`runs_differ`]); else none, the file's clock saying every
/// run's. Control characters escaped.
pub fn runs_lines(runs: &[SourceRun], machines: &[String]) -> Option<Vec<String>> {
    let each = each_run(runs, machines)?;
    Some(each.iter().map(|r| format!("run {r}")).collect())
}

/// `from line 31: EX02, UTC+01:00, skew +1 min 35 s` for each run, when they differ.
fn each_run(runs: &[SourceRun], machines: &[String]) -> Option<Vec<String>> {
    if !runs_differ(runs) {
        return None;
    }
    let skews = runs.iter().any(|r| r.skew_ms != 0);
    Some(
        runs.iter()
            .enumerate()
            .map(|(i, r)| format!("from line {}: {}", r.line, r.words(machines, i > 0, skews)))
            .collect(),
    )
}
