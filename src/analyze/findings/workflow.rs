//! A failed workflow step whose cause an HCW code states. HCW logs such a failure as a
//! workflow exception (`*ERROR* 10241 Workflow Exception: Unable to determine the Tenant
//! Routing Domain [Task=Initial, Phase=Configure]`), then FAILED for the phase, task or
//! workflow that ran it (10271, 10273, 10268), then the code (`*ERROR* 10025 HCW8001 Unable to
//! determine the Tenant Routing Domain`). The code's finding is the most specific: it cites
//! the exception and the FAILED steps ([`fold`]) and `hcw-phase-failed` leaves them out, so
//! the report states the cause once.

use super::common::list;
use super::hcw::is_failed_scope;
use super::repeats::{REPEAT_WINDOW_MS, at, label, repeats};
use crate::analyze::finding::{Evidence, Finding, Severity};
use crate::record::{HcwEntry, HcwLevel};
use std::collections::{HashMap, HashSet};

/// Folds each workflow exception that repeats an entry an HCW code's finding of `codes` cites
/// ([`repeats`]) into that finding, with the FAILED steps of the same run and thread that
/// follow it within [`REPEAT_WINDOW_MS`] (and belong to its task, when they name one). Returns
/// the entries folded, for `hcw-phase-failed` to leave out.
pub(super) fn fold(codes: &mut [Finding], input: &super::DiagnoseInput<'_>) -> HashSet<Evidence> {
    let hcw = input.hcw;
    let entries: HashMap<Evidence, &HcwEntry> = hcw.iter().map(|e| (at(e), e)).collect();
    let mut folded: HashSet<Evidence> = HashSet::new();
    // Per finding: (the cited entry, the exception, the FAILED steps after it).
    let mut groups: Vec<Vec<(&HcwEntry, &HcwEntry, Vec<&HcwEntry>)>> =
        vec![Vec::new(); codes.len()];
    for ex in hcw.iter().filter(|e| e.event_id == Some(10241)) {
        let home = codes.iter().enumerate().find_map(|(i, f)| {
            f.evidence
                .iter()
                .filter_map(|ev| entries.get(ev))
                .find(|x| repeats(x, ex))
                .map(|x| (i, *x))
        });
        let Some((i, cited)) = home else {
            continue;
        };
        folded.insert(at(ex));
        let failed: Vec<&HcwEntry> = hcw
            .iter()
            .filter(|f| is_failed_scope(f) && follows(ex, f) && folded.insert(at(f)))
            .collect();
        groups[i].push((cited, ex, failed));
    }
    for (f, group) in codes.iter_mut().zip(groups) {
        if group.is_empty() {
            continue;
        }
        let mut extra: HashMap<Evidence, Vec<&HcwEntry>> = HashMap::new();
        let mut said: Vec<String> = Vec::new();
        for (cited, ex, failed) in group {
            let when = if ex.line < cited.line {
                "before"
            } else {
                "after"
            };
            let mut phrase = format!("{when} it as {}", label(input.sources, ex));
            if !failed.is_empty() {
                let steps: Vec<String> = failed
                    .iter()
                    .map(|s| super::hcw::step_cited(input, s))
                    .collect();
                phrase.push_str(&format!(" and reported FAILED for {}", list(&steps)));
            }
            if !said.contains(&phrase) {
                said.push(phrase);
            }
            for e in std::iter::once(ex).chain(failed) {
                f.at(e.ts, e.source);
                if e.level == HcwLevel::Error {
                    f.severity = Severity::Error;
                }
                extra.entry(at(cited)).or_default().push(e);
            }
        }
        let mut evidence = Vec::new();
        for ev in &f.evidence {
            let mut run: Vec<(u64, Evidence)> = vec![(ev.line, *ev)];
            if let Some(more) = extra.get(ev) {
                run.extend(more.iter().map(|e| (e.line, at(e))));
            }
            run.sort_by_key(|(line, _)| *line);
            evidence.extend(run.into_iter().map(|(_, e)| e));
        }
        f.evidence = evidence;
        f.explanation = format!(
            "{}. HCW logged the same failure {}: this finding stands for them all.",
            f.explanation.trim_end().trim_end_matches('.'),
            said.join("; ")
        );
    }
    folded
}

/// Whether the FAILED step `f` ends the work that threw `ex`: the same run and thread, after
/// it within [`REPEAT_WINDOW_MS`], and its task (a workflow FINISH names none).
fn follows(ex: &HcwEntry, f: &HcwEntry) -> bool {
    f.source == ex.source
        && f.line > ex.line
        && f.ctx("Thread") == ex.ctx("Thread")
        && (0..=REPEAT_WINDOW_MS).contains(&(f.ts.0 - ex.ts.0))
        && f.ctx("Task").is_none_or(|t| ex.ctx("Task") == Some(t))
}

#[cfg(test)]
mod tests {
    use super::super::DiagnoseInput;
    use super::super::hcw::findings;
    use crate::record::{HcwEntry, HcwLevel};
    use crate::time::UtcMs;

    const CAUSE: &str = "Unable to determine the Tenant Routing Domain";

    fn entry(line: u64, id: u32, ctx: &[(&str, &str)], message: &str) -> HcwEntry {
        let level = if id == 10270 {
            HcwLevel::Info
        } else {
            HcwLevel::Error
        };
        let ms = 1_000 * i64::from(id == 10025) + i64::try_from(line).unwrap_or(0);
        HcwEntry {
            line,
            end_line: line,
            ts: UtcMs(ms),
            local: UtcMs(ms),
            level,
            event_id: Some(id),
            context: ctx
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            message: message.to_string(),
            ..HcwEntry::default()
        }
    }

    fn run(exception: &str, failed_thread: &str) -> Vec<HcwEntry> {
        let task = |phase, thread| vec![("Task", "Initial"), ("Phase", phase), ("Thread", thread)];
        vec![
            entry(11, 10241, &task("Configure", "10"), exception),
            entry(
                13,
                10271,
                &task("ValidateConfiguration", failed_thread),
                "FINISH Time=1.0ms Results=FAILED - (Validation Failure)",
            ),
            entry(15, 10025, &[("Thread", "10")], &format!("HCW8001 {CAUSE}")),
        ]
    }

    fn ids_and_lines(hcw: &[HcwEntry]) -> Vec<(String, Vec<u64>)> {
        let input = DiagnoseInput {
            hcw,
            ..DiagnoseInput::default()
        };
        findings(&input)
            .iter()
            .map(|f| {
                (
                    f.id.to_string(),
                    f.evidence.iter().map(|e| e.line).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn the_code_cites_the_exception_and_the_failed_step_of_its_thread() {
        let exception = format!("Workflow Exception: {CAUSE} [Task=Initial, Phase=Configure]");
        let one = |thread| ids_and_lines(&run(&exception, thread));
        assert_eq!(
            one("10"),
            vec![("hcw-HCW8001".to_string(), vec![11, 13, 15])]
        );
        // A step that failed on another thread is another failure: it keeps its finding.
        assert_eq!(
            one("12"),
            vec![
                ("hcw-HCW8001".to_string(), vec![11, 15]),
                ("hcw-phase-failed".to_string(), vec![13]),
            ]
        );
    }

    #[test]
    fn an_exception_with_another_message_is_not_folded() {
        let other = "Workflow Exception: Object reference not set to an instance of an object. \
                     [Task=Initial, Phase=Configure]";
        assert_eq!(
            ids_and_lines(&run(other, "10")),
            vec![
                ("hcw-HCW8001".to_string(), vec![15]),
                ("hcw-phase-failed".to_string(), vec![11, 13]),
            ]
        );
    }
}
