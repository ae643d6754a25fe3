//! Strings a kept handshake shares with others: [`Text`], one allocation per distinct value
//! (a user name, a server name), and the interners a grouper fills while it keeps handshakes:
//! user names and legs' [`LegFields`] (keys: `keys.rs`).
//!
//! A busy log keeps hundreds of thousands of handshakes whose legs repeat a few thousand user
//! names and status codes and whose keys (server, client, method, uri, agent) repeat a few
//! thousand more: each value is stored once and the handshakes hold pointers.

use super::LegFields;
use super::leg::Unlogged;
use crate::hash::SigBuild;
use crate::source::SourceId;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

/// An immutable shared string, one pointer wide (a missing one, `Option<Text>`, too); the
/// empty one is shared by all. Reads as a `&str`; compares, orders and hashes as its string.
#[derive(Clone)]
pub struct Text(Arc<Inner>);

struct Inner {
    text: Box<str>,
}

/// The empty text every `Text::default()` shares.
static EMPTY: LazyLock<Text> = LazyLock::new(|| Text::new(""));

impl Default for Text {
    fn default() -> Self {
        EMPTY.clone()
    }
}

impl Text {
    fn new(text: &str) -> Self {
        Text(Arc::new(Inner {
            text: Box::from(text),
        }))
    }

    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        if s.is_empty() {
            return Text::default();
        }
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::from(s.as_str())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Hands out one [`Text`] per distinct value.
#[derive(Debug, Default, Clone)]
pub(super) struct Texts {
    set: HashSet<Text, SigBuild>,
}

impl Texts {
    pub fn get(&mut self, s: &str) -> Text {
        if s.is_empty() {
            return Text::default();
        }
        if let Some(t) = self.set.get(s) {
            return t.clone();
        }
        let t = Text::from(s);
        self.set.insert(t.clone());
        t
    }
}

/// A leg's source, status, substatus, win32 (`None`: not a number that fits), the high
/// half of its offset and which codes its line did not log.
pub(super) type Codes = (SourceId, u16, u16, Option<u32>, u32, Unlogged);

/// Hands out one shared [`LegFields`] per user name and status codes. Users are told apart by
/// their text's address: the user names come from one [`Texts`] (a name stored twice is only
/// shared less), and each entry keeps its name alive, so an address names one string.
#[derive(Debug, Default, Clone)]
pub(super) struct SharedFields {
    map: HashMap<FieldsKey, Arc<LegFields>, SigBuild>,
}

/// User name's address, status, substatus, win32, source, high half of the offset, codes not
/// logged.
type FieldsKey = (usize, u16, u16, u32, SourceId, u32, u8);

impl SharedFields {
    /// The fields of a leg; `win32` is `None` when the logged value (`logged`, `?` when not
    /// kept) is not a number that fits: such rare fields are not shared.
    pub fn get(&mut self, user: Text, codes: Codes, logged: Option<&str>) -> Arc<LegFields> {
        let (source, status, substatus, win32, offset_high, unlogged) = codes;
        let mut fields = LegFields {
            source,
            user,
            status,
            substatus,
            win32: win32.unwrap_or(0),
            win32_logged: None,
            offset_high,
            unlogged,
        };
        let Some(win32) = win32 else {
            fields.win32_logged = Some(Box::from(logged.unwrap_or("?")));
            return Arc::new(fields);
        };
        let user = fields.user.as_str().as_ptr() as usize;
        let key = (
            user,
            status,
            substatus,
            win32,
            source,
            offset_high,
            unlogged.bits(),
        );
        Arc::clone(self.map.entry(key).or_insert_with(|| Arc::new(fields)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// A set of texts found by `&str` must hash a text as its string: otherwise every leg
    /// stores its user name again.
    #[test]
    fn a_user_name_is_stored_once_however_many_legs_log_it() {
        let mut texts = Texts::default();
        let a = texts.get("CONTOSO\\alice");
        let b = texts.get(&String::from("CONTOSO\\alice"));
        assert_eq!(a.as_str().as_ptr(), b.as_str().as_ptr());
        assert_ne!(
            a.as_str().as_ptr(),
            texts.get("CONTOSO\\bob").as_str().as_ptr()
        );
    }

    #[test]
    fn texts_are_one_pointer_and_the_empty_one_is_shared() {
        assert_eq!(std::mem::size_of::<Text>(), 8);
        assert_eq!(std::mem::size_of::<Option<Text>>(), 8);
        let mut texts = Texts::default();
        let (x, y) = (texts.get("CONTOSO\\alice"), texts.get("CONTOSO\\alice"));
        assert!(Arc::ptr_eq(&x.0, &y.0));
        assert_eq!(Text::from(""), Text::default());
        assert!(Arc::ptr_eq(&Text::from("").0, &Text::default().0));
        assert_eq!(texts.get("").as_str(), "");
    }
}
