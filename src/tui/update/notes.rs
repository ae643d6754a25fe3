//! The notes file (`w`, redacted `W`): the loaded logs, every mark and the findings not marked,
//! as one Markdown file in the notes folder (the user's documents folder, or `--notes-dir`).
//! The app loop writes it under a new numbered name when the name is taken, never over a log.
//! `W` redacts with the same redactor as `Y` and `report --redact`.

use crate::tui::effect::Effect;
use crate::tui::error::ShellError;
use crate::tui::model::input::InputKind;
use crate::tui::model::marks::Mark;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::ticket::{Destination, Piece};
use crate::tui::update::copy::{resolve, ticket};
use crate::tui::update::{input, marks};
use crate::wording::count;
use std::fmt::Write;
use std::path::PathBuf;

/// `w` / `W`: asks where to write the notes (the notes folder by default).
pub fn start_write(model: &mut Model, redacted: bool) {
    let kind = if redacted {
        InputKind::WriteRedactedPath
    } else {
        InputKind::WritePath
    };
    input::open(model, kind);
    let s = &model.settings;
    let name = if redacted {
        redacted_name(&s.notes_file)
    } else {
        s.notes_file.clone()
    };
    let offered = match &s.notes_dir {
        Some(dir) => dir.join(&name).to_string_lossy().into_owned(),
        None => name,
    };
    if let Some(i) = model.input.as_mut() {
        i.text = offered;
    }
}

/// `hcwlens-notes.md` → `hcwlens-notes-redacted.md`.
fn redacted_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-redacted.{ext}"),
        None => format!("{name}-redacted"),
    }
}

/// Writes the marks and the findings to `path` (never over a loaded log), redacted if asked.
pub fn write_to(model: &mut Model, path: &str, redacted: bool) -> Vec<Effect> {
    let path = path.trim();
    if path.is_empty() {
        model.input = None;
        return Vec::new();
    }
    let target = PathBuf::from(path);
    let is_log = model.data.analysis.sources.iter().any(|s| s.path == target);
    if is_log {
        if let Some(i) = model.input.as_mut() {
            i.error = Some("that is one of the loaded logs: choose another name".into());
        }
        return Vec::new();
    }
    model.input = None;
    let pieces = notes(model);
    let s = &model.settings;
    let name = if redacted {
        redacted_name(&s.notes_file)
    } else {
        s.notes_file.clone()
    };
    vec![ticket(
        model,
        pieces,
        redacted,
        Destination::Write { path: target, name },
    )]
}

/// The notes file: the sources, every mark, then the findings not marked.
pub fn notes(model: &Model) -> Vec<Piece> {
    let a = &model.data.analysis;
    let mut pieces = Vec::new();
    let mut out = String::from("# hcwlens notes\n\n## Logs\n\n");
    for s in &a.sources {
        let name = s
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The file is named already: a source that names no server (a `.boot` log) says
        // its run's machine when its run's log is loaded, else only its kind.
        let server = match crate::source::run_machine_said(&a.sources, s) {
            Some(said) => format!("{}, ", crate::escape::escape_control(&said)),
            None if s.server.is_empty() => String::new(),
            None => format!("{}, ", crate::escape::escape_control(&s.server)),
        };
        // The clock as the reports word it: a zone no log stated says `(assumed)`, one given
        // with `--tz` says so, and a zone's rules are named (not one offset of it).
        let _ = writeln!(
            out,
            "- `{}` ({server}{}, clock {}, {})",
            crate::escape::escape_control(&name),
            s.kind.tag(),
            crate::report::text::zone_label(s),
            count(
                usize::try_from(s.stats.events).unwrap_or(usize::MAX),
                "event"
            )
        );
    }
    let marked = marks::ordered(model);
    if !marked.is_empty() {
        out.push_str("\n## Marked\n\n");
        pieces.push(Piece::Text(std::mem::take(&mut out)));
        pieces.push(Piece::Marks(resolve(model, &marked)));
        out.push('\n');
    }
    let rest: Vec<Mark> = (0..a.findings.len())
        .map(Mark::Finding)
        .filter(|f| !marked.contains(f))
        .collect();
    if !rest.is_empty() {
        out.push_str("\n## Findings\n\n");
        pieces.push(Piece::Text(std::mem::take(&mut out)));
        pieces.push(Piece::Marks(resolve(model, &rest)));
        out.push('\n');
    }
    pieces.push(Piece::Text(out));
    pieces
}

/// The notes file was written.
pub fn written(model: &mut Model, result: Result<PathBuf, ShellError>) {
    match result {
        Ok(p) => {
            let n = model.marks.len();
            let f = model.data.analysis.findings.len();
            model.say(
                NoteLevel::Info,
                format!(
                    "Wrote {} and {} to {}",
                    count(n, "mark"),
                    count(f, "finding"),
                    p.display()
                ),
            );
        }
        Err(e) => model.say(NoteLevel::Warn, format!("Could not write the notes: {e}")),
    }
}
