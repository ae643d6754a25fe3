//! Requests and failures per time bucket over the loaded range, with HCW call markers and the
//! HCW runs (one per wizard log), for a chart of when things went wrong.
//!
//! Failures are failed handshakes (at their deciding leg), HTTP.sys errors (HTTPERR rows of a
//! failure reason, the ones the explorer's `e` steps to) and HCW calls that failed or never
//! finished (at their start).

use super::{Keep, handshake_kept};
use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::handshake::HandshakeOutcome;
use crate::pipeline::Analysis;
use crate::source::{SourceId, SourceKind};
use crate::time::UtcMs;

/// Counts of one bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bucket {
    /// IIS requests logged in the bucket.
    pub requests: u64,
    /// Failed handshakes, HTTPERR rows of a failure reason and failed calls in the bucket.
    pub failures: u64,
}

/// One HCW cmdlet call on the time axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallMark {
    /// Start of the call.
    pub at: UtcMs,
    /// Cmdlet name.
    pub name: String,
    /// True when it failed or never finished.
    pub failed: bool,
}

/// One wizard run: the span of its log (and `.boot`), see [`super::runs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The HCW source.
    pub source: SourceId,
    /// First entry.
    pub start: UtcMs,
    /// Last entry.
    pub end: UtcMs,
    /// The machine it ran on (the log's file stem when it does not say).
    pub server: String,
    /// How it went.
    pub outcome: super::runs::RunOutcome,
    /// How it went in words (`incomplete: the log ends in …`,
    /// [`super::runs::RunSummary::outcome_words`]).
    pub words: String,
}

/// The loaded range cut into equal buckets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Start of the first bucket.
    pub start: UtcMs,
    /// Width of a bucket in ms (at least 1).
    pub bucket_ms: i64,
    /// The buckets, in time order (empty when nothing is loaded).
    pub buckets: Vec<Bucket>,
    /// HCW calls, by start.
    pub calls: Vec<CallMark>,
    /// HCW runs, by start.
    pub runs: Vec<Run>,
}

impl Timeline {
    /// End of the last bucket.
    pub fn end(&self) -> UtcMs {
        self.start
            .plus_ms(self.bucket_ms.saturating_mul(self.buckets.len() as i64))
    }

    /// The bucket holding `at`, if inside the range.
    pub fn bucket_of(&self, at: UtcMs) -> Option<usize> {
        if at < self.start || self.bucket_ms <= 0 {
            return None;
        }
        let i = usize::try_from((at.0 - self.start.0) / self.bucket_ms).ok()?;
        (i < self.buckets.len()).then_some(i)
    }

    /// The largest request count of a bucket.
    pub fn max_requests(&self) -> u64 {
        self.buckets.iter().map(|b| b.requests).max().unwrap_or(0)
    }

    /// The largest failure count of a bucket.
    pub fn max_failures(&self) -> u64 {
        self.buckets.iter().map(|b| b.failures).max().unwrap_or(0)
    }

    /// Total failures.
    pub fn failures(&self) -> u64 {
        self.buckets.iter().map(|b| b.failures).sum()
    }

    fn add(&mut self, at: UtcMs, f: impl FnOnce(&mut Bucket)) {
        if let Some(i) = self.bucket_of(at) {
            f(&mut self.buckets[i]);
        }
    }
}

/// Cuts the loaded range of `a` into `count` buckets (at least one) and counts what `keep`
/// keeps. Request rows come from the request index (loaded with `LoadOptions::index`).
pub fn timeline(a: &Analysis, keep: Keep<'_>, count: usize) -> Timeline {
    match range(a) {
        Some((lo, hi)) => timeline_in(a, keep, lo, hi, count),
        None => Timeline::default(),
    }
}

/// The span of the HCW runs widened by `margin_ms` on each side, when there are runs.
pub fn runs_range(a: &Analysis, margin_ms: i64) -> Option<(UtcMs, UtcMs)> {
    let spans = a
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .filter_map(|s| s.span);
    let lo = spans.clone().map(|s| s.0).min()?;
    let hi = spans.map(|s| s.1).max()?;
    Some((lo.plus_ms(-margin_ms), hi.plus_ms(margin_ms)))
}

/// Like [`timeline`], over `lo..=hi` only (events outside are left out, calls too).
pub fn timeline_in(a: &Analysis, keep: Keep<'_>, lo: UtcMs, hi: UtcMs, count: usize) -> Timeline {
    let rows = |k: usize, r: usize| {
        let idx = &a.requests[k];
        keep(idx.source, idx.line_no(r))
    };
    let sel = Select {
        rows: &rows,
        lines: keep,
        shift: &|_| 0,
    };
    timeline_with(a, &sel, lo, hi, count)
}

/// What a timeline counts, for a caller that knows rows by position (the explorer's filter
/// memberships) and shifts sources' clocks (its session offsets).
pub struct Select<'a> {
    /// Whether row `r` of request index `k` (`Analysis::requests[k]`) counts.
    pub rows: &'a dyn Fn(usize, usize) -> bool,
    /// Whether an HCW line or a handshake's deciding leg counts.
    pub lines: Keep<'a>,
    /// Milliseconds added to every instant of a source.
    pub shift: &'a dyn Fn(SourceId) -> i64,
}

/// The timeline of what `sel` selects over `lo..=hi`, in `count` buckets.
pub fn timeline_with(
    a: &Analysis,
    sel: &Select<'_>,
    lo: UtcMs,
    hi: UtcMs,
    count: usize,
) -> Timeline {
    let keep = sel.lines;
    let hi = hi.max(lo);
    let count = count.max(1);
    let width = hi.0 - lo.0 + 1;
    let bucket_ms = (width + count as i64 - 1) / count as i64;
    let mut t = Timeline {
        start: lo,
        bucket_ms: bucket_ms.max(1),
        buckets: vec![Bucket::default(); count],
        ..Default::default()
    };
    for (k, idx) in a.requests.iter().enumerate() {
        let httperr = crate::source::by_id(&a.sources, idx.source)
            .is_some_and(|s| s.kind == SourceKind::Httperr);
        // HTTPERR rows of a failure reason, by string id (the rest, idle connections timing
        // out and clients resetting, are housekeeping: neither requests nor failures).
        let failing = if httperr {
            idx.strings_flagged(crate::codes::httperr::httperr_is_failure)
        } else {
            Vec::new()
        };
        let shift = (sel.shift)(idx.source);
        for row in 0..idx.len() {
            if !(sel.rows)(k, row) {
                continue;
            }
            let at = idx.ts(row).plus_ms(shift);
            if !httperr {
                t.add(at, |b| b.requests += 1);
            } else if failing
                .get(idx.field_id(crate::index::Field::Reason, row) as usize)
                .copied()
                .unwrap_or(false)
            {
                t.add(at, |b| b.failures += 1);
            }
        }
    }
    for h in &a.handshakes {
        if h.outcome == HandshakeOutcome::Failed && handshake_kept(h, keep) {
            let leg = h.final_leg();
            let source = leg.map_or(SourceId::default(), |l| l.source);
            let at = leg.map_or(h.start, |l| l.ts).plus_ms((sel.shift)(source));
            t.add(at, |b| b.failures += 1);
        }
    }
    for c in &a.cmdlets {
        if !keep(c.source, c.line) {
            continue;
        }
        let failed = c.outcome != CmdletOutcome::Success;
        let start = c.start.plus_ms((sel.shift)(c.source));
        if failed {
            t.add(start, |b| b.failures += 1);
        }
        if t.bucket_of(start).is_none() {
            continue;
        }
        t.calls.push(CallMark {
            at: start,
            name: c.name.clone(),
            failed,
        });
    }
    t.calls.sort_by_key(|c| c.at);
    t.runs = super::runs::runs(a, sel.shift)
        .into_iter()
        .map(|r| Run {
            words: r.outcome_words(),
            source: r.sources.first().copied().unwrap_or_default(),
            start: r.start,
            end: r.end,
            server: r.server.unwrap_or(r.name),
            outcome: r.outcome,
        })
        .collect();
    t
}

/// First and last instant of the sources the timeline spans ([`super::apart::charted`]).
fn range(a: &Analysis) -> Option<(UtcMs, UtcMs)> {
    let spans = super::apart::spans(a);
    let charted = super::apart::charted(&spans);
    let spanned = spans
        .iter()
        .zip(charted)
        .filter(|(_, c)| *c)
        .map(|(s, _)| s);
    let lo = spanned.clone().map(|s| s.0).min()?;
    let hi = spanned.map(|s| s.1).max()?;
    Some((lo, hi.max(lo)))
}

/// The sources with lines outside the span [`timeline`] charts, and those lines' first and
/// last instants.
pub fn left_out(a: &Analysis) -> Vec<(&crate::source::SourceInfo, UtcMs, UtcMs)> {
    let Some((lo, hi)) = range(a) else {
        return Vec::new();
    };
    a.sources
        .iter()
        .filter_map(|s| {
            let (first, last) = s.span?;
            (first < lo || last > hi).then_some((s, first, last))
        })
        .collect()
}
