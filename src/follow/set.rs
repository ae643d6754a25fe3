//! The followers of all loaded sources, polled together.
//!
//! Slots keep their index for the life of the set (index = the caller's source position), so a
//! stopped follower leaves an empty slot instead of shifting the others.

use super::{FollowEvent, Follower};
use std::io;

/// Several followers, one slot per source.
#[derive(Debug, Default)]
pub struct FollowSet {
    slots: Vec<Option<Follower>>,
}

impl FollowSet {
    /// An empty set.
    pub fn new() -> FollowSet {
        FollowSet::default()
    }

    /// Adds a follower; returns its index.
    pub fn push(&mut self, follower: Follower) -> usize {
        self.slots.push(Some(follower));
        self.slots.len() - 1
    }

    /// Puts `follower` in slot `index` (e.g. after a reload), growing the set if needed;
    /// returns the follower it replaces.
    pub fn replace(&mut self, index: usize, follower: Follower) -> Option<Follower> {
        if index >= self.slots.len() {
            self.slots.resize_with(index + 1, || None);
        }
        self.slots[index].replace(follower)
    }

    /// Stops following slot `index`; returns its follower.
    pub fn stop(&mut self, index: usize) -> Option<Follower> {
        self.slots.get_mut(index).and_then(Option::take)
    }

    /// The follower in slot `index`.
    pub fn get(&self, index: usize) -> Option<&Follower> {
        self.slots.get(index).and_then(Option::as_ref)
    }

    /// The follower in slot `index`, mutable (to poll it alone).
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Follower> {
        self.slots.get_mut(index).and_then(Option::as_mut)
    }

    /// Number of slots (stopped ones included).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when there are no slots.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// True when some follower would deliver more if polled right away.
    pub fn has_more(&self) -> bool {
        self.slots.iter().flatten().any(Follower::has_more)
    }

    /// Polls every follower once; returns what happened, `Unchanged` left out.
    pub fn poll_all(&mut self) -> Vec<(usize, io::Result<FollowEvent>)> {
        self.poll_where(|_| true)
    }

    /// Polls only the followers that have more right away (see [`Follower::has_more`]).
    pub fn poll_more(&mut self) -> Vec<(usize, io::Result<FollowEvent>)> {
        self.poll_where(Follower::has_more)
    }

    fn poll_where(
        &mut self,
        wanted: impl Fn(&Follower) -> bool,
    ) -> Vec<(usize, io::Result<FollowEvent>)> {
        let mut out = Vec::new();
        for (index, slot) in self.slots.iter_mut().enumerate() {
            let Some(follower) = slot.as_mut().filter(|f| wanted(f)) else {
                continue;
            };
            match follower.poll() {
                Ok(FollowEvent::Unchanged) => {}
                result => out.push((index, result)),
            }
        }
        out
    }
}
