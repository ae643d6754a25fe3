//! HCW runs and text logs that do not overlap: the wizard's log of one day loaded with IIS,
//! HTTPERR or HttpProxy logs of another (another server's, an old copy, the wrong year). No
//! request can then be lined up with the wizard's calls, and a chart of both is one bar at each
//! end. [`apart`] says it, for the reports' top; [`charted`] is the one rule of which logs the
//! HTML timeline and the explorer's strip span: the HCW and text logs (a Security log, often
//! exported over years, only when no other log has lines), and when those two do not overlap,
//! the HCW runs alone, the text logs left out and said at the chart's ends.

use crate::pipeline::Analysis;
use crate::source::SourceKind;
use crate::time::{DAY_MS, UtcMs};

/// Where a log's lines lie on the UTC axis: its first and last instant, and its kind.
pub type Span = (UtcMs, UtcMs, SourceKind);

/// HCW runs and text logs that do not overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apart {
    /// First and last instant of the HCW logs.
    pub runs: (UtcMs, UtcMs),
    /// First and last instant of the text logs (IIS, HTTPERR, HttpProxy, other W3C).
    pub logs: (UtcMs, UtcMs),
    /// The kinds of those logs, in [`SourceKind`] order.
    pub kinds: Vec<SourceKind>,
    /// The UTC days of the HCW runs that no IIS log loaded reaches into (`2025-03-10`), in
    /// order: the IIS files (`u_ex250310.log`) to load.
    pub days: Vec<UtcMs>,
    /// An HCW log names no clock and was read as UTC ([`crate::source::unclocked_hcw`]): the
    /// runs' place, and so their lying apart, is a guess.
    pub assumed: bool,
}

/// Whether a log is a text log the HCW calls are lined up with (not the wizard's own, not a
/// Security log).
fn text_log(kind: SourceKind) -> bool {
    !matches!(kind, SourceKind::Hcw | SourceKind::Evtx)
}

/// The HCW runs and text logs of `spans` when both are loaded and no text log has a line
/// within the HCW runs' first and last instant.
pub fn apart_of(spans: &[Span]) -> Option<Apart> {
    let hcw = spans.iter().filter(|s| s.2 == SourceKind::Hcw);
    let logs = spans.iter().filter(|s| text_log(s.2));
    let runs = (
        hcw.clone().map(|s| s.0).min()?,
        hcw.clone().map(|s| s.1).max()?,
    );
    let span = (
        logs.clone().map(|s| s.0).min()?,
        logs.clone().map(|s| s.1).max()?,
    );
    if logs.clone().any(|s| s.0 <= runs.1 && s.1 >= runs.0) {
        return None;
    }
    let mut kinds: Vec<SourceKind> = logs.map(|s| s.2).collect();
    kinds.sort_by_key(|k| *k as u8);
    kinds.dedup();
    let iis = days(spans.iter().filter(|s| s.2 == SourceKind::Iis));
    let mut days = days(hcw);
    days.retain(|d| !iis.contains(d));
    Some(Apart {
        runs,
        logs: span,
        kinds,
        days,
        assumed: false,
    })
}

/// The UTC days `spans` reach into, in order.
fn days<'a>(spans: impl Iterator<Item = &'a Span>) -> Vec<UtcMs> {
    let mut days = Vec::new();
    for s in spans {
        let (mut day, last) = (s.0.day_start(), s.1.day_start());
        while day <= last {
            days.push(day);
            day = day.plus_ms(DAY_MS);
        }
    }
    days.sort();
    days.dedup();
    days
}

/// Where the loaded sources' lines lie.
pub fn spans(a: &Analysis) -> Vec<Span> {
    a.sources
        .iter()
        .filter_map(|s| s.span.map(|(lo, hi)| (lo, hi, s.kind)))
        .collect()
}

/// [`apart_of`] the loaded sources.
pub fn apart(a: &Analysis) -> Option<Apart> {
    let mut apart = apart_of(&spans(a))?;
    apart.assumed = crate::source::unclocked_hcw(&a.sources).is_some();
    Some(apart)
}

/// Whether a chart spans each of `spans` (the others are said at its ends): the HCW and text
/// logs, a Security log only when no other has lines; the HCW runs alone when the text logs
/// do not overlap them ([`apart_of`]).
pub fn charted(spans: &[Span]) -> Vec<bool> {
    let apart = apart_of(spans).is_some();
    let others = spans.iter().any(|s| s.2 != SourceKind::Evtx);
    spans
        .iter()
        .map(|s| {
            if apart {
                s.2 == SourceKind::Hcw
            } else {
                !others || s.2 != SourceKind::Evtx
            }
        })
        .collect()
}

impl Apart {
    /// `The HCW runs (… to …) and the IIS logs (… to …) do not overlap: …`, with the IIS
    /// files of the runs' days to load.
    pub fn sentence(&self) -> String {
        let kinds: Vec<&str> = self.kinds.iter().map(|&k| words(k)).collect();
        let span = |(lo, hi): (UtcMs, UtcMs)| {
            format!(
                "{} to {}",
                crate::time::sentence_utc(lo),
                crate::time::sentence_utc(hi)
            )
        };
        let mut out = if self.assumed {
            format!(
                "Read as UTC (an HCW log names no clock), the HCW runs ({}) and the {} logs ({}) \
                 do not overlap: either the wizard's machine was in another zone, or no request \
                 in them can be lined up with the wizard's calls.",
                span(self.runs),
                list(&kinds),
                span(self.logs),
            )
        } else {
            format!(
                "The HCW runs ({}) and the {} logs ({}) do not overlap: no request in them can \
                 be lined up with the wizard's calls, and what they show did not happen while it \
                 ran.",
                span(self.runs),
                list(&kinds),
                span(self.logs),
            )
        };
        let files: Vec<String> = self
            .days
            .iter()
            .filter_map(|d| d.to_datetime())
            .map(|d| d.format("u_ex%y%m%d.log").to_string())
            .collect();
        if !files.is_empty() {
            out.push_str(&format!(
                " {} the IIS logs of the days the wizard ran ({}, named by UTC day) from the \
                 servers behind its endpoint.",
                if self.assumed {
                    "If its clock was UTC, load"
                } else {
                    "Load"
                },
                list(&files)
            ));
        }
        out
    }
}

impl Apart {
    /// [`Apart::sentence`] for a status line: `IIS logs (2024-11-05) and HCW runs
    /// (2025-03-10) do not overlap`.
    pub fn short(&self) -> String {
        let kinds: Vec<&str> = self.kinds.iter().map(|&k| words(k)).collect();
        format!(
            "{} logs ({}) and HCW runs ({}) do not overlap",
            list(&kinds),
            days_words(self.logs),
            days_words(self.runs)
        )
    }
}

/// `2024-11-05`, or `2024-11-04 to 2024-11-05` for a span over days.
fn days_words((lo, hi): (UtcMs, UtcMs)) -> String {
    let day = |t: UtcMs| t.rfc3339().get(..10).unwrap_or_default().to_string();
    if day(lo) == day(hi) {
        day(lo)
    } else {
        format!("{} to {}", day(lo), day(hi))
    }
}

/// A kind of text log as an admin names it.
fn words(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Iis => "IIS",
        SourceKind::Httperr => "HTTPERR",
        SourceKind::HttpProxy => "HttpProxy",
        SourceKind::W3c => "W3C",
        SourceKind::Hcw => "HCW",
        SourceKind::Evtx => "Security",
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rfc: &str) -> UtcMs {
        UtcMs(
            chrono::DateTime::parse_from_rfc3339(rfc)
                .expect("instant")
                .timestamp_millis(),
        )
    }

    fn span(from: &str, to: &str, kind: SourceKind) -> Span {
        (at(from), at(to), kind)
    }

    #[test]
    fn logs_that_touch_the_runs_overlap_and_a_security_log_is_no_text_log() {
        let run = span(
            "2025-03-10T09:00:00Z",
            "2025-03-10T09:05:00Z",
            SourceKind::Hcw,
        );
        let touching = span(
            "2025-03-10T09:05:00Z",
            "2025-03-10T23:59:59Z",
            SourceKind::Iis,
        );
        assert_eq!(apart_of(&[run, touching]), None);
        let evtx = span(
            "2019-02-06T00:00:00Z",
            "2019-02-08T00:00:00Z",
            SourceKind::Evtx,
        );
        assert_eq!(apart_of(&[run, evtx]), None);
        assert_eq!(charted(&[run, touching, evtx]), [true, true, false]);
        assert_eq!(charted(&[evtx]), [true]);
    }

    #[test]
    fn runs_before_or_after_every_text_log_are_apart_and_charted_alone() {
        let run = span(
            "2022-03-05T13:48:00Z",
            "2022-03-06T00:10:00Z",
            SourceKind::Hcw,
        );
        let iis = span(
            "2024-11-05T00:00:01Z",
            "2024-11-05T23:59:59Z",
            SourceKind::Iis,
        );
        let err = span(
            "2024-11-04T22:00:00Z",
            "2024-11-05T01:00:00Z",
            SourceKind::Httperr,
        );
        let apart = apart_of(&[iis, run, err]).expect("apart");
        assert_eq!(apart.kinds, [SourceKind::Iis, SourceKind::Httperr]);
        assert_eq!(apart.logs, (err.0, iis.1));
        assert_eq!(charted(&[iis, run, err]), [false, true, false]);
        let said = apart.sentence();
        assert!(
            said.contains("and the IIS and HTTPERR logs (2024-11-04 22:00:00 UTC"),
            "{said}"
        );
        // A run over midnight: both days' files.
        assert!(
            said.contains("(u_ex220305.log and u_ex220306.log, named by UTC day)"),
            "{said}"
        );
    }

    #[test]
    fn a_quiet_iis_log_of_the_run_s_day_asks_for_no_file_it_already_is() {
        let run = span(
            "2025-03-10T10:00:00Z",
            "2025-03-10T10:05:00Z",
            SourceKind::Hcw,
        );
        let iis = span(
            "2025-03-10T09:00:00Z",
            "2025-03-10T09:44:00Z",
            SourceKind::Iis,
        );
        let apart = apart_of(&[run, iis]).expect("apart");
        assert!(apart.days.is_empty(), "{apart:?}");
        assert!(!apart.sentence().contains("u_ex"), "{}", apart.sentence());
    }
}
