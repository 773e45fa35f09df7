//! Form and multipart bodies as they reach a server: the raw bytes a loopback server captures,
//! compared with the text expected and read back with parsers independent of the client's
//! encoders (`serde_qs` for bracket-notation forms, `capture::multipart_parts` for multipart).

mod capture;

use capture::{multipart_parts, Capture, ReadPart};
use oagen_runtime::{reqwest, Binary};

#[deny(warnings)]
#[allow(deprecated)]
mod nested {
    oagen_macros::generate_api!("tests/fixtures/form-body-nested.yaml");
}

#[deny(warnings)]
#[allow(deprecated)]
mod empty {
    oagen_macros::generate_api!("tests/fixtures/form-body-empty-object.yaml");
}

#[deny(warnings)]
#[allow(deprecated)]
mod multipart {
    oagen_macros::generate_api!("tests/fixtures/multipart-array-and-binary.yaml");
}

/// A reqwest client that ignores proxy variables, so 127.0.0.1 is reached directly.
fn direct() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

fn charge() -> nested::CreateChargeRequest {
    nested::CreateChargeRequest::new(2000)
        .expand(vec!["customer".to_owned(), "invoice".to_owned()])
        .items(vec![
            nested::CreateChargeRequestItemsItem::new("p_1").quantity(2),
            nested::CreateChargeRequestItemsItem::new("p 2"),
        ])
        .metadata(std::collections::BTreeMap::from([(
            "order_id".to_owned(),
            "6735".to_owned(),
        )]))
        .shipping(
            nested::CreateChargeRequestShipping::new(
                nested::CreateChargeRequestShippingAddress::new("1 Main St").city("Paris"),
            )
            .name("Ann & Bo"),
        )
}

#[tokio::test]
async fn nested_form_bodies_use_bracket_notation() {
    let server = Capture::start(200, r#"{"id": "ch_1"}"#);
    let client = nested::Client::builder()
        .base_url(&server.base)
        .http_client(direct())
        .build()
        .expect("client");
    let body = charge();
    let response = client.create_charge(&body).await.expect("sent");
    assert_eq!(response.id, "ch_1");

    let request = server.only();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body_text(),
        "amount=2000\
         &expand%5B%5D=customer&expand%5B%5D=invoice\
         &items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2\
         &items%5B1%5D%5Bprice%5D=p+2\
         &metadata%5Border_id%5D=6735\
         &shipping%5Baddress%5D%5Bcity%5D=Paris&shipping%5Baddress%5D%5Bline1%5D=1+Main+St\
         &shipping%5Bname%5D=Ann+%26+Bo"
    );

    // Read back by a parser that knows bracket notation (as Rack, PHP and qs read it), into the
    // generated type: the same value as was sent.
    let decoded: nested::CreateChargeRequest = serde_qs::Config::new()
        .use_form_encoding(true)
        .deserialize_bytes(&request.body)
        .expect("serde_qs reads the body");
    assert_eq!(
        serde_json::to_value(&decoded).expect("JSON"),
        serde_json::to_value(&body).expect("JSON")
    );
}

#[tokio::test]
async fn encoding_entries_choose_each_property_style() {
    let server = Capture::start(200, r#"{"id": "l_1"}"#);
    let client = nested::Client::builder()
        .base_url(&server.base)
        .http_client(direct())
        .build()
        .expect("client");
    let body = nested::SetLabelsRequest::default()
        .colors(vec!["red".to_owned(), "dark green".to_owned()])
        .ids(vec![1, 2])
        .names(vec!["a b".to_owned(), "c".to_owned()])
        .point(nested::SetLabelsRequestPoint::default().x(1).y(2))
        .settings(nested::SetLabelsRequestSettings::default().dark(true));
    client.set_labels(&body).await.expect("sent");
    assert_eq!(
        server.only().body_text(),
        "colors=red%2Cdark+green&ids=1&ids=2&names=a+b%7Cc\
         &point%5Bx%5D=1&point%5By%5D=2&settings=%7B%22dark%22%3Atrue%7D"
    );
}

#[tokio::test]
async fn an_empty_object_body_sends_nothing() {
    let server = Capture::start(200, r#"{"available": 5}"#);
    let client = empty::Client::builder()
        .base_url(&server.base)
        .http_client(direct())
        .build()
        .expect("client");
    let response = client.get_balance().await.expect("sent");
    assert_eq!(response.available, 5);
    let request = server.only();
    assert_eq!(request.method, "GET");
    assert_eq!(request.header("content-type"), None);
    assert!(
        request
            .header("content-length")
            .is_none_or(|length| length == "0"),
        "{request:?}"
    );
    assert!(request.header("transfer-encoding").is_none());
    assert!(request.body.is_empty());
}

fn multipart_client(server: &Capture) -> multipart::Client {
    multipart::Client::builder()
        .base_url(&server.base)
        .http_client(direct())
        .build()
        .expect("client")
}

fn part(name: &str, content_type: Option<&str>, body: &[u8]) -> ReadPart {
    ReadPart {
        name: name.to_owned(),
        content_type: content_type.map(str::to_owned),
        body: body.to_vec(),
    }
}

#[tokio::test]
async fn a_multipart_array_is_one_part_per_item() {
    let server = Capture::start(204, "");
    let photos = [
        Binary(vec![0x89, b'P', 0, 1]),
        Binary(b"second\r\n--x".to_vec()),
    ];
    multipart_client(&server)
        .upload_photos(&photos)
        .await
        .expect("sent");
    assert_eq!(
        multipart_parts(&server.only()),
        vec![
            part("photos", Some("image/png"), &[0x89, b'P', 0, 1]),
            part("photos", Some("image/png"), b"second\r\n--x"),
        ]
    );

    let server = Capture::start(204, "");
    multipart_client(&server)
        .add_tags(&["red".to_owned(), "blue sky".to_owned()])
        .await
        .expect("sent");
    assert_eq!(
        multipart_parts(&server.only()),
        vec![part("tag", None, b"red"), part("tag", None, b"blue sky")]
    );
}

#[tokio::test]
async fn a_multipart_file_is_one_part() {
    let server = Capture::start(204, "");
    multipart_client(&server)
        .set_avatar(&Binary(vec![0xff, 0xd8, 0xff]))
        .await
        .expect("sent");
    let request = server.only();
    assert_eq!(request.method, "PUT");
    assert!(request
        .header("content-type")
        .is_some_and(|value| value.starts_with("multipart/form-data; boundary=")));
    assert_eq!(
        multipart_parts(&request),
        vec![part("avatar", Some("image/jpeg"), &[0xff, 0xd8, 0xff])]
    );
}

#[tokio::test]
async fn object_parts_carry_their_encoding_content_type() {
    let server = Capture::start(204, "");
    let body = multipart::UploadDocumentsRequest::new(vec![Binary(b"%PDF-1".to_vec())])
        .meta(multipart::UploadDocumentsRequestMeta::default().title("Q3"))
        .note("see page 2");
    multipart_client(&server)
        .upload_documents(&body)
        .await
        .expect("sent");
    assert_eq!(
        multipart_parts(&server.only()),
        vec![
            part("files", Some("application/pdf"), b"%PDF-1"),
            part("meta", Some("application/json"), br#"{"title":"Q3"}"#),
            part("note", None, b"see page 2"),
        ]
    );
}
