//! hcwlens: a log explorer for Exchange hybrid troubleshooting.
//!
//! The pipeline, domain first (no terminal, no async runtime, no clock):
//!
//! ```text
//! paths ─► read (open read-only, detect kind, decode) ─► parse::{hcw, w3c}
//!        ─► HcwEntry / W3cRecord ─► analyze::{cmdlet, handshake, correlate, skew, findings}
//!        ─► Analysis ─► report (text | markdown | json) · export (ticket text) · tui
//! ```
//!
//! [`pipeline::load`] runs all of it; the `report` command prints its result and the TUI
//! (module [`tui`], the only part that knows about terminals) explores it.

pub mod analyze;
pub mod cli;
pub mod clip;
pub mod codes;
pub mod discover;
pub mod error;
pub mod escape;
pub mod export;
pub mod filter;
pub mod follow;
pub mod generate;
pub mod hash;
pub mod index;
pub mod order;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod read;
pub mod record;
pub mod redact;
pub mod report;
pub mod source;
pub mod time;
pub mod tui;
pub mod wording;
