//! Bursts of mrsproxy requests: runs of requests from one client with short gaps, the IIS
//! footprint of one test call or move attempt.

use crate::analyze::mrs::MrsRequest;
use crate::time::UtcMs;

/// Longest pause inside one burst, in ms.
pub const BURST_GAP_MS: i64 = 10_000;

/// A run of mrsproxy requests from one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Burst {
    /// Estimated start of the first request.
    pub start: UtcMs,
    /// Completion of the last request.
    pub end: UtcMs,
    /// Index into the mrs slice of the first request.
    pub first: usize,
    /// Requests in the burst.
    pub count: usize,
}

/// Splits requests into bursts per client, sorted by start.
pub fn bursts(mrs: &[MrsRequest]) -> Vec<Burst> {
    let mut order: Vec<usize> = (0..mrs.len()).collect();
    order.sort_by(|&a, &b| (&mrs[a].client, mrs[a].ts).cmp(&(&mrs[b].client, mrs[b].ts)));
    let mut out: Vec<Burst> = Vec::new();
    let mut current: Option<Burst> = None;
    for i in order {
        let r = &mrs[i];
        let started = r.started();
        match current.as_mut() {
            Some(b)
                if mrs[b.first].client == r.client
                    && r.ts.0.saturating_sub(b.end.0) <= BURST_GAP_MS =>
            {
                b.end = b.end.max(r.ts);
                b.start = b.start.min(started);
                b.count += 1;
            }
            _ => {
                out.extend(current.take());
                current = Some(Burst {
                    start: started,
                    end: r.ts,
                    first: i,
                    count: 1,
                });
            }
        }
    }
    out.extend(current);
    out.sort_by_key(|b| (b.start, b.first));
    out
}
