//! The AM/PM designators .NET cultures write on a 12-hour clock, with the Windows (NLS) and the
//! ICU spelling where they differ: `PM`, `p. m.`, `午後`, `下午`, `오후`, `CH`, `अपराह्न`,
//! `μ.μ.`, `م`, `e pasdites` and their AM partners.
//!
//! Where a stamp holds one: before the time (ko-KR `오후 2:20:02`, zh-TW `下午2:20:02`) or
//! after it (`2:20:02 PM`, `2:20:02 e pasdites`), found by [`designator`].
//!
//! A designator is matched whole, not found inside a longer word: the Pashto AM `غ.م.` holds
//! the Arabic PM `م`.

/// (AM, PM) pairs, as written (compared after [`normal`]).
const PAIRS: &[(&str, &str)] = &[
    // AM/PM, a.m./p.m., a. m./p. m. (en, es, ca, fr-CA, nb, ro, gl, ig …).
    ("am", "pm"),
    ("午前", "午後"),                  // ja
    ("上午", "下午"),                  // zh, yue
    ("오전", "오후"),                  // ko
    ("SA", "CH"),                      // vi
    ("sáng", "chiều"),                 // vi, written out
    ("ÖÖ", "ÖS"),                      // tr
    ("π.μ.", "μ.μ."),                  // el (NLS before Windows 10: πμ/μμ)
    ("ص", "م"),                        // ar
    ("ق.ظ", "ب.ظ"),                    // fa
    ("غ.م.", "غ.و."),                  // ps, prs
    ("לפנה״צ", "אחה״צ"),               // he (ICU)
    ("לפנה\"צ", "אחה\"צ"),             // he, with an ASCII quote
    ("पूर्वाह्न", "अपराह्न"),              // hi, ne, sa (NLS)
    ("म.पू.", "म.नं."),                  // mr, kok (NLS)
    ("म.पू.", "म.उ."),                  // mr (ICU)
    ("পূর্বাহ্ন", "অপরাহ্ন"),                // bn (NLS)
    ("পূৰ্বাহ্ন", "অপৰাহ্ন"),                // as (ICU)
    ("ৰাতিপু", "আবেলি"),                 // as (NLS)
    ("முற்பகல்", "பிற்பகல்"),              // ta
    ("పూర్వాహ్న", "అపరాహ్న"),               // te (NLS)
    ("ಪೂರ್ವಾಹ್ನ", "ಅಪರಾಹ್ನ"),              // kn
    ("પૂર્વ મધ્યાહ્ન", "ઉત્તર મધ્યાહ્ન"),     // gu (NLS)
    ("ਸਵੇਰ", "ਸ਼ਾਮ"),                    // pa (NLS)
    ("ਪੂ.ਦੁ.", "ਬਾ.ਦੁ."),                 // pa (ICU)
    ("පෙ.ව.", "ප.ව."),                 // si
    ("ก่อนเที่ยง", "หลังเที่ยง"),            // th (ICU)
    ("ព្រឹក", "ល្ងាច"),                    // km (NLS)
    ("ເຊົ້າ", "ແລງ"),                    // lo (NLS)
    ("ກ່ອນທ່ຽງ", "ຫຼັງທ່ຽງ"),               // lo (ICU)
    ("နံနက်", "ညနေ"),                    // my
    ("ጥዋት", "ከሰዓት"),                   // am
    ("PG", "PTG"),                     // ms
    ("PD", "MD"),                      // sq (NLS)
    ("e paradites", "e pasdites"),     // sq (ICU)
    ("vm.", "nm."),                    // af
    ("vorm.", "nachm."),               // de (older NLS)
    ("fm", "em"),                      // sv
    ("ap.", "ip."),                    // fi
    ("dop.", "odp."),                  // cs
    ("dop.", "pop."),                  // sl
    ("de.", "du."),                    // hu
    ("f.h.", "e.h."),                  // is
    ("r.n.", "i.n."),                  // ga
    ("yb", "yh"),                      // cy
    ("priekšp.", "pēcp."),             // lv (NLS)
    ("priekšpusdienā", "pēcpusdienā"), // lv (ICU)
    ("priešpiet", "popiet"),           // lt
    ("пр.об.", "сл.об."),              // bg
    ("дп", "пп"),                      // uk
    ("претпл.", "попл."),              // mk
    ("пре подне", "по подне"),         // sr-Cyrl
    ("ү.ө.", "ү.х."),                  // mn
    ("тң", "тк"),                      // ky
    ("TO", "TK"),                      // uz
    ("ТО", "ТК"),                      // uz-Cyrl
    ("SF", "YM"),                      // ha
    ("GH", "GD"),                      // so
    ("ܩ.ܛ", "ܒ.ܛ"),                    // syr
    ("މކ", "މފ"),                      // dv
    ("སྔ་དྲོ", "ཕྱི་དྲོ"),                    // bo
    ("ꎸꄑ", "ꁯꋒ"),                  // ii
    ("چۈشتىن بۇرۇن", "چۈشتىن كېيىن"),  // ug
];

/// AM (`Some(false)`) or PM (`Some(true)`) of a whole designator in any culture's spelling,
/// with or without its dots and spaces (a no-break space in `p. m.`), any case.
pub fn meridiem(text: &str) -> Option<bool> {
    let is = |spelling: &str| normal(spelling).eq(normal(text));
    normal(text).next()?;
    PAIRS.iter().find_map(|(am, pm)| {
        if is(pm) {
            Some(true)
        } else if is(am) {
            Some(false)
        } else {
            None
        }
    })
}

/// Lower case without spaces, dots and the bidirectional marks Arabic and Hebrew text carries.
fn normal(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|&c| {
            !(c.is_whitespace() || c == '.' || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}'))
        })
        .flat_map(char::to_lowercase)
}

/// Words in a designator at most (`e pasdites`, `p. m.`, `পূর্ব মধ্যাহ্ন` take two).
pub(super) const DESIGNATOR_WORDS: usize = 3;

/// A designator at `at` ending where `ends` holds (the shortest such): PM or AM and where it
/// ends. It ends before a space or a tab, or (written before the time) before a digit.
pub(super) fn designator(
    b: &[u8],
    at: usize,
    ends: impl Fn(usize) -> bool,
) -> Option<(bool, usize)> {
    let rest = b.get(at..)?;
    if rest
        .first()
        .is_none_or(|c| c.is_ascii_digit() || matches!(c, b'[' | b' ' | b'\t'))
    {
        return None;
    }
    let mut words = 1;
    for i in 1..=rest.len() {
        let c = rest.get(i).copied();
        let word_end = matches!(c, None | Some(b' ' | b'\t'));
        let digit = c.is_some_and(|c| c.is_ascii_digit());
        if (word_end || digit)
            && ends(at + i)
            && let Some(pm) = std::str::from_utf8(&rest[..i]).ok().and_then(meridiem)
        {
            return Some((pm, at + i));
        }
        if digit || c.is_none() {
            return None;
        }
        words += usize::from(word_end);
        if words > DESIGNATOR_WORDS {
            return None;
        }
    }
    None
}

/// Whether the words of a clock (`2:20:02 p. m. 10276`, `下午2:20:02`) hold a designator.
pub(super) fn has_designator(clock: &str) -> bool {
    let words: Vec<&str> = clock
        .split(|c: char| c.is_whitespace() || c.is_ascii_digit() || matches!(c, ':' | ','))
        .filter(|w| !w.is_empty())
        .take(2 * DESIGNATOR_WORDS)
        .collect();
    (1..=DESIGNATOR_WORDS).any(|n| words.windows(n).any(|w| meridiem(&w.join(" ")).is_some()))
}
