//! Wrapping and fitting text into columns: our own greedy line breaker,
//! measured with the same ambiguous-width mode as everything else.

use std::rc::Rc;

use unicode_segmentation::UnicodeSegmentation;

use crate::width::{Ambiguous, grapheme_width, simple, truncate, width};

/// Characters that must not begin a line (Chinese line-breaking rules).
fn no_line_start(g: &str) -> bool {
    matches!(
        g,
        "，" | "。"
            | "、"
            | "；"
            | "："
            | "？"
            | "！"
            | "）"
            | "》"
            | "」"
            | "』"
            | "】"
            | "〕"
            | "”"
            | "’"
            | ","
            | "."
            | ";"
            | ":"
            | "?"
            | "!"
            | ")"
            | "]"
            | "%"
            | "％"
    )
}

/// Characters that must not end a line.
fn no_line_end(g: &str) -> bool {
    matches!(g, "（" | "《" | "「" | "『" | "【" | "〔" | "“" | "‘" | "(" | "[")
}

/// Part of a run of ASCII (a word, a number like `1,259` or `12.3%`, a
/// URL) that is not broken.
fn is_word_char(g: &str) -> bool {
    g.chars().all(|c| c.is_ascii_graphic() || matches!(c, '‰'))
}

fn is_digit(g: &str) -> bool {
    g.chars().all(|c| c.is_ascii_digit())
}

/// Units that stay on the line of the number before them.
fn is_unit(g: &str) -> bool {
    matches!(
        g,
        "万" | "亿"
            | "元"
            | "件"
            | "条"
            | "个"
            | "次"
            | "项"
            | "篇"
            | "期"
            | "场"
            | "人"
            | "年"
            | "月"
            | "日"
            | "%"
            | "％"
            | "‰"
    )
}

/// Whether the text may not break between `gs[i - 1]` and `gs[i]`: inside
/// an ASCII word, URL or number (`1,259`, `12.3%`), between a number and
/// its unit (`4068.208万元`), before closing punctuation or after opening
/// punctuation.
fn joined(gs: &[&str], i: usize) -> bool {
    let (a, b) = (gs[i - 1], gs[i]);
    (is_word_char(a) && is_word_char(b))
        || (is_digit(a) && is_unit(b))
        || (matches!(a, "万" | "亿") && b == "元")
        || no_line_start(b)
        || no_line_end(a)
}

/// Wraps text into lines of at most `w` columns. Explicit line breaks are
/// kept; Chinese may break between any two characters except where
/// [`joined`] says not (before closing or after opening punctuation, inside
/// a word or number, between a number and its unit); such a run moves to
/// the next line whole, unless it is longer than a line.
#[must_use]
pub fn wrap(s: &str, w: usize, mode: Ambiguous) -> Vec<String> {
    memo(s, w, mode, 0, || wrap_uncached(s, w, mode)).to_vec()
}

/// [`wrap`] without the cache (for layouts that try several widths: only
/// their result is kept).
fn wrap_uncached(s: &str, w: usize, mode: Ambiguous) -> Vec<String> {
    let w = w.max(2);
    let mut out = Vec::new();
    for para in s.split('\n') {
        wrap_paragraph(para.trim_end_matches('\r'), w, mode, &mut out);
    }
    out
}

/// Laid-out text is asked for again on every frame (the same labels,
/// headers and guidance at the same widths): the last few hundred results
/// are kept, keyed by text, width, mode and kind of layout.
fn memo(s: &str, w: usize, mode: Ambiguous, kind: u8, make: impl FnOnce() -> Vec<String>) -> Rc<[String]> {
    type Entry = (String, usize, bool, u8, Rc<[String]>);
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<u64, Entry, Hashed>> =
            std::cell::RefCell::new(std::collections::HashMap::default());
    }
    // Long texts (a narrative being edited) change on every key: not kept.
    if s.len() > 2048 {
        return make().into();
    }
    let wide = mode == Ambiguous::Wide;
    // Looked up by a hash of the text (FNV-1a: short keys, no allocation),
    // checked against the text kept.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes().chain(w.to_le_bytes()).chain([u8::from(wide), kind]) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let hit = CACHE.with(|c| {
        c.borrow().get(&h).filter(|e| e.0 == s && (e.1, e.2, e.3) == (w, wide, kind)).map(|e| e.4.clone())
    });
    if let Some(hit) = hit {
        return hit;
    }
    let value: Rc<[String]> = make().into();
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 1024 {
            c.clear();
        }
        c.insert(h, (s.to_owned(), w, wide, kind, value.clone()));
    });
    value
}

/// The memo's keys are hashes already: the table takes them as they are.
#[derive(Default, Clone, Copy)]
struct Hashed;

impl std::hash::BuildHasher for Hashed {
    type Hasher = PassThrough;
    fn build_hasher(&self) -> PassThrough {
        PassThrough(0)
    }
}

struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn wrap_paragraph(p: &str, w: usize, mode: Ambiguous, out: &mut Vec<String>) {
    for (start, end, _) in wrap_ranges(p, w, mode) {
        out.push(p[start..end].to_owned());
    }
}

/// Where [`wrap`] breaks one paragraph (no `\n` in it), as byte offsets:
/// per line its start, the end of its text and where the next line starts
/// (after the spaces a break swallowed). An empty paragraph is one empty
/// line. The prose editor lays out with these ranges, so the text on
/// screen breaks exactly as `wrap` (and the exports) break it.
#[must_use]
pub fn wrap_ranges(p: &str, w: usize, mode: Ambiguous) -> Vec<(usize, usize, usize)> {
    let w = w.max(2);
    let gs: Vec<(usize, &str)> = if simple(p) {
        p.char_indices().map(|(i, c)| (i, &p[i..i + c.len_utf8()])).collect()
    } else {
        p.grapheme_indices(true).collect()
    };
    let at = |i: usize| gs.get(i).map_or(p.len(), |&(b, _)| b);
    let strs: Vec<&str> = gs.iter().map(|&(_, g)| g).collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < gs.len() {
        // Greedy fill.
        let mut end = start;
        let mut used = 0;
        while end < gs.len() {
            let gw = grapheme_width(strs[end], mode);
            if used + gw > w && not_first(end, start) {
                break;
            }
            used += gw;
            end += 1;
        }
        if end < gs.len() {
            end = adjust_break(&strs, start, end);
        }
        let mut next = end;
        // A space that caused the break is not carried to the next line.
        while next < gs.len() && strs[next] == " " {
            next += 1;
        }
        out.push((at(start), at(end), at(next)));
        start = next;
    }
    if out.is_empty() {
        out.push((0, 0, 0));
    }
    out
}

/// Moves a break at `end` back to the nearest place the rules allow (see
/// [`joined`]); when there is none on the line, the line breaks at `end`
/// as filled (a line always advances).
fn adjust_break(gs: &[&str], start: usize, end: usize) -> usize {
    (start + 1..=end).rev().find(|&e| !joined(gs, e)).unwrap_or(end)
}

/// The byte length of the number a label starts with — `（三）`, `(3)`,
/// `三、`, `1.`, `1、` — if it does and text follows.
fn enumerator_end(s: &str) -> Option<usize> {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let end = if matches!(first, '（' | '(') {
        let (_, c) = chars.next()?;
        if !numeral(c) {
            return None;
        }
        chars
            .find(|&(_, c)| !numeral(c))
            .filter(|&(_, c)| matches!(c, '）' | ')'))
            .map(|(i, c)| i + c.len_utf8())?
    } else if numeral(first) {
        chars
            .find(|&(_, c)| !numeral(c))
            .filter(|&(_, c)| matches!(c, '、' | '.' | '．'))
            .map(|(i, c)| i + c.len_utf8())?
    } else {
        return None;
    };
    (end < s.len()).then_some(end)
}

/// Like [`wrap`], but with lines of even length: the narrowest width that
/// still needs no more lines than `wrap` at `w` (so a header reads 商业 /
/// 企业 rather than 商业企 / 业).
#[must_use]
pub fn wrap_balanced(s: &str, w: usize, mode: Ambiguous) -> Vec<String> {
    memo(s, w, mode, 1, || wrap_balanced_uncached(s, w, mode)).to_vec()
}

fn wrap_balanced_uncached(s: &str, w: usize, mode: Ambiguous) -> Vec<String> {
    let lines = wrap_uncached(s, w, mode);
    if lines.len() <= 1 || s.contains('\n') {
        return lines;
    }
    let n = lines.len();
    // A label numbered `（三）`, `三、` or `1.` breaks after its number when
    // that costs no line: （三） / 不予公开, not （三）不 / 予公开.
    if let Some(k) = enumerator_end(s)
        && width(&s[..k], mode) <= w
    {
        let rest = wrap_balanced_uncached(&s[k..], w, mode);
        if rest.len() < n {
            let mut out = vec![s[..k].to_owned()];
            out.extend(rest);
            return out;
        }
    }
    let start = width(s, mode).div_ceil(n);
    (start..w).map(|bw| wrap_uncached(s, bw, mode)).find(|l| l.len() <= n).unwrap_or(lines)
}

/// Whether a grapheme is past the line's first: a line never breaks
/// before its first grapheme. Equivalent under `>=` (skipped by
/// cargo-mutants): a grapheme is at most 2 columns and the width at least
/// 2, so the first always fits and this test never decides.
#[inline]
#[cfg_attr(mutants, mutants::skip)]
fn not_first(end: usize, start: usize) -> bool {
    end > start
}

/// Whether `n` wrapped lines overflow `lines`. Equivalent under `>=`
/// (skipped by cargo-mutants): lines that exactly fit, cut at the last
/// one with an ellipsis, stay as they are, since the last line fits.
#[inline]
#[cfg_attr(mutants, mutants::skip)]
fn overflows(n: usize, lines: usize) -> bool {
    n > lines
}

/// Text fitted into at most `lines` lines of `w` columns (balanced, for
/// headers, or filled, for prose); when it does not fit, the last line
/// ends in an ellipsis. The lines are shared with the cache of laid-out
/// text: a frame asks for the same labels again and again.
#[must_use]
pub fn fit(s: &str, w: usize, lines: usize, balanced: bool, mode: Ambiguous) -> Rc<[String]> {
    // Kept like `wrap`'s results, under a kind of its own per line count.
    let kind = 2u8.saturating_add(u8::try_from(lines.min(100)).unwrap_or(100) * 2 + u8::from(balanced));
    memo(s, w, mode, kind, || {
        let mut out = if balanced { wrap_balanced_uncached(s, w, mode) } else { wrap_uncached(s, w, mode) };
        if out.len() > lines && balanced {
            out = wrap_uncached(s, w, mode);
        }
        if overflows(out.len(), lines) && lines > 0 {
            let rest = out[lines - 1..].concat();
            out.truncate(lines - 1);
            out.push(truncate(&rest, w, mode));
        }
        out.truncate(lines);
        out
    })
}

/// The first index of a window of `visible` items, starting from `offset`,
/// moved as little as possible so that `focus` is inside it.
#[must_use]
pub fn scroll_to(focus: usize, offset: usize, visible: usize, count: usize) -> usize {
    if visible == 0 || count <= visible {
        return 0;
    }
    let max_offset = count - visible;
    let offset = offset.min(max_offset);
    if focus < offset {
        focus
    } else if focus >= offset + visible {
        (focus + 1 - visible).min(max_offset)
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::width::*;
    use Ambiguous::{Narrow, Wide};

    #[test]
    fn widths_by_table() {
        let rows: &[(&str, usize, usize)] = &[
            ("abc", 3, 3),
            ("中文", 4, 4),
            ("“全角引号”", 10, 12),
            ("《书名号》", 10, 10),
            ("1.属于国家秘密", 14, 14),
            ("3.危及“三安全一稳定”", 20, 22),
            ("——", 2, 4),
            ("e\u{301}", 1, 1),
            ("👩‍🔬", 2, 2),
            ("０１２", 6, 6),
        ];
        for &(s, narrow, wide) in rows {
            assert_eq!(width(s, Narrow), narrow, "{s} narrow");
            assert_eq!(width(s, Wide), wide, "{s} wide");
        }
    }

    #[test]
    fn truncate_never_splits_a_glyph_and_marks_the_cut() {
        assert_eq!(truncate("中文字符", 5, Narrow), "中文…");
        assert_eq!(truncate("中文字符", 8, Narrow), "中文字符");
        assert_eq!(truncate("中文字符", 4, Wide), "中..");
        assert_eq!(truncate("ab中", 3, Narrow), "ab…");
        for s in ["中文字符", "“三安全”", "e\u{301}e\u{301}e\u{301}", "a中b文c"] {
            for max in 0..10 {
                for mode in [Narrow, Wide] {
                    let t = truncate(s, max, mode);
                    assert!(width(&t, mode) <= max, "{s} {max} {mode:?} -> {t}");
                }
            }
        }
    }

    #[test]
    fn pad_gives_exact_width() {
        assert_eq!(pad("中", 5, Align::Right, Narrow), "   中");
        assert_eq!(pad("中", 5, Align::Center, Narrow), " 中  ");
        assert_eq!(pad("“中”", 6, Align::Left, Wide), "“中”");
        for s in ["", "12", "中文字符串", "“中”", "e\u{301}"] {
            for w in 0..9 {
                for mode in [Narrow, Wide] {
                    assert_eq!(width(&pad(s, w, Align::Left, mode), mode), w, "{s} {w}");
                }
            }
        }
    }

    #[test]
    fn wrap_keeps_numbers_and_punctuation_rules() {
        let lines = wrap("本部门2025年度收入总计1234.56万元，与上年相比增加（减少）12.3%。", 20, Narrow);
        for l in &lines {
            assert!(width(l, Narrow) <= 20, "{l}");
            assert!(!l.starts_with('，') && !l.starts_with('）') && !l.starts_with('。'), "{lines:?}");
        }
        assert!(lines.iter().any(|l| l.contains("1234.56")), "{lines:?}");
        assert_eq!(lines.concat(), "本部门2025年度收入总计1234.56万元，与上年相比增加（减少）12.3%。");
        // The break the old rules put inside 12.3% (to keep % off a line start).
        assert_eq!(wrap("收入增长12.3%。下降", 7, Narrow), vec!["收入增", "长", "12.3%。", "下降"]);
        assert_eq!(wrap("共1,259件申请", 7, Narrow), vec!["共", "1,259件", "申请"]);
        assert_eq!(wrap("金额4068.208万元整", 14, Narrow), vec!["金额", "4068.208万元整"]);
        assert_eq!(wrap("第一段\n\n第三段", 10, Narrow), vec!["第一段", "", "第三段"]);
        assert_eq!(wrap("", 10, Narrow), vec![""]);
    }

    #[test]
    fn wrap_wide_mode_counts_quotes_as_two() {
        assert_eq!(wrap("“三安全一稳定”", 7, Narrow), vec!["“三安全", "一稳定”"]);
        assert_eq!(wrap("“三安全一稳定”", 7, Wide), vec!["“三安", "全一稳", "定”"]);
    }

    #[test]
    fn a_numbered_label_breaks_after_its_number() {
        assert_eq!(wrap_balanced("（三）不予公开", 8, Narrow), ["（三）", "不予公开"]);
        // Only when it costs no line: at 6 columns the number and one
        // character share a line as before.
        let six = wrap_balanced("（三）不予公开", 6, Narrow);
        assert!(six.iter().all(|l| !l.starts_with('）')), "{six:?}");
        assert_eq!(six.concat(), "（三）不予公开");
        assert_eq!(enumerator_end("1.属于国家秘密"), Some(2));
        assert_eq!(enumerator_end("（十一）其他"), Some("（十一）".len()));
        assert_eq!(enumerator_end("（三）"), None, "nothing follows");
        assert_eq!(enumerator_end("三安全一稳定"), None);
    }

    #[test]
    fn balanced_wrap_and_fit() {
        assert_eq!(wrap_balanced("商业企业", 6, Narrow), vec!["商业", "企业"]);
        assert_eq!(wrap_balanced("社会公益组织", 6, Narrow), vec!["社会公", "益组织"]);
        assert_eq!(*fit("行政复议", 6, 1, true, Narrow), ["行政…"]);
        assert_eq!(*fit("行政复议", 8, 1, true, Narrow), ["行政复议"]);
        assert_eq!(*fit("一二三四五六七八", 4, 2, false, Narrow), ["一二", "三…"]);
    }

    #[test]
    fn scroll_window_follows_focus() {
        assert_eq!(scroll_to(0, 0, 5, 20), 0);
        assert_eq!(scroll_to(7, 0, 5, 20), 3);
        assert_eq!(scroll_to(2, 3, 5, 20), 2);
        assert_eq!(scroll_to(19, 0, 5, 20), 15);
        assert_eq!(scroll_to(4, 10, 5, 3), 0);
    }

    /// Every kind of text a report holds, measured in both modes: the
    /// widths are written by hand from the Unicode tables (East Asian
    /// Width, emoji presentation), not taken from the code.
    #[test]
    fn widths_of_every_kind_of_text_in_both_modes() {
        let table: &[(&str, usize, usize, &str)] = &[
            ("中文", 4, 4, "CJK ideographs are wide"),
            ("，。、；：", 10, 10, "full-width punctuation is wide"),
            ("“引号”", 6, 8, "curly quotes are ambiguous"),
            ("‘单’", 4, 6, "single curly quotes too"),
            ("《条例》", 8, 8, "book title marks are wide"),
            ("①②", 2, 4, "circled numbers are ambiguous"),
            ("×…—", 3, 6, "times, ellipsis and dash are ambiguous"),
            ("👨\u{200d}👩\u{200d}👧", 2, 2, "a ZWJ family is one wide emoji"),
            ("❤\u{fe0f}", 2, 2, "VS16 asks for emoji presentation"),
            ("e\u{301}", 1, 1, "a combining accent adds nothing"),
            ("a\tb", 3, 3, "a tab is shown as one visible placeholder"),
            ("2021年12.3%", 11, 11, "digits, ASCII and a CJK unit"),
            ("", 0, 0, "nothing"),
        ];
        for &(text, narrow, wide, why) in table {
            assert_eq!(width(text, Narrow), narrow, "{text:?} narrow: {why}");
            assert_eq!(width(text, Wide), wide, "{text:?} wide: {why}");
            for (mode, full) in [(Narrow, narrow), (Wide, wide)] {
                // Cutting and wrapping stay inside the width and never
                // split a grapheme.
                for w in 1..=full + 1 {
                    let (cut, cw) = take_width(text, w, mode);
                    assert!(cw <= w && width(&cut, mode) == cw, "{text:?} cut at {w}");
                    // The longest such prefix: the next grapheme would not fit.
                    let next = text[cut.len()..].graphemes(true).next();
                    assert!(
                        next.is_none_or(|g| cw + grapheme_width(g, mode) > w),
                        "{text:?} cut short at {w}"
                    );
                    assert!(text.starts_with(&cut));
                    assert_eq!(
                        cut.graphemes(true).count() + text[cut.len()..].graphemes(true).count(),
                        text.graphemes(true).count(),
                        "{text:?} split inside a grapheme at {w}"
                    );
                    let lines = wrap(text, w.max(2), mode);
                    let widest = text.graphemes(true).map(|g| grapheme_width(g, mode)).max().unwrap_or(0);
                    assert!(
                        lines.iter().all(|l| width(l, mode) <= w.max(2).max(widest)),
                        "{text:?} at {w}: {lines:?}"
                    );
                    assert_eq!(lines.concat(), text, "{text:?} wrapped at {w} loses text");
                }
            }
        }
    }

    /// Breaks the rules allow, at the width where each falls: the rules
    /// keep things together only where they say so.
    #[test]
    fn wrap_breaks_wherever_no_rule_joins() {
        let cases: &[(&str, usize, &[&str])] = &[
            // A unit character after a non-digit is an ordinary character.
            ("一二三四五人员", 10, &["一二三四五", "人员"]),
            // A digit before an ordinary character does not hold it.
            ("一二三四5六七", 10, &["一二三四5", "六七"]),
            // An ASCII word next to Chinese may go to the next line alone.
            ("一二三四五abc", 10, &["一二三四五", "abc"]),
            ("abc一二三四五", 8, &["abc一二", "三四五"]),
            // A number keeps its unit.
            ("一二三四12万元", 10, &["一二三四", "12万元"]),
            // 元 after a word that is not 万 or 亿, and what follows 万 when
            // it is not 元, may start a line.
            ("一二三四五元", 10, &["一二三四五", "元"]),
            ("一二三四万五六", 10, &["一二三四万", "五六"]),
        ];
        for &(text, w, want) in cases {
            assert_eq!(wrap(text, w, Narrow), want, "{text:?} at {w}");
        }
    }

    #[test]
    fn truncate_to_the_ellipsis_alone() {
        assert_eq!(truncate("abc", 1, Narrow), "…");
        assert_eq!(truncate("abc", 2, Narrow), "a…");
        assert_eq!(truncate("中文", 1, Narrow), "…");
    }

    #[test]
    fn a_space_at_a_break_is_dropped_and_paragraphs_are_not_balanced() {
        assert_eq!(wrap("abcd efg", 4, Narrow), ["abcd", "efg"]);
        // Balancing evens out one paragraph's lines; text with its own line
        // breaks is wrapped as it is.
        assert_eq!(wrap_balanced("商业企业", 6, Narrow), ["商业", "企业"]);
        assert_eq!(wrap_balanced("一二\n三四五六七八", 8, Narrow), ["一二", "三四五六", "七八"]);
    }

    #[test]
    fn fit_keeps_the_balanced_lines_when_they_fit_and_the_plain_ones_when_cut() {
        assert_eq!(*fit("商业企业", 6, 2, true, Narrow), ["商业", "企业"]);
        // Three lines into two: the plain wrap's first line, then the rest
        // cut with an ellipsis.
        assert_eq!(*fit("商业企业单位机构等", 8, 2, true, Narrow), ["商业企业", "单位机…"]);
        assert_eq!(*fit("商业企业单位机构等", 8, 2, false, Narrow), ["商业企业", "单位机…"]);
        assert_eq!(*fit("一二三", 8, 2, false, Narrow), ["一二三"]);
        assert!(fit("abc", 5, 0, false, Narrow).is_empty());
    }

    #[test]
    fn scroll_offsets_are_clamped_to_the_last_window() {
        assert_eq!(scroll_to(17, 30, 5, 20), 15);
        assert_eq!(scroll_to(15, 15, 5, 20), 15);
    }

    /// `fit` keeps its results apart per line count and kind of wrapping
    /// (asked in an order where a mixed-up cache would answer wrongly).
    #[test]
    fn fit_results_are_kept_apart_by_line_count_and_kind() {
        let t = "一二三四五六";
        let cases: &[(usize, bool, &[&str])] = &[
            (1, false, &["一…"]),
            (3, false, &["一二", "三四", "五六"]),
            (2, false, &["一二", "三…"]),
            (1, true, &["一…"]),
            (2, false, &["一二", "三…"]),
            (0, true, &[]),
            (3, true, &["一二", "三四", "五六"]),
        ];
        for &(lines, balanced, want) in cases {
            assert_eq!(*fit(t, 4, lines, balanced, Narrow), *want, "{lines} lines, balanced {balanced}");
        }
    }
}
