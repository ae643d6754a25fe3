//! Widening the time window: the next wider window (the HCW runs' span ± 2 h, ± 4 h … then everything)
//! and a fresh load of the same paths with it.

use crate::tui::effect::Effect;
use crate::tui::model::{Model, NoteLevel};

/// The reload with the next wider window, or a note saying there is none.
pub fn widen(model: &mut Model) -> Vec<Effect> {
    if model.is_loading() {
        model.say(
            NoteLevel::Info,
            "Still loading: widen the window once it is done",
        );
        return Vec::new();
    }
    let Some(report) = &model.data.analysis.window else {
        model.say(
            NoteLevel::Info,
            "No time window: every line of every file is loaded",
        );
        return Vec::new();
    };
    let next = report.mode.widened();
    let text = match next {
        crate::pipeline::window::WindowMode::Runs { margin_ms } => format!(
            "Loading again from {m} before the first HCW run to {m} after the last...",
            m = crate::pipeline::window::hours_text(margin_ms)
        ),
        _ => "Loading again, everything...".to_string(),
    };
    model.say(NoteLevel::Info, text);
    vec![Effect::Reload { window: next }]
}
