//! Which event ids open and close which scope, and the context keys that identify it.
//!
//! From the pairs listed for HCW logs (workflow 10267 → 10268/10269, task 10272 → 10273, phase
//! 10270 → 10271, page 10265 → 10266, …) plus same-id pairs seen in real runs (10259, 10261,
//! 10295 data-retrieval helpers; 10408 IIS reset; 10411 boot).

use super::ScopeKind;

/// One kind of scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Event id of the START.
    pub start: u32,
    /// Event ids that close it (may include `start` itself).
    pub finish: &'static [u32],
    /// Kind of scope.
    pub kind: ScopeKind,
    /// Context keys that START and FINISH share (besides `Thread`); they name the scope.
    pub keys: &'static [&'static str],
    /// Name the scope by the START text (`GET https://…`) rather than by the keys.
    pub name_from_start: bool,
    /// Name when neither keys nor START text give one.
    pub label: &'static str,
}

const fn rule(
    start: u32,
    finish: &'static [u32],
    kind: ScopeKind,
    keys: &'static [&'static str],
    label: &'static str,
) -> Rule {
    Rule {
        start,
        finish,
        kind,
        keys,
        name_from_start: false,
        label,
    }
}

const fn by_start(mut r: Rule) -> Rule {
    r.name_from_start = true;
    r
}

use ScopeKind as K;

/// Every known scope.
pub const RULES: &[Rule] = &[
    rule(
        10267,
        &[10268, 10269],
        K::Workflow,
        &["Workflow"],
        "Workflow",
    ),
    rule(10272, &[10273], K::Task, &["Task"], "Task"),
    rule(10270, &[10271], K::Phase, &["Task", "Phase"], "Phase"),
    rule(10265, &[10266], K::Page, &["Page"], "Page"),
    rule(10274, &[10275], K::Activity, &["Activity"], "Activity"),
    rule(
        10255,
        &[10257],
        K::DataRetrieval,
        &["Activity"],
        "Data retrieval",
    ),
    rule(
        10256,
        &[10264],
        K::DataRetrieval,
        &["Activity", "Flight"],
        "Data retrieval",
    ),
    rule(
        10258,
        &[10263],
        K::DataRetrieval,
        &["Activity"],
        "Data retrieval",
    ),
    rule(10259, &[10259], K::Function, &["fn"], "Function"),
    rule(10261, &[10261], K::Function, &["fn"], "Function"),
    rule(10295, &[10295], K::Function, &["fn"], "Function"),
    by_start(rule(10457, &[10458], K::Function, &[], "Function")),
    rule(
        10428,
        &[10429],
        K::ServiceRequest,
        &["ExecuteHighlandsServiceRequest"],
        "Service request",
    ),
    by_start(rule(10453, &[10454], K::Http, &[], "HTTP")),
    rule(10408, &[10408], K::IisReset, &["Action"], "ResetIIS"),
    rule(10411, &[10411], K::Boot, &["Client"], "Boot"),
];

/// The rule (and its index) a START id opens.
pub fn rule_for_start(id: u32) -> Option<(usize, &'static Rule)> {
    RULES.iter().enumerate().find(|(_, r)| r.start == id)
}

/// The rule (and its index) a FINISH id closes.
pub fn rule_for_finish(id: u32) -> Option<(usize, &'static Rule)> {
    RULES
        .iter()
        .enumerate()
        .find(|(_, r)| r.finish.contains(&id))
}
