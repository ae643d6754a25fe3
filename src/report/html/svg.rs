//! The timeline as an inline SVG chart: requests per bucket (grey bars), failures per bucket
//! (red bars below), HCW calls as ticks (failed ones red and taller) and HCW runs as shaded
//! spans with their machine name. Every shape carries a `<title>` for a hover tooltip.

use super::Html;
use crate::analyze::overview::timeline::Timeline;
use crate::time::UtcMs;
use std::fmt::Write;

const W: f64 = 1000.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 10.0;
const REQ_TOP: f64 = 24.0;
const REQ_H: f64 = 90.0;
const FAIL_TOP: f64 = 124.0;
const FAIL_H: f64 = 50.0;
const CALL_TOP: f64 = 184.0;
const CALL_H: f64 = 22.0;
const H: f64 = 232.0;

/// Writes the chart of `t` (a note instead when nothing was loaded).
pub fn chart(out: &mut Html, t: &Timeline) {
    if t.buckets.is_empty() {
        out.raw("<p>No timed events loaded.</p>\n");
        return;
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg class=\"timeline\" viewBox=\"0 0 {W} {H}\" \
         role=\"img\" aria-label=\"Requests, failures and HCW calls over time\">"
    );
    let span = (t.end().0 - t.start.0).max(1) as f64;
    let plot = W - LEFT - RIGHT;
    let x_of = |at: UtcMs| LEFT + ((at.0 - t.start.0) as f64 / span).clamp(0.0, 1.0) * plot;
    let bar_w = plot / t.buckets.len() as f64;
    for r in &t.runs {
        let (x0, x1) = (x_of(r.start), x_of(r.end));
        let _ = writeln!(
            s,
            "<rect class=\"run\" x=\"{x0:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\"><title>HCW run on {} {} – {}, {}</title></rect>\
             <line class=\"runedge\" x1=\"{x0:.1}\" x2=\"{x0:.1}\" y1=\"{}\" y2=\"{}\"/>\
             <text class=\"runlabel\" x=\"{:.1}\" y=\"{}\" text-anchor=\"{}\">HCW {}</text>",
            REQ_TOP - 14.0,
            (x1 - x0).max(1.0),
            H - REQ_TOP - 8.0,
            out.text(&r.server),
            hms(r.start),
            hms(r.end),
            out.text(&r.words),
            REQ_TOP - 14.0,
            H - 14.0,
            if x0 > W - 200.0 { x1.max(x0) } else { x0 + 2.0 },
            REQ_TOP - 4.0,
            if x0 > W - 200.0 { "end" } else { "start" },
            out.text(&r.server),
        );
    }
    let max_req = t.max_requests().max(1) as f64;
    let max_fail = t.max_failures().max(1) as f64;
    for (i, b) in t.buckets.iter().enumerate() {
        let x = LEFT + i as f64 * bar_w;
        let from = hms(t.start.plus_ms(t.bucket_ms * i as i64));
        if b.requests > 0 {
            let h = (b.requests as f64 / max_req * REQ_H).max(1.0);
            let _ = writeln!(
                s,
                "<rect class=\"req\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{from}: {} requests</title></rect>",
                REQ_TOP + REQ_H - h,
                (bar_w - 0.5).max(0.5),
                b.requests
            );
        }
        if b.failures > 0 {
            let h = (b.failures as f64 / max_fail * FAIL_H).max(2.0);
            let _ = writeln!(
                s,
                "<rect class=\"fail\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{from}: {} failures</title></rect>",
                FAIL_TOP + FAIL_H - h,
                (bar_w - 0.5).max(1.0),
                b.failures
            );
        }
    }
    for c in &t.calls {
        let x = x_of(c.at);
        let (class, top) = if c.failed {
            ("callfail", CALL_TOP)
        } else {
            ("call", CALL_TOP + CALL_H / 2.0)
        };
        let _ = writeln!(
            s,
            "<line class=\"{class}\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{}\"><title>{} {}{}</title></line>",
            CALL_TOP + CALL_H,
            hms(c.at),
            out.text(&c.name),
            if c.failed { " (failed)" } else { "" }
        );
    }
    axes(&mut s, t, max_req as u64, max_fail as u64);
    s.push_str("</svg>\n");
    out.raw(&s);
}

fn axes(s: &mut String, t: &Timeline, max_req: u64, max_fail: u64) {
    let _ = writeln!(
        s,
        "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">requests</text>\
         <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">max {max_req}</text>\
         <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">failures</text>\
         <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">max {max_fail}</text>\
         <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">HCW calls</text>\
         <line class=\"base\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>\
         <line class=\"base\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>\
         <text class=\"axis\" x=\"{LEFT}\" y=\"{}\">{} UTC</text>\
         <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{} UTC</text>",
        LEFT - 6.0,
        REQ_TOP + REQ_H / 2.0,
        LEFT - 6.0,
        REQ_TOP + REQ_H / 2.0 + 12.0,
        LEFT - 6.0,
        FAIL_TOP + FAIL_H / 2.0,
        LEFT - 6.0,
        FAIL_TOP + FAIL_H / 2.0 + 12.0,
        LEFT - 6.0,
        CALL_TOP + CALL_H / 2.0 + 4.0,
        W - RIGHT,
        REQ_TOP + REQ_H,
        REQ_TOP + REQ_H,
        W - RIGHT,
        FAIL_TOP + FAIL_H,
        FAIL_TOP + FAIL_H,
        H - 2.0,
        full(t.start),
        W - RIGHT,
        H - 2.0,
        full(t.end()),
    );
}

fn hms(at: UtcMs) -> String {
    let s = at.rfc3339();
    s.get(11..19).unwrap_or(&s).to_string()
}

fn full(at: UtcMs) -> String {
    let s = at.rfc3339();
    s.get(..19).unwrap_or(&s).replace('T', " ")
}
