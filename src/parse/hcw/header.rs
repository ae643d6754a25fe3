//! What the first entries of an HCW file say about the machine and its clock.
//!
//! Line 1 reads `Current Time Zone: <Windows standard name> (<wall clock>)`; the Process Info
//! table has `Date Time Offset | 01:00:00`, `Current Culture | de-DE` and `Machine Name`; the
//! Boot Configuration table has `DateTimeUtcTicks` (the boot instant in UTC). The numeric
//! offset is preferred over the zone name. Whether stamps are local or UTC is decided by
//! comparing line 1's wall clock (and the boot ticks) with line 1's own stamp.

use super::windows_zone;
use crate::record::HcwEntry;
use crate::time::{UtcMs, ZoneSpec, parse_offset};
use serde::Serialize;

/// What line 1 of a run says first (`Current Time Zone: W. Europe Standard Time (14:03:11)`).
pub(super) const ZONE_LINE: &str = "Current Time Zone:";
/// Entries searched for the header tables.
const HEADER_SCAN: usize = 40;
/// Seconds the line-1 clock may differ from its stamp and still count as equal.
const CLOCK_SLACK_S: i64 = 5;
/// How far the boot instant may lie from the first stamp (after the offset) and still count.
const BOOT_SLACK_MS: i64 = 10 * 60 * 1000;
/// .NET ticks (100 ns) from 0001-01-01 to 1970-01-01.
const TICKS_AT_EPOCH: i64 = 621_355_968_000_000_000;

/// What decided whether the stamps are local or UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StampEvidence {
    /// Nothing: stamps are assumed to be local wall time.
    #[default]
    Assumed,
    /// The wall clock in line 1 matched (local) or was offset from (UTC) its stamp.
    LineOneClock,
    /// `DateTimeUtcTicks` of the Boot Configuration table matched the first stamp.
    BootTicks,
}

/// Machine and clock facts from the top of an HCW file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HcwHeader {
    /// Windows zone name from line 1 (`W. Europe Standard Time`, possibly localised).
    pub zone_name: Option<String>,
    /// The wall clock in line 1 as written: hours 1–12 with AM/PM, 0–23 in 24-hour cultures.
    pub clock_12h: Option<(u32, u32, u32)>,
    /// AM/PM of that clock: `Some(true)` for PM, None when no designator was recognised.
    pub clock_pm: Option<bool>,
    /// `Date Time Offset` in seconds east of UTC.
    pub offset_secs: Option<i32>,
    /// `Current Culture` (`de-DE`).
    pub culture: Option<String>,
    /// `Machine Name`.
    pub machine: Option<String>,
    /// `OS Version`.
    pub os_version: Option<String>,
    /// `DateTimeUtcTicks` of the Boot Configuration table, as an instant.
    pub boot_utc: Option<UtcMs>,
    /// The naive stamp of the first entry.
    pub first_local: Option<UtcMs>,
    /// The entry stamps are UTC rather than the machine's wall time.
    pub stamps_are_utc: bool,
    /// What decided [`HcwHeader::stamps_are_utc`].
    pub evidence: StampEvidence,
}

/// Reads the header facts from the first entries of a file, those of its first run only: a run
/// appended after it (its own line 1) has its own machine and clock, which are not the first
/// run's even when the first run logged no Process Info table before it.
pub fn read_header(entries: &[HcwEntry]) -> HcwHeader {
    let mut h = HcwHeader {
        first_local: entries.first().map(|e| e.local),
        ..HcwHeader::default()
    };
    let first_run = (1..entries.len())
        .find(|&i| is_run_start(&entries[i]))
        .unwrap_or(entries.len());
    let scan = &entries[..first_run.min(HEADER_SCAN)];
    if let Some(e) = scan.iter().take(5).find(|e| is_run_start(e)) {
        read_zone_line(&mut h, &e.message);
    }
    for e in scan {
        let boot_table = e.body.contains("Boot Configuration");
        for row in e.body.lines() {
            let Some((key, value)) = row.split_once('|') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            match key {
                "Machine Name" if h.machine.is_none() && !value.is_empty() => {
                    h.machine = Some(value.to_string());
                }
                "Current Culture" if h.culture.is_none() && !value.is_empty() => {
                    h.culture = Some(value.to_string());
                }
                "OS Version" if h.os_version.is_none() && !value.is_empty() => {
                    h.os_version = Some(value.to_string());
                }
                "Date Time Offset" if h.offset_secs.is_none() => {
                    h.offset_secs = parse_offset(value)
                }
                "DateTimeUtcTicks" if boot_table && h.boot_utc.is_none() => {
                    h.boot_utc = ticks_to_utc(value);
                }
                _ => {}
            }
        }
    }
    decide_stamp_clock(&mut h);
    h
}

/// Whether an entry is line 1 of a run, the one home of that test (the header is read from
/// it, and a file of runs appended one after another is split at it): no event id, and its
/// message opens with `Current Time Zone:`.
pub fn is_run_start(e: &HcwEntry) -> bool {
    opens_run(e.event_id, &e.message)
}

/// [`is_run_start`] of a header line's event id and message, before it is an entry. A line 1
/// cut inside those words (`Current Time Zo`, a copy taken as the wizard began the run) is
/// one too: no other line without an event id reads so.
pub(super) fn opens_run(event_id: Option<u32>, message: &str) -> bool {
    let m = message.trim();
    event_id.is_none()
        && (message.trim_start().starts_with(ZONE_LINE)
            || (!m.is_empty() && ZONE_LINE.starts_with(m)))
}

fn read_zone_line(h: &mut HcwHeader, message: &str) {
    let Some((_, rest)) = message.split_once(ZONE_LINE) else {
        return;
    };
    let rest = rest.trim();
    let clock = rest
        .strip_suffix(')')
        .and_then(|r| r.rfind('(').map(|open| (&r[..open], &r[open + 1..])))
        .and_then(|(name, inner)| parse_clock(inner).map(|c| (name, c)));
    match clock {
        Some((name, (hms, pm))) => {
            h.zone_name = Some(name.trim().to_string()).filter(|n| !n.is_empty());
            h.clock_12h = Some(hms);
            h.clock_pm = pm;
        }
        None => h.zone_name = Some(rest.to_string()).filter(|n| !n.is_empty()),
    }
}

/// `2:48:58 PM`, `15:51:28`, `오후 2:48:58`, `2:48:58 p. m.`, `ÖS 2:48:58`, `14.48.58` (a
/// culture whose time separator is `.`) → (h, m, s) and AM/PM.
fn parse_clock(text: &str) -> Option<((u32, u32, u32), Option<bool>)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let sep = text[start..]
        .chars()
        .find(|c| !c.is_ascii_digit())
        .filter(|c| matches!(c, ':' | '.'))?;
    let len = text[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == sep))
        .unwrap_or(text.len() - start);
    let mut parts = text[start..start + len]
        .split(sep)
        .map(|p| p.parse::<u32>().ok());
    let (Some(Some(hh)), Some(Some(mm)), Some(Some(ss)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let pm = super::meridiem(&format!("{} {}", &text[..start], &text[start + len..]));
    Some(((hh, mm, ss), pm))
}

fn ticks_to_utc(value: &str) -> Option<UtcMs> {
    let ticks: i64 = value.parse().ok()?;
    (ticks > TICKS_AT_EPOCH).then(|| UtcMs((ticks - TICKS_AT_EPOCH) / 10_000))
}

/// The machine offset at the first stamp: the numeric row, else the zone name.
fn known_offset(h: &HcwHeader, stamp: UtcMs) -> Option<i32> {
    if let Some(o) = h.offset_secs {
        return Some(o);
    }
    let zone = windows_zone(h.zone_name.as_deref()?)?;
    let utc = zone.local_to_utc(stamp);
    i32::try_from((stamp.0 - utc.0) / 1000).ok()
}

/// Signed difference folded into `(-period/2, period/2]`.
fn fold(d: i64, period: i64) -> i64 {
    let r = d.rem_euclid(period);
    if r > period / 2 { r - period } else { r }
}

fn decide_stamp_clock(h: &mut HcwHeader) {
    let Some(stamp) = h.first_local else {
        return;
    };
    let offset = known_offset(h, stamp);
    if let Some((hh, mm, ss)) = h.clock_12h {
        let hour = match h.clock_pm {
            Some(true) if hh < 12 => hh + 12,
            Some(false) if hh == 12 => 0,
            _ => hh,
        };
        let twelve_hour = h.clock_pm.is_none() && (1..=12).contains(&hh);
        let period: i64 = if twelve_hour { 43_200 } else { 86_400 };
        let clock = i64::from(hour * 3600 + mm * 60 + ss);
        let d = fold(clock - stamp.0.div_euclid(1000).rem_euclid(86_400), period);
        if d.abs() <= CLOCK_SLACK_S {
            h.evidence = StampEvidence::LineOneClock;
            return;
        }
        let utc_by_offset =
            offset.is_some_and(|o| o != 0 && fold(d - i64::from(o), period).abs() <= CLOCK_SLACK_S);
        let quarter = fold(d, 900).abs() <= CLOCK_SLACK_S;
        if utc_by_offset || (offset.is_none() && quarter) {
            h.stamps_are_utc = true;
            h.evidence = StampEvidence::LineOneClock;
            return;
        }
    }
    if let (Some(boot), Some(o)) = (h.boot_utc, offset) {
        let gap = stamp.0 - boot.0;
        if (gap - i64::from(o) * 1000).abs() < BOOT_SLACK_MS {
            h.evidence = StampEvidence::BootTicks;
        } else if o != 0 && gap.abs() < BOOT_SLACK_MS {
            h.stamps_are_utc = true;
            h.evidence = StampEvidence::BootTicks;
        }
    }
}

/// The offset implied by the boot ticks: the first stamp minus the boot instant, rounded to a
/// quarter hour when it lies within five minutes of one.
pub(super) fn boot_offset(h: &HcwHeader) -> Option<i32> {
    let gap = h.first_local?.0 - h.boot_utc?.0;
    let quarter = 900_000;
    let rounded = (gap as f64 / quarter as f64).round() as i64 * quarter;
    let plausible = (gap - rounded).abs() < 5 * 60 * 1000 && rounded.abs() <= 14 * 3_600_000;
    plausible
        .then(|| i32::try_from(rounded / 1000).ok())
        .flatten()
}

/// The clock of the entry stamps: UTC when the header proved they are UTC, else the machine's
/// zone (`Date Time Offset`, else the zone name, else the boot ticks). None when nothing is known.
pub fn header_zone(h: &HcwHeader) -> Option<ZoneSpec> {
    if h.stamps_are_utc {
        return Some(ZoneSpec::Fixed(0));
    }
    machine_zone(h).or_else(|| boot_offset(h).map(ZoneSpec::Fixed))
}

/// The machine's own zone as the header states it (numeric offset, else the zone name).
pub fn machine_zone(h: &HcwHeader) -> Option<ZoneSpec> {
    if let Some(o) = h.offset_secs {
        return Some(ZoneSpec::Fixed(o));
    }
    windows_zone(h.zone_name.as_deref()?)
}

/// Puts the entries (in file order) on the UTC axis: `ts = local → zone → UTC, plus skew_ms`;
/// see [`super::clock::place`] for stamps around a daylight-saving switch.
pub fn apply_zone(entries: &mut [HcwEntry], zone: &ZoneSpec, skew_ms: i64) {
    super::clock::place(entries, &super::clock::RunClock::of(zone.clone()), skew_ms);
}
