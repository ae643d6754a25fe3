//! Reading a log whole as a source of the follow (a rotated file, a changed HCW log), and new
//! logs in the loaded folders joining as new sources.

use super::super::apply::{Change, Delta, FollowNote, SourceChange};
use super::super::kept::{Grouping, followable};
use super::super::source_state::{W3cState, complete_len, read_at};
use super::super::w3c::{ByteTracker, SiteNames};
use super::{Follow, ProxyWatch, Watched, hcw_follower};
use crate::error::Result;
use crate::follow::{Follower, LineUnit};
use crate::progress::NoProgress;
use crate::read::Detected;
use crate::source::{SourceId, SourceKind};

impl Follow {
    /// Reads a log whole as source `id`: its change (as added) and a follower from its end.
    /// `None` when the file is not a log that can be followed (a new empty file, say).
    pub(super) fn read_source(
        &mut self,
        path: &std::path::Path,
        id: SourceId,
    ) -> Result<Option<(SourceChange, Option<Follower>)>> {
        let mut o = crate::read::open(path)?;
        if matches!(o.kind, Detected::Hcw) {
            let machine = self.run_machine(path);
            let r = super::super::hcw::read_hcw(&o, id, &self.opts, machine.as_deref())?;
            let follower = hcw_follower(&r.info);
            let change = SourceChange {
                info: r.info,
                how: Change::Added,
                text: Some(r.text),
                rows: None,
                hcw: Some((r.entries, r.cmdlets, r.repeated)),
                proxy: None,
            };
            return Ok(Some((change, follower)));
        }
        if matches!(o.kind, Detected::HttpProxy) {
            return self.read_proxy(o, id).map(|c| Some((c, None)));
        }
        if !followable(&o) {
            return Ok(None);
        }
        // Named after its folder, it takes the machine its copied tree's other logs name, as
        // in the load (`source/tree.rs`).
        let tree: Vec<_> = crate::source::tree_logs(&o, self.known.iter().filter(|p| *p != path))
            .iter()
            .filter_map(|p| crate::read::open(p).ok())
            .collect();
        if !tree.is_empty() {
            let mut all = vec![o];
            all.extend(tree);
            crate::source::name_folders_by_their_tree(&mut all);
            o = all.swap_remove(0);
        }
        o.len = complete_len(&o.path, o.len);
        let tracker = ByteTracker::new(&NoProgress, o.len);
        let mut loaded = super::super::w3c::load_sources(
            usize::from(id.0),
            vec![o],
            &mut self.kept.site_names,
            &self.opts,
            self.window,
            &tracker,
        )?;
        let Some(mut l) = loaded.pop() else {
            return Ok(None);
        };
        let rows = l.sinks.index.take();
        let state = W3cState::after_load(l.sinks, &l.info);
        let head = read_at(path, 0, crate::follow::HEAD_LEN as u64);
        let follower = Follower::resume(path, LineUnit::ByteOrCr, state.at, &head).ok();
        self.kept.groups.insert(id, Grouping::Live(Box::new(state)));
        let change = SourceChange {
            info: l.info,
            how: Change::Added,
            text: Some(l.text),
            rows,
            hcw: None,
            proxy: None,
        };
        Ok(Some((change, follower)))
    }

    /// New logs in the loaded folders (a new HCW run's log, IIS's next-day file) join as new
    /// sources; other new files wait until they change and are looked at again. The followed
    /// logs named otherwise now than by what the logs' heads said `before` the round are read
    /// again.
    pub(super) fn discover(&mut self, delta: &mut Delta, before: &SiteNames) {
        let first_new = self.next_id;
        let Ok(inputs) = super::super::expand_inputs(&self.paths) else {
            self.rename_since(before, first_new, delta);
            return;
        };
        let found = inputs
            .files
            .into_iter()
            .chain(inputs.skipped.into_iter().map(|s| s.path));
        for path in found {
            if self.known.contains(&path) {
                continue;
            }
            let len = std::fs::metadata(&path).map_or(0, |m| m.len());
            if self.waiting.get(&path) == Some(&len) {
                continue;
            }
            self.waiting.insert(path.clone(), len);
            let id = SourceId(u16::try_from(self.next_id).unwrap_or(u16::MAX));
            let Ok(Some((change, follower))) = self.read_source(&path, id) else {
                continue;
            };
            self.waiting.remove(&path);
            if change.info.kind == SourceKind::HttpProxy {
                self.proxies.push(ProxyWatch::new(id, &path));
            }
            self.known.insert(path);
            self.next_id += 1;
            if let Some(f) = follower {
                // Said by the poll's look at every followed file's last line.
                self.set.push(f);
                let run_machine = self.run_machine(&change.info.path);
                self.watched.push(Watched {
                    info: change.info.clone(),
                    pending: 0,
                    run_machine,
                });
            }
            delta.changes.push(change);
        }
        self.rename_by_tree(first_new, delta);
        self.rename_since(before, first_new, delta);
    }

    /// Reads again, to name them as a load would now, the followed W3C logs named after their
    /// folder in a copied tree where a log that joined this round (ids from `first_new`) names
    /// a machine (`source/tree.rs`).
    fn rename_by_tree(&mut self, first_new: usize, delta: &mut Delta) {
        let namers: Vec<std::path::PathBuf> = (self.watched.iter())
            .filter(|w| usize::from(w.info.id.0) >= first_new && w.info.kind != SourceKind::Hcw)
            .filter(|w| crate::read::open(&w.info.path).is_ok_and(|o| !o.logged_server.is_empty()))
            .map(|w| w.info.path.clone())
            .collect();
        if namers.is_empty() {
            return;
        }
        let slots: Vec<usize> = (0..self.watched.len())
            .filter(|&slot| {
                let info = &self.watched[slot].info;
                usize::from(info.id.0) < first_new
                    && info.kind != SourceKind::Hcw
                    && crate::read::open(&info.path)
                        .is_ok_and(|o| !crate::source::tree_logs(&o, &namers).is_empty())
            })
            .collect();
        self.reread_named(slots, delta);
    }

    /// Reads again the followed logs named otherwise now than by what was known `before`
    /// ([`Follow::rename`]).
    fn rename_since(&mut self, before: &SiteNames, first_new: usize, delta: &mut Delta) {
        let changed = self.kept.site_names.changed_since(before);
        if !changed.is_empty() {
            self.rename(&changed, first_new, delta);
        }
    }

    /// Reads again, to name them as a load would now, the followed W3C files of the site
    /// folders `changed` (by label) that log no name at their start, but those that joined
    /// this round (ids from `first_new`, named so already); says each one renamed.
    fn rename(&mut self, changed: &[String], first_new: usize, delta: &mut Delta) {
        let slots: Vec<usize> = (0..self.watched.len())
            .filter(|&slot| {
                let info = &self.watched[slot].info;
                usize::from(info.id.0) < first_new
                    && info.kind != SourceKind::Hcw
                    && crate::read::open(&info.path).is_ok_and(|o| {
                        o.logged_server.is_empty() && changed.contains(&o.server_label)
                    })
            })
            .collect();
        self.reread_named(slots, delta);
    }

    /// Reads the followed logs of `slots` again, saying each one whose name changed.
    fn reread_named(&mut self, slots: Vec<usize>, delta: &mut Delta) {
        for slot in slots {
            let from = self.watched[slot].info.server.clone();
            self.reread(slot, delta);
            let now = &self.watched[slot].info;
            // Not a load's other spelling of one machine (`EX01` for `ex01.contoso.com`).
            let label = crate::read::is_folder_label;
            if label(&from) != label(&now.server)
                || !crate::source::same_machine(&from, &now.server)
            {
                delta.notes.push(FollowNote::Renamed {
                    source: now.id,
                    from,
                    to: now.server.clone(),
                });
            }
        }
    }
}
