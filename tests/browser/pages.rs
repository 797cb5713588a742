//! The counsellor's workstation, the display board and the status page, in
//! a real browser, together.

use fantoccini::Locator;

use crate::harness::{check_in, Browser};
use tests::{TestServer, PASSWORD};

/// Logs in through the form, as a person would.
async fn log_in(browser: &Browser, server: &TestServer, username: &str) {
    let c = &browser.client;
    c.goto(&server.url("/")).await.unwrap();
    browser.wait_text("main.login h2", |t| !t.is_empty()).await;
    c.find(Locator::Css("input[name=username]"))
        .await
        .unwrap()
        .send_keys(username)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    browser.click("main.login button[type=submit]").await;
}

/// The numbers in the queue table, read in one go: the panel may be
/// re-rendered at any moment.
async fn queue_numbers(browser: &Browser) -> Vec<String> {
    let script =
        "return Array.from(document.querySelectorAll('.queue td.number')).map(e => e.textContent);";
    let numbers = browser.client.execute(script, vec![]).await.unwrap();
    serde_json::from_value(numbers).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_from_the_workstation_reaches_the_board_and_the_visitors_phone() {
    let server = TestServer::demo().await;
    let (number, status_url) = check_in(&server, "arby-1", "benefit", "ar").await;
    let browser = Browser::start(1366, 768).await;
    let c = &browser.client;

    // The visitor's phone, in Arabic, right to left.
    c.goto(&status_url).await.unwrap();
    browser
        .wait_text("main.status .number", |t| t == number)
        .await;
    let dir = browser.page_attr("dir").await;
    assert_eq!(dir.as_deref(), Some("rtl"));
    browser.screenshot("status-ar-waiting").await;
    let phone = c.window().await.unwrap();

    // The display board, in a tab of its own.
    let board = c.new_window(true).await.unwrap().handle;
    c.switch_to_window(board.clone()).await.unwrap();
    c.goto(&server.url("/display/arby")).await.unwrap();
    browser
        .wait_text("main.board h1", |t| t == "Mötesplats Årby")
        .await;

    // Mikael takes economic assistance at Årby.
    let desk = c.new_window(true).await.unwrap().handle;
    c.switch_to_window(desk).await.unwrap();
    log_in(&browser, &server, "mikael").await;
    browser.wait_text("#call-next", |t| !t.is_empty()).await;
    assert_eq!(queue_numbers(&browser).await, std::slice::from_ref(&number));
    browser.screenshot("workstation-queue").await;
    browser.click("#call-next").await;
    browser
        .wait_text("section.current .number", |t| t == number)
        .await;
    browser.screenshot("workstation-called").await;

    // The board shows number and desk, never the errand.
    c.switch_to_window(board).await.unwrap();
    browser.wait_text("#latest .number", |t| t == number).await;
    browser.wait_text("#latest .desk", |t| t == "Rum 5").await;
    let board_html = c.source().await.unwrap();
    assert!(
        !board_html.contains("bistånd") && !board_html.contains("benefit"),
        "the board shows the errand"
    );
    browser.screenshot("display-board").await;

    // The phone says it is the visitor's turn, and where to go.
    c.switch_to_window(phone).await.unwrap();
    let turn = browser
        .wait_text("main.status .turn", |t| t.contains("Rum 5"))
        .await;
    println!("status page says: {turn}");
    browser.screenshot("status-ar-your-turn").await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_show_undo_transfer_and_double_clicks_from_the_workstation() {
    let server = TestServer::demo().await;
    let (first, _) = check_in(&server, "arby-1", "job", "so").await;
    let (second, _) = check_in(&server, "arby-1", "job", "ti").await;
    let browser = Browser::start(1366, 768).await;
    let c = &browser.client;
    log_in(&browser, &server, "hodan").await;
    browser.wait_text("#call-next", |t| !t.is_empty()).await;

    // Call, "did not come", undo: the visitor is back in the queue, first.
    browser.click("#call-next").await;
    browser
        .wait_text("section.current .number", |t| t == first)
        .await;
    browser.click("section.current [data-op=no-show]").await;
    browser
        .wait_text("section.undo .number", |t| t == first)
        .await;
    browser.screenshot("workstation-undo").await;
    browser.click("section.undo [data-op=undo-no-show]").await;
    browser
        .wait_text(".queue tbody", |t| t.contains(&first))
        .await;
    assert_eq!(
        queue_numbers(&browser).await,
        [first.clone(), second.clone()]
    );

    // A double click calls one visitor, not two.
    c.execute(
        "const b = document.getElementById('call-next'); b.click(); b.click();",
        vec![],
    )
    .await
    .unwrap();
    browser
        .wait_text("section.current .number", |t| t == first)
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        c.find_all(Locator::Css("section.current"))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(queue_numbers(&browser).await, std::slice::from_ref(&second));

    // Calling the next one while still holding a visitor asks first; "no" keeps things as they are.
    browser.click("#call-next").await;
    c.dismiss_alert().await.unwrap();
    assert_eq!(queue_numbers(&browser).await, std::slice::from_ref(&second));

    // Transfer to another errand: the number stays, the visitor waits for it.
    // The panel may be re-rendered by a late event while the form is filled
    // in; then fill it in again, as a person would.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let attempt = async {
            let form = c.find(Locator::Css("form.transfer")).await?;
            form.find(Locator::Css("select[name=errand]"))
                .await?
                .select_by_value("benefit")
                .await?;
            form.find(Locator::Css("button[type=submit]"))
                .await?
                .click()
                .await
        };
        match attempt.await {
            Ok(()) => break,
            Err(e) => assert!(std::time::Instant::now() < deadline, "transfer form: {e}"),
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser
        .wait_text(".queue tbody", |t| {
            t.contains(&first) && t.contains("bistånd")
        })
        .await;
    assert!(c
        .find_all(Locator::Css("section.current"))
        .await
        .unwrap()
        .is_empty());
    browser.screenshot("workstation-after-transfer").await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_pages_in_swedish_arabic_and_tigrinya_on_a_phone() {
    let server = TestServer::demo().await;
    let browser = Browser::start(390, 844).await;
    let c = &browser.client;
    for language in ["sv", "ar", "ti"] {
        let (number, url) = check_in(&server, "froslunda-1", "study", language).await;
        c.goto(&url).await.unwrap();
        browser
            .wait_text("main.status .number", |t| t == number)
            .await;
        let lang = browser.page_attr("lang").await;
        assert_eq!(lang.as_deref(), Some(language));
        let title = browser.wait_text("main.status h1", |t| !t.is_empty()).await;
        println!("{language}: {title}");
        browser.screenshot(&format!("status-{language}")).await;
    }
    c.goto(&server.url("/t/no-such-ticket")).await.unwrap();
    browser
        .wait_text("main.status .message", |t| !t.is_empty())
        .await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_open_the_dashboard_change_the_range_and_download_the_csv() {
    let server = TestServer::demo().await;
    let now = server::clock::now_ms();
    let made = server::history::generate(server.store.as_ref(), &server.config, 40, now, 11)
        .await
        .unwrap();
    let browser = Browser::start(1366, 900).await;
    let c = &browser.client;
    log_in(&browser, &server, "karin").await;
    // Staff land on the dashboard, today's figures first: nobody came today.
    browser.wait_text("#kpi-visits", |t| t == "0").await;

    browser.click("nav.ranges a:nth-child(3)").await;
    // Swedish groups thousands with a no-break space ("1 234").
    let visits: u64 = browser
        .wait_text("#kpi-visits", |t| t != "0")
        .await
        .replace(['\u{a0}', ' '], "")
        .parse()
        .unwrap();
    assert!(visits > 0 && visits < made, "{visits} of {made}");
    let charts = c.find_all(Locator::Css(".charts svg")).await.unwrap().len();
    assert_eq!(charts, 5, "per hour, per day, errands, languages, waits");
    browser.screenshot("dashboard-30-days").await;

    // The CSV link gives exactly what is shown, with the session's cookie.
    let csv = c
        .execute(
            "return fetch(document.getElementById('csv').href).then(r => r.text());",
            vec![],
        )
        .await
        .unwrap();
    let csv = csv.as_str().unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("site,date,visits"), "{}", lines[0]);
    assert_eq!(lines.len(), 1 + 3 * 30);
    let csv_visits: u64 = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(2).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(csv_visits, visits);

    // One site, in English.
    c.set_window_size(1366, 2000).await.unwrap();
    c.goto(&server.url("/dashboard?lang=en&site=arby&range=30"))
        .await
        .unwrap();
    browser
        .wait_text("main.dashboard dt", |t| t == "Visits")
        .await;
    browser.screenshot("dashboard-arby-en").await;
    browser.stop().await;
}

/// Types into a field of the current page.
async fn fill(browser: &Browser, css: &str, text: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counsellor_changes_her_password_and_an_admin_sends_a_set_up_link() {
    let server = TestServer::demo().await;
    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;

    // Anna, on her own page: a common password is refused in a sentence.
    log_in(&browser, &server, "anna").await;
    browser.wait_text("header.top h1", |t| !t.is_empty()).await;
    c.goto(&server.url("/account?lang=en")).await.unwrap();
    fill(&browser, "#change-password input[name=current]", PASSWORD).await;
    fill(&browser, "#change-password input[name=new]", "password1234").await;
    fill(
        &browser,
        "#change-password input[name=repeat]",
        "password1234",
    )
    .await;
    browser.click("#change-password button[type=submit]").await;
    let said = browser
        .wait_text("#password-message", |t| !t.is_empty())
        .await;
    println!("a common password: {said}");
    assert!(said.contains("too common"), "{said}");
    browser.screenshot("account-refused").await;
    c.goto(&server.url("/account?lang=en")).await.unwrap();
    fill(&browser, "#change-password input[name=current]", PASSWORD).await;
    fill(
        &browser,
        "#change-password input[name=new]",
        "three green tram tickets",
    )
    .await;
    fill(
        &browser,
        "#change-password input[name=repeat]",
        "three green tram tickets",
    )
    .await;
    browser.click("#change-password button[type=submit]").await;
    let said = browser
        .wait_text("#password-message", |t| !t.is_empty())
        .await;
    assert!(said.contains("has been changed"), "{said}");

    // The admin gives Hodan a new login: a link, never a password.
    browser.click("header.top nav a").await;
    browser.wait_text("header.top h1", |t| !t.is_empty()).await;
    c.execute(
        "return fetch('/api/v1/session', {method: 'DELETE', headers: {'X-CSRF-Token': document.getElementById('panel').dataset.csrf}});",
        vec![],
    )
    .await
    .unwrap();
    log_in(&browser, &server, "admin").await;
    browser.wait_text("header.top h1", |t| !t.is_empty()).await;
    c.goto(&server.url("/account")).await.unwrap();
    c.execute(
        "document.querySelector('#setup-link select').value = 'hodan';",
        vec![],
    )
    .await
    .unwrap();
    browser.click("#setup-link button[type=submit]").await;
    let link = browser
        .wait_text("#setup-result code", |t| t.contains("/setup/"))
        .await;
    browser.screenshot("account-admin-setup-link").await;

    // Hodan opens it and chooses her password; then she can log in.
    c.goto(&link).await.unwrap();
    browser.wait_text("main.login h1", |t| !t.is_empty()).await;
    browser.screenshot("setup-page").await;
    fill(&browser, "input[name=new]", "a lamp by the window").await;
    fill(&browser, "input[name=repeat]", "a lamp by the window").await;
    browser.click("main.login button[type=submit]").await;
    browser
        .wait_text("main.login p[role=status]", |t| !t.is_empty())
        .await;
    let res = reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .json(&serde_json::json!({"username": "hodan", "password": "a lamp by the window"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    browser.stop().await;
}

/// How many alert sounds a workstation page has played.
async fn sounds(browser: &Browser) -> u64 {
    let n = browser
        .client
        .execute(
            "return document.getElementById('alerts').dataset.sounds;",
            vec![],
        )
        .await
        .unwrap();
    n.as_str().unwrap().parse().unwrap()
}

/// Waits until a script returns true, for up to 10 s; how long it took.
async fn until(browser: &Browser, script: &str) -> std::time::Duration {
    let started = std::time::Instant::now();
    loop {
        let v = browser.client.execute(script, vec![]).await.unwrap();
        if v.as_bool() == Some(true) {
            return started.elapsed();
        }
        assert!(started.elapsed().as_secs() < 10, "never: {script}");
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_help_request_and_an_alarm_reach_every_workstation_until_someone_answers() {
    let server = TestServer::demo().await;
    let anna = Browser::start(1280, 800).await;
    let hodan = Browser::start(1280, 800).await;
    log_in(&anna, &server, "anna").await;
    log_in(&hodan, &server, "hodan").await;
    for b in [&anna, &hodan] {
        b.wait_text("header.top h1", |t| !t.is_empty()).await;
    }
    // Pages are open: the staff stream is connected.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    // A visitor at the kiosk asks for help, in Tigrinya.
    let res = reqwest::Client::new()
        .post(server.url("/api/v1/kiosk/help"))
        .bearer_auth(server.kiosk_token("arby-1"))
        .json(&serde_json::json!({
            "id": uuid::Uuid::new_v4(), "language": "ti",
            "created_at": chrono::Utc::now().to_rfc3339(),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let shown = "return document.querySelectorAll('#alerts .help').length === 1;";
    let (on_anna, on_hodan) = (until(&anna, shown).await, until(&hodan, shown).await);
    println!(
        "the help request showed on two workstations after {} and {} ms",
        on_anna.as_millis(),
        on_hodan.as_millis()
    );
    assert!(on_anna.as_millis() < 1000 && on_hodan.as_millis() < 1000);
    let banner = anna.wait_text("#alerts .help p", |t| !t.is_empty()).await;
    println!("the banner says: {banner}");
    assert!(
        banner.contains("arby-1") && banner.contains("ትግርኛ"),
        "{banner}"
    );
    assert!(sounds(&anna).await >= 1);
    anna.screenshot("workstation-help-request").await;
    // Hodan goes; the banner leaves Anna's screen too.
    hodan.click("#alerts .help button").await;
    until(
        &anna,
        "return document.querySelectorAll('#alerts .help').length === 0;",
    )
    .await;

    // Anna raises the alarm: a click is not enough, holding is.
    anna.client
        .execute(
            "const b = document.getElementById('alarm'); b.dispatchEvent(new PointerEvent('pointerdown')); \
             setTimeout(() => b.dispatchEvent(new PointerEvent('pointerup')), 300);",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(
        hodan
            .client
            .execute(
                "return document.querySelectorAll('#alerts .alarm').length;",
                vec![]
            )
            .await
            .unwrap(),
        0,
        "a short press raises nothing"
    );
    anna.client
        .execute(
            "const b = document.getElementById('alarm'); b.dispatchEvent(new PointerEvent('pointerdown')); \
             setTimeout(() => b.dispatchEvent(new PointerEvent('pointerup')), 2300);",
            vec![],
        )
        .await
        .unwrap();
    let raised = std::time::Instant::now();
    until(
        &hodan,
        "return document.querySelectorAll('#alerts .alarm').length === 1;",
    )
    .await;
    let after = raised.elapsed();
    println!(
        "the alarm showed on a colleague's page {} ms after the 2 s hold began",
        after.as_millis()
    );
    assert!(after.as_millis() < 3000, "{after:?}");
    let alarm = hodan.wait_text("#alerts .alarm p", |t| !t.is_empty()).await;
    assert!(
        alarm.contains("Anna Lindqvist") && alarm.contains("Rum 3"),
        "{alarm}"
    );
    anna.wait_text("#alerts .own p", |t| !t.is_empty()).await;
    hodan.screenshot("workstation-alarm").await;
    // The sound repeats until someone answers.
    let before = sounds(&hodan).await;
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    let later = sounds(&hodan).await;
    println!("alarm sounds on the colleague's page: {before}, 3.5 s later {later}");
    assert!(later > before, "the alarm repeats its sound");
    hodan.click("#alerts .alarm button").await;
    let coming = anna
        .wait_text("#alerts .own .coming", |t| !t.is_empty())
        .await;
    println!("Anna's page: {coming}");
    assert!(coming.contains("Hodan Warsame"), "{coming}");
    anna.screenshot("workstation-alarm-answered").await;
    until(
        &hodan,
        "return document.querySelectorAll('#alerts .alarm').length === 0;",
    )
    .await;
    let stopped = sounds(&hodan).await;
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    assert_eq!(sounds(&hodan).await, stopped, "silent once answered");
    anna.stop().await;
    hodan.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counsellor_books_a_visit_gives_the_code_and_hears_the_visitor_arrive() {
    let server = TestServer::daytime().await;
    let anna = Browser::start(1280, 900).await;
    log_in(&anna, &server, "anna").await;
    anna.wait_text("#appointments h2", |t| !t.is_empty()).await;
    // Today is filled in; a time and an errand, then Book.
    anna.client
        .execute(
            "const f = document.getElementById('book'); f.elements.time.value = '14:30'; \
             f.elements.errand.value = 'study';",
            vec![],
        )
        .await
        .unwrap();
    anna.click("form#book button[type=submit]").await;
    let code = anna
        .wait_text("#new-code", |t| {
            t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit())
        })
        .await;
    println!("the workstation gave the code {code}");
    let shown = until(
        &anna,
        &format!(
            "return !!document.querySelector('#booked svg.qr') && \
             [...document.querySelectorAll('#appointments-list td.code')].some(td => td.textContent === '{code}');"
        ),
    )
    .await;
    println!(
        "code, QR code and the list line after {} ms",
        shown.as_millis()
    );
    anna.screenshot("workstation-booked").await;

    // The resident types it at the kiosk: Anna hears and sees the arrival.
    let res = reqwest::Client::new()
        .post(server.url("/api/v1/checkins"))
        .bearer_auth(server.kiosk_token("arby-1"))
        .json(&serde_json::json!({
            "id": uuid::Uuid::new_v4(), "errand": "study", "language": "ar",
            "appointment": true, "interpreter": false,
            "created_at": chrono::Utc::now().to_rfc3339(), "appointment_code": code,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let number: serde_json::Value = res.json().await.unwrap();
    let number = number["number"].as_str().unwrap().to_string();
    let heard = until(
        &anna,
        "return document.getElementById('appointments').dataset.arrivals === '1' && \
         !!document.querySelector('#appointments-list .mark.arrived');",
    )
    .await;
    println!(
        "the arrival sounded and showed after {} ms",
        heard.as_millis()
    );
    let mark = anna
        .wait_text("#appointments-list .mark.arrived", |t| !t.is_empty())
        .await;
    assert!(mark.contains(&number), "{mark}");
    anna.screenshot("workstation-booked-arrived").await;

    // The slip, in Arabic: right to left, the code, no name.
    let action = anna
        .client
        .execute(
            "return document.querySelector('#booked form.slip').getAttribute('action');",
            vec![],
        )
        .await
        .unwrap();
    let slip = format!("{}?resident=ar&lang=sv", action.as_str().unwrap());
    anna.client.goto(&server.url(&slip)).await.unwrap();
    let shown_code = anna.wait_text("dd.code", |t| !t.is_empty()).await;
    assert_eq!(shown_code, code);
    assert_eq!(anna.page_attr("dir").await.as_deref(), Some("rtl"));
    anna.screenshot("booking-slip-ar").await;
    anna.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_visitor_is_called_with_a_reason_and_the_board_and_the_overview_follow() {
    let server = TestServer::daytime().await;
    let (first, _) = check_in(&server, "arby-1", "job", "sv").await;
    let (chosen, _) = check_in(&server, "arby-1", "job", "ar").await;
    let browser = Browser::start(1366, 900).await;
    let c = &browser.client;

    // The unit's manager watches Årby now.
    log_in(&browser, &server, "karin").await;
    browser
        .wait_text("main.dashboard dt", |t| !t.is_empty())
        .await;
    c.goto(&server.url("/overview?site=arby&lang=sv"))
        .await
        .unwrap();
    browser.wait_text("#overview-waiting", |t| t == "2").await;
    let overview = c.window().await.unwrap();

    // The display board, in a tab of its own.
    let board = c.new_window(true).await.unwrap().handle;
    c.switch_to_window(board.clone()).await.unwrap();
    c.goto(&server.url("/display/arby")).await.unwrap();
    browser
        .wait_text("main.board h1", |t| t == "Mötesplats Årby")
        .await;

    // A visitor checks in: the overview shows it within a second.
    c.switch_to_window(overview.clone()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    check_in(&server, "arby-1", "study", "so").await;
    let shown = until(
        &browser,
        "return document.getElementById('overview-waiting').textContent === '3';",
    )
    .await;
    println!(
        "the overview showed the check-in after {} ms",
        shown.as_millis()
    );
    assert!(shown.as_millis() < 1000);

    // Anna, at her desk, calls the Arabic visitor out of turn: the
    // interpreter is ready.
    let anna = Browser::start(1366, 900).await;
    log_in(&anna, &server, "anna").await;
    anna.wait_text("#call-next", |t| !t.is_empty()).await;
    anna.client
        .execute(
            "document.getElementById('call-reason').value = 'interpreter';",
            vec![],
        )
        .await
        .unwrap();
    // The "Call in" button on the chosen visitor's row.
    let row = format!(
        "return [...document.querySelectorAll('.queue tbody tr')] \
         .find(tr => tr.querySelector('td.number').textContent === '{chosen}') \
         .querySelector('button[data-call]').getAttribute('aria-label');"
    );
    let label = anna.client.execute(&row, vec![]).await.unwrap();
    assert!(label.as_str().unwrap().contains(&chosen), "{label}");
    // The overview is in front while Anna clicks.
    c.switch_to_window(overview.clone()).await.unwrap();
    let clicked = std::time::Instant::now();
    anna.client
        .execute(
            &row.replace(".getAttribute('aria-label')", ".click()"),
            vec![],
        )
        .await
        .unwrap();
    until(
        &browser,
        &format!(
            "return document.getElementById('overview-waiting').textContent === '2' && \
             document.querySelector('[data-counsellor=anna] td:last-child').textContent.includes('{chosen}');"
        ),
    )
    .await;
    println!(
        "the overview showed the call {} ms after the click",
        clicked.elapsed().as_millis()
    );
    assert!(clicked.elapsed().as_millis() < 1000);
    let with_anna = c
        .execute(
            "return document.querySelector('[data-counsellor=anna] td:last-child').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        !with_anna.as_str().unwrap().contains(&format!("{first},"))
            && !with_anna.as_str().unwrap().ends_with(&first),
        "the first visitor still waits: {with_anna}"
    );
    browser.screenshot("overview-arby").await;
    anna.wait_text("section.current .number", |t| t == chosen)
        .await;
    anna.screenshot("workstation-called-out-of-turn").await;
    anna.stop().await;

    // The board calls that number.
    c.switch_to_window(board).await.unwrap();
    browser.wait_text("#latest .number", |t| t == chosen).await;

    // The dashboard counts the call out of turn, by its reason.
    c.goto(&server.url("/dashboard?site=arby&range=today&lang=sv"))
        .await
        .unwrap();
    let reason = browser
        .wait_text("dd.reason[data-reason=interpreter]", |t| !t.is_empty())
        .await;
    assert_eq!(reason, "Tolken är redo: 1");
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_action_reads_as_a_sentence_in_swedish_and_in_english() {
    let server = TestServer::daytime().await;
    for (lang, sentence) in [
        ("sv", "Välj en tid från i dag och högst ett år framåt."),
        ("en", "Choose a time from today up to one year ahead."),
    ] {
        let browser = Browser::start(1366, 768).await;
        log_in(&browser, &server, "anna").await;
        browser.wait_text("#call-next", |t| !t.is_empty()).await;
        browser
            .client
            .goto(&server.url(&format!("/?lang={lang}")))
            .await
            .unwrap();
        browser
            .wait_text("#appointments h2", |t| !t.is_empty())
            .await;
        // A visit booked for a day gone by (the date field's minimum is
        // today; a typed date can still be earlier): the server refuses.
        browser
            .client
            .execute(
                "const f = document.getElementById('book'); f.elements.date.removeAttribute('min'); \
                 f.elements.date.value = '2020-01-01'; f.elements.time.value = '10:00';",
                vec![],
            )
            .await
            .unwrap();
        browser.click("form#book button[type=submit]").await;
        let said = browser.wait_text("#error", |t| !t.is_empty()).await;
        println!("{lang}: {said}");
        assert_eq!(said, sentence);
        // A visitor checks in meanwhile: the live panel is swapped in, and
        // the sentence stays for the counsellor to read.
        let (number, _) = check_in(&server, "arby-1", "job", "sv").await;
        until(
            &browser,
            &format!(
                "return [...document.querySelectorAll('.queue td.number')].some(td => td.textContent === '{number}');"
            ),
        )
        .await;
        assert_eq!(
            browser.wait_text("#error", |t| !t.is_empty()).await,
            sentence
        );
        browser
            .screenshot(&format!("workstation-refusal-{lang}"))
            .await;
        browser.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_an_automated_accessibility_check() {
    let server = TestServer::daytime().await;
    let (_, status_url) = check_in(&server, "arby-1", "job", "ar").await;
    check_in(&server, "arby-1", "study", "so").await;
    let browser = Browser::start(1366, 900).await;
    let c = &browser.client;
    let mut found = Vec::new();
    let mut check = |page: &str, violations: Vec<String>| {
        println!("{page}: {} violations", violations.len());
        for v in &violations {
            println!("  {v}");
        }
        found.extend(violations.into_iter().map(|v| format!("{page}: {v}")));
    };

    c.goto(&server.url("/")).await.unwrap();
    browser.wait_text("main.login h2", |t| !t.is_empty()).await;
    check("login", browser.accessibility_violations().await);
    c.goto(&status_url).await.unwrap();
    browser
        .wait_text("main.status .number", |t| !t.is_empty())
        .await;
    check("status page (ar)", browser.accessibility_violations().await);
    c.goto(&server.url("/display/arby")).await.unwrap();
    browser.wait_text("main.board h1", |t| !t.is_empty()).await;
    check("display board", browser.accessibility_violations().await);

    // A counsellor's pages, with a visitor called and a visit booked.
    log_in(&browser, &server, "anna").await;
    browser.wait_text("#call-next", |t| !t.is_empty()).await;
    browser.click("#call-next").await;
    browser
        .wait_text("section.current .number", |t| !t.is_empty())
        .await;
    c.execute(
        "document.getElementById('book').elements.time.value = '15:00';",
        vec![],
    )
    .await
    .unwrap();
    browser.click("form#book button[type=submit]").await;
    browser.wait_text("#new-code", |t| t.len() == 6).await;
    check("workstation", browser.accessibility_violations().await);
    let slip = c
        .execute(
            "return document.querySelector('#booked form.slip').getAttribute('action');",
            vec![],
        )
        .await
        .unwrap();
    c.goto(&server.url(&format!("{}?resident=ti&lang=sv", slip.as_str().unwrap())))
        .await
        .unwrap();
    browser.wait_text("dd.code", |t| !t.is_empty()).await;
    check("slip (ti)", browser.accessibility_violations().await);
    c.goto(&server.url("/account?lang=sv")).await.unwrap();
    browser.wait_text("h1", |t| !t.is_empty()).await;
    check("account", browser.accessibility_violations().await);
    c.goto(&server.url("/overview?lang=en")).await.unwrap();
    browser
        .wait_text("#overview-waiting", |t| !t.is_empty())
        .await;
    check("overview", browser.accessibility_violations().await);

    // Staff: the dashboard over a month with figures, in Swedish.
    c.delete_all_cookies().await.unwrap();
    log_in(&browser, &server, "karin").await;
    browser
        .wait_text("main.dashboard dt", |t| !t.is_empty())
        .await;
    c.goto(&server.url("/dashboard?site=arby&range=30&lang=sv"))
        .await
        .unwrap();
    browser
        .wait_text("main.dashboard dt", |t| !t.is_empty())
        .await;
    check("dashboard", browser.accessibility_violations().await);
    browser.stop().await;
    assert!(found.is_empty(), "{found:#?}");
}
