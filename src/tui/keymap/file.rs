//! Reading a keymap file (TOML) into bindings, collecting warnings instead of failing.

use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Chord, Keymap, Mode};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct RawEntry {
    on: OneOrMany,
    run: String,
    #[serde(default)]
    desc: String,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    hint: Option<String>,
}

#[derive(Deserialize)]
struct RawLayer {
    #[serde(default)]
    keymap: Vec<RawEntry>,
}

impl Keymap {
    /// Merges a keymap file: its keys replace earlier bindings of the same keys in that mode.
    pub fn merge(&mut self, text: &str, origin: &str, warnings: &mut Vec<String>) {
        let raw: BTreeMap<String, RawLayer> = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let msg = e.message().to_string();
                warnings.push(format!("{origin}: not loaded: {msg}"));
                return;
            }
        };
        for (name, layer) in raw {
            let Some(mode) = Mode::from_name(&name) else {
                warnings.push(format!("{origin}: unknown mode [{name}]"));
                continue;
            };
            let mut group = String::new();
            for entry in layer.keymap {
                if let Some(g) = &entry.group {
                    group.clone_from(g);
                }
                if let Some(mut b) = parse_entry(entry, origin, warnings) {
                    b.group.clone_from(&group);
                    self.bind(mode, b);
                }
            }
        }
    }
}

fn parse_entry(entry: RawEntry, origin: &str, warnings: &mut Vec<String>) -> Option<Binding> {
    let action = match Action::deserialize(entry.run.as_str().into_deserializer()) {
        Ok(a) => a,
        Err::<_, serde::de::value::Error>(_) => {
            warnings.push(format!("{origin}: unknown action {:?}", entry.run));
            return None;
        }
    };
    let texts = match entry.on {
        OneOrMany::One(t) => vec![t],
        OneOrMany::Many(v) => v,
    };
    let mut keys = Vec::new();
    for t in texts {
        match Chord::parse(&t) {
            Ok(c) => keys.push(c),
            Err(e) => warnings.push(format!("{origin}: {e}")),
        }
    }
    if keys.is_empty() {
        return None;
    }
    Some(Binding {
        keys,
        action,
        desc: entry.desc,
        group: String::new(),
        hint: entry.hint,
    })
}
