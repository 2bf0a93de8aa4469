"""The browsable page of the API at ``/api/v1/``: the served OpenAPI description drawn as
an ordinary page of the site (no script, no outside assets: the CSP is ``default-src
'self'``), so it reads on a phone and cannot drift from ``/api/v1/openapi.json``."""
from flask import Blueprint as FlaskBlueprint
from flask import current_app, render_template


def _ref_name(schema):
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return "[" + _ref_name(schema.get("items", {})) + "]"
    return schema.get("type", "")


def _operations(spec):
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            params = [p for p in item.get("parameters", []) + op.get("parameters", []) if isinstance(p, dict) and "name" in p]
            ok = op.get("responses", {}).get("200", {})
            schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
            yield {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                   "description": op.get("description", ""), "parameters": params, "returns": _ref_name(schema),
                   "codes": sorted(op.get("responses", {}))}


def register(bp):
    def docs():
        api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
        spec = api.spec.to_dict()
        schemas = spec.get("components", {}).get("schemas", {})
        fields = {name: [(field, _ref_name(d) or d.get("type", ""), d.get("description", ""))
                         for field, d in schema.get("properties", {}).items()]
                  for name, schema in sorted(schemas.items()) if not name.startswith("Error")}
        return render_template("api/docs.html", operations=list(_operations(spec)), schemas=fields,
                               title=spec["info"]["title"], version=spec["info"]["version"])

    FlaskBlueprint.add_url_rule(bp, "/", "docs", docs)  # a page, not an operation of the description
