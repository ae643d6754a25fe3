//! Live follow, the blocking side: one [`Follower`] per loaded file, polled by the app loop
//! every ~1.5 s on the blocking pool; what they find becomes [`LiveUpdate`]s for the model.
//!
//! W3C files resume right after the last row the load indexed, with the last `#Fields:` line
//! before it; appended lines are parsed by the crate's W3C parser into a small index of their
//! own and fed to a handshake grouper kept per file, whose finished handshakes travel with
//! them. An HCW
//! log that changed is parsed again whole (they are megabytes) on the clock it was loaded with.
//! A rotated or truncated W3C file is read again from its start. Only UTF-8 W3C files are
//! followed (their line text is read back from the file); HCW logs in any encoding.

mod files;
pub mod w3c;

use crate::follow::{FollowEvent, Follower, LineUnit, Position};
use crate::index::RequestIndex;
use crate::parse::hcw::{apply_zone, parse_hcw};
use crate::read::text::LineText;
use crate::source::{SourceInfo, SourceKind};
use crate::tui::model::data::Data;
use crate::tui::model::live::LiveUpdate;
use files::{decode, hcw_follower, read_at, reload_w3c, w3c_follower};
use w3c::{FieldsLine, Followers, parse_appended};

/// Extra polls in one round while a follower still has more (a big backlog).
const MORE_POLLS: usize = 4;

/// One followed file.
#[derive(Debug)]
struct Watched {
    info: SourceInfo,
    unit: LineUnit,
    /// W3C only: the `#Fields:` line in force at the follower's position.
    fields: FieldsLine,
    /// W3C only: handshakes and MRS requests among appended rows.
    sinks: Option<Followers>,
}

/// The followers of all loaded files.
#[derive(Debug, Default)]
pub struct Watch {
    set: crate::follow::FollowSet,
    watched: Vec<Watched>,
}

impl Watch {
    /// Starts following every loaded file that can be opened (blocking: reads file heads and
    /// tails). Files that cannot be followed are left out.
    pub fn start(data: &Data) -> Watch {
        let mut w = Watch::default();
        for info in &data.analysis.sources {
            let unit = LineUnit::for_encoding(info.encoding);
            let started = match info.kind {
                SourceKind::Hcw => hcw_follower(info, unit).map(|f| (f, None)),
                SourceKind::Iis | SourceKind::Httperr | SourceKind::W3c => w3c_follower(data, info),
                SourceKind::HttpProxy => None,
            };
            if let Some((follower, fields)) = started {
                w.set.push(follower);
                let sinks = (info.kind != SourceKind::Hcw).then(Followers::default);
                w.watched.push(Watched {
                    info: info.clone(),
                    unit,
                    fields,
                    sinks,
                });
            }
        }
        w
    }

    /// Number of files followed.
    pub fn len(&self) -> usize {
        self.watched.len()
    }

    /// True when nothing is followed.
    pub fn is_empty(&self) -> bool {
        self.watched.is_empty()
    }

    /// Polls every file once (and again while one has a backlog); returns what changed.
    pub fn poll(&mut self) -> Vec<LiveUpdate> {
        let mut out = Vec::new();
        let events = self.set.poll_all();
        self.handle(events, &mut out);
        for _ in 0..MORE_POLLS {
            if !self.set.has_more() {
                break;
            }
            let events = self.set.poll_more();
            self.handle(events, &mut out);
        }
        out
    }

    fn handle(
        &mut self,
        events: Vec<(usize, std::io::Result<FollowEvent>)>,
        out: &mut Vec<LiveUpdate>,
    ) {
        let mut hcw_done = Vec::new();
        for (slot, event) in events {
            let Some(w) = self.watched.get(slot) else {
                continue;
            };
            let (source, kind) = (w.info.id, w.info.kind);
            let event = match event {
                Ok(e) => e,
                Err(e) => {
                    out.push(LiveUpdate::Failed {
                        source,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if let FollowEvent::Vanished = event {
                out.push(LiveUpdate::Vanished { source });
                continue;
            }
            if kind != SourceKind::Hcw {
                out.extend(self.w3c_event(slot, event));
            } else if !hcw_done.contains(&slot) {
                hcw_done.push(slot);
                out.extend(self.reread_hcw(slot));
            }
        }
    }

    fn w3c_event(&mut self, slot: usize, event: FollowEvent) -> Option<LiveUpdate> {
        let w = &mut self.watched[slot];
        let source = w.info.id;
        match event {
            FollowEvent::Appended {
                bytes,
                start_offset,
                first_line_no,
                ..
            } => {
                let mut index = RequestIndex::new(source, LineText::None);
                parse_appended(
                    &bytes,
                    start_offset,
                    first_line_no,
                    &mut w.fields,
                    &w.info,
                    &mut index,
                    w.sinks.as_mut(),
                );
                let (handshakes, mrs) = w.sinks.as_mut().map(Followers::take).unwrap_or_default();
                (!index.is_empty()).then(|| LiveUpdate::Appended {
                    source,
                    rows: Box::new(index),
                    handshakes,
                    mrs,
                })
            }
            FollowEvent::Rotated | FollowEvent::Truncated => {
                let (index, fields, at) = match reload_w3c(&w.info) {
                    Ok(r) => r,
                    Err(message) => return Some(LiveUpdate::Failed { source, message }),
                };
                w.fields = fields;
                w.sinks = Some(Followers::default());
                let head = read_at(&w.info.path, 0, crate::follow::HEAD_LEN as u64);
                match at.map(|at| Follower::resume(&w.info.path, w.unit, at, &head)) {
                    Some(Ok(f)) => {
                        self.set.replace(slot, f);
                    }
                    _ => {
                        self.set.stop(slot);
                    }
                }
                Some(LiveUpdate::Reloaded {
                    source,
                    index: Box::new(index),
                })
            }
            FollowEvent::Unchanged | FollowEvent::Vanished => None,
        }
    }

    /// Parses an HCW log again whole and resumes its follower at the end of what was read.
    fn reread_hcw(&mut self, slot: usize) -> Option<LiveUpdate> {
        let w = &self.watched[slot];
        let source = w.info.id;
        let bytes = match std::fs::read(&w.info.path) {
            Ok(b) => b,
            Err(e) => {
                return Some(LiveUpdate::Failed {
                    source,
                    message: e.to_string(),
                });
            }
        };
        let at = Position::after_complete_lines(&bytes, w.unit);
        let head_len = bytes.len().min(crate::follow::HEAD_LEN);
        if let Ok(f) = Follower::resume(&w.info.path, w.unit, at, &bytes[..head_len]) {
            self.set.replace(slot, f);
        }
        let text = decode(&bytes, w.info.encoding);
        let mut log = parse_hcw(&text, source);
        apply_zone(&mut log.entries, &w.info.zone, w.info.skew_ms);
        Some(LiveUpdate::Hcw {
            source,
            entries: log.entries,
            text: LineText::Memory(std::sync::Arc::from(text.as_str())),
        })
    }
}
