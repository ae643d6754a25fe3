//! Shortening log text that may be redacted later (`report --redact`, `Y`).
//!
//! The redactor runs on the finished text, after a finding's title or excerpt was shortened. A
//! cut inside a value (`10.20.3…`, `jdoe.p…`, `NORTHWIND\jd…`) leaves a piece the redactor
//! cannot recognise, so the piece leaks, or is taken for a value of its own and gets a token of
//! its own. [`clip`] therefore cuts only between values: before whitespace or a character that
//! ends a value in logs (`&`, `;`, `,`, `|`, `"`, `<`, `>`), never inside a run of other
//! characters, so every value it keeps is whole. Whitespace and separators at the cut are
//! dropped before the `…`.

/// Characters that end a value: a cut just before one never splits a name, an address or a
/// secret (a quoted value with spaces is handled by the redactor's secret rule, which takes an
/// unclosed quote to the end of the text).
fn ends_value(c: char) -> bool {
    c.is_whitespace() || matches!(c, '&' | ';' | ',' | '|' | '"' | '<' | '>')
}

/// `text` if it has at most `max` characters; else its longest prefix of at most `max`
/// characters that ends between two values, then `…`. When the first `max` characters hold no
/// such place, the cut is at the first one within `2 * max` characters; failing that, only `…`
/// is left (one value longer than that is not shown in part).
pub fn clip(text: &str, max: usize) -> String {
    let Some((limit, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let cut_at = |i: usize| {
        let kept = text[..i].trim_end_matches(ends_value);
        (!kept.is_empty()).then_some(kept.len())
    };
    let before = text
        .char_indices()
        .take_while(|&(i, _)| i <= limit)
        .filter(|&(_, c)| ends_value(c))
        .filter_map(|(i, _)| cut_at(i))
        .last();
    let cut = before.or_else(|| {
        text.char_indices()
            .take(2 * max + 1)
            .skip(max)
            .find(|&(_, c)| ends_value(c))
            .and_then(|(i, _)| cut_at(i))
    });
    let mut out = cut.map_or_else(String::new, |n| text[..n].to_string());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn short_text_is_whole() {
        assert_eq!(clip("Failed: GET /ews", 16), "Failed: GET /ews");
        assert_eq!(clip("", 3), "");
    }

    #[test]
    fn never_cuts_inside_a_value() {
        let line = r"Connecting to 10.20.30.40 as NORTHWIND\jdoe.princeton from 2001:db8:85a3::8a2e:370:7334";
        for max in 1..line.chars().count() {
            let out = clip(line, max);
            let kept = out.trim_end_matches('…');
            for value in [
                "10.20.30.40",
                r"NORTHWIND\jdoe.princeton",
                "2001:db8:85a3::8a2e:370:7334",
            ] {
                let at = line.find(value).unwrap_or(0);
                let partial = kept.len() > at && kept.len() < at + value.len();
                assert!(!partial, "max {max} cut {value}: {out}");
            }
        }
    }

    #[test]
    fn cuts_at_the_last_boundary_and_drops_separators() {
        assert_eq!(
            clip("user=alice&password=Hunter2Secret!&pwd=x", 30),
            "user=alice…"
        );
        assert_eq!(clip("one two, three", 9), "one two…");
    }

    #[test]
    fn one_long_value_is_cut_after_it_or_not_shown() {
        let url = format!("https://mail.contoso.com/{} rest", "a".repeat(20));
        assert_eq!(clip(&url, 40), format!("{}…", &url[..url.len() - 5]));
        assert_eq!(clip(&"x".repeat(100), 10), "…");
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(clip("ééé ééé ééé", 5), "ééé…");
    }
}
