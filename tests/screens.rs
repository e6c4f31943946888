//! Whole screens: snapshots of every step at 80x24 and 160x48 with both
//! examples (read them in `tests/snapshots/`), and width checks on every
//! line of every screen: nothing overflows, nothing is cut mid-glyph, and
//! the grid's label/value separator stands in one column on every row.

use crate::common;

use nianbao::i18n::Lang;
use nianbao::text::{self, Ambiguous};
use nianbao::tui::app::{Action, App, STEPS};
use ratatui_core::backend::TestBackend;
use ratatui_core::terminal::Terminal;

/// The screen as text: each wide glyph once, its hidden continuation cell
/// skipped, so each line reads as the terminal shows it.
fn screen(app: &App, w: u16, h: u16) -> (Vec<String>, Option<(u16, u16)>) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    let mut cursor = None;
    terminal
        .draw(|f| {
            f.render_widget(nianbao::tui::view::Shown(app), f.area());
            if let Some(p) = nianbao::tui::view::cursor(app, f.area()) {
                cursor = Some((p.x, p.y));
                f.set_cursor_position(p);
            }
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let buf = terminal.backend().buffer();
    let mut lines = Vec::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = text::width(sym, Ambiguous::Narrow).saturating_sub(1);
        }
        lines.push(line);
    }
    (lines, cursor)
}

fn app_for(example: &str, lang: Lang, w: u16, h: u16) -> App {
    let path = common::example(example);
    let report = nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(report, &path, lang);
    app.update(Action::Resize(w, h));
    app
}

/// Every line exactly as wide as the terminal, and the grid separator in
/// one column (the title bar, which uses `|` as a divider, excepted).
fn check_widths(lines: &[String], w: u16, what: &str) {
    let mut sep_cols = std::collections::BTreeSet::new();
    for (y, line) in lines.iter().enumerate() {
        assert_eq!(
            text::width(line, Ambiguous::Narrow),
            usize::from(w),
            "{what}: line {y} is not {w} wide: {line:?}"
        );
        if y == 0 {
            continue;
        }
        let mut col = 0;
        for g in unicode_segmentation::UnicodeSegmentation::graphemes(line.as_str(), true) {
            if g == "|" {
                sep_cols.insert(col);
            }
            col += text::width(g, Ambiguous::Narrow);
        }
    }
    assert!(sep_cols.len() <= 1, "{what}: separators in several columns {sep_cols:?}\n{}", lines.join("\n"));
}

#[test]
fn every_step_at_both_sizes_with_both_examples() {
    for example in ["fuxin-2021.ron", "broken-tallies.ron"] {
        for (w, h) in [(80u16, 24u16), (160, 48)] {
            let mut app = app_for(example, Lang::Zh, w, h);
            for step in 0..STEPS {
                app.update(Action::Step(step));
                let (lines, _) = screen(&app, w, h);
                let name = format!("{}-{w}x{h}-step{step}", example.trim_end_matches(".ron"));
                check_widths(&lines, w, &name);
                insta::assert_snapshot!(name, lines.join("\n"));
            }
        }
    }
}

#[test]
fn a_flagged_cell_shows_found_and_expected_where_the_spec_flags_it() {
    let mut app = app_for("broken-tallies.ron", Lang::Zh, 80, 24);
    app.goto("requests.granted.total").unwrap_or_else(|a| panic!("{a}"));
    let (lines, _) = screen(&app, 80, 24);
    let row = lines.iter().find(|l| l.contains("（一）予以公开")).cloned().unwrap_or_default();
    assert!(row.trim_end().ends_with("12!=13"), "{row}");
    // The detail lines explain the rule and the key that fixes it.
    assert!(lines.iter().any(|l| l.contains("应为前六列之和 13，实为 12")), "{}", lines.join("\n"));
    assert!(lines.iter().any(|l| l.trim_end().ends_with(" [requests.granted.total]")));
}

#[test]
fn the_focused_rows_full_label_is_shown_when_the_grid_cuts_it() {
    let mut app = app_for("fuxin-2021.ron", Lang::Zh, 80, 24);
    app.goto("requests.other_unpaid_fee.legal_services").unwrap_or_else(|a| panic!("{a}"));
    let (lines, _) = screen(&app, 80, 24);
    let text = lines.join("");
    assert!(
        text.contains("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        "{}",
        lines.join("\n")
    );
    assert!(
        lines.iter().any(|l| l.contains("2.申请人逾期未按收…")),
        "the grid row is cut with an ellipsis:\n{}",
        lines.join("\n")
    );
    insta::assert_snapshot!("fuxin-80x24-scrolled-to-row-22", lines.join("\n"));
}

#[test]
fn editing_puts_the_terminal_cursor_at_the_caret() {
    let mut app = app_for("fuxin-2021.ron", Lang::Zh, 80, 24);
    app.goto("requests.new.research").unwrap_or_else(|a| panic!("{a}"));
    let (before, cursor) = screen(&app, 80, 24);
    assert_eq!(cursor, None, "no cursor while moving");
    app.update(Action::StartTyping('4'));
    app.update(Action::Type('2'));
    let (lines, cursor) = screen(&app, 80, 24);
    let (x, y) = cursor.unwrap_or_else(|| panic!("no cursor while editing"));
    let row = &lines[usize::from(y)];
    assert!(row.contains("一、本年新收"), "{row}");
    // The caret sits right after "42" in the cell.
    let col_of_42 = row.find("42").map_or(0, |b| text::width(&row[..b], Ambiguous::Narrow));
    assert_eq!(usize::from(x), col_of_42 + 2, "{row}");
    assert_ne!(before, lines);
    // Home puts it before the 4.
    app.update(Action::Caret(nianbao::tui::app::Caret::Home));
    let (_, cursor) = screen(&app, 80, 24);
    assert_eq!(cursor.map(|(x, _)| usize::from(x)), Some(col_of_42));

    // In a narrative, after CJK text.
    app.update(Action::Cancel);
    app.goto("other_matters").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartEdit);
    let (lines, cursor) = screen(&app, 80, 24);
    let (x, y) = cursor.unwrap_or_else(|| panic!("no cursor in the editor"));
    let row = &lines[usize::from(y)];
    let text = "本年度没有其它需要报告的事项。";
    let start = row.find(text).map_or(999, |b| text::width(&row[..b], Ambiguous::Narrow));
    assert_eq!(usize::from(x), start + text::width(text, Ambiguous::Narrow), "{row}");
}

/// Typing into any cell of any table, scrolled there or not, puts the
/// terminal's cursor right after the digit typed, at both sizes.
#[test]
fn the_caret_follows_the_digit_typed_into_every_cell() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = app_for("fuxin-2021.ron", Lang::Zh, w, h);
        let mut cells = 0;
        for f in &nianbao::format::schema().fields {
            if !matches!(f.place, nianbao::format::Place::Cell { .. }) {
                continue;
            }
            app.goto(&f.address).unwrap_or_else(|a| panic!("{a}"));
            app.update(Action::StartTyping('7'));
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
            let mut caret = None;
            terminal
                .draw(|fr| {
                    fr.render_widget(nianbao::tui::view::Shown(&app), fr.area());
                    caret = nianbao::tui::view::cursor(&app, fr.area());
                })
                .unwrap_or_else(|e| panic!("{e}"));
            let p = caret.unwrap_or_else(|| panic!("{}: no cursor at {w}x{h}", f.address));
            let before = terminal.backend().buffer()[(p.x - 1, p.y)].symbol().to_owned();
            assert_eq!(before, "7", "{} at {w}x{h}: the caret at {p:?}", f.address);
            app.update(Action::Cancel);
            cells += 1;
        }
        assert!(cells > 150, "{cells}");
    }
}

#[test]
fn overlays_and_prompts() {
    let mut app = app_for("broken-tallies.ron", Lang::Zh, 80, 24);
    app.update(Action::Step(3));
    app.update(Action::Help);
    let (lines, _) = screen(&app, 80, 24);
    check_widths(&lines, 80, "help");
    insta::assert_snapshot!("help-80x24", lines.join("\n"));
    app.update(Action::Cancel);
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartTyping('1'));
    app.update(Action::Commit);
    app.update(Action::Quit);
    let (lines, _) = screen(&app, 80, 24);
    assert!(lines[22].contains("有未保存的修改"), "{}", lines.join("\n"));
    assert!(lines[23].contains("s 保存并退出") && lines[23].contains("d 放弃修改并退出"), "{}", lines[23]);
}

#[test]
fn english_chrome_keeps_official_labels() {
    let mut app = app_for("broken-tallies.ron", Lang::En, 80, 24);
    app.update(Action::Step(3));
    let (lines, _) = screen(&app, 80, 24);
    check_widths(&lines, 80, "en");
    assert!(lines[0].contains("done "), "{}", lines[0]);
    // The table's bar: the keys a table needs most, in English (F1 lists the rest).
    assert!(
        lines[23].contains("Enter edit/confirm")
            && lines[23].contains("save")
            && lines[23].contains("F1 help"),
        "{}",
        lines[23]
    );
    assert!(lines.iter().any(|l| l.contains("（一）予以公开")));
    insta::assert_snapshot!("broken-tallies-80x24-step3-en", lines.join("\n"));
}

#[test]
fn too_small_says_how_large_it_must_be() {
    for (w, h) in [(50u16, 12u16), (79, 17), (30, 5)] {
        let app = app_for("fuxin-2021.ron", Lang::En, w, h);
        let (lines, _) = screen(&app, w, h);
        check_widths(&lines, w, "small");
        assert!(lines.join(" ").contains("60x18"), "{lines:?}");
    }
}

#[test]
fn every_size_from_minimum_up_keeps_lines_exact() {
    for (w, h) in [(60u16, 18u16), (61, 19), (73, 20), (99, 30), (120, 40), (200, 60)] {
        for example in ["fuxin-2021.ron", "broken-tallies.ron"] {
            let mut app = app_for(example, Lang::Zh, w, h);
            for step in 0..STEPS {
                app.update(Action::Step(step));
                for _ in 0..30 {
                    app.update(Action::Next);
                }
                let (lines, _) = screen(&app, w, h);
                check_widths(&lines, w, &format!("{example} {w}x{h} step {step}"));
            }
        }
    }
}

mod random_sessions {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Any sequence of actions at any size: no panic, and every screen
        /// line exactly as wide as the terminal.
        #[test]
        fn any_session_keeps_the_screen_whole(actions in proptest::collection::vec(super::common::arb_action(), 1..60)) {
            let mut app = app_for("broken-tallies.ron", Lang::Zh, 80, 24);
            for a in actions {
                app.update(a);
                let (w, h) = app.size;
                let (lines, _) = screen(&app, w, h);
                for line in &lines {
                    prop_assert_eq!(text::width(line, Ambiguous::Narrow), usize::from(w));
                }
            }
        }
    }
}

#[test]
fn help_scrolls_to_its_last_line_on_a_small_screen() {
    let mut app = app_for("fuxin-2021.ron", Lang::Zh, 80, 24);
    app.update(Action::Step(3));
    app.update(Action::Help);
    let (first, _) = screen(&app, 80, 24);
    assert!(!first.join("\n").contains("宽度不明确的字符"), "the note is below the fold at 80x24");
    for _ in 0..40 {
        app.update(Action::Move(nianbao::tui::app::Dir::Down));
    }
    let (lines, _) = screen(&app, 80, 24);
    check_widths(&lines, 80, "help scrolled");
    assert!(lines[2].starts_with("帮助"), "the title stays: {}", lines[2]);
    assert!(lines.join("\n").contains("宽度不明确的字符"), "{}", lines.join("\n"));
    assert_eq!(app.step, 3, "moving in help does not move the step");
    assert_eq!(app.focused_field(), Some(common::id("requests.new.natural_person")), "nor the focus");
}

#[test]
fn an_empty_total_shows_its_sum_dimmed_and_a_wrong_one_is_flagged() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(nianbao::model::Report::draft("局", 2024), &dir.path().join("n.ron"), Lang::Zh);
    app.update(Action::Resize(80, 24));
    let type_in = |app: &mut App, address: &str, v: char| {
        app.goto(address).unwrap_or_else(|a| panic!("{a}"));
        app.update(Action::StartTyping(v));
        app.update(Action::Commit);
    };
    type_in(&mut app, "requests.new.natural_person", '2');
    type_in(&mut app, "requests.new.commercial", '3');
    let row = |app: &App| {
        let (lines, _) = screen(app, 80, 24);
        lines.into_iter().find(|l| l.starts_with("一、本年新收")).unwrap_or_default()
    };
    // Four parts still empty: no sum yet, and no flag.
    assert!(row(&app).trim_end().ends_with(" ."), "{}", row(&app));
    // A total below the parts typed so far is wrong whatever comes.
    type_in(&mut app, "requests.new.total", '4');
    assert!(row(&app).trim_end().ends_with("4!=5"), "{}", row(&app));
    app.update(Action::Clear);
    for col in ["research", "nonprofit", "legal_services", "other_org"] {
        type_in(&mut app, &format!("requests.new.{col}"), '0');
    }
    assert!(row(&app).trim_end().ends_with("=5"), "{}", row(&app));
}

#[test]
fn a_wide_terminal_shows_every_row_label_of_table_three_in_full() {
    let app = {
        let mut a = app_for("fuxin-2021.ron", Lang::Zh, 160, 48);
        a.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
        a
    };
    let (lines, _) = screen(&app, 160, 48);
    let grid: Vec<&String> = lines.iter().filter(|l| l.contains(['|', '>'])).skip(1).collect();
    for label in [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "5.要求行政机关确认或重新出具已获取信息",
    ] {
        assert!(grid.iter().any(|l| l.contains(label)), "{label} cut:\n{}", lines.join("\n"));
    }
    assert!(
        !grid.iter().any(|l| l.split('|').next().is_some_and(|s| s.contains('…'))),
        "{}",
        lines.join("\n")
    );
    // No gap: the numbers sit close to the separator (value columns of 7).
    let row = grid.iter().find(|l| l.starts_with("一、本年新收")).map_or("", |l| l.as_str());
    let values = row.split(['|', '>']).nth(1).unwrap_or("");
    assert!(values.starts_with("      0 "), "{row}");
}

#[test]
fn beside_carried_in_the_hint_is_last_years_carried_out() {
    let mut last = nianbao::model::Report::draft("某局", 2024);
    common::set_count(&mut last, "requests.carried_in.natural_person", 7);
    common::set_count(&mut last, "requests.carried_out.natural_person", 4);
    let mut app = app_for("fuxin-2021.ron", Lang::Zh, 80, 24);
    app.previous = Some(last);
    app.goto("requests.carried_in.natural_person").unwrap_or_else(|a| panic!("{a}"));
    let (lines, _) = screen(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("上年：4")), "{}", lines.join("\n"));
    assert!(!lines.iter().any(|l| l.contains("上年：7")), "{}", lines.join("\n"));
}

#[test]
fn a_flagged_narrow_cell_keeps_the_value_typed_and_the_explanation_is_not_cut() {
    // 1,259 requests re-entered, 5 typed for 1259: the totals do not fit
    // `found!=expected` in a 6-wide column.
    let mut outcomes = [[0u64; 6]; 21];
    outcomes[0] = [1200, 20, 5, 3, 1, 4];
    outcomes[1] = [59, 2, 0, 0, 0, 1];
    let report = common::consistent(&outcomes, [10, 0, 0, 0, 0, 0], [10, 0, 0, 0, 0, 0], [[0; 4]; 3]);
    let mut app = App::new(report, std::path::Path::new("typo.ron"), Lang::Zh);
    app.update(Action::Resize(80, 24));
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartTyping('5'));
    app.update(Action::Commit);
    app.goto("requests.new.total").unwrap_or_else(|a| panic!("{a}"));
    let (lines, _) = screen(&app, 80, 24);
    check_widths(&lines, 80, "flagged narrow");
    let row = lines.iter().find(|l| l.starts_with("一、本年新收")).cloned().unwrap_or_default();
    // The typo marked where it is; the total shows what it holds, not `!41`.
    // (The focused row is marked by `>` in place of the separator.)
    assert!(row.contains(">    5?"), "{row}");
    assert!(row.trim_end().ends_with("1295!"), "{row}");
    let carried = lines.iter().find(|l| l.starts_with("四、结转")).cloned().unwrap_or_default();
    assert!(!carried.contains('-'), "no negative expected value: {carried}");
    let text = lines.join("\n");
    let flat: String = lines.iter().map(|l| l.trim_end()).collect();
    assert!(flat.contains("更可能是“一、本年新收政府信息公开申请数量 / 自然人”输错（表中标 ?）"), "{text}");
    insta::assert_snapshot!("typo-80x24-total-focused", text);
    // `=` asks; the question with its keys is shown whole on two lines.
    app.update(Action::FillExpected);
    let (lines, _) = screen(&app, 80, 24);
    check_widths(&lines, 80, "question");
    let bottom: String = lines[lines.len() - 3..lines.len() - 1].iter().map(|l| l.trim_end()).collect();
    assert!(
        bottom.contains("y 把它改为")
            && bottom.contains("1259  n 仍把本格改为 41")
            && bottom.contains("Esc 取消"),
        "{}",
        lines.join("\n")
    );
    insta::assert_snapshot!("typo-80x24-question", lines.join("\n"));
}
