//! The challenges at both ends of a client's unanswered ones, kept so that what a finding says
//! of them (first and last instant, the earliest lines as evidence) stays right when a
//! challenge counted already is taken back: one answered on another server (a split
//! handshake, anywhere in its file) or after a log rotation. Only the ends are kept, a few
//! each, not every challenge: a take-back past them (more than [`ENDS`] at one end, which
//! needs that many answered challenges of one client) leaves that end as it was — a span that
//! still holds every challenge left, never one that leaves some out.

use super::Sample;
use super::settle::Answered;

/// Challenges kept at each end.
pub(super) const ENDS: usize = 8;

/// The earliest and the latest challenges a client left unanswered, each in time order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Ends {
    early: Vec<Sample>,
    late: Vec<Sample>,
}

fn by(s: &Sample) -> (i64, crate::source::SourceId, u64) {
    (s.ts, s.source, s.line)
}

impl Ends {
    /// Notes one more challenge left unanswered.
    pub fn note(&mut self, s: Sample) {
        let at = self.early.partition_point(|x| by(x) <= by(&s));
        if at < ENDS {
            self.early.insert(at, s);
            self.early.truncate(ENDS);
        }
        let at = self.late.partition_point(|x| by(x) <= by(&s));
        if self.late.len() < ENDS {
            self.late.insert(at, s);
        } else if at > 0 {
            self.late.insert(at, s);
            self.late.remove(0);
        }
    }

    /// Adds another grouping's ends.
    pub fn merge(&mut self, other: &Ends) {
        let mut seen: Vec<Sample> = Vec::new();
        for s in other.early.iter().chain(&other.late) {
            // A challenge at both ends of a short list is one challenge.
            if !seen.contains(s) {
                seen.push(*s);
                self.note(*s);
            }
        }
    }

    /// Takes an answered challenge out of the ends it is at.
    pub fn take(&mut self, a: &Answered) {
        self.early.retain(|s| !a.is(s));
        self.late.retain(|s| !a.is(s));
    }

    /// The earliest challenge kept, if any.
    pub fn first(&self) -> Option<i64> {
        self.early.first().map(|s| s.ts)
    }

    /// The latest challenge kept, if any.
    pub fn last(&self) -> Option<i64> {
        self.late.last().map(|s| s.ts)
    }

    /// The earliest `n` challenges kept.
    pub fn earliest(&self, n: usize) -> &[Sample] {
        &self.early[..n.min(self.early.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn s(ts: i64) -> Sample {
        Sample {
            source: SourceId(0),
            line: ts as u64,
            offset: 0,
            ts,
        }
    }

    #[test]
    fn keeps_the_earliest_and_the_latest_in_any_order() {
        let mut e = Ends::default();
        for ts in [50, 3, 99, 7, 20, 64, 1, 80, 42, 12, 77, 5] {
            e.note(s(ts));
        }
        assert_eq!((e.first(), e.last()), (Some(1), Some(99)));
        let early: Vec<i64> = e.earliest(ENDS).iter().map(|x| x.ts).collect();
        assert_eq!(early, vec![1, 3, 5, 7, 12, 20, 42, 50]);
        let late: Vec<i64> = e.late.iter().map(|x| x.ts).collect();
        assert_eq!(late, vec![12, 20, 42, 50, 64, 77, 80, 99]);
        let mut other = Ends::default();
        other.note(s(0));
        other.note(s(100));
        e.merge(&other);
        assert_eq!((e.first(), e.last()), (Some(0), Some(100)));
    }
}
