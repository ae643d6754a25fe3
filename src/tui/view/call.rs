//! One cmdlet call whole, for the entry popup on its START or FINISH: what ran, when it
//! started and finished, how long it took, the result, the error text (wrapped by the popup,
//! control characters escaped), the IIS handshakes attributed to it, then both entries as
//! logged.

use crate::analyze::cmdlet::{CmdletOutcome, later_success};
use crate::time::UtcMs;
use crate::tui::model::Model;
use crate::tui::model::row::RowRef;
use crate::tui::view::detail;
use crate::tui::view::entry;
use crate::tui::view::rows::clean_full;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::wrap_line;
use ratatui::text::{Line, Span};

/// Width of the field-name column.
const NAME: usize = 11;

/// `name` then `value`, the value wrapped to `cols` under itself (a hanging indent).
fn field(name: &str, value: String, role: Role, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let width = cols.saturating_sub(NAME).max(20);
    hang(&value, width)
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let head = if i == 0 { name } else { "" };
            Line::from(vec![
                Span::styled(format!("{head:<NAME$}"), theme.style(Role::Heading)),
                Span::styled(part, theme.style(role)),
            ])
        })
        .collect()
}

/// `text` cut into pieces of at most `width` characters as every view wraps
/// ([`wrap_line`]): at spaces, and a word longer than a row after a separator
/// (`Microsoft.Exchange.Migration.` / `MigrationServerConnectionFailedException:`), not
/// inside it.
fn hang(text: &str, width: usize) -> Vec<String> {
    wrap_line(&Line::from(text.to_string()), width)
        .iter()
        .map(|l| l.to_string().trim_end().to_string())
        .collect()
}

fn when(model: &Model, t: UtcMs) -> String {
    format!(
        "{} {} {}",
        model.fmt_date(t),
        model.fmt_time(t),
        model.zone_label()
    )
}

/// The call's lines, unwrapped (the popup wraps them).
pub fn lines(model: &Model, c: usize, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let data = &model.data;
    let Some(call) = data.analysis.cmdlets.get(c) else {
        return Vec::new();
    };
    let mut scope = Vec::new();
    if let Some(s) = &call.session {
        scope.push(format!("Session={}", clean_full(s)));
    }
    if let Some(t) = &call.thread {
        scope.push(format!("Thread={}", clean_full(t)));
    }
    let mut name = clean_full(&call.name);
    if !scope.is_empty() {
        name.push_str(&format!("  ({})", scope.join(", ")));
    }
    let mut out = field("Cmdlet", name, Role::Title, cols, theme);
    if !call.command.trim().is_empty() {
        out.extend(field(
            "Command",
            clean_full(call.command.trim()),
            Role::Plain,
            cols,
            theme,
        ));
    }
    let start = model.clock.at(call.source, call.start);
    let started = if call.start_missing {
        format!(
            "{} (no START logged; FINISH minus its time)",
            when(model, start)
        )
    } else {
        format!("{}  line {}", when(model, start), call.line)
    };
    out.extend(field("Started", started, Role::Time, cols, theme));
    let finished = match (call.end, call.finish_line) {
        (Some(end), Some(line)) => format!(
            "{}  line {line}",
            when(model, model.clock.at(call.source, end))
        ),
        (Some(end), None) => when(model, model.clock.at(call.source, end)),
        _ => crate::analyze::cmdlet::run_ended_words(call)
            .unwrap_or("no FINISH logged (the call never returned, or the log was cut)")
            .to_string(),
    };
    out.extend(field("Finished", finished, Role::Time, cols, theme));
    // Worded as a ticket's `Duration:`.
    if let Some(took) = call.duration_ms.and_then(crate::wording::call_duration) {
        out.extend(field("Took", took, Role::Plain, cols, theme));
    }
    // What the outcome means, as the text report and a ticket word it.
    let (_, role) = detail::outcome(call);
    let result = crate::export::call_outcome_text(call).to_string();
    out.extend(field("Result", result, role, cols, theme));
    if let Some(status) = call.http_status {
        out.extend(field("HTTP", status.to_string(), Role::Error, cols, theme));
    }
    if let Some(err) = &call.error {
        let mut first = true;
        for l in err.lines().filter(|l| !l.trim().is_empty()) {
            let name = if first { "Error" } else { "" };
            out.extend(field(
                name,
                clean_full(l.trim_end()),
                Role::Error,
                cols,
                theme,
            ));
            first = false;
        }
        if err.ends_with('…') && call.finish_line.is_some() {
            out.extend(field(
                "",
                "(cut here: the FINISH entry below has it whole)".to_string(),
                Role::Dim,
                cols,
                theme,
            ));
        }
    }
    for url in &call.urls {
        out.extend(field("URL", clean_full(url), Role::Plain, cols, theme));
    }
    let hs = detail::call_handshakes(model, c, theme);
    let role = if hs.spans.iter().any(|s| s.style == theme.style(Role::Error)) {
        Role::Error
    } else {
        Role::Plain
    };
    let text: String = hs.spans.iter().map(|s| s.content.as_ref()).collect();
    out.extend(field("Handshakes", text, role, cols, theme));
    if call.outcome != CmdletOutcome::Success
        && let Some(ok) = later_success(&data.analysis.cmdlets, call)
    {
        let t = model.clock.at(ok.source, ok.start);
        let when = crate::time::sentence(t, &model.zone(), &model.zone_label());
        let mut text = format!("a later run's call at {when} succeeded");
        // Another server's success fixes nothing of this one's.
        let label = match crate::analyze::cmdlet::other_server(call, ok) {
            Some(other) => {
                text.push_str(&format!(
                    " with another remote server, {}",
                    clean_full(other)
                ));
                "Later"
            }
            None => "Fixed",
        };
        out.extend(field(label, text, Role::Ok, cols, theme));
    }
    for (title, line) in [
        ("START entry", Some(call.line)),
        ("FINISH entry", call.finish_line),
    ] {
        let Some(line) = line else {
            continue;
        };
        if title == "START entry" && call.start_missing {
            continue;
        }
        if let Some(RowRef::Hcw(e)) = data.hcw_row(call.source, line) {
            out.push(Line::default());
            out.push(Line::from(Span::styled(
                format!("── {title} ──"),
                theme.style(Role::Heading),
            )));
            out.extend(entry::hcw(model, e, theme));
        }
    }
    out
}
