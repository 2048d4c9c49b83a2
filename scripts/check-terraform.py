"""Static checks on terraform/ where no terraform binary is available (make test runs this).

1. Every .tf file parses (python-hcl2).
2. Every reference resolves: var.X to a variable, local.X to a local, TYPE.NAME and
   data.TYPE.NAME to a declared resource or data source, aws provider aliases to a provider.
3. Every variable and output has a description; every variable has a type.

Exit status 1 with one line per problem.
"""

import pathlib
import re
import sys

from terraform_tree import parse


root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "terraform")
problems = []
sources = {}
declared = {"var": set(), "local": set(), "resource": set(), "data": set(), "provider": {"aws"}}

for path in sorted(root.glob("*.tf")):
    text = path.read_text()
    sources[path.name] = text
    try:
        tree = parse(text)
    except Exception as error:  # the parser raises several kinds of errors
        problems.append(f"{path.name}: does not parse: {error}")
        continue
    for block in tree.get("variable", []):
        for name, body in block.items():
            if name.startswith("__"):
                continue
            declared["var"].add(name)
            for field in ("description", "type"):
                if field not in body:
                    problems.append(f"{path.name}: variable {name} has no {field}")
    for block in tree.get("output", []):
        for name, body in block.items():
            if name.startswith("__"):
                continue
            if "description" not in body:
                problems.append(f"{path.name}: output {name} has no description")
    for block in tree.get("locals", []):
        declared["local"].update(key for key in block if not key.startswith("__"))
    for block in tree.get("resource", []):
        for kind, named in block.items():
            declared["resource"].update(f"{kind}.{name}" for name in named if not name.startswith("__"))
    for block in tree.get("data", []):
        for kind, named in block.items():
            declared["data"].update(f"{kind}.{name}" for name in named if not name.startswith("__"))
    for block in tree.get("provider", []):
        for _, body in block.items():
            if isinstance(body, dict) and "alias" in body:
                declared["provider"].add(f"aws.{body['alias']}")

# References, found in the text with comments removed (hcl2 keeps expressions as strings anyway).
comment = re.compile(r"(?m)^\s*#.*$|\s#[^\"\n]*$")
patterns = {
    "var": re.compile(r"\bvar\.([a-z0-9_]+)"),
    "local": re.compile(r"\blocal\.([a-z0-9_]+)"),
    "data": re.compile(r"\bdata\.((?:aws|random)_[a-z0-9_]+\.[a-z0-9_]+)"),
    "resource": re.compile(r"(?<![.\w])((?:aws|random)_[a-z0-9_]+\.[a-z0-9_]+)"),
    "provider": re.compile(r"\bprovider\s*=\s*(aws\.[a-z0-9_]+)"),
}
for name, text in sources.items():
    code = comment.sub("", text)
    # Skip the label strings of block headers (resource "aws_x" "y") and quoted policy names.
    code = re.sub(r'(?m)^(resource|data|variable|output|provider)\s+"[^"]*"(\s+"[^"]*")?', "", code)
    for kind, pattern in patterns.items():
        for match in pattern.finditer(code):
            ref = match.group(1)
            if kind == "resource" and code[max(0, match.start() - 5) : match.start()].endswith("data."):
                continue
            if kind == "resource" and ref.split(".")[1] in {"amazonaws", "com"}:
                continue
            if ref not in declared[kind]:
                line = code[: match.start()].count("\n") + 1
                problems.append(f"{name}:{line}: {kind} {ref} is not declared")

for problem in problems:
    print(problem)
if problems:
    sys.exit(1)
print(
    f"terraform/: {len(sources)} files parse; {len(declared['resource'])} resources, "
    f"{len(declared['data'])} data sources, {len(declared['var'])} variables; every reference resolves"
)
