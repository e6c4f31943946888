//! A draft's text as the user wrote it: where each value stands, so a save
//! can change the values that changed and keep everything else — comments
//! (`//`, `/* */`), blank lines, the order and layout of a hand-edited file.
//!
//! This is not a RON parser: it only finds the values of the fields our
//! format has, in a file that ron has already read. Anything it does not
//! recognise makes it give up (`None`), and the caller writes the file
//! afresh instead (keeping a copy when there were comments to lose).

use std::ops::Range;

use crate::format::{self, FieldId, Kind};
use crate::model::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// `(`, `)`, `[`, `]`, `:`, `,`, `#`, `!`
    Punct(u8),
    /// A name, a number, `None`, `Some`, or any other bare word.
    Word,
    /// A string literal, quotes included.
    Str,
}

struct Lexer {
    toks: Vec<(Tok, Range<usize>)>,
    comments: bool,
}

/// Splits `text` into tokens, skipping whitespace and comments; `None` on
/// an unterminated string or comment.
fn lex(text: &str) -> Option<Lexer> {
    match lex_partial(text) {
        (lexer, true) => Some(lexer),
        (_, false) => None,
    }
}

/// Replaces full-width digits (`１２３`, typed through a Chinese IME) in
/// the bare words of `text` — not in strings or comments — with ASCII
/// digits, one character for one, so every line and column stays put.
/// Past an unterminated string or comment nothing is folded: ron reports
/// that error where it is.
pub fn fold_fullwidth_digits(text: &str) -> std::borrow::Cow<'_, str> {
    use nianbao_text::fullwidth;
    if !text.chars().any(fullwidth::is_wide_digit) {
        return text.into();
    }
    let (lexer, _) = lex_partial(text);
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for (_, range) in lexer.toks.into_iter().filter(|(t, _)| *t == Tok::Word) {
        out.push_str(&text[done..range.start]);
        out.extend(text[range.clone()].chars().map(fullwidth::fold));
        done = range.end;
    }
    out.push_str(&text[done..]);
    out.into()
}

/// [`lex`], and whether the text lexed to its end (`false`: an
/// unterminated string or comment, the tokens before it kept).
fn lex_partial(text: &str) -> (Lexer, bool) {
    let b = text.as_bytes();
    let mut toks = Vec::new();
    let mut comments = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                comments = true;
                i = b[i..].iter().position(|&x| x == b'\n').map_or(b.len(), |p| i + p);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                comments = true;
                // RON block comments nest.
                let mut depth = 0usize;
                loop {
                    match (b.get(i), b.get(i + 1)) {
                        (Some(b'/'), Some(b'*')) => {
                            depth += 1;
                            i += 2;
                        }
                        (Some(b'*'), Some(b'/')) => {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        (Some(_), _) => i += 1,
                        (None, _) => return (Lexer { toks, comments }, false),
                    }
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                loop {
                    match b.get(i) {
                        Some(b'\\') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                        None => return (Lexer { toks, comments }, false),
                    }
                }
                toks.push((Tok::Str, start..i));
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) => {
                // A raw string: r"…", r#"…"#, …
                let start = i;
                let hashes = b[i + 1..].iter().take_while(|&&x| x == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    return (Lexer { toks, comments }, false);
                }
                let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                let body = i + 2 + hashes;
                let Some(end) = b[body..].windows(close.len()).position(|w| w == close.as_slice()) else {
                    return (Lexer { toks, comments }, false);
                };
                i = body + end + close.len();
                toks.push((Tok::Str, start..i));
            }
            b'(' | b')' | b'[' | b']' | b':' | b',' | b'#' | b'!' => {
                toks.push((Tok::Punct(c), i..i + 1));
                i += 1;
            }
            _ => {
                let start = i;
                while i < b.len()
                    && !matches!(
                        b[i],
                        b' ' | b'\t' | b'\n' | b'\r' | b'(' | b')' | b'[' | b']' | b':' | b',' | b'"'
                    )
                    && !(b[i] == b'/' && matches!(b.get(i + 1), Some(b'/' | b'*')))
                {
                    i += 1;
                }
                toks.push((Tok::Word, start..i));
            }
        }
    }
    (Lexer { toks, comments }, true)
}

/// The string literal that ends right before byte `offset` (only spaces
/// between) and runs over more than one line: where it starts and where
/// it ends. A syntax error just after such a string is most often a
/// closing quote missing where the string starts. (Read backwards from the
/// error: with a quote missing, the file no longer lexes as a whole.)
#[must_use]
pub fn open_string_before(text: &str, offset: usize) -> Option<(usize, usize)> {
    let before = text.get(..offset)?.trim_end();
    let body_end = before.strip_suffix('"')?.len();
    let b = text.as_bytes();
    let unescaped =
        |i: usize| b[i] == b'"' && b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 0;
    // The quote before the error must close a string (an even number of
    // quotes up to and with it), not open the value the error is about.
    if (0..before.len()).filter(|&i| unescaped(i)).count() % 2 != 0 {
        return None;
    }
    // The opening quote: the nearest one before that is not escaped.
    let start = (0..body_end).rev().find(|&i| unescaped(i))?;
    let end = body_end + 1;
    text[start..end].contains('\n').then_some((start, end))
}

struct Walker<'a> {
    text: &'a str,
    toks: &'a [(Tok, Range<usize>)],
    at: usize,
    spans: Vec<Option<Range<usize>>>,
    /// Where the `format: "…"` value stands.
    format: Option<Range<usize>>,
    /// A field written twice (ron refuses that; so must we).
    twice: bool,
    /// The address of the struct being read.
    path: String,
}

impl Walker<'_> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.at).map(|t| t.0)
    }

    fn eat(&mut self, p: u8) -> Option<()> {
        (self.peek() == Some(Tok::Punct(p))).then(|| self.at += 1)
    }

    /// A struct `( key: value, … )` whose address is `self.path`.
    fn structure(&mut self) -> Option<()> {
        self.eat(b'(')?;
        let top = self.path.is_empty();
        loop {
            if self.eat(b')').is_some() {
                return Some(());
            }
            let (tok, range) = self.toks.get(self.at)?.clone();
            if tok != Tok::Word {
                return None;
            }
            self.at += 1;
            let key = &self.text[range];
            self.eat(b':')?;
            // The address grows and shrinks in one buffer: no string per key.
            let len = self.path.len();
            if !top {
                self.path.push('.');
            }
            self.path.push_str(key);
            let found = match format::schema().lookup(&self.path) {
                Some(id) => {
                    self.twice |= self.spans[id].is_some();
                    self.value(Some(id))
                }
                None if top && key == "format" => {
                    self.twice |= self.format.is_some();
                    let start = self.toks.get(self.at)?.1.start;
                    let v = self.value(None);
                    self.format = Some(start..self.toks.get(self.at.checked_sub(1)?)?.1.end);
                    v
                }
                None if self.peek() == Some(Tok::Punct(b'(')) => self.structure(),
                None => None,
            };
            self.path.truncate(len);
            found?;
            if self.eat(b',').is_none() {
                self.eat(b')')?;
                return Some(());
            }
        }
    }

    /// A scalar value: a word (`5`, `None`), a string, or `Some(…)`.
    fn value(&mut self, id: Option<FieldId>) -> Option<()> {
        let (tok, range) = self.toks.get(self.at)?.clone();
        let start = range.start;
        self.at += 1;
        let mut end = range.end;
        if tok == Tok::Word && self.peek() == Some(Tok::Punct(b'(')) {
            // Some( … ), balanced.
            let mut depth = 0usize;
            loop {
                let (t, r) = self.toks.get(self.at)?.clone();
                self.at += 1;
                match t {
                    Tok::Punct(b'(') => depth += 1,
                    Tok::Punct(b')') => {
                        depth -= 1;
                        if depth == 0 {
                            end = r.end;
                            break;
                        }
                    }
                    _ => {}
                }
            }
        } else if matches!(tok, Tok::Punct(_)) {
            return None;
        }
        if let Some(id) = id {
            self.spans[id] = Some(start..end);
        }
        Some(())
    }
}

/// Where each field's value stands in `text` (`None` for a field the text
/// leaves out), and whether the text has comments.
fn value_spans(text: &str) -> Option<Layout> {
    let lexed = lex(text)?;
    let mut w = Walker {
        text,
        toks: &lexed.toks,
        at: 0,
        spans: vec![None; format::schema().fields.len()],
        format: None,
        twice: false,
        path: String::new(),
    };
    // Attributes such as #![enable(implicit_some)].
    while w.eat(b'#').is_some() {
        w.eat(b'!');
        w.eat(b'[')?;
        let mut depth = 1usize;
        while depth > 0 {
            match w.toks.get(w.at)?.0 {
                Tok::Punct(b'[') => depth += 1,
                Tok::Punct(b']') => depth -= 1,
                _ => {}
            }
            w.at += 1;
        }
    }
    w.structure()?;
    (w.at == w.toks.len() && !w.twice).then_some(Layout { spans: w.spans, format: w.format })
}

/// Where the values of a draft stand in its text.
struct Layout {
    spans: Vec<Option<Range<usize>>>,
    format: Option<Range<usize>>,
}

/// Reads a draft the quick way: our own lexer over the layout drafts have
/// (what `to_ron` writes, and hand edits of it: comments, blank lines,
/// other orders, left-out fields), several times faster than ron's
/// general deserializer — `check` of many drafts runs at the speed of
/// reading them. `None` for anything it does not fully understand or that
/// is wrong (a raw string, `Some(…)`, an escape it does not know, a value
/// the field refuses): the caller then reads the text with ron, which
/// accepts the rest of RON and explains every error.
#[must_use]
pub fn parse_fast(text: &str) -> Option<Report> {
    let layout = value_spans(text)?;
    if text.get(layout.format?)? != format!("\"{}\"", format::FORMAT_VERSION) {
        return None;
    }
    let schema = format::schema();
    let mut report = Report::new();
    for (id, span) in layout.spans.iter().enumerate() {
        let Some(span) = span else { continue };
        let tok = text.get(span.clone())?;
        let f = &schema.fields[id];
        let value = match (tok, f.kind) {
            ("None", Kind::Count | Kind::Year | Kind::Amount) => crate::model::Value::empty(f.kind),
            (t, Kind::Count | Kind::Year) if t.bytes().all(|b| b.is_ascii_digit()) => {
                crate::model::parse_value(f.kind, t, false).ok()?
            }
            (t, Kind::Amount) if t.starts_with(['"', 'r']) => {
                crate::model::parse_value(f.kind, &unescape(t)?, false).ok()?
            }
            (t, Kind::Text | Kind::Date) if t.starts_with(['"', 'r']) => {
                crate::model::Value::Text(unescape(t)?)
            }
            _ => return None,
        };
        report.set(id, value);
    }
    Some(report)
}

/// The text of a RON string literal (`"…"`, quotes included), for the
/// escapes drafts use; `None` for any other.
fn unescape(lit: &str) -> Option<String> {
    // A raw string (`r#"…"#`, which ron writes for text with a backslash)
    // is its body as it stands.
    if let Some(raw) = lit.strip_prefix('r') {
        let hashes = raw.bytes().take_while(|&b| b == b'#').count();
        let inner = raw.get(hashes..raw.len().checked_sub(hashes)?)?;
        return Some(inner.strip_prefix('"')?.strip_suffix('"')?.to_owned());
    }
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    if !body.contains('\\') {
        return Some(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Whether a draft's text holds comments that a fresh rendering would drop.
#[must_use]
pub fn has_comments(text: &str) -> bool {
    lex(text).is_some_and(|l| l.comments)
}

/// `original` with the values that differ between `old` (what it holds)
/// and `new` replaced by their rendering in `fresh` (`new` as a fresh
/// draft), and nothing else changed; `None` when the text's shape is not
/// understood or a changed field is missing from it. The result is checked
/// by reading it back.
#[must_use]
pub fn patch(original: &str, old: &Report, new: &Report, fresh: &str) -> Option<String> {
    let spans_old = value_spans(original)?.spans;
    let spans_new = value_spans(fresh)?.spans;
    let mut edits: Vec<(Range<usize>, &str)> = old
        .differences(new)
        .into_iter()
        .map(|id| Some((spans_old[id].clone()?, &fresh[spans_new[id].clone()?])))
        .collect::<Option<_>>()?;
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
    let mut out = original.to_owned();
    for (range, value) in edits {
        out.replace_range(range, value);
    }
    (Report::from_ron(&out).ok()? == *new).then_some(out)
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// A file nobody here wrote: any mix of quotes, raw-string marks,
        /// comment marks, backslashes, full-width digits and other text,
        /// cut anywhere. The fold never panics, changes no character but a
        /// full-width digit (each to its ASCII twin, one for one, so lines
        /// and columns stay put), and leaves a file with none untouched.
        #[test]
        fn folding_any_text_keeps_every_other_character(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\"", "r#\"", "\"#", "r\"", "//", "/*", "*/", "\\", "\n", "１", "９", "a", "是", " ", ":", "(",
                ]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let folded = fold_fullwidth_digits(&text);
            let (a, b): (Vec<char>, Vec<char>) = (text.chars().collect(), folded.chars().collect());
            proptest::prop_assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(&b) {
                proptest::prop_assert!(*y == *x || *y == nianbao_text::fullwidth::fold(*x), "{x} -> {y}");
            }
        }
    }

    /// Digits typed full-width are folded where ron reads numbers, and
    /// nowhere else: strings, raw strings and comments keep them; past an
    /// unterminated string nothing changes (ron reports it there).
    #[test]
    fn full_width_digits_fold_in_words_only() {
        let text = "(a: １２, b: \"１２\", c: r#\"３\"#, // ４\n /* ５ */ d: ６)";
        assert_eq!(fold_fullwidth_digits(text), "(a: 12, b: \"１２\", c: r#\"３\"#, // ４\n /* ５ */ d: 6)");
        assert_eq!(fold_fullwidth_digits("(a: ７, b: \"８, c: ９)"), "(a: 7, b: \"８, c: ９)");
        assert!(matches!(fold_fullwidth_digits("(a: 1)"), std::borrow::Cow::Borrowed(_)));
    }

    use super::*;
    use crate::model::Value;

    #[test]
    fn a_changed_value_is_replaced_and_the_comments_stay() {
        let mut r = Report::draft("某局", 2024);
        let fresh = r.to_ron().unwrap_or_default();
        let original = fresh.replacen("(\n", "( // top comment\n", 1).replacen(
            "    meta:",
            "    /* the front matter */\n    meta:",
            1,
        );
        let old = Report::from_ron(&original).unwrap_or_default();
        let id = format::schema().lookup("requests.new.natural_person").unwrap_or_default();
        r.set(id, Value::Count(Some(1259)));
        let fresh = r.to_ron().unwrap_or_default();
        let out = patch(&original, &old, &r, &fresh).unwrap_or_default();
        assert!(out.contains("// top comment") && out.contains("/* the front matter */"), "{out}");
        assert!(out.contains("natural_person: 1259"), "{out}");
        assert_eq!(out.len(), original.len() + "1259".len() - "None".len());
    }

    #[test]
    fn strings_with_comment_marks_are_not_comments() {
        assert!(!has_comments("(a: \"http://x /* y */\")"));
        assert!(has_comments("(a: 1) // n"));
        assert!(has_comments("(a: /* x /* nested */ */ 1)"));
    }
}
