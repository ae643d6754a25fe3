//! Quick field filters: the menu of the selected line's values (client IP, URI, user, status,
//! cmdlet, thread …); a letter keeps lines with the same value, its capital hides them.

use crate::filter::{FilterField, Rule, RuleKind};
use crate::index::Field;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::row::RowRef;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::filter;

/// One choice of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The letter that picks it (its capital excludes).
    pub key: char,
    /// The field.
    pub field: FilterField,
    /// What the menu calls it.
    pub label: &'static str,
    /// The line's value (`-` when empty).
    pub value: String,
}

/// The menu's letter, filter field, name and index column of a Security event's values.
const EVENT_COLUMNS: [(char, FilterField, &str, Field); 6] = [
    ('i', FilterField::ClientIp, "client IP", Field::Client),
    ('n', FilterField::User, "user name", Field::User),
    ('u', FilterField::Uri, "workstation", Field::Uri),
    ('m', FilterField::Method, "event id", Field::Method),
    ('a', FilterField::Agent, "package", Field::Agent),
    ('v', FilterField::Server, "server", Field::Server),
];

/// The same for a request's values; `None`: the status triple.
const REQUEST_COLUMNS: [(char, FilterField, &str, Option<Field>); 6] = [
    ('i', FilterField::ClientIp, "client IP", Some(Field::Client)),
    ('u', FilterField::Uri, "URI", Some(Field::Uri)),
    ('n', FilterField::User, "user name", Some(Field::User)),
    ('s', FilterField::Status, "status", None),
    ('m', FilterField::Method, "method", Some(Field::Method)),
    ('a', FilterField::Agent, "user agent", Some(Field::Agent)),
];

/// Opens the menu for the line under the focused cursor.
pub fn open(model: &mut Model) {
    match model.cursor_row(model.focus) {
        Some(row) if !choices(model, row).is_empty() => {
            model.overlay = Some(Overlay::Quick { row });
        }
        Some(_) => model.say(NoteLevel::Info, "This line has no field to filter by"),
        None => model.say(NoteLevel::Info, "No line here"),
    }
}

/// The fields of a line that can be filtered by, with its values.
pub fn choices(model: &Model, row: RowRef) -> Vec<Choice> {
    let mut out = Vec::new();
    let mut add = |key, field, label, value: &str| {
        let value = if value.trim().is_empty() {
            "-"
        } else {
            value.trim()
        };
        out.push(Choice {
            key,
            field,
            label,
            value: value.to_string(),
        });
    };
    match row {
        // A Security event's columns: address, account, workstation, event id, package.
        RowRef::Iis(k, r) if model.event_at(row).is_some() => {
            let Some(idx) = model.data.analysis.requests.get(usize::from(k)) else {
                return out;
            };
            for &(key, field, label, column) in &EVENT_COLUMNS {
                add(
                    key,
                    field,
                    label,
                    shown(model, idx, column, r as usize).as_ref(),
                );
            }
        }
        RowRef::Iis(k, r) => {
            let Some(idx) = model.data.analysis.requests.get(usize::from(k)) else {
                return out;
            };
            let r = r as usize;
            let (s, sub, w) = idx.status(r);
            for &(key, field, label, column) in &REQUEST_COLUMNS {
                match column {
                    Some(c) => add(key, field, label, idx.field(c, r)),
                    None => add(key, field, label, &format!("{s} {sub} {w}")),
                }
            }
            if model.data.analysis.requests.len() > 1 {
                add(
                    'v',
                    FilterField::Server,
                    "server",
                    shown(model, idx, Field::Server, r).as_ref(),
                );
            }
        }
        RowRef::Hcw(e) => {
            let Some(entry) = model.data.analysis.hcw.get(e as usize) else {
                return out;
            };
            if let Some(c) = entry.ctx("Cmdlet") {
                add('c', FilterField::Cmdlet, "cmdlet", c);
            }
            if let Some(t) = entry.ctx("Thread") {
                add('t', FilterField::Thread, "thread", t);
            }
        }
    }
    out
}

/// Row `r`'s value of `column` as the explorer shows it: a server as its rows name it (`EX01`,
/// whichever spelling the line logs, `EX01` for `EX01/W3SVC1` unless another site of EX01 is
/// loaded, then its log's site also when the line logs the name), which its filter matches in
/// every spelling and folder, or in that site's logs ([`crate::source::server_filter_keeps`]).
fn shown<'a>(
    model: &'a Model,
    idx: &'a crate::index::RequestIndex,
    column: Field,
    r: usize,
) -> std::borrow::Cow<'a, str> {
    let value = idx.field(column, r);
    match column {
        Field::Server => model.data.analysis.server_names().at(value, idx.source),
        _ => std::borrow::Cow::Borrowed(value),
    }
}

/// An action while the menu is open.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(Overlay::Quick { row }) = model.overlay else {
        return Vec::new();
    };
    match action {
        Action::Back | Action::Quit | Action::QuickFilter => {
            model.overlay = None;
            Vec::new()
        }
        Action::Insert(c) => {
            let lower = c.to_ascii_lowercase();
            let Some(choice) = choices(model, row).into_iter().find(|x| x.key == lower) else {
                return Vec::new();
            };
            let kind = if c.is_ascii_uppercase() {
                RuleKind::Exclude
            } else {
                RuleKind::Include
            };
            model.overlay = None;
            let rule = Rule::field(kind, choice.field, &choice.value);
            filter::add(model, row.pane(), rule)
        }
        _ => Vec::new(),
    }
}
