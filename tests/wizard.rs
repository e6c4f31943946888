//! The wizard driven by actions, without a terminal: what the user types
//! ends up in the report and on disk, tallies are flagged at the right cell,
//! and nothing is lost on the way out.

use crate::common;

use common::{example, id};
use nianbao::format::{self, Severity};
use nianbao::i18n::Lang;
use nianbao::i18n::Localize as _;
use nianbao::io;
use nianbao::model::{Report, Value};
use nianbao::tui::app::{Action, App, Dir, Effect, Mode, REVIEW, STEPS, StepState};

fn app_on(name: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(name);
    std::fs::copy(example(name), &path).unwrap_or_else(|e| panic!("{e}"));
    let app = nianbao::tui::open(&path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    (dir, app)
}

fn type_in(app: &mut App, address: &str, text: &str) {
    app.goto(address).unwrap_or_else(|a| panic!("no {a}"));
    let mut chars = text.chars();
    if let Some(first) = chars.next() {
        app.update(Action::StartTyping(first));
    }
    for c in chars {
        app.update(Action::Type(c));
    }
    app.update(Action::Commit);
}

fn value(app: &App, address: &str) -> String {
    app.report.get(id(address)).display()
}

fn errors_at(app: &App, address: &str) -> Vec<(&'static str, Option<i64>, Option<i64>)> {
    app.errors_at(id(address)).map(|d| (d.rule, d.expected, d.found)).collect()
}

#[test]
fn typing_into_a_cell_stores_the_value_and_save_writes_it() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    type_in(&mut app, "requests.new.natural_person", "12");
    assert_eq!(value(&app, "requests.new.natural_person"), "12");
    assert!(app.modified);
    // Enter moved the focus down, as in a spreadsheet.
    assert_eq!(app.focused_field(), Some(id("requests.carried_in.natural_person")));
    let effect = app.update(Action::Save);
    assert_eq!(effect, Effect::Save);
    app.perform(&effect);
    assert!(!app.modified);
    let on_disk = io::load(&app.path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on_disk.get(id("requests.new.natural_person")).display(), "12");
}

#[test]
fn a_broken_tally_is_flagged_at_its_cell_and_cleared_when_fixed() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    assert!(errors_at(&app, "requests.new.total").is_empty());
    type_in(&mut app, "requests.new.natural_person", "3");
    assert_eq!(errors_at(&app, "requests.new.total"), vec![("requests.row_total", Some(3), Some(0))]);
    assert_eq!(
        errors_at(&app, "requests.carried_out.natural_person"),
        vec![("requests.balance", Some(3), Some(0))]
    );
    assert_eq!(app.step_state(3), StepState::Errors(2));
    type_in(&mut app, "requests.new.total", "3");
    assert!(errors_at(&app, "requests.new.total").is_empty());
    type_in(&mut app, "requests.carried_out.natural_person", "3");
    type_in(&mut app, "requests.carried_out.total", "3");
    let errors: Vec<_> = app.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(app.step_state(3), StepState::Complete);
}

#[test]
fn the_fill_key_writes_the_expected_value() {
    let (_dir, mut app) = app_on("broken-tallies.ron");
    app.goto("requests.granted.total").unwrap_or_else(|a| panic!("{a}"));
    assert_eq!(errors_at(&app, "requests.granted.total"), vec![("requests.row_total", Some(13), Some(12))]);
    app.update(Action::FillExpected);
    assert_eq!(value(&app, "requests.granted.total"), "13");
    assert!(errors_at(&app, "requests.granted.total").is_empty());
    // On a cell without an error it says so and changes nothing.
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::FillExpected);
    assert_eq!(value(&app, "requests.new.natural_person"), "20");
    assert_eq!(app.status.as_ref().map(|s| s.text.as_str()), Some("此格没有勾稽错误"));
}

#[test]
fn zero_fill_fills_only_this_tables_empty_cells_and_undo_reverts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(Report::draft("局", 2024), &dir.path().join("n.ron"), Lang::Zh);
    app.goto("requests").unwrap_or_else(|a| panic!("{a}"));
    type_in(&mut app, "requests.new.natural_person", "2");
    app.update(Action::ZeroFill);
    let s = format::schema();
    for f in s.fields.iter().filter(|f| f.address.starts_with("requests.")) {
        assert!(!app.report.get(s.lookup(&f.address).unwrap_or(0)).is_empty(), "{}", f.address);
    }
    assert_eq!(value(&app, "requests.new.natural_person"), "2");
    assert_eq!(value(&app, "requests.granted.research"), "0");
    assert_eq!(value(&app, "appeals.review.total"), "", "another table was touched");
    app.update(Action::Undo);
    assert_eq!(value(&app, "requests.granted.research"), "");
    assert_eq!(value(&app, "requests.new.natural_person"), "2");
}

#[test]
fn an_empty_total_waits_for_its_parts_then_expects_the_sum() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(Report::draft("局", 2024), &dir.path().join("n.ron"), Lang::Zh);
    type_in(&mut app, "requests.new.natural_person", "2");
    type_in(&mut app, "requests.new.commercial", "3");
    // Four parts are not known yet: no error, no sum, and `=` says what it waits for.
    assert_eq!(errors_at(&app, "requests.new.total"), vec![]);
    assert_eq!(nianbao::rules::computed(&app.report, id("requests.new.total")), None);
    app.goto("requests.new.total").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::FillExpected);
    assert_eq!(value(&app, "requests.new.total"), "");
    let said = app.status.clone().map(|s| s.text).unwrap_or_default();
    assert!(said.contains("还有 4 格未填"), "{said}");
    for col in ["research", "nonprofit", "legal_services", "other_org"] {
        type_in(&mut app, &format!("requests.new.{col}"), "0");
    }
    assert_eq!(nianbao::rules::computed(&app.report, id("requests.new.total")), Some(5));
    app.goto("requests.new.total").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::FillExpected);
    assert_eq!(value(&app, "requests.new.total"), "5");
}

#[test]
fn invalid_input_is_refused_and_never_stored() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.goto("requests.new.research").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartTyping('4'));
    for bad in ['a', '-', '.'] {
        app.update(Action::Type(bad));
        let st = app.status.clone().unwrap_or_else(|| panic!("no message for {bad}"));
        assert!(st.error, "{bad}");
    }
    assert!(matches!(&app.mode, Mode::EditLine { line, .. } if line.text() == "4"));
    // Esc cancels the edit: the old value stays.
    app.update(Action::Cancel);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(value(&app, "requests.new.research"), "0");
    // Too large: refused at Enter, the edit stays open, nothing stored.
    app.update(Action::StartTyping('9'));
    for _ in 0..12 {
        app.update(Action::Type('9'));
    }
    app.update(Action::Commit);
    assert!(matches!(app.mode, Mode::EditLine { .. }));
    assert!(app.status.as_ref().is_some_and(|s| s.error && s.text.contains("过大")));
    assert_eq!(value(&app, "requests.new.research"), "0");
    assert!(!app.modified);
}

#[test]
fn amounts_take_a_decimal_point_counts_do_not() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    type_in(&mut app, "proactive.fees.amount", "4068.208");
    assert_eq!(value(&app, "proactive.fees.amount"), "4068.208");
}

#[test]
fn navigation_visits_every_step_and_errors_never_trap() {
    let (_dir, mut app) = app_on("broken-tallies.ron");
    let mut seen = vec![app.step];
    for _ in 0..STEPS + 2 {
        app.update(Action::NextStep);
        seen.push(app.step);
    }
    assert_eq!(seen[..STEPS], (0..STEPS).collect::<Vec<_>>());
    assert_eq!(app.step, REVIEW, "stays on the last step");
    app.update(Action::PrevStep);
    assert_eq!(app.step, REVIEW - 1);
    // A cell edit in progress does not keep the user in the step.
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartTyping('7'));
    app.update(Action::NextStep);
    assert_eq!(app.step, 4);
    assert_eq!(value(&app, "requests.new.natural_person"), "7", "the edit was committed on leaving");
    // Moving inside a grid stays inside it.
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::Move(Dir::Up));
    app.update(Action::Move(Dir::Left));
    assert_eq!(app.focused_field(), Some(id("requests.new.natural_person")));
    app.update(Action::RowEnd);
    assert_eq!(app.focused_field(), Some(id("requests.new.total")));
    app.update(Action::Next);
    assert_eq!(app.focused_field(), Some(id("requests.carried_in.natural_person")));
    app.update(Action::Prev);
    assert_eq!(app.focused_field(), Some(id("requests.new.total")));
    for _ in 0..40 {
        app.update(Action::Move(Dir::Down));
    }
    assert_eq!(app.focused_field(), Some(id("requests.carried_out.total")));
    // n jumps from error to error.
    app.goto("meta.organ").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::NextError);
    let first_error = app.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.cell).min();
    assert_eq!(app.focused_field(), first_error);
    app.update(Action::NextError);
    let second = app
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.cell)
        .filter(|&c| Some(c) > first_error)
        .min();
    assert_eq!(app.focused_field(), second);
}

#[test]
fn review_lists_errors_first_and_enter_jumps_to_the_cell() {
    let (_dir, mut app) = app_on("broken-tallies.ron");
    app.update(Action::Step(REVIEW));
    let list: Vec<(Severity, &str)> = app.review_list().iter().map(|d| (d.severity, d.address())).collect();
    assert_eq!(list.len(), 12);
    assert!(list[..9].iter().all(|(s, _)| *s == Severity::Error));
    assert!(list[9..].iter().all(|(s, _)| *s == Severity::Warning));
    app.update(Action::Move(Dir::Down));
    app.update(Action::Move(Dir::Down));
    let target = app.review_list()[2].cell;
    app.update(Action::Jump);
    assert_eq!(app.step, 3);
    assert_eq!(app.focused_field(), Some(target));
}

#[test]
fn quit_asks_when_there_are_unsaved_changes() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    assert_eq!(app.update(Action::Quit), Effect::Quit, "nothing to lose: leaves at once");
    type_in(&mut app, "requests.new.natural_person", "1");
    assert_eq!(app.update(Action::Quit), Effect::None);
    assert!(app.quitting);
    app.update(Action::Cancel);
    assert!(!app.quitting);
    app.update(Action::Quit);
    let effect = app.update(Action::QuitSave);
    assert!(app.perform(&effect), "save and quit stops the app");
    assert_eq!(
        io::load(&app.path).map(|r| r.get(id("requests.new.natural_person")).display()).ok().as_deref(),
        Some("1")
    );
    type_in(&mut app, "requests.new.natural_person", "2");
    app.update(Action::Quit);
    let effect = app.update(Action::QuitDiscard);
    assert_eq!(effect, Effect::Quit);
    assert_eq!(
        io::load(&app.path).map(|r| r.get(id("requests.new.natural_person")).display()).ok().as_deref(),
        Some("1")
    );
}

#[test]
fn a_failed_save_keeps_the_changes_and_says_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(Report::draft("局", 2024), &dir.path().join("missing-dir/x.ron"), Lang::En);
    type_in(&mut app, "requests.new.natural_person", "1");
    app.update(Action::Quit);
    let effect = app.update(Action::QuitSave);
    assert!(!app.perform(&effect), "a failed save must not quit");
    assert!(app.modified);
    assert!(app.status.as_ref().is_some_and(|s| s.error && s.text.contains("save failed")));
}

#[test]
fn narrative_editing_with_paste_undo_and_esc_keeping_the_text() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    let before = value(&app, "other_matters");
    app.goto("other_matters").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartEdit);
    assert!(matches!(app.mode, Mode::EditText { .. }));
    app.update(Action::Paste("\r\n另：本年度未收取信息处理费。\r\n".to_owned()));
    app.update(Action::Edit(nianbao::tui::editor::EditKey::Insert('好')));
    // The report follows the editor at once (so autosave has it).
    assert_eq!(value(&app, "other_matters"), format!("{before}\n另：本年度未收取信息处理费。\n好"));
    app.update(Action::FinishText);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(value(&app, "other_matters"), format!("{before}\n另：本年度未收取信息处理费。\n好"));
    app.update(Action::Undo);
    assert_eq!(value(&app, "other_matters"), before);
}

#[test]
fn tab_separated_paste_fills_a_block_or_nothing() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::Paste("1\t2\t3\r\n4\t5\t6\r\n".to_owned()));
    assert_eq!(value(&app, "requests.new.research"), "3");
    assert_eq!(value(&app, "requests.carried_in.natural_person"), "4");
    app.update(Action::Paste("7\tx\n".to_owned()));
    assert_eq!(value(&app, "requests.new.natural_person"), "1", "a bad block changes nothing");
    assert!(app.status.as_ref().is_some_and(|s| s.error));
}

#[test]
fn a_new_file_asks_the_organ_first() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("new.ron");
    let mut app = nianbao::tui::open(&path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(app.mode, Mode::NewDraft { .. }));
    app.update(Action::Commit);
    assert!(matches!(app.mode, Mode::NewDraft { .. }), "an empty name is refused");
    for c in "测试局".chars() {
        app.update(Action::Type(c));
    }
    app.update(Action::Commit);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.report.organ(), "测试局");
    assert!(!path.exists(), "nothing is written before a save");
    let e = app.update(Action::Save);
    app.perform(&e);
    assert_eq!(io::load(&path).map(|r| r.organ().to_owned()).ok().as_deref(), Some("测试局"));
}

#[test]
fn goto_opens_at_a_cell_or_section_and_rejects_unknown_ones() {
    let path = example("fuxin-2021.ron");
    let app = nianbao::tui::open(&path, Some("appeals.suit_direct.pending"), None, Lang::Zh)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(app.step, 4);
    assert_eq!(app.focused_field(), Some(id("appeals.suit_direct.pending")));
    let app = nianbao::tui::open(&path, Some("problems"), None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(app.step, 5);
    assert!(nianbao::tui::open(&path, Some("requests.nope"), None, Lang::Zh).is_err());
}

#[test]
fn a_recovery_file_brings_back_unsaved_work_and_the_cell_being_typed() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    type_in(&mut app, "requests.new.other_org", "9");
    app.goto("requests.new.research").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartTyping('4'));
    app.update(Action::Type('2'));
    // The wizard loses its terminal here: this is what it writes.
    io::write_recovery(&app.path, &app.recovery()).unwrap_or_else(|e| panic!("{e}"));
    let reopened = nianbao::tui::open(&app.path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    assert!(reopened.modified);
    assert!(reopened.recovery_offer.is_none(), "the draft did not change: restored at once");
    assert_eq!(value(&reopened, "requests.new.other_org"), "9");
    // The digits not yet confirmed come back as an edit in progress.
    match &reopened.mode {
        Mode::EditLine { field, line } => {
            assert_eq!(*field, id("requests.new.research"));
            assert_eq!(line.text(), "42");
        }
        other => panic!("expected the cell edit back, got {other:?}"),
    }
    assert_eq!(
        value(&reopened, "requests.new.research"),
        value(&app, "requests.new.research"),
        "not confirmed"
    );
}

#[test]
fn recovery_over_a_draft_changed_on_disk_is_offered_not_applied() {
    let (dir, mut app) = app_on("fuxin-2021.ron");
    type_in(&mut app, "requests.new.other_org", "9");
    // A number typed and not confirmed when the terminal went.
    app.goto("requests.new.research").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartTyping('7'));
    io::write_recovery(&app.path, &app.recovery()).unwrap_or_else(|e| panic!("{e}"));
    // Meanwhile `nianbao set` changed another cell of the draft on disk.
    let mut newer = io::load(&app.path).unwrap_or_else(|e| panic!("{e}"));
    newer.set(id("requests.new.commercial"), Value::Count(Some(77)));
    io::save(&app.path, &newer).unwrap_or_else(|e| panic!("{e}"));

    let mut reopened = nianbao::tui::open(&app.path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value(&reopened, "requests.new.commercial"), "77", "the newer draft is what opens");
    let original = io::load(&example("fuxin-2021.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        value(&reopened, "requests.new.other_org"),
        original.get(id("requests.new.other_org")).display(),
        "old typing is not put over the newer draft unasked"
    );
    let offer = reopened.recovery_offer.clone().unwrap_or_else(|| panic!("no offer"));
    let differ: Vec<&str> = reopened
        .report
        .differences(&offer.report)
        .iter()
        .map(|&f| format::schema().fields[f].address.as_str())
        .collect();
    assert_eq!(differ, vec!["requests.new.commercial", "requests.new.other_org"]);

    // Keep both: the recovered version goes beside the draft, which stays.
    let kept = reopened
        .resolve_recovery(nianbao::tui::app::RecoveryChoice::KeepBoth)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no file written"));
    assert_eq!(kept, dir.path().join("fuxin-2021.recovered.ron"));
    let beside = io::load(&kept).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(beside.get(id("requests.new.other_org")).display(), "9");
    assert_eq!(beside.get(id("requests.new.research")).display(), "7", "the number being typed is kept too");
    assert_eq!(
        io::load(&app.path).map(|r| r.get(id("requests.new.commercial")).display()).ok().as_deref(),
        Some("77")
    );
    assert!(!io::recovery_path(&app.path).exists());
}

#[test]
fn a_save_never_overwrites_a_draft_changed_on_disk() {
    let (dir, mut app) = app_on("fuxin-2021.ron");
    type_in(&mut app, "requests.new.other_org", "9");
    let mut newer = io::load(&app.path).unwrap_or_else(|e| panic!("{e}"));
    newer.set(id("requests.new.commercial"), Value::Count(Some(77)));
    io::save(&app.path, &newer).unwrap_or_else(|e| panic!("{e}"));
    let e = app.update(Action::Save);
    app.perform(&e);
    let status = app.status.clone().unwrap_or_else(|| panic!("no message"));
    assert!(status.error && status.text.contains("fuxin-2021.mine.ron"), "{}", status.text);
    let on_disk = io::load(&app.path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on_disk, newer, "the newer draft is untouched");
    let mine = io::load(&dir.path().join("fuxin-2021.mine.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mine.get(id("requests.new.other_org")).display(), "9");
}

#[test]
fn keys_on_a_too_small_screen_change_nothing() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    let before = app.report.clone();
    app.update(Action::Resize(40, 10));
    for a in [
        Action::StartTyping('5'),
        Action::Commit,
        Action::ZeroFill,
        Action::Clear,
        Action::Paste("1\t2".into()),
    ] {
        app.update(a);
    }
    assert_eq!(app.report, before);
    assert!(matches!(app.mode, Mode::Normal));
    app.update(Action::Resize(80, 24));
    app.update(Action::StartTyping('5'));
    app.update(Action::Commit);
    assert_eq!(value(&app, "requests.new.natural_person"), "5");
}

#[test]
fn previous_year_is_checked_and_shown_beside_the_cell() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("this.ron");
    std::fs::copy(example("fuxin-2021.ron"), &path).unwrap_or_else(|e| panic!("{e}"));
    let prev = example("broken-tallies.ron");
    let mut app =
        nianbao::tui::open(&path, Some("requests.carried_in.natural_person"), Some(&prev), Lang::Zh)
            .unwrap_or_else(|e| panic!("{e}"));
    // Last year carried out 2 natural-person requests; this draft says 0.
    let warn: Vec<_> = app
        .diagnostics
        .iter()
        .filter(|d| d.rule == "requests.carry_over")
        .map(|d| (d.address(), d.expected, d.found))
        .collect();
    assert!(warn.contains(&("requests.carried_in.natural_person", Some(2), Some(0))), "{warn:?}");
    type_in(&mut app, "requests.carried_in.natural_person", "2");
    assert!(
        !app.diagnostics
            .iter()
            .any(|d| d.rule == "requests.carry_over" && d.address() == "requests.carried_in.natural_person")
    );
}

#[test]
fn f5_drafts_the_on_request_paragraph_from_table_3() {
    let (_dir, mut app) = app_on("broken-tallies.ron");
    app.goto("overview.proactive").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::DraftProse);
    assert!(app.status.as_ref().is_some_and(|s| s.error), "only on 一（二）");
    app.goto("overview.on_request").unwrap_or_else(|a| panic!("{a}"));
    let before = value(&app, "overview.on_request");
    app.update(Action::DraftProse);
    let after = value(&app, "overview.on_request");
    assert!(after.starts_with(&before) && after.contains("本机关共收到政府信息公开申请24件"), "{after}");
    app.update(Action::Undo);
    assert_eq!(value(&app, "overview.on_request"), before);
}

#[test]
fn review_exports_every_format_only_without_tally_errors() {
    use nianbao::export::Format;
    let (_dir, mut app) = app_on("broken-tallies.ron");
    app.update(Action::Step(REVIEW));
    assert_eq!(app.update(Action::Export(Format::Html)), Effect::None);
    assert!(app.status.as_ref().is_some_and(|s| s.error && s.text.contains('9')));
    assert!(!app.export_path(Format::Html).exists());
    let (_dir2, mut app) = app_on("fuxin-2021.ron");
    app.update(Action::Step(REVIEW));
    let e = app.update(Action::Export(Format::Html));
    assert_eq!(e, Effect::Export(Format::Html));
    app.perform(&e);
    let html = std::fs::read_to_string(app.export_path(Format::Html)).unwrap_or_default();
    assert!(html.contains("<h1>阜新市煤炭工业转型发展局2021年政府信息公开工作年度报告</h1>"));
    for format in [Format::Docx, Format::Md, Format::Txt] {
        let e = app.update(Action::Export(format));
        app.perform(&e);
        let path = app.export_path(format);
        assert!(
            app.status.as_ref().is_some_and(|s| !s.error && s.text.contains(&*path.to_string_lossy())),
            "{:?}",
            app.status
        );
        assert!(std::fs::metadata(&path).is_ok_and(|m| m.len() > 1000), "{format:?}");
    }
    // Exporting again replaces this wizard's own file without asking.
    let e = app.update(Action::Export(Format::Docx));
    assert_eq!(e, Effect::Export(Format::Docx));
}

#[test]
fn an_existing_file_the_wizard_did_not_write_is_replaced_only_when_asked_twice() {
    use nianbao::export::Format;
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    let theirs = app.export_path(Format::Docx);
    std::fs::write(&theirs, "the office's own Word file").unwrap_or_else(|e| panic!("{e}"));
    app.update(Action::Step(REVIEW));
    // `update` only asks for the export; the runner, which may look at the
    // disk, finds the file and asks before replacing it.
    let e = app.update(Action::Export(Format::Docx));
    assert_eq!(e, Effect::Export(Format::Docx));
    app.perform(&e);
    assert!(app.status.as_ref().is_some_and(|s| s.error && s.text.contains("再按一次")));
    assert_eq!(std::fs::read_to_string(&theirs).ok().as_deref(), Some("the office's own Word file"));
    let e = app.update(Action::Export(Format::Docx));
    assert_eq!(e, Effect::Export(Format::Docx));
    app.perform(&e);
    assert!(std::fs::read(&theirs).is_ok_and(|b| b.starts_with(b"PK")));
}

#[test]
fn one_line_fields_edit_at_the_caret() {
    use nianbao::tui::app::Caret;
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.goto("meta.organ").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartEdit);
    app.update(Action::Caret(Caret::Home));
    for c in "辽宁省".chars() {
        app.update(Action::Type(c));
    }
    app.update(Action::Caret(Caret::End));
    for _ in 0..8 {
        app.update(Action::Caret(Caret::Left));
    }
    // Eight characters back from the end is just after 煤; Backspace takes it.
    app.update(Action::Caret(Caret::Backspace));
    app.update(Action::Commit);
    assert_eq!(value(&app, "meta.organ"), "辽宁省阜新市炭工业转型发展局");
}

#[test]
fn a_read_only_draft_is_saved_only_when_asked_twice() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    std::fs::set_permissions(&app.path, std::fs::Permissions::from_mode(0o444))
        .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&app.path).ok();
    type_in(&mut app, "requests.new.other_org", "9");
    let e = app.update(Action::Save);
    app.perform(&e);
    assert!(app.modified);
    assert!(app.status.as_ref().is_some_and(|s| s.error && s.text.contains("只读")), "{:?}", app.status);
    assert_eq!(std::fs::read(&app.path).ok(), before);
    let e = app.update(Action::Save);
    app.perform(&e);
    assert!(!app.modified, "{:?}", app.status);
    assert_eq!(value(&app, "requests.new.other_org"), "9");
    assert_eq!(
        io::load(&app.path).map(|r| r.get(id("requests.new.other_org")).display()).ok().as_deref(),
        Some("9")
    );
    let mode = std::fs::metadata(&app.path).map_or(0, |m| m.permissions().mode() & 0o777);
    assert_eq!(mode, 0o444, "still read-only after the asked-for save");
}

#[test]
fn del_on_a_paragraph_says_how_to_undo_and_u_brings_it_back() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.goto("overview.management").unwrap_or_else(|a| panic!("{a}"));
    let before = value(&app, "overview.management");
    assert!(!before.is_empty());
    app.update(Action::Clear);
    assert_eq!(value(&app, "overview.management"), "");
    assert_eq!(app.status.as_ref().map(|s| s.text.as_str()), Some("已清空（u 撤销）"));
    app.update(Action::Undo);
    assert_eq!(value(&app, "overview.management"), before);
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::ZeroFill);
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("空单元格")), "{:?}", app.status);
}

#[test]
fn numbers_pasted_with_spaces_or_commas_fill_cells_to_the_right_never_one_number() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::Paste("1259 36 0".to_owned()));
    assert_eq!(value(&app, "requests.new.natural_person"), "1259");
    assert_eq!(value(&app, "requests.new.commercial"), "36");
    assert_eq!(value(&app, "requests.new.research"), "0");
    assert_eq!(app.status.as_ref().map(|s| s.text.as_str()), Some("已粘贴 3 格"));
    // Commas: a thousands separator stays inside its number.
    app.update(Action::Paste("1,259, 7,8\n2\u{3000}3".to_owned()));
    assert_eq!(value(&app, "requests.new.natural_person"), "1259");
    assert_eq!(value(&app, "requests.new.commercial"), "7");
    assert_eq!(value(&app, "requests.new.research"), "8");
    assert_eq!(value(&app, "requests.carried_in.natural_person"), "2");
    assert_eq!(value(&app, "requests.carried_in.commercial"), "3");
    // Pasted while a cell is being edited: the same, from that cell.
    app.goto("requests.granted.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartTyping('9'));
    app.update(Action::Paste("4 5".to_owned()));
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(value(&app, "requests.granted.natural_person"), "4");
    assert_eq!(value(&app, "requests.granted.commercial"), "5");
    // One number pasted into an edit is typed in as before.
    app.update(Action::StartTyping('1'));
    app.update(Action::Paste("2".to_owned()));
    app.update(Action::Commit);
    assert_eq!(value(&app, "requests.granted.natural_person"), "12");
}

#[test]
fn the_wizards_save_keeps_the_comments_of_a_hand_edited_draft() {
    let (_dir, app) = app_on("fuxin-2021.ron");
    let text = std::fs::read_to_string(&app.path).unwrap_or_default();
    let commented = text.replacen("    meta: (", "    // 由办公室填写\n    meta: (", 1);
    assert_ne!(commented, text);
    std::fs::write(&app.path, &commented).unwrap_or_else(|e| panic!("{e}"));
    // Reopen so the wizard knows the file as it is now.
    let path = app.path.clone();
    drop(app);
    let mut app = nianbao::tui::open(&path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    type_in(&mut app, "requests.new.natural_person", "21");
    let effect = app.update(Action::Save);
    app.perform(&effect);
    let after = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(after.contains("    // 由办公室填写\n    meta: ("), "{after}");
    assert_eq!(
        io::load(&path).map(|r| r.get(id("requests.new.natural_person")).display()).ok().as_deref(),
        Some("21")
    );
}

#[test]
fn a_draft_whose_directory_cannot_be_written_saves_a_copy_and_goes_on_with_it() {
    let (dir, mut app) = app_on("fuxin-2021.ron");
    let original = app.path.clone();
    let before = std::fs::read(&original).ok();
    let elsewhere = dir.path().join("copy-here.ron");
    // What tui::run does when no lock can be taken beside the draft, with
    // the copy's place chosen by the test.
    app.open_read_only_place();
    assert!(app.status.as_ref().is_some_and(|s| s.text.starts_with("只读打开") && s.error));
    app.save_as = Some(elsewhere.clone());
    type_in(&mut app, "requests.new.natural_person", "21");
    let effect = app.update(Action::Save);
    app.perform(&effect);
    assert_eq!(std::fs::read(&original).ok(), before, "the draft itself is untouched");
    assert_eq!(app.path, elsewhere);
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("已另存为")), "{:?}", app.status);
    assert_eq!(
        io::load(&elsewhere).map(|r| r.get(id("requests.new.natural_person")).display()).ok().as_deref(),
        Some("21")
    );
    // Later saves go to the copy, which is now locked by this wizard.
    assert!(io::lock_draft(&elsewhere).is_err());
    type_in(&mut app, "requests.new.commercial", "3");
    let effect = app.update(Action::Save);
    app.perform(&effect);
    assert_eq!(
        io::load(&elsewhere).map(|r| r.get(id("requests.new.commercial")).display()).ok().as_deref(),
        Some("3")
    );
}

/// A consistent 表三 of 1,259 requests, saved and opened in the wizard.
fn app_with_1259() -> (tempfile::TempDir, App) {
    let mut outcomes = [[0u64; 6]; 21];
    outcomes[0] = [1200, 20, 5, 3, 1, 4];
    outcomes[1] = [59, 2, 0, 0, 0, 1];
    let r = common::consistent(&outcomes, [10, 0, 0, 0, 0, 0], [10, 0, 0, 0, 0, 0], [[0; 4]; 3]);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    io::save(&path, &r).unwrap_or_else(|e| panic!("{e}"));
    let app = nianbao::tui::open(&path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    (dir, app)
}

#[test]
fn five_typed_for_1259_is_named_and_fixed_from_the_total() {
    let (_dir, mut app) = app_with_1259();
    assert_eq!(value(&app, "requests.new.natural_person"), "1259");
    type_in(&mut app, "requests.new.natural_person", "5");
    // The typo is the suspect, with the value that makes everything hold.
    let sus = app.suspect_at(id("requests.new.natural_person")).unwrap_or_else(|| panic!("no suspect"));
    assert_eq!((sus.found, sus.value), (Some(5), 1259));
    // `=` on the row's total offers to fix the suspect instead of copying
    // the typo into the total.
    app.goto("requests.new.total").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::FillExpected);
    assert!(matches!(app.ask, Some(nianbao::tui::app::Ask::Fill { .. })), "{:?}", app.ask);
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(
        status.contains("更可能是") && status.contains("改为 1259") && status.contains("仍把本格改为 41"),
        "{status}"
    );
    assert_eq!(value(&app, "requests.new.total"), "1295", "nothing changed before the answer");
    app.update(Action::Answer(true));
    assert_eq!(value(&app, "requests.new.natural_person"), "1259");
    assert_eq!(value(&app, "requests.new.total"), "1295");
    assert!(app.diagnostics.iter().all(|d| d.severity != Severity::Error), "{:?}", app.diagnostics);
    // And the other answer fills this cell after all.
    type_in(&mut app, "requests.new.natural_person", "5");
    app.goto("requests.carried_out.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::FillExpected);
    // The carried-over row would need a negative count: only the suspect
    // is offered, and Esc leaves everything as it was.
    app.update(Action::Cancel);
    assert!(app.ask.is_none());
    assert_eq!(value(&app, "requests.new.natural_person"), "5");
    // `=` on the suspect itself fixes it.
    app.goto("requests.new.natural_person").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::FillExpected);
    assert_eq!(value(&app, "requests.new.natural_person"), "1259");
}

#[test]
fn an_agency_with_nothing_to_report_gets_from_new_to_a_clean_report_quickly() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("new.ron");
    let mut app = nianbao::tui::open(&path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let mut keys = 0;
    let mut press = |app: &mut App, a: Action| {
        keys += 1;
        app.update(a)
    };
    press(&mut app, Action::Commit);
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("机关名称还是空的")), "{:?}", app.status);
    for c in "某县档案馆".chars() {
        press(&mut app, Action::Type(c));
    }
    press(&mut app, Action::Commit);
    // Four plain questions; "no" to each.
    for expected in ["是否收到政府信息公开申请", "行政复议、行政诉讼", "制发、废止规章", "行政许可、行政处罚"]
    {
        let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
        assert!(status.contains(expected), "{expected}: {status}");
        press(&mut app, Action::Answer(false));
    }
    assert!(app.ask.is_none());
    // Each "no" is one undo step.
    press(&mut app, Action::Undo);
    assert_eq!(value(&app, "proactive.licensing.decisions"), "");
    assert_eq!(value(&app, "proactive.rules.issued"), "0");
    press(&mut app, Action::Redo);
    assert_eq!(value(&app, "proactive.licensing.decisions"), "0");
    assert_eq!(value(&app, "requests.new.total"), "0");
    assert_eq!(value(&app, "appeals.suit_after_review.total"), "0");
    assert_eq!(value(&app, "proactive.rules.issued"), "0");
    assert_eq!(
        value(&app, "proactive.rules.in_force"),
        "",
        "documents in force are asked for, not assumed 0"
    );
    assert!(value(&app, "overview.on_request").contains("未收到"), "{}", value(&app, "overview.on_request"));
    // The rest is writing: each text field pasted in and confirmed.
    type_in(&mut app, "meta.date", "2026-01-15");
    assert_eq!(value(&app, "meta.date"), "2026年1月15日");
    for (address, text) in [("proactive.rules.in_force", "3"), ("proactive.normative_docs.in_force", "12")] {
        type_in(&mut app, address, text);
    }
    let s = format::schema();
    let texts: Vec<String> = s
        .fields
        .iter()
        .filter(|f| {
            matches!(f.place, format::Place::Text(_))
                && !f.optional()
                && app.report.get(s.lookup(&f.address).unwrap_or(0)).is_empty()
        })
        .map(|f| f.address.clone())
        .collect();
    for address in texts {
        app.goto(&address).unwrap_or_else(|a| panic!("{a}"));
        press(&mut app, Action::Paste("本机关按要求做好相关工作。".to_owned()));
        press(&mut app, Action::FinishText);
        press(&mut app, Action::Commit);
    }
    let e = press(&mut app, Action::Save);
    app.perform(&e);
    let saved = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let left = nianbao::rules::validate(&saved);
    assert!(left.is_empty(), "{left:?}");
    assert!(keys < 40, "{keys} actions");
}

#[test]
fn the_date_is_read_in_the_forms_people_write_and_stored_in_one() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    for (typed, stored) in [
        ("2022-01-15", "2022年1月15日"),
        ("2022.1.5", "2022年1月5日"),
        ("２０２２年１月２０日", "2022年1月20日"),
    ] {
        type_in(&mut app, "meta.date", typed);
        assert_eq!(value(&app, "meta.date"), stored, "{typed}");
    }
    type_in(&mut app, "meta.date", "明天");
    assert_eq!(value(&app, "meta.date"), "2022年1月20日", "refused, unchanged");
    assert!(app.status.as_ref().is_some_and(|s| s.error && s.text.contains("不是日期")), "{:?}", app.status);
    app.update(Action::Cancel);
    type_in(&mut app, "meta.date", "2022-02-15");
    let late: Vec<_> = app.diagnostics.iter().filter(|d| d.rule == "meta.date").collect();
    assert_eq!(late.len(), 1);
    assert!(late[0].message(Lang::Zh).contains("晚于 2022年1月31日"), "{}", late[0].message(Lang::Zh));
}

#[test]
fn the_guidance_folds_to_one_line_and_the_table_gains_rows() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.update(Action::Resize(80, 24));
    app.update(Action::Step(3));
    let before = app.body_size().1;
    app.update(Action::FoldGuidance);
    assert_eq!(app.body_size().1, before + 1);
    assert_eq!(app.guidance_lines(), 1);
    app.update(Action::FoldGuidance);
    assert_eq!(app.body_size().1, before);
}

#[test]
fn fill_on_an_empty_cell_whose_expected_value_is_0_fills_0() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(Report::draft("局", 2024), &dir.path().join("n.ron"), Lang::Zh);
    // The parts typed as 0: the totals they make are 0.
    let cols = ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org"];
    for row in ["new", "carried_in", "outcome_total"] {
        for col in cols {
            type_in(&mut app, &format!("requests.{row}.{col}"), "0");
        }
    }
    for address in ["requests.new.total", "requests.carried_out.natural_person"] {
        app.goto(address).unwrap_or_else(|a| panic!("{a}"));
        assert_eq!(value(&app, address), "");
        app.update(Action::FillExpected);
        assert_eq!(value(&app, address), "0", "{address}");
    }
    // Not a tally's target: nothing to fill, and it says so.
    app.goto("requests.new.research").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::Clear);
    app.update(Action::FillExpected);
    assert_eq!(value(&app, "requests.new.research"), "");
    assert!(app.status.is_some_and(|s| s.text.contains("没有勾稽错误")));
}

/// Every row of the key table is reachable: in each context it lists, at
/// least one of its keys gives its action (no row is hidden behind an
/// earlier one), and the keys people know do what they say.
#[test]
fn every_key_in_the_key_table_reaches_its_action() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use nianbao::tui::keymap::{self, BINDINGS, Ctx};
    for b in BINDINGS {
        for &ctx in b.ctx {
            let reached = b.keys.iter().any(|&(code, mods)| {
                keymap::action_for(&Event::Key(KeyEvent::new(code, mods)), ctx) == Some((b.action)())
            });
            assert!(reached, "{} ({}) never reaches {:?} in {ctx:?}", b.label, b.zh, (b.action)());
        }
    }
    let key = |code, mods| Event::Key(KeyEvent::new(code, mods));
    for (ev, ctx, action) in [
        (key(KeyCode::Char('y'), KeyModifiers::CONTROL), Ctx::Grid, Action::Redo),
        (key(KeyCode::Char('z'), KeyModifiers::CONTROL), Ctx::Grid, Action::Undo),
        (key(KeyCode::Char('u'), KeyModifiers::NONE), Ctx::Grid, Action::Undo),
        (key(KeyCode::Char('s'), KeyModifiers::CONTROL), Ctx::EditText, Action::Save),
        (key(KeyCode::Char('='), KeyModifiers::NONE), Ctx::Grid, Action::FillExpected),
        (key(KeyCode::Char('y'), KeyModifiers::NONE), Ctx::Ask, Action::Answer(true)),
        (key(KeyCode::Char('n'), KeyModifiers::NONE), Ctx::Ask, Action::Answer(false)),
        (key(KeyCode::Char('n'), KeyModifiers::NONE), Ctx::Grid, Action::NextError),
        (key(KeyCode::Char('g'), KeyModifiers::NONE), Ctx::Grid, Action::FoldGuidance),
        (key(KeyCode::F(6), KeyModifiers::NONE), Ctx::EditText, Action::CopyLastYear),
        (key(KeyCode::Char('7'), KeyModifiers::NONE), Ctx::Grid, Action::StartTyping('7')),
    ] {
        assert_eq!(keymap::action_for(&ev, ctx), Some(action.clone()), "{ev:?} in {ctx:?}");
    }
    // Redo after undo puts the value back, through the same actions.
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    type_in(&mut app, "requests.new.research", "9");
    app.update(Action::Undo);
    assert_eq!(value(&app, "requests.new.research"), "0");
    app.update(Action::Redo);
    assert_eq!(value(&app, "requests.new.research"), "9");
}

/// The keys a terminal sends, through the real decoder and key table.
fn press(app: &mut App, bytes: &[u8]) -> Vec<Effect> {
    use nianbao::tui::{input::Decoder, keymap};
    let mut d = Decoder::with_erase(0x7f);
    let now = std::time::Instant::now();
    let mut events = d.feed(bytes, now);
    events.extend(d.timeout(now + Decoder::PARTIAL_WAIT));
    let mut effects = Vec::new();
    for ev in &events {
        if let Some(a) = keymap::action_for(ev, app.ctx()) {
            effects.push(app.update(a));
        }
    }
    effects.retain(|e| *e != Effect::None);
    effects
}

/// The issue's story: rewrite a paragraph without Backspacing through it —
/// select a sentence, cut it, paste it elsewhere, undo word by word.
#[test]
fn a_clerk_moves_a_sentence_and_undoes_word_by_word() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.update(Action::Resize(80, 24));
    app.goto("other_matters").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartEdit);
    app.update(Action::Paste("第一句在前。第二句在后。".to_owned()));
    // Select all with Ctrl-Shift-Home, type over it: one undo step.
    press(&mut app, b"\x1b[1;6H");
    press(&mut app, "第一句在前。第二句在后。".as_bytes());
    assert_eq!(value(&app, "other_matters"), "第一句在前。第二句在后。");
    // Ctrl-Home, then Shift-Right over 第一句在前。 (six characters).
    press(&mut app, b"\x1b[1;5H");
    press(&mut app, &b"\x1b[1;2C".repeat(6));
    // Ctrl-X cuts it, and also sends it to the terminal's clipboard.
    let effects = press(&mut app, b"\x18");
    assert_eq!(effects, [Effect::Clipboard("第一句在前。".to_owned())]);
    assert_eq!(value(&app, "other_matters"), "第二句在后。");
    // Ctrl-End, Ctrl-V: pasted at the end.
    press(&mut app, b"\x1b[1;5F\x16");
    assert_eq!(value(&app, "other_matters"), "第二句在后。第一句在前。");
    // Typing a few words, then Ctrl-Z word by word.
    press(&mut app, "另外，".as_bytes());
    press(&mut app, "还有".as_bytes());
    assert_eq!(value(&app, "other_matters"), "第二句在后。第一句在前。另外，还有");
    press(&mut app, b"\x1a");
    assert_eq!(value(&app, "other_matters"), "第二句在后。第一句在前。另外，");
    press(&mut app, b"\x1a");
    assert_eq!(value(&app, "other_matters"), "第二句在后。第一句在前。");
    // Ctrl-Backspace (^H where Backspace sends DEL) deletes a word.
    press(&mut app, b"\x08");
    assert_eq!(value(&app, "other_matters"), "第二句在后。", "the full stop and the words before it");
}

/// A Chinese character typed on 机关名称 while not editing (the IME
/// commits it straight away) goes on at the end of the name; it used to
/// replace the whole name. A digit on a cell still replaces the number.
#[test]
fn a_character_typed_on_a_name_extends_it_and_never_wipes_it() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.update(Action::Resize(80, 24));
    app.goto("meta.organ").unwrap_or_else(|a| panic!("{a}"));
    press(&mut app, "办".as_bytes());
    press(&mut app, b"\r");
    assert_eq!(value(&app, "meta.organ"), "阜新市煤炭工业转型发展局办");
    app.goto("requests.new.research").unwrap_or_else(|a| panic!("{a}"));
    press(&mut app, b"7\r");
    assert_eq!(value(&app, "requests.new.research"), "7");
}

/// A `PgDn` (or an arrow) pressed while "本年度是否收到…？" stands moves on
/// and puts the question off; it used to be swallowed.
#[test]
fn moving_on_while_a_question_stands_is_not_swallowed() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.update(Action::Resize(80, 24));
    let requests = STEPS - 5;
    for id in Report::table_cells() {
        if format::schema().fields[id].address.starts_with("requests.") {
            app.report.set(id, Value::Count(None));
        }
    }
    app.update(Action::Step(requests));
    assert_eq!(app.ctx(), nianbao::tui::keymap::Ctx::Ask, "{:?}", app.status);
    press(&mut app, b"\x1b[6~");
    assert_eq!(app.step, requests + 1, "PgDn moved on");
    assert!(app.status.as_ref().is_none_or(|s| !s.text.contains("本年度是否收到")), "{:?}", app.status);
    app.update(Action::Step(requests));
    assert_ne!(app.ctx(), nianbao::tui::keymap::Ctx::Ask, "not asked again in this session");
}

/// F5 while a narrative is being edited: in 一（二）, the drafted sentences
/// at the caret; elsewhere (导语), a word on where F5 works — never silence.
#[test]
fn f5_in_an_editor_drafts_or_says_where_it_works() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.update(Action::Resize(80, 24));
    app.goto("preamble").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartEdit);
    press(&mut app, b"\x1b[15~");
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("F5")), "{:?}", app.status);
    app.update(Action::FinishText);
    app.goto("overview.on_request").unwrap_or_else(|a| panic!("{a}"));
    app.update(Action::StartEdit);
    press(&mut app, b"\x1b[15~");
    app.update(Action::FinishText);
    assert!(
        value(&app, "overview.on_request").contains("本机关未收到政府信息公开申请"),
        "{}",
        value(&app, "overview.on_request")
    );
}

/// "No requests this year" fills 表三 with 0 and drafts the sentences that
/// go with it: 一（二）, and 六's sentence on information processing fees.
#[test]
fn no_requests_drafts_the_fee_sentence_of_six_too() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.update(Action::Resize(80, 24));
    for id in Report::table_cells() {
        if format::schema().fields[id].address.starts_with("requests.") {
            app.report.set(id, Value::Count(None));
        }
    }
    app.report.set(id("other_matters"), Value::Text(String::new()));
    app.update(Action::Step(STEPS - 5));
    press(&mut app, b"n");
    assert_eq!(value(&app, "other_matters"), "2021年，本机关未收取政府信息公开信息处理费。");
    assert_eq!(value(&app, "requests.new.total"), "0");
}

/// In the wizard too, 报告年度 changed redrafts the sentence drafted for the
/// old year, in one undo step with the year.
#[test]
fn the_drafted_sentence_follows_the_year_and_undo_takes_both_back() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    let drafted = nianbao::prose::draft_on_request(&app.report);
    app.report.set(id("overview.on_request"), Value::Text(drafted.clone()));
    assert!(drafted.starts_with("2021年，"), "{drafted}");
    type_in(&mut app, "meta.year", "2022");
    assert!(
        value(&app, "overview.on_request").starts_with("2022年，"),
        "{}",
        value(&app, "overview.on_request")
    );
    app.update(Action::Undo);
    assert_eq!(value(&app, "meta.year"), "2021");
    assert_eq!(value(&app, "overview.on_request"), drafted);
}

/// The painter lays out other steps through the app's own lending: the
/// step it sees is the one asked for, and the app is back on its own after.
#[test]
fn a_step_lent_for_drawing_comes_back() {
    let (_dir, mut app) = app_on("fuxin-2021.ron");
    app.update(Action::Step(5));
    let seen = app.as_on_step(4, |a| (a.step, a.grid().is_some()));
    assert_eq!(seen, (4, true), "四 is a table");
    assert_eq!(app.step, 5);
    assert_eq!(app.as_on_step(99, |a| a.step), REVIEW, "past the last step: the check");
}
