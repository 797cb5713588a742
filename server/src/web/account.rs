//! A person's own account: changing one's password (the page's script sends
//! it to the JSON API with the CSRF token), an admin's set-up links for
//! colleagues, and the page a set-up link opens, where its owner chooses a
//! new password.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use maud::{html, Markup};
use serde::Deserialize;

use super::{layout, Arg, LangQuery, Texts};
use crate::{
    auth,
    config::Role,
    error::{AppError, AppResult},
    http::{
        accounts,
        extract::{ClientAddr, FormBody, PathParam, QueryParams, SessionAuth},
        AppState,
    },
};

fn password_fields(t: &Texts, current: bool) -> Markup {
    html! {
        @if current {
            label { (t.get("account-current")) input name="current" type="password" autocomplete="current-password" required; }
        }
        label { (t.get("account-new")) input name="new" type="password" autocomplete="new-password" required minlength=(auth::MIN_PASSWORD_CHARS) maxlength=(auth::MAX_PASSWORD_CHARS); }
        label { (t.get("account-repeat")) input name="repeat" type="password" autocomplete="new-password" required; }
    }
}

/// The policy's refusal as a sentence.
fn refusal_text(t: &Texts, refusal: auth::PasswordRefusal) -> String {
    let count = match refusal {
        auth::PasswordRefusal::TooLong => auth::MAX_PASSWORD_CHARS,
        _ => auth::MIN_PASSWORD_CHARS,
    };
    t.with(refusal.message_id(), &[("count", Arg::Num(count as i64))])
}

/// `GET /account`: change one's password; admins also make set-up links.
pub async fn page(
    State(state): State<AppState>,
    QueryParams(lang): LangQuery,
    session: Result<SessionAuth, AppError>,
) -> AppResult<Response> {
    let Ok(session) = session else {
        return Ok(Redirect::to(&format!("/?lang={}", lang.tag())).into_response());
    };
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    let me = &session.account;
    let home = if me.role.serves_visitors() {
        "/"
    } else {
        "/dashboard"
    };
    let refusals = [
        auth::PasswordRefusal::TooShort,
        auth::PasswordRefusal::TooLong,
        auth::PasswordRefusal::Common,
        auth::PasswordRefusal::IsUsername,
        auth::PasswordRefusal::ContextWord,
    ];
    let body = html! {
        header.top {
            h1 { (t.get("account-title")) }
            p.who { (me.name) }
            nav { a href=(format!("{home}?lang={}", t.tag)) { (t.get("account-back")) } }
        }
        main #account.account data-csrf=(session.csrf_token) {
            form #change-password {
                h2 { (t.get("account-title")) }
                (password_fields(&t, true))
                button.primary type="submit" { (t.get("account-submit")) }
                p #password-message role="status" hidden
                    data-changed=(t.get("account-changed"))
                    data-wrong_password=(t.get("account-wrong-current"))
                    data-mismatch=(t.get("password-mismatch"))
                    data-too_many_attempts=(t.get("account-locked"))
                    data-failed=(t.get("account-failed"))
                    data-password_too_short=(refusal_text(&t, refusals[0]))
                    data-password_too_long=(refusal_text(&t, refusals[1]))
                    data-password_too_common=(refusal_text(&t, refusals[2]))
                    data-password_is_username=(refusal_text(&t, refusals[3]))
                    data-password_has_context_word=(refusal_text(&t, refusals[4])) {}
            }
            @if me.role == Role::Admin {
                form #setup-link {
                    h2 { (t.get("setup-link-title")) }
                    p { (t.with("setup-link-intro", &[("hours", Arg::Num(accounts::SETUP_LINK_HOURS))])) }
                    label { (t.get("setup-link-user"))
                        select name="username" required {
                            @for c in &state.config.counsellors {
                                option value=(c.username) { (c.name) " (" (c.username) ")" }
                            }
                        }
                    }
                    button type="submit" { (t.get("setup-link-submit")) }
                    p #setup-result role="status" hidden data-failed=(t.get("account-failed")) {}
                }
            }
        }
    };
    Ok(layout(t.tag, &t.get("account-title"), "staff", "account.js", body).into_response())
}

#[derive(Deserialize)]
pub struct NewPassword {
    new: String,
    repeat: String,
}

fn setup_page(t: &Texts, status: StatusCode, content: Markup) -> Response {
    let body = html! {
        main.login {
            h1 { (t.get("setup-title")) }
            (content)
        }
    };
    (
        status,
        layout(t.tag, &t.get("setup-title"), "staff", "account.js", body),
    )
        .into_response()
}

fn setup_form(t: &Texts, token: &str, username: &str, error: Option<String>) -> Markup {
    html! {
        form method="post" action=(format!("/setup/{token}?lang={}", t.tag)) {
            p { (t.with("setup-intro", &[("username", Arg::Str(username.to_string()))])) }
            @if let Some(error) = error {
                p.error role="alert" { (error) }
            }
            (password_fields(t, false))
            button.primary type="submit" { (t.get("account-submit")) }
        }
    }
}

fn invalid_link(t: &Texts) -> Response {
    setup_page(
        t,
        StatusCode::NOT_FOUND,
        html! { p.error role="alert" { (t.get("setup-invalid")) } },
    )
}

/// Whose password a set-up link sets, while it is valid.
async fn link_owner(state: &AppState, token: &str) -> AppResult<Option<String>> {
    let hash = auth::hash_token(token);
    Ok(state.store.setup_user(hash, crate::clock::now_ms()).await?)
}

/// `GET /setup/{token}`: the form a set-up link opens, while it is valid.
pub async fn setup(
    State(state): State<AppState>,
    PathParam(token): PathParam<String>,
    QueryParams(lang): LangQuery,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    let username = link_owner(&state, &token).await?;
    Ok(match username {
        Some(username) => setup_page(&t, StatusCode::OK, setup_form(&t, &token, &username, None)),
        None => invalid_link(&t),
    })
}

/// `POST /setup/{token}`: sets the password and retires the link.
pub async fn set_up(
    State(state): State<AppState>,
    client: ClientAddr,
    PathParam(token): PathParam<String>,
    QueryParams(lang): LangQuery,
    FormBody(form): FormBody<NewPassword>,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    let username = link_owner(&state, &token).await?;
    let Some(username) = username else {
        return Ok(invalid_link(&t));
    };
    let problem = if form.new != form.repeat {
        Some(t.get("password-mismatch"))
    } else {
        auth::password_refusal(&username, &form.new, &state.config.password_context())
            .map(|r| refusal_text(&t, r))
    };
    if let Some(problem) = problem {
        return Ok(setup_page(
            &t,
            StatusCode::UNPROCESSABLE_ENTITY,
            setup_form(&t, &token, &username, Some(problem)),
        ));
    }
    match accounts::use_setup_link(&state, client, &token, form.new).await? {
        Some(_) => Ok(setup_page(
            &t,
            StatusCode::OK,
            html! {
                p role="status" { (t.get("setup-done")) }
                p { a href=(format!("/?lang={}", t.tag)) { (t.get("login-title")) } }
            },
        )),
        None => Ok(invalid_link(&t)),
    }
}
