//! Keys as data: `keymap.toml` (embedded) merged with the user's file binds chords to
//! [`Action`]s per mode. The same table drives dispatch, the help screen and the status hints.
//!
//! File shape (the user file has the same shape and only lists what it changes):
//!
//! ```toml
//! [normal]
//! keymap = [
//!   { on = ["j", "<Down>"], run = "cursor_down", desc = "Next line", group = "Move" },
//!   { on = "?", run = "toggle_help", desc = "Help", hint = "help" },
//! ]
//! ```
//!
//! A bad entry in the user file (unknown action, mode or key) is skipped with a warning that
//! the app shows in the status bar; it never stops the app.

pub mod chord;
mod file;

#[cfg(test)]
mod tests;

use crate::tui::action::Action;
pub use chord::Chord;

/// The embedded default keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

/// Which set of bindings applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Browsing the panes.
    Normal,
    /// Typing into the bottom line: a search, a filter regex, a file path.
    Input,
    /// The help screen.
    Help,
    /// The findings list.
    Findings,
    /// The whole-entry popup.
    Entry,
    /// The filter list.
    Filters,
    /// The quick field filter menu.
    Quick,
    /// The fuzzy finder.
    Picker,
    /// The marks list.
    Marks,
    /// The sources list.
    Sources,
    /// The overview tables.
    Overview,
    /// The HCW runs list.
    Runs,
    /// Consulted after every mode (Ctrl-C).
    Global,
}

impl Mode {
    /// Every mode, in help order.
    pub const ALL: [Mode; 13] = [
        Mode::Normal,
        Mode::Findings,
        Mode::Overview,
        Mode::Runs,
        Mode::Marks,
        Mode::Sources,
        Mode::Filters,
        Mode::Quick,
        Mode::Picker,
        Mode::Entry,
        Mode::Help,
        Mode::Input,
        Mode::Global,
    ];

    /// The table name in a keymap file.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Input => "input",
            Mode::Help => "help",
            Mode::Findings => "findings",
            Mode::Entry => "entry",
            Mode::Filters => "filters",
            Mode::Quick => "quick",
            Mode::Picker => "picker",
            Mode::Marks => "marks",
            Mode::Sources => "sources",
            Mode::Overview => "overview",
            Mode::Runs => "runs",
            Mode::Global => "global",
        }
    }

    /// A title for the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Normal => "Panes",
            Mode::Input => "Typing a search, filter or path",
            Mode::Help => "In help",
            Mode::Findings => "In the findings list",
            Mode::Entry => "In the entry popup",
            Mode::Filters => "In the filter list",
            Mode::Quick => "In the quick filter menu",
            Mode::Picker => "In the fuzzy finder",
            Mode::Marks => "In the marks list",
            Mode::Sources => "In the sources list",
            Mode::Overview => "In the overview",
            Mode::Runs => "In the HCW runs list",
            Mode::Global => "Everywhere",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Mode> {
        let name = if name == "search" { "input" } else { name };
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Keys bound to one action, with the text help and hints show.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The keys, in file order.
    pub keys: Vec<Chord>,
    /// What they do.
    pub action: Action,
    /// One-line description.
    pub desc: String,
    /// Help group (empty: the mode's title).
    pub group: String,
    /// Short status-bar label, when the binding is hinted.
    pub hint: Option<String>,
}

impl Binding {
    /// `j/Down` style text of the keys.
    pub fn keys_label(&self) -> String {
        let labels: Vec<String> = self.keys.iter().map(Chord::label).collect();
        labels.join("/")
    }
}

/// All bindings of all modes.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    layers: Vec<(Mode, Vec<Binding>)>,
}

impl Keymap {
    /// The embedded defaults merged with an optional user file; warnings name what was skipped.
    pub fn load(user: Option<&str>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut warnings = Vec::new();
        map.merge(DEFAULT_KEYMAP, "built-in keymap", &mut warnings);
        if let Some(text) = user {
            map.merge(text, "keymap.toml", &mut warnings);
        }
        (map, warnings)
    }

    /// The embedded defaults only.
    pub fn defaults() -> Keymap {
        Keymap::load(None).0
    }

    /// Binds keys in a mode; they leave any earlier binding of that mode.
    pub(crate) fn bind(&mut self, mode: Mode, new: Binding) {
        let idx = match self.layers.iter().position(|(m, _)| *m == mode) {
            Some(i) => i,
            None => {
                self.layers.push((mode, Vec::new()));
                self.layers.len() - 1
            }
        };
        let layer = &mut self.layers[idx].1;
        for b in layer.iter_mut() {
            b.keys.retain(|k| !new.keys.contains(k));
        }
        layer.retain(|b| !b.keys.is_empty());
        if let Some(existing) = layer.iter_mut().find(|b| b.action == new.action) {
            existing.keys.extend(new.keys);
            if !new.desc.is_empty() {
                existing.desc = new.desc;
            }
            if new.hint.is_some() {
                existing.hint = new.hint;
            }
        } else {
            layer.push(new);
        }
    }

    /// The bindings of one mode, in file order.
    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        self.layers
            .iter()
            .find(|(m, _)| *m == mode)
            .map(|(_, b)| b.as_slice())
            .unwrap_or(&[])
    }

    /// The action bound to a chord in a mode (the global layer answers last).
    pub fn lookup(&self, mode: Mode, chord: Chord) -> Option<Action> {
        let find = |m: Mode| {
            self.bindings(m)
                .iter()
                .find(|b| b.keys.contains(&chord))
                .map(|b| b.action)
        };
        find(mode).or_else(|| find(Mode::Global))
    }

    /// The first key bound to an action in a mode, as text (for messages like "press ]").
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        self.bindings(mode)
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map(Chord::label)
    }

    /// Status-bar hints of a mode: `(first key, label)`.
    pub fn hints(&self, mode: Mode) -> Vec<(String, String)> {
        self.bindings(mode)
            .iter()
            .filter_map(|b| {
                let hint = b.hint.clone()?;
                Some((b.keys.first()?.label(), hint))
            })
            .collect()
    }

    /// Help sections: `(title, [(keys, description)])`, normal mode by group, then other modes.
    pub fn help_sections(&self) -> Vec<(String, Vec<(String, String)>)> {
        let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for mode in Mode::ALL {
            for b in self.bindings(mode) {
                if b.action == Action::Noop || b.keys.is_empty() {
                    continue;
                }
                let title = if mode == Mode::Normal && !b.group.is_empty() {
                    b.group.clone()
                } else {
                    mode.title().to_string()
                };
                let row = (b.keys_label(), b.desc.clone());
                match out.iter_mut().find(|(t, _)| *t == title) {
                    Some((_, rows)) => rows.push(row),
                    None => out.push((title, vec![row])),
                }
            }
        }
        out
    }
}
