//! Calls the log ends in: a START with no FINISH after which its file logs nothing that shows
//! the wizard went on — no other call's START or FINISH, no `*ERROR*`, no entry of the call's
//! own thread (HCW runs a cmdlet on its thread and waits; a click logged by the UI thread may
//! still follow). A copy taken while the call ran and a wizard killed while it hung look alike
//! here, so such a call has no result in the log ([`super::log_ends_in`]), not a failure. A
//! START the wizard went on from never finished: that stays `no FINISH logged`.

use super::verdict::{LOG_ENDS, OUTCOME_UNKNOWN};
use super::{CMDLET_FINISH, CMDLET_START, CmdletCall};
use crate::record::{HcwEntry, HcwLevel};
use crate::source::SourceId;
use std::collections::HashMap;

/// The error of a call the log ends in before its FINISH.
fn ends_inside() -> String {
    format!("{LOG_ENDS} inside this call, before its FINISH: {OUTCOME_UNKNOWN}")
}

/// Says of each call without a FINISH that the log ends in it, when nothing after its START
/// shows the wizard went on.
pub(super) fn mark(calls: &mut [CmdletCall], entries: &[HcwEntry]) {
    // Per file, the last line that shows the wizard went on; per file and thread, the last line.
    let mut went_on: HashMap<SourceId, u64> = HashMap::new();
    let mut on_thread: HashMap<(SourceId, &str), u64> = HashMap::new();
    for e in entries {
        // A FINISH cut inside its `[…]` may be the call's own: it does not show the wizard
        // went on.
        let call_entry =
            matches!(e.event_id, Some(CMDLET_START | CMDLET_FINISH)) && super::readable(e);
        if call_entry || e.level == HcwLevel::Error {
            let l = went_on.entry(e.source).or_default();
            *l = (*l).max(e.line);
        }
        if let Some(t) = e.ctx("Thread") {
            let l = on_thread.entry((e.source, t)).or_default();
            *l = (*l).max(e.line);
        }
    }
    for c in calls
        .iter_mut()
        .filter(|c| c.finish_line.is_none() && !c.start_missing)
    {
        let after = |last: Option<&u64>| last.is_some_and(|&l| l > c.line);
        let thread = c.thread.as_deref().unwrap_or_default();
        if !after(went_on.get(&c.source)) && !after(on_thread.get(&(c.source, thread))) {
            c.error = Some(ends_inside());
        }
    }
}
