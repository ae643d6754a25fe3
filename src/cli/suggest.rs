//! "Did you mean `report`?": a path that does not exist but is spelled almost like a
//! subcommand (`hcwlens reprot x`) was most likely a typo, not a log.

use clap::CommandFactory;
use std::path::Path;

/// What to add to "no such file" for a missing path that looks like a subcommand.
pub fn hint_for(path: &Path) -> Option<String> {
    let name = subcommand_for(path)?;
    let exact = path.to_str().is_some_and(|w| w.eq_ignore_ascii_case(&name));
    Some(if exact {
        // `hcwlens --tz hcw=+01:00 report x`: options before the command make it a path.
        format!("`{name}` is a command: put its options after it (`hcwlens {name} --tz ...`)")
    } else {
        format!("did you mean `{name}`?")
    })
}

/// The subcommand a missing path is a near miss of (at most two edits, and not a longer path).
fn subcommand_for(path: &Path) -> Option<String> {
    let word = path.to_str()?;
    if word.contains(['/', '\\', '.']) || word.is_empty() {
        return None;
    }
    let word = word.to_ascii_lowercase();
    let cmd = super::Cli::command();
    cmd.get_subcommands()
        .map(|c| c.get_name().to_string())
        .map(|name| (distance(&word, &name), name))
        .filter(|(d, name)| *d <= 2.min(name.len() / 3 + 1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Edit distance (insertions, deletions, substitutions, adjacent swaps count one each).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_name_the_subcommand() {
        let s = |w: &str| subcommand_for(Path::new(w));
        assert_eq!(s("reprot").as_deref(), Some("report"));
        assert_eq!(s("Reort").as_deref(), Some("report"));
        assert_eq!(s("deocde").as_deref(), Some("decode"));
        assert_eq!(s("dmeo").as_deref(), Some("demo"));
        assert_eq!(s("completion").as_deref(), Some("completions"));
        assert_eq!(s("logs"), None);
        assert_eq!(s("u_ex241105.log"), None);
        assert_eq!(s("EX01/report"), None);
        assert_eq!(s("x"), None);
    }

    #[test]
    fn a_command_after_options_says_where_options_go() {
        let h = hint_for(Path::new("report")).unwrap_or_default();
        assert!(h.contains("put its options after it"), "{h}");
        let h = hint_for(Path::new("reprot")).unwrap_or_default();
        assert_eq!(h, "did you mean `report`?");
    }
}
