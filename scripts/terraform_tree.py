"""Reading terraform/ files with python-hcl2, for the checks in scripts/ (no terraform binary
is available here)."""

import hcl2


def unquote(tree):
    """python-hcl2 keeps the quotes of labels and string values ('"aws"'); drop them."""
    if isinstance(tree, dict):
        return {key.strip('"'): unquote(value) for key, value in tree.items()}
    if isinstance(tree, list):
        return [unquote(item) for item in tree]
    if isinstance(tree, str):
        return tree.strip('"')
    return tree


def parse(text):
    """One .tf file's text as nested dicts and lists, quotes dropped. Raises on a syntax error."""
    return unquote(hcl2.loads(text))
