//! HCW runs followed: the bootstrapper writes a run's `.boot` before its `.log`, and only the
//! `.log` names the machine. A `.boot` takes the clock given for that machine (`--tz`,
//! `--skew`) as a load of the run gives it: when read, from a followed log of its run, and
//! read again when that machine is named otherwise later (the `.log` joined).

use super::super::apply::Delta;
use super::Follow;
use crate::source::SourceKind;

impl Follow {
    /// The machine another followed HCW log of the run of the log at `path` names
    /// ([`crate::source::same_run`]).
    pub(super) fn run_machine(&self, path: &std::path::Path) -> Option<String> {
        crate::source::run_namer(self.watched.iter().map(|w| &w.info), path)
            .map(|i| i.server.clone())
    }

    /// Reads again the followed HCW logs that name no machine whose run's machine is named
    /// otherwise now than when they were read (the bootstrapper writes its `.boot` before the
    /// run's `.log`): they take that machine's clock, as a load of the run gives them.
    pub(super) fn reclock_runs(&mut self, delta: &mut Delta) {
        let slots: Vec<usize> = (0..self.watched.len())
            .filter(|&slot| {
                let w = &self.watched[slot];
                w.info.kind == SourceKind::Hcw
                    && w.info.server.is_empty()
                    && w.run_machine != self.run_machine(&w.info.path)
            })
            .collect();
        for slot in slots {
            self.reread(slot, delta);
        }
    }
}
