//! The headless report: the same analysis the explorer shows, as text, Markdown, JSON or a
//! self-contained HTML page.
//!
//! Text and Markdown lead with the findings, then the evidence (failed calls, failed
//! handshakes, sources and unparsed lines). JSON is a documented contract (README).

pub mod html;
pub mod json;
pub mod markdown;
pub mod text;

mod doc;
mod lines;

pub use lines::{evidence_text, wrap};
