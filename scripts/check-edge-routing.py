"""Sends requests through the load balancer's listener as Terraform defines it (make test runs this).

No AWS here, so this evaluates terraform/edge.tf's HTTPS listener the way the ALB does: rules in
priority order, the first whose conditions all match decides, else the default action. It then
checks what reaches the app: from the internet, through CloudFront, only the app's own pages and
server fns, never the probes (`/readyz` would let anyone make every instance query MySQL and
DynamoDB); nothing that skipped CloudFront at all.

It understands the conditions the listener uses (path_pattern with `*` and `?`, http_header);
any other condition is an error here, so the check cannot silently pass.

Exit status 1 with one line per problem.
"""

import fnmatch
import pathlib
import sys

from terraform_tree import parse


root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "terraform")
tree = parse((root / "edge.tf").read_text())
listeners, rules = {}, []
for block in tree.get("resource", []):
    for kind, named in block.items():
        for name, body in named.items():
            if kind == "aws_lb_listener":
                listeners[name] = body
            elif kind == "aws_lb_listener_rule":
                rules.append((name, body))

problems = []
listener = listeners.get("https")
if listener is None:
    sys.exit("terraform/edge.tf: no aws_lb_listener.https")
rules = sorted(
    (rule for rule in rules if rule[1].get("listener_arn") == "${aws_lb_listener.https.arn}"),
    key=lambda rule: int(rule[1]["priority"]),
)
SECRET = "${random_password.origin_verify.result}"


def matches(condition, request):
    (kind, blocks), = ((k, v) for k, v in condition.items() if not k.startswith("__"))
    block = blocks[0]
    if kind == "path_pattern":
        return any(fnmatch.fnmatchcase(request["path"], pattern) for pattern in block["values"])
    if kind == "http_header":
        value = request["headers"].get(block["http_header_name"].lower())
        return value is not None and any(fnmatch.fnmatchcase(value, pattern) for pattern in block["values"])
    raise ValueError(f"condition {kind} is not understood by this check")


def route(request):
    """What the listener does with `request`: 'forward' or the fixed response's status."""
    for name, rule in rules:
        if all(matches(condition, request) for condition in rule.get("condition", [])):
            action = rule["action"][0]
            return (name, "forward" if action["type"] == "forward" else action["fixed_response"][0]["status_code"])
    action = listener["default_action"][0]
    return ("default", "forward" if action["type"] == "forward" else action["fixed_response"][0]["status_code"])


through_cloudfront = {"x-origin-verify": SECRET}
CASES = [
    ("the board, through CloudFront", {"path": "/", "headers": through_cloudfront}, "forward"),
    ("a server fn, through CloudFront", {"path": "/api/move_task", "headers": through_cloudfront}, "forward"),
    ("an asset, through CloudFront", {"path": "/pkg/taskboard.wasm", "headers": through_cloudfront}, "forward"),
    ("/readyz, through CloudFront", {"path": "/readyz", "headers": through_cloudfront}, "404"),
    ("/healthz, through CloudFront", {"path": "/healthz", "headers": through_cloudfront}, "404"),
    ("the board, straight to the load balancer", {"path": "/", "headers": {}}, "403"),
    ("/readyz, straight to the load balancer", {"path": "/readyz", "headers": {}}, "404"),
    ("the board with a guessed origin secret", {"path": "/", "headers": {"x-origin-verify": "guess"}}, "403"),
]
for case, request, expected in CASES:
    try:
        rule, outcome = route(request)
    except ValueError as error:
        problems.append(f"terraform/edge.tf: {error}")
        break
    if outcome != expected:
        problems.append(f"terraform/edge.tf: {case}: {outcome} (by rule {rule}), expected {expected}")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
