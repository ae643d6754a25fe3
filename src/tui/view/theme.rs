//! The one place that picks colours: semantic roles → styles, from the 16 named colours only
//! (RDP consoles on older Windows Server map anything else badly). With `NO_COLOR`, roles map
//! to modifiers only. The cursor row is shown with REVERSED on top of its role.

use ratatui::style::{Color, Modifier, Style};

/// What a piece of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Ordinary text.
    Plain,
    /// Less important (normal handshake challenges, separators).
    Dim,
    /// Timestamps.
    Time,
    /// Failures: failing calls, failed handshakes, HCW errors, 5xx.
    Error,
    /// Warnings and other 4xx.
    Warn,
    /// Success statuses.
    Ok,
    /// Legs of the selected handshake.
    Leg,
    /// Search matches.
    Match,
    /// Pane title.
    Title,
    /// Focused pane title.
    TitleFocus,
    /// Key names in hints and help.
    Key,
    /// Section headings in popups.
    Heading,
    /// Status notes that report a problem.
    NoteWarn,
}

/// Roles → styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// A theme with or without colours.
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    /// The style of a role.
    pub fn style(&self, role: Role) -> Style {
        let s = Style::new();
        if !self.color {
            return match role {
                Role::Error | Role::Title | Role::Heading | Role::Key | Role::NoteWarn => {
                    s.add_modifier(Modifier::BOLD)
                }
                Role::TitleFocus => s.add_modifier(Modifier::BOLD | Modifier::REVERSED),
                Role::Match => s.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                Role::Leg => s.add_modifier(Modifier::UNDERLINED),
                Role::Warn => s.add_modifier(Modifier::ITALIC),
                Role::Plain | Role::Dim | Role::Time | Role::Ok => s,
            };
        }
        match role {
            Role::Plain => s,
            Role::Dim => s.fg(Color::DarkGray),
            Role::Time => s.fg(Color::Cyan),
            Role::Error => s.fg(Color::Red).add_modifier(Modifier::BOLD),
            Role::Warn => s.fg(Color::Yellow),
            Role::Ok => s.fg(Color::Green),
            Role::Leg => s.fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            Role::Match => s.fg(Color::Black).bg(Color::Yellow),
            Role::Title => s.add_modifier(Modifier::BOLD),
            Role::TitleFocus => s
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Role::Key => s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Heading => s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Role::NoteWarn => s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }

    /// The cursor row's extra style.
    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}
