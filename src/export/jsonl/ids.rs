//! How a handshake id names its file (`hcwlens.handshake.id`, `EX01:u_ex241105.log:5`: the
//! server by its machine's one name, as `host.name` says it, then the file, then the line of
//! the first leg). Known before any row, so every leg of a handshake carries one id however
//! the stream goes.
//!
//! Two handshakes never share an id. A file is expected to name its handshakes' server as the
//! export names its rows that log none (its head's name, its site folder's, its folder label);
//! among the files expected of one machine it is its name alone, unless another is named so
//! (the Default Web Site's log and another site's of one day): then the shortest ending of its
//! path that tells them apart (`W3SVC3/u_ex241105.log`, [`crate::source::path_ending`]). A
//! handshake named by another server (a field set that adds `s-computername` mid-file, a
//! headerless log) names its file by the ending no other file of the export shares.

use super::tag::id_middle;
use std::collections::HashMap;
use std::path::Path;

/// The middles of a file's handshake ids (`:<file>:`, escaped for a JSON string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIds {
    /// The name of the server its handshakes are expected to be named by.
    expected: String,
    /// Its name among the files expected of that server.
    short: Vec<u8>,
    /// Its name among all the export's files.
    unique: Vec<u8>,
}

impl FileIds {
    /// The middle of the id of a handshake of server `server` (by its one name).
    pub fn middle(&self, server: &str) -> &[u8] {
        if server.eq_ignore_ascii_case(&self.expected) {
            &self.short
        } else {
            &self.unique
        }
    }
}

/// The id middles of `files`, each given by its path and the name of the server its handshakes
/// are expected to be named by.
pub fn file_ids(files: &[(&Path, &str)]) -> Vec<FileIds> {
    // Each file is compared with its namesakes only.
    let name = |path: &Path| crate::source::path_ending(path, &[]).to_ascii_lowercase();
    let mut namesakes: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (path, _)) in files.iter().enumerate() {
        namesakes.entry(name(path)).or_default().push(i);
    }
    files
        .iter()
        .enumerate()
        .map(|(i, &(path, expected))| {
            let others = namesakes.get(&name(path)).into_iter().flatten();
            let others: Vec<(&Path, &str)> =
                others.filter(|&&k| k != i).map(|&k| files[k]).collect();
            let of_server: Vec<&Path> = others
                .iter()
                .filter(|(_, e)| e.eq_ignore_ascii_case(expected))
                .map(|&(p, _)| p)
                .collect();
            let all: Vec<&Path> = others.iter().map(|&(p, _)| p).collect();
            FileIds {
                expected: expected.to_string(),
                short: id_middle(&crate::source::path_ending(path, &of_server)),
                unique: id_middle(&crate::source::path_ending(path, &all)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::file_ids;
    use std::path::Path;

    fn ids(files: &[(&str, &str)], server: &str) -> Vec<String> {
        let files: Vec<(&Path, &str)> = files.iter().map(|&(p, e)| (Path::new(p), e)).collect();
        file_ids(&files)
            .iter()
            .map(|f| String::from_utf8(f.middle(server).to_vec()).expect("UTF-8"))
            .collect()
    }

    #[test]
    fn a_file_is_its_name_unless_a_namesake_is_of_the_same_server() {
        let files = [
            ("logs/EX01/W3SVC1/u_ex241105.log", "EX01"),
            ("logs/EX01/W3SVC3/u_ex241105.log", "ex01"),
            ("logs/EX01/W3SVC1/u_ex241106.log", "EX01"),
            ("logs/EX02/W3SVC1/u_ex241105.log", "EX02"),
        ];
        // As expected: EX01's two sites' logs of one day apart; the rest by their name.
        assert_eq!(
            ids(&files, "EX01")[..3],
            [
                ":W3SVC1/u_ex241105.log:",
                ":W3SVC3/u_ex241105.log:",
                ":u_ex241106.log:"
            ]
        );
        assert_eq!(ids(&files, "EX02")[3], ":u_ex241105.log:");
        // Another server than expected: the ending no other file shares.
        assert_eq!(
            ids(&files, "EX09"),
            [
                ":EX01/W3SVC1/u_ex241105.log:",
                ":W3SVC3/u_ex241105.log:",
                ":u_ex241106.log:",
                ":EX02/W3SVC1/u_ex241105.log:"
            ]
        );
    }
}
