//! The W3C sources' states as the load leaves them for live follow ([`Kept`]), and the
//! grouping of every source as if the logs ended now.

use super::source_state::{W3cState, complete_len};
use super::w3c::{ByteTracker, Loaded};
use super::{Analysis, LoadOptions};
use crate::analyze::handshake::GroupResult;
use crate::analyze::mrs::MrsRequest;
use crate::error::Result;
use crate::read::text::LineText;
use crate::read::{Detected, Opened};
use crate::source::{SourceId, TextEncoding};
use std::collections::BTreeMap;

/// How a source's handshakes and MRS requests are known.
#[derive(Debug)]
pub(super) enum Grouping {
    /// Followed: the state goes on.
    Live(Box<W3cState>),
    /// Not followed: what the load found.
    Done(GroupResult, Vec<MrsRequest>, u64),
}

/// W3C sources as the load leaves them, by source id.
#[derive(Debug, Default)]
pub(super) struct Kept {
    pub(super) groups: BTreeMap<SourceId, Grouping>,
}

impl Kept {
    /// The load's W3C step, keeping every source's state (followed files are read up to their
    /// last complete line only).
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
        let loaded = super::w3c::load_sources(a.sources.len(), files, opts, window, tracker)?;
        for l in loaded {
            if let Some(w) = &mut a.window {
                w.bytes_skipped += l.bytes_skipped;
                w.requests_outside += l.sinks.outside;
            }
            self.take(a, l);
        }
        let (grouped, mrs, dropped) = self.snapshot();
        super::w3c::set_handshakes(a, grouped);
        a.mrs = mrs;
        a.mrs_dropped = dropped;
        Ok(())
    }

    /// Files of one source into the analysis; its state kept.
    fn take(&mut self, a: &mut Analysis, mut l: Loaded) {
        let id = l.info.id;
        if let Some(ix) = l.sinks.index.take() {
            a.requests.push(std::sync::Arc::new(ix));
        }
        let g = if matches!(l.text, LineText::File(_)) {
            Grouping::Live(Box::new(W3cState::after_load(l.sinks, &l.info)))
        } else {
            let (mrs, dropped) = l.sinks.mrs.finish();
            Grouping::Done(l.sinks.grouper.finish_unresolved(), mrs, dropped)
        };
        self.groups.insert(id, g);
        a.sources.push(l.info);
        a.texts.push(l.text);
    }

    /// Every source's grouping as if it ended now (open handshakes closed as abandoned in a
    /// copy; the states go on).
    pub(super) fn snapshot(&self) -> (GroupResult, Vec<MrsRequest>, u64) {
        let mut grouped = GroupResult::default();
        let (mut mrs, mut dropped) = (Vec::new(), 0);
        for g in self.groups.values() {
            match g {
                Grouping::Live(s) => {
                    grouped.merge(s.sinks.grouper.clone().finish_unresolved());
                    let (m, d) = s.sinks.mrs.clone().finish();
                    mrs.extend(m);
                    dropped += d;
                }
                Grouping::Done(r, m, d) => {
                    grouped.merge(r.clone());
                    mrs.extend(m.iter().cloned());
                    dropped += d;
                }
            }
        }
        (grouped, mrs, dropped)
    }
}

pub(super) fn followable(o: &Opened) -> bool {
    matches!(o.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom)
        && matches!(o.kind, Detected::Iis | Detected::Httperr | Detected::W3c)
}
