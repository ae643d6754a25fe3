//! Time as the user sees it: the display zone, pane sync, and per-source clock offsets applied
//! in this session on top of what the load already did.

use crate::source::SourceId;
use crate::time::{UtcMs, ZoneSpec, format_offset};

/// The zone times are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayZone {
    /// UTC.
    Utc,
    /// The zone of the (first) HCW source.
    Hcw,
    /// This machine's zone.
    Local,
}

/// Display zone, sync and offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    /// The display zone.
    pub zone: DisplayZone,
    /// Moving one pane's cursor moves the other to the same instant.
    pub sync: bool,
    /// Session offset per source (index = `SourceId.0`), ms added to its instants.
    pub offsets: Vec<i64>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            zone: DisplayZone::Utc,
            sync: true,
            offsets: Vec::new(),
        }
    }
}

impl Clock {
    /// The session offset of a source.
    pub fn offset(&self, source: SourceId) -> i64 {
        self.offsets
            .get(usize::from(source.0))
            .copied()
            .unwrap_or(0)
    }

    /// Sets a source's session offset.
    pub fn set_offset(&mut self, source: SourceId, ms: i64) {
        let i = usize::from(source.0);
        if self.offsets.len() <= i {
            self.offsets.resize(i + 1, 0);
        }
        self.offsets[i] = ms;
    }

    /// An instant of a source with its session offset applied.
    pub fn at(&self, source: SourceId, ts: UtcMs) -> UtcMs {
        ts.plus_ms(self.offset(source))
    }

    /// True when any offset is set.
    pub fn any_offset(&self) -> bool {
        self.offsets.iter().any(|&o| o != 0)
    }
}

/// The zones the user can cycle through, with their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Zones {
    /// The HCW machine's zone, when an HCW log was loaded.
    pub hcw: Option<ZoneSpec>,
    /// This machine's zone, when the shell could tell.
    pub local: Option<ZoneSpec>,
}

impl Zones {
    /// The spec of a display zone (UTC when that zone is unknown).
    pub fn spec(&self, zone: DisplayZone) -> ZoneSpec {
        let pick = match zone {
            DisplayZone::Utc => None,
            DisplayZone::Hcw => self.hcw.clone(),
            DisplayZone::Local => self.local.clone(),
        };
        pick.unwrap_or_default()
    }

    /// `UTC`, `HCW UTC+01:00`, `local Europe/Berlin`.
    pub fn label(&self, zone: DisplayZone) -> String {
        match zone {
            DisplayZone::Utc => "UTC".to_string(),
            DisplayZone::Hcw => format!("HCW {}", self.spec(zone).label()),
            DisplayZone::Local => format!("local {}", self.spec(zone).label()),
        }
    }

    /// The next zone in the cycle UTC → HCW → local, skipping unknown ones.
    pub fn next(&self, zone: DisplayZone) -> DisplayZone {
        let order = [DisplayZone::Utc, DisplayZone::Hcw, DisplayZone::Local];
        let at = order.iter().position(|z| *z == zone).unwrap_or(0);
        (1..=order.len())
            .map(|step| order[(at + step) % order.len()])
            .find(|z| match z {
                DisplayZone::Utc => true,
                DisplayZone::Hcw => self.hcw.is_some(),
                DisplayZone::Local => self.local.is_some(),
            })
            .unwrap_or(DisplayZone::Utc)
    }
}

/// `+00:00:01`, `-01:00:00`, `+00:00:00.250`: a signed clock offset.
pub fn format_delta(ms: i64) -> String {
    let sign = if ms < 0 { '-' } else { '+' };
    let a = ms.unsigned_abs();
    let (h, m, s, frac) = (a / 3_600_000, (a / 60_000) % 60, (a / 1000) % 60, a % 1000);
    if frac == 0 {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}.{frac:03}")
    }
}

/// The offset of a zone at an instant, as `+01:00`.
pub fn zone_offset_text(zone: &ZoneSpec, at: UtcMs) -> String {
    format_offset(zone.offset_at(at))
}
