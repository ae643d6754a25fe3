//! `update`: the only place the model changes. Pure: no terminal, no files, no clock; work
//! that needs those comes back as [`Effect`]s for the app loop.
//!
//! [`handle`] turns a [`Msg`] into actions through the keymap (or applies worker results);
//! [`update`] dispatches an [`Action`] by mode to the small modules below.

pub mod copy;
pub mod filter;
pub mod filters;
pub mod goto;
pub mod input;
pub mod jump;
pub mod lines;
pub mod live;
pub mod marks;
pub mod navigate;
pub mod notes;
pub mod open;
pub mod overlay;
pub mod overview;
pub mod picker;
pub mod quick;
pub mod runs;
pub mod search;
pub mod sources;
pub mod strip;
pub mod time;
pub mod window;
pub mod worker;

use crate::filter::RuleKind;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Chord, Mode};
use crate::tui::model::data::Data;
use crate::tui::model::load::LoadState;
use crate::tui::model::timeline::Timeline;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::msg::Msg;
use crossterm::event::{KeyCode, KeyModifiers};
use std::sync::Arc;

/// Applies one message (and brings the timeline strip up to date when its inputs changed).
pub fn handle(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = handle_msg(model, msg);
    strip::refresh(model);
    fx.extend(lines::request(model));
    fx
}

fn handle_msg(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            let chord = Chord::from_event(&key);
            let mode = model.mode();
            match model.settings.keymap.lookup(mode, chord) {
                Some(action) => update(model, action),
                None => match (mode, chord.code) {
                    (Mode::Input | Mode::Picker | Mode::Quick, KeyCode::Char(c))
                        if !chord
                            .mods
                            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                    {
                        update(model, Action::Insert(c))
                    }
                    _ => Vec::new(),
                },
            }
        }
        Msg::Resize(w, h) => {
            model.size = (w, h);
            navigate::keep_visible(model);
            Vec::new()
        }
        Msg::Tick => {
            if let LoadState::Loading { ticks, .. } = &mut model.load {
                *ticks = ticks.wrapping_add(1);
            }
            Vec::new()
        }
        Msg::Poll => live::poll(model),
        Msg::Worker(w) => worker::apply(model, w),
    }
}

/// Applies one action.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    // A note boxed over the screen reads as a popup: `q` or `Esc` closes it and does no more
    // (it would otherwise close the popup below or quit).
    let boxed = crate::tui::view::status::boxed_note(model).is_some();
    if !matches!(action, Action::Insert(_)) {
        model.note = None;
    }
    if boxed && matches!(action, Action::Quit | Action::Back) {
        return Vec::new();
    }
    match action {
        Action::ForceQuit => return vec![Effect::Quit(exit_code(model))],
        Action::Noop => return Vec::new(),
        _ => {}
    }
    if matches!(
        action,
        Action::CursorDown | Action::CursorUp | Action::PageDown
    ) || matches!(
        action,
        Action::PageUp | Action::CursorTop | Action::CursorBottom
    ) {
        model.filters[model.focus.index()].anchor = None;
    }
    match model.mode() {
        Mode::Input => input::update(model, action),
        Mode::Filters => filters::update(model, action),
        Mode::Quick => quick::update(model, action),
        Mode::Picker => picker::update(model, action),
        Mode::Marks => marks::update(model, action),
        Mode::Sources => sources::update(model, action),
        Mode::Overview => overview::update(model, action),
        Mode::Runs => runs::update(model, action),
        Mode::Help | Mode::Findings | Mode::Entry => overlay::update(model, action),
        Mode::Normal | Mode::Global => normal(model, action),
    }
}

fn normal(model: &mut Model, action: Action) -> Vec<Effect> {
    let focus = model.focus;
    match action {
        Action::Quit => return vec![Effect::Quit(exit_code(model))],
        // Esc closes popups; one pressed too many must not end a session whose load may have
        // taken minutes.
        Action::Back => model.say(NoteLevel::Info, "q quits (Esc closes popups)"),
        Action::CursorDown => navigate::by(model, focus, 1),
        Action::CursorUp => navigate::by(model, focus, -1),
        Action::PageDown => navigate::by(model, focus, page(model)),
        Action::PageUp => navigate::by(model, focus, -page(model)),
        Action::CursorTop => navigate::to(model, focus, 0),
        Action::CursorBottom => navigate::to(model, focus, usize::MAX),
        Action::FocusNextPane | Action::FocusPrevPane => navigate::switch_focus(model),
        Action::OpenLine => overlay::open_line(model),
        Action::CycleZone => time::cycle_zone(model),
        Action::ToggleSync => time::toggle_sync(model),
        Action::OffsetPlusSecond => return time::nudge(model, 1_000),
        Action::OffsetMinusSecond => return time::nudge(model, -1_000),
        Action::OffsetPlusHour => return time::nudge(model, 3_600_000),
        Action::OffsetMinusHour => return time::nudge(model, -3_600_000),
        Action::ApplySkew => return time::apply_skew(model),
        Action::ResetOffsets => return time::reset(model),
        Action::NextHandshake => jump::handshake(model, true, false),
        Action::PrevHandshake => jump::handshake(model, false, false),
        Action::NextFailedHandshake => jump::handshake(model, true, true),
        Action::PrevFailedHandshake => jump::handshake(model, false, true),
        Action::NextFailure => jump::failure(model, true),
        Action::PrevFailure => jump::failure(model, false),
        Action::ToggleFindings => overlay::open_findings(model),
        Action::ToggleSources => sources::open(model),
        Action::ToggleHelp => overlay::open_help(model),
        Action::SearchStart => search::start(model),
        Action::SearchNext => search::step(model, true),
        Action::SearchPrev => search::step(model, false),
        Action::FilterInclude => filter::start(model, RuleKind::Include),
        Action::FilterExclude => filter::start(model, RuleKind::Exclude),
        Action::QuickFilter => quick::open(model),
        Action::FuzzyFind => picker::open(model),
        Action::FilterList => filters::open(model),
        Action::ClearFilters => return filter::clear(model, focus),
        Action::ToggleMark => marks::toggle(model),
        Action::MarksList => marks::open(model),
        Action::Copy => return copy::copy(model, false),
        Action::CopyRedacted => return copy::copy(model, true),
        Action::WriteNotes => notes::start_write(model, false),
        Action::WriteNotesRedacted => notes::start_write(model, true),
        Action::ToggleFollow => live::toggle(model),
        Action::WidenWindow => return window::widen(model),
        Action::GotoTime => goto::start(model),
        Action::ToggleOverview => overview::open(model),
        Action::ToggleRuns => runs::open(model),
        Action::ZoomIn => strip::zoom(model, true),
        Action::ZoomOut => strip::zoom(model, false),
        _ => {}
    }
    Vec::new()
}

fn page(model: &Model) -> isize {
    isize::try_from(model.page(model.focus)).unwrap_or(1)
}

/// The exit code: 1 when the load failed, else 0.
pub fn exit_code(model: &Model) -> i32 {
    i32::from(matches!(model.load, LoadState::Failed(_)))
}

/// Installs loaded data and puts the cursor on the failure that matters first.
pub fn loaded(model: &mut Model, data: Arc<Data>, timeline: Timeline) {
    model.zones.hcw = data
        .analysis
        .sources
        .iter()
        .find(|s| s.kind == crate::source::SourceKind::Hcw)
        .map(|s| s.zone.clone());
    model.data = data;
    model.timeline = timeline;
    model.load = LoadState::Ready;
    model.live.enabled = true;
    strip::refresh(model);
    open::open(model);
    let warnings = &model.data.analysis.warnings;
    if !warnings.is_empty() {
        let text = warnings.join("; ");
        model.say(crate::tui::model::NoteLevel::Warn, text);
    }
}
