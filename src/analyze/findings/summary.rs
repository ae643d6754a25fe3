//! HCW's summary warning beside the finding that names its cause. HCW8078 ("Migration Endpoint
//! could not be created") repeats the failed migration endpoint test's exception; on its own
//! hcwlens can only say that such text has many causes and where to look. When a diagnosis
//! cites the same failure ([`super::repeats::repeats`]: the test's FINISH, or the `*ERROR*`
//! that logged the exception), `hcw-HCW8078` points at that diagnosis instead of sending the
//! admin to the IIS logs for a cause the report already states.

use super::DiagnoseInput;
use super::common::{distinct, esc};
use super::repeats::repeats;
use super::text::{HCW_DOC, HCW8078_REMEDY, HCW8078_WHERE, TMSA_DOC};
use crate::analyze::finding::{Evidence, Finding, FindingId};
use crate::record::HcwEntry;
use crate::source::{SourceInfo, cited_line, cited_name};
use std::collections::HashMap;

/// Rewrites each `hcw-HCW8078` finding whose warning repeats an HCW entry a diagnosis cites.
pub(super) fn refer(out: &mut [Finding], input: &DiagnoseInput<'_>) {
    let entries: HashMap<Evidence, &HcwEntry> = input
        .hcw
        .iter()
        .map(|e| {
            (
                Evidence {
                    source: e.source,
                    line: e.line,
                },
                e,
            )
        })
        .collect();
    let hcw_of = |f: &Finding| -> Vec<&HcwEntry> {
        f.evidence
            .iter()
            .filter_map(|ev| entries.get(ev).copied())
            .collect()
    };
    let mut said: Vec<(usize, Vec<(Evidence, FindingId)>)> = Vec::new();
    for (i, f) in out.iter().enumerate() {
        if !matches!(&f.id, FindingId::HcwCode(c) if c == "HCW8078") {
            continue;
        }
        // Each warning (one a run) is the failure of its run: every one needs the diagnosis
        // of its own failed call, else the generic text stays.
        let ids: Option<Vec<(Evidence, FindingId)>> = hcw_of(f)
            .iter()
            .map(|w| {
                out.iter()
                    .find(|d| is_diagnosis(&d.id) && hcw_of(d).iter().any(|x| repeats(w, x)))
                    .map(|d| {
                        let at = Evidence {
                            source: w.source,
                            line: w.line,
                        };
                        (at, d.id.clone())
                    })
            })
            .collect();
        if let Some(ids) = ids.filter(|v| !v.is_empty()) {
            said.push((i, ids));
        }
    }
    for (i, follows) in said {
        let ids = distinct(follows.iter().map(|(_, id)| id.to_string()));
        // The references follow the named causes (the generic ones spoke of Extended
        // Protection and the Hybrid Agent whatever the cause).
        let mut references: Vec<String> = vec![HCW_DOC.to_string(), TMSA_DOC.to_string()];
        for d in out
            .iter()
            .filter(|d| follows.iter().any(|(_, id)| *id == d.id))
        {
            for r in &d.references {
                if !references.contains(r) {
                    references.push(r.clone());
                }
            }
        }
        let (names, it) = match (&ids[..], follows.len()) {
            ([one], 1) => (
                format!("{one} names this one's, from the same failed call"),
                "it names the cause",
            ),
            ([one], _) => (
                format!("{one} names their cause, from the same failed calls"),
                "it names the cause",
            ),
            // Runs that failed for different causes: which diagnosis is whose, by run (an
            // HCW log, or a warning's line when runs were appended to one log).
            _ => (
                format!(
                    "{}, from the same failed calls",
                    by_run(&follows, input.sources)
                ),
                "they name the causes",
            ),
        };
        let f = &mut out[i];
        f.explanation = f.explanation.replacen(
            HCW8078_WHERE,
            &format!(
                "Its text ('The connection to the server … could not be completed') is the \
                 same for many causes; {names}."
            ),
            1,
        );
        f.remedy = f
            .remedy
            .replacen(HCW8078_REMEDY, &format!("Follow {}: {it}.", all(&ids)), 1);
        f.explanation = unquoted(&f.explanation);
        f.references = references;
        f.follows = follows;
    }
}

/// The explanation without the warning's text it quotes (`… as a warning (Page=Configuring):
/// "HCW8078 Migration Endpoint could not be created. Microsoft.Exchange…"`): that text is the
/// failed call's exception, which the diagnosis pointed at quotes.
fn unquoted(explanation: &str) -> String {
    let Some(logged) = explanation.rfind("HCW logged it ") else {
        return explanation.to_string();
    };
    match explanation[logged..].find(": \"") {
        Some(quote) if explanation.ends_with('"') => {
            format!("{}.", &explanation[..logged + quote])
        }
        _ => explanation.to_string(),
    }
}

/// `hcw-dns names the cause in 20220219_032402.log, hcw-network-path the one in
/// 20220305_144855.log`: each diagnosis with the HCW logs (runs) whose warning it explains;
/// by the warnings' lines when runs of one log failed for different causes.
fn by_run(follows: &[(Evidence, FindingId)], sources: &[SourceInfo]) -> String {
    // In the order of the runs (the warnings are the finding's evidence, in time order).
    let mut ids: Vec<&FindingId> = Vec::new();
    for (_, id) in follows {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    // Runs appended to one log: a log named under two diagnoses tells them apart by nothing,
    // so each warning is cited by its line.
    let logs_of = |id: &FindingId| {
        distinct(
            follows
                .iter()
                .filter(|(_, d)| d == id)
                .map(|(at, _)| esc(&cited_name(sources, at.source))),
        )
    };
    let named: Vec<Vec<String>> = ids.iter().map(|id| logs_of(id)).collect();
    let shared = named.iter().enumerate().any(|(n, logs)| {
        named[n + 1..]
            .iter()
            .any(|other| other.iter().any(|l| logs.contains(l)))
    });
    let parts: Vec<String> = ids
        .iter()
        .zip(named)
        .enumerate()
        .map(|(n, (id, logs))| {
            if shared {
                let lines = distinct(
                    follows
                        .iter()
                        .filter(|(_, d)| d == *id)
                        .map(|(at, _)| esc(&cited_line(sources, at.source, at.line))),
                );
                let what = match (n, lines.len()) {
                    (0, 1) => "names the cause of the warning at",
                    (0, _) => "names the causes of the warnings at",
                    (_, 1) => "that of the one at",
                    _ => "those of the ones at",
                };
                return format!("{id} {what} {}", all(&lines));
            }
            let what = match (n, logs.len()) {
                (0, 1) => "names the cause in",
                (0, _) => "names the causes in",
                (_, 1) => "the one in",
                _ => "the ones in",
            };
            format!("{id} {what} {}", all(&logs))
        })
        .collect();
    parts.join(", ")
}

/// `a`, `a and b`, `a, b and c`: every id, none left out.
fn all(ids: &[String]) -> String {
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A finding that names a cause (not an HCW code's or a generic `hcw-error`'s text).
fn is_diagnosis(id: &FindingId) -> bool {
    !matches!(
        id,
        FindingId::HcwCode(_)
            | FindingId::HcwError(_)
            | FindingId::HcwPhaseFailed
            // It says where no log looked, not what failed.
            | FindingId::IisNoCoverage
    )
}

#[cfg(test)]
mod tests {
    use super::super::text::{HCW8078_REMEDY, HCW8078_WHERE, hcw_code};

    #[test]
    fn the_texts_replaced_are_the_ones_hcw8078_says() {
        let k = hcw_code("HCW8078").expect("HCW8078");
        assert!(k.meaning.ends_with(HCW8078_WHERE), "{}", k.meaning);
        assert_eq!(k.remedy, HCW8078_REMEDY);
    }
}
