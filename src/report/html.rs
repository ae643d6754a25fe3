//! `report --format html`: one self-contained page for whoever reads the ticket without
//! hcwlens — the findings, the timeline as an inline SVG chart, the overview tables, the failed
//! calls and the failed handshakes with every leg decoded, the sources with what could not be
//! read as written.
//!
//! Nothing is fetched: the style is inline, there is no script, and the fonts are the reader's
//! own. Every log text is escaped for HTML (after control characters are made visible) and,
//! with `--redact`, first goes through the analysis' one redactor ([`crate::redact`]).

mod calls;
mod findings;
mod sources;
mod svg;
mod tables;

use super::json::source_path;
use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::analyze::overview::timeline::{left_out, runs_range, timeline, timeline_in};
use crate::analyze::overview::{keep_all, overview_all};
use crate::escape::escape_keep_newlines;
use crate::pipeline::Analysis;
use crate::redact::Redactor;
use calls::cmdlets;
use findings::findings;

/// Failed handshakes listed with their legs (the rest are counted).
const MAX_HANDSHAKES: usize = 100;
/// Minutes of IIS shown before and after the HCW runs in the close-up chart.
const RUN_MARGIN_MS: i64 = 2 * 60_000;
/// Buckets of the timeline chart.
const BUCKETS: usize = 120;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#1b1b1b;background:#fff;line-height:1.4}\
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ccc;margin-top:1.6em}h3{margin-bottom:.3em}\
pre{background:#f4f4f4;border:1px solid #ddd;padding:.5em;white-space:pre-wrap;word-break:break-all;font-size:.85em}\
code,pre{font-family:Consolas,'DejaVu Sans Mono',monospace}\
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}th{background:#eee}\
td.n{text-align:right}.sev-error{border-left:6px solid #c62828;padding-left:.8em}.sev-warning{border-left:6px solid #ef6c00;padding-left:.8em}.sev-info{border-left:6px solid #1565c0;padding-left:.8em}\
.bad{color:#b71c1c;font-weight:bold}.ok{color:#2e7d32}.muted{color:#666}\
svg.timeline{width:100%;height:auto;border:1px solid #ddd;background:#fafafa}\
svg .req{fill:#78909c}svg .fail{fill:#d32f2f}svg .call{stroke:#2e7d32;stroke-width:2}svg .callfail{stroke:#d32f2f;stroke-width:3}\
svg .run{fill:#1565c0;fill-opacity:.07}svg .runedge{stroke:#1565c0;stroke-dasharray:4 3}svg .runlabel{fill:#1565c0;font-size:11px}\
svg .axis{fill:#444;font-size:11px}svg .base{stroke:#999}\
.legend span{display:inline-block;margin-right:1.2em}.sw{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}";

/// The page being written, with the redactor when `--redact` was given.
pub struct Html {
    out: String,
    redactor: Option<Redactor>,
}

impl Html {
    /// Log text made safe for HTML: redacted when asked, control characters made visible
    /// (newlines kept), markup characters escaped.
    pub fn text(&mut self, s: &str) -> String {
        let red;
        let s = match &mut self.redactor {
            Some(r) => {
                red = r.redact(s);
                red.as_str()
            }
            None => s,
        };
        escape_html(&escape_keep_newlines(s))
    }

    /// Appends markup as is.
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Appends log text, escaped.
    pub fn push_text(&mut self, s: &str) {
        let t = self.text(s);
        self.out.push_str(&t);
    }
}

/// `&`, `<`, `>`, `"` and `'` as character references.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The whole page; `redact` runs every log text through [`crate::redact::for_analysis`].
pub fn render(a: &Analysis, redact: bool) -> String {
    let mut h = Html {
        out: String::with_capacity(64 * 1024),
        redactor: redact.then(|| crate::redact::for_analysis(a)),
    };
    h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.raw("<title>hcwlens report</title>\n<style>");
    h.raw(STYLE);
    h.raw("</style>\n</head>\n<body>\n<h1>hcwlens report</h1>\n");
    summary(&mut h, a, redact);
    h.raw("<h2 id=\"timeline\">Timeline</h2>\n");
    let t = timeline(a, &keep_all, BUCKETS);
    svg::chart(&mut h, &t);
    let apart = crate::analyze::overview::apart::apart(a).is_some();
    let names = a.server_names();
    for (s, first, last) in left_out(a) {
        // Named as the rows and the sources list name it (`EX01`, not its folder's label).
        let name = if s.server.is_empty() {
            s.name()
        } else {
            names.of_source(s).into_owned()
        };
        let name = h.text(&name);
        h.raw(&format!(
            "<p class=\"legend\">Not in the chart: {} {name}, {} to {}, {}.</p>\n",
            if s.kind == crate::source::SourceKind::Evtx {
                "the Security log"
            } else {
                "the log"
            },
            crate::time::sentence_utc(first),
            crate::time::sentence_utc(last),
            if apart {
                "which does not overlap the HCW runs"
            } else {
                "outside the span of the HCW and IIS logs"
            },
        ));
    }
    // Logs of a whole day squeeze a few minutes of wizard into one bar: show those minutes too.
    if let Some((lo, hi)) = runs_range(a, RUN_MARGIN_MS)
        && (hi.0 - lo.0) * 3 < t.end().0 - t.start.0
    {
        h.raw("<h3>Around the HCW runs</h3>\n");
        svg::chart(&mut h, &timeline_in(a, &keep_all, lo, hi, BUCKETS));
    }
    h.raw("<p class=\"legend\"><span><i class=\"sw\" style=\"background:#78909c\"></i>IIS requests</span>\
           <span><i class=\"sw\" style=\"background:#d32f2f\"></i>failures (failed handshakes, HTTPERR errors, failed calls)</span>\
           <span><i class=\"sw\" style=\"background:#2e7d32\"></i>HCW call</span>\
           <span><i class=\"sw\" style=\"background:#d32f2f\"></i>failed HCW call (tall tick)</span>\
           <span><i class=\"sw\" style=\"background:#1565c0;opacity:.4\"></i>HCW run</span></p>\n");
    findings(&mut h, a);
    h.raw("<h2 id=\"overview\">Overview</h2>\n");
    tables::overview(&mut h, &overview_all(a));
    cmdlets(&mut h, a);
    handshakes(&mut h, a);
    sources::sources(&mut h, a);
    h.raw("<p class=\"muted\">Written by hcwlens. All times UTC.</p>\n</body>\n</html>\n");
    h.out
}

fn summary(h: &mut Html, a: &Analysis, redact: bool) {
    h.raw(&format!(
        "<p>{}{}</p>\n",
        super::summary_line(a),
        if redact {
            " Names, addresses and GUIDs are redacted."
        } else {
            ""
        }
    ));
    if let Some(apart) = crate::analyze::overview::apart::apart(a) {
        h.raw(&format!(
            "<p><strong>{}</strong></p>\n",
            escape_html(&apart.sentence())
        ));
    }
    if let Some(s) = &a.skew {
        // The text report's sentence (one wording: "1 of 1 test call lines up").
        let sentence = crate::analyze::skew::skew_sentence(s, &a.sources);
        h.raw(&format!("<p>{}</p>\n", escape_html(&sentence)));
    }
}

fn handshakes(h: &mut Html, a: &Analysis) {
    h.raw("<h2 id=\"handshakes\">Failed and abandoned handshakes</h2>\n");
    let bad: Vec<&Handshake> = a
        .handshakes
        .iter()
        .filter(|x| x.outcome != HandshakeOutcome::Success)
        .collect();
    if bad.is_empty() {
        match super::no_iis(a) {
            Some(why) => {
                h.raw("<p>");
                h.push_text(&super::no_iis_sentence(why));
                h.raw("</p>\n");
            }
            None => h.raw("<p>None.</p>\n"),
        }
        return;
    }
    let names = a.server_names();
    for x in bad.iter().take(MAX_HANDSHAKES) {
        tables::handshake(h, a, &names, x);
    }
    if bad.len() > MAX_HANDSHAKES {
        h.raw(&format!(
            "<p>… and {} more (see <code>--format json</code>).</p>\n",
            bad.len() - MAX_HANDSHAKES
        ));
    }
}
