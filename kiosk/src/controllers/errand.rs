//! The errand screen: the site's errands with their pictograms.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, VecModel};

use super::{with, with_str};
use crate::{app::Kiosk, AppWindow, ErrandAdapter, ErrandChoice};

/// An errand as the visitor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errand {
    pub id: String,
    pub icon: String,
    pub text: String,
}

pub fn setup(kiosk: &Rc<Kiosk>) {
    let adapter = kiosk.window.global::<ErrandAdapter>();
    adapter.on_choose(with_str(kiosk, |k, errand| k.choose_errand(errand)));
    adapter.on_back(with(kiosk, |k| k.back()));
}

pub fn show(window: &AppWindow, errands: &[Errand]) {
    let model: Vec<ErrandChoice> = errands
        .iter()
        .map(|e| ErrandChoice {
            id: e.id.as_str().into(),
            icon: e.icon.as_str().into(),
            text: e.text.as_str().into(),
        })
        .collect();
    window
        .global::<ErrandAdapter>()
        .set_errands(ModelRc::new(VecModel::from(model)));
}
