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
    /// Show or hide the sources list (every file loaded or skipped, and why).
    ToggleSources,
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
    /// Keep only lines matching a regex (typed; applied as you type).
    FilterInclude,
    /// Hide lines matching a regex (typed; applied as you type).
    FilterExclude,
    /// Filter by a field of the line under the cursor (same client IP, URI, user …).
    QuickFilter,
    /// Pick a value of a field with the fuzzy finder and keep only its lines.
    FuzzyFind,
    /// Show the filter list (hit counts; toggle and remove rules).
    FilterList,
    /// Remove every filter of the focused pane.
    ClearFilters,
    /// In a list: switch the selected item on or off.
    ToggleItem,
    /// In a list: remove the selected item.
    RemoveItem,
    /// In the fuzzy finder: the next field.
    NextField,
    /// In the fuzzy finder: the previous field.
    PrevField,
    /// Mark or unmark what `y` would copy (handshake, call, finding or line).
    ToggleMark,
    /// Show the marks list.
    MarksList,
    /// Copy the selection as ticket text (in the marks list: every mark).
    Copy,
    /// Same as copy, with names, addresses and accounts replaced by tokens.
    CopyRedacted,
    /// Write the marks and findings to a Markdown file.
    WriteNotes,
    /// Same as write, with names, addresses and accounts replaced by tokens.
    WriteNotesRedacted,
    /// Pause or resume showing new lines as the logs grow.
    ToggleFollow,
    /// Widen the time window (the HCW runs' span ± 1 h → ± 2 h … → everything) and load again.
    WidenWindow,
    /// Type a time to go to (both panes).
    GotoTime,
    /// Show or hide the overview: failures by virtual directory, client, user, HCW call.
    ToggleOverview,
    /// Show or hide the list of HCW runs.
    ToggleRuns,
    /// Zoom the timeline strip in around the cursor.
    ZoomIn,
    /// Zoom the timeline strip out.
    ZoomOut,
    /// Accept the typed text (search, filter, path).
    #[serde(alias = "search_submit")]
    InputSubmit,
    /// Delete the last typed character.
    #[serde(alias = "search_backspace")]
    InputBackspace,
    /// Clear the typed text.
    #[serde(alias = "search_clear")]
    InputClear,
    /// Typed text (not bindable: printable keys in an input).
    #[serde(skip)]
    Insert(char),
}
