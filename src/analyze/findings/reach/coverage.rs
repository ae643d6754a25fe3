//! `iis-no-coverage`: a test call failed on the network and no loaded IIS log is of its time, so
//! nothing can be said of whether Exchange Online's requests arrived. Times in the report's
//! words (`2025-02-18 09:19:30 UTC`); when the IIS logs and the HCW runs do not overlap at all,
//! the reports' top says so with both spans ([`crate::analyze::overview::apart`]), and the
//! finding does not say them again.

use super::super::DiagnoseInput;
use super::super::common::{Draft, call_desc, esc, org_names};
use super::super::text::{HYBRID_AGENT_BLOG, TMSA_DOC};
use super::behind;
use crate::analyze::correlate::call_window;
use crate::analyze::finding::{Finding, FindingId, Severity};
use crate::analyze::overview::apart::{Span, apart_of};
use crate::source::SourceInfo;
use crate::time::{UtcMs, sentence_utc};

/// A gap between the call and the IIS logs this long, up to the widest zone difference, can be
/// a wrong time zone on the HCW log.
const ZONE_GAP_MS: (i64, i64) = (45 * 60_000, 14 * 3_600_000 + 15 * 60_000);

pub(super) fn no_coverage(
    input: &DiagnoseInput<'_>,
    calls: &[usize],
    iis: &[&SourceInfo],
) -> Option<Finding> {
    let mut d = Draft::new(FindingId::IisNoCoverage, Severity::Info);
    d.title = "No loaded IIS log covers the failing test call".to_string();
    let spans: Vec<(UtcMs, UtcMs)> = iis.iter().filter_map(|s| s.span).collect();
    let first = spans.iter().map(|s| s.0).min()?;
    let last = spans.iter().map(|s| s.1).max()?;
    let descs: Vec<String> = calls
        .iter()
        .map(|&ci| call_desc(input.sources, &input.cmdlets[ci]))
        .collect();
    for &ci in calls {
        d.call(&input.cmdlets[ci]);
    }
    let (them, call) = if calls.len() == 1 {
        ("it", "the call")
    } else {
        ("them", "the calls")
    };
    let mut why = format!("{} failed", super::super::common::list(&descs));
    if apart(input.sources) {
        // The reports' top gives both spans: said once.
        why.push_str(&format!(
            ", and the loaded IIS logs are of another time than the HCW runs, so hcwlens cannot \
             tell whether Exchange Online's requests for {them} arrived."
        ));
    } else {
        why.push_str(&format!(
            ". The loaded IIS logs run from {} to {}, none of them over the time of {call}, so \
             hcwlens cannot tell whether Exchange Online's requests for {them} arrived.",
            sentence_utc(first),
            sentence_utc(last)
        ));
    }
    let gap = calls
        .iter()
        .map(|&ci| {
            let (start, end) = call_window(&input.cmdlets[ci]);
            first
                .0
                .saturating_sub(end.0)
                .max(start.0.saturating_sub(last.0))
        })
        .min()
        .unwrap_or(0);
    if (ZONE_GAP_MS.0..=ZONE_GAP_MS.1).contains(&gap) {
        why.push_str(&format!(
            " They lie {} from {call}: a gap that size can be a wrong time zone on the HCW \
             log (corrected with --tz).",
            // To the second: IIS logs whole seconds.
            crate::wording::clock_gap((gap + 500) / 1000 * 1000)
        ));
    }
    d.explanation = why;
    let names = org_names(input);
    let endpoint = calls
        .iter()
        .find_map(|&c| input.cmdlets[c].remote_server.as_deref().map(esc))
        .or_else(|| names.test_target().map(str::to_string));
    let files = files(input, calls);
    let days = if files.len() == 1 { "day" } else { "days" };
    d.remedy = format!(
        "Load the IIS logs ({} in W3SVC1, named by UTC day) and the HTTPERR logs of the {days} \
         of {call} from the servers behind the migration endpoint{}{}.",
        super::super::common::list(&files),
        endpoint.map(|e| format!(" {e}")).unwrap_or_default(),
        behind(&names),
    );
    d.references = vec![TMSA_DOC, HYBRID_AGENT_BLOG];
    d.build()
}

/// Whether the loaded IIS (and other text) logs and the HCW runs do not overlap at all.
fn apart(sources: &[SourceInfo]) -> bool {
    let spans: Vec<Span> = sources
        .iter()
        .filter_map(|s| s.span.map(|(lo, hi)| (lo, hi, s.kind)))
        .collect();
    apart_of(&spans).is_some()
}

/// `u_ex250218.log`, the IIS files of the calls' UTC days, in order.
fn files(input: &DiagnoseInput<'_>, calls: &[usize]) -> Vec<String> {
    let mut days: Vec<String> = calls
        .iter()
        .flat_map(|&ci| {
            let (start, end) = call_window(&input.cmdlets[ci]);
            [start, end]
        })
        .filter_map(UtcMs::to_datetime)
        .map(|t| t.format("u_ex%y%m%d.log").to_string())
        .collect();
    days.sort();
    days.dedup();
    days
}
