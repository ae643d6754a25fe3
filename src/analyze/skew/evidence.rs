//! The evidence said with a suggested skew: how many calls line up after the shift and
//! without it, and each call beside the burst of mrsproxy requests it lines up with, cited as
//! findings cite a line.

use super::bursts::Burst;
use super::search::nearest;
use super::zone::zone_shift;
use super::{FINE_SLACK_MS, MAX_CALL_EVIDENCE};
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::mrs::MrsRequest;
use crate::escape::escape_control;
use crate::source::{SourceId, SourceInfo, cited_line};
use crate::time::UtcMs;
use crate::wording::clock_shift;

/// `20241126_140840.log:199`, as findings cite a line; `HCW line 199` when the analysis has
/// no such source.
fn cited(sources: &[SourceInfo], source: SourceId, line: u64, kind: &str) -> String {
    let at = cited_line(sources, source, line);
    if at.starts_with("line ") {
        format!("{kind} {at}")
    } else {
        escape_control(&at).into_owned()
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn evidence(
    sources: &[SourceInfo],
    calls: &[&CmdletCall],
    starts: &[(UtcMs, usize)],
    bursts: &[Burst],
    mrs: &[MrsRequest],
    offset: i64,
    matched: usize,
    unshifted: usize,
) -> Vec<String> {
    let total = calls.len();
    // A server is said by the load's one name for its machine, as the sources list says it.
    let machines = crate::source::machine_names(sources);
    let server = |r: &MrsRequest| {
        escape_control(crate::source::shown_name(&machines, &r.server)).into_owned()
    };
    let hits: Vec<(&CmdletCall, usize, Option<&Burst>)> = calls
        .iter()
        .filter_map(|c| {
            let (_, _, i) = nearest(c, starts, offset, FINE_SLACK_MS)?;
            let r = &mrs[i];
            let burst = bursts.iter().find(|b| {
                mrs[b.first].client == r.client && b.start <= r.started() && r.ts <= b.end
            });
            Some((*c, i, burst))
        })
        .collect();
    let mut peers: Vec<String> = hits
        .iter()
        .map(|&(_, i, _)| {
            let r = &mrs[i];
            format!("{} ({})", escape_control(&r.client), server(r))
        })
        .collect();
    peers.sort();
    peers.dedup();
    let noun = if total == 1 { "call" } else { "calls" };
    let mut ev = vec![
        format!(
            "after {}, {matched} of {total} test {noun} line up with mrsproxy requests from {}",
            clock_shift(offset),
            peers.join(", ")
        ),
        format!("without a shift, {unshifted} of {total} line up"),
    ];
    for &(call, i, burst) in hits.iter().take(MAX_CALL_EVIDENCE) {
        let r = &mrs[i];
        let (count, from, to) = burst.map_or((1, r.started(), r.ts), |b| (b.count, b.start, b.end));
        let first = burst.and_then(|b| mrs.get(b.first)).unwrap_or(r);
        let first = cited(sources, first.source, first.line, "IIS");
        ev.push(format!(
            "{} ({}) started {} = {} after the shift; {} mrsproxy request{} from {} on {} at {}–{} \
             ({}{first})",
            escape_control(&call.name),
            cited(sources, call.source, call.line, "HCW"),
            call.start,
            call.start.plus_ms(offset),
            count,
            if count == 1 { "" } else { "s" },
            escape_control(&r.client),
            server(r),
            from,
            to,
            if count == 1 { "" } else { "the first at " },
        ));
    }
    if let Some(zone) = zone_shift(offset) {
        ev.push(format!(
            "the shift is close to a whole time-zone difference ({}): the zone applied to the HCW \
             log is probably wrong; correct it with --tz for the HCW source rather than a skew",
            clock_shift(zone)
        ));
    }
    ev
}
