//! Compact columnar index of W3C requests for the explorer: one row per data line.

use crate::source::SourceId;

/// Columnar index of one W3C source.
#[derive(Debug, Default)]
pub struct RequestIndex {
    /// The source.
    pub source: SourceId,
}
