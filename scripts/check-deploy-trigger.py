"""Performs the fork attack on the deploy workflow's trigger (make test runs this).

deploy.yml runs on `workflow_run` of CI. GitHub's `branches: [main]` filter matches the head
branch's *name*, so a pull request from a fork whose branch is called `main` used to pass it and
deploy the fork's code with our AWS role. This evaluates the deploy job's `if:` expression, as
GitHub would, against the events that reach it, and fails unless exactly the right ones deploy.

It implements the part of GitHub's expression language the condition uses: `==`, `!=`, `&&`,
`||`, `!`, parentheses, string literals and property paths (`github.event.workflow_run.event`).
Anything else in the condition is an error here, so the check cannot silently pass.

Exit status 1 with one line per problem.
"""

import pathlib
import re
import sys

import yaml

TOKEN = re.compile(r"\s*(?:(\|\||&&|==|!=|!|\(|\))|'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_.-]*))")


def tokens(text):
    position, found = 0, []
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match:
            raise ValueError(f"cannot read the condition at: {text[position:]!r}")
        operator, string, name = match.groups()
        found.append(("op", operator) if operator else ("str", string.replace("''", "'")) if string is not None else ("name", name))
        position = match.end()
    return found


def evaluate(text, context):
    """Evaluates a GitHub Actions expression over `context` (nested dicts); missing paths are null."""
    items = tokens(text)
    index = 0

    def peek():
        return items[index] if index < len(items) else (None, None)

    def take(expected=None):
        nonlocal index
        item = peek()
        if expected is not None and item != ("op", expected):
            raise ValueError(f"expected {expected!r} in {text!r}, got {item!r}")
        index += 1
        return item

    def primary():
        kind, value = take()
        if (kind, value) == ("op", "("):
            result = either()
            take(")")
            return result
        if (kind, value) == ("op", "!"):
            return not truthy(primary())
        if kind == "str":
            return value
        if kind == "name":
            if value in ("true", "false"):
                return value == "true"
            if value == "null":
                return None
            node = context
            for part in value.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            return node
        raise ValueError(f"unexpected {value!r} in {text!r}")

    def comparison():
        left = primary()
        while peek() in (("op", "=="), ("op", "!=")):
            _, operator = take()
            right = primary()
            # GitHub compares strings ignoring case.
            same = (left.lower() == right.lower()) if isinstance(left, str) and isinstance(right, str) else left == right
            left = same if operator == "==" else not same
        return left

    def both():
        left = comparison()
        while peek() == ("op", "&&"):
            take()
            right = comparison()
            left = truthy(left) and truthy(right)
        return left

    def either():
        left = both()
        while peek() == ("op", "||"):
            take()
            right = both()
            left = truthy(left) or truthy(right)
        return left

    result = either()
    if index != len(items):
        raise ValueError(f"unread rest of {text!r}: {items[index:]}")
    return truthy(result)


def truthy(value):
    return value not in (None, False, "", 0)


def workflow_run(event, conclusion="success", head_branch="main", head_repository="acme/taskboard"):
    return {
        "event_name": "workflow_run",
        "repository": "acme/taskboard",
        "event": {
            "workflow_run": {
                "event": event,
                "conclusion": conclusion,
                "head_branch": head_branch,
                "head_repository": {"full_name": head_repository},
            }
        },
    }


CASES = [
    ("a push to main whose CI passed", workflow_run("push"), True),
    ("a push to main whose CI failed", workflow_run("push", conclusion="failure"), False),
    ("a fork's pull request from a branch named main", workflow_run("pull_request", head_repository="mallory/taskboard"), False),
    ("a pull request from this repository's own main", workflow_run("pull_request"), False),
    ("a fork's push event (its branch named main)", workflow_run("push", head_repository="mallory/taskboard"), False),
    ("a push to another branch", workflow_run("push", head_branch="feature"), False),
    ("a deploy started by hand", {"event_name": "workflow_dispatch", "repository": "acme/taskboard", "event": {}}, True),
]

path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".github/workflows/deploy.yml")
workflow = yaml.safe_load(path.read_text())
problems = []
for name, job in workflow["jobs"].items():
    condition = str(job.get("if", "")).strip()
    if condition.startswith("${{") and condition.endswith("}}"):
        condition = condition[3:-2]
    if not condition:
        problems.append(f"{path}: job {name} has no `if:`, so every event that reaches the workflow deploys")
        continue
    for case, event, should_deploy in CASES:
        try:
            deploys = evaluate(condition, {"github": event})
        except ValueError as error:
            problems.append(f"{path}: job {name}: {error}")
            break
        if deploys != should_deploy:
            problems.append(f"{path}: job {name}: {case} {'deploys' if deploys else 'does not deploy'}")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
