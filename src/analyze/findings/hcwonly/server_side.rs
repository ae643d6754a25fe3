//! The server's side of an HCW `(401) Unauthorized`: the Security events of the call's account
//! while it ran (its credential, else the migration account HCW names) add the precise cause to
//! the title, explanation and remedy, and the events to the evidence.

use super::super::DiagnoseInput;
use super::super::common::{Draft, list};
use super::Item;

/// An `(401) Unauthorized` call with the Security events of its account while it ran: the
/// precise cause joins the explanation and the remedy, the events the evidence.
pub fn server_side(input: &DiagnoseInput<'_>, items: &[Item<'_>], d: &mut Draft) {
    let fallback = super::super::common::org_names(input).account;
    let mut events = Vec::new();
    for c in items.iter().filter_map(|i| i.call) {
        let Some(account) = super::super::common::credential_user(c).or_else(|| fallback.clone())
        else {
            continue;
        };
        for e in super::super::security::during_call(input, c, &account) {
            if !events
                .iter()
                .any(|x: &&crate::parse::evtx::SecurityEvent| std::ptr::eq(*x, e))
            {
                events.push(e);
            }
        }
    }
    let Some(first) = events.first() else {
        return;
    };
    let said = super::super::common::distinct(events.iter().map(|e| e.describe()));
    // The Exchange servers the HCW log names, and those whose IIS logs are loaded.
    let names = super::super::common::org_names(input);
    let servers: Vec<&str> = names
        .servers
        .iter()
        .flat_map(|s| std::iter::once(s.name.as_str()).chain(s.fqdn.as_deref()))
        .chain(
            input
                .sources
                .iter()
                .filter(|s| s.kind == crate::source::SourceKind::Iis)
                .map(|s| s.server.as_str()),
        )
        .collect();
    d.explanation.push_str(&format!(
        " {} recorded, while the call ran: {}.",
        super::super::security::whose_log(&events, &servers),
        list(&said)
    ));
    let causes = super::super::common::distinct(events.iter().map(|e| e.reason_words()));
    let causes = format!(": {}", list(&causes));
    d.title.push_str(&causes);
    if let Some(t) = &mut d.title_fixed {
        t.push_str(&causes);
    }
    let cause = super::super::security::Cause {
        code: first.reason_code(),
        words: first.reason_words(),
        events: events.clone(),
    };
    if let Some(r) = cause.remedy() {
        d.remedy = format!("- {}: {r}\n{}", cause.words, d.remedy);
    }
    for e in events {
        d.evidence.push(super::super::security::evidence(e));
    }
    d.references.push(super::super::security::EVENT_4625_DOC);
}
