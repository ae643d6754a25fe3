//! Loading one HCW log: decode, parse, pick its clock (override, header, or assumed UTC),
//! place its entries on the UTC axis and pair its cmdlet calls.

use super::{Analysis, LoadOptions, select};
use crate::error::Result;
use crate::parse::hcw::{RunClock, header_clock, header_zone};
use crate::read::Opened;
use crate::read::text::LineText;
use crate::source::{SourceId, SourceInfo, SourceKind, ZoneOrigin};
use crate::time::ZoneSpec;

mod repeated;

pub(super) use repeated::settle as settle_repeated;

/// Parses an HCW file into `a` as the next source; a run wholly in a repeated hour (read as
/// its first pass) gives its source and the ms to the second pass, for
/// [`settle_repeated`] once the IIS logs are read.
pub(super) fn load_hcw(
    a: &mut Analysis,
    opened: Opened,
    opts: &LoadOptions,
    tracker: &super::w3c::ByteTracker,
) -> Result<Option<(SourceId, i64)>> {
    let id = SourceId(u16::try_from(a.sources.len()).unwrap_or(u16::MAX));
    let r = read_hcw(&opened, id, opts)?;
    tracker.add(opened.len);
    if let (Some(w), Some((first, last))) = (&mut a.window, r.info.span)
        && !w.window.overlaps(first, last, 0)
    {
        w.leave_out(opened.path, crate::source::SourceKind::Hcw);
        return Ok(None);
    }
    let repeated = r.repeated.map(|ms| (id, ms));
    tracker.source_loaded(&r.info);
    a.cmdlets.extend(r.cmdlets);
    a.sources.push(r.info);
    a.texts.push(r.text);
    a.hcw.extend(r.entries);
    Ok(repeated)
}

/// One HCW log read whole: its source, text, entries on the UTC axis and paired calls.
#[derive(Debug)]
pub(super) struct HcwRead {
    pub(super) info: SourceInfo,
    pub(super) text: LineText,
    pub(super) entries: Vec<crate::record::HcwEntry>,
    pub(super) cmdlets: Vec<crate::analyze::cmdlet::CmdletCall>,
    /// Every stamp in a repeated hour, read as its first pass: ms to the second.
    pub(super) repeated: Option<i64>,
}

/// Reads and parses an HCW log as source `id` (the load, and live follow when it changed).
pub(super) fn read_hcw(opened: &Opened, id: SourceId, opts: &LoadOptions) -> Result<HcwRead> {
    let text = crate::read::read_text(opened)?;
    let log = crate::parse::hcw::parse_hcw(&text, id);
    // Entries are quoted from the text as they were read: without NUL bytes.
    let text = crate::parse::hcw::without_nul(text);
    // The machine the wizard ran on, as its header names it; none when it does not (the
    // bootstrapper's `.boot` log has no Process Info table): the file's name is the run's
    // start time (`20220305_144855`), never a machine.
    let label = log.header.machine.clone().unwrap_or_default();
    let overridden = select::zone_for(opts, SourceKind::Hcw, &opened.path, &label);
    // The zone shown for the source; the clock placing the stamps also knows the offset the
    // header says held at the start, so a run across a daylight-saving switch stays in order.
    let (zone, clock, origin) = match overridden {
        Some(z) => (
            z.clone(),
            RunClock::with_header(z, &log.header),
            ZoneOrigin::Override,
        ),
        None => match (header_zone(&log.header), header_clock(&log.header)) {
            (Some(z), Some(c)) => (z, c, ZoneOrigin::Header),
            _ => (
                ZoneSpec::Fixed(0),
                RunClock::of(ZoneSpec::Fixed(0)),
                ZoneOrigin::Assumed,
            ),
        },
    };
    let skew_ms = select::skew_for(opts, SourceKind::Hcw, &opened.path, &label);
    let mut entries = log.entries;
    let mut stats = log.stats;
    let repeated = crate::parse::hcw::repeated_reading(&entries, &clock);
    let crossed = crate::parse::hcw::place(&mut entries, &clock, skew_ms);
    if let (Some(alt), Some(e)) = (repeated, entries.first()) {
        let first = text.lines().next().unwrap_or("");
        let utc = e.ts.0 - skew_ms;
        stats
            .diagnostics
            .push(repeated::note(&clock.zone, e.local.0, utc, alt, first));
    }
    // A fixed offset cannot describe a run that crossed a switch: show the zone's rules.
    let zone = if crossed { clock.zone } else { zone };
    let span = entries
        .iter()
        .map(|e| e.ts)
        .min()
        .zip(entries.iter().map(|e| e.ts).max());
    let cmdlets = crate::analyze::cmdlet::pair_cmdlets(&entries);
    let info = SourceInfo {
        id,
        path: opened.path.clone(),
        kind: SourceKind::Hcw,
        encoding: opened.encoding,
        server: label,
        zone,
        zone_origin: origin,
        skew_ms,
        stats,
        span,
    };
    Ok(HcwRead {
        info,
        text: LineText::Memory(std::sync::Arc::from(text.as_str())),
        entries,
        cmdlets,
        repeated,
    })
}
