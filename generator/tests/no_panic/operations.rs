//! Structural mutations of operations: junk paths, methods, parameters and responses.

use serde_json::{json, Map, Value};

use crate::doc::rename_key;
use crate::mutate::{short, Ctx};
use crate::values::{
    case_variant, random_schema, random_value, EXTRA_METHODS, MEDIA, METHODS, PARAM_IN, PATH_KEYS,
    STATUSES,
};

impl Ctx<'_> {
    pub(crate) fn operations(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(paths) = self.doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                for method in METHODS {
                    if item.get(*method).is_some_and(Value::is_object) {
                        out.push((path.clone(), (*method).to_owned()));
                    }
                }
            }
        }
        out
    }

    pub(crate) fn junk_operation(&mut self) -> Option<String> {
        let operations = self.operations();
        let (path, method) = if operations.is_empty() {
            let paths = self
                .doc
                .as_object_mut()?
                .entry("paths")
                .or_insert(json!({}));
            paths.as_object_mut()?.insert(
                "/new".into(),
                json!({"get": {"responses": {"200": {"description": "ok"}}}}),
            );
            ("/new".to_owned(), "get".to_owned())
        } else {
            self.rng.pick(&operations).clone()
        };
        let other_ids: Vec<String> = operations
            .iter()
            .filter_map(|(p, m)| {
                self.doc
                    .get("paths")?
                    .get(p)?
                    .get(m)?
                    .get("operationId")?
                    .as_str()
                    .map(str::to_owned)
            })
            .collect();
        let kind = self.rng.below(8);
        let name = self.name();
        let schema = random_schema(self.rng, self.schemas, self.pool, 2);
        let doc_paths = self.doc.get_mut("paths")?.as_object_mut()?;
        match kind {
            0 => {
                let id = if !other_ids.is_empty() && self.rng.chance(40) {
                    let id = self.rng.pick(&other_ids).clone();
                    if self.rng.chance(50) {
                        case_variant(&id, self.rng)
                    } else {
                        id
                    }
                } else {
                    name
                };
                let operation = doc_paths
                    .get_mut(&path)?
                    .get_mut(&method)?
                    .as_object_mut()?;
                operation.insert("operationId".into(), json!(id));
                Some(format!("operationId {id:?} on {method} {path}"))
            }
            1 => {
                let location = *self.rng.pick(PARAM_IN);
                let mut parameter = json!({"name": name, "in": location, "schema": schema});
                if self.rng.chance(60) {
                    parameter["required"] = json!(self.rng.chance(70));
                }
                if self.rng.chance(15) {
                    parameter["content"] =
                        json!({"application/json": {"schema": {"type": "object"}}});
                }
                let on_item = self.rng.chance(25);
                let item = doc_paths.get_mut(&path)?.as_object_mut()?;
                let owner = if on_item {
                    item
                } else {
                    item.get_mut(&method)?.as_object_mut()?
                };
                let list = owner.entry("parameters").or_insert(json!([]));
                match list {
                    Value::Array(items) => {
                        items.push(parameter.clone());
                        if self.rng.chance(20) {
                            items.push(parameter);
                        }
                    }
                    _ => *list = json!([parameter]),
                }
                Some(format!(
                    "parameter {name:?} in {location:?} on {method} {path}"
                ))
            }
            2 => {
                let new = if self.rng.chance(70) {
                    (*self.rng.pick(PATH_KEYS)).to_owned()
                } else {
                    format!("{path}/{{{name}}}")
                };
                rename_key(doc_paths, &path, &new);
                Some(format!("path {path:?} renamed to {new:?}"))
            }
            3 => {
                let status = *self.rng.pick(STATUSES);
                let media = *self.rng.pick(MEDIA);
                let mut response = json!({"description": name});
                if self.rng.chance(80) {
                    response["content"] = json!({ media: {"schema": schema} });
                }
                if self.rng.chance(15) {
                    response["headers"] = json!({ "X-Rate": {"schema": {"type": "integer"}} });
                }
                let operation = doc_paths
                    .get_mut(&path)?
                    .get_mut(&method)?
                    .as_object_mut()?;
                let responses = operation.entry("responses").or_insert(json!({}));
                if let Some(responses) = responses.as_object_mut() {
                    if self.rng.chance(20) {
                        responses.clear();
                    }
                    responses.insert(status.into(), response);
                }
                Some(format!("response {status:?} {media:?} on {method} {path}"))
            }
            4 => {
                let mut content = Map::new();
                for _ in 0..1 + self.rng.below(3) {
                    content.insert(
                        (*self.rng.pick(MEDIA)).to_owned(),
                        json!({"schema": schema.clone()}),
                    );
                }
                let body = json!({"required": self.rng.chance(50), "content": content});
                let operation = doc_paths
                    .get_mut(&path)?
                    .get_mut(&method)?
                    .as_object_mut()?;
                operation.insert("requestBody".into(), body);
                Some(format!("request body on {method} {path}"))
            }
            5 => {
                let item = doc_paths.get_mut(&path)?.as_object_mut()?;
                let operation = item.get(&method)?.clone();
                let to = if self.rng.chance(80) {
                    *self.rng.pick(METHODS)
                } else {
                    *self.rng.pick(EXTRA_METHODS)
                };
                item.insert(to.into(), operation);
                Some(format!("copy {method} {path} to {to}"))
            }
            6 => {
                let copy = doc_paths.get(&path)?.clone();
                let new = format!("{path}{}", self.rng.pick(&["/", "/x", "/{id}", "_", ""]));
                doc_paths.insert(new.clone(), copy);
                Some(format!("copy path {path:?} to {new:?}"))
            }
            _ => {
                let operation = doc_paths
                    .get_mut(&path)?
                    .get_mut(&method)?
                    .as_object_mut()?;
                let key = *self.rng.pick(&[
                    "security",
                    "servers",
                    "tags",
                    "callbacks",
                    "deprecated",
                    "summary",
                    "description",
                    "externalDocs",
                ]);
                let value = random_value(self.rng, self.pool, 2);
                let shown = short(&value);
                operation.insert(key.into(), value);
                Some(format!("{key} {shown} on {method} {path}"))
            }
        }
    }
}
