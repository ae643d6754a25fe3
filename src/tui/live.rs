//! Live follow, the blocking side: the domain's [`Follow`] that the load handed over with the
//! data, polled every ~1.5 s by the follow job ([`crate::tui::worker::follow`]), which takes
//! each poll's [`crate::pipeline::Delta`] in and hands the model the next data.

use crate::pipeline::Follow;
use crate::tui::model::live::LiveUpdate;

/// The followed logs.
#[derive(Debug)]
pub struct Watch {
    follow: Follow,
}

impl Watch {
    /// Follows what `follow` loaded.
    pub fn new(follow: Follow) -> Watch {
        Watch { follow }
    }

    /// Takes the follow state the load left in `data` (none when the data was not loaded from
    /// files, or was taken already).
    pub fn take(data: &crate::tui::model::data::Data) -> Option<Watch> {
        data.follow.lock().ok()?.take().map(Watch::new)
    }

    /// Number of files followed.
    pub fn len(&self) -> usize {
        self.follow.len()
    }

    /// True when nothing is followed.
    pub fn is_empty(&self) -> bool {
        self.follow.is_empty()
    }

    /// Polls every file once (more while one has a backlog); what changed, if anything.
    pub fn poll(&mut self) -> Vec<LiveUpdate> {
        let delta = self.follow.poll();
        if delta.is_empty() {
            Vec::new()
        } else {
            vec![delta]
        }
    }
}
