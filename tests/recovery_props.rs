//! Property: whatever the user does — keys, pastes, resizes, saves — a
//! dropped connection at any moment leaves the saved draft or the
//! recovery file holding every confirmed and unconfirmed edit. The drop is
//! what the wizard's exit path does (write the recovery file when there is
//! unsaved work); the check is the next start (`tui::open`), which must
//! show exactly the state before the drop, a cell being typed included.
//! The session then goes on from the reopened wizard, so drops repeat.

use crate::common;

use nianbao::i18n::Lang;
use nianbao::tui::app::{Action, App, Dir};
use nianbao::tui::editor::EditKey;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Act(Action),
    Save,
    Drop,
}

fn arb_op() -> impl Strategy<Value = Op> {
    let digit = proptest::char::range('0', '9');
    let text = proptest::sample::select(vec!['收', '到', '件', 'a', '，', '1']);
    prop_oneof![
        digit.clone().prop_map(|c| Op::Act(Action::StartTyping(c))),
        digit.prop_map(|c| Op::Act(Action::Type(c))),
        text.prop_map(|c| Op::Act(Action::Edit(EditKey::Insert(c)))),
        Just(Op::Act(Action::Commit)),
        Just(Op::Act(Action::CommitNext)),
        Just(Op::Act(Action::Cancel)),
        Just(Op::Act(Action::StartEdit)),
        Just(Op::Act(Action::FinishText)),
        Just(Op::Act(Action::Undo)),
        Just(Op::Act(Action::Clear)),
        proptest::sample::select(vec![Dir::Up, Dir::Down, Dir::Left, Dir::Right])
            .prop_map(|d| Op::Act(Action::Move(d))),
        Just(Op::Act(Action::NextStep)),
        Just(Op::Act(Action::PrevStep)),
        proptest::sample::select(vec!["7\t8", "12", "新的一段\n第二行", "1\t2\n3\t4"])
            .prop_map(|p| Op::Act(Action::Paste(p.to_owned()))),
        (40u16..200, 10u16..60).prop_map(|(w, h)| Op::Act(Action::Resize(w, h))),
        Just(Op::Save),
        Just(Op::Drop),
    ]
}

fn drop_and_reopen(app: &App) -> App {
    let expected = app.recovery();
    // The exit path on a lost terminal.
    if app.has_unsaved_work() {
        nianbao::io::write_recovery(&app.path, &expected).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut reopened = nianbao::tui::open(&app.path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    assert!(reopened.recovery_offer.is_none(), "only this wizard wrote the draft");
    reopened.update(Action::Resize(app.size.0, app.size.1));
    let got = reopened.recovery();
    assert_eq!(got.report, expected.report, "every confirmed edit is back");
    assert_eq!(got.pending, expected.pending, "the cell being typed is back");
    reopened
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_drop_at_any_moment_loses_no_edit(ops in proptest::collection::vec(arb_op(), 1..40), step in 0usize..8) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("d.ron");
        std::fs::copy(common::example("broken-tallies.ron"), &path).unwrap_or_else(|e| panic!("{e}"));
        let mut app = nianbao::tui::open(&path, None, None, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
        app.update(Action::Step(step));
        for op in ops {
            match op {
                Op::Act(a) => {
                    let effect = app.update(a);
                    app.perform(&effect);
                }
                Op::Save => {
                    let effect = app.update(Action::Save);
                    app.perform(&effect);
                }
                Op::Drop => app = drop_and_reopen(&app),
            }
        }
        drop_and_reopen(&app);
    }
}
