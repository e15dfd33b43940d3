"""Helpers shared by the golden scripts: compact JSON output and decimal worked examples."""
import json
from decimal import Decimal


def to_json(value, indent=0, matrix_rows=False):
    """JSON with number lists on one line (floats as Python's shortest round-trip repr). With
    matrix_rows, a list of short number lists (one per step) puts each on a line of its own."""
    pad = "  " * indent
    if isinstance(value, dict):
        items = [f'{pad}  {json.dumps(k)}: {to_json(v, indent + 1, matrix_rows)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}" if items else "{}"
    if isinstance(value, list) and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value):
        return json.dumps(value)
    if (matrix_rows and isinstance(value, list) and value and all(isinstance(x, list) and all(isinstance(y, (int, float)) for y in x) for x in value)
            and len(value[0]) <= 10):
        return "[\n" + ",\n".join(f"{pad}  {json.dumps(v)}" for v in value) + "\n" + pad + "]"
    if isinstance(value, list):
        return "[\n" + ",\n".join(f"{pad}  {to_json(v, indent + 1, matrix_rows)}" for v in value) + "\n" + pad + "]"
    return json.dumps(value)


def decimals(xs):
    """Numbers as exact Decimals of their shortest decimal text (0.1 is one tenth)."""
    return [Decimal(str(x)) for x in xs]


def show(name, rows):
    """Print a worked example: its name, then one `label: [values]` line per row (20 digits)."""
    print(name)
    for label, row in rows:
        print(f"  {label}: [{', '.join(format(x, '.20g') for x in row)}]")
