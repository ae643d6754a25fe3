//! What the time window left out of the IIS pane: whole W3C files not read and requests
//! dropped. Where no IIS line is on screen, the explorer says the window is why (and that `T`
//! widens it) instead of "no IIS log loaded", which would send the admin to add logs they
//! already gave.

use crate::tui::model::Model;

/// The IIS side the time window left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeftOut {
    /// Files wholly outside, not read.
    pub files: usize,
    /// Requests read and dropped because they lie outside.
    pub requests: u64,
}

impl LeftOut {
    /// `2 logs outside the time window, not read (T widens it, I lists them)`, at most 75
    /// characters (it shares an 80-column row with the pane's name).
    pub fn pane_text(self) -> String {
        match (self.files, self.requests) {
            (0, r) => {
                format!("Every IIS request lies outside the time window: {r} dropped (T widens it)")
            }
            (1, _) => "1 log outside the time window, not read (T widens it, I lists it)".into(),
            (n, _) => {
                format!("{n} logs outside the time window, not read (T widens it, I lists them)")
            }
        }
    }
}

impl Model {
    /// What the time window left out, when it left out any W3C file or request.
    pub fn iis_left_out(&self) -> Option<LeftOut> {
        let w = self.data.analysis.window.as_ref()?;
        let out = LeftOut {
            files: w.skipped.len(),
            requests: w.requests_outside,
        };
        (out.files > 0 || out.requests > 0).then_some(out)
    }
}
