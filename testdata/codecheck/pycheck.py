"""Check rendered authzed-py snippets against the API in authzed_py_api.json.

Usage: python3 pycheck.py authzed_py_api.json FILE...

PyPI is out of reach of the tests, so authzed-py cannot be imported; instead
every name a snippet uses is checked against the API copied from authzed-py's
source: imports come from the module that defines them, message constructors
get only that message's fields, Class.NAME is an enum value of that class,
client.Method is a PermissionsService RPC, other attribute reads are fields
of some message, and every name read is defined. Prints one line per problem
and exits 1 if there is any.
"""

import ast
import builtins
import json
import sys


def check(path, api):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    problems = []

    def problem(node, msg):
        problems.append(f"{path}:{node.lineno}: {msg}")

    imported = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            module = getattr(node, "module", None)
            allowed = api["modules"].get(module, [])
            for alias in node.names:
                if alias.name not in allowed:
                    problem(node, f"{alias.name} is not verified in {module}")
                imported[alias.asname or alias.name] = alias.name

    fields = set()
    for names in api["messages"].values():
        fields.update(names)
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    known = set(dir(builtins)) | set(imported) | functions

    for func in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        args = func.args
        defined = known | {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
        for node in ast.walk(func):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                defined.add(node.name)
        for node in ast.walk(func):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in defined:
                problem(node, f"{node.id} is not defined")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported:
                cls = imported[node.func.id]
                if cls not in api["messages"]:
                    problem(node, f"{cls} is not a verified message")
                    continue
                for kw in node.keywords:
                    if kw.arg not in api["messages"][cls]:
                        problem(node, f"{cls} has no field {kw.arg}")
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                base = node.value.id if isinstance(node.value, ast.Name) else None
                if base in imported:
                    if node.attr not in api["enums"].get(imported[base], []):
                        problem(node, f"{imported[base]}.{node.attr} is not a verified enum value")
                elif base == "client":
                    if node.attr not in api["client_methods"]:
                        problem(node, f"client.{node.attr} is not a PermissionsService method")
                elif node.attr not in fields:
                    problem(node, f".{node.attr} is not a field of any verified message")
    return problems


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        api = json.load(f)
    problems = [p for path in sys.argv[2:] for p in check(path, api)]
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
