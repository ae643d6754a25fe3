//! The HTML report's findings: each a section marked by its severity, with its title, id and
//! time, whether a later run got past it, the explanation, the evidence lines (only the head of
//! an entry whose exception another finding quotes), the remedy and the references as links.

use super::Html;
use super::source_path;
use crate::pipeline::Analysis;

pub fn findings(h: &mut Html, a: &Analysis) {
    h.raw("<h2 id=\"findings\">Findings</h2>\n");
    if a.findings.is_empty() {
        h.raw("<p>No findings.</p>\n");
        return;
    }
    for f in &a.findings {
        let sev = format!("{:?}", f.severity);
        h.raw(&format!(
            "<section class=\"sev-{}\">\n<h3>[{sev}] ",
            sev.to_ascii_lowercase()
        ));
        if f.fixed_by.is_some() {
            h.raw("[fixed by a later run] ");
        }
        h.push_text(&f.title);
        h.raw(" <span class=\"muted\">");
        h.push_text(&f.id.to_string());
        if let Some(t) = f.time {
            h.raw(&format!(
                " · {}",
                crate::time::stamp_utc(t, crate::source::resolution(&a.sources, f.time_source))
            ));
        }
        h.raw("</span></h3>\n");
        if let Some(x) = f.fixed_by {
            h.raw("<p>");
            h.push_text(&format!(
                "Fixed by a later run: {} got past it at {}{}.",
                crate::source::cited_run(&a.sources, x.source, x.line),
                crate::time::sentence_utc(x.time),
                super::super::fixed_elsewhere(a, f)
            ));
            h.raw("</p>\n");
        }
        h.raw("<p>");
        h.push_text(&f.explanation);
        h.raw("</p>\n");
        if !f.evidence.is_empty() {
            h.raw("<h4>Evidence</h4>\n<pre>");
            for &ev in &f.evidence {
                let mut loc = format!("{}:{}", source_path(a, ev.source), ev.line);
                let mut text = crate::export::evidence_text(a, ev).unwrap_or_default();
                // An entry whose cause another finding states: its head and where the rest is.
                let follows: Vec<String> =
                    f.followed_at(ev).iter().map(|id| id.to_string()).collect();
                if !follows.is_empty() {
                    text = crate::export::entry_head(&text);
                    loc.push_str(&format!(
                        " (the exception it repeats: see {})",
                        follows.join(", ")
                    ));
                }
                h.push_text(&format!("{loc}  {text}\n"));
            }
            h.raw("</pre>\n");
        }
        h.raw("<h4>Remedy</h4>\n<pre>");
        h.push_text(f.remedy.trim_end());
        h.raw("</pre>\n");
        if !f.references.is_empty() {
            h.raw("<p>References: ");
            for (i, r) in f.references.iter().enumerate() {
                if i > 0 {
                    h.raw(", ");
                }
                let r = h.text(r);
                h.raw(&format!("<a href=\"{r}\">{r}</a>"));
            }
            h.raw("</p>\n");
        }
        h.raw("</section>\n");
    }
}
