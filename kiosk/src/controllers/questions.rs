//! The two yes/no questions.

use std::rc::Rc;

use slint::ComponentHandle;

use super::with;
use crate::{app::Kiosk, AppWindow, QuestionsAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    let adapter = kiosk.window.global::<QuestionsAdapter>();
    let weak = Rc::downgrade(kiosk);
    adapter.on_answer(move |yes| {
        if let Some(kiosk) = weak.upgrade() {
            kiosk.answer(Some(yes));
        }
    });
    adapter.on_skip(with(kiosk, |k| k.answer(None)));
    adapter.on_back(with(kiosk, |k| k.back()));
}

/// 0: the booked-time question, 1: the interpreter question.
pub fn step(window: &AppWindow) -> i32 {
    window.global::<QuestionsAdapter>().get_step()
}

pub fn set_step(window: &AppWindow, step: i32) {
    window.global::<QuestionsAdapter>().set_step(step);
}
