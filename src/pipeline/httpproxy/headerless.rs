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

/// The plan for each headerless file of `files` (those to be read), by path; `all` are the
/// load's HttpProxy files, the window's left-out ones too. Only a headerless file's folder is
/// looked at, nearest file first, until a list fits.
pub(in crate::pipeline) fn plans(files: &[Opened], all: &[PathBuf]) -> HashMap<PathBuf, Plan> {
    let mut plans = HashMap::new();
    for o in files {
        let Some(row) = head_of(o).and_then(|h| h.row_first) else {
            continue;
        };
        let path = o.path.as_path();
        let width = crate::parse::httpproxy::split(&row).map_or(0, |f| f.len());
        let mut beside: Vec<&Path> = all
            .iter()
            .map(PathBuf::as_path)
            .filter(|p| *p != path && p.parent() == path.parent())
            .collect();
        // Nearest first: the files named before it (latest first), then those after.
        beside.sort_by(|a, b| match (*a < path, *b < path) {
            (true, true) => b.cmp(a),
            (false, false) => a.cmp(b),
            (true, false) => std::cmp::Ordering::Less,
            (false, true) => std::cmp::Ordering::Greater,
        });
        let name = |p: &Path| {
            p.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into())
        };
        // (file, its list, how many fields it names): the nearest with a list, and one that fits.
        let mut nearest: Option<(&Path, usize)> = None;
        let mut fits: Option<(&Path, String)> = None;
        for p in beside {
            let Some(fields) = crate::read::open(p)
                .ok()
                .and_then(|o| head_of(&o))
                .filter(|h| h.row_first.is_none())
                .and_then(|h| h.fields)
            else {
                continue;
            };
            let count = crate::parse::httpproxy::Columns::bind(&fields).count;
            nearest.get_or_insert((p, count));
            if count == width {
                fits = Some((p, fields));
                break;
            }
        }
        let plan = match (fits, nearest) {
            (Some((p, fields)), _) => Ok(Borrowed {
                fields,
                note: format!(
                    "no #Fields line (a file cut at its start, or a copied part): read with the \
                     #Fields line of {} beside it",
                    name(p)
                ),
                row,
            }),
            (None, Some((p, count))) => Err(format!(
                "the #Fields line of {} beside it lists {count} fields, these rows have {width}",
                name(p),
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
