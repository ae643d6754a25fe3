//! Suggests the clock offset that best lines up HCW test calls with bursts of MRS requests.

use serde::Serialize;

/// A suggested correction for the HCW clock relative to IIS.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkewSuggestion {
    /// Milliseconds to add to HCW instants so they line up with IIS.
    pub offset_ms: i64,
    /// How many test calls line up with a request burst after the shift.
    pub matched_calls: usize,
    /// Test calls considered.
    pub total_calls: usize,
    /// Human-readable evidence.
    pub evidence: Vec<String>,
}
