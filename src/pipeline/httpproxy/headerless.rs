//! HttpProxy files without a `#Fields` line (a file cut at its start, or a copied part of one):
//! read with the field list of another HttpProxy file of the same protocol folder in the load
//! (the one named just before it, else just after, whose list has as many fields as its rows),
//! and said so; without such a file its rows are counted with the reason.

use crate::read::Opened;
use crate::read::edges::{EDGE_BYTES, read_at};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How a headerless file is read, or why its rows are not read.
pub(in crate::pipeline) type Plan = Result<Borrowed, String>;

/// A field list taken from another file.
pub(in crate::pipeline) struct Borrowed {
    /// The list (the text after `#Fields:`).
    pub fields: String,
    /// Whose it is, said on the first row.
    pub note: String,
    /// The first row.
    pub row: String,
}

/// What the head of a file shows.
struct Head {
    /// The last `#Fields` list (the text after the colon) in the head.
    fields: Option<String>,
    /// The first data row, when it comes before any `#Fields` line.
    row_first: Option<String>,
}

/// The plan for each headerless file of `files`, by path.
pub(in crate::pipeline) fn plans(files: &[Opened]) -> HashMap<PathBuf, Plan> {
    let heads: Vec<(&Path, Head)> = files
        .iter()
        .filter_map(|o| Some((o.path.as_path(), head_of(o)?)))
        .collect();
    let mut plans = HashMap::new();
    for (path, head) in &heads {
        let Some(row) = &head.row_first else {
            continue;
        };
        let width = crate::parse::httpproxy::split(row).map_or(0, |f| f.len());
        let mut beside: Vec<(&Path, &str)> = heads
            .iter()
            .filter(|(p, h)| p != path && p.parent() == path.parent() && h.row_first.is_none())
            .filter_map(|(p, h)| Some((*p, h.fields.as_deref()?)))
            .collect();
        // Nearest first: the files named before it (latest first), then those after.
        beside.sort_by(|a, b| match (a.0 < *path, b.0 < *path) {
            (true, true) => b.0.cmp(a.0),
            (false, false) => a.0.cmp(b.0),
            (true, false) => std::cmp::Ordering::Less,
            (false, true) => std::cmp::Ordering::Greater,
        });
        let name = |p: &Path| {
            p.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into())
        };
        let fits = beside
            .iter()
            .find(|(_, f)| crate::parse::httpproxy::Columns::bind(f).count == width);
        let plan = match (fits, beside.first()) {
            (Some((p, f)), _) => Ok(Borrowed {
                fields: f.to_string(),
                note: format!(
                    "no #Fields line (a file cut at its start, or a copied part): read with the \
                     #Fields line of {} beside it",
                    name(p)
                ),
                row: row.clone(),
            }),
            (None, Some((p, f))) => Err(format!(
                "the #Fields line of {} beside it lists {} fields, these rows have {width}",
                name(p),
                crate::parse::httpproxy::Columns::bind(f).count
            )),
            (None, None) => Err(
                "a file cut at its start, or a copied part, and no HttpProxy file of the same \
                 folder in this load has a #Fields line to read it with"
                    .to_string(),
            ),
        };
        plans.insert(path.to_path_buf(), plan);
    }
    plans
}

/// The head of an HttpProxy file (UTF-8, with or without a byte order mark); None when it
/// cannot be read as such.
fn head_of(o: &Opened) -> Option<Head> {
    use crate::source::TextEncoding;
    if !matches!(o.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom) {
        return None;
    }
    let bytes = read_at(&o.file, 0, EDGE_BYTES).ok()?;
    let whole = bytes.len() < EDGE_BYTES;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8_lossy(bytes);
    let mut head = Head {
        fields: None,
        row_first: None,
    };
    let mut rows = false;
    // The last line may be cut by the head's end.
    let lines: Vec<&str> = text.lines().collect();
    let complete = if whole {
        lines.len()
    } else {
        lines.len().saturating_sub(1)
    };
    for line in lines.iter().take(complete) {
        let line = line.trim_end_matches('\r').trim_start_matches('\0');
        if line.trim().is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            if let Some((name, value)) = rest.split_once(':')
                && name.trim().eq_ignore_ascii_case("fields")
            {
                head.fields = Some(value.trim().to_string());
            }
            continue;
        }
        if !rows && head.fields.is_none() {
            head.row_first = Some(line.to_string());
        }
        rows = true;
    }
    Some(head)
}
