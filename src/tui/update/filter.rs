//! Filters: the rule stack of each pane (regex typed live, quick field rules, picked values),
//! switching rules on and off, and applying scan results to what the pane shows.
//!
//! Every change bumps the pane's generation and asks for a scan; results of older generations
//! are dropped. Until a scan is done the pane keeps showing the previous result, and the cursor
//! returns to the row it was on (or the nearest instant) when the new one arrives.

mod results;

pub use results::{catch_up, data_changed, done, progress, reorder};

use crate::filter::{Rule, RuleKind};
use crate::tui::effect::Effect;
use crate::tui::model::filter::Scan;
use crate::tui::model::input::InputKind;
use crate::tui::model::pane::PaneId;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::{input, search};
use results::rebuild;

/// Opens the regex input for an include (`i`) or exclude (`x`) rule.
pub fn start(model: &mut Model, kind: RuleKind) {
    let k = match kind {
        RuleKind::Include => InputKind::Include,
        RuleKind::Exclude => InputKind::Exclude,
    };
    input::open(model, k);
}

/// Applies the regex being typed as the pane's last rule (a bad one only sets the message).
pub fn preview(model: &mut Model) -> Vec<Effect> {
    let Some(inp) = model.input.as_ref() else {
        return Vec::new();
    };
    let (p, text) = (inp.pane, inp.text.clone());
    let kind = match inp.kind {
        InputKind::Exclude => RuleKind::Exclude,
        _ => RuleKind::Include,
    };
    if text.is_empty() {
        return drop_preview(model, p);
    }
    let rule = match Rule::regex(kind, &text) {
        Ok(r) => r,
        Err(e) => {
            if let Some(inp) = model.input.as_mut() {
                inp.error = Some(e);
            }
            return Vec::new();
        }
    };
    let f = &mut model.filters[p.index()];
    if f.preview {
        f.stack.remove(f.stack.len().saturating_sub(1));
    }
    f.stack.push(rule);
    f.preview = true;
    changed(model, p, true)
}

/// Removes the rule being typed (Esc), restoring the view.
pub fn drop_preview(model: &mut Model, p: PaneId) -> Vec<Effect> {
    let f = &mut model.filters[p.index()];
    if !f.preview {
        return Vec::new();
    }
    f.stack.remove(f.stack.len().saturating_sub(1));
    f.preview = false;
    changed(model, p, false)
}

/// Enter in the regex input: keeps the typed rule (a bad regex keeps the input open).
pub fn commit(model: &mut Model) -> Vec<Effect> {
    let Some(inp) = model.input.as_ref() else {
        return Vec::new();
    };
    if inp.error.is_some() {
        return Vec::new();
    }
    let p = inp.pane;
    if inp.text.is_empty() {
        model.input = None;
        return drop_preview(model, p);
    }
    model.input = None;
    let f = &mut model.filters[p.index()];
    f.preview = false;
    let label = f.stack.rules().last().map(Rule::label).unwrap_or_default();
    let key = list_key(model);
    model.say(
        NoteLevel::Info,
        format!("{} filter {label} ({key}: filter list)", p.name()),
    );
    Vec::new()
}

/// Adds a finished rule (quick filter, fuzzy finder) to a pane.
pub fn add(model: &mut Model, p: PaneId, rule: Rule) -> Vec<Effect> {
    let label = rule.label();
    let f = &mut model.filters[p.index()];
    if let Some(i) = f.stack.rules().iter().position(|r| r.label() == label) {
        if f.stack.rules()[i].enabled {
            model.say(NoteLevel::Info, format!("Already filtering {label}"));
            return Vec::new();
        }
        f.stack.toggle(i);
    } else {
        f.stack.push(rule);
    }
    let key = list_key(model);
    model.say(
        NoteLevel::Info,
        format!("{} filter {label} ({key}: filter list)", p.name()),
    );
    changed(model, p, false)
}

/// The rule at a position of the filter list (HCW rules first, then IIS).
pub fn locate(model: &Model, i: usize) -> Option<(PaneId, usize)> {
    let hcw = model.filter(PaneId::Hcw).stack.len();
    if i < hcw {
        return Some((PaneId::Hcw, i));
    }
    (i - hcw < model.filter(PaneId::Iis).stack.len()).then(|| (PaneId::Iis, i - hcw))
}

/// Number of rules of both panes.
pub fn count(model: &Model) -> usize {
    PaneId::ALL
        .iter()
        .map(|&p| model.filter(p).stack.len())
        .sum()
}

/// Switches rule `i` of the filter list on or off.
pub fn toggle(model: &mut Model, i: usize) -> Vec<Effect> {
    let Some((p, r)) = locate(model, i) else {
        return Vec::new();
    };
    model.filters[p.index()].stack.toggle(r);
    changed(model, p, false)
}

/// Removes rule `i` of the filter list.
pub fn remove(model: &mut Model, i: usize) -> Vec<Effect> {
    let Some((p, r)) = locate(model, i) else {
        return Vec::new();
    };
    let f = &mut model.filters[p.index()];
    if f.preview && r + 1 == f.stack.len() {
        f.preview = false;
    }
    if let Some(rule) = f.stack.remove(r) {
        let label = rule.label();
        model.say(
            NoteLevel::Info,
            format!("Removed {} filter {label}", p.name()),
        );
    }
    changed(model, p, false)
}

/// Removes every rule of a pane.
pub fn clear(model: &mut Model, p: PaneId) -> Vec<Effect> {
    let f = &mut model.filters[p.index()];
    if f.stack.is_empty() {
        model.say(NoteLevel::Info, format!("No {} filters", p.name()));
        return Vec::new();
    }
    f.stack.clear();
    f.preview = false;
    model.say(NoteLevel::Info, format!("{} filters removed", p.name()));
    changed(model, p, false)
}

/// After any change of a pane's stack: new generation, and a scan (or the whole view back).
fn changed(model: &mut Model, p: PaneId, delay: bool) -> Vec<Effect> {
    let cur = model.cursor_row(p);
    let total = model.base_len(p) as u64;
    let f = &mut model.filters[p.index()];
    f.generation += 1;
    if f.anchor.is_none() {
        f.anchor = cur;
    }
    if !f.stack.is_active() {
        f.scan = None;
        f.member = None;
        rebuild(model, p);
        let mut fx = vec![Effect::CancelFilter { pane: p }];
        fx.extend(search::rerun(model, p));
        return fx;
    }
    f.scan = Some(Scan {
        generation: f.generation,
        done: 0,
        total,
    });
    vec![Effect::Filter {
        pane: p,
        full: true,
        delay,
    }]
}

/// The key that lists the filters (`L` unless remapped), for messages that point at it.
pub(crate) fn list_key(model: &Model) -> String {
    model
        .settings
        .keymap
        .key_for(
            crate::tui::keymap::Mode::Normal,
            crate::tui::action::Action::FilterList,
        )
        .unwrap_or_else(|| "L".into())
}
