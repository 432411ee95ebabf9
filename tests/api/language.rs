//! Their own words, and Spanish: a person whose Slack language is Spanish gets the form,
//! the messages, the check-ins and the Home tab in Spanish, with the crisis line wherever
//! help is offered; a program's override changes one message and nothing else.

use std::time::Duration;

use crate::helpers::*;

const HOUR: Duration = Duration::from_secs(3600);

#[tokio::test]
async fn a_spanish_speaker_gets_every_surface_in_spanish_with_the_crisis_line() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR]).await;
    app.fake.set_locale("UREQES", "es-LA");
    // The form.
    app.command("UREQES", "/peer-support", "").await;
    let modal = app.fake.wait_for(0, 1, |c| c.method == "views.open").await.remove(0);
    let text = modal.text();
    for words in ["Apoyo entre pares", "¿Para quién es?", "Su puesto", "Enfermería", "test-crisis-1234"] {
        assert!(text.contains(words), "the form lacks {words}: {text}");
    }
    assert!(!text.contains("Who is this for?"));
    // Help, in the reply to the command.
    let help: serde_json::Value = app.command("UREQES", "/peer-support", "help").await.json().await.unwrap();
    assert!(help.to_string().contains("pedir apoyo") && help.to_string().contains("test-crisis-1234"));

    // The confirmation; the coordinators keep the program's language.
    let mark = app.fake.mark();
    app.request_as_nurse("UREQES", "nota").await;
    let received = app.fake.wait_for(mark, 1, |c| c.to() == "UREQES" && c.method == "chat.postMessage").await;
    assert!(received[0].text().contains("Gracias por escribirnos") && received[0].text().contains("test-crisis-1234"));
    app.fake.wait_for(mark, 1, |c| c.to() == "UCOORD1" && c.text().contains("Peer support request #")).await;
    let offer = app.fake.wait_message_with_button(mark, "USUPN1", "Accept").await;
    app.click("USUPN1", &offer, "Accept").await;
    let matched = app
        .fake
        .wait_for(mark, 1, |c| c.to() == "UREQES" && c.text().contains("se pondrá en contacto con usted"))
        .await;
    assert!(matched[0].text().contains("<@USUPN1>") && matched[0].text().contains("test-crisis-1234"));
    assert!(matched[0].text().contains("Una llamada") || matched[0].text().contains("una llamada"));

    // The check-in, with its buttons, and answering it.
    app.clock.advance(HOUR + Duration::from_secs(1));
    app.run_due().await;
    let check_in = app
        .fake
        .wait_for(mark, 1, |c| c.to() == "UREQES" && c.buttons().contains(&"Estoy bien".to_string()))
        .await
        .remove(0);
    assert_eq!(
        check_in.buttons(),
        ["Estoy bien", "Me gustaría volver a hablar", "Ver otros recursos", "Por favor, no me escriban más"]
    );
    assert!(check_in.text().contains("test-crisis-1234"));
    let answered = app.fake.mark();
    app.click("UREQES", &check_in, "Estoy bien").await;
    app.fake.wait_for(answered, 1, |c| c.method == "response_url" && c.text().contains("Respondió *Estoy bien*")).await;

    // The Home tab.
    let home = crate::home::open_home(&app, "UREQES").await;
    let text = home.text();
    assert!(text.contains("Su solicitud") && text.contains("test-crisis-1234"), "{text}");
    assert_eq!(
        home.buttons(),
        ["Pedir apoyo", "Retirar mi solicitud", "Pedir una sesión de equipo", "Proponer a alguien"]
    );
    // Someone with no Slack language, or one the bot does not have, gets the default.
    app.fake.set_locale("UREQJA", "ja-JP");
    let home = crate::home::open_home(&app, "UREQJA").await;
    assert!(home.buttons().contains(&"Ask for support".to_string()));
    // Nothing about anyone's language is stored.
    assert!(!contains(&app.db_bytes(), "es-LA"));
}

#[tokio::test]
async fn a_programs_override_changes_one_message_and_nothing_else() {
    let words = tempfile::tempdir().unwrap();
    std::fs::write(words.path().join("en.ftl"), "# ours\nbutton-checkin-okay = I'm alright\n").unwrap();
    std::fs::write(words.path().join("es.ftl"), "button-checkin-okay = Todo bien\n").unwrap();
    let dir = words.path().display().to_string();
    let app = spawn_app_with(move |s| {
        s.follow_up.requester_after = vec![HOUR];
        s.program.messages_dir = dir.clone();
    })
    .await;
    app.matched("UREQ1").await;
    app.clock.advance(HOUR + Duration::from_secs(1));
    app.run_due().await;
    let check_in =
        app.fake.wait_for(0, 1, |c| c.to() == "UREQ1" && c.buttons().contains(&"I'm alright".to_string())).await;
    assert_eq!(
        check_in[0].buttons(),
        ["I'm alright", "I'd like to talk again", "Show me other resources", "Please stop checking in"]
    );
    assert!(check_in[0].text().contains("Just checking in"), "every other word is the catalog's");
    let received = app.fake.calls().into_iter().find(|c| c.to() == "UREQ1" && c.text().contains("Your request is in"));
    assert!(received.is_some());
    // A bad override stops the bot before it starts, naming the file and the line.
    let bad = tempfile::tempdir().unwrap();
    std::fs::write(bad.path().join("en.ftl"), "\nwithdrawn = { $who } withdrew.\n").unwrap();
    let mut settings = test_settings(&app.fake, &app.db_path);
    settings.program.messages_dir = bad.path().display().to_string();
    let Err(err) = peer_support::app::Application::build(settings, peer_support::clock::Clock::system()).await else {
        panic!("a bad override must stop the bot")
    };
    assert!(format!("{err:#}").contains("en.ftl:2: withdrawn has no variable $who"), "{err:#}");
}

#[tokio::test]
async fn a_message_owed_does_not_wait_for_slack_to_say_which_language() {
    let app = spawn_app().await;
    app.fake.set_locale("UREQES", "es-LA");
    // Slack is rate-limiting users.info for half a minute: the confirmation goes now, in
    // the program's language, rather than waiting.
    app.fake.script("users.info", vec![Scripted::RateLimited { retry_after_secs: 30 }]);
    let mark = app.fake.mark();
    app.request_as_nurse("UREQES", "now").await;
    let received = app.fake.wait_for(mark, 1, |c| c.to() == "UREQES" && c.method == "chat.postMessage").await.remove(0);
    assert!(received.text().contains("Thank you for reaching out"), "{}", received.text());
}
