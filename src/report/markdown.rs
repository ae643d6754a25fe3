//! The Markdown report for tickets and e-mail: the same sections as the text report.

use super::doc::{Doc, Style};
use crate::pipeline::Analysis;

/// Renders the Markdown report.
pub fn render(a: &Analysis) -> String {
    Doc::new(Style::Markdown).render(a)
}
