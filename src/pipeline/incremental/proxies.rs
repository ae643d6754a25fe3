//! HttpProxy files in the live follow. Exchange writes one per protocol and hour, in bursts; a
//! file that grew is read whole again once its size has held for a round (not at every burst),
//! and a new hour's file joins when it appears (`discover.rs`). Their rows replace the source's
//! rows and are joined again to the handshakes' legs ([`super::super::Analysis::apply`]).

use super::super::apply::{Change, Delta, FollowNote, SourceChange};
use super::Follow;
use crate::error::Result;
use crate::source::SourceId;
use std::path::{Path, PathBuf};

/// A followed HttpProxy file.
#[derive(Debug)]
pub(super) struct ProxyWatch {
    id: SourceId,
    path: PathBuf,
    /// Its size when it was last read.
    read: u64,
    /// Its size at the last round.
    seen: u64,
}

impl ProxyWatch {
    /// A file just read whole.
    pub fn new(id: SourceId, path: &Path) -> Self {
        let len = size(path).unwrap_or(0);
        ProxyWatch {
            id,
            path: path.to_path_buf(),
            read: len,
            seen: len,
        }
    }
}

fn size(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

impl Follow {
    /// Reads an HttpProxy file whole as source `id`: its change, as added.
    pub(super) fn read_proxy(&self, o: crate::read::Opened, id: SourceId) -> Result<SourceChange> {
        let (info, text, rows) =
            super::super::httpproxy::read_followed(id, o, &self.opts, self.window)?;
        Ok(SourceChange {
            info,
            how: Change::Added,
            text: Some(text),
            rows: None,
            hcw: None,
            proxy: Some(rows),
        })
    }

    /// The HttpProxy files whose size changed and then held since the last round, read again.
    /// A file that vanished keeps what was read.
    pub(super) fn proxies_grown(&mut self, delta: &mut Delta) {
        let mut due = Vec::new();
        for (k, w) in self.proxies.iter_mut().enumerate() {
            let Some(len) = size(&w.path) else { continue };
            let settled = len == w.seen;
            w.seen = len;
            if settled && len != w.read {
                due.push(k);
            }
        }
        for k in due {
            let (id, path) = (self.proxies[k].id, self.proxies[k].path.clone());
            let read = crate::read::open(&path).and_then(|o| self.read_proxy(o, id));
            match read {
                Ok(change) => {
                    self.proxies[k].read = self.proxies[k].seen;
                    delta.changes.push(SourceChange {
                        how: Change::Replaced,
                        ..change
                    });
                }
                Err(e) => delta.notes.push(FollowNote::Failed(id, e.to_string())),
            }
        }
    }
}
