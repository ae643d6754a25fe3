use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use serde::de::IntoDeserializer;

fn key(code: KeyCode, mods: KeyModifiers) -> Chord {
    Chord::from_event(&KeyEvent::new(code, mods))
}

#[test]
fn default_keymap_loads_without_warnings() {
    let (map, warnings) = Keymap::load(None);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(map.bindings(Mode::Normal).len() > 20);
}

#[test]
fn every_bindable_action_has_a_normal_or_popup_key() {
    let (map, _) = Keymap::load(None);
    let bound: Vec<Action> = Mode::ALL
        .iter()
        .flat_map(|&m| map.bindings(m).iter().map(|b| b.action))
        .collect();
    for name in [
        "quit",
        "back",
        "force_quit",
        "cursor_down",
        "next_handshake",
        "prev_failed_handshake",
        "next_failure",
        "toggle_findings",
        "jump_to_evidence",
        "apply_skew",
        "cycle_zone",
        "toggle_sync",
        "offset_minus_hour",
        "filter_include",
        "filter_exclude",
        "quick_filter",
        "fuzzy_find",
        "filter_list",
        "clear_filters",
        "toggle_item",
        "remove_item",
        "next_field",
        "prev_field",
        "toggle_mark",
        "marks_list",
        "copy",
        "copy_redacted",
        "write_notes",
        "write_notes_redacted",
        "toggle_follow",
        "widen_window",
        "input_submit",
        "input_backspace",
        "input_clear",
        "search_submit",
    ] {
        let a = Action::deserialize(name.into_deserializer())
            .map_err(|e: serde::de::value::Error| e.to_string())
            .unwrap();
        if a != Action::Quit {
            assert!(bound.contains(&a), "{name} is not bound");
        }
    }
}

#[test]
fn keys_resolve_with_shift_dropped_for_characters() {
    let map = Keymap::defaults();
    assert_eq!(
        map.lookup(Mode::Normal, key(KeyCode::Char('j'), KeyModifiers::NONE)),
        Some(Action::CursorDown)
    );
    assert_eq!(
        map.lookup(Mode::Normal, key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        Some(Action::CursorBottom)
    );
    assert_eq!(
        map.lookup(Mode::Normal, key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
        Some(Action::ToggleHelp)
    );
    assert_eq!(
        map.lookup(Mode::Normal, key(KeyCode::Char('<'), KeyModifiers::SHIFT)),
        Some(Action::OffsetMinusHour)
    );
    assert_eq!(
        map.lookup(Mode::Normal, key(KeyCode::Tab, KeyModifiers::SHIFT)),
        Some(Action::FocusPrevPane)
    );
    assert_eq!(
        map.lookup(Mode::Help, key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::ForceQuit)
    );
    assert_eq!(
        map.lookup(Mode::Input, key(KeyCode::Char('j'), KeyModifiers::NONE)),
        None
    );
}

#[test]
fn chords_parse_and_label() {
    for (text, label) in [
        ("j", "j"),
        ("<C-c>", "C-c"),
        ("<PageDown>", "PgDn"),
        ("<lt>", "<"),
        ("<Space>", "Space"),
        ("<F5>", "F5"),
        ("<S-Tab>", "S-Tab"),
    ] {
        assert_eq!(Chord::parse(text).unwrap().label(), label, "{text}");
    }
    assert!(Chord::parse("<Nope>").is_err());
    assert!(Chord::parse("ab").is_err());
    assert!(Chord::parse("<X-a>").is_err());
}

#[test]
fn user_file_rebinds_and_reports_unknown_actions() {
    let user = r#"
[normal]
keymap = [
  { on = "x", run = "next_handshake", desc = "Handshake!" },
  { on = "j", run = "noop" },
  { on = "z", run = "explode" },
]
[bogus]
keymap = []
"#;
    let (map, warnings) = Keymap::load(Some(user));
    let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(map.lookup(Mode::Normal, x), Some(Action::NextHandshake));
    let close = key(KeyCode::Char(']'), KeyModifiers::NONE);
    assert_eq!(map.lookup(Mode::Normal, close), Some(Action::NextHandshake));
    let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(map.lookup(Mode::Normal, j), Some(Action::Noop));
    let down = key(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(map.lookup(Mode::Normal, down), Some(Action::CursorDown));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("explode")));
    assert!(warnings.iter().any(|w| w.contains("bogus")));
    let help = map.help_sections();
    let all: Vec<&(String, String)> = help.iter().flat_map(|(_, r)| r).collect();
    assert!(all.iter().any(|(k, d)| k == "]/x" && d == "Handshake!"));
    assert!(!all.iter().any(|(k, _)| k == "j"));
}

#[test]
fn broken_user_file_keeps_defaults() {
    let (map, warnings) = Keymap::load(Some("[normal\nkeymap = ["));
    assert_eq!(warnings.len(), 1);
    let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(map.lookup(Mode::Normal, j), Some(Action::CursorDown));
}

#[test]
fn hints_and_help_come_from_the_table() {
    let map = Keymap::defaults();
    let hints = map.hints(Mode::Normal);
    assert_eq!(hints[0], ("?".to_string(), "help".to_string()));
    assert!(hints.contains(&("]".to_string(), "handshake".to_string())));
    let sections = map.help_sections();
    let titles: Vec<&str> = sections.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles[0], "General");
    assert!(titles.contains(&"Handshakes and failures"));
    assert!(titles.contains(&"In the findings list"));
}
