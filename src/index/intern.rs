//! A string pool: each distinct field value is stored once and named by a `u32`.

use crate::hash::SigBuild;
use std::collections::HashMap;

/// Interns strings; id 0 is always the empty string.
#[derive(Debug)]
pub struct Interner {
    map: HashMap<Box<str>, u32, SigBuild>,
    items: Vec<Box<str>>,
}

impl Default for Interner {
    fn default() -> Self {
        let mut s = Interner {
            map: HashMap::default(),
            items: Vec::new(),
        };
        s.items.push(Box::from(""));
        s.map.insert(Box::from(""), 0);
        s
    }
}

impl Interner {
    /// Id of `text`, adding it if new. `-` is stored as the empty string.
    pub fn intern(&mut self, text: &str) -> u32 {
        let text = if text == "-" { "" } else { text };
        if let Some(&id) = self.map.get(text) {
            return id;
        }
        let id = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        self.items.push(Box::from(text));
        self.map.insert(Box::from(text), id);
        id
    }

    /// Text of an id (empty for unknown ids).
    pub fn get(&self, id: u32) -> &str {
        self.items.get(id as usize).map(|s| &**s).unwrap_or("")
    }

    /// Id of `text` if it was interned.
    pub fn lookup(&self, text: &str) -> Option<u32> {
        self.map.get(text).copied()
    }

    /// Number of distinct strings (including the empty one).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when only the empty string is stored.
    pub fn is_empty(&self) -> bool {
        self.items.len() <= 1
    }

    /// All strings with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.items.iter().enumerate().map(|(i, s)| (i as u32, &**s))
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.items.iter().map(|s| s.len() * 2 + 48).sum()
    }
}
