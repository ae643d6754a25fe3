//! The timeline strip's state: requests and failures over the loaded range in fine buckets,
//! computed once per load, filter or clock change ([`StripKey`]) — never per frame — and the
//! zoom the view cuts its window with. The range is where the evidence the panes are about
//! lies: the HCW, IIS and other text logs. A Security log, exported over months or years, only
//! explains the handshakes it meets; its events outside that range would stretch the strip
//! until a day of IIS activity is one column, so they are left out of it and said at its ends
//! ([`Strip::outside`]). A load of Security logs alone spans them. Text logs that do not
//! overlap the HCW runs at all (another day's or year's) are left out the same way, and the
//! strip spans the runs ([`crate::analyze::overview::apart::charted`]).

use crate::analyze::overview::timeline::Timeline;
use std::sync::Arc;

/// Fine buckets over the loaded range; the view sums them into its columns.
pub const FINE: usize = 4096;
/// Deepest zoom: the window is the range / 2^MAX_ZOOM.
pub const MAX_ZOOM: u32 = 8;

/// What the fine timeline was computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StripKey {
    /// Identity of the loaded data.
    pub data: usize,
    /// Rows loaded (live follow appends).
    pub rows: usize,
    /// Filter membership generations of the HCW and IIS pane (0: no active filter).
    pub members: [u64; 2],
    /// Session clock offsets.
    pub offsets: Vec<i64>,
}

/// The strip.
#[derive(Debug, Clone, Default)]
pub struct Strip {
    /// 0 shows the whole range; each step halves the window around the cursor.
    pub zoom: u32,
    /// The fine timeline, when something is loaded.
    pub fine: Option<Arc<Timeline>>,
    /// The last instant the fine timeline covers: the last line's. Its last bucket ends a
    /// little later (the range is cut into [`FINE`] equal buckets), so the strip's right end
    /// says this instant, not the bucket's end.
    pub last: Option<crate::time::UtcMs>,
    /// Evidence outside the range, before it and after it: the farthest instant and the kind
    /// of log it is in.
    pub outside: [Option<(crate::time::UtcMs, crate::source::SourceKind)>; 2],
    /// What [`Strip::fine`] was computed from.
    pub key: StripKey,
    /// How many times it was computed (tests check it is not per frame).
    pub computed: u64,
}
