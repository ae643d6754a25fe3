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
            let r = r as usize;
            add(
                'i',
                FilterField::ClientIp,
                "client IP",
                idx.field(Field::Client, r),
            );
            add(
                'n',
                FilterField::User,
                "user name",
                idx.field(Field::User, r),
            );
            add(
                'u',
                FilterField::Uri,
                "workstation",
                idx.field(Field::Uri, r),
            );
            add(
                'm',
                FilterField::Method,
                "event id",
                idx.field(Field::Method, r),
            );
            add(
                'a',
                FilterField::Agent,
                "package",
                idx.field(Field::Agent, r),
            );
            add(
                'v',
                FilterField::Server,
                "server",
                idx.field(Field::Server, r),
            );
        }
        RowRef::Iis(k, r) => {
            let Some(idx) = model.data.analysis.requests.get(usize::from(k)) else {
                return out;
            };
            let r = r as usize;
            let (s, sub, w) = idx.status(r);
            add(
                'i',
                FilterField::ClientIp,
                "client IP",
                idx.field(Field::Client, r),
            );
            add('u', FilterField::Uri, "URI", idx.field(Field::Uri, r));
            add(
                'n',
                FilterField::User,
                "user name",
                idx.field(Field::User, r),
            );
            add(
                's',
                FilterField::Status,
                "status",
                &format!("{s} {sub} {w}"),
            );
            add(
                'm',
                FilterField::Method,
                "method",
                idx.field(Field::Method, r),
            );
            add(
                'a',
                FilterField::Agent,
                "user agent",
                idx.field(Field::Agent, r),
            );
            if model.data.analysis.requests.len() > 1 {
                add(
                    'v',
                    FilterField::Server,
                    "server",
                    idx.field(Field::Server, r),
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
