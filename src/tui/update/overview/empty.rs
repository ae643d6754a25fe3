//! Why an overview table has no row, said in the table's place: a log of its kind not loaded
//! (with what to add), nothing of its kind in the loaded logs, or nothing the active filters
//! keep. Empty column headers alone read as a broken screen.

use crate::tui::model::outside::LeftOut;
use crate::tui::model::overview::OverviewLine;
use crate::tui::model::pane::PaneId;

/// A line that is neither a heading nor a row (drawn dim, never selected).
fn note(text: &str) -> OverviewLine {
    OverviewLine {
        cells: vec![text.to_string()],
        heading: false,
        bad: false,
        pick: None,
        run: None,
    }
}

fn heading(text: &str) -> OverviewLine {
    OverviewLine {
        heading: true,
        ..note(text)
    }
}

/// The lines standing for every table of pane `p` when no log of its kind was loaded: one
/// heading naming what the tables would show, and what to add — or, when the time window left
/// the IIS logs out, that it did.
pub fn not_loaded(p: PaneId, left_out: Option<LeftOut>) -> [OverviewLine; 2] {
    match p {
        PaneId::Iis => [
            heading("Handshakes, clients and users"),
            match left_out {
                Some(l) => note(&l.pane_text()),
                None => {
                    note("No IIS log loaded: add a W3SVC folder (inetpub\\logs\\LogFiles\\W3SVC1)")
                }
            },
        ],
        PaneId::Hcw => [
            heading("HCW calls by outcome"),
            note("No HCW log loaded: add %AppData%\\Microsoft\\Exchange Hybrid Configuration"),
        ],
    }
}

/// What a table with no row says under its heading, in place of its column headers.
pub fn no_rows(what: &str, filtered: bool) -> OverviewLine {
    if filtered {
        note("None among the lines the filters keep (L lists the filters)")
    } else {
        note(what)
    }
}
