//! One key with its modifiers, as written in a keymap (`j`, `G`, `<C-c>`, `<PageDown>`) and as
//! crossterm reports it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key plus modifiers, normalised so that keymap text and terminal events compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt / Shift (Shift is dropped for characters: `G` already says it).
    pub mods: KeyModifiers,
}

const NAMES: &[(&str, KeyCode)] = &[
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("Space", KeyCode::Char(' ')),
    ("lt", KeyCode::Char('<')),
    ("gt", KeyCode::Char('>')),
];

impl Chord {
    /// Builds a normalised chord.
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Chord { code, mods }
    }

    /// The chord of a terminal key event.
    pub fn from_event(key: &KeyEvent) -> Self {
        Chord::new(key.code, key.modifiers)
    }

    /// Parses keymap text: a single character, or `<Name>` / `<C-x>` / `<A-x>` / `<S-Name>`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Chord::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let inner = text
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
            .filter(|t| !t.is_empty())
            .ok_or_else(|| format!("bad key {text:?}: use one character or <Name>"))?;
        let mut mods = KeyModifiers::NONE;
        let mut rest = inner;
        while rest.len() > 2 && rest.as_bytes()[1] == b'-' {
            match &rest[..1] {
                "C" | "c" => mods |= KeyModifiers::CONTROL,
                "A" | "a" | "M" | "m" => mods |= KeyModifiers::ALT,
                "S" | "s" => mods |= KeyModifiers::SHIFT,
                _ => return Err(format!("bad modifier in key {text:?}")),
            }
            rest = &rest[2..];
        }
        let mut rc = rest.chars();
        if let (Some(c), None) = (rc.next(), rc.next()) {
            return Ok(Chord::new(KeyCode::Char(c), mods));
        }
        if let Some(n) = rest
            .strip_prefix(['F', 'f'])
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
        {
            return Ok(Chord::new(KeyCode::F(n), mods));
        }
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(rest))
            .map(|&(_, code)| Chord::new(code, mods))
            .ok_or_else(|| format!("unknown key name {text:?}"))
    }

    /// Short text for help and hints: `j`, `G`, `C-c`, `PgDn`, `Tab`.
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("C-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("A-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("S-");
        }
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::BackTab => "S-Tab".to_string(),
            KeyCode::Backspace => "BkSp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::Insert => "Ins".to_string(),
            other => NAMES
                .iter()
                .find(|(_, code)| *code == other)
                .map(|(name, _)| (*name).to_string())
                .unwrap_or_else(|| "?".to_string()),
        };
        out.push_str(&name);
        out
    }
}
