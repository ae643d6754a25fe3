//! The whole UI state in one value: loaded data, panes, focus, clock, popups, search, notes.
//!
//! Views borrow it; only `update` changes it. Cross-pane time sync is a property of the model:
//! [`Model::cursor_time`] is the instant under the focused cursor, and the other pane follows.
//!
//! Rows are addressed by [`row::RowRef`] (stable) or by position in a pane (what the cursor holds).
//! Every position ↔ row conversion goes through [`Model::row_at`] / [`Model::pos_of`]; a pane's
//! filter narrows its rows there and nowhere else.

pub mod clock;
pub mod data;
mod events;
pub mod filter;
pub mod input;
pub mod lines;
pub mod live;
pub mod load;
pub mod marks;
mod note;
pub mod outside;
pub mod overlay;
pub mod overview;
pub mod pane;
pub mod picker;
mod position;
pub mod row;
pub mod runs;
pub mod search;
pub mod seeds;
pub mod strip;
pub mod timeline;

use crate::pipeline::Analysis;
use crate::source::SourceKind;
use crate::time::{UtcMs, ZoneSpec};
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::layout;
use clock::{Clock, Zones};
use data::Data;
use filter::PaneFilter;
use input::Input;
use live::Live;
use load::LoadState;
use marks::Marks;
pub use note::{Note, NoteLevel};
use overlay::{FindingCursor, Overlay};
use pane::{Pane, PaneId};
use ratatui::layout::Rect;
use search::Search;
use std::sync::Arc;
use timeline::Timeline;

/// What the shell tells the model at start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Shown in the status bar (`hcwlens demo`, or the folder opened).
    pub title: String,
    /// False when `NO_COLOR` is set: modifiers only.
    pub color: bool,
    /// This machine's zone, if known (the shell reads it; tests fix it or leave it out).
    pub local_zone: Option<ZoneSpec>,
    /// Key bindings.
    pub keymap: Keymap,
    /// Where a user keymap is read from (shown in help).
    pub keymap_path: Option<String>,
    /// Problems met while starting (bad user keymap entries), shown once.
    pub warnings: Vec<String>,
    /// The file name `w` offers for the notes.
    pub notes_file: String,
    /// The folder `w` offers it in (the documents folder, or `--notes-dir`); none: the current
    /// folder.
    pub notes_dir: Option<std::path::PathBuf>,
}

impl Settings {
    /// Colour on, default keys, no local zone.
    pub fn new(title: impl Into<String>) -> Self {
        Settings {
            title: title.into(),
            color: true,
            local_zone: None,
            keymap: Keymap::defaults(),
            keymap_path: None,
            warnings: Vec::new(),
            notes_file: "hcwlens-notes.md".to_string(),
            notes_dir: None,
        }
    }
}

/// The UI state.
#[derive(Debug)]
pub struct Model {
    /// Start-up settings.
    pub settings: Settings,
    /// Terminal size `(columns, rows)`.
    pub size: (u16, u16),
    /// Load progress.
    pub load: LoadState,
    /// The analysis and its lookups (empty while loading).
    pub data: Arc<Data>,
    /// Orders that depend on offsets.
    pub timeline: Timeline,
    /// Display zone, sync, offsets.
    pub clock: Clock,
    /// Zones to cycle through.
    pub zones: Zones,
    /// HCW and IIS pane, by [`PaneId::index`].
    pub panes: [Pane; 2],
    /// The focused pane.
    pub focus: PaneId,
    /// The open popup.
    pub overlay: Option<Overlay>,
    /// Search state.
    pub search: Search,
    /// The text input, while one is open.
    pub input: Option<Input>,
    /// Filters of the HCW and IIS pane, by [`PaneId::index`].
    pub filters: [PaneFilter; 2],
    /// Marked items for the ticket.
    pub marks: Marks,
    /// Live follow.
    pub live: Live,
    /// Selection in the findings list.
    pub finding: FindingCursor,
    /// Status message.
    pub note: Option<Note>,
    /// Generation of the newest IIS re-merge asked for.
    pub merge_generation: u64,
    /// The timeline strip.
    pub strip: strip::Strip,
    /// The fuzzy finder's candidates for the loaded data.
    pub finder: picker::FinderCache,
    /// Line text read back for the view.
    pub lines: lines::Lines,
}

impl Model {
    /// A model waiting for its data.
    pub fn new(settings: Settings, size: (u16, u16)) -> Self {
        let note = (!settings.warnings.is_empty())
            .then(|| Note::new(NoteLevel::Warn, settings.warnings.join("; ")));
        Model {
            zones: Zones {
                hcw: None,
                local: settings.local_zone.clone(),
            },
            settings,
            size,
            load: LoadState::start(),
            data: Arc::new(Data::default()),
            timeline: Timeline::default(),
            clock: Clock::default(),
            panes: [Pane::default(); 2],
            focus: PaneId::Hcw,
            overlay: None,
            search: Search::default(),
            input: None,
            filters: Default::default(),
            marks: Marks::default(),
            live: Live::default(),
            finding: FindingCursor::default(),
            note,
            merge_generation: 0,
            strip: strip::Strip::default(),
            finder: picker::FinderCache::default(),
            lines: lines::Lines::default(),
        }
    }

    /// A model with its data loaded and the cursor on the first failure (for tests and tools).
    pub fn ready(analysis: Analysis, settings: Settings, size: (u16, u16)) -> Self {
        let mut model = Model::new(settings, size);
        let data = Data::new(analysis);
        let timeline = Timeline::build(&data, &model.clock);
        crate::tui::update::loaded(&mut model, Arc::new(data), timeline);
        model
    }

    /// The keymap mode for the current state.
    pub fn mode(&self) -> Mode {
        if self.input.is_some() {
            return Mode::Input;
        }
        match self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Findings) => Mode::Findings,
            Some(Overlay::Entry { .. }) => Mode::Entry,
            Some(Overlay::Filters { .. }) => Mode::Filters,
            Some(Overlay::Quick { .. }) => Mode::Quick,
            Some(Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::Marks) => Mode::Marks,
            Some(Overlay::Sources { .. }) => Mode::Sources,
            Some(Overlay::Overview(_)) => Mode::Overview,
            Some(Overlay::Runs(_)) => Mode::Runs,
            None => Mode::Normal,
        }
    }

    /// True while the background load runs.
    pub fn is_loading(&self) -> bool {
        matches!(self.load, LoadState::Loading { .. })
    }

    /// A pane's state.
    pub fn pane(&self, p: PaneId) -> &Pane {
        &self.panes[p.index()]
    }

    /// A pane's filter.
    pub fn filter(&self, p: PaneId) -> &PaneFilter {
        &self.filters[p.index()]
    }

    /// The screen parts for the current size.
    pub fn areas(&self) -> layout::Areas {
        layout::areas_with(
            Rect::new(0, 0, self.size.0, self.size.1),
            self.empty_panes(),
        )
    }

    /// `[hcw, iis]`: true for a pane no log of its kind was loaded into (once loading is done).
    pub fn empty_panes(&self) -> [bool; 2] {
        if self.is_loading() {
            return [false, false];
        }
        let iis = self.source_count(SourceKind::Iis) + self.source_count(SourceKind::Httperr);
        [self.source_count(SourceKind::Hcw) == 0, iis == 0]
    }

    /// Rows a pane shows on screen.
    pub fn page(&self, p: PaneId) -> usize {
        let a = self.areas();
        layout::rows_of(match p {
            PaneId::Hcw => a.hcw,
            PaneId::Iis => a.iis,
        })
        .max(1)
    }

    /// The display zone's spec.
    pub fn zone(&self) -> ZoneSpec {
        self.zones.spec(self.clock.zone)
    }

    /// The display zone's label.
    pub fn zone_label(&self) -> String {
        self.zones.label(self.clock.zone)
    }

    /// `HH:MM:SS.mmm` in the display zone.
    pub fn fmt_time(&self, t: UtcMs) -> String {
        let s = t.format_in(&self.zone());
        s.get(11..).unwrap_or(&s).to_string()
    }

    /// `YYYY-MM-DD` in the display zone.
    pub fn fmt_date(&self, t: UtcMs) -> String {
        let s = t.format_in(&self.zone());
        s.get(..10).unwrap_or(&s).to_string()
    }

    /// Number of loaded sources of a kind.
    pub fn source_count(&self, kind: SourceKind) -> usize {
        self.data
            .analysis
            .sources
            .iter()
            .filter(|s| s.kind == kind)
            .count()
    }

    /// Sets a status note.
    pub fn say(&mut self, level: NoteLevel, text: impl Into<String>) {
        self.note = Some(Note::new(level, text));
    }
}
