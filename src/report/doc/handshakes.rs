//! The text and Markdown report's list of failed and abandoned handshakes: the counts per uri,
//! then each handshake (up to [`LISTED_HANDSHAKES`]) with its legs. With several W3C files
//! loaded, each leg names its file ("line 6" alone would not say which); a leg on another
//! server than the first names that server too.

use super::{Doc, LISTED_HANDSHAKES};
use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::source::SourceKind;

impl Doc {
    pub(super) fn handshakes(&mut self, a: &Analysis) {
        self.heading(2, "Failed and abandoned handshakes");
        if !a.handshake_summary.is_empty() {
            // Every handshake is counted here, successes too: said, under a heading that
            // names only failed and abandoned ones. Abandoned ones say where they stopped
            // (two rows of one uri read alike otherwise).
            self.para("Every handshake, by uri and how it ended:");
            // Those its log ends in are unanswered, as the list below says, not abandoned.
            for c in &a.handshake_counts() {
                let how = match (c.outcome, c.abandoned_at, &c.failure_name) {
                    (HandshakeOutcome::Abandoned, at, _) if c.log_end => {
                        format!(" {} (the log ends)", crate::report::stopped_at(at))
                    }
                    (HandshakeOutcome::Abandoned, at @ Some(_), _) => {
                        format!(" {}", crate::report::stopped_at(at))
                    }
                    (_, _, Some(name)) => format!(" {name}"),
                    _ => String::new(),
                };
                let outcome = if c.log_end {
                    "Unanswered".to_string()
                } else {
                    format!("{:?}", c.outcome)
                };
                let line = format!("{} {outcome}{how} x{}", escape_control(&c.uri), c.count);
                self.bullet(0, &line);
            }
            self.out.push('\n');
        }
        let bad: Vec<&Handshake> = a
            .handshakes
            .iter()
            .filter(|h| h.outcome != HandshakeOutcome::Success)
            .collect();
        // Handshakes abandoned at the anonymous leg past the listed ones may be counted only.
        let total = bad.len() + usize::try_from(a.handshakes_unkept).unwrap_or(usize::MAX);
        if bad.is_empty() {
            match crate::report::no_iis(a) {
                Some(why) => self.para(&crate::report::no_iis_sentence(why)),
                // Under the counts of every handshake, a bare "None." reads as if they were
                // nothing.
                None if a.handshake_summary.is_empty() => self.para("None."),
                None => self.para("None failed or abandoned."),
            }
            return;
        }
        let many_w3c = a
            .sources
            .iter()
            .filter(|s| {
                matches!(
                    s.kind,
                    SourceKind::Iis | SourceKind::Httperr | SourceKind::W3c
                )
            })
            .nth(1)
            .is_some();
        let names = a.server_names();
        for h in bad.iter().take(LISTED_HANDSHAKES) {
            // What ended it: the failure's name, or where an abandoned one stopped.
            let name = h
                .failure_code
                .and_then(crate::codes::failure_name)
                .unwrap_or_else(|| crate::report::stopped_at(h.abandoned_at));
            // Its log ends right after it: unanswered, not said abandoned by the client.
            let (outcome, name) = match h.log_end(&a.sources) {
                Some(end) => (
                    "Unanswered".to_string(),
                    format!("{name}, and {}", end.words()),
                ),
                None => (format!("{:?}", h.outcome), name.to_string()),
            };
            let head = format!(
                "{} {} {} {} from {} on {}: {} {} ({})",
                crate::time::stamp_utc(
                    h.start,
                    crate::source::resolution(&a.sources, h.legs.first().map(|l| l.source))
                ),
                escape_control(&h.method),
                escape_control(&h.uri),
                "",
                escape_control(crate::wording::client(&h.client)),
                escape_control(&first_leg_name(&names, h)),
                outcome,
                name,
                escape_control(&h.grouping_words_naming(|s| names.name(s)))
            );
            self.bullet(0, &head.replace("  ", " "));
            let info = |id| crate::source::by_id(&a.sources, id);
            let first = h.legs.first().and_then(|l| info(l.source));
            // With several W3C files loaded, "line 6" alone does not say which: every leg
            // names its file (the header names the server, not the file). A leg on another
            // server than the first (a split) names that server too, unless the file's name
            // already starts with its folder (`EX02/W3SVC1/u_ex241120.log`).
            let named = many_w3c || h.legs.iter().any(|l| Some(l.source) != first.map(|f| f.id));
            for l in &h.legs {
                let file = match (first, info(l.source)) {
                    (Some(f), Some(s)) if named => {
                        let name = crate::source::cited_name(&a.sources, s.id);
                        let said = name.len() > s.server.len()
                            && name.is_char_boundary(s.server.len())
                            && name[..s.server.len()].eq_ignore_ascii_case(&s.server)
                            && name[s.server.len()..].starts_with('/');
                        let same = crate::source::same_machine(&s.server, &f.server);
                        let server = if same || said {
                            String::new()
                        } else {
                            format!("{} ", escape_control(&s.server))
                        };
                        format!("{server}{} ", escape_control(&name))
                    }
                    _ => String::new(),
                };
                let leg = format!(
                    "{file}line {}: {} {} {} - {}",
                    l.line,
                    l.status,
                    l.substatus_shown(),
                    escape_control(&l.win32_shown()),
                    escape_control(&l.describe())
                );
                self.bullet(1, &leg);
                if let Some(r) = a.proxy_of(l.source, u64::from(l.line)) {
                    let view = crate::analyze::proxyjoin::describe(r);
                    self.bullet(2, &escape_control(&view));
                }
            }
            let index = a.handshakes.iter().position(|x| std::ptr::eq(x, *h));
            if let Some(e) = index.and_then(|i| a.security.event_for(i)) {
                let res = crate::source::resolution(&a.sources, e.source);
                let line = format!("{} {}", crate::time::stamp_utc(e.time, res), e.describe());
                self.bullet(1, &line);
            }
        }
        if total > LISTED_HANDSHAKES {
            self.para(&format!(
                "… and {} more (see --format json).",
                total - LISTED_HANDSHAKES
            ));
        } else {
            self.out.push('\n');
        }
    }
}

/// A handshake's server as the rows name it: with its site when its machine logs its name in
/// more than one loaded site ([`crate::source::ServerNames::at`], by its first leg's log).
fn first_leg_name<'a>(
    names: &crate::source::ServerNames<'a>,
    h: &'a crate::analyze::handshake::Handshake,
) -> std::borrow::Cow<'a, str> {
    match h.legs.first() {
        Some(l) => names.at(&h.server, l.source),
        None => names.name(&h.server).into(),
    }
}
