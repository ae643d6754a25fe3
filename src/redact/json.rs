//! Redacting a JSON document (`report --redact --format json`) value by value.
//!
//! Redacting the document's text as a whole sees strings with their escapes: the line break of
//! `publishes.\n1. On the agent host` reads as the account `publishes.\n1`, and
//! `Results=1\nTestMigration…` as `1\nTestMigration…`. Each string value is therefore decoded,
//! redacted and encoded again; keys, numbers and the layout stay byte for byte.

use super::Redactor;

impl Redactor {
    /// `json` with every string value redacted (object keys are kept). Text that is not valid
    /// JSON string syntax is left as it is.
    pub fn redact_json(&mut self, json: &str) -> String {
        let mut out = String::with_capacity(json.len());
        let bytes = json.as_bytes();
        let mut at = 0;
        while let Some(open) = json[at..].find('"').map(|i| at + i) {
            let Some(close) = string_end(bytes, open) else {
                break;
            };
            out.push_str(&json[at..open]);
            let literal = &json[open..=close];
            let key = json[close + 1..].trim_start().starts_with(':');
            match serde_json::from_str::<String>(literal) {
                Ok(value) if !key => {
                    let red = self.redact(&value);
                    match serde_json::to_string(&red) {
                        Ok(enc) => out.push_str(&enc),
                        Err(_) => out.push_str(literal),
                    }
                }
                _ => out.push_str(literal),
            }
            at = close + 1;
        }
        out.push_str(&json[at..]);
        out
    }
}

/// The index of the quote closing the string opened at `open`.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Redactor;

    #[test]
    fn escapes_are_not_names_and_keys_stay() {
        let json = "{\n  \"remedy\": \"the Hybrid Agent publishes.\\n1. On the agent host\",\n  \
                    \"text\": \"Results=1\\nTestMigrationServerAvailabilityOutcome\",\n  \
                    \"user\": \"CONTOSO\\\\jdoe\", \"n\": 3\n}";
        let out = Redactor::new().redact_json(json);
        assert_eq!(
            out,
            "{\n  \"remedy\": \"the Hybrid Agent publishes.\\n1. On the agent host\",\n  \
             \"text\": \"Results=1\\nTestMigrationServerAvailabilityOutcome\",\n  \
             \"user\": \"user-1\", \"n\": 3\n}"
        );
    }
}
