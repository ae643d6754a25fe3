//! What the time window left out of the IIS pane: whole W3C files not read and requests
//! dropped. Where no IIS line is on screen, the explorer says the window is why (and that `T`
//! widens it) instead of "no IIS log loaded", which would send the admin to add logs they
//! already gave. Only the logs of the IIS pane (IIS, HTTPERR, other W3C writers) count here:
//! HttpProxy and HCW files the window left out are listed by `I`, not called IIS logs.

use crate::source::SourceKind;
use crate::tui::model::Model;

/// The IIS side the time window left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeftOut {
    /// W3C files (the IIS pane's) wholly outside, not read.
    pub files: usize,
    /// Whether every one of them is an IIS log (else some are HTTPERR or other W3C logs).
    pub all_iis: bool,
    /// Requests read and dropped because they lie outside.
    pub requests: u64,
}

/// Whether a source of `kind` is shown in the IIS pane.
pub fn in_iis_pane(kind: SourceKind) -> bool {
    matches!(
        kind,
        SourceKind::Iis | SourceKind::Httperr | SourceKind::W3c
    )
}

impl LeftOut {
    /// `2 IIS logs outside the time window, not read (T widens it, I lists them)`, at most
    /// 75 characters (it shares an 80-column row with the pane's name).
    pub fn pane_text(self) -> String {
        let kind = if self.all_iis { "IIS" } else { "W3C" };
        match (self.files, self.requests) {
            (0, r) => {
                format!("Every IIS request lies outside the time window: {r} dropped (T widens it)")
            }
            (1, _) => {
                format!("1 {kind} log outside the time window, not read (T widens it, I lists it)")
            }
            (n, _) => format!(
                "{n} {kind} logs outside the time window, not read (T widens it, I lists them)"
            ),
        }
    }
}

impl Model {
    /// What the time window left out of the IIS pane, when it left out any W3C file or
    /// request.
    pub fn iis_left_out(&self) -> Option<LeftOut> {
        let w = self.data.analysis.window.as_ref()?;
        // A file of unknown kind counts as the pane's: saying less than was left out would
        // send the admin looking for logs they gave.
        let kinds: Vec<Option<SourceKind>> = w
            .outside()
            .map(|(_, k)| k)
            .filter(|k| k.is_none_or(in_iis_pane))
            .collect();
        let out = LeftOut {
            files: kinds.len(),
            all_iis: kinds.iter().all(|k| *k == Some(SourceKind::Iis)),
            requests: w.requests_outside,
        };
        (out.files > 0 || out.requests > 0).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pane_text_fits_beside_the_pane_name_at_80_columns() {
        for files in [1, 9, 99, 999] {
            for all_iis in [true, false] {
                let text = LeftOut {
                    files,
                    all_iis,
                    requests: 0,
                }
                .pane_text();
                assert!(text.chars().count() <= 75, "{text}");
            }
        }
        let one = LeftOut {
            files: 1,
            all_iis: true,
            requests: 0,
        };
        assert_eq!(
            one.pane_text(),
            "1 IIS log outside the time window, not read (T widens it, I lists it)"
        );
    }
}
