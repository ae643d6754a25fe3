//! Everything the user can do, as named actions.
//!
//! The keymap (`keymap.toml` plus the user's file) binds keys to these names; `update` is the only
//! place that gives them meaning. The serde name (snake_case) is what a keymap's `run` says.

use serde::Deserialize;

/// A user intent, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Does nothing (unbinds a key in a user keymap).
    Noop,
    /// Quit.
    Quit,
    /// Quit at once, from any mode (Ctrl-C).
    ForceQuit,
    /// Close the open popup or input; quit when nothing is open.
    Back,
    /// Cursor one line down (in a popup: scroll or select down).
    CursorDown,
    /// Cursor one line up.
    CursorUp,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// First line.
    CursorTop,
    /// Last line.
    CursorBottom,
    /// Focus the next pane.
    FocusNextPane,
    /// Focus the previous pane.
    FocusPrevPane,
    /// Open the line under the cursor whole, in a popup.
    OpenLine,
    /// Cycle the display zone: UTC, the HCW machine's zone, this machine's zone.
    CycleZone,
    /// Toggle time sync between the panes.
    ToggleSync,
    /// Shift the focused source's clock one second later.
    OffsetPlusSecond,
    /// Shift the focused source's clock one second earlier.
    OffsetMinusSecond,
    /// Shift the focused source's clock one hour later.
    OffsetPlusHour,
    /// Shift the focused source's clock one hour earlier.
    OffsetMinusHour,
    /// Apply the suggested HCW clock skew.
    ApplySkew,
    /// Remove every offset applied in this session.
    ResetOffsets,
    /// Select the next handshake.
    NextHandshake,
    /// Select the previous handshake.
    PrevHandshake,
    /// Select the next failed handshake.
    NextFailedHandshake,
    /// Select the previous failed handshake.
    PrevFailedHandshake,
    /// Jump to the next failure in either pane.
    NextFailure,
    /// Jump to the previous failure in either pane.
    PrevFailure,
    /// Show or hide the findings list.
    ToggleFindings,
    /// Jump to the evidence of the selected finding.
    JumpToEvidence,
    /// Show or hide help.
    ToggleHelp,
    /// Start typing a search.
    SearchStart,
    /// Next search match.
    SearchNext,
    /// Previous search match.
    SearchPrev,
    /// Run the typed search.
    SearchSubmit,
    /// Delete the last typed character.
    SearchBackspace,
    /// Clear the typed text.
    SearchClear,
    /// Typed text (not bindable: printable keys in an input).
    #[serde(skip)]
    Insert(char),
}
