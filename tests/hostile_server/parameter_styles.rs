//! Every parameter style (`tests/fixtures/parameter-styles.yaml`, one operation per style) on
//! the wire: the request target and header bytes are compared with the OpenAPI "Style Examples"
//! table (`color` = `blue`, [`blue`, `black`, `brown`] or {`R`: 100, `G`: 200, `B`: 150}), and
//! read back by readers that are not the runtime's (`form_urlencoded`, `percent-encoding`).
//!
//! Decisions the comparisons pin down: `pipeDelimited` sends `|` as it is (as the table shows;
//! the item texts have theirs encoded as `%7C`); `label` without `explode` joins with `,`
//! (RFC 6570 and OpenAPI 3.1.1); header texts are not percent-encoded; `allowReserved` keeps
//! every reserved character but `#` (it would start a fragment) and `'` (the URL parser encodes
//! it in `http(s)` queries regardless).

use percent_encoding::percent_decode_str;

use crate::server::{reply, Received, Server};

#[deny(warnings)]
mod styles {
    oagen_macros::generate_api!("tests/fixtures/parameter-styles.yaml");
}

use styles::{Client, Note, Rgb};

/// A value that would add a pair, a segment, a cookie or a fragment if any of its characters
/// went out unencoded.
const HOSTILE: &str = "a&b=c#d/e;f,g h|é.%+[x]?";

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

fn rgb() -> Rgb {
    Rgb::new(100, 200, 150)
}

/// A client for `server`, without a proxy in the way.
fn client(server: &Server) -> Client {
    let builder = Client::builder().base_url(&server.base);
    let builder = if crate::proxy_configured() {
        builder.http_client(crate::direct_without_redirects())
    } else {
        builder
    };
    builder.build().expect("client")
}

fn no_content() -> Server {
    Server::start(|_, _| reply("204 No Content", &[], b""))
}

/// The one request `server` received.
fn only(server: &Server) -> Received {
    let received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    received.into_iter().next().expect("a request")
}

/// The request targets `server` received, in order.
fn targets(server: &Server) -> Vec<String> {
    server.received().into_iter().map(|r| r.target).collect()
}

/// The query of a request target, as sent.
fn query(target: &str) -> &str {
    target.split_once('?').map_or("", |(_, query)| query)
}

/// Pairs as an independent `application/x-www-form-urlencoded` reader reads them.
fn pairs(target: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query(target).as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// `raw` split on `delimiter` as sent, each part percent-decoded.
fn items(raw: &str, delimiter: &str) -> Vec<String> {
    raw.split(delimiter)
        .map(|item| {
            percent_decode_str(item)
                .decode_utf8()
                .expect("UTF-8")
                .into_owned()
        })
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

#[tokio::test]
async fn form_query_parameters_match_the_style_examples() {
    let server = no_content();
    client(&server)
        .query_form(
            Some(&colors()),
            Some(&colors()),
            Some(&rgb()),
            Some(&rgb()),
            Some("blue"),
        )
        .await
        .expect("sent");
    let request = only(&server);
    assert_eq!(
        request.target,
        "/form?color=blue&color=black&color=brown&flat=blue,black,brown\
         &R=100&G=200&B=150&flatRgb=R,100,G,200,B,150&single=blue"
    );
    let read = pairs(&request.target);
    assert_eq!(
        read,
        owned(&[
            ("color", "blue"),
            ("color", "black"),
            ("color", "brown"),
            ("flat", "blue,black,brown"),
            ("R", "100"),
            ("G", "200"),
            ("B", "150"),
            ("flatRgb", "R,100,G,200,B,150"),
            ("single", "blue"),
        ])
    );
}

#[tokio::test]
async fn delimited_and_deep_object_queries_match_the_style_examples() {
    let server = no_content();
    let client = client(&server);
    client
        .query_space_delimited(Some(&colors()))
        .await
        .expect("sent");
    client
        .query_pipe_delimited(Some(&colors()))
        .await
        .expect("sent");
    let note = Note::default()
        .text("x y")
        .tags(vec!["p".into(), "q".into()]);
    let limits = [("max".to_owned(), 5), ("min".to_owned(), -1)].into();
    client
        .query_deep_object(Some(&rgb()), Some(&note), Some(&limits))
        .await
        .expect("sent");
    let targets = targets(&server);
    assert_eq!(
        targets,
        [
            "/space?color=blue%20black%20brown",
            "/pipe?color=blue|black|brown",
            "/deep?color[R]=100&color[G]=200&color[B]=150\
             &note[text]=x%20y&note[tags]=%5B%22p%22%2C%22q%22%5D\
             &limits[max]=5&limits[min]=-1",
        ]
    );
    assert_eq!(pairs(&targets[0]), owned(&[("color", "blue black brown")]));
    assert_eq!(pairs(&targets[1]), owned(&[("color", "blue|black|brown")]));
    assert_eq!(
        pairs(&targets[2]),
        owned(&[
            ("color[R]", "100"),
            ("color[G]", "200"),
            ("color[B]", "150"),
            ("note[text]", "x y"),
            ("note[tags]", r#"["p","q"]"#),
            ("limits[max]", "5"),
            ("limits[min]", "-1"),
        ])
    );
}

#[tokio::test]
async fn allow_reserved_leaves_reserved_characters_as_they_are() {
    let server = no_content();
    let value = "/a/b:c@d!$'()*+,;=[x]?y#z é";
    client(&server)
        .query_allow_reserved(Some(value), Some(value))
        .await
        .expect("sent");
    let request = only(&server);
    assert_eq!(
        request.target,
        "/reserved?url=/a/b:c@d!$%27()*+,;=[x]?y%23z%20%C3%A9\
         &plain=%2Fa%2Fb%3Ac%40d%21%24%27%28%29%2A%2B%2C%3B%3D%5Bx%5D%3Fy%23z%20%C3%A9"
    );
    // Without `allowReserved` the value reads back whole; with it, `+` reads as a space to a
    // form reader, which is what the spec author asked for.
    let read = pairs(&request.target);
    assert_eq!(read[1], ("plain".to_owned(), value.to_owned()));
    assert_eq!(read[0].0, "url");
}

#[tokio::test]
async fn path_styles_match_the_style_examples() {
    let server = no_content();
    let client = client(&server);
    client
        .path_simple(&colors(), &rgb(), &rgb())
        .await
        .expect("sent");
    client
        .path_label("blue", &colors(), &colors(), &rgb())
        .await
        .expect("sent");
    client
        .path_matrix("blue", &colors(), &colors(), &rgb())
        .await
        .expect("sent");
    let targets = targets(&server);
    assert_eq!(
        targets,
        [
            "/simple/blue,black,brown/R,100,G,200,B,150/R=100,G=200,B=150",
            "/label/.blue/.blue,black,brown/.blue.black.brown/.R=100.G=200.B=150",
            "/matrix/;name=blue/;color=blue,black,brown\
             /;exploded=blue;exploded=black;exploded=brown/;R=100;G=200;B=150",
        ]
    );
}

#[tokio::test]
async fn header_and_cookie_styles_match_the_style_examples() {
    let server = no_content();
    let client = client(&server);
    client
        .header_simple(Some(&colors()), Some(&rgb()), Some(&rgb()))
        .await
        .expect("sent");
    client
        .cookie_form(Some(&colors()), Some(&colors()), Some(&rgb()))
        .await
        .expect("sent");
    let received = server.received();
    assert_eq!(received[0].header("x-color"), Some("blue,black,brown"));
    assert_eq!(received[0].header("x-rgb"), Some("R,100,G,200,B,150"));
    assert_eq!(
        received[0].header("x-rgb-exploded"),
        Some("R=100,G=200,B=150")
    );
    assert_eq!(
        received[1].header("cookie"),
        Some("color=blue,black,brown; each=blue; each=black; each=brown; R=100; G=200; B=150")
    );
}

#[tokio::test]
async fn hostile_values_cannot_change_the_query() {
    let server = no_content();
    let hostile = vec![HOSTILE.to_owned(), "é".to_owned()];
    let client = client(&server);
    client
        .query_form(Some(&hostile), Some(&hostile), None, None, Some(HOSTILE))
        .await
        .expect("sent");
    client
        .query_pipe_delimited(Some(&hostile))
        .await
        .expect("sent");
    let received = server.received();
    let form = &received[0].target;
    assert!(!form.contains('#') && !form.contains(' '), "{form}");
    assert_eq!(
        pairs(form),
        owned(&[
            ("color", HOSTILE),
            ("color", "é"),
            ("flat", &format!("{HOSTILE},é")),
            ("single", HOSTILE),
        ])
    );
    let flat = query(form)
        .split('&')
        .find_map(|pair| pair.strip_prefix("flat="))
        .expect("flat");
    assert_eq!(items(flat, ","), hostile);
    let pipe = query(&received[1].target)
        .strip_prefix("color=")
        .expect("color");
    assert_eq!(items(pipe, "|"), hostile);
}

#[tokio::test]
async fn hostile_values_cannot_change_the_path() {
    let server = no_content();
    let hostile = vec![HOSTILE.to_owned(), "..".to_owned()];
    let client = client(&server);
    client
        .path_label(HOSTILE, &hostile, &hostile, &rgb())
        .await
        .expect("sent");
    client
        .path_matrix(HOSTILE, &hostile, &hostile, &rgb())
        .await
        .expect("sent");
    client
        .path_simple(&hostile, &rgb(), &rgb())
        .await
        .expect("sent");
    let received = server.received();
    // `/label/a/b/c/d`, `/matrix/a/b/c/d`, `/simple/a/b/c`: no segment added or lost.
    for (request, parts) in received.iter().zip([6, 6, 5]) {
        let target = &request.target;
        assert!(!target.contains('?') && !target.contains('#'), "{target}");
        assert_eq!(target.split('/').count(), parts, "{target}");
    }
    let segments = |index: usize| -> Vec<String> {
        received[index]
            .target
            .split('/')
            .map(String::from)
            .collect()
    };
    let label = segments(0);
    assert_eq!(items(&label[2][1..], "."), [HOSTILE]);
    assert_eq!(items(&label[3][1..], ","), hostile);
    assert_eq!(items(&label[4][1..], "."), hostile);
    let matrix = segments(1);
    assert_eq!(
        items(matrix[2].strip_prefix(";name=").expect("name"), ";"),
        [HOSTILE]
    );
    assert_eq!(
        items(matrix[3].strip_prefix(";color=").expect("color"), ","),
        hostile
    );
    assert_eq!(
        items(&matrix[4], ";exploded="),
        ["".to_owned(), HOSTILE.to_owned(), "..".to_owned()]
    );
    assert_eq!(items(&segments(2)[2], ","), hostile);
}

#[tokio::test]
async fn hostile_values_cannot_add_cookies() {
    let server = no_content();
    let hostile = vec![HOSTILE.to_owned(), "x; admin=true".to_owned()];
    client(&server)
        .cookie_form(Some(&hostile), Some(&hostile), None)
        .await
        .expect("sent");
    let request = only(&server);
    let header = request.header("cookie").expect("cookies");
    let cookies: Vec<(&str, &str)> = header
        .split("; ")
        .map(|pair| pair.split_once('=').expect("name=value"))
        .collect();
    let names: Vec<&str> = cookies.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["color", "each", "each"]);
    assert_eq!(items(cookies[0].1, ","), hostile);
    assert_eq!(items(cookies[1].1, ","), [HOSTILE]);
    assert_eq!(items(cookies[2].1, ","), ["x; admin=true"]);
}

#[tokio::test]
async fn a_path_value_that_would_vanish_is_refused_before_sending() {
    let server = no_content();
    let error = client(&server)
        .path_label("", &colors(), &colors(), &rgb())
        .await
        .expect_err("refused");
    assert!(
        matches!(error, oagen_runtime::Error::Validation(_)),
        "{error:?}"
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn json_content_parameters_are_sent_as_encoded_json_text() {
    let server = no_content();
    client(&server)
        .query_json_content(Some(&rgb()), Some("a b"))
        .await
        .expect("sent");
    let request = only(&server);
    assert_eq!(
        request.target,
        "/content?filter=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D"
    );
    assert_eq!(
        pairs(&request.target),
        owned(&[("filter", r#"{"R":100,"G":200,"B":150}"#)])
    );
    assert_eq!(request.header("note"), Some("a b"));
}
