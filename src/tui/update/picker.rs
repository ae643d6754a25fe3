//! The fuzzy finder (`f`): one list of every client address, user, URI, cmdlet, server and
//! handshake failure, each labelled with its field; typing narrows it (values containing the
//! text first, then fuzzy matches), `Tab` keeps one field (so does typing `uri mrs`), Enter
//! keeps only the lines with the value (a field filter on its pane).

use crate::filter::{Candidate, CandidateKind, Rule, RuleKind, candidates, fuzzy_pick};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::model::Model;
use crate::tui::model::NoteLevel;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::pane::PaneId;
use crate::tui::model::picker::{Picker, SHOWN};
use crate::tui::update::filter;
use std::sync::Arc;

/// The candidates of the loaded data, built on first use after a load (or rows appended).
pub fn cached(model: &mut Model) -> Arc<Vec<Candidate>> {
    let a = &model.data.analysis;
    let rows = a.requests.iter().map(|r| r.len()).sum::<usize>() + a.hcw.len();
    let key = (Arc::as_ptr(&model.data) as usize, rows);
    let cache = &mut model.finder;
    if let Some(list) = cache.list.as_ref().filter(|_| cache.key == key) {
        return list.clone();
    }
    let list = Arc::new(candidates(a));
    cache.key = key;
    cache.list = Some(list.clone());
    cache.built += 1;
    list
}

/// The pane whose lines a candidate's filter narrows.
pub fn pane_of(kind: CandidateKind) -> PaneId {
    if kind.is_hcw() {
        PaneId::Hcw
    } else {
        PaneId::Iis
    }
}

/// Opens the finder over every field.
pub fn open(model: &mut Model) {
    let all = cached(model);
    if all.is_empty() {
        model.say(NoteLevel::Info, "No values to pick from");
        return;
    }
    let mut p = Picker {
        all,
        scope: None,
        query: String::new(),
        hits: Vec::new(),
        matched: 0,
        selected: 0,
    };
    narrow(&mut p);
    model.overlay = Some(Overlay::Picker(Box::new(p)));
}

/// The field a query names first (`uri mrs`), and the rest of it.
fn split_query(q: &str) -> (Option<CandidateKind>, &str) {
    let q = q.trim_start();
    for k in CandidateKind::ALL {
        if let Some(rest) = q.strip_prefix(k.label())
            && rest.starts_with(' ')
        {
            return (Some(k), rest.trim_start());
        }
    }
    (None, q)
}

/// Re-ranks the candidates for the query: values containing the query as typed first (an IP
/// or a user is usually typed as a piece of it), then the other fuzzy matches, each best first.
pub fn narrow(p: &mut Picker) {
    let (named, q) = split_query(&p.query);
    let kind = p.scope.or(named);
    let pool: Vec<usize> = (0..p.all.len())
        .filter(|&i| kind.is_none_or(|k| p.all[i].kind == k))
        .collect();
    let names: Vec<&str> = pool.iter().map(|&i| p.all[i].value.as_str()).collect();
    let lower = q.trim().to_lowercase();
    let mut hits: Vec<usize> = fuzzy_pick(q, &names, names.len())
        .into_iter()
        .map(|(i, _, _)| pool[i])
        .collect();
    hits.sort_by_key(|&i| !p.all[i].lower.contains(&lower));
    p.matched = hits.len();
    hits.truncate(SHOWN);
    p.hits = hits;
    p.selected = 0;
}

/// An action while the finder is open.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(Overlay::Picker(mut p)) = model.overlay.take() else {
        return Vec::new();
    };
    let page = model.page(model.focus).max(1);
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
            let mut order: Vec<Option<CandidateKind>> = vec![None];
            order.extend(p.kinds().into_iter().map(Some));
            let n = order.len();
            let at = order.iter().position(|k| *k == p.scope).unwrap_or(0);
            let to = if action == Action::NextField {
                (at + 1) % n
            } else {
                (at + n - 1) % n
            };
            p.scope = order[to];
            narrow(&mut p);
        }
        Action::InputSubmit => {
            let Some(c) = p.chosen() else {
                model.overlay = Some(Overlay::Picker(p));
                return Vec::new();
            };
            let pane = pane_of(c.kind);
            let rule = Rule::field(RuleKind::Include, c.kind.field(), &c.filter);
            model.focus = pane;
            return filter::add(model, pane, rule);
        }
        _ => {}
    }
    model.overlay = Some(Overlay::Picker(p));
    Vec::new()
}
