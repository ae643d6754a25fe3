//! `view`: draws the model, never changes it. Panes, detail, status and hints, then the open
//! popup on top. Only visible rows are built; all log text is escaped on the way.

pub mod call;
pub mod cut;
pub mod days;
pub mod detail;
pub mod dump;
pub mod entry;
pub mod events;
pub mod filters;
pub mod findings;
pub mod help;
pub mod loading;
pub mod marks;
pub mod overview;
pub mod panes;
pub mod picker;
pub mod popup;
pub mod quick;
pub mod rows;
pub mod runs;
pub mod server;
pub mod sources;
pub mod status;
pub mod strip;
pub mod theme;
pub mod wrap;

use crate::tui::model::Model;
use crate::tui::model::load::LoadState;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::pane::PaneId;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use theme::Theme;

/// Smallest size the layout is drawn at.
pub const MIN_SIZE: (u16, u16) = (30, 8);

/// Draws the whole screen.
pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::new(model.settings.color);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        frame.render_widget(
            Paragraph::new(format!(
                "Terminal too small ({}x{})",
                area.width, area.height
            )),
            area,
        );
        return;
    }
    let a = crate::tui::layout::areas_with(area, model.empty_panes());
    match &model.load {
        LoadState::Ready => {
            panes::draw(model, frame, PaneId::Hcw, a.hcw, &theme);
            panes::draw(model, frame, PaneId::Iis, a.iis, &theme);
            strip::draw(model, frame, a.strip, &theme);
            detail::draw(model, frame, a.detail, &theme);
        }
        _ => {
            let top = Rect::new(area.x, area.y, area.width, a.detail.bottom() - area.y);
            loading::draw(model, frame, top, &theme);
        }
    }
    status::draw(model, frame, a.status, a.hints, &theme);
    match &model.overlay {
        Some(Overlay::Help { .. }) => help::draw(model, frame, area, &theme),
        Some(Overlay::Findings) => findings::draw(model, frame, area, &theme),
        Some(Overlay::Entry { .. }) => entry::draw(model, frame, area, &theme),
        Some(Overlay::Filters { .. }) => filters::draw(model, frame, area, &theme),
        Some(Overlay::Quick { .. }) => quick::draw(model, frame, area, &theme),
        Some(Overlay::Picker(_)) => picker::draw(model, frame, area, &theme),
        Some(Overlay::Marks) => marks::draw(model, frame, area, &theme),
        Some(Overlay::Sources { .. }) => sources::draw(model, frame, area, &theme),
        Some(Overlay::Overview(_)) => overview::draw(model, frame, area, &theme),
        Some(Overlay::Runs(_)) => runs::draw(model, frame, area, &theme),
        None => {}
    }
    status::draw_message(model, frame, a.status, &theme);
}
