//! `apart`: the HCW runs and the text logs loaded do not overlap, so no request can be lined
//! up with the wizard's calls ([`crate::analyze::overview::apart`]); absent when they overlap.

use crate::pipeline::Analysis;
use crate::time::UtcMs;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ApartOut {
    /// First and last instant of the HCW logs.
    runs_first: UtcMs,
    runs_last: UtcMs,
    /// First and last instant of the text logs (IIS, HTTPERR, HttpProxy, W3C).
    logs_first: UtcMs,
    logs_last: UtcMs,
    /// Their kinds (`iis`, `httperr` …).
    kinds: Vec<&'static str>,
    /// The reports' sentence.
    said: String,
}

pub(super) fn apart_out(a: &Analysis) -> Option<ApartOut> {
    let apart = crate::analyze::overview::apart::apart(a)?;
    Some(ApartOut {
        runs_first: apart.runs.0,
        runs_last: apart.runs.1,
        logs_first: apart.logs.0,
        logs_last: apart.logs.1,
        kinds: apart.kinds.iter().map(|k| k.name()).collect(),
        said: apart.sentence(),
    })
}
