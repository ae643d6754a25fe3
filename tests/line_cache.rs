//! `update` and `view` do no file I/O: the line shown as logged in the detail pane is asked
//! for as an effect, shown as `…` until a worker's text arrives, then shown; copy hands a
//! ticket to a worker instead of reading the marked lines itself.

use crate::scenario;

use hcwlens::tui::effect::Effect;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::row::RowRef;
use hcwlens::tui::msg::Msg;
use hcwlens::tui::update::handle;
use hcwlens::tui::view::view;
use hcwlens::tui::worker::WorkerMsg;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scenario::*;

fn screen(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| view(m, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn detail_shows_an_ellipsis_until_the_worker_read_the_line() {
    let mut m = model(140, 30);
    // Focus the IIS pane's first row (a plain request, no handshake) without running
    // effects: the line is asked for, not read.
    handle(&mut m, Msg::Key(key("<Tab>")));
    let fx = handle(&mut m, Msg::Key(key("g")));
    let Some(RowRef::Iis(k, r)) = m.cursor_row(m.focus) else {
        panic!("cursor on an IIS row");
    };
    let asked = fx.iter().find_map(|e| match e {
        Effect::ReadLines { data, lines } => Some((*data, lines.clone())),
        _ => None,
    });
    let (data, lines) = asked.expect("an IIS row under the cursor asks for its line");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].line, m.data.line_of(RowRef::Iis(k, r)));
    let logged = m.data.analysis.requests[usize::from(k)].text(r as usize);
    let uri = logged.split(' ').nth(4).unwrap().to_string();
    assert!(logged.len() > 40, "the scenario line is a whole W3C line");
    let before = screen(&m);
    assert!(before.contains('\u{2026}'), "not read yet: …\n{before}");
    assert!(!before.contains(&logged[..40]), "{before}");
    // Asked once: another message does not ask again while the read is under way.
    let again = handle(&mut m, Msg::Tick);
    assert!(
        !again.iter().any(|e| matches!(e, Effect::ReadLines { .. })),
        "asked twice"
    );
    // The worker's answer fills the cache; the line is drawn.
    let read = hcwlens::tui::model::lines::read(&m.data, &lines);
    handle(&mut m, Msg::Worker(WorkerMsg::Lines { data, read }));
    let after = screen(&m);
    assert!(after.contains(&logged[..40]), "{after}");
    assert!(after.contains(&uri));
}

#[test]
fn a_reply_for_older_data_is_dropped() {
    let mut m = model(140, 30);
    let fx = handle(&mut m, Msg::Key(key("<Tab>")));
    let Some(Effect::ReadLines { data, lines }) = fx
        .into_iter()
        .find(|e| matches!(e, Effect::ReadLines { .. }))
    else {
        panic!("asked");
    };
    let read = hcwlens::tui::model::lines::read(&m.data, &lines);
    handle(
        &mut m,
        Msg::Worker(WorkerMsg::Lines {
            data: data.wrapping_add(8),
            read,
        }),
    );
    assert_eq!(
        m.lines.get(lines[0]),
        None,
        "texts of other data are not kept"
    );
}

#[test]
fn copy_asks_a_worker_to_build_the_text() {
    let mut m = model(100, 30);
    press(&mut m, &["<Tab>"]);
    let fx = handle(&mut m, Msg::Key(key("y")));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Build(_))),
        "copy builds its text on a worker: {fx:?}"
    );
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Copy { .. })),
        "no text built in update"
    );
    run_effects(&mut m, fx);
    let copies = take_copies();
    assert_eq!(copies.len(), 1, "the built text reached the clipboard");
}
