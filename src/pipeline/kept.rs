//! The W3C sources' states as the load leaves them for live follow ([`Kept`]), and the
//! grouping of every source as if the logs ended now. The states keep only what goes on (open
//! handshakes, counts, users per address): the handshakes that ended move into the analysis
//! at each grouping (`regroup.rs`), so each is held once.

use super::regroup::HandshakeId;
use super::source_state::{W3cState, complete_len};
use super::w3c::{ByteTracker, Loaded};
use super::{Analysis, LoadOptions};
use crate::analyze::handshake::GroupResult;
use crate::analyze::handshake::Handshake;
use crate::analyze::mrs::MrsRequest;
use crate::error::Result;
use crate::index::RequestIndex;
use crate::read::text::LineText;
use crate::read::{Detected, Opened};
use crate::source::SourceInfo;
use crate::source::{SourceId, TextEncoding};
use std::collections::BTreeMap;

/// How a source's handshakes and MRS requests are known.
#[derive(Debug)]
pub(super) enum Grouping {
    /// Followed: the state goes on (its ended handshakes are moved out at each grouping).
    Live(Box<W3cState>),
    /// Not followed: what the load found (its handshakes moved out at the first grouping).
    Done(Box<GroupResult>, Vec<MrsRequest>, u64),
}

/// W3C sources as the load leaves them, by source id.
#[derive(Debug, Default)]
pub(super) struct Kept {
    pub(super) groups: BTreeMap<SourceId, Grouping>,
    /// Handshakes that ended, taken out of the sources on the threads that parsed them (in
    /// identity order), not yet handed to the analysis.
    ended: Vec<Vec<Handshake>>,
    /// The name each site folder's files log, learned by the load and every file read since:
    /// a file read again alone is named as the load named it.
    pub(super) site_names: super::w3c::SiteNames,
}

/// One source as the load leaves it, made ready on the thread that parsed it: its index, its
/// state and the handshakes that ended, in identity order.
struct Taken {
    info: SourceInfo,
    text: LineText,
    index: Option<RequestIndex>,
    grouping: Grouping,
    ended: Vec<Handshake>,
    bytes_skipped: u64,
    outside: u64,
}

impl Taken {
    fn of(mut l: Loaded) -> Taken {
        let index = l.sinks.index.take();
        let outside = l.sinks.outside;
        let (grouping, mut ended) = if matches!(l.text, LineText::File(_)) {
            let ended = l.sinks.grouper.drain_kept();
            let state = W3cState::after_load(l.sinks, &l.info);
            (Grouping::Live(Box::new(state)), ended)
        } else {
            let (mrs, dropped) = l.sinks.mrs.finish();
            let mut r = l.sinks.grouper.finish_unresolved();
            let ended = std::mem::take(&mut r.handshakes);
            (Grouping::Done(Box::new(r), mrs, dropped), ended)
        };
        super::regroup::sort_source_by_id(&mut ended);
        Taken {
            info: l.info,
            text: l.text,
            index,
            grouping,
            ended,
            bytes_skipped: l.bytes_skipped,
            outside,
        }
    }
}

impl Kept {
    /// The load's W3C step, keeping every source's state (followed files are read up to their
    /// last complete line only); the handshakes wait for [`Kept::regroup`].
    pub(super) fn load_w3c(
        &mut self,
        a: &mut Analysis,
        mut files: Vec<Opened>,
        opts: &LoadOptions,
        tracker: &ByteTracker,
    ) -> Result<()> {
        for o in &mut files {
            if followable(o) {
                o.len = complete_len(&o.path, o.len);
            }
        }
        let window = a.window.as_ref().map(|w| w.window);
        let first = a.sources.len();
        let taken = super::w3c::load_sources_then(
            first,
            files,
            &mut self.site_names,
            opts,
            window,
            tracker,
            Taken::of,
        )?;
        for t in taken {
            if let Some(w) = &mut a.window {
                w.bytes_skipped += t.bytes_skipped;
                w.requests_outside += t.outside;
            }
            if let Some(ix) = t.index {
                a.requests.push(std::sync::Arc::new(ix));
            }
            self.groups.insert(t.info.id, t.grouping);
            self.ended.push(t.ended);
            a.sources.push(t.info);
            a.texts.push(t.text);
        }
        Ok(())
    }

    /// The load's handshakes into the analysis, grouped across sources (after
    /// [`Kept::load_w3c`]).
    pub(super) fn regroup(&mut self, a: &mut Analysis) {
        let (grouped, provisional, mrs, dropped) = self.grouping();
        super::regroup::regroup(a, grouped, provisional, &[]);
        a.mrs = mrs;
        a.mrs_dropped = dropped;
    }

    /// Every source's grouping as if it ended now, for [`super::regroup::regroup`]: the
    /// handshakes that ended since the last call (moved out of the states, which keep only
    /// what goes on), the open ones closed as abandoned in a copy (provisional, their ids
    /// returned sorted), every count, user and glued challenge; and the MRS requests.
    pub(super) fn grouping(&mut self) -> (GroupResult, Vec<HandshakeId>, Vec<MrsRequest>, u64) {
        let mut ended = std::mem::take(&mut self.ended);
        let mut parts = Vec::with_capacity(self.groups.len());
        let (mut mrs, mut dropped) = (Vec::new(), 0);
        for g in self.groups.values_mut() {
            match g {
                Grouping::Live(s) => {
                    ended.push(s.sinks.grouper.drain_kept());
                    parts.push(s.sinks.grouper.open_as_ended());
                    let (m, d) = s.sinks.mrs.clone().finish();
                    mrs.extend(m);
                    dropped += d;
                }
                Grouping::Done(r, m, d) => {
                    ended.push(std::mem::take(&mut r.handshakes));
                    parts.push(GroupResult::clone(r));
                    mrs.extend(m.iter().cloned());
                    dropped += *d;
                }
            }
        }
        let mut grouped = GroupResult::merge_all(parts);
        let mut provisional: Vec<HandshakeId> = grouped
            .handshakes
            .iter()
            .map(super::regroup::id_of)
            .collect();
        provisional.sort_unstable();
        // The largest list is moved, the others appended to it: no second copy of it.
        let rest = grouped.handshakes.len() + ended.iter().map(Vec::len).sum::<usize>();
        let biggest = (0..ended.len()).max_by_key(|&i| ended[i].len());
        let mut all = biggest.map(|i| ended.swap_remove(i)).unwrap_or_default();
        all.reserve_exact(rest - all.len());
        for e in ended {
            all.extend(e);
        }
        all.append(&mut grouped.handshakes);
        grouped.handshakes = all;
        (grouped, provisional, mrs, dropped)
    }
}

pub(super) fn followable(o: &Opened) -> bool {
    matches!(
        o.encoding,
        TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Windows1252
    ) && matches!(o.kind, Detected::Iis | Detected::Httperr | Detected::W3c)
}
