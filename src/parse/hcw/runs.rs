//! Runs appended in one file. HCW writes one `.log` per run, each opening with line 1
//! (`Current Time Zone: …`, no event id) and its Process Info table; a file holding several
//! (logs concatenated to be sent, `type *.log > hcw.log`) has such a line 1 in its middle.
//! Each run's header is its own clock: the `Date Time Offset` of a run after a daylight-saving
//! switch, or of another machine, differs from the first run's.

use super::clock::{RunClock, header_clock};
use super::header::{header_zone, is_run_start, read_header};
use crate::record::HcwEntry;
use crate::source::SourceId;
use crate::time::{UtcMs, ZoneSpec};
use std::collections::HashMap;

/// A run after the first in a file: where it begins and the clock its own header names.
#[derive(Debug, Clone, PartialEq)]
pub struct LaterRun {
    /// Index of its line-1 entry.
    pub start: usize,
    /// One past its last entry.
    pub end: usize,
    /// Its clock and zone, when its header names one.
    pub clock: Option<(ZoneSpec, RunClock)>,
    /// The machine its Process Info table names (`Machine Name`).
    pub machine: Option<String>,
}

impl LaterRun {
    /// What the sources list says where it begins: the clock its stamps are read by (the
    /// `--tz` `given` for its machine, else its own, else the first run's `first_zone`), and its
    /// machine when it is not the first run's `first_machine` (logs of two machines
    /// concatenated).
    pub fn note(
        &self,
        first_machine: Option<&str>,
        first_zone: &str,
        given: Option<&ZoneSpec>,
    ) -> String {
        let other = self
            .machine
            .as_deref()
            .filter(|m| first_machine.is_none_or(|f| !crate::source::same_machine(f, m)));
        let begins = match other {
            Some(m) => format!(
                "another run begins here (appended to this file), made on {}",
                crate::escape::escape_control(m)
            ),
            None => "another run begins here (appended to this file)".to_string(),
        };
        if let Some(z) = given {
            return format!(
                "{begins}: its stamps are read by the clock given for it (--tz), {}",
                z.label()
            );
        }
        match &self.clock {
            Some((z, _)) => format!(
                "{begins}: its stamps are read by its own header's clock, {}",
                z.label()
            ),
            None => format!(
                "{begins}; its header names no clock: its stamps are read by the first run's, \
                 {first_zone}"
            ),
        }
    }
}

/// What the sources list adds where a later run begins when its `--skew` (`run_ms`) is not the
/// first run's (`first_ms`, the file's as the sources list says it): a skew is about one
/// machine's clock, and the run takes the one given for its own machine.
pub fn skew_words(run_ms: i64, first_ms: i64) -> String {
    use crate::wording::clock_shift;
    if run_ms == 0 {
        format!(
            "; no --skew is given for its clock (the first run's {} is not applied to it)",
            clock_shift(first_ms)
        )
    } else {
        format!(
            "; its stamps are shifted by the --skew given for its clock, {}",
            clock_shift(run_ms)
        )
    }
}

/// Where a run after the first of its file begins: its line 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunBreak {
    /// The line number of its line 1 (that of the line before too, when it was glued to a cut
    /// line, `glued.rs`).
    pub line: u64,
    /// The byte offset of its line 1, which tells it from the cut line before it.
    pub offset: u64,
    /// The instant of its line 1.
    pub at: UtcMs,
}

/// Where each run after the first of its file begins, by file, in file order. `entries` may
/// mix files in any order (the loaded entries are in time order, files interleaved): a run's
/// line 1 is any after its file's first (by offset: the file's own line 1, after a BOM too).
pub fn run_breaks(entries: &[HcwEntry]) -> HashMap<SourceId, Vec<RunBreak>> {
    let mut first: HashMap<SourceId, u64> = HashMap::new();
    for e in entries {
        let f = first.entry(e.source).or_insert(e.offset);
        *f = (*f).min(e.offset);
    }
    let mut out: HashMap<SourceId, Vec<RunBreak>> = HashMap::new();
    for e in entries.iter().filter(|e| is_run_start(e)) {
        if first.get(&e.source).is_some_and(|&f| e.offset > f) {
            out.entry(e.source).or_default().push(RunBreak {
                line: e.line,
                offset: e.offset,
                at: e.ts,
            });
        }
    }
    for b in out.values_mut() {
        b.sort_by_key(|b| b.offset);
    }
    out
}

/// Which run of its file (0 the first) holds `line`, given the file's [`run_breaks`].
pub fn run_index(breaks: &[RunBreak], line: u64) -> usize {
    breaks.iter().take_while(|b| b.line <= line).count()
}

/// Which run of its file (0 the first) holds an entry: by its offset, so the entry of a cut
/// line a run's line 1 was glued to stays in the run before.
pub fn entry_run(breaks: &[RunBreak], e: &HcwEntry) -> usize {
    breaks.iter().take_while(|b| b.offset <= e.offset).count()
}

/// The runs after the first entry's, each with the clock its header names.
pub fn later_runs(entries: &[HcwEntry]) -> Vec<LaterRun> {
    let starts: Vec<usize> = (1..entries.len())
        .filter(|&i| is_run_start(&entries[i]))
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(entries.len());
            let h = read_header(&entries[start..end]);
            let clock = header_zone(&h).zip(header_clock(&h));
            LaterRun {
                start,
                end,
                clock,
                machine: h.machine,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::hcw::parse_hcw;
    use crate::source::SourceId;

    const PAD: &str = "                                      ";

    fn run(day: &str, offset: &str) -> String {
        let mut t = format!(
            "{day} 09:10:00.100               Current Time Zone: Paris, Madrid (09:10:00)\r\n"
        );
        t += &format!("{day} 09:10:00.160         10017 [Client=UX, Thread=1] \r\n");
        t += &format!("{PAD}Process Info\r\n{PAD}Date Time Offset  | {offset}\r\n");
        t += &format!(
            "{day} 09:10:01.000         10016 [Client=UX, Thread=1] Startup Options: boot\r\n"
        );
        t
    }

    #[test]
    fn a_line_one_in_the_middle_starts_a_run_with_its_own_offset() {
        let text = run("2026.03.28", "01:00:00") + &run("2026.03.30", "02:00:00");
        let entries = parse_hcw(&text, SourceId(0)).entries;
        let runs = later_runs(&entries);
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].start, runs[0].end), (3, 6));
        assert_eq!(
            runs[0].clock.as_ref().map(|(z, _)| z.clone()),
            Some(ZoneSpec::Fixed(7200))
        );
        // A later run whose header names no clock (a zone name hcwlens does not know, no
        // Process Info table) is found, without a clock of its own.
        let bare = "2026.03.30 09:10:00.100               Current Time Zone: Atlantis (09:10:00)\r\n\
                    2026.03.30 09:10:01.000         10016 [Client=UX, Thread=1] Startup Options: boot\r\n";
        let text = run("2026.03.28", "01:00:00") + bare;
        let runs = later_runs(&parse_hcw(&text, SourceId(0)).entries);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].clock, None);
        // One run alone has no later run.
        let one = parse_hcw(&run("2026.03.28", "01:00:00"), SourceId(0)).entries;
        assert!(later_runs(&one).is_empty());
    }

    /// The loaded entries are in time order, files interleaved: a run's line 1 that follows
    /// another file's entry still begins a run, and a file's own line 1 does not.
    #[test]
    fn a_run_is_found_when_another_file_s_entries_come_between() {
        let joined = run("2026.03.28", "01:00:00") + &run("2026.03.30", "01:00:00");
        let mut entries = parse_hcw(&joined, SourceId(0)).entries;
        entries.extend(parse_hcw(&run("2026.03.29", "01:00:00"), SourceId(1)).entries);
        entries.sort_by_key(|e| (e.ts, e.source, e.line));
        let breaks = run_breaks(&entries);
        let lines: Vec<u64> = breaks
            .get(&SourceId(0))
            .map(|b| b.iter().map(|b| b.line).collect())
            .unwrap_or_default();
        assert_eq!(lines, [6], "{breaks:?}");
        assert_eq!(breaks.get(&SourceId(1)), None);
    }
}
