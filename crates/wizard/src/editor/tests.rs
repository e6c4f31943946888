//! The narrative editor's unit tests: typing, wrapping, motions,
//! selection and the caret on screen.

use super::*;

fn ed(text: &str, w: usize, h: usize) -> Editor {
    Editor::new(text, Ambiguous::Narrow, w + 1, h)
}

fn keys(e: &mut Editor, keys: &[EditKey]) {
    let now = Instant::now();
    for &k in keys {
        e.apply(k, now);
    }
}

fn before(e: &Editor) -> &str {
    &e.text()[..e.caret()]
}

fn shown(e: &Editor) -> Vec<&str> {
    e.rows().into_iter().map(|r| r.text).collect()
}

use EditKey::{Move, Select};
use Motion::*;

#[test]
fn home_and_end_work_on_the_visual_line() {
    // 10 columns: 五个字一行 per line.
    let mut e = ed("一二三四五六七八九十", 10, 5);
    assert_eq!(shown(&e), ["一二三四五", "六七八九十"]);
    keys(&mut e, &[Move(LineStart)]);
    assert_eq!(before(&e), "一二三四五");
    assert_eq!(e.caret_screen(), (0, 1));
    keys(&mut e, &[Move(Up), Move(LineEnd)]);
    assert_eq!(before(&e), "一二三四五");
    assert_eq!(e.caret_screen(), (10, 0), "drawn at the end of the first line, not the start of the next");
    keys(&mut e, &[Move(Start)]);
    assert_eq!(before(&e), "");
    keys(&mut e, &[Move(End)]);
    assert_eq!(e.caret(), e.text().len());
}

#[test]
fn up_and_down_keep_the_display_column() {
    let mut e = ed("ab一二三\nabcdefgh", 20, 5);
    keys(&mut e, &[Move(Start), Move(Right), Move(Right), Move(Right)]);
    assert_eq!(e.caret_screen(), (4, 0));
    keys(&mut e, &[Move(Down)]);
    assert_eq!(e.caret_screen(), (4, 1));
    assert_eq!(before(&e), "ab一二三\nabcd");
    keys(&mut e, &[Move(Right), Move(Up)]);
    // Column 5 falls inside 二 (columns 4-5): the caret stops before it.
    assert_eq!(before(&e), "ab一");
    keys(&mut e, &[Move(Down)]);
    assert_eq!(before(&e), "ab一二三\nabcde", "the goal column is kept across lines");
}

#[test]
fn words_are_script_runs_up_to_punctuation() {
    let mut e = ed("本机关主动公开信息12条，其中文件3件。see www.gov.cn", 80, 5);
    keys(&mut e, &[Move(Start), Move(WordRight)]);
    assert_eq!(before(&e), "本机关主动公开信息");
    keys(&mut e, &[Move(WordRight)]);
    assert_eq!(before(&e), "本机关主动公开信息12");
    keys(&mut e, &[Move(WordRight), Move(WordRight)]);
    assert_eq!(before(&e), "本机关主动公开信息12条，其中文件");
    keys(&mut e, &[Move(End), Move(WordLeft)]);
    assert_eq!(&e.text()[e.caret()..], "cn");
    keys(&mut e, &[Move(WordLeft), Move(WordLeft), Move(WordLeft)]);
    assert_eq!(&e.text()[e.caret()..], "see www.gov.cn");
    keys(&mut e, &[Move(WordLeft)]);
    assert_eq!(&e.text()[e.caret()..], "件。see www.gov.cn");
}

#[test]
fn word_and_line_deletion() {
    let mut e = ed("全年收到申请12件，办结10件", 80, 5);
    keys(&mut e, &[EditKey::DeleteWordBefore]);
    assert_eq!(e.text(), "全年收到申请12件，办结10");
    keys(&mut e, &[EditKey::DeleteWordBefore, EditKey::DeleteWordBefore]);
    assert_eq!(e.text(), "全年收到申请12件，");
    keys(&mut e, &[EditKey::DeleteWordBefore]);
    assert_eq!(e.text(), "全年收到申请12", "the punctuation and the word before it");
    // Ctrl-K: to the end of the visual line; at its end, joins the next.
    let mut e = ed("一二三四五六七八九十\n第二段", 10, 5);
    keys(&mut e, &[Move(Start), Move(Right), EditKey::DeleteToLineEnd]);
    assert_eq!(e.text(), "一六七八九十\n第二段", "only the first visual line's rest");
    // Now 一六七八九 / 十 / 第二段: at the end of the wrapped first
    // line, the next line's text goes.
    keys(&mut e, &[Move(LineEnd), EditKey::DeleteToLineEnd]);
    assert_eq!(e.text(), "一六七八九\n第二段");
    keys(&mut e, &[EditKey::DeleteToLineEnd]);
    assert_eq!(e.text(), "一六七八九第二段", "at a paragraph's end it joins the next");
}

#[test]
fn selection_cut_and_paste() {
    let t0 = Instant::now();
    let mut e = ed("第一句。第二句。第三句。", 80, 5);
    keys(&mut e, &[Move(Start)]);
    for _ in 0..4 {
        keys(&mut e, &[Select(Right)]);
    }
    assert_eq!(e.selected_text(), Some("第一句。"));
    let cut = e.cut(t0);
    assert_eq!(cut.as_deref(), Some("第一句。"));
    assert_eq!(e.text(), "第二句。第三句。");
    keys(&mut e, &[Move(End)]);
    e.insert_str("第一句。", t0);
    assert_eq!(e.text(), "第二句。第三句。第一句。");
    // Typing replaces a selection; Left collapses it to its start.
    keys(&mut e, &[Move(Start), Select(WordRight)]);
    assert_eq!(e.selected_text(), Some("第二句"));
    keys(&mut e, &[Move(Left)]);
    assert_eq!((e.caret(), e.selection()), (0, None));
    keys(&mut e, &[Select(WordRight), EditKey::Insert('甲')]);
    assert_eq!(e.text(), "甲。第三句。第一句。");
    // Undo: the replacement, then the paste, then the cut.
    assert!(e.undo());
    assert_eq!(e.text(), "第二句。第三句。第一句。");
    assert!(e.undo());
    assert_eq!(e.text(), "第二句。第三句。");
    assert!(e.undo());
    assert_eq!(e.text(), "第一句。第二句。第三句。");
    assert!(!e.undo());
    assert!(e.redo());
    assert_eq!(e.text(), "第二句。第三句。");
}

#[test]
fn undo_by_edit_group() {
    let t0 = Instant::now();
    let mut e = ed("", 80, 5);
    for c in "【插入】内容".chars() {
        e.apply(EditKey::Insert(c), t0);
    }
    // 【 | 插入】 | 内容: punctuation ends a group.
    assert!(e.undo());
    assert_eq!(e.text(), "【插入】");
    assert!(e.undo());
    assert_eq!(e.text(), "【");
    assert!(e.undo());
    assert_eq!(e.text(), "");
    // A pause splits a burst of typing; a move does too.
    let mut e = ed("", 80, 5);
    e.apply(EditKey::Insert('甲'), t0);
    e.apply(EditKey::Insert('乙'), t0 + PAUSE * 2);
    e.apply(EditKey::Move(Left), t0 + PAUSE * 2);
    e.apply(EditKey::Insert('丙'), t0 + PAUSE * 2);
    assert_eq!(e.text(), "甲丙乙");
    assert!(e.undo());
    assert_eq!(e.text(), "甲乙");
    assert!(e.undo());
    assert_eq!(e.text(), "甲");
    // A run of Backspaces is one step.
    let mut e = ed("一二三四", 80, 5);
    keys(&mut e, &[EditKey::Backspace, EditKey::Backspace, EditKey::Backspace]);
    assert_eq!(e.text(), "一");
    assert!(e.undo());
    assert_eq!(e.text(), "一二三四");
}

#[test]
fn the_view_stays_filled_after_undoing_a_long_paste_and_after_resize() {
    let t0 = Instant::now();
    let mut e = ed("第一段\n第二段\n第三段", 20, 4);
    let long: String =
        (1..=40).flat_map(|i| ["粘贴的第".to_owned(), i.to_string(), "行\n".to_owned()]).collect();
    e.insert_str(&long, t0);
    assert_eq!(e.caret_screen().1, 3, "the caret is on the last row of the view");
    assert!(e.top() > 0);
    assert!(e.undo());
    assert_eq!(e.top(), 0, "scrolled back: no blank rows above the end of the text");
    assert_eq!(shown(&e), ["第一段", "第二段", "第三段"]);
    // A long text, caret at the end, then the view grows: text above
    // fills it.
    let mut e = ed(&long, 20, 4);
    assert_eq!(e.rows().len(), 4);
    e.set_view(21, 10);
    assert_eq!(e.rows().len(), 10);
    assert_eq!(e.rows()[9].text, "", "the last line is the empty one after the final break");
    assert_eq!(e.caret_screen().1, 9);
}

#[test]
fn wrapping_follows_the_line_breaking_rules() {
    // Width 8: a comma may not start a line, a number stays whole.
    let e = ed("收到申请，共计12.5%下降", 8, 5);
    let rows = shown(&e);
    assert!(rows.iter().all(|r| !r.starts_with('，') && !r.starts_with('%')), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("12.5%")), "{rows:?}");
    assert!(rows.iter().all(|r| text::width(r, Ambiguous::Narrow) <= 8));
    // Opening quotes do not end a line.
    let e = ed("一二三四五六“引号”", 14, 5);
    assert!(shown(&e).iter().all(|r| !r.ends_with('“')), "{:?}", shown(&e));
}

#[test]
fn graphemes_move_and_delete_as_one() {
    let mut e = ed("e\u{301}👨\u{200d}👩\u{200d}👧❤\u{fe0f}", 80, 5);
    keys(&mut e, &[Move(Left)]);
    assert_eq!(&e.text()[e.caret()..], "❤\u{fe0f}");
    keys(&mut e, &[EditKey::Backspace]);
    assert_eq!(e.text(), "e\u{301}❤\u{fe0f}", "the whole family is one grapheme");
    keys(&mut e, &[Move(Start), EditKey::Delete]);
    assert_eq!(e.text(), "❤\u{fe0f}");
}

#[test]
fn wide_mode_measures_quotes_as_two_columns() {
    let e = Editor::new("“一二”", Ambiguous::Wide, 80, 5);
    assert_eq!(e.caret_screen(), (8, 0));
    let e = Editor::new("“一二”", Ambiguous::Narrow, 80, 5);
    assert_eq!(e.caret_screen(), (6, 0));
}

#[test]
fn page_keys_and_vertical_selection() {
    let text = (1..=20).map(|i| format!("第{i:02}行")).collect::<Vec<_>>().join("\n") + "\n";
    let mut e = ed(&text, 20, 5);
    keys(&mut e, &[Move(Start), Move(PageDown)]);
    assert_eq!(
        &e.text()[e.caret()..e.caret() + "第05行".len()],
        "第05行",
        "a page is the view's height less one"
    );
    assert_eq!(e.caret_screen().1, 4, "the caret on the view's last row");
    keys(&mut e, &[Move(PageDown), Move(PageUp)]);
    assert_eq!(&e.text()[e.caret()..e.caret() + "第05行".len()], "第05行");
    // Shift-Down selects to the same column on the next line.
    keys(&mut e, &[Move(LineStart), Select(Down), Select(Down)]);
    assert_eq!(e.selected_text(), Some("第05行\n第06行\n"));
    keys(&mut e, &[Select(Up)]);
    assert_eq!(e.selected_text(), Some("第05行\n"));
    // Copy leaves the text as it is (the app takes the selection).
    let before = e.text().to_owned();
    assert!(!e.apply(EditKey::Copy, Instant::now()));
    assert_eq!(e.text(), before);
}
