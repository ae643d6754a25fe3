//! A diagnosis: what is wrong, the evidence lines that show it, and what to do.

mod id;

pub use id::FindingId;

use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks the hybrid setup or a migration.
    Error,
    /// Worth fixing; may explain a symptom.
    Warning,
    /// Context.
    Info,
}

/// A line that supports a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// Source file.
    pub source: SourceId,
    /// 1-based line number.
    pub line: u64,
}

/// The later run of the wizard that no longer shows a finding's failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct FixedBy {
    /// The HCW log of that run.
    pub source: SourceId,
    /// When it got past the failure (UTC): the successful call, or the end of its workflow.
    pub time: UtcMs,
    /// The line of that call or workflow end, when its log holds other runs too (runs appended
    /// one after another): the file alone does not tell which run ([`crate::source::cited_run`]).
    pub line: Option<u64>,
}

/// One diagnosis with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Its kind; serialized as the stable id of the JSON contract (`ep-hybrid-agent`,
    /// `hcw-HCW8078` …).
    pub id: FindingId,
    /// Severity.
    pub severity: Severity,
    /// One-line title.
    pub title: String,
    /// Plain-language explanation.
    pub explanation: String,
    /// What to do, with exact commands.
    pub remedy: String,
    /// Supporting lines.
    pub evidence: Vec<Evidence>,
    /// Documentation links.
    pub references: Vec<String>,
    /// When it happened (UTC), if known.
    pub time: Option<UtcMs>,
    /// The source [`Finding::time`] was read from, which says how finely it was written
    /// (`source::resolution`: an IIS line's second is not said to the millisecond). Not in the
    /// JSON contract (the time is).
    #[serde(skip)]
    pub time_source: Option<SourceId>,
    /// Set when every HCW line behind the finding is from runs that a later run got past;
    /// such findings are listed after the open ones.
    pub fixed_by: Option<FixedBy>,
    /// The title to show once [`Finding::fixed_by`] is set, when [`Finding::title`] states the
    /// failure as present (`does not resolve`): the diagnosis swaps it in when it marks the
    /// finding fixed, so no report, ticket or screen asserts a failure a later run got past.
    /// Not in the JSON contract (the title is).
    #[serde(skip)]
    pub title_fixed: Option<String>,
    /// Sentences of the explanation and remedy that state the failure as present, each with
    /// its past form: the diagnosis puts the past form in when it marks the finding fixed
    /// (`runs::mark_fixed`, the one place a fixed finding's words change), so the explanation
    /// does not assert what the next sentence says a later run got past. Not in the JSON
    /// contract (the explanation is).
    #[serde(skip)]
    pub said_fixed: Vec<(String, String)>,
    /// Per evidence line, the finding that states its cause from the same failure (HCW8078
    /// beside the diagnosis of its call): the cause is said once, there, so this one's
    /// evidence is cited by its first line only. Not in the JSON contract (the remedy names
    /// them).
    #[serde(skip)]
    pub follows: Vec<(Evidence, FindingId)>,
}

impl Finding {
    /// Notes an instant read from `source`: [`Finding::time`] is the earliest one, and
    /// [`Finding::time_source`] where it came from (on a tie, the first noted keeps it).
    pub fn at(&mut self, t: UtcMs, source: SourceId) {
        if self.time.is_none_or(|old| t < old) {
            self.time = Some(t);
            self.time_source = Some(source);
        }
    }

    /// The findings that state the cause an evidence line repeats ([`Finding::follows`]),
    /// each once, in order.
    pub fn followed_at(&self, ev: Evidence) -> Vec<&FindingId> {
        let mut out: Vec<&FindingId> = Vec::new();
        for (at, id) in &self.follows {
            if *at == ev && !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}
