//! The overview tables and one failed handshake with its legs decoded, as HTML.

use super::Html;
use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::analyze::overview::{Overview, failure_label};
use crate::pipeline::Analysis;
use crate::source::ServerNames;

/// Rows shown per overview table.
const ROWS: usize = 25;

/// Handshakes by virtual directory, top clients, top users and HCW calls by outcome.
pub fn overview(h: &mut Html, o: &Overview) {
    h.raw("<h3>Handshakes by virtual directory</h3>\n");
    if o.vdirs.is_empty() {
        h.raw("<p>No handshakes.</p>\n");
    } else {
        h.raw("<table>\n<tr><th>Virtual directory</th><th>Outcome</th><th>Failure</th><th>Handshakes</th></tr>\n");
        for r in o.vdirs.iter().take(ROWS) {
            h.raw("<tr><td>");
            h.push_text(&r.uri);
            h.raw(&format!(
                "</td><td{}>{}</td><td>",
                class(r.outcome),
                outcome(r.outcome)
            ));
            h.push_text(r.failure.as_deref().unwrap_or(""));
            h.raw(&format!("</td><td class=\"n\">{}</td></tr>\n", r.count));
        }
        h.raw("</table>\n");
    }
    if !o.clients.is_empty() {
        h.raw("<h3>Clients by failures</h3>\n<table>\n<tr><th>Client</th><th>Failed or abandoned</th><th>Handshakes</th><th>Users</th></tr>\n");
        for c in o.clients.iter().take(ROWS) {
            h.raw("<tr><td>");
            h.push_text(&c.client);
            h.raw(&format!(
                "</td><td class=\"n{}\">{}</td><td class=\"n\">{}</td><td>",
                if c.failures > 0 { " bad" } else { "" },
                c.failures,
                c.handshakes
            ));
            let names: Vec<&str> = c.users.iter().take(5).map(|(u, _)| u.as_str()).collect();
            if c.shared() {
                h.raw(&format!("<b>shared by {} users</b>: ", c.users.len()));
                h.push_text(&names.join(", "));
                if c.users.len() > names.len() {
                    h.raw(" …");
                }
            } else {
                h.push_text(&c.users_label());
            }
            h.raw("</td></tr>\n");
        }
        h.raw("</table>\n");
    }
    if !o.users.is_empty() {
        h.raw("<h3>Users</h3>\n<table>\n<tr><th>User</th><th>Handshakes</th><th>Client addresses</th></tr>\n");
        for u in o.users.iter().take(ROWS) {
            h.raw("<tr><td>");
            h.push_text(&u.user);
            h.raw(&format!(
                "</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                u.handshakes, u.clients
            ));
        }
        h.raw("</table>\n");
    }
    if !o.calls.is_empty() {
        h.raw("<h3>HCW calls by outcome</h3>\n<table>\n<tr><th>Outcome</th><th>Calls</th><th>Cmdlets</th></tr>\n");
        for c in &o.calls {
            let bad = c.outcome != crate::analyze::cmdlet::CmdletOutcome::Success;
            h.raw(&format!(
                "<tr><td{}>{:?}</td><td class=\"n\">{}</td><td>",
                if bad { " class=\"bad\"" } else { "" },
                c.outcome,
                c.count
            ));
            let names: Vec<String> = c
                .names
                .iter()
                .take(8)
                .map(|(n, k)| format!("{n} ×{k}"))
                .collect();
            h.push_text(&names.join(", "));
            if c.names.len() > 8 {
                h.raw(" …");
            }
            h.raw("</td></tr>\n");
        }
        h.raw("</table>\n");
    }
}

fn outcome(o: HandshakeOutcome) -> &'static str {
    match o {
        HandshakeOutcome::Success => "succeeded",
        HandshakeOutcome::Failed => "failed",
        HandshakeOutcome::Abandoned => "abandoned",
    }
}

fn class(o: HandshakeOutcome) -> &'static str {
    match o {
        HandshakeOutcome::Success => " class=\"ok\"",
        _ => " class=\"bad\"",
    }
}

/// One handshake: who, where, how it ended, a row per leg with its meaning (and the front
/// end's HttpProxy row of the same request), and the Security event that says why it failed.
/// `names`: the load's server names, built once for the list ([`Analysis::server_names`]).
pub fn handshake(h: &mut Html, a: &Analysis, names: &ServerNames<'_>, x: &Handshake) {
    h.raw(&format!(
        "<h4>{} ",
        crate::time::stamp_utc(
            x.start,
            crate::source::resolution(&a.sources, x.legs.first().map(|l| l.source))
        )
    ));
    h.push_text(&format!("{} {}", x.method, x.uri));
    let end = x.log_end(&a.sources);
    h.raw(&format!(
        " <span{}>{}",
        class(x.outcome),
        if end.is_some() {
            "unanswered"
        } else {
            outcome(x.outcome)
        }
    ));
    if let Some(name) = failure_label(x) {
        h.raw(" ");
        h.push_text(&name);
    } else if x.abandoned_at.is_some() {
        h.raw(" ");
        h.push_text(crate::report::stopped_at(x.abandoned_at));
    }
    if let Some(end) = end {
        h.push_text(&format!(", and {}", end.words()));
    }
    h.raw("</span></h4>\n<p class=\"muted\">from ");
    h.push_text(&x.client);
    h.raw(" on ");
    h.push_text(&match x.legs.first() {
        Some(l) => names.at(&x.server, l.source),
        None => names.name(&x.server).into(),
    });
    // The grouping in the text report's words ("grouping sure: one client, …").
    h.raw(", ");
    h.push_text(&format!(
        "{}, {}",
        crate::report::auth_name(x.auth),
        x.grouping_words_naming(|s| names.name(s))
    ));
    if let Some(c) = x.cmdlet.and_then(|i| a.cmdlets.get(i.at())) {
        h.raw(", during ");
        h.push_text(&c.name);
    }
    h.raw("</p>\n<table>\n<tr><th>Line</th><th>Time</th><th>Status</th><th>User</th><th>Meaning</th></tr>\n");
    for l in &x.legs {
        h.raw("<tr><td>");
        h.push_text(&format!("{}:{}", super::source_path(a, l.source), l.line));
        let res = crate::source::resolution(&a.sources, l.source);
        h.raw(&format!(
            "</td><td>{}</td><td><code>{} {} ",
            crate::time::stamp_utc(l.ts, res),
            l.status,
            l.substatus_shown()
        ));
        h.push_text(&l.win32_shown());
        h.raw("</code></td><td>");
        let logged = crate::source::user_logged(&a.sources, l.source, u64::from(l.line));
        h.push_text(match (l.user.is_empty(), logged) {
            (false, _) => &l.user,
            (true, true) => "-",
            (true, false) => crate::source::USER_NOT_LOGGED,
        });
        h.raw("</td><td>");
        h.push_text(&l.describe());
        h.raw("</td></tr>\n");
        // The front end's row of the same request, as the text report shows it.
        if let Some(r) = a.proxy_of(l.source, u64::from(l.line)) {
            h.raw("<tr><td></td><td colspan=\"4\">");
            h.push_text(&crate::analyze::proxyjoin::describe(r));
            h.raw("</td></tr>\n");
        }
    }
    // The Security event that says why it failed.
    let index = a.handshakes.iter().position(|y| std::ptr::eq(y, x));
    if let Some(e) = index.and_then(|i| a.security.event_for(i)) {
        h.raw("<tr><td>");
        h.push_text(&format!("{}:{}", super::source_path(a, e.source), e.line));
        let res = crate::source::resolution(&a.sources, e.source);
        h.raw("</td><td colspan=\"4\">");
        h.push_text(&format!(
            "{} {}",
            crate::time::stamp_utc(e.time, res),
            e.describe()
        ));
        h.raw("</td></tr>\n");
    }
    h.raw("</table>\n");
}
