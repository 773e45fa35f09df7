//! Path parameters: always exactly one encoded segment.

use vendor_mock::SEEDED_USER;

use crate::helpers::{add_status, lineworks_client, refused, simple_status, start};

#[tokio::test]
async fn path_parameters_reach_the_server_as_exactly_one_segment() {
    let server = start().await;
    let client = lineworks_client(&server);
    let cases = [
        ("a.b+c@example.com", "a.b%2Bc%40example.com"),
        ("externalKey:ABC/01", "externalKey%3AABC%2F01"),
        ("with space", "with%20space"),
        ("what?", "what%3F"),
        ("hash#tag", "hash%23tag"),
        ("100%", "100%25"),
        ("a/b", "a%2Fb"),
        ("김철수", "%EA%B9%80%EC%B2%A0%EC%88%98"),
        ("山田太郎", "%E5%B1%B1%E7%94%B0%E5%A4%AA%E9%83%8E"),
        ("~user_name-1.x", "~user_name-1.x"),
    ];
    for (user_id, encoded) in cases {
        server.add_user(user_id);
        server.clear_received();
        let collection = format!("/v1.0/users/{encoded}/user-profile-statuses");

        let list = client
            .list_user_profile_statuses(user_id)
            .await
            .unwrap_or_else(|e| panic!("list for {user_id:?}: {e:?}"));
        assert_eq!(list.user_profile_statuses, Some(Vec::new()), "{user_id:?}");

        let id = add_status(&client, user_id, &simple_status(user_id)).await;
        let stored = server
            .user_statuses(user_id)
            .unwrap_or_else(|| panic!("member {user_id:?} known"));
        assert_eq!(stored.len(), 1, "status stored for exactly {user_id:?}");
        assert_eq!(stored[0]["statusMessage"], user_id);

        client
            .update_user_profile_status(user_id, &id, &simple_status("갱신"))
            .await
            .unwrap_or_else(|e| panic!("PUT for {user_id:?}: {e:?}"));

        let received = server.received();
        let paths: Vec<(&str, &str)> = received
            .iter()
            .map(|r| (r.method.as_str(), r.raw_path.as_str()))
            .collect();
        let member = format!("{collection}/{id}");
        assert_eq!(
            paths,
            [
                ("GET", collection.as_str()),
                ("POST", collection.as_str()),
                ("PUT", member.as_str()),
            ],
            "{user_id:?}"
        );
        assert!(
            received.iter().all(|r| r.query.is_none()),
            "{user_id:?} leaked into the query: {received:#?}"
        );
    }
    // Only the registered members exist; none of the ids was split or merged.
    assert_eq!(server.user_statuses("a"), None);
    assert_eq!(server.user_statuses("externalKey:ABC"), None);
}

#[tokio::test]
async fn dot_segments_and_empty_path_values_are_refused() {
    let server = start().await;
    let client = lineworks_client(&server);
    for value in [".", "..", ""] {
        for violations in [
            refused(client.list_user_profile_statuses(value).await),
            refused(
                client
                    .create_user_profile_status(value, &simple_status("x"))
                    .await,
            ),
            refused(
                client
                    .update_user_profile_status(value, "uprofile-x", &simple_status("x"))
                    .await,
            ),
        ] {
            assert_eq!(violations.len(), 1, "{value:?}: {violations:#?}");
            assert_eq!(violations[0].field, "userId", "{value:?}");
        }
        let violations = refused(
            client
                .update_user_profile_status(SEEDED_USER, value, &simple_status("x"))
                .await,
        );
        assert_eq!(violations[0].field, "userProfileStatusId", "{value:?}");
    }
    // Dots inside a longer segment are ordinary characters.
    server.add_user("...");
    client
        .list_user_profile_statuses("...")
        .await
        .expect("`...` is a plain segment");
    let received = server.received();
    assert_eq!(received.len(), 1, "{received:#?}");
    assert_eq!(
        received[0].raw_path,
        "/v1.0/users/.../user-profile-statuses"
    );
}
