//! What is followed and where each follower stands: a loaded source's follower (an HCW log
//! after its last complete line, a W3C file where its state stopped), and the bytes of a last
//! line still being written.

use super::super::apply::Delta;
use super::super::kept::Grouping;
use super::super::source_state::read_at;
use super::{Follow, Watched};
use crate::follow::{Follower, LineUnit, Position};
use crate::source::{SourceInfo, SourceKind};

impl Follow {
    /// Starts following a loaded source, when it can be followed (a W3C file only while its
    /// state goes on: UTF-8, read by the load).
    pub(super) fn watch(&mut self, info: &SourceInfo) {
        let follower = match info.kind {
            SourceKind::Hcw => hcw_follower(info),
            _ => match self.kept.groups.get(&info.id) {
                Some(Grouping::Live(s)) => {
                    let head = read_at(&info.path, 0, crate::follow::HEAD_LEN as u64);
                    Follower::resume(&info.path, LineUnit::ByteOrCr, s.at, &head).ok()
                }
                _ => None,
            },
        };
        if let Some(f) = follower {
            // Right after the load, which read up to its last complete line.
            let pending = past(info, &f);
            self.set.push(f);
            self.watched.push(Watched {
                info: info.clone(),
                pending,
                run_machine: None,
            });
        }
    }

    /// Which followed files' unfinished last line changed since it was last said.
    pub(super) fn pending_news(&mut self, delta: &mut Delta) {
        for (slot, w) in self.watched.iter_mut().enumerate() {
            let now = self.set.get(slot).map_or(0, |f| unread_tail(&w.info, f));
            if now != w.pending {
                w.pending = now;
                delta.pending.push((w.info.id, now));
            }
        }
    }
}

/// A follower after an HCW log's last complete line (it is read again whole when it changes).
pub(super) fn hcw_follower(info: &SourceInfo) -> Option<Follower> {
    let unit = LineUnit::for_encoding(info.encoding);
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut crate::read::open_shared(&info.path).ok()?, &mut bytes).ok()?;
    let at = Position::after_complete_lines(&bytes, unit);
    let head = &bytes[..bytes.len().min(crate::follow::HEAD_LEN)];
    Follower::resume(&info.path, unit, at, head).ok()
}

/// Bytes of a followed W3C file past what its follower has read, when the follower read up to
/// the end: its last line, still being written (an HCW log is read whole, a backlog past the
/// read cap is not a line).
fn unread_tail(info: &SourceInfo, f: &Follower) -> u64 {
    if f.has_more() || f.is_vanished() {
        return 0;
    }
    past(info, f)
}

/// Bytes of a followed W3C file past its follower's position.
fn past(info: &SourceInfo, f: &Follower) -> u64 {
    if info.kind == SourceKind::Hcw {
        return 0;
    }
    std::fs::metadata(f.path()).map_or(0, |m| m.len().saturating_sub(f.position().offset))
}
