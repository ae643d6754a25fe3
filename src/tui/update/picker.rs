//! The fuzzy finder: pick one distinct value of a field (client IP, user, URI, cmdlet …) by
//! typing a few of its letters, then keep only the lines with that value.

use crate::filter::index_field;
use crate::filter::{FilterField, Rule, RuleKind, fuzzy_pick};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::model::Model;
use crate::tui::model::NoteLevel;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::pane::PaneId;
use crate::tui::model::picker::{Picker, SHOWN};
use crate::tui::update::filter;
use std::collections::HashMap;

/// The fields offered for a pane, in `Tab` order.
pub fn fields(pane: PaneId) -> Vec<FilterField> {
    match pane {
        PaneId::Iis => vec![
            FilterField::ClientIp,
            FilterField::User,
            FilterField::Uri,
            FilterField::Agent,
            FilterField::Method,
            FilterField::Server,
        ],
        PaneId::Hcw => vec![FilterField::Cmdlet, FilterField::Thread],
    }
}

/// Opens the finder on the focused pane's first field.
pub fn open(model: &mut Model) {
    let pane = model.focus;
    if model.base_len(pane) == 0 {
        model.say(
            NoteLevel::Info,
            format!("No {} lines to pick from", pane.name()),
        );
        return;
    }
    let mut p = Picker {
        pane,
        fields: fields(pane),
        field: 0,
        query: String::new(),
        values: Vec::new(),
        hits: Vec::new(),
        selected: 0,
    };
    load(model, &mut p);
    model.overlay = Some(Overlay::Picker(Box::new(p)));
}

/// Distinct values of a field over a pane's rows (all rows, not only the filtered ones), most
/// frequent first; empty values count as `-`.
pub fn distinct(model: &Model, pane: PaneId, field: FilterField) -> Vec<(String, u64)> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    match (pane, index_field(field)) {
        (PaneId::Iis, Some(f)) => {
            for idx in &model.data.analysis.requests {
                let mut by_id = vec![0u64; idx.strings.len()];
                for r in 0..idx.len() {
                    if let Some(n) = by_id.get_mut(idx.field_id(f, r) as usize) {
                        *n += 1;
                    }
                }
                for (id, n) in by_id.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                    let v = idx.strings.get(u32::try_from(id).unwrap_or(u32::MAX));
                    let v = if v.is_empty() { "-" } else { v };
                    *counts.entry(v.to_string()).or_default() += n;
                }
            }
        }
        (PaneId::Hcw, _) => {
            let key = match field {
                FilterField::Cmdlet => "Cmdlet",
                FilterField::Thread => "Thread",
                _ => return Vec::new(),
            };
            for e in &model.data.analysis.hcw {
                if let Some(v) = e.ctx(key) {
                    *counts.entry(v.to_string()).or_default() += 1;
                }
            }
        }
        _ => {}
    }
    let mut out: Vec<(String, u64)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn load(model: &Model, p: &mut Picker) {
    p.values = p
        .current()
        .map(|f| distinct(model, p.pane, f))
        .unwrap_or_default();
    narrow(p);
}

/// Re-ranks the values for the query: values containing the query as typed first (an IP or a
/// user is usually typed as a piece of it), then the other fuzzy matches, each best first.
pub fn narrow(p: &mut Picker) {
    let names: Vec<&str> = p.values.iter().map(|(v, _)| v.as_str()).collect();
    let q = p.query.trim().to_lowercase();
    let mut hits: Vec<usize> = fuzzy_pick(&p.query, &names, names.len())
        .into_iter()
        .map(|(i, _, _)| i)
        .collect();
    hits.sort_by_key(|&i| !names[i].to_lowercase().contains(&q));
    hits.truncate(SHOWN);
    p.hits = hits;
    p.selected = 0;
}

/// An action while the finder is open.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(Overlay::Picker(mut p)) = model.overlay.take() else {
        return Vec::new();
    };
    let page = model.page(p.pane).max(1);
    let last = p.hits.len().saturating_sub(1);
    match action {
        Action::Back | Action::Quit => return Vec::new(),
        Action::Insert(c) => {
            p.query.push(c);
            narrow(&mut p);
        }
        Action::InputBackspace => {
            p.query.pop();
            narrow(&mut p);
        }
        Action::InputClear => {
            p.query.clear();
            narrow(&mut p);
        }
        Action::CursorDown => p.selected = (p.selected + 1).min(last),
        Action::CursorUp => p.selected = p.selected.saturating_sub(1),
        Action::PageDown => p.selected = (p.selected + page).min(last),
        Action::PageUp => p.selected = p.selected.saturating_sub(page),
        Action::NextField | Action::PrevField => {
            let n = p.fields.len().max(1);
            p.field = if action == Action::NextField {
                (p.field + 1) % n
            } else {
                (p.field + n - 1) % n
            };
            load(model, &mut p);
        }
        Action::InputSubmit => {
            let (Some(field), Some(value)) = (p.current(), p.chosen()) else {
                model.overlay = Some(Overlay::Picker(p));
                return Vec::new();
            };
            let rule = Rule::field(RuleKind::Include, field, value);
            return filter::add(model, p.pane, rule);
        }
        _ => {}
    }
    model.overlay = Some(Overlay::Picker(p));
    Vec::new()
}
