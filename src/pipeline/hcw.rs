//! Loading HCW logs: decode, parse, pick each one's clock (override, header, or assumed UTC),
//! place its entries on the UTC axis (a run appended after the first by its own header) and
//! pair its cmdlet calls. A run's `.boot` names no
//! machine: the `--tz` and `--skew` of the machine its run's `.log` names are its own.

use super::{Analysis, LoadOptions, select};
use crate::error::Result;
use crate::parse::hcw::{RunClock, header_clock, header_zone};
use crate::read::Opened;
use crate::read::text::LineText;
use crate::source::{SourceId, SourceInfo, SourceKind, ZoneOrigin};
use crate::time::ZoneSpec;

mod boot;
mod repeated;
mod runs;

pub(super) use repeated::settle as settle_repeated;

/// The machine of each run appended after its file's first, by source.
pub(super) type RunMachines = Vec<(SourceId, String)>;

/// Parses the HCW files into `a`, in order, each as the next source; a run wholly in a
/// repeated hour (read as its first pass) gives its source and the ms to the second pass, for
/// [`settle_repeated`] once the IIS logs are read; each machine a run appended after a file's
/// first names comes back with its source, for [`select::unmatched`]. Every file is parsed before any is placed:
/// a log that names no machine (a `.boot`) takes the clock given for the machine another log
/// of its run names ([`crate::source::same_run`]), whichever comes first.
pub(super) fn load_all(
    a: &mut Analysis,
    files: Vec<Opened>,
    opts: &LoadOptions,
    tracker: &super::w3c::ByteTracker,
) -> Result<(Vec<(SourceId, i64)>, RunMachines)> {
    let mut parsed = Vec::with_capacity(files.len());
    for opened in files {
        let p = parse(&opened)?;
        tracker.add(opened.len);
        parsed.push((opened, p));
    }
    let logs: Vec<&Parsed> = parsed.iter().map(|(_, p)| p).collect();
    let machines: Vec<Option<String>> = parsed
        .iter()
        .map(|(o, p)| {
            parsed
                .iter()
                .find_map(|(other, q)| {
                    let named = q.log.header.machine.as_deref().filter(|m| !m.is_empty())?;
                    crate::source::same_run(&other.path, &o.path).then(|| named.to_string())
                })
                // A log naming no machine (a `.boot`) whose run was appended in another log.
                .or_else(|| {
                    p.log
                        .header
                        .machine
                        .is_none()
                        .then(|| boot::appended_run_machine(p, &logs))
                        .flatten()
                })
        })
        .collect();
    let mut repeated = Vec::new();
    let mut run_machines = Vec::new();
    for ((opened, p), machine) in parsed.into_iter().zip(machines) {
        let id = SourceId(u16::try_from(a.sources.len()).unwrap_or(u16::MAX));
        let r = place(&opened, p, id, opts, machine.as_deref());
        if let (Some(w), Some((first, last))) = (&mut a.window, r.info.span)
            && !w.window.overlaps(first, last, 0)
        {
            w.leave_out(opened.path, crate::source::SourceKind::Hcw);
            continue;
        }
        repeated.extend(r.repeated.map(|ms| (id, ms)));
        run_machines.extend(r.later_machines.into_iter().map(|m| (id, m)));
        tracker.source_loaded(&r.info);
        a.cmdlets.extend(r.cmdlets);
        a.sources.push(r.info);
        a.texts.push(r.text);
        a.hcw.extend(r.entries);
    }
    Ok((repeated, run_machines))
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
    /// The machines the runs appended after the first name: a `--tz` or `--skew` naming one
    /// applies to its run ([`select::unmatched`]).
    pub(super) later_machines: Vec<String>,
}

/// An HCW log decoded and parsed, not yet placed on the UTC axis.
pub(super) struct Parsed {
    /// Its text, without NUL bytes.
    text: String,
    log: crate::parse::hcw::HcwLog,
}

/// Decodes and parses an HCW log (its entries are numbered as source 0 until placed).
fn parse(opened: &Opened) -> Result<Parsed> {
    let text = crate::read::read_text(opened)?;
    let log = crate::parse::hcw::parse_hcw(&text, SourceId::default());
    // Entries are quoted from the text as they were read: without NUL bytes.
    let text = crate::parse::hcw::without_nul(text);
    Ok(Parsed { text, log })
}

/// Reads and parses an HCW log as source `id` (live follow, when it changed or joined);
/// `run_machine` is the machine another log of its run names ([`load_all`]).
pub(super) fn read_hcw(
    opened: &Opened,
    id: SourceId,
    opts: &LoadOptions,
    run_machine: Option<&str>,
) -> Result<HcwRead> {
    Ok(place(opened, parse(opened)?, id, opts, run_machine))
}

/// Places a parsed HCW log as source `id`: its clock (override, header, or assumed UTC), its
/// entries on the UTC axis, its paired calls.
fn place(
    opened: &Opened,
    parsed: Parsed,
    id: SourceId,
    opts: &LoadOptions,
    run_machine: Option<&str>,
) -> HcwRead {
    let Parsed { text, log } = parsed;
    // The machine the wizard ran on, as its header names it; none when it does not (the
    // bootstrapper's `.boot` log has no Process Info table): the file's name is the run's
    // start time (`20220305_144855`), never a machine.
    let label = log.header.machine.clone().unwrap_or_default();
    // A `.boot` is of the machine its run's `.log` names: that machine's `--tz` and `--skew`
    // are its own (it still names no machine: `server` says what it logged).
    let machine = run_machine.filter(|_| label.is_empty()).unwrap_or(&label);
    let overridden = select::zone_for(opts, SourceKind::Hcw, &opened.path, machine);
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
    let skew_ms = select::skew_for(opts, SourceKind::Hcw, &opened.path, machine);
    let mut entries = log.entries;
    for e in &mut entries {
        e.source = id;
    }
    let mut stats = log.stats;
    // Runs appended after the first are placed by their own headers, unless a zone is given
    // for them. A `--tz` or `--skew` is about a machine's clock: each run takes the ones its
    // own machine falls under (a kind, a path, its machine's name), so one given for the first
    // run's machine leaves a run made on another machine alone, and one naming only a later
    // run's machine reads that run. A `--tz` every run falls under reads the file as one run.
    let mut later = crate::parse::hcw::later_runs(&entries);
    let run_machine = |r: &crate::parse::hcw::LaterRun| {
        r.machine
            .as_deref()
            .filter(|m| !m.is_empty())
            .unwrap_or(machine)
            .to_string()
    };
    let given: Vec<Option<ZoneSpec>> = later
        .iter()
        .map(|r| select::zone_for(opts, SourceKind::Hcw, &opened.path, &run_machine(r)))
        .collect();
    let skews: Vec<i64> = later
        .iter()
        .map(|r| select::skew_for(opts, SourceKind::Hcw, &opened.path, &run_machine(r)))
        .collect();
    let later_machines: Vec<String> = later
        .iter()
        .filter_map(|r| r.machine.clone().filter(|m| !m.is_empty()))
        .collect();
    // Where each later run begins and the machine it names, also when the file is read as one.
    let starts: Vec<(usize, String)> = later
        .iter()
        .map(|r| (r.start, r.machine.clone().unwrap_or_default()))
        .collect();
    if origin == ZoneOrigin::Override
        && given.iter().all(|g| g.as_ref() == Some(&zone))
        && skews.iter().all(|&s| s == skew_ms)
    {
        later.clear();
    }
    let first_end = later.first().map_or(entries.len(), |r| r.start);
    let repeated = if later.is_empty() {
        crate::parse::hcw::repeated_reading(&entries, &clock)
    } else {
        None
    };
    let first_crossed = crate::parse::hcw::place(&mut entries[..first_end], &clock, skew_ms);
    let mut crossed = first_crossed;
    let mut run_clocks = Vec::with_capacity(later.len());
    for ((run, given), &run_skew) in later.iter().zip(&given).zip(&skews) {
        let given = given.as_ref().map(|z| {
            let h = crate::parse::hcw::read_header(&entries[run.start..run.end]);
            (z, RunClock::with_header(z.clone(), &h))
        });
        let (own, own_origin) = match (&given, &run.clock) {
            (Some((_, c)), _) => (c, ZoneOrigin::Override),
            (None, Some((_, c))) => (c, ZoneOrigin::Header),
            (None, None) => (&clock, ZoneOrigin::Assumed),
        };
        let run_crossed = crate::parse::hcw::place(&mut entries[run.start..run.end], own, run_skew);
        crossed |= run_crossed;
        let own_zone = match (&given, &run.clock) {
            _ if run_crossed => own.zone.clone(),
            (Some((z, _)), _) => (*z).clone(),
            (None, Some((z, _))) => z.clone(),
            (None, None) => zone.clone(),
        };
        run_clocks.push(runs::Clock {
            start: run.start,
            machine: run.machine.clone().unwrap_or_default(),
            zone: own_zone,
            origin: own_origin,
            skew_ms: run_skew,
        });
        let first_machine = Some(label.as_str()).filter(|l| !l.is_empty());
        let mut reason = run.note(first_machine, &zone.label(), given.map(|(z, _)| z));
        if run_skew != skew_ms {
            reason.push_str(&crate::parse::hcw::skew_words(run_skew, skew_ms));
        }
        let line = entries[run.start].line;
        let at = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
        stats.note_line(line, &reason, text.lines().nth(at).unwrap_or(""));
    }
    if let (Some(alt), Some(e)) = (repeated, entries.first()) {
        let first = text.lines().next().unwrap_or("");
        let utc = e.ts.0 - skew_ms;
        stats
            .diagnostics
            .push(repeated::note(&clock.zone, e.local.0, utc, alt, first));
    }
    // A fixed offset cannot describe a run that crossed a switch: show the zone's rules.
    let first_zone = if first_crossed {
        clock.zone.clone()
    } else {
        zone.clone()
    };
    stats.runs = runs::record(
        &entries,
        runs::Clock {
            start: 0,
            machine: label.clone(),
            zone: first_zone,
            origin,
            skew_ms,
        },
        run_clocks,
        &starts,
    );
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
    HcwRead {
        info,
        text: LineText::Memory(std::sync::Arc::from(text.as_str())),
        entries,
        cmdlets,
        repeated,
        later_machines,
    }
}
