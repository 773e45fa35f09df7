//! A guided tour of the generated clients.
//!
//! ```text
//! cargo run --example tour                       # against the in-process vendor mock
//! cargo run --example tour -- --help             # real-tenant options
//! ```
//!
//! By default the tour starts `vendor_mock::MockServer` on 127.0.0.1 and runs every operation
//! with realistic data: it renames a custom status with Korean and Japanese names, adds a
//! current and a scheduled status for a member known by an external key, lists them, updates
//! one, updates a Rocket.Chat custom status, and finally shows two refusals: one the client
//! makes before sending anything, and one the server makes (mapped to a typed error).
//!
//! With `--base-url` it talks to a real LINE WORKS tenant instead. It then lists one member's
//! statuses and only writes what is asked for explicitly; tokens come from environment
//! variables and are never printed.

use std::error::Error as StdError;
use std::process::ExitCode;
use std::time::Duration;

use oagen_runtime::reqwest::{self, StatusCode};
use oagen_runtime::{DateTime, Error, Response};
use status_apis::lineworks::{
    self as lw, AutoReplyMail, AutoReplyMailSetting, I18nName, IconType, Language, ProfileStatus,
    ProfileStatusId, ProfileStatusPatch, UpdateProfileStatusError, UserProfileStatus,
    UserProfileStatusRequest,
};
use status_apis::rocketchat::{self as rc, CustomUserStatusUpdate, CustomUserStatusUpdateResponse};
use vendor_mock::MockServer;

type BoxError = Box<dyn StdError>;

const USAGE: &str = "\
Usage: cargo run --example tour [-- OPTIONS]

Without options the tour runs against an in-process mock of both vendors (nothing leaves
127.0.0.1) and exercises every operation.

Real LINE WORKS tenant (read-only unless asked otherwise):
  --base-url URL          LINE WORKS API base URL, e.g. https://www.worksapis.com/v1.0
                          (access token: env LINEWORKS_ACCESS_TOKEN, scope user.read or user)
  --user-id ID            Member whose statuses are listed: user ID, login e-mail or
                          externalKey:KEY (required with --base-url)
  --set-status STATUS     Also add a current status for that member, e.g. AWAY or CUSTOM01
                          (a write; needs scope user)
  --message TEXT          Status message for --set-status (at most 50 characters)

Real Rocket.Chat workspace (skipped unless --rocketchat-url is given):
  --rocketchat-url URL    Workspace URL, e.g. https://chat.example.com
                          (credentials: env ROCKETCHAT_AUTH_TOKEN and ROCKETCHAT_USER_ID)
  --custom-status-id ID   Custom user status to update (a write; all three are needed)
  --custom-status-name NAME
  --custom-status-type TYPE   online, away, busy or offline

  -h, --help              Show this help";

#[tokio::main]
async fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let outcome = if options.is_real() {
        real_tour(&options).await
    } else {
        mock_tour().await
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nerror: {error}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Options {
    base_url: Option<String>,
    user_id: Option<String>,
    set_status: Option<String>,
    message: Option<String>,
    rocketchat_url: Option<String>,
    custom_status_id: Option<String>,
    custom_status_name: Option<String>,
    custom_status_type: Option<String>,
}

impl Options {
    /// `Ok(None)` means `--help`. Accepts `--flag value` and `--flag=value`.
    fn parse(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
        let mut options = Options::default();
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(None);
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            let slot = match flag.as_str() {
                "--base-url" => &mut options.base_url,
                "--user-id" => &mut options.user_id,
                "--set-status" => &mut options.set_status,
                "--message" => &mut options.message,
                "--rocketchat-url" => &mut options.rocketchat_url,
                "--custom-status-id" => &mut options.custom_status_id,
                "--custom-status-name" => &mut options.custom_status_name,
                "--custom-status-type" => &mut options.custom_status_type,
                _ => return Err(format!("unknown argument `{arg}`")),
            };
            let value = match inline {
                Some(value) => value,
                None => args
                    .next()
                    .ok_or_else(|| format!("`{flag}` needs a value"))?,
            };
            if slot.replace(value).is_some() {
                return Err(format!("`{flag}` given twice"));
            }
        }
        // Options that only mean something for a real server, and the option naming it.
        let needs = [
            (
                "--user-id",
                options.user_id.is_some(),
                "--base-url",
                &options.base_url,
            ),
            (
                "--set-status",
                options.set_status.is_some(),
                "--base-url",
                &options.base_url,
            ),
            (
                "--message",
                options.message.is_some(),
                "--base-url",
                &options.base_url,
            ),
            (
                "--custom-status-id",
                options.custom_status_id.is_some(),
                "--rocketchat-url",
                &options.rocketchat_url,
            ),
            (
                "--custom-status-name",
                options.custom_status_name.is_some(),
                "--rocketchat-url",
                &options.rocketchat_url,
            ),
            (
                "--custom-status-type",
                options.custom_status_type.is_some(),
                "--rocketchat-url",
                &options.rocketchat_url,
            ),
        ];
        for (flag, given, server_flag, server) in needs {
            if given && server.is_none() {
                return Err(format!("`{flag}` only applies with `{server_flag}`"));
            }
        }
        if options.base_url.is_some() && options.user_id.is_none() {
            return Err("--base-url needs --user-id: the member whose statuses to list".into());
        }
        if options.message.is_some() && options.set_status.is_none() {
            return Err("--message only goes with --set-status".into());
        }
        Ok(Some(options))
    }

    fn is_real(&self) -> bool {
        self.base_url.is_some() || self.rocketchat_url.is_some()
    }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

fn heading(step: usize, title: &str) {
    println!("\n[{step}] {title}");
}

fn line(text: impl std::fmt::Display) {
    println!("    {text}");
}

/// `200 OK`, `409 Conflict`, ...
fn status_text(status: u16) -> String {
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .unwrap_or("");
    format!("{status} {reason}").trim_end().to_owned()
}

fn describe_profile_status(status: &ProfileStatus) -> Vec<String> {
    let mut lines = vec![format!(
        "{} \"{}\", icon {}, display order {}",
        status.profile_status_id,
        status.profile_status_name,
        status.icon_type,
        status.display_order
    )];
    if let Some(names) = &status.i18n_names {
        let names: Vec<String> = names
            .iter()
            .map(|n| format!("{} \"{}\"", n.language, n.name))
            .collect();
        lines.push(format!("i18n: {}", names.join(", ")));
    }
    lines
}

/// One status as a few short lines: what it is, its message, its period.
fn describe_user_status(status: &UserProfileStatus) -> Vec<String> {
    let or_unknown = |value: Option<String>| value.unwrap_or_else(|| "?".to_owned());
    let mut first = format!(
        "{} {}",
        or_unknown(status.schedule_type.as_ref().map(ToString::to_string)),
        or_unknown(status.profile_status_id.as_ref().map(ToString::to_string)),
    );
    if let Some(name) = &status.profile_status_name {
        first.push_str(&format!(" \"{name}\""));
    }
    if let Some(id) = &status.user_profile_status_id {
        first.push_str(&format!(" (id {id})"));
    }
    let mut lines = vec![first];
    if let Some(message) = status.status_message.as_ref() {
        lines.push(format!("message: \"{message}\""));
    }
    match (status.start_time.as_ref(), status.end_time.as_ref()) {
        (Some(start), Some(end)) => lines.push(format!("period:  {start} → {end}")),
        (Some(start), None) => lines.push(format!("from:    {start}")),
        (None, Some(end)) => lines.push(format!("until:   {end}")),
        (None, None) => {}
    }
    if let Some(mail) = status.auto_reply_mail.as_ref() {
        for (kind, setting) in [("internal", &mail.internal), ("external", &mail.external)] {
            if let Some(content) = setting.as_ref().and_then(|s| s.content.as_ref()) {
                lines.push(format!("auto-reply ({kind}): \"{content}\""));
            }
        }
    }
    lines
}

fn describe_custom_status(answer: &CustomUserStatusUpdateResponse) -> Vec<String> {
    let custom = answer.custom_user_status.clone().unwrap_or_default();
    vec![
        format!(
            "_id {}: name \"{}\", statusType {}",
            custom.id.as_deref().unwrap_or("?"),
            custom.name.as_deref().unwrap_or("?"),
            custom.status_type.as_deref().unwrap_or("?"),
        ),
        format!(
            "_updatedAt {}, success {}",
            custom.updated_at.as_deref().unwrap_or("?"),
            answer.success.map_or("?".to_owned(), |s| s.to_string()),
        ),
    ]
}

/// Turns a failed call into the tour's error, saying which step failed.
/// A transport error's causes ("connection refused", a TLS problem, ...) are appended.
fn failed<E: std::fmt::Debug>(step: &str) -> impl FnOnce(Error<E>) -> BoxError + '_ {
    move |error| {
        let mut text = format!("{step}: {error}");
        if let Error::Transport(transport) = &error {
            let mut cause = transport.source();
            while let Some(inner) = cause {
                text.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
        }
        text.into()
    }
}

fn time(text: &str) -> Result<DateTime, BoxError> {
    Ok(DateTime::parse(text)?)
}

// ---------------------------------------------------------------------------------------------
// The tour against the in-process mock
// ---------------------------------------------------------------------------------------------

async fn mock_tour() -> Result<(), BoxError> {
    let server = MockServer::start().await?;
    println!("status-apis tour: typed clients for LINE WORKS profile statuses and Rocket.Chat");
    println!(
        "Server: in-process vendor mock on {} (a real tenant: --base-url, see --help)",
        server.addr()
    );

    // reqwest honours HTTP_PROXY even for 127.0.0.1; the mock must be reached directly.
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()?;
    let works = lw::Client::builder()
        .base_url(server.lineworks_base_url())
        .access_token(vendor_mock::LINEWORKS_TOKEN)
        .http_client(http.clone())
        .build()?;
    let chat = rc::Client::builder()
        .base_url(server.rocketchat_base_url())
        .auth_token(vendor_mock::ROCKETCHAT_AUTH_TOKEN)
        .user_id(vendor_mock::ROCKETCHAT_USER_ID)
        .http_client(http)
        .build()?;

    // 1. PATCH a domain status definition.
    let patch = ProfileStatusPatch::new(vendor_mock::DOMAIN_ID)
        .icon_type(IconType::Meeting)
        .profile_status_name("고객 미팅")
        .i18n_names(vec![
            I18nName::new("고객 미팅", Language::KoKr),
            I18nName::new("顧客打ち合わせ", Language::JaJp),
            I18nName::new("Client meeting", Language::EnUs),
        ])
        .display_order(6);
    heading(
        1,
        "Rename the custom status CUSTOM02 (PATCH /directory/profile-statuses/CUSTOM02)",
    );
    if let Some(before) = server.profile_status("CUSTOM02") {
        line(format!(
            "before: \"{}\"",
            before["profileStatusName"].as_str().unwrap_or("?")
        ));
    }
    let renamed = works
        .update_profile_status(&ProfileStatusId::Custom02, &patch)
        .await
        .map_err(failed("PATCH CUSTOM02"))?;
    print_response(&renamed, describe_profile_status(&renamed));

    // 2. The member, known to LINE WORKS by an external key containing `/`.
    let user = "externalKey:hr/kim.minji";
    heading(
        2,
        &format!("Member `{user}` (registered on the mock; a real tenant already knows it)"),
    );
    server.add_user(user);
    line("the client encodes the whole ID as one path segment: `:` → %3A, `/` → %2F");

    // 3. POST a current status.
    heading(
        3,
        "Add a current status (POST /users/{userId}/user-profile-statuses)",
    );
    let present = UserProfileStatusRequest::new(ProfileStatusId::Custom02)
        .status_message("고객사 미팅 중 · 顧客先で打ち合わせ中")
        .auto_reply_mail(
            AutoReplyMail::default().internal(
                AutoReplyMailSetting::default()
                    .content("회의 중입니다. 끝나는 대로 답장 드리겠습니다.")
                    .sent_directly_to_me(true),
            ),
        );
    server.clear_received();
    let created = works
        .create_user_profile_status(user, &present)
        .await
        .map_err(failed("POST current status"))?;
    if let Some(sent) = server.received().last() {
        line(format!("sent as: {} {}", sent.method, sent.raw_path));
    }
    print_response(&created, describe_user_status(&created));

    // 4. POST a scheduled status: in the future, in Korea/Japan time.
    heading(4, "Schedule a status for August 2050, +09:00 (POST again)");
    let reserved = UserProfileStatusRequest::new(ProfileStatusId::Absence)
        .status_message("여름 휴가 · 夏季休暇")
        .start_time(time("2050-08-01T09:00:00+09:00")?)
        .end_time(time("2050-08-05T18:00:00+09:00")?);
    let scheduled = works
        .create_user_profile_status(user, &reserved)
        .await
        .map_err(failed("POST scheduled status"))?;
    print_response(&scheduled, describe_user_status(&scheduled));

    // 5. GET the member's statuses.
    heading(
        5,
        "List the member's statuses (GET /users/{userId}/user-profile-statuses)",
    );
    let listed = list_member(&works, user).await?;
    if listed.len() != 2 {
        return Err(format!(
            "expected the current and the scheduled status, got {}",
            listed.len()
        )
        .into());
    }

    // 6. PUT: replace the scheduled status (the body is the complete new status).
    let scheduled_id = scheduled
        .user_profile_status_id
        .clone()
        .ok_or("the scheduled status came back without a userProfileStatusId")?;
    heading(
        6,
        "Extend the holiday (PUT /users/{userId}/user-profile-statuses/{userProfileStatusId})",
    );
    line(format!("userProfileStatusId: {scheduled_id}"));
    let extended = reserved
        .clone()
        .status_message("여름 휴가 (연장) · 夏季休暇（延長）")
        .end_time(time("2050-08-08T18:00:00+09:00")?);
    let updated = works
        .update_user_profile_status(user, &scheduled_id, &extended)
        .await
        .map_err(failed("PUT scheduled status"))?;
    print_response(&updated, describe_user_status(&updated));

    // 7. Rocket.Chat.
    heading(
        7,
        "Rocket.Chat: update a custom user status (POST /api/v1/custom-user-status.update)",
    );
    let update = CustomUserStatusUpdate::new(
        vendor_mock::SEEDED_CUSTOM_STATUS_ID,
        "회의 중 / 会議中",
        "busy",
    );
    let answer = chat
        .update_custom_user_status(&update)
        .await
        .map_err(failed("Rocket.Chat update"))?;
    print_response(&answer, describe_custom_status(&answer));

    // 8. Refused by the client: nothing goes on the wire.
    heading(8, "Refused before sending: a request that breaks the spec");
    let sent_before = server.received().len();
    refused_by_client(&works, user).await?;
    let sent_after = server.received().len();
    line(format!(
        "requests received by the mock: {sent_before} before, {sent_after} after: nothing was sent"
    ));
    if sent_after != sent_before {
        return Err("the refused request reached the server".into());
    }

    // 9. Refused by the server: a documented error, typed.
    heading(
        9,
        "Refused by the server: CUSTOM01 may not take CUSTOM02's name (409)",
    );
    let duplicate =
        ProfileStatusPatch::new(vendor_mock::DOMAIN_ID).profile_status_name("고객 미팅");
    match works
        .update_profile_status(&ProfileStatusId::Custom01, &duplicate)
        .await
    {
        Err(Error::Api {
            status,
            error: UpdateProfileStatusError::Conflict(body),
            ..
        }) => {
            line(format!(
                "{} → UpdateProfileStatusError::Conflict",
                status_text(status)
            ));
            line(format!("body: {body}"));
        }
        Ok(response) => {
            return Err(format!(
                "expected 409 Conflict, got {}",
                status_text(response.status())
            )
            .into())
        }
        Err(error) => return Err(format!("expected 409 Conflict: {error}").into()),
    }

    println!("\nDone: five operations, one client-side and one server-side refusal.");
    Ok(())
}

fn print_response<T>(response: &Response<T>, lines: Vec<String>) {
    let mut lines = lines.into_iter();
    let status = status_text(response.status());
    line(format!("{status} → {}", lines.next().unwrap_or_default()));
    let indent = " ".repeat(status.chars().count() + 3);
    for rest in lines {
        line(format!("{indent}{rest}"));
    }
}

/// A 51-character Korean message and a start time without an end time: the client checks the
/// spec's rules first and returns `Error::Validation` listing both.
async fn refused_by_client(works: &lw::Client, user: &str) -> Result<(), BoxError> {
    let message: String = "급한 용무가 있으시면 메신저로 연락 주세요. 회의가 끝나는 대로 바로 확인하겠습니다. 감사합니다."
        .chars()
        .take(51)
        .collect();
    line(format!(
        "statusMessage of {} characters (maxLength 50), startTime without endTime",
        message.chars().count()
    ));
    let request = UserProfileStatusRequest::new(ProfileStatusId::Busy)
        .status_message(message)
        .start_time(time("2050-09-01T09:00:00+09:00")?);
    match works.create_user_profile_status(user, &request).await {
        Err(Error::Validation(refusal)) => {
            line("Error::Validation:");
            for violation in &refusal.violations {
                line(format!("  - {violation}"));
            }
            Ok(())
        }
        Ok(response) => Err(format!(
            "the invalid request was accepted ({})",
            status_text(response.status())
        )
        .into()),
        Err(error) => Err(format!("expected Error::Validation, got: {error}").into()),
    }
}

// ---------------------------------------------------------------------------------------------
// The tour against real servers
// ---------------------------------------------------------------------------------------------

/// Reads a credential from the environment; only its presence is ever reported.
fn secret_from_env(name: &str) -> Result<String, BoxError> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
        _ => Err(format!("set the environment variable {name}").into()),
    }
}

async fn real_tour(options: &Options) -> Result<(), BoxError> {
    println!("status-apis tour against real servers");
    // A real server may sit behind the system's proxy, so HTTP_PROXY and friends apply here.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let mut step = 0;

    if let (Some(base_url), Some(user)) = (&options.base_url, &options.user_id) {
        let works = lw::Client::builder()
            .base_url(base_url.as_str())
            .access_token(secret_from_env("LINEWORKS_ACCESS_TOKEN")?)
            .user_agent("status-apis-tour")
            .http_client(http.clone())
            .build()?;
        println!("LINE WORKS: {base_url} (access token from LINEWORKS_ACCESS_TOKEN)");

        step += 1;
        heading(step, &format!("List the statuses of member `{user}` (GET)"));
        list_member(&works, user).await?;

        if let Some(status) = &options.set_status {
            step += 1;
            heading(
                step,
                &format!("Add the current status {status} for `{user}` (POST)"),
            );
            let mut request = UserProfileStatusRequest::new(status.as_str());
            if let Some(message) = &options.message {
                request = request.status_message(message.as_str());
            }
            let created = works
                .create_user_profile_status(user, &request)
                .await
                .map_err(failed("POST current status"))?;
            print_response(&created, describe_user_status(&created));

            step += 1;
            heading(step, "List again (GET)");
            list_member(&works, user).await?;
        }

        step += 1;
        heading(
            step,
            "Refused before sending: a request that breaks the spec",
        );
        refused_by_client(&works, user).await?;
        line("(checked by the client; no request was made)");
    } else {
        println!("LINE WORKS: skipped (no --base-url)");
    }

    match &options.rocketchat_url {
        None => println!("\nRocket.Chat: skipped (no --rocketchat-url)"),
        Some(url) => {
            let chat = rc::Client::builder()
                .base_url(url.as_str())
                .auth_token(secret_from_env("ROCKETCHAT_AUTH_TOKEN")?)
                .user_id(secret_from_env("ROCKETCHAT_USER_ID")?)
                .user_agent("status-apis-tour")
                .http_client(http)
                .build()?;
            let wanted = (
                &options.custom_status_id,
                &options.custom_status_name,
                &options.custom_status_type,
            );
            let (Some(id), Some(name), Some(kind)) = wanted else {
                println!(
                    "\nRocket.Chat: {url}: nothing requested. Its only operation here is an \
                     update (a write); give --custom-status-id, --custom-status-name and \
                     --custom-status-type to run it."
                );
                return Ok(());
            };
            step += 1;
            heading(
                step,
                &format!("Rocket.Chat {url}: update custom status {id} (POST)"),
            );
            let answer = chat
                .update_custom_user_status(&CustomUserStatusUpdate::new(
                    id.as_str(),
                    name.as_str(),
                    kind.as_str(),
                ))
                .await
                .map_err(failed("Rocket.Chat update"))?;
            print_response(&answer, describe_custom_status(&answer));
        }
    }
    Ok(())
}

/// Lists and prints a member's statuses.
async fn list_member(works: &lw::Client, user: &str) -> Result<Vec<UserProfileStatus>, BoxError> {
    let list = works
        .list_user_profile_statuses(user)
        .await
        .map_err(failed("GET statuses"))?;
    let statuses = list.user_profile_statuses.clone().unwrap_or_default();
    print_response(
        &list,
        std::iter::once(format!("{} statuses:", statuses.len()))
            .chain(statuses.iter().flat_map(|s| {
                describe_user_status(s)
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| format!("{} {text}", if i == 0 { "-" } else { " " }))
            }))
            .collect(),
    );
    Ok(statuses)
}
