//! What the calls a skew lines up are called, by what they are: "test calls" when every one is
//! the migration test, else the calls named by their cmdlets (`New-MigrationEndpoint` creates
//! an endpoint; it is no test).

use super::SkewSuggestion;

const TEST: &str = "Test-MigrationServerAvailability";

fn all_tests(s: &SkewSuggestion) -> bool {
    s.calls.iter().all(|n| n.eq_ignore_ascii_case(TEST))
}

/// `2 of 3 test calls line up`, or `1 of 2 calls to Test-MigrationServerAvailability or
/// New-MigrationEndpoint lines up`.
pub fn calls_lined(s: &SkewSuggestion) -> String {
    let verb = if s.matched_calls == 1 {
        "lines"
    } else {
        "line"
    };
    let (m, t) = (s.matched_calls, s.total_calls);
    let plural = if t == 1 { "" } else { "s" };
    if all_tests(s) {
        format!("{m} of {t} test call{plural} {verb} up")
    } else {
        format!("{m} of {t} call{plural} to {} {verb} up", names(&s.calls))
    }
}

/// `A`, `A or B`, `A, B or C`.
fn names(calls: &[String]) -> String {
    match calls.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// What `the HCW …` calls them in a sentence: `test calls`, or `calls` (named by
/// [`calls_lined`] in the same sentence).
pub fn calls_noun(s: &SkewSuggestion) -> &'static str {
    if all_tests(s) { "test calls" } else { "calls" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skew(calls: &[&str], matched: usize) -> SkewSuggestion {
        SkewSuggestion {
            offset_ms: 3_600_000,
            matched_calls: matched,
            total_calls: 2,
            evidence: Vec::new(),
            machine: None,
            calls: calls.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn an_endpoint_created_is_no_test_call() {
        assert_eq!(calls_lined(&skew(&[TEST], 2)), "2 of 2 test calls line up");
        assert_eq!(
            calls_lined(&skew(&[TEST, "New-MigrationEndpoint"], 1)),
            "1 of 2 calls to Test-MigrationServerAvailability or New-MigrationEndpoint lines up"
        );
        assert_eq!(calls_noun(&skew(&["New-MigrationEndpoint"], 1)), "calls");
    }
}
