//! The plain-text report for a terminal or a log file: findings first, then evidence.

use super::doc::{Doc, Style};
use crate::pipeline::Analysis;

/// Renders the text report.
pub fn render(a: &Analysis) -> String {
    Doc::new(Style::Text).render(a)
}
